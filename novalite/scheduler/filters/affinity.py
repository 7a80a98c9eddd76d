"""Affinity filters: server group policies and the same_host / different_host hints.

A request spec's ``group`` is ``{'uuid', 'policy', 'members', 'hosts'}``: ``hosts`` holds one
entry per placed member, including the instances of the same request already placed.
"""
from novalite.scheduler import filters


def _group(spec, policy):
    group = spec.get('group')
    if group and group.get('policy') == policy:
        return group
    return None


def _hint_uuids(spec, name):
    value = (spec.get('scheduler_hints') or {}).get(name)
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


class ServerGroupAffinityFilter(filters.BaseHostFilter):
    """affinity: once the group has a member somewhere, only the members' hosts pass."""

    def __init__(self, conf):
        self.conf = conf

    def host_passes(self, host_state, spec):
        group = _group(spec, 'affinity')
        if group is None or not group.get('hosts'):
            return True
        return host_state.host in group['hosts']


class ServerGroupAntiAffinityFilter(filters.BaseHostFilter):
    """anti-affinity: a host already holding a member of the group does not pass (or,
    with the 2.64 rule max_server_per_host=n, one already holding n members)."""

    def __init__(self, conf):
        self.conf = conf

    def host_passes(self, host_state, spec):
        group = _group(spec, 'anti-affinity')
        if group is None:
            return True
        per_host = int((group.get('rules') or {}).get('max_server_per_host') or 1)
        return list(group.get('hosts') or ()).count(host_state.host) < per_host


class SameHostFilter(filters.BaseHostFilter):
    """Hint ``same_host``: only a host holding one of the named instances passes."""

    def __init__(self, conf):
        self.conf = conf

    def host_passes(self, host_state, spec):
        wanted = _hint_uuids(spec, 'same_host')
        if not wanted:
            return True
        return any(uuid in host_state.instances for uuid in wanted)


class DifferentHostFilter(filters.BaseHostFilter):
    """Hint ``different_host``: a host holding any of the named instances does not pass."""

    def __init__(self, conf):
        self.conf = conf

    def host_passes(self, host_state, spec):
        avoided = _hint_uuids(spec, 'different_host')
        return not any(uuid in host_state.instances for uuid in avoided)
