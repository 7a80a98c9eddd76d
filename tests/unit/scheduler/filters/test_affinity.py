"""Server group (anti-)affinity filters and the same_host / different_host hint filters."""
import types

import pytest

from novalite.scheduler.filters import affinity


def _host(name, instances=()):
    return types.SimpleNamespace(host=name, instances=set(instances))


def _spec(policy=None, hosts=(), **hints):
    spec = {'scheduler_hints': hints}
    if policy:
        spec['group'] = {'uuid': 'g', 'policy': policy, 'members': [], 'hosts': list(hosts)}
    return spec


@pytest.mark.parametrize('spec, host, passes', [
    (_spec(), 'h1', True),                                  # no group
    (_spec('affinity'), 'h1', True),                        # no member placed yet
    (_spec('affinity', ['h1']), 'h1', True),
    (_spec('affinity', ['h1', 'h1']), 'h2', False),
    (_spec('anti-affinity', ['h1']), 'h2', True),           # another policy: not ours
    (_spec('soft-affinity', ['h1']), 'h2', True),
])
def test_affinity_filter(conf, spec, host, passes):
    assert affinity.ServerGroupAffinityFilter(conf).host_passes(_host(host), spec) is passes


@pytest.mark.parametrize('spec, host, passes', [
    (_spec(), 'h1', True),
    (_spec('anti-affinity'), 'h1', True),
    (_spec('anti-affinity', ['h1']), 'h1', False),
    (_spec('anti-affinity', ['h1']), 'h2', True),
    (_spec('affinity', ['h1']), 'h1', True),
    (_spec('soft-anti-affinity', ['h1']), 'h1', True),
])
def test_anti_affinity_filter(conf, spec, host, passes):
    assert affinity.ServerGroupAntiAffinityFilter(conf).host_passes(_host(host), spec) is passes


@pytest.mark.parametrize('hint, instances, passes', [
    (None, (), True),                   # no hint: every host
    ('a', ('a', 'b'), True),            # one uuid as a string
    (['x', 'b'], ('a', 'b'), True),     # any of a list
    (['x'], ('a', 'b'), False),
    ('a', (), False),
])
def test_same_host_filter(conf, hint, instances, passes):
    spec = _spec(same_host=hint) if hint is not None else _spec()
    assert affinity.SameHostFilter(conf).host_passes(_host('h', instances), spec) is passes


@pytest.mark.parametrize('hint, instances, passes', [
    (None, ('a',), True),
    ('a', ('a', 'b'), False),
    (['x', 'b'], ('a', 'b'), False),
    (['x'], ('a', 'b'), True),
    ('a', (), True),
])
def test_different_host_filter(conf, hint, instances, passes):
    spec = _spec(different_host=hint) if hint is not None else _spec()
    assert affinity.DifferentHostFilter(conf).host_passes(_host('h', instances), spec) is passes
