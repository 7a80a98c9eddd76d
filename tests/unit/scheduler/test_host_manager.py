"""Host states from compute node and service rows (novalite/scheduler/host_manager.py)."""
import datetime

from novalite.db import claims
from novalite.db import models
from novalite.scheduler import host_manager


def _states(conf):
    return {h.nodename: h for h in host_manager.get_host_states(conf)}


def test_free_resources_apply_allocation_ratios_and_usage(conf, make_node):
    node = make_node('h1', vcpus=4, memory_mb=2048, local_gb=100, cpu_allocation_ratio=4.0,
                     ram_allocation_ratio=1.5, disk_allocation_ratio=1.0)
    assert claims.claim(node['id'], 'i1', {'vcpus': 2, 'memory_mb': 1024, 'disk_gb': 30})
    state = _states(conf)['h1']
    assert (state.host, state.node_id) == ('h1', node['id'])
    assert state.free_vcpus == 4 * 4.0 - 2
    assert state.free_ram_mb == 2048 * 1.5 - 1024
    assert state.free_disk_gb == 100 - 30
    assert state.num_instances == 1


def test_service_up_and_enabled(conf, make_node):
    make_node('h1')
    state = _states(conf)['h1']
    assert state.service_up is True
    assert not state.service_disabled
    assert state.availability_zone == conf.default_availability_zone


def test_service_down_after_service_down_time(conf, make_node, update_service):
    make_node('h1')
    update_service('h1', last_seen_up=models.utcnow() - datetime.timedelta(
        seconds=conf.service_down_time + 5))
    assert _states(conf)['h1'].service_up is False


def test_disabled_service(conf, make_node, update_service):
    make_node('h1')
    update_service('h1', disabled=True)
    state = _states(conf)['h1']
    assert state.service_up is True and state.service_disabled


def test_node_without_service_is_down_and_disabled(conf, make_node):
    make_node('h1', service=False)
    state = _states(conf)['h1']
    assert state.service_up is False and state.service_disabled


def test_one_state_per_node(conf, make_node):
    make_node('h1', nodename='n1')
    make_node('h1', nodename='n2')
    make_node('h2')
    states = host_manager.get_host_states(conf)
    assert sorted((s.host, s.nodename) for s in states) == [('h1', 'n1'), ('h1', 'n2'),
                                                             ('h2', 'h2')]


def test_cache_sees_service_and_aggregate_changes(conf, make_node, update_service):
    from novalite.db import aggregates as agg_db
    make_node('h1')
    cache = host_manager.HostStateCache(conf)
    assert not cache.get()[0].service_disabled
    update_service('h1', disabled=True)
    assert cache.get()[0].service_disabled
    agg = agg_db.aggregate_create('a1', {'availability_zone': 'az1'})
    agg_db.aggregate_host_add(agg['id'], 'h1')
    assert cache.get()[0].availability_zone == 'az1'
    agg_db.aggregate_metadata_update(agg['id'], {'availability_zone': 'az2'})
    assert cache.get()[0].availability_zone == 'az2'


def test_cache_reads_usage_and_claimed_instances_fresh(conf, make_node):
    node = make_node('h1', vcpus=4)
    cache = host_manager.HostStateCache(conf)
    assert cache.get()[0].instances == set()
    assert claims.claim(node['id'], 'i1', {'vcpus': 1, 'memory_mb': 1, 'disk_gb': 1})
    [state] = cache.get()
    assert state.free_vcpus == 3 and state.instances == {'i1'}
