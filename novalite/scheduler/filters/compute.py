from novalite.scheduler import filters


class ComputeFilter(filters.BaseHostFilter):
    """Passes hosts whose compute service is up and enabled."""

    def __init__(self, conf):
        self.conf = conf

    def host_passes(self, host_state, spec):
        return host_state.service_up and not host_state.service_disabled
