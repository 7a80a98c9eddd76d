"""The compute host's volume steps: connect, plug, complete, keep the connection info;
on a failure the attachment is given back, the mapping dropped and a fault left; a failed
detach rolls the volume back to in-use; delete releases (and deletes) volumes."""
import uuid

from novalite import exception
from novalite.compute import volume_manager
from novalite.virt import fake


class Conductor:
    def __init__(self, inst, bdms):
        self.inst, self.bdms = inst, {b['uuid']: b for b in bdms}
        self.events, self.faults = [], []

    def instance_get(self, ctx, uuid):
        return dict(self.inst)

    def bdm_get_by_instance(self, ctx, uuid):
        return list(self.bdms.values())

    def bdm_update(self, ctx, bdm_uuid, values):
        self.bdms[bdm_uuid].update(values)

    def bdm_destroy(self, ctx, bdm_uuid):
        self.bdms.pop(bdm_uuid, None)

    def action_event_start(self, ctx, uuid, event, host):
        self.events.append((event, 'start'))

    def action_event_finish(self, ctx, uuid, event, result, traceback=None):
        self.events.append((event, result))

    def instance_fault_create(self, ctx, uuid, code, message, details, host):
        self.faults.append(message)


class Volumes:
    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        def call(ctx, *args, **kwargs):
            self.calls.append((name,) + args)
            if name == 'attachment_update':
                return {'connection_info': {'driver_volume_type': 'local',
                                            'data': {'device_path': '/tmp/v'}}}
        return call


class Locks:
    def get(self, uuid):
        import threading
        return threading.Lock()


class Manager(volume_manager.VolumesManagerMixin):
    def __init__(self, conf, inst, bdms):
        self.host = 'h1'
        self.driver = fake.FakeDriver(conf, 'h1')
        self.conductor = Conductor(inst, bdms)
        self.volume_api = Volumes()
        self.locks = Locks()


def _setup(conf, metadata=None):
    inst = {'uuid': str(uuid.uuid4()), 'metadata': metadata or {}, 'flavor': {},
            'hostname': 'vm'}
    bdm = {'uuid': str(uuid.uuid4()), 'volume_id': 'vol-1', 'attachment_id': 'att-1',
           'device_name': '/dev/vdb', 'disk_bus': 'virtio', 'device_type': 'disk',
           'delete_on_termination': True}
    mgr = Manager(conf, inst, [bdm])
    mgr.driver.spawn(None, inst, {}, [])
    return mgr, inst, bdm


def test_attach_connects_plugs_completes_and_keeps_connection_info(conf):
    mgr, inst, bdm = _setup(conf)
    mgr.attach_volume(None, inst, bdm)
    names = [c[0] for c in mgr.volume_api.calls]
    assert names == ['attachment_update', 'attachment_complete']
    assert mgr.volume_api.calls[0][2]['host'] == 'h1'           # the connector
    assert mgr.driver.guest(inst['uuid'])['volumes']['/dev/vdb']['volume_id'] == 'vol-1'
    saved = mgr.conductor.bdms[bdm['uuid']]['connection_info']
    assert saved['data']['device_path'] == '/tmp/v' and saved['serial'] == 'vol-1'
    assert mgr.conductor.events[-1] == ('compute_attach_volume', 'Success')


def test_failed_attach_gives_everything_back(conf):
    mgr, inst, bdm = _setup(conf, {fake.FAIL_KEY: 'attach_volume'})
    mgr.attach_volume(None, inst, bdm)
    assert ('attachment_delete', 'att-1') in mgr.volume_api.calls
    assert 'attachment_complete' not in [c[0] for c in mgr.volume_api.calls]
    assert mgr.conductor.bdms == {}
    assert mgr.conductor.faults and mgr.conductor.events[-1] == (
        'compute_attach_volume', 'Error')


def test_detach_unplugs_deletes_the_attachment_and_the_mapping(conf):
    mgr, inst, bdm = _setup(conf)
    mgr.attach_volume(None, inst, bdm)
    mgr.detach_volume(None, inst, 'vol-1', 'att-1')
    assert '/dev/vdb' not in mgr.driver.guest(inst['uuid'])['volumes']
    assert mgr.volume_api.calls[-1] == ('attachment_delete', 'att-1')
    assert mgr.conductor.bdms == {}


def test_failed_detach_rolls_back(conf):
    mgr, inst, bdm = _setup(conf)
    mgr.attach_volume(None, inst, bdm)
    mgr.conductor.inst['metadata'] = {fake.FAIL_KEY: 'detach_volume'}
    mgr.detach_volume(None, inst, 'vol-1', 'att-1')
    assert mgr.volume_api.calls[-1] == ('roll_detaching', 'vol-1')
    assert bdm['uuid'] in mgr.conductor.bdms
    assert mgr.conductor.events[-1] == ('compute_detach_volume', 'Error')


def test_release_at_delete_deletes_volumes_marked_so(conf):
    mgr, inst, bdm = _setup(conf)
    keep = dict(bdm, uuid=str(uuid.uuid4()), volume_id='vol-2', attachment_id='att-2',
                delete_on_termination=False)
    mgr._release_volumes(None, inst, [bdm, keep])
    assert ('delete', 'vol-1') in mgr.volume_api.calls
    assert ('delete', 'vol-2') not in mgr.volume_api.calls
    assert {('attachment_delete', 'att-1'), ('attachment_delete', 'att-2')} <= set(
        mgr.volume_api.calls)


def test_release_goes_on_after_a_failure(conf):
    mgr, inst, bdm = _setup(conf)

    def refuse(ctx, attachment_id):
        raise exception.ServiceUnavailable(reason='down')
    mgr.volume_api.attachment_delete = refuse
    mgr._release_volumes(None, inst, [bdm])
    assert mgr.conductor.bdms == {}
