"""compute.api server actions: Nova's lock, host and state checks, task_state compare-and-swap,
instance actions, and the cast to the instance's host."""
import uuid

import pytest

from novalite import context
from novalite import exception
from novalite.compute import api as compute_api
from novalite.compute import states
from novalite.db import api as db_api
from novalite.db import session as db


class Casts:
    def __init__(self):
        self.sent = []

    def __getattr__(self, name):
        return lambda ctx, host, instance, *args: self.sent.append((name, host, args))


@pytest.fixture
def api(conf, database):
    a = compute_api.API(conf)
    a._compute = Casts()
    return a


@pytest.fixture
def member():
    return context.RequestContext(user_id='u1', project_id='p1', roles=['member'],
                                  request_id='req-%s' % uuid.uuid4())


@pytest.fixture
def admin():
    return context.RequestContext(user_id='a1', project_id='admin', roles=['admin'],
                                  request_id='req-%s' % uuid.uuid4())


def make(vm_state=states.ACTIVE, task_state=None, host='h1', **extra):
    values = {'uuid': str(uuid.uuid4()), 'project_id': 'p1', 'user_id': 'u1',
              'flavor_id': '1', 'flavor': {}, 'vcpus': 1, 'memory_mb': 64, 'root_gb': 1,
              'vm_state': vm_state, 'task_state': task_state, 'host': host,
              'reservation_id': 'r-1', 'power_state': states.RUNNING}
    values.update(extra)
    with db.transaction() as session:
        return db_api.instance_create(session, values)


# (method, args, action name, allowed vm_states, task_state it sets, cast)
ACTIONS = [
    ('stop', (), 'stop', {states.ACTIVE, states.ERROR}, states.POWERING_OFF,
     'stop_instance'),
    ('start', (), 'start', {states.STOPPED}, states.POWERING_ON, 'start_instance'),
    ('pause', (), 'pause', {states.ACTIVE}, states.PAUSING, 'pause_instance'),
    ('unpause', (), 'unpause', {states.PAUSED}, states.UNPAUSING, 'unpause_instance'),
    ('suspend', (), 'suspend', {states.ACTIVE}, states.SUSPENDING, 'suspend_instance'),
    ('resume', (), 'resume', {states.SUSPENDED}, states.RESUMING, 'resume_instance'),
    ('rescue', (), 'rescue', {states.ACTIVE, states.STOPPED, states.ERROR},
     states.RESCUING, 'rescue_instance'),
    ('unrescue', (), 'unrescue', {states.RESCUED}, states.UNRESCUING, 'unrescue_instance'),
    ('set_admin_password', ('pw',), 'changePassword', {states.ACTIVE},
     states.UPDATING_PASSWORD, 'set_admin_password'),
    ('reboot', ('SOFT',), 'reboot', {states.ACTIVE}, states.REBOOTING, 'reboot_instance'),
    ('reboot', ('HARD',), 'reboot', set(states.ALLOW_HARD_REBOOT), states.REBOOTING_HARD,
     'reboot_instance'),
    ('trigger_crash_dump', (), 'trigger_crash_dump',
     {states.ACTIVE, states.PAUSED, states.RESCUED, states.RESIZED, states.ERROR}, None,
     'trigger_crash_dump'),
]
VM_STATES = [states.ACTIVE, states.STOPPED, states.PAUSED, states.SUSPENDED, states.RESCUED,
             states.ERROR, states.BUILDING, states.RESIZED, states.SHELVED]


@pytest.mark.parametrize('method, args, action, allowed, task, cast', ACTIONS)
@pytest.mark.parametrize('vm_state', VM_STATES)
def test_allowed_states_as_nova(api, member, method, args, action, allowed, task, cast,
                                vm_state):
    inst = make(vm_state=vm_state)
    if vm_state not in allowed:
        with pytest.raises(exception.InstanceInvalidState) as caught:
            getattr(api, method)(member, inst, *args)
        assert caught.value.code == 409
        assert caught.value.format_message() == (
            "Cannot '%s' instance %s while it is in vm_state %s" % (action, inst['uuid'],
                                                                   vm_state))
        assert api.compute_rpc.sent == []
        assert db_api.actions_list(inst['uuid']) == []
        return
    getattr(api, method)(member, inst, *args)
    assert db_api.instance_get(inst['uuid'])['task_state'] == task
    assert [a['action'] for a in db_api.actions_list(inst['uuid'])] == [action]
    assert db_api.actions_list(inst['uuid'])[0]['request_id'] == member.request_id
    assert [(s[0], s[1]) for s in api.compute_rpc.sent] == [(cast, 'h1')]


@pytest.mark.parametrize('method, args, action, allowed, task, cast', ACTIONS)
def test_a_running_task_blocks_the_action(api, member, method, args, action, allowed, task,
                                          cast):
    inst = make(vm_state=sorted(allowed)[0], task_state=states.DELETING)
    with pytest.raises(exception.InstanceInvalidState) as caught:
        getattr(api, method)(member, inst, *args)
    assert 'task_state deleting' in caught.value.format_message()


@pytest.mark.parametrize('method, args, action, allowed, task, cast', ACTIONS)
def test_locked_is_409_for_members_not_admins(api, member, admin, method, args, action,
                                              allowed, task, cast):
    inst = make(vm_state=sorted(allowed)[0], locked=True, locked_by='owner')
    with pytest.raises(exception.InstanceIsLocked):
        getattr(api, method)(member, inst, *args)
    getattr(api, method)(admin, inst, *args)
    assert len(api.compute_rpc.sent) == 1


def test_no_host_is_409_not_ready(api, member):
    inst = make(host=None)
    with pytest.raises(exception.InstanceNotReady) as caught:
        api.stop(member, inst)
    assert caught.value.code == 409


def test_hard_reboot_takes_over_a_soft_one(api, member):
    inst = make(task_state=states.REBOOTING)
    with pytest.raises(exception.InstanceInvalidState):
        api.reboot(member, inst, 'SOFT')
    api.reboot(member, inst, 'HARD')
    assert db_api.instance_get(inst['uuid'])['task_state'] == states.REBOOTING_HARD


def test_stale_instance_loses_the_race_with_409(api, member):
    inst = make()
    api.pause(member, inst)
    with pytest.raises(exception.InstanceInvalidState) as caught:
        api.suspend(member, inst)  # the caller's copy still says task_state None
    assert 'task_state pausing' in caught.value.format_message()


def test_rescue_returns_the_given_or_a_generated_password(api, member):
    assert api.rescue(member, make(), 'given') == 'given'
    assert len(api.rescue(member, make())) == 12
    assert api.compute_rpc.sent[0][2] == ('given', None)


def test_lock_by_owner_and_admin_and_who_may_unlock(api, member, admin):
    inst = api.lock(member, make())
    assert (inst['locked'], inst['locked_by']) == (True, 'owner')
    assert api.is_expected_locked_by(member, inst)
    assert not api.is_expected_locked_by(admin, inst)
    inst = api.unlock(member, inst)
    assert (inst['locked'], inst['locked_by']) == (False, None)
    inst = api.lock(admin, inst)
    assert inst['locked_by'] == 'admin'
    assert not api.is_expected_locked_by(member, inst)
    actions = db_api.actions_list(inst['uuid'])
    assert [a['action'] for a in actions] == ['lock', 'unlock', 'lock']
    events = db_api.action_get(inst['uuid'], admin.request_id)['events']
    assert [(e['event'], e['result']) for e in events] == [('api_lock', 'Success')]


def test_reset_state(api, admin):
    inst = make(task_state=states.POWERING_OFF)
    inst = api.reset_state(admin, inst, states.ERROR)
    assert (inst['vm_state'], inst['task_state']) == (states.ERROR, None)
    assert db_api.actions_list(inst['uuid'])[0]['action'] == 'resetState'


def test_console_output_waits_on_the_host_and_needs_one(api, member, monkeypatch):
    inst = make()
    calls = []

    def fake_call(context, host, instance, tail_length):
        calls.append((host, instance['uuid'], tail_length))
        return 'line1\nline2\n'
    monkeypatch.setattr(api.compute_rpc, 'get_console_output', fake_call)
    assert api.get_console_output(member, inst, 5) == 'line1\nline2\n'
    assert calls == [(inst['host'], inst['uuid'], 5)]
    homeless = make(host=None)
    with pytest.raises(exception.InstanceNotReady):
        api.get_console_output(member, homeless)
    deleting = make(task_state=states.DELETING)
    with pytest.raises(exception.InstanceInvalidState):
        api.get_console_output(member, deleting)
