"""A multi-step flow: ``execute`` does the work, ``rollback`` undoes it on failure; and what
the rollbacks of every task share (an instance fault, the action's event in Error with the
task state put back)."""
import logging
import traceback

from novalite import exception
from novalite.db import api as db_api

LOG = logging.getLogger(__name__)


class Task:
    def __init__(self, conf, context):
        self.conf = conf
        self.context = context

    def run(self):
        try:
            return self.execute()
        except Exception:
            LOG.exception('%s failed; rolling back', type(self).__name__)
            self.rollback()
            raise

    def execute(self):
        raise NotImplementedError

    def rollback(self):
        """Undo what execute did; the default has nothing to undo."""


def record_fault(instance_uuid, exc, host=None):
    """The instance fault Nova records for ``exc``: its code and safe message, the
    traceback as details."""
    code = getattr(exc, 'code', 500) or 500
    message = exc.format_message() if isinstance(exc, exception.NovaliteException) \
        else type(exc).__name__
    db_api.fault_create(instance_uuid, code, message, ''.join(
        traceback.format_exception(type(exc), exc, exc.__traceback__)), host)


def end_in_error(context, instance_uuid, event, details, expected_task_state, values=None):
    """The action's ``event`` ends in Error with ``details``; the instance gets ``values``
    (task_state None by default) if it is still in ``expected_task_state`` and still there."""
    db_api.action_event_finish(context, instance_uuid, event, 'Error', details)
    try:
        db_api.instance_update(instance_uuid, values or {'task_state': None},
                               expected_task_state=expected_task_state)
    except (exception.InstanceNotFound, exception.UnexpectedStateError):
        pass
