"""select_destinations over real compute node and service rows
(novalite/scheduler/manager.py with its host manager, filters and weighers)."""
import datetime
import uuid

import pytest

from novalite import context
from novalite import exception
from novalite.db import claims
from novalite.db import models
from novalite.scheduler import manager

FLAVOR = {'vcpus': 1, 'memory_mb': 1024, 'root_gb': 10, 'ephemeral_gb': 0, 'swap': 0}


@pytest.fixture
def ctx():
    return context.get_admin_context()


@pytest.fixture
def scheduler(conf, database):
    return manager.SchedulerManager(conf)


def _spec(flavor=FLAVOR, **extra):
    spec = {'flavor': dict(flavor), 'image': {'id': 'img'}}
    spec.update(extra)
    return spec


def _uuids(n):
    return [str(uuid.uuid4()) for _ in range(n)]


def _used_ram(get_node, node):
    return get_node(node['id'])['memory_mb_used']


def test_picks_the_host_with_most_free_ram_and_claims_it(scheduler, ctx, make_node, get_node):
    small = make_node('small', memory_mb=2048)
    big = make_node('big', memory_mb=8192)
    medium = make_node('medium', memory_mb=4096)
    [inst] = _uuids(1)
    [selection] = scheduler.select_destinations(ctx, _spec(), [inst])
    chosen = selection[0]
    assert (chosen['host'], chosen['nodename'], chosen['compute_node_id'],
            chosen['instance_uuid']) == ('big', 'big', big['id'], inst)
    assert _used_ram(get_node, big) == 1024
    assert _used_ram(get_node, small) == _used_ram(get_node, medium) == 0
    assert [a['compute_node_id'] for a in claims.allocations_of(inst)] == [big['id']]


def test_free_ram_counts_what_is_already_used(scheduler, ctx, make_node):
    busy = make_node('busy', memory_mb=8192)
    make_node('idle', memory_mb=4096)
    assert claims.claim(busy['id'], 'existing', {'vcpus': 1, 'memory_mb': 6144, 'disk_gb': 1})
    [selection] = scheduler.select_destinations(ctx, _spec(), _uuids(1))
    assert selection[0]['host'] == 'idle'


def test_alternates_are_the_next_best_hosts_up_to_max_attempts(conf, scheduler, ctx,
                                                               make_node, get_node):
    nodes = {name: make_node(name, memory_mb=mb) for name, mb in
             [('h1', 1024 * 2), ('h2', 1024 * 6), ('h3', 1024 * 4), ('h4', 1024 * 8),
              ('h5', 1024 * 3)]}
    assert conf.filter_scheduler.max_attempts == 3
    [inst] = _uuids(1)
    [selection] = scheduler.select_destinations(ctx, _spec(), [inst])
    assert [s['host'] for s in selection] == ['h4', 'h2', 'h3']
    assert all(s['instance_uuid'] == inst for s in selection)
    # alternates are not claimed
    assert [_used_ram(get_node, nodes[h]) for h in ('h2', 'h3')] == [0, 0]


def test_alternates_follow_max_attempts(conf, override, ctx, make_node):
    for i in range(4):
        make_node('h%d' % i, memory_mb=2048 + i * 1024)
    override('max_attempts', 1)
    [selection] = manager.SchedulerManager(conf).select_destinations(ctx, _spec(), _uuids(1))
    assert [s['host'] for s in selection] == ['h3']
    override('max_attempts', 10)
    [selection] = manager.SchedulerManager(conf).select_destinations(ctx, _spec(), _uuids(1))
    assert len(selection) == 4 and len({s['host'] for s in selection}) == 4


def test_no_alternates_when_not_asked(scheduler, ctx, make_node):
    make_node('h1')
    make_node('h2')
    [selection] = scheduler.select_destinations(ctx, _spec(), _uuids(1),
                                                return_alternates=False)
    assert len(selection) == 1


def test_skips_hosts_whose_service_is_down(conf, scheduler, ctx, make_node, update_service):
    make_node('big', memory_mb=8192)
    make_node('small', memory_mb=2048)
    update_service('big', last_seen_up=models.utcnow() - datetime.timedelta(
        seconds=conf.service_down_time * 2))
    [selection] = scheduler.select_destinations(ctx, _spec(), _uuids(1))
    assert [s['host'] for s in selection] == ['small']


def test_skips_forced_down_and_disabled_services(scheduler, ctx, make_node, update_service):
    make_node('big', memory_mb=8192)
    make_node('forced', memory_mb=6144)
    make_node('small', memory_mb=2048)
    update_service('big', disabled=True, disabled_reason='maintenance')
    update_service('forced', forced_down=True)
    [selection] = scheduler.select_destinations(ctx, _spec(), _uuids(1))
    assert [s['host'] for s in selection] == ['small']


def test_skips_nodes_without_a_compute_service(scheduler, ctx, make_node):
    make_node('orphan', memory_mb=8192, service=False)
    make_node('small', memory_mb=2048)
    [selection] = scheduler.select_destinations(ctx, _spec(), _uuids(1))
    assert [s['host'] for s in selection] == ['small']


def test_skips_hosts_without_room(scheduler, ctx, make_node):
    make_node('few-cpus', memory_mb=8192, vcpus=1)
    make_node('roomy', memory_mb=4096, vcpus=8)
    flavor = dict(FLAVOR, vcpus=2)
    [selection] = scheduler.select_destinations(ctx, _spec(flavor), _uuids(1))
    assert [s['host'] for s in selection] == ['roomy']


def test_force_hosts(scheduler, ctx, make_node, get_node):
    make_node('big', memory_mb=8192)
    small = make_node('small', memory_mb=2048)
    [inst] = _uuids(1)
    [selection] = scheduler.select_destinations(ctx, _spec(force_hosts=['small']), [inst])
    assert [s['host'] for s in selection] == ['small']
    assert _used_ram(get_node, small) == 1024


def test_force_nodes(scheduler, ctx, make_node):
    make_node('h1', nodename='n-big', memory_mb=8192)
    make_node('h1', nodename='n-small', memory_mb=2048)
    [selection] = scheduler.select_destinations(ctx, _spec(force_nodes=['n-small']),
                                                _uuids(1))
    assert [(s['host'], s['nodename']) for s in selection] == [('h1', 'n-small')]


def test_forced_host_skips_the_filters_as_in_nova(scheduler, ctx, make_node, get_node,
                                                 update_service):
    # e.g. an admin trying a disabled host before enabling it
    make_node('big', memory_mb=8192)
    small = make_node('small', memory_mb=2048)
    update_service('small', disabled=True)
    [selection] = scheduler.select_destinations(ctx, _spec(force_hosts=['small']), _uuids(1))
    assert [s['host'] for s in selection] == ['small']
    assert _used_ram(get_node, small) == 1024


def test_forced_host_without_room_is_no_valid_host(scheduler, ctx, make_node, get_node):
    make_node('big', memory_mb=8192)
    small = make_node('small', memory_mb=512)
    with pytest.raises(exception.NoValidHost):
        scheduler.select_destinations(ctx, _spec(force_hosts=['small']), _uuids(1))
    assert _used_ram(get_node, small) == 0


def test_forced_host_that_does_not_exist_is_no_valid_host(scheduler, ctx, make_node):
    make_node('big', memory_mb=8192)
    with pytest.raises(exception.NoValidHost):
        scheduler.select_destinations(ctx, _spec(force_hosts=['nowhere']), _uuids(1))


def test_instances_of_one_request_spread_over_hosts(scheduler, ctx, make_node):
    make_node('h1', memory_mb=4096)
    make_node('h2', memory_mb=3584)
    selections = scheduler.select_destinations(ctx, _spec(), _uuids(2))
    assert [s[0]['host'] for s in selections] == ['h1', 'h2']


def test_negative_ram_multiplier_packs(conf, override, ctx, make_node):
    override('ram_weight_multiplier', -1.0)
    make_node('big', memory_mb=8192)
    make_node('small', memory_mb=2048)
    [selection] = manager.SchedulerManager(conf).select_destinations(ctx, _spec(), _uuids(1))
    assert selection[0]['host'] == 'small'


def test_no_valid_host_when_nothing_fits(scheduler, ctx, make_node, get_node):
    node = make_node('h1', memory_mb=512)
    [inst] = _uuids(1)
    with pytest.raises(exception.NoValidHost) as caught:
        scheduler.select_destinations(ctx, _spec(), [inst])
    assert 'No valid host was found' in caught.value.format_message()
    assert _used_ram(get_node, node) == 0
    assert claims.allocations_of(inst) == []


def test_no_valid_host_without_any_host(scheduler, ctx, database):
    with pytest.raises(exception.NoValidHost):
        scheduler.select_destinations(ctx, _spec(), _uuids(1))


def test_no_valid_host_releases_claims_of_earlier_instances(scheduler, ctx, make_node,
                                                            get_node):
    h1 = make_node('h1', memory_mb=1024)
    h2 = make_node('h2', memory_mb=1024)
    uuids = _uuids(3)
    with pytest.raises(exception.NoValidHost):
        scheduler.select_destinations(ctx, _spec(), uuids)
    for node in (h1, h2):
        row = get_node(node['id'])
        assert (row['memory_mb_used'], row['vcpus_used'], row['running_vms']) == (0, 0, 0)
    assert all(claims.allocations_of(u) == [] for u in uuids)
    # and the capacity is there for the next request
    assert len(scheduler.select_destinations(ctx, _spec(), _uuids(2))) == 2


@pytest.mark.parametrize('option, names', [('enabled_filters', ['NoSuchFilter']),
                                           ('weight_classes', ['NoSuchWeigher'])])
def test_unknown_plugin_name_is_a_runtime_error(conf, override, option, names):
    override(option, names)
    with pytest.raises(RuntimeError, match=names[0]):
        manager.SchedulerManager(conf)


def test_without_filters_a_down_host_can_be_chosen(conf, override, ctx, make_node,
                                                    update_service):
    # the ComputeFilter, not something hidden, is what skips down hosts
    override('enabled_filters', ['ResourceFilter'])
    make_node('big', memory_mb=8192)
    make_node('small', memory_mb=2048)
    update_service('big', disabled=True)
    [selection] = manager.SchedulerManager(conf).select_destinations(ctx, _spec(), _uuids(1))
    assert selection[0]['host'] == 'big'
