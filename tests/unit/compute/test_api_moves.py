"""compute.api moves (compute/moves.py): Nova's checks before anything moves, the task
state and action, and what goes to the conductor or the compute host; the fake driver's
move steps."""
import uuid

import pytest

from novalite import context
from novalite import exception
from novalite import quota
from novalite.compute import api as compute_api
from novalite.compute import states
from novalite.db import api as db_api
from novalite.db import flavors as flavor_db
from novalite.db import moves as moves_db
from novalite.db import session as db
from novalite.virt import fake

NANO = {'flavorid': '42', 'name': 'm1.nano', 'memory_mb': 128, 'vcpus': 1, 'root_gb': 1,
        'ephemeral_gb': 0, 'swap': 0}


class Recorder:
    def __init__(self):
        self.sent = []

    def __getattr__(self, name):
        def record(ctx, *args, **kwargs):
            self.sent.append((name, args, kwargs))
            return {'id': 1}
        return record


@pytest.fixture
def api(conf, database):
    a = compute_api.API(conf)
    a._compute = Recorder()
    a._conductor = Recorder()
    for flavorid, name, ram, disk in (('42', 'm1.nano', 128, 1), ('84', 'm1.micro', 192, 1),
                                      ('2', 'm1.small', 2048, 20), ('0', 'zero', 64, 0)):
        flavor_db.flavor_create({'flavorid': flavorid, 'name': name, 'memory_mb': ram,
                                 'vcpus': 1, 'root_gb': disk})
    return a


@pytest.fixture
def member():
    return context.RequestContext(user_id='u1', project_id='p1', roles=['member'],
                                  request_id='req-%s' % uuid.uuid4())


def make(vm_state=states.ACTIVE, task_state=None, flavor=NANO, **extra):
    values = {'uuid': str(uuid.uuid4()), 'project_id': 'p1', 'user_id': 'u1',
              'flavor_id': flavor['flavorid'], 'flavor': flavor, 'vcpus': flavor['vcpus'],
              'memory_mb': flavor['memory_mb'], 'root_gb': flavor['root_gb'],
              'vm_state': vm_state, 'task_state': task_state, 'host': 'h1', 'node': 'h1',
              'reservation_id': 'r-1', 'power_state': states.RUNNING}
    values.update(extra)
    with db.transaction() as session:
        return db_api.instance_create(session, values)


def test_resize_sets_resize_prep_and_calls_the_conductor(api, member):
    inst = make()
    api.resize(member, inst, flavor_id='84')
    current = db_api.instance_get(inst['uuid'])
    assert current['task_state'] == states.RESIZE_PREP
    assert current['system_metadata']['old_vm_state'] == states.ACTIVE
    [(name, args, _)] = api._conductor.sent
    assert name == 'migrate_server'
    assert (args[0], args[1]['flavorid'], args[2], args[3], args[4]) == (
        inst['uuid'], '84', None, ['h1'], 'resize')
    assert [a['action'] for a in db_api.actions_list(inst['uuid'])] == ['resize']


def test_migrate_keeps_the_flavor_and_never_stays(api, member, conf):
    conf.set_override('allow_resize_to_same_host', True)
    inst = make()
    api.resize(member, inst)
    [(name, args, _)] = api._conductor.sent
    assert (args[1], args[3], args[4]) == (NANO, ['h1'], 'migration')
    inst2 = make()
    api.resize(member, inst2, flavor_id='84')
    assert api._conductor.sent[1][1][3] == []          # a resize may stay, when allowed
    conf.clear_override('allow_resize_to_same_host')


@pytest.mark.parametrize('flavor_id, error, message', [
    ('42', exception.CannotResizeToSameFlavor, 'When resizing, instances must change '
                                               'flavor!'),
    ('999', exception.Invalid, 'Flavor 999 could not be found.'),
    ('0', exception.CannotResizeDisk, 'Server disk was unable to be resized because: '
                                      'Resize to zero disk flavor is not allowed.'),
])
def test_resize_bad_flavors_are_400s(api, member, flavor_id, error, message):
    inst = make()
    with pytest.raises(error) as raised:
        api.resize(member, inst, flavor_id=flavor_id)
    assert raised.value.code == 400 and raised.value.format_message() == message
    assert db_api.instance_get(inst['uuid'])['task_state'] is None


def test_resize_to_a_smaller_disk_is_a_400(api, member):
    small = dict(NANO, flavorid='2', name='m1.small', memory_mb=2048, root_gb=20)
    with pytest.raises(exception.CannotResizeDisk):
        api.resize(member, make(flavor=small), flavor_id='84')


def test_upsize_over_quota_is_a_403(api, member):
    quota.update_quotas('p1', {'ram': 200})
    inst = make()
    with pytest.raises(exception.TooManyInstances) as raised:
        api.resize(member, inst, flavor_id='2')
    assert raised.value.code == 403
    assert raised.value.format_message() == (
        'Quota exceeded for ram: Requested 1920, but already used 128 of 200 ram')
    api.resize(member, inst, flavor_id='84')             # +64 fits


@pytest.mark.parametrize('method, args, action', [
    ('resize', ('84',), 'resize'), ('resize', (), 'migrate'),
    ('confirm_resize', (), 'confirmResize'), ('revert_resize', (), 'revertResize')])
def test_wrong_states_are_409s(api, member, method, args, action):
    inst = make(vm_state=states.PAUSED)
    with pytest.raises(exception.InstanceInvalidState) as raised:
        getattr(api, method)(member, inst, *args)
    assert raised.value.format_message() == (
        "Cannot '%s' instance %s while it is in vm_state paused" % (action, inst['uuid']))


def test_locked_servers_cannot_move(api, member):
    with pytest.raises(exception.InstanceIsLocked):
        api.resize(member, make(locked=True), flavor_id='84')


def _finished(inst):
    return moves_db.migration_create({
        'uuid': str(uuid.uuid4()), 'instance_uuid': inst['uuid'], 'status': 'finished',
        'source_compute': 'h1', 'dest_compute': 'h2', 'migration_type': 'resize',
        'old_flavor': NANO})


def test_confirm_and_revert_need_a_finished_migration(api, member):
    inst = make(vm_state=states.RESIZED, host='h2')
    with pytest.raises(exception.Invalid, match='Instance has not been resized.'):
        api.confirm_resize(member, inst)
    mig = _finished(inst)
    api.confirm_resize(member, inst)
    assert moves_db.migration_get(mig['id'])['status'] == 'confirming'
    assert api._compute.sent[-1][0] == 'confirm_resize'
    assert api._compute.sent[-1][1][0] == 'h1'           # to the source
    with pytest.raises(exception.Invalid):              # not twice
        api.confirm_resize(member, inst)

    other = make(vm_state=states.RESIZED, host='h2')
    mig = _finished(other)
    api.revert_resize(member, other)
    assert db_api.instance_get(other['uuid'])['task_state'] == states.RESIZE_REVERTING
    assert moves_db.migration_get(mig['id'])['status'] == 'reverting'
    assert api._compute.sent[-1][:2][0] == 'revert_resize'
    assert api._compute.sent[-1][1][0] == 'h2'           # to the destination


def test_evacuate_needs_the_host_down(api, member):
    db_api.service_heartbeat('h1', 'nova-compute', 'compute')
    inst = make()
    with pytest.raises(exception.ComputeServiceInUse) as raised:
        api.evacuate(member, inst, None, 'pw')
    assert raised.value.code == 400
    assert raised.value.format_message() == 'Compute service of h1 is still in use.'
    db_api.service_update_by_host_binary('h1', 'nova-compute', {'forced_down': True})
    mig = api.evacuate(member, inst, 'h2', 'pw', target_state='stopped')
    assert (mig['status'], mig['migration_type'], mig['source_compute'],
            mig['dest_compute']) == ('accepted', 'evacuation', 'h1', 'h2')
    assert db_api.instance_get(inst['uuid'])['task_state'] == states.REBUILDING
    [(name, args, _)] = api._conductor.sent
    assert (name, args[0], args[2], args[3], args[4], args[5]) == (
        'evacuate_server', inst['uuid'], 'h2', False, 'pw', 'stopped')


# --------------------------------------------------------------------------- fake driver
def test_fake_driver_moves_a_guest_between_hosts(conf):
    src, dst = fake.FakeDriver(conf, 'h1'), fake.FakeDriver(conf, 'h2')
    inst = {'uuid': 'u', 'flavor': NANO, 'hostname': 'vm'}
    src.spawn(None, inst, {'id': 'img'}, [])
    micro = dict(NANO, flavorid='84')
    disk = src.migrate_disk_and_power_off(None, inst, 'h2', micro, [])
    assert src.get_power_state(inst) == states.SHUTDOWN and disk['image'] == 'img'
    dst.finish_migration(None, {}, inst, disk, [], {}, True, True)
    assert dst.get_power_state(inst) == states.RUNNING
    src.finish_revert_migration(None, inst, [], {}, True)   # a revert: the old one runs
    assert src.get_power_state(inst) == states.RUNNING
    src.confirm_migration(None, {'dest_compute': 'h2'}, inst, [])
    assert src.guest('u') is None and dst.guest('u') is not None


def test_fake_driver_same_host_resize_keeps_the_old_guest_until_confirmed(conf):
    drv = fake.FakeDriver(conf, 'h1')
    inst = {'uuid': 'u', 'flavor': NANO}
    drv.spawn(None, inst, {'id': 'img'}, [])
    disk = drv.migrate_disk_and_power_off(None, inst, 'h1', dict(NANO, flavorid='84'), [])
    drv.finish_migration(None, {}, inst, disk, [], {}, True, False)
    assert drv.get_power_state(inst) == states.SHUTDOWN
    drv.finish_revert_migration(None, inst, [], {}, True)
    assert drv.get_power_state(inst) == states.RUNNING and 'resize_source' not in drv.guest('u')


@pytest.mark.parametrize('flavorid, step', [('84', 'resize'), ('42', 'migrate')])
def test_fake_driver_failure_injection_steps(conf, flavorid, step):
    drv = fake.FakeDriver(conf, 'h1')
    inst = {'uuid': 'u', 'flavor': NANO, 'metadata': {'novalite:fail': step}}
    drv.spawn(None, inst, {'id': 'img'}, [])
    with pytest.raises(exception.VirtDriverError, match='injected failure at step ' + step):
        drv.migrate_disk_and_power_off(None, inst, 'h2', dict(NANO, flavorid=flavorid), [])
