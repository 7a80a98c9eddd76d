class RAMWeigher:
    """More free RAM weighs more: a positive multiplier spreads, a negative one packs."""

    def __init__(self, conf):
        self.multiplier = conf.filter_scheduler.ram_weight_multiplier

    def weigh(self, host_state, spec):
        return host_state.free_ram_mb
