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


_NUMERIC = {'=': operator.ge, '==': operator.eq, '!=': operator.ne, '>=': operator.ge,
            '<=': operator.le}
_STRINGS = {'s==': operator.eq, 's!=': operator.ne, 's<': operator.lt, 's<=': operator.le,
            's>': operator.gt, 's>=': operator.ge}


def _match(requirement, values):
    """Nova's extra_specs_ops: ``<in> x``, ``<or> a <or> b``, ``s== x``, ``>= 4``, ...;
    a plain value must equal one of the aggregates' values."""
    words = str(requirement).split()
    if not words:
        return str(requirement) in values
    test = _test(words, requirement)
    return any(test(value) for value in values)


def _test(words, requirement):
    """The check one aggregate value must pass for the requirement ``words``."""
    op, args = words[0], words[1:]
    if op == '<in>' and args:
        phrase = ' '.join(args)
        return lambda value: phrase in value
    if op == '<all-in>':
        return lambda value: all(w in value.split() for w in args)
    if op == '<or>':
        choices = [w for w in args if w != '<or>']
        return lambda value: value in choices
    if op in _NUMERIC and len(args) == 1:
        return lambda value: _numeric(_NUMERIC[op], value, args[0])
    if op in _STRINGS and len(args) == 1:
        return lambda value: _STRINGS[op](value, args[0])
    return lambda value: value == requirement


def _numeric(compare, value, wanted):
    try:
        return compare(float(value), float(wanted))
    except ValueError:
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
