"""Soft affinity weighers: the soft-* server group policies prefer, never exclude."""


def _members_on(host_state, spec, policy):
    group = spec.get('group')
    if not group or group.get('policy') != policy:
        return 0
    return list(group.get('hosts') or ()).count(host_state.host)


class ServerGroupSoftAffinityWeigher:
    """soft-affinity: the more members of the group a host holds, the more it weighs."""

    def __init__(self, conf):
        self.multiplier = conf.filter_scheduler.soft_affinity_weight_multiplier

    def weigh(self, host_state, spec):
        return _members_on(host_state, spec, 'soft-affinity')


class ServerGroupSoftAntiAffinityWeigher:
    """soft-anti-affinity: the fewer members of the group a host holds, the more it weighs."""

    def __init__(self, conf):
        self.multiplier = conf.filter_scheduler.soft_anti_affinity_weight_multiplier

    def weigh(self, host_state, spec):
        return -_members_on(host_state, spec, 'soft-anti-affinity')
