"""Soft (anti-)affinity weighers: members of the group on a host weigh for or against it."""
import types

from novalite.scheduler.weights import affinity


def _spec(policy, hosts):
    return {'group': {'uuid': 'g', 'policy': policy, 'members': [], 'hosts': hosts}}


def _weigh(weigher, spec):
    return [weigher.weigh(types.SimpleNamespace(host=h), spec) for h in ('h1', 'h2', 'h3')]


def test_soft_affinity_counts_members_per_host(conf):
    weigher = affinity.ServerGroupSoftAffinityWeigher(conf)
    assert weigher.multiplier == 1.0
    assert _weigh(weigher, _spec('soft-affinity', ['h1', 'h2', 'h1'])) == [2, 1, 0]
    assert _weigh(weigher, _spec('affinity', ['h1'])) == [0, 0, 0]
    assert _weigh(weigher, {}) == [0, 0, 0]


def test_soft_anti_affinity_prefers_hosts_with_fewer_members(conf):
    weigher = affinity.ServerGroupSoftAntiAffinityWeigher(conf)
    assert weigher.multiplier == 1.0
    assert _weigh(weigher, _spec('soft-anti-affinity', ['h1', 'h2', 'h1'])) == [-2, -1, 0]
    assert _weigh(weigher, _spec('soft-affinity', ['h1'])) == [0, 0, 0]


def test_multipliers_come_from_the_options(conf, override):
    override('soft_affinity_weight_multiplier', 3.0)
    override('soft_anti_affinity_weight_multiplier', 0.5)
    assert affinity.ServerGroupSoftAffinityWeigher(conf).multiplier == 3.0
    assert affinity.ServerGroupSoftAntiAffinityWeigher(conf).multiplier == 0.5
