"""A multi-step flow: ``execute`` does the work, ``rollback`` undoes it on failure."""
import logging

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
