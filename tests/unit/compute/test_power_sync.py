"""_sync_power_states (novalite/compute/power_sync.py): the database follows the hypervisor,
and guests that stopped by themselves are stopped through the stop path, as in Nova."""
import uuid

import pytest

from novalite import context
from novalite import exception
from novalite.compute import power_sync
from novalite.compute import states
from novalite.virt import fake


class Conductor:
    def __init__(self, rows):
        self.rows = {r['uuid']: r for r in rows}
        self.updates = []

    def instances_on_host(self, ctx, host):
        return [dict(r) for r in self.rows.values() if r['host'] == host]

    def instance_get(self, ctx, uuid):
        if uuid not in self.rows:
            raise exception.InstanceNotFound(instance_id=uuid)
        return dict(self.rows[uuid])

    def instance_update(self, ctx, uuid, updates, expected_task_state=None,
                        check_task_state=False):
        row = self.rows[uuid]
        if check_task_state and row['task_state'] != expected_task_state:
            raise exception.UnexpectedStateError(attr='task_state', expected=expected_task_state,
                                                 actual=row['task_state'])
        row.update(updates)
        self.updates.append((uuid, updates))
        return dict(row)


class Manager:
    """The parts of ComputeManager the sync uses; stop_instance as the real one ends."""

    def __init__(self, conf, rows, driver):
        self.conf, self.host, self.driver = conf, 'host1', driver
        self.conductor = Conductor(rows)
        self.stopped = []

    def stop_instance(self, ctx, instance):
        assert instance['task_state'] == states.POWERING_OFF
        self.driver.power_off(instance)
        self.stopped.append(instance['uuid'])
        self.conductor.instance_update(ctx, instance['uuid'], {
            'vm_state': states.STOPPED, 'task_state': None,
            'power_state': self.driver.get_power_state(instance)})


def _row(vm_state, power_state, task_state=None, host='host1'):
    return {'uuid': str(uuid.uuid4()), 'vm_state': vm_state, 'power_state': power_state,
            'task_state': task_state, 'host': host, 'deleted': False, 'image_ref': 'i',
            'flavor': {}, 'metadata': {}}


@pytest.fixture
def ctx():
    return context.get_admin_context()


def _setup(conf, *cases):
    """cases: (row, guest power state or None for no guest)."""
    drv = fake.FakeDriver(conf, 'host1')
    for row, guest_power in cases:
        if guest_power is not None:
            drv.spawn(None, row, {}, [])
            drv._guests[row['uuid']]['power_state'] = guest_power
    return Manager(conf, [row for row, _ in cases], drv), drv


def test_power_state_follows_the_hypervisor(conf, ctx):
    row = _row(states.ACTIVE, states.RUNNING)
    paused = _row(states.PAUSED, states.RUNNING)
    mgr, _ = _setup(conf, (row, states.RUNNING), (paused, states.PAUSED_POWER))
    done = power_sync.sync_power_states(mgr, ctx)
    assert done == {row['uuid']: 'in sync', paused['uuid']: 'power_state updated'}
    assert mgr.conductor.rows[paused['uuid']]['power_state'] == states.PAUSED_POWER
    assert mgr.stopped == []


@pytest.mark.parametrize('guest', [states.SHUTDOWN, states.CRASHED, states.SUSPENDED_POWER])
def test_active_guest_that_went_down_is_stopped(conf, ctx, guest):
    row = _row(states.ACTIVE, states.RUNNING)
    mgr, _ = _setup(conf, (row, guest))
    assert power_sync.sync_power_states(mgr, ctx) == {row['uuid']: 'stopped'}
    final = mgr.conductor.rows[row['uuid']]
    assert (final['vm_state'], final['task_state'], final['power_state']) == (
        states.STOPPED, None, states.SHUTDOWN)


def test_stopped_instance_whose_guest_runs_is_powered_off(conf, ctx):
    row = _row(states.STOPPED, states.SHUTDOWN)
    mgr, drv = _setup(conf, (row, states.RUNNING))
    assert power_sync.sync_power_states(mgr, ctx) == {row['uuid']: 'stopped'}
    assert drv.get_power_state(row) == states.SHUTDOWN
    assert mgr.conductor.rows[row['uuid']]['power_state'] == states.SHUTDOWN


def test_paused_instance_whose_guest_is_off_is_stopped(conf, ctx):
    row = _row(states.PAUSED, states.PAUSED_POWER)
    mgr, _ = _setup(conf, (row, states.SHUTDOWN))
    assert power_sync.sync_power_states(mgr, ctx) == {row['uuid']: 'stopped'}


@pytest.mark.parametrize('vm_state, guest', [
    (states.ACTIVE, states.PAUSED_POWER),  # paused unexpectedly: ignored
    (states.ACTIVE, None),  # not found: ignored
    (states.SUSPENDED, states.SHUTDOWN),  # a libvirt suspend looks like this
    (states.RESCUED, states.SHUTDOWN),
    (states.ERROR, states.SHUTDOWN),
    (states.SOFT_DELETED, states.RUNNING),  # only logged
])
def test_other_cases_only_record_the_power_state(conf, ctx, vm_state, guest):
    row = _row(vm_state, states.RUNNING)
    mgr, _ = _setup(conf, (row, guest))
    power_sync.sync_power_states(mgr, ctx)
    assert mgr.stopped == []
    final = mgr.conductor.rows[row['uuid']]
    assert final['vm_state'] == vm_state
    assert final['power_state'] == (states.NOSTATE if guest is None else guest)


def test_instances_with_a_task_or_elsewhere_are_left_alone(conf, ctx):
    busy = _row(states.ACTIVE, states.RUNNING, task_state=states.REBOOTING)
    other = _row(states.ACTIVE, states.RUNNING, host='host2')
    mgr, _ = _setup(conf, (busy, states.SHUTDOWN), (other, None))
    assert power_sync.sync_power_states(mgr, ctx) == {}
    assert mgr.conductor.updates == []


def test_an_action_that_starts_meanwhile_wins(conf, ctx, monkeypatch):
    row = _row(states.ACTIVE, states.RUNNING)
    mgr, drv = _setup(conf, (row, states.SHUTDOWN))
    real = drv.get_power_state

    def racing(instance):
        mgr.conductor.rows[instance['uuid']]['task_state'] = states.POWERING_ON
        return real(instance)
    monkeypatch.setattr(drv, 'get_power_state', racing)
    assert power_sync.sync_power_states(mgr, ctx) == {row['uuid']: 'raced'}
    assert mgr.stopped == [] and mgr.conductor.updates == []


def test_periodic_sync_honours_the_interval(conf, ctx, monkeypatch):
    """ComputeManager.periodic_tasks runs _sync_power_states every
    sync_power_state_interval seconds; a negative interval disables it."""
    from novalite.compute import manager as compute_manager
    mgr = compute_manager.ComputeManager.__new__(compute_manager.ComputeManager)
    mgr.conf, mgr.host = conf, 'host1'
    calls = []
    monkeypatch.setattr(power_sync, 'sync_power_states', lambda m, c: calls.append(m))

    def synced():
        return '_sync_power_states' in mgr.periodic_tasks(ctx)
    for name in ('_poll_shelved_instances', '_reclaim_queued_deletes',
                 '_poll_unconfirmed_resizes', '_clean_evacuated_instances'):
        monkeypatch.setattr(mgr, name, lambda c: None, raising=False)
    conf.set_override('sync_power_state_interval', 600)
    assert synced() is True
    assert synced() is False  # not due for another 600 s
    conf.set_override('sync_power_state_interval', 0)
    assert synced() is True
    conf.set_override('sync_power_state_interval', -1)
    assert synced() is False
    assert calls == [mgr, mgr]


def test_sync_with_the_libvirt_driver(conf, ctx):
    """The libvirt test hypervisor: a guest shut down behind novalite's back is seen."""
    pytest.importorskip('libvirt', reason='libvirt-python is not installed')
    from novalite.virt.libvirt import driver as lv_driver
    conf.set_override('connection_uri', 'test:///default', group='libvirt')
    conf.set_override('shutdown_timeout', 0, group='libvirt')
    drv = lv_driver.LibvirtDriver(conf, 'host1')
    row = dict(_row(states.ACTIVE, states.RUNNING), id=7654321, image_ref='',
               flavor={'name': 'm1.nano', 'memory_mb': 128, 'vcpus': 1, 'root_gb': 1})
    drv.spawn(None, row, {}, [])
    drv.hyp.lookup(row['uuid']).destroy()  # the guest went away by itself
    mgr = Manager(conf, [row], drv)
    assert power_sync.sync_power_states(mgr, ctx) == {row['uuid']: 'stopped'}
    assert mgr.conductor.rows[row['uuid']]['vm_state'] == states.STOPPED
    drv.hyp.close()
