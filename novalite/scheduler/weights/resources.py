"""CPU and disk weighers (Nova's CPUWeigher, DiskWeigher): more free vCPUs / disk weighs
more. A positive multiplier spreads instances over the hosts, a negative one packs them
onto the fullest host first (like RAMWeigher)."""


class CPUWeigher:

    def __init__(self, conf):
        self.multiplier = conf.filter_scheduler.cpu_weight_multiplier

    def weigh(self, host_state, spec):
        return host_state.free_vcpus


class DiskWeigher:

    def __init__(self, conf):
        self.multiplier = conf.filter_scheduler.disk_weight_multiplier

    def weigh(self, host_state, spec):
        return host_state.free_disk_gb
