"""Scheduler filters: stevedore plugins in ``novalite.scheduler.filters``."""


class BaseHostFilter:
    def host_passes(self, host_state, spec):
        raise NotImplementedError
