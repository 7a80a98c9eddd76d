"""compute.api volumes: Nova's checks before an attach or detach (state, lock, multiattach,
already attached, device in use), the mapping and the reserved attachment, the instance
action, the cast to the host, and nothing left behind when the block storage refuses."""
import uuid

import pytest

from novalite import context
from novalite import exception
from novalite import exception_volume as errors
from novalite.compute import api as compute_api
from novalite.compute import states
from novalite.compute import volumes
from novalite.db import api as db_api
from novalite.db import block_devices
from novalite.db import session as db


class Casts:
    def __init__(self):
        self.sent = []

    def __getattr__(self, name):
        return lambda ctx, host, instance, *args: self.sent.append((name, host, args))


class FakeVolumes:
    """The block-storage API as compute.api uses it, in memory."""

    def __init__(self):
        self.volumes = {}
        self.attachments = {}
        self.calls = []
        self.refuse = None

    def add(self, status='available', multiattach=False, migration_status=None):
        vid = str(uuid.uuid4())
        self.volumes[vid] = {'id': vid, 'status': status, 'size': 1,
                             'multiattach': multiattach,
                             'migration_status': migration_status}
        return vid

    def get(self, ctx, volume_id):
        if volume_id not in self.volumes:
            raise errors.VolumeNotFound(volume_id=volume_id)
        return dict(self.volumes[volume_id])

    def attachment_create(self, ctx, volume_id, instance_uuid):
        self.calls.append(('attachment_create', volume_id))
        if self.refuse:
            raise errors.InvalidVolume(reason=self.refuse)
        aid = str(uuid.uuid4())
        self.attachments[aid] = volume_id
        self.volumes[volume_id]['status'] = 'reserved'
        return {'id': aid}

    def attachment_complete(self, ctx, attachment_id):
        self.calls.append(('attachment_complete', attachment_id))
        self.volumes[self.attachments[attachment_id]]['status'] = 'in-use'

    def attachment_delete(self, ctx, attachment_id):
        self.calls.append(('attachment_delete', attachment_id))
        volume_id = self.attachments.pop(attachment_id, None)
        if volume_id:
            self.volumes[volume_id]['status'] = 'available'

    def begin_detaching(self, ctx, volume_id):
        self.calls.append(('begin_detaching', volume_id))
        if self.volumes[volume_id]['status'] != 'in-use':
            raise errors.InvalidVolume(reason='Unable to detach volume. Volume status must '
                                              'be in-use and attach_status must be attached '
                                              'to detach.')
        self.volumes[volume_id]['status'] = 'detaching'

    def roll_detaching(self, ctx, volume_id):
        self.calls.append(('roll_detaching', volume_id))


@pytest.fixture
def api(conf, database):
    a = compute_api.API(conf)
    a._compute = Casts()
    a.volume_api = FakeVolumes()
    return a


@pytest.fixture
def member():
    return context.RequestContext(user_id='u1', project_id='p1', roles=['member'],
                                  request_id='req-%s' % uuid.uuid4())


def make(vm_state=states.ACTIVE, task_state=None, host='h1', **extra):
    values = {'uuid': str(uuid.uuid4()), 'project_id': 'p1', 'user_id': 'u1',
              'flavor_id': '1', 'flavor': {'swap': 0}, 'vcpus': 1, 'memory_mb': 64,
              'root_gb': 1, 'vm_state': vm_state, 'task_state': task_state, 'host': host,
              'reservation_id': 'r-1', 'power_state': states.RUNNING,
              'root_device_name': '/dev/vda'}
    values.update(extra)
    with db.transaction() as session:
        return db_api.instance_create(session, values)


def test_attach_maps_reserves_records_and_casts(api, member):
    inst = make()
    vid = api.volume_api.add()
    bdm = api.attach_volume(member, inst, vid, tag='data', delete_on_termination=True)
    assert bdm['device_name'] == '/dev/vdb'
    assert (bdm['tag'], bdm['delete_on_termination']) == ('data', True)
    assert api.volume_api.volumes[vid]['status'] == 'reserved'
    assert bdm['attachment_id'] in api.volume_api.attachments
    [(name, host, (sent_bdm,))] = api.compute_rpc.sent
    assert (name, host, sent_bdm['uuid']) == ('attach_volume', 'h1', bdm['uuid'])
    assert [a['action'] for a in db_api.actions_list(inst['uuid'])] == ['attach_volume']
    # the next volume gets the next device
    second = api.attach_volume(member, inst, api.volume_api.add())
    assert second['device_name'] == '/dev/vdc'


@pytest.mark.parametrize('vm_state,task_state', [
    (states.BUILDING, states.SPAWNING), (states.ERROR, None), (states.RESCUED, None),
    (states.SUSPENDED, None), (states.ACTIVE, states.REBOOTING)])
def test_attach_in_a_forbidding_state_is_409_and_leaves_nothing(api, member, vm_state,
                                                                 task_state):
    inst = make(vm_state=vm_state, task_state=task_state)
    vid = api.volume_api.add()
    with pytest.raises(exception.InstanceInvalidState) as err:
        api.attach_volume(member, inst, vid)
    assert err.value.code == 409
    assert block_devices.get_by_instance(inst['uuid']) == []
    assert api.volume_api.calls == [] and api.compute_rpc.sent == []


def test_attach_to_a_locked_server_is_409_for_its_owner(api, member):
    inst = make(locked=True, locked_by='admin')
    with pytest.raises(exception.InstanceIsLocked):
        api.attach_volume(member, inst, api.volume_api.add())


def test_attach_of_an_unknown_volume_is_404(api, member):
    with pytest.raises(errors.VolumeNotFound) as err:
        api.attach_volume(member, make(), str(uuid.uuid4()))
    assert err.value.code == 404


def test_same_volume_twice_is_400(api, member):
    inst = make()
    vid = api.volume_api.add()
    api.attach_volume(member, inst, vid)
    with pytest.raises(errors.InvalidVolume) as err:
        api.attach_volume(member, inst, vid)
    assert err.value.code == 400 and 'already attached' in err.value.format_message()


def test_requested_device_in_use_is_409(api, member):
    inst = make()
    api.attach_volume(member, inst, api.volume_api.add(), device='/dev/vdc')
    with pytest.raises(errors.DevicePathInUse) as err:
        api.attach_volume(member, inst, api.volume_api.add(), device='/dev/vdc')
    assert err.value.code == 409
    with pytest.raises(errors.DevicePathInUse):
        api.attach_volume(member, inst, api.volume_api.add(), device='/dev/vda')


def test_multiattach_needs_2_60(api, member):
    vid = api.volume_api.add(multiattach=True)
    with pytest.raises(errors.MultiattachNotSupportedOldMicroversion):
        api.attach_volume(member, make(), vid)
    assert api.attach_volume(member, make(), vid, supports_multiattach=True)


def test_refused_attachment_leaves_no_mapping(api, member):
    inst = make()
    api.volume_api.refuse = 'volume is in-use'
    with pytest.raises(errors.InvalidVolume):
        api.attach_volume(member, inst, api.volume_api.add())
    assert block_devices.get_by_instance(inst['uuid']) == []
    assert api.compute_rpc.sent == []


def test_failed_cast_gives_the_attachment_back(api, member):
    inst = make()
    vid = api.volume_api.add()

    def boom(*args):
        raise exception.ServiceUnavailable(reason='rpc')
    api._compute = type('C', (), {'attach_volume': staticmethod(boom)})()
    with pytest.raises(exception.ServiceUnavailable):
        api.attach_volume(member, inst, vid)
    assert api.volume_api.volumes[vid]['status'] == 'available'
    assert block_devices.get_by_instance(inst['uuid']) == []


def test_shelved_offloaded_attach_completes_in_the_api(api, member):
    inst = make(vm_state=states.SHELVED_OFFLOADED, host=None)
    vid = api.volume_api.add()
    bdm = api.attach_volume(member, inst, vid)
    assert api.volume_api.volumes[vid]['status'] == 'in-use'
    assert api.compute_rpc.sent == []
    # and detach there too: the attachment and the mapping go
    api.detach_volume(member, inst, api.volume_api.get(member, vid), bdm)
    assert api.volume_api.volumes[vid]['status'] == 'available'
    assert block_devices.get_by_instance(inst['uuid']) == []


def test_detach_begins_detaching_and_casts(api, member):
    inst = make()
    vid = api.volume_api.add()
    bdm = api.attach_volume(member, inst, vid)
    api.volume_api.attachment_complete(member, bdm['attachment_id'])
    api.detach_volume(member, inst, api.volume_api.get(member, vid), bdm)
    assert api.volume_api.volumes[vid]['status'] == 'detaching'
    name, host, args = api.compute_rpc.sent[-1]
    assert (name, args) == ('detach_volume', (vid, bdm['attachment_id']))


def test_detach_of_a_volume_still_attaching_is_400(api, member):
    inst = make()
    vid = api.volume_api.add()
    bdm = api.attach_volume(member, inst, vid)
    with pytest.raises(errors.InvalidVolume):
        api.detach_volume(member, inst, api.volume_api.get(member, vid), bdm)
    assert len(api.compute_rpc.sent) == 1


def test_swap_of_a_volume_that_is_not_migrating_is_409(api, member):
    inst = make()
    old = api.volume_api.get(member, api.volume_api.add(status='in-use'))
    new = api.volume_api.get(member, api.volume_api.add())
    with pytest.raises(errors.VolumeNotMigrating) as err:
        api.swap_volume(member, inst, old, new)
    assert err.value.code == 409 and 'should only be called by Cinder' in str(err.value)


def test_device_names_skip_root_ephemeral_and_swap():
    inst = {'root_device_name': '/dev/vda', 'ephemeral_gb': 1, 'flavor': {'swap': 512}}
    assert volumes.next_device_name(inst, []) == '/dev/vdd'
    bdms = [{'device_name': '/dev/vdd'}, {'device_name': '/dev/vde'}]
    assert volumes.next_device_name(inst, bdms) == '/dev/vdf'
    assert volumes.next_device_name(inst, bdms, '/dev/vdz') == '/dev/vdz'
    assert volumes.device_letters(26) == 'aa'


def test_local_delete_releases_volumes(api, member):
    inst = make(host=None, vm_state=states.SHELVED_OFFLOADED)
    keep, drop = api.volume_api.add(), api.volume_api.add()
    api.attach_volume(member, inst, keep)
    api.attach_volume(member, inst, drop, delete_on_termination=True)
    deleted = []
    api.volume_api.delete = lambda ctx, vid: deleted.append(vid)
    api.delete(member, db_api.instance_get(inst['uuid']))
    assert deleted == [drop]
    assert api.volume_api.volumes[keep]['status'] == 'available'
    assert block_devices.get_by_instance(inst['uuid']) == []
