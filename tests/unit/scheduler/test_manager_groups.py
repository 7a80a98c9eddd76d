"""select_destinations with server groups and host hints: the filters see the hosts of the
group's members, including those chosen earlier in the same request."""
import uuid

import pytest

from novalite import context
from novalite import exception
from novalite.db import api as db_api
from novalite.db import claims
from novalite.db import server_groups as group_db
from novalite.scheduler import manager

FLAVOR = {'vcpus': 1, 'memory_mb': 512, 'root_gb': 1, 'ephemeral_gb': 0, 'swap': 0}


@pytest.fixture
def ctx():
    return context.get_admin_context()


@pytest.fixture
def scheduler(conf, database):
    return manager.SchedulerManager(conf)


@pytest.fixture
def hosts(make_node):
    # h2 has more RAM: the RAM weigher alone would always prefer it
    return {'h1': make_node('h1', memory_mb=4096), 'h2': make_node('h2', memory_mb=8192)}


def _group(policy, members=()):
    uid = str(uuid.uuid4())
    with db_api.db.transaction() as session:
        group_db.server_group_create(session, {'uuid': uid, 'name': 'g', 'project_id': 'p',
                                               'user_id': 'u', 'policy': policy})
        if members:
            group_db.server_group_members_add(session, uid, list(members))
    return uid


def _instance(host=None):
    uid = str(uuid.uuid4())
    with db_api.db.transaction() as session:
        db_api.instance_create(session, {
            'uuid': uid, 'project_id': 'p', 'user_id': 'u', 'flavor_id': '1', 'flavor': {},
            'vcpus': 1, 'memory_mb': 512, 'root_gb': 1, 'vm_state': 'active',
            'reservation_id': 'r-1', 'host': host, 'node': host})
    return uid


def _spec(group=None, policy=None, **hints):
    spec = {'flavor': dict(FLAVOR), 'image': {'id': 'img'}, 'scheduler_hints': hints}
    if group:
        spec['group'] = {'uuid': group, 'policy': policy, 'members': [], 'hosts': []}
    return spec


def _chosen(selections):
    return [s[0]['host'] for s in selections]


def _uuids(n):
    return [str(uuid.uuid4()) for _ in range(n)]


def test_anti_affinity_spreads_one_request_over_hosts(scheduler, ctx, hosts):
    group = _group('anti-affinity')
    chosen = _chosen(scheduler.select_destinations(ctx, _spec(group, 'anti-affinity'),
                                                   _uuids(2)))
    assert sorted(chosen) == ['h1', 'h2']


def test_anti_affinity_third_member_finds_no_host_and_releases(scheduler, ctx, hosts,
                                                               get_node):
    group = _group('anti-affinity')
    uuids = _uuids(3)
    with pytest.raises(exception.NoValidHost) as err:
        scheduler.select_destinations(ctx, _spec(group, 'anti-affinity'), uuids)
    assert 'No valid host was found' in err.value.format_message()
    assert all(not claims.allocations_of(u) for u in uuids)
    assert get_node(hosts['h1']['id'])['memory_mb_used'] == 0


def test_anti_affinity_avoids_hosts_of_existing_members(scheduler, ctx, hosts):
    group = _group('anti-affinity', [_instance('h2')])
    assert _chosen(scheduler.select_destinations(ctx, _spec(group, 'anti-affinity'),
                                                 _uuids(1))) == ['h1']


def test_affinity_packs_one_request_on_one_host(scheduler, ctx, hosts):
    group = _group('affinity')
    chosen = _chosen(scheduler.select_destinations(ctx, _spec(group, 'affinity'), _uuids(3)))
    assert len(set(chosen)) == 1


def test_affinity_follows_existing_members(scheduler, ctx, hosts):
    group = _group('affinity', [_instance('h1')])
    assert _chosen(scheduler.select_destinations(ctx, _spec(group, 'affinity'),
                                                 _uuids(2))) == ['h1', 'h1']


def test_affinity_member_still_scheduling_counts_by_its_claim(scheduler, ctx, hosts):
    member = _instance(None)
    assert claims.claim(hosts['h1']['id'], member, {'vcpus': 1, 'memory_mb': 1, 'disk_gb': 0})
    group = _group('affinity', [member])
    assert _chosen(scheduler.select_destinations(ctx, _spec(group, 'affinity'),
                                                 _uuids(1))) == ['h1']


def test_deleted_members_do_not_count(scheduler, ctx, hosts):
    member = _instance('h2')
    group = _group('anti-affinity', [member])
    db_api.instance_destroy(member)
    assert _chosen(scheduler.select_destinations(ctx, _spec(group, 'anti-affinity'),
                                                 _uuids(1))) == ['h2']


def test_soft_anti_affinity_prefers_but_does_not_exclude(scheduler, ctx, hosts):
    group = _group('soft-anti-affinity')
    chosen = _chosen(scheduler.select_destinations(ctx, _spec(group, 'soft-anti-affinity'),
                                                   _uuids(3)))
    assert sorted(chosen[:2]) == ['h1', 'h2'] and len(chosen) == 3


def test_same_host_and_different_host_hints(scheduler, ctx, hosts):
    other = str(uuid.uuid4())
    assert claims.claim(hosts['h1']['id'], other, {'vcpus': 1, 'memory_mb': 1, 'disk_gb': 0})
    assert _chosen(scheduler.select_destinations(ctx, _spec(same_host=[other]),
                                                 _uuids(2))) == ['h1', 'h1']
    assert _chosen(scheduler.select_destinations(ctx, _spec(different_host=other),
                                                 _uuids(2))) == ['h2', 'h2']
    with pytest.raises(exception.NoValidHost):
        scheduler.select_destinations(ctx, _spec(same_host=str(uuid.uuid4())), _uuids(1))
