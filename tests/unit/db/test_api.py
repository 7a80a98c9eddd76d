"""Compute data access (novalite/db/api.py) on a fresh SQLite database."""
import uuid

import pytest

from novalite import context
from novalite import exception
from novalite.compute import states
from novalite.db import api as db_api
from novalite.db import flavors as flavor_db
from novalite.db import models


def _ctx(project_id='p1', roles=('member',), request_id=None):
    return context.RequestContext(user_id='u1', project_id=project_id, roles=list(roles),
                                  request_id=request_id, overwrite=False)


@pytest.fixture
def make_instance(database):
    def _make(**values):
        row = {'uuid': str(uuid.uuid4()), 'project_id': 'p1', 'user_id': 'u1',
               'flavor_id': '1', 'flavor': {'name': 'm1.tiny'}, 'vcpus': 1,
               'memory_mb': 512, 'root_gb': 1, 'vm_state': states.BUILDING,
               'task_state': states.SCHEDULING, 'reservation_id': 'r-1'}
        row.update(values)
        with database.transaction() as session:
            return db_api.instance_create(session, row)
    return _make


# --------------------------------------------------------------------------- instances

def test_instance_create_and_get(make_instance):
    inst = make_instance(display_name='vm1')
    got = db_api.instance_get(inst['uuid'])
    assert got['display_name'] == 'vm1'
    assert got['vm_state'] == states.BUILDING and got['deleted'] is False
    assert db_api.instance_get(inst['uuid'], project_id='p1')['uuid'] == inst['uuid']
    with pytest.raises(exception.InstanceNotFound):
        db_api.instance_get(inst['uuid'], project_id='other')


def test_access_ips_are_kept_in_canonical_form(make_instance):
    """Nova's IPV6AddressField: what is stored (and shown) is netaddr's canonical text."""
    inst = make_instance(access_ip_v6='0000:0000:0000:0000:0000:babe:220.12.22.2',
                         access_ip_v4='192.0.2.1')
    assert db_api.instance_get(inst['uuid'])['access_ip_v6'] == '::babe:dc0c:1602'
    updated = db_api.instance_update(inst['uuid'], {'access_ip_v6': '2001:DB8:0:0:0:0:0:1'})
    assert updated['access_ip_v6'] == '2001:db8::1'
    assert updated['access_ip_v4'] == '192.0.2.1'
    assert db_api.instance_update(inst['uuid'], {'access_ip_v6': None})['access_ip_v6'] is None


def test_instance_update_without_expectations(make_instance):
    inst = make_instance()
    updated = db_api.instance_update(inst['uuid'], {'host': 'h1', 'node': 'h1'})
    assert (updated['host'], updated['node']) == ('h1', 'h1')
    assert db_api.instance_get(inst['uuid'])['host'] == 'h1'
    assert updated['updated_at'] is not None


def test_instance_update_when_the_task_state_is_as_expected(make_instance):
    inst = make_instance()
    updated = db_api.instance_update(inst['uuid'], {'task_state': states.NETWORKING},
                                     expected_task_state=states.SCHEDULING)
    assert updated['task_state'] == states.NETWORKING


def test_instance_update_accepts_any_of_several_expected_states(make_instance):
    inst = make_instance(task_state=None)
    db_api.instance_update(inst['uuid'], {'task_state': states.DELETING},
                           expected_task_state=[None, states.SCHEDULING])
    assert db_api.instance_get(inst['uuid'])['task_state'] == states.DELETING


def test_instance_update_cas_mismatch_is_409_and_changes_nothing(make_instance):
    inst = make_instance(task_state=states.DELETING)
    with pytest.raises(exception.UnexpectedStateError) as caught:
        db_api.instance_update(inst['uuid'], {'task_state': states.SPAWNING,
                                              'host': 'h1'},
                               expected_task_state=states.NETWORKING)
    assert caught.value.code == 409
    assert isinstance(caught.value, exception.Conflict)
    assert 'deleting' in caught.value.format_message()
    row = db_api.instance_get(inst['uuid'])
    assert (row['task_state'], row['host']) == (states.DELETING, None)


def test_instance_update_expected_none_is_an_expectation(make_instance):
    inst = make_instance(task_state=states.SCHEDULING)
    with pytest.raises(exception.UnexpectedStateError):
        db_api.instance_update(inst['uuid'], {'vm_state': states.ACTIVE},
                               expected_task_state=None)


def test_instance_update_vm_state_expectation(make_instance):
    inst = make_instance(vm_state=states.ERROR)
    with pytest.raises(exception.UnexpectedStateError):
        db_api.instance_update(inst['uuid'], {'task_state': None},
                               expected_vm_state=states.ACTIVE)
    assert db_api.instance_get(inst['uuid'])['task_state'] == states.SCHEDULING


def test_instance_update_of_a_deleted_instance_is_not_found(make_instance):
    inst = make_instance()
    db_api.instance_destroy(inst['uuid'])
    with pytest.raises(exception.InstanceNotFound) as caught:
        db_api.instance_update(inst['uuid'], {'vm_state': states.ACTIVE})
    assert caught.value.code == 404
    with pytest.raises(exception.InstanceNotFound):
        db_api.instance_update(inst['uuid'], {'vm_state': states.ACTIVE},
                               expected_task_state=states.SCHEDULING)


def test_instance_update_of_an_unknown_instance_is_not_found(database):
    with pytest.raises(exception.InstanceNotFound):
        db_api.instance_update(str(uuid.uuid4()), {'host': 'h'})


def test_instance_destroy_soft_deletes(make_instance):
    inst = make_instance(power_state=states.RUNNING, vm_state=states.ACTIVE,
                         task_state=states.DELETING)
    final = db_api.instance_destroy(inst['uuid'])
    assert final['deleted'] is True
    assert final['vm_state'] == states.DELETED
    assert final['task_state'] is None and final['power_state'] == states.NOSTATE
    assert final['deleted_at'] is not None and final['terminated_at'] is not None
    with pytest.raises(exception.InstanceNotFound):
        db_api.instance_get(inst['uuid'])
    kept = db_api.instance_get(inst['uuid'], read_deleted=True)
    assert kept['deleted'] is True and kept['display_name'] == inst['display_name']
    assert [i['uuid'] for i in db_api.instance_get_all(project_id='p1')] == []
    assert [i['uuid'] for i in db_api.instance_get_all(project_id='p1', deleted=True)] == [
        inst['uuid']]


def test_instance_destroy_twice(make_instance):
    inst = make_instance()
    assert db_api.instance_destroy(inst['uuid']) is not None
    assert db_api.instance_destroy(inst['uuid']) is None
    assert db_api.instance_destroy(str(uuid.uuid4())) is None


def test_instance_get_all_filters(make_instance):
    a = make_instance(host='h1')
    make_instance(host='h2')
    make_instance(project_id='p2', host='h1')
    assert [i['uuid'] for i in db_api.instance_get_all(project_id='p1', host='h1')] == [
        a['uuid']]
    assert len(db_api.instance_get_all(host='h1')) == 2
    assert len(db_api.instance_get_all()) == 3


# --------------------------------------------------------------------------- flavors

@pytest.fixture
def flavors(database):
    public = flavor_db.flavor_create({'flavorid': '1', 'name': 'm1.tiny', 'memory_mb': 512,
                                      'vcpus': 1, 'root_gb': 1})
    private = flavor_db.flavor_create({'flavorid': '2', 'name': 'secret', 'memory_mb': 1024,
                                       'vcpus': 1, 'root_gb': 1, 'is_public': False})
    flavor_db.flavor_create({'flavorid': '3', 'name': 'gone', 'memory_mb': 512, 'vcpus': 1,
                             'root_gb': 1, 'disabled': True})
    with database.transaction() as session:
        session.add(models.FlavorProject(flavor_id=private['id'], project_id='friend'))
    return public, private


def _ids(flavors):
    return [f['flavorid'] for f in flavors]


def test_private_flavors_are_hidden_from_other_projects(flavors):
    assert _ids(flavor_db.flavor_list(_ctx('stranger'))) == ['1']
    with pytest.raises(exception.FlavorNotFound):
        flavor_db.flavor_get('2', _ctx('stranger'))


def test_private_flavors_are_listed_for_projects_with_access(flavors):
    assert _ids(flavor_db.flavor_list(_ctx('friend'))) == ['1', '2']
    assert flavor_db.flavor_get('2', _ctx('friend'))['name'] == 'secret'


def test_non_admins_cannot_ask_for_private_flavors(flavors):
    assert _ids(flavor_db.flavor_list(_ctx('stranger'), is_public=None)) == ['1']
    assert _ids(flavor_db.flavor_list(_ctx('stranger'), is_public=False)) == ['1']


def test_admins_choose_public_private_or_all(flavors):
    admin = _ctx('adminproj', roles=('admin',))
    assert _ids(flavor_db.flavor_list(admin)) == ['1']
    assert _ids(flavor_db.flavor_list(admin, is_public=False)) == ['2']
    assert _ids(flavor_db.flavor_list(admin, is_public=None)) == ['1', '2']
    assert flavor_db.flavor_get('2', admin)['name'] == 'secret'


def test_flavor_list_filters_and_sorts(flavors):
    admin = _ctx('adminproj', roles=('admin',))
    assert _ids(flavor_db.flavor_list(admin, is_public=None, min_ram=1000)) == ['2']
    assert _ids(flavor_db.flavor_list(admin, is_public=None, sort_key='memory_mb',
                                      sort_dir='desc')) == ['2', '1']


def test_unknown_flavor(flavors):
    with pytest.raises(exception.FlavorNotFound) as caught:
        flavor_db.flavor_get('999')
    assert caught.value.code == 404


# --------------------------------------------------------------------------- actions

def test_actions_and_events_are_recorded(make_instance, database):
    inst = make_instance()
    ctx = _ctx(request_id='req-1')
    with database.transaction() as session:
        db_api.action_start(session, ctx, inst['uuid'], 'create')
    db_api.action_event_start(ctx, inst['uuid'], 'compute_build', host='h1')
    db_api.action_event_finish(ctx, inst['uuid'], 'compute_build')
    db_api.action_finish(ctx, inst['uuid'])

    [action] = db_api.actions_list(inst['uuid'])
    assert (action['action'], action['request_id'], action['user_id'],
            action['project_id']) == ('create', 'req-1', 'u1', 'p1')
    assert action['finish_time'] is not None and action['message'] is None
    detail = db_api.action_get(inst['uuid'], 'req-1')
    [event] = detail['events']
    assert (event['event'], event['host'], event['result']) == ('compute_build', 'h1',
                                                                'Success')
    assert event['start_time'] <= event['finish_time']


def test_failed_event_marks_the_action_as_error(make_instance, database):
    inst = make_instance()
    ctx = _ctx(request_id='req-2')
    with database.transaction() as session:
        db_api.action_start(session, ctx, inst['uuid'], 'create')
    db_api.action_event_start(ctx, inst['uuid'], 'schedule')
    db_api.action_event_finish(ctx, inst['uuid'], 'schedule', result='Error',
                               traceback='Traceback: boom')
    detail = db_api.action_get(inst['uuid'], 'req-2')
    assert detail['message'] == 'Error'
    [event] = detail['events']
    assert (event['result'], event['traceback']) == ('Error', 'Traceback: boom')


def test_event_finish_without_start_still_records_the_event(make_instance, database):
    inst = make_instance()
    ctx = _ctx(request_id='req-3')
    with database.transaction() as session:
        db_api.action_start(session, ctx, inst['uuid'], 'delete')
    db_api.action_event_finish(ctx, inst['uuid'], 'terminate')
    [event] = db_api.action_get(inst['uuid'], 'req-3')['events']
    assert event['event'] == 'terminate' and event['result'] == 'Success'


def test_events_of_another_request_do_not_land_on_an_action(make_instance, database):
    inst = make_instance()
    with database.transaction() as session:
        db_api.action_start(session, _ctx(request_id='req-a'), inst['uuid'], 'create')
    db_api.action_event_start(_ctx(request_id='req-b'), inst['uuid'], 'x')
    assert db_api.action_get(inst['uuid'], 'req-a')['events'] == []
    with pytest.raises(exception.InstanceActionNotFound) as caught:
        db_api.action_get(inst['uuid'], 'req-b')
    assert caught.value.code == 404


def test_actions_are_listed_newest_first(make_instance, database):
    inst = make_instance()
    for request_id, action in (('req-1', 'create'), ('req-2', 'reboot'),
                               ('req-3', 'delete')):
        with database.transaction() as session:
            db_api.action_start(session, _ctx(request_id=request_id), inst['uuid'], action)
    assert [a['action'] for a in db_api.actions_list(inst['uuid'])] == [
        'delete', 'reboot', 'create']


# --------------------------------------------------------------------------- faults

def test_latest_fault_per_instance(make_instance):
    a, b = make_instance(), make_instance()
    db_api.fault_create(a['uuid'], 500, 'first')
    db_api.fault_create(a['uuid'], 500, 'second' + 'x' * 300, details='tb', host='h1')
    latest = db_api.faults_latest([a['uuid'], b['uuid']])
    assert set(latest) == {a['uuid']}
    assert latest[a['uuid']]['message'].startswith('second')
    assert len(latest[a['uuid']]['message']) == 255
    assert db_api.faults_latest([]) == {}


# --------------------------------------------------------------------------- services

def test_service_heartbeat_creates_then_refreshes(database):
    first = db_api.service_heartbeat('h1', 'nova-compute', 'compute')
    second = db_api.service_heartbeat('h1', 'nova-compute', 'compute')
    assert first['id'] == second['id']
    assert second['report_count'] == first['report_count'] + 1
    assert second['last_seen_up'] >= first['last_seen_up']
    assert [s['host'] for s in db_api.service_get_all('nova-compute')] == ['h1']
    assert db_api.service_get_all('nova-scheduler') == []


def test_service_is_up(database):
    import datetime
    svc = db_api.service_heartbeat('h1', 'nova-compute', 'compute')
    assert db_api.service_is_up(svc, 60)
    old = dict(svc, last_seen_up=models.utcnow() - datetime.timedelta(seconds=61))
    assert not db_api.service_is_up(old, 60)
    assert not db_api.service_is_up(dict(svc, forced_down=True), 60)


def test_compute_node_upsert_updates_in_place(database):
    a = db_api.compute_node_upsert('h1', 'h1', {'vcpus': 4, 'memory_mb': 1024,
                                                'local_gb': 10})
    b = db_api.compute_node_upsert('h1', 'h1', {'vcpus': 8, 'memory_mb': 1024,
                                                'local_gb': 10})
    assert a['id'] == b['id'] and a['uuid'] == b['uuid']
    [node] = db_api.compute_nodes_get_all()
    assert node['vcpus'] == 8


def test_update_carries_the_event_start_whatever_the_outcome(make_instance, database):
    inst = make_instance()
    ctx = _ctx(request_id='req-4')
    with database.transaction() as session:
        db_api.action_start(session, ctx, inst['uuid'], 'create')
    with pytest.raises(db_api.UnexpectedStateError):
        db_api.instance_update(inst['uuid'], {'task_state': states.NETWORKING},
                               expected_task_state=states.SPAWNING,
                               event_start=(ctx, 'build', 'h1'))
    [event] = db_api.action_get(inst['uuid'], 'req-4')['events']
    assert (event['event'], event['host'], event['result']) == ('build', 'h1', None)


def test_update_carries_the_event_finish_only_when_applied(make_instance, database):
    inst = make_instance()
    ctx = _ctx(request_id='req-5')
    with database.transaction() as session:
        db_api.action_start(session, ctx, inst['uuid'], 'create')
    db_api.action_event_start(ctx, inst['uuid'], 'build')
    with pytest.raises(db_api.UnexpectedStateError):
        db_api.instance_update(inst['uuid'], {'vm_state': states.ACTIVE},
                               expected_task_state=states.SPAWNING,
                               event_finish=(ctx, 'build', 'Success'))
    assert db_api.action_get(inst['uuid'], 'req-5')['events'][0]['result'] is None
    updated = db_api.instance_update(inst['uuid'], {'vm_state': states.ACTIVE,
                                                    'task_state': None},
                                     expected_task_state=states.SCHEDULING,
                                     event_finish=(ctx, 'build', 'Success'))
    assert (updated['vm_state'], updated['task_state']) == (states.ACTIVE, None)
    [event] = db_api.action_get(inst['uuid'], 'req-5')['events']
    assert event['result'] == 'Success' and event['finish_time'] is not None
