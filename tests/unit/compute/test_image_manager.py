"""The compute manager's image-backed actions (compute/image_manager.py) with the fake
driver and in-memory stand-ins for the conductor, image and network services: the task
states each action passes through, the image side effects, failures and the periodic
tasks."""
import datetime
import uuid

import pytest

from novalite import context
from novalite import exception
from novalite.compute import manager
from novalite.compute import states
from novalite.db import models
from novalite.virt import fake


class Conductor:
    """The conductor's database proxy over a dict, with the task_state compare-and-swap."""

    def __init__(self):
        self.instances = {}
        self.history = []          # (uuid, task_state) as they were set
        self.events = []
        self.released = []
        self.faults = []

    def instance_get(self, ctx, uuid):
        if uuid not in self.instances:
            raise exception.InstanceNotFound(instance_id=uuid)
        return dict(self.instances[uuid])

    def instance_update(self, ctx, uuid, updates, expected_task_state=None,
                        check_task_state=False):
        inst = self.instances[uuid]
        if check_task_state:
            allowed = expected_task_state if isinstance(expected_task_state, list) \
                else [expected_task_state]
            if inst['task_state'] not in allowed:
                raise exception.UnexpectedStateError(attr='task_state', expected=allowed,
                                                     actual=inst['task_state'])
        inst.update(updates)
        if 'task_state' in updates:
            self.history.append(updates['task_state'])
        return dict(inst)

    def instances_on_host(self, ctx, host):
        return [dict(i) for i in self.instances.values() if i['host'] == host]

    def instance_destroy(self, ctx, uuid):
        return self.instances.pop(uuid)

    def bdm_get_by_instance(self, ctx, uuid):
        return []

    def action_event_start(self, ctx, uuid, event, host):
        self.events.append((event, 'start'))

    def action_event_finish(self, ctx, uuid, event, result, traceback=None):
        self.events.append((event, result))

    def instance_fault_create(self, ctx, uuid, code, message, details, host):
        self.faults.append(message)

    def release_resources(self, ctx, uuid):
        self.released.append(uuid)


class Images:
    def __init__(self):
        self.data, self.deleted = {}, []
        self.backups = []

    def upload(self, image_id, data):
        self.data[image_id] = data

    def delete(self, image_id, context=None):
        self.deleted.append(image_id)

    def get(self, image_id, context=None):
        return {'id': image_id, 'status': 'active', 'properties': {}}

    def list(self, context=None, **filters):
        return [{'id': i} for i in self.backups]


class Network:
    def __init__(self):
        self.updates = []

    def update_port(self, port_id, body):
        self.updates.append((port_id, body))


@pytest.fixture
def mgr(conf):
    m = manager.ComputeManager.__new__(manager.ComputeManager)
    m.conf, m.host = conf, 'h1'
    m.driver = fake.FakeDriver(conf, 'h1')
    m.conductor, m.image, m.network = Conductor(), Images(), Network()
    m.locks = manager._InstanceLocks()
    return m


@pytest.fixture
def ctx():
    return context.get_admin_context()


def _running(mgr, ctx, **values):
    inst = {'uuid': str(uuid.uuid4()), 'hostname': 'vm', 'host': 'h1', 'node': 'h1',
            'vm_state': states.ACTIVE, 'task_state': None, 'power_state': states.RUNNING,
            'flavor': {'extra_specs': {}}, 'metadata': {}, 'system_metadata': {},
            'network_info': [{'id': 'port-1'}], 'image_ref': 'img', 'deleted_at': None}
    inst.update(values)
    mgr.driver.spawn(ctx, dict(inst, vm_state=states.BUILDING), {'id': 'img'}, [])
    mgr.conductor.instances[inst['uuid']] = inst
    return inst


def _set(mgr, inst, **values):
    mgr.conductor.instances[inst['uuid']].update(values)
    return dict(mgr.conductor.instances[inst['uuid']])


def test_snapshot_passes_the_upload_states_and_uploads(mgr, ctx):
    inst = _set(mgr, _running(mgr, ctx), task_state=states.IMAGE_SNAPSHOT)
    mgr.snapshot_instance(ctx, inst, 'snap-1')
    assert mgr.conductor.history == [states.IMAGE_SNAPSHOT_PENDING,
                                     states.IMAGE_PENDING_UPLOAD, states.IMAGE_UPLOADING, None]
    assert mgr.image.data['snap-1'][:4] == b'QFI\xfb'
    assert inst['uuid'].encode() in mgr.image.data['snap-1']
    assert ('compute_snapshot_instance', 'Success') in mgr.conductor.events


def test_snapshot_failure_deletes_the_image_and_clears_the_task(mgr, ctx):
    inst = _set(mgr, _running(mgr, ctx, metadata={'novalite:fail': 'snapshot'}),
                task_state=states.IMAGE_SNAPSHOT)
    mgr.snapshot_instance(ctx, inst, 'snap-1')
    current = mgr.conductor.instances[inst['uuid']]
    assert current['task_state'] is None and current['vm_state'] == states.ACTIVE
    assert mgr.image.deleted == ['snap-1'] and 'snap-1' not in mgr.image.data
    assert ('compute_snapshot_instance', 'Error') in mgr.conductor.events
    assert 'injected failure at step snapshot' in mgr.conductor.faults[0]


def test_backup_rotates_all_but_the_newest(mgr, ctx):
    inst = _set(mgr, _running(mgr, ctx), task_state=states.IMAGE_BACKUP)
    mgr.image.backups = ['old-1', 'new', 'old-2']     # the list comes newest first
    mgr.backup_instance(ctx, inst, 'new', 'daily', 2)
    assert mgr.image.deleted == ['old-2']
    assert mgr.conductor.instances[inst['uuid']]['task_state'] is None


def test_shelve_with_offload_at_once(mgr, ctx):
    inst = _set(mgr, _running(mgr, ctx), task_state=states.SHELVING)
    mgr.shelve_instance(ctx, inst, 'shelved-img', True)
    current = mgr.conductor.instances[inst['uuid']]
    assert mgr.conductor.history == [states.SHELVING_IMAGE_PENDING_UPLOAD,
                                     states.SHELVING_IMAGE_UPLOADING,
                                     states.SHELVING_OFFLOADING, None]
    assert current['vm_state'] == states.SHELVED_OFFLOADED
    assert current['host'] is None and current['node'] is None
    assert current['power_state'] == states.SHUTDOWN
    assert current['system_metadata']['shelved_image_id'] == 'shelved-img'
    assert mgr.driver.guest(inst['uuid']) is None
    assert mgr.conductor.released == [inst['uuid']]
    assert mgr.network.updates == [('port-1', {'binding:host_id': ''})]


def test_shelve_kept_then_offloaded_by_the_periodic_task(mgr, ctx, conf):
    conf.set_override('shelved_offload_time', 60)
    inst = _set(mgr, _running(mgr, ctx), task_state=states.SHELVING)
    mgr.shelve_instance(ctx, inst, 'img-s', True)
    current = mgr.conductor.instances[inst['uuid']]
    assert (current['vm_state'], current['task_state']) == (states.SHELVED, None)
    assert mgr.driver.get_power_state(current) == states.SHUTDOWN
    mgr._poll_shelved_instances(ctx)                   # not old enough yet
    assert current['vm_state'] == states.SHELVED
    old = datetime.datetime(2000, 1, 1).isoformat()
    current['system_metadata']['shelved_at'] = old
    mgr._poll_shelved_instances(ctx)
    assert current['vm_state'] == states.SHELVED_OFFLOADED and current['host'] is None


def test_failed_shelve_keeps_the_server(mgr, ctx):
    inst = _set(mgr, _running(mgr, ctx, metadata={'novalite:fail': 'shelve'}),
                task_state=states.SHELVING)
    mgr.shelve_instance(ctx, inst, 'img-s', True)
    current = mgr.conductor.instances[inst['uuid']]
    assert (current['vm_state'], current['task_state']) == (states.ACTIVE, None)
    assert mgr.image.deleted == [] and mgr.driver.get_power_state(current) == states.RUNNING


def test_unshelve_spawns_from_the_shelved_image_and_deletes_it(mgr, ctx):
    inst = {'uuid': str(uuid.uuid4()), 'hostname': 'vm', 'host': 'h1', 'node': 'h1',
            'vm_state': states.SHELVED_OFFLOADED, 'task_state': states.UNSHELVING,
            'power_state': states.SHUTDOWN, 'flavor': {'extra_specs': {}}, 'metadata': {},
            'system_metadata': {'shelved_image_id': 'img-s', 'shelved_host': 'h0'},
            'network_info': [{'id': 'port-1'}], 'image_ref': 'img'}
    mgr.conductor.instances[inst['uuid']] = inst
    mgr.unshelve_instance(ctx, dict(inst), {'id': 'img-s'}, {})
    assert mgr.conductor.history == [states.SPAWNING, None]
    assert inst['vm_state'] == states.ACTIVE and inst['system_metadata'] == {}
    assert mgr.driver.guest(inst['uuid'])['image'] == 'img-s'
    assert mgr.image.deleted == ['img-s']
    assert mgr.network.updates == [('port-1', {'binding:host_id': 'h1'})]


def test_failed_unshelve_frees_the_host(mgr, ctx):
    inst = {'uuid': str(uuid.uuid4()), 'hostname': 'vm', 'host': 'h1', 'node': 'h1',
            'vm_state': states.SHELVED_OFFLOADED, 'task_state': states.UNSHELVING,
            'power_state': states.SHUTDOWN, 'flavor': {'extra_specs': {}},
            'metadata': {'novalite:fail': 'unshelve'},
            'system_metadata': {'shelved_image_id': 'img-s'}, 'network_info': [],
            'image_ref': 'img'}
    mgr.conductor.instances[inst['uuid']] = inst
    mgr.unshelve_instance(ctx, dict(inst), {'id': 'img-s'}, {})
    assert inst['vm_state'] == states.SHELVED_OFFLOADED and inst['task_state'] is None
    assert inst['host'] is None and mgr.conductor.released == [inst['uuid']]
    assert mgr.image.deleted == []


def test_rebuild_states_and_a_stopped_server_stays_stopped(mgr, ctx):
    inst = _running(mgr, ctx)
    mgr.driver.power_off(inst)
    inst = _set(mgr, inst, vm_state=states.STOPPED, task_state=states.REBUILDING,
                power_state=states.SHUTDOWN)
    mgr.rebuild_instance(ctx, inst, 'pw', [], 'img-2', 'img', False)
    current = mgr.conductor.instances[inst['uuid']]
    assert mgr.conductor.history == [states.REBUILD_BLOCK_DEVICE_MAPPING,
                                     states.REBUILD_SPAWNING, states.POWERING_OFF, None]
    assert current['vm_state'] == states.STOPPED
    assert mgr.driver.guest(inst['uuid'])['image'] == 'img-2'


def test_failed_rebuild_is_error(mgr, ctx):
    inst = _set(mgr, _running(mgr, ctx, metadata={'novalite:fail': 'rebuild'}),
                task_state=states.REBUILDING)
    mgr.rebuild_instance(ctx, inst, 'pw', [], 'img-2', 'img', False)
    current = mgr.conductor.instances[inst['uuid']]
    assert (current['vm_state'], current['task_state']) == (states.ERROR, None)


def test_soft_delete_restore_and_reclaim(mgr, ctx, conf):
    inst = _set(mgr, _running(mgr, ctx), task_state=states.SOFT_DELETING,
                deleted_at=models.utcnow())
    mgr.soft_delete_instance(ctx, inst)
    current = mgr.conductor.instances[inst['uuid']]
    assert (current['vm_state'], current['power_state']) == (states.SOFT_DELETED,
                                                             states.SHUTDOWN)
    _set(mgr, inst, task_state=states.RESTORING)
    mgr.restore_instance(ctx, inst)
    assert (current['vm_state'], current['power_state']) == (states.ACTIVE, states.RUNNING)
    _set(mgr, inst, vm_state=states.SOFT_DELETED, deleted_at=models.utcnow())
    conf.set_override('reclaim_instance_interval', 3600)
    mgr._reclaim_queued_deletes(ctx)
    assert inst['uuid'] in mgr.conductor.instances          # not old enough
    _set(mgr, inst, deleted_at=(models.utcnow() - datetime.timedelta(hours=2)).isoformat())
    mgr._reclaim_queued_deletes(ctx)
    assert inst['uuid'] not in mgr.conductor.instances
    assert mgr.driver.guest(inst['uuid']) is None


def test_periodic_tasks_respect_their_spacing(mgr, ctx, conf, monkeypatch):
    calls = []
    monkeypatch.setattr(mgr, '_poll_shelved_instances', lambda c: calls.append('shelved'))
    monkeypatch.setattr(mgr, '_reclaim_queued_deletes', lambda c: calls.append('reclaim'))
    monkeypatch.setattr(mgr, '_clean_evacuated_instances', lambda c: calls.append('evac'))
    monkeypatch.setattr(mgr, '_sync_power_states', lambda c: calls.append('sync'))
    conf.set_override('resize_confirm_window', 0)   # 0: never auto-confirm
    mgr.periodic_tasks(ctx)
    mgr.periodic_tasks(ctx)  # shelved_poll_interval (3600 s) and the 600 s sync are not due
    assert calls == ['shelved', 'reclaim', 'evac', 'sync', 'reclaim', 'evac']
