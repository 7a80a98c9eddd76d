"""Filters over host aggregates: AvailabilityZoneFilter and
AggregateInstanceExtraSpecsFilter (Nova's), reading the aggregates of each host state."""
import operator

from novalite.scheduler import filters

_SCOPE = 'aggregate_instance_extra_specs'


class AvailabilityZoneFilter(filters.BaseHostFilter):
    """A request for zone Z passes only hosts in Z (an aggregate's availability_zone
    metadata, else the default zone)."""

    def __init__(self, conf):
        self.conf = conf

    def host_passes(self, host_state, spec):
        zone = spec.get('availability_zone')
        if not zone:
            return True
        return zone in host_state.availability_zone.split(',')


def _match(requirement, values):
    """Nova's extra_specs_ops: ``<in> x``, ``<or> a <or> b``, ``s== x``, ``>= 4``, ...;
    a plain value must equal one of the aggregates' values."""
    words = str(requirement).split()
    if not words:
        return str(requirement) in values
    op = words[0]
    numeric = {'=': operator.ge, '==': operator.eq, '!=': operator.ne, '>=': operator.ge,
               '<=': operator.le}
    strings = {'s==': operator.eq, 's!=': operator.ne, 's<': operator.lt, 's<=': operator.le,
               's>': operator.gt, 's>=': operator.ge}
    for value in values:
        if op == '<in>' and len(words) > 1:
            if ' '.join(words[1:]) in value:
                return True
        elif op == '<all-in>':
            if all(w in value.split() for w in words[1:]):
                return True
        elif op == '<or>':
            if value in [w for w in words[1:] if w != '<or>']:
                return True
        elif op in numeric and len(words) == 2:
            try:
                if numeric[op](float(value), float(words[1])):
                    return True
            except ValueError:
                continue
        elif op in strings and len(words) == 2:
            if strings[op](value, words[1]):
                return True
        elif value == requirement:
            return True
    return False


class AggregateInstanceExtraSpecsFilter(filters.BaseHostFilter):
    """Flavor extra specs ``aggregate_instance_extra_specs:key=value`` (or unscoped keys)
    must match the metadata of the host's aggregates; keys of other scopes (``hw:...``) are
    ignored, as in Nova."""

    def __init__(self, conf):
        self.conf = conf

    def host_passes(self, host_state, spec):
        specs = (spec.get('flavor') or {}).get('extra_specs') or {}
        if not specs:
            return True
        metadata = {}
        for agg in host_state.aggregates:
            for key, value in agg['metadata'].items():
                metadata.setdefault(key, set()).add(value)
        for key, requirement in specs.items():
            scope = key.split(':')
            if len(scope) > 1:
                if scope[0] != _SCOPE:
                    continue
                key = ':'.join(scope[1:])
            values = metadata.get(key)
            if not values or not _match(requirement, values):
                return False
        return True
