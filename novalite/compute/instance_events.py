"""One compute-host step of a server action, recorded as Nova's decorators record it.

``run`` is Nova's wrap_instance_event + wrap_instance_fault in one place for the compute
manager and its mixins (server actions, image-backed actions, moves): ``work()`` runs under
the instance's lock between the ``compute_<method>`` event's start and finish. An instance
deleted meanwhile, or a state change lost to a racing request, only ends the event with
Error; any other failure calls ``on_failure(exc)`` (the fault and the state rollback) first.
"""
import logging
import traceback

from novalite import exception

LOG = logging.getLogger(__name__)


def message(exc):
    """The fault message of an exception: ours are safe to show, others by type."""
    if isinstance(exc, exception.NovaliteException):
        return exc.format_message()
    return '%s: %s' % (type(exc).__name__, exc) if str(exc) else type(exc).__name__


def run(manager, context, instance, method, work, on_failure):
    uuid = instance['uuid']
    event = 'compute_' + method
    with manager.locks.get(uuid):
        manager.conductor.action_event_start(context, uuid, event, manager.host)
        try:
            work()
        except (exception.InstanceNotFound, exception.UnexpectedStateError) as exc:
            LOG.info('%s of instance %s stopped: %s', method, uuid, message(exc))
            manager.conductor.action_event_finish(context, uuid, event, 'Error',
                                                  traceback.format_exc())
        except Exception as exc:
            LOG.warning('%s of instance %s failed on %s: %s', method, uuid, manager.host,
                        message(exc))
            details = traceback.format_exc()
            on_failure(exc)
            manager.conductor.action_event_finish(context, uuid, event, 'Error', details)
        else:
            manager.conductor.action_event_finish(context, uuid, event, 'Success')
