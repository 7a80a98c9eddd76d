from novalite.scheduler import filters


class ResourceFilter(filters.BaseHostFilter):
    """Passes hosts with the flavor's RAM, disk and vCPUs free (allocation ratios applied)."""

    def __init__(self, conf):
        self.conf = conf

    def host_passes(self, host_state, spec):
        res = spec['resources']
        return (host_state.free_ram_mb >= res['memory_mb']
                and host_state.free_disk_gb >= res['disk_gb']
                and host_state.free_vcpus >= res['vcpus'])
