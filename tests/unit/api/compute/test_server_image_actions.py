"""The image-backed server actions through the compute paste pipeline, in-process: state
checks (Nova's 409s), task states, casts, the queued image, schemas and microversion
differences (the image service is replaced by a recorder; casts are recorded)."""
import uuid

import pytest

from novalite.api import microversion as mv
from novalite.compute import states
from novalite.db import api as db_api
from novalite.image import api as image_api
from tests.unit.api.compute import test_server_actions as base

act = base.act
# the fixtures of the other server actions' tests: recorded casts, the pipeline, a server row
casts, compute, server = base.casts, base.compute, base.server

IMAGE = '11111111-2222-3333-4444-555555555555'


@pytest.fixture
def images(monkeypatch):
    """The image service: created images by id, deleted ids; IMAGE exists."""
    made, deleted = {}, []

    def create(self, values, context=None):
        image = dict(values, id=str(uuid.uuid4()), status='queued')
        made[image['id']] = image
        return image

    def get(self, image_id, context=None):
        if image_id != IMAGE and image_id not in made:
            from novalite import exception
            raise exception.ImageNotFound(image_id=image_id)
        return {'id': image_id, 'status': 'active', 'disk_format': 'qcow2',
                'container_format': 'bare', 'min_disk': 0, 'min_ram': 0, 'size': 1}

    monkeypatch.setattr(image_api.ImageAPI, 'create', create)
    monkeypatch.setattr(image_api.ImageAPI, 'get', get)
    monkeypatch.setattr(image_api.ImageAPI, 'delete',
                        lambda self, image_id, context=None: deleted.append(image_id))
    return made, deleted


@pytest.fixture
def latest(monkeypatch):
    """Serve up to 2.96, whatever the advertised maximum is today."""
    monkeypatch.setattr(mv, 'MAX', mv.APIVersion('2.96'))


def _conflict_message(resp):
    return resp['conflictingRequest']['message']


@pytest.mark.parametrize('body, cast, task_state', [
    ({'createImage': {'name': 'snap'}}, 'snapshot_instance', states.IMAGE_SNAPSHOT),
    ({'createBackup': {'name': 'b', 'backup_type': 'daily', 'rotation': 1}},
     'backup_instance', states.IMAGE_BACKUP),
    ({'shelve': None}, 'shelve_instance', states.SHELVING),
])
def test_image_actions_queue_an_image_and_cast(compute, demo, server, casts, images, body,
                                               cast, task_state):
    sid = server(display_name='vm', image_ref=IMAGE,
                 system_metadata={'image_disk_format': 'raw'})
    status, headers, resp = act(compute, demo, sid, body)
    assert status == 202
    [(method, kwargs)] = casts()
    assert method == cast and kwargs['instance']['uuid'] == sid
    [image] = images[0].values()
    assert kwargs['image_id'] == image['id'] and image['instance_uuid'] == sid
    assert image['disk_format'] == 'raw' and image['base_image_ref'] == IMAGE
    assert image['visibility'] == 'private'
    assert db_api.instance_get(sid)['task_state'] == task_state
    if 'shelve' in body:
        assert image['name'] == 'vm-shelved' and image['image_type'] == 'snapshot'
        assert resp is None
    else:
        assert headers['Location'].endswith('/image/images/%s' % image['id'])
    if 'createBackup' in body:
        assert image['image_type'] == 'backup' and image['backup_type'] == 'daily'
        assert kwargs['rotation'] == 1


def test_image_id_in_the_body_from_2_45(compute, demo, server, casts, images):
    status, headers, resp = act(compute, demo, server(), {'createImage': {'name': 's'}},
                                version='2.45')
    assert status == 202 and 'Location' not in headers
    assert resp == {'image_id': list(images[0])[0]}


@pytest.mark.parametrize('body, action, vm_state', [
    ({'createImage': {'name': 's'}}, 'createImage', states.RESCUED),
    ({'createBackup': {'name': 'b', 'backup_type': 'd', 'rotation': 0}}, 'createBackup',
     states.PAUSED),
    ({'shelve': None}, 'shelve', states.SHELVED_OFFLOADED),
    ({'shelveOffload': None}, 'shelveOffload', states.ACTIVE),
    ({'unshelve': None}, 'unshelve', states.ACTIVE),
    ({'rebuild': {'imageRef': IMAGE}}, 'rebuild', states.PAUSED),
    ({'restore': None}, 'restore', states.ACTIVE),
])
def test_wrong_vm_state_is_409(compute, demo, admin, server, casts, images, body, action,
                               vm_state):
    sid = server(vm_state=vm_state)
    status, _, resp = act(compute, admin, sid, body)
    assert status == 409, resp
    assert _conflict_message(resp) == (
        "Cannot '%s' instance %s while it is in vm_state %s" % (action, sid, vm_state))
    assert casts() == [] and images[0] == {}


def test_busy_server_is_409_and_the_image_is_not_made(compute, demo, server, casts, images):
    sid = server(task_state=states.REBOOTING)
    status, _, resp = act(compute, demo, sid, {'createImage': {'name': 's'}})
    assert status == 409 and _conflict_message(resp) == (
        "Cannot 'createImage' instance %s while it is in task_state rebooting" % sid)
    assert images[0] == {}


def test_shelve_offload_is_admin_only(compute, demo, admin, server, casts):
    sid = server(vm_state=states.SHELVED)
    assert act(compute, demo, sid, {'shelveOffload': None})[0] == 403
    assert act(compute, admin, sid, {'shelveOffload': None})[0] == 202
    assert [m for m, _ in casts()] == ['shelve_offload_instance']
    assert db_api.instance_get(sid)['task_state'] == states.SHELVING_OFFLOADING


def test_unshelve_goes_to_the_conductor(compute, demo, server, casts):
    sid = server(vm_state=states.SHELVED_OFFLOADED, host=None)
    assert act(compute, demo, sid, {'unshelve': None})[0] == 202
    [(method, kwargs)] = casts()
    assert method == 'unshelve_instance' and kwargs['instance_uuid'] == sid
    assert kwargs['request_spec']['host'] is None
    assert db_api.instance_get(sid)['task_state'] == states.UNSHELVING


def test_unshelve_microversions(compute, demo, admin, server, casts, latest):
    shelved = server(vm_state=states.SHELVED)
    status, _, resp = act(compute, demo, shelved,
                          {'unshelve': {'availability_zone': 'nova'}}, version='2.77')
    assert status == 409 and 'must be SHELVED_OFFLOADED' in _conflict_message(resp)
    # below 2.77 the body is not looked at
    sid = server(vm_state=states.SHELVED_OFFLOADED, host=None)
    assert act(compute, demo, sid, {'unshelve': {}}, version='2.76')[0] == 202
    sid = server(vm_state=states.SHELVED_OFFLOADED, host=None)
    assert act(compute, demo, sid, {'unshelve': {}}, version='2.77')[0] == 400
    assert act(compute, demo, sid, {'unshelve': {'availability_zone': 'mars'}},
               version='2.77')[0] == 400
    assert act(compute, demo, sid, {'unshelve': {'host': 'h2'}}, version='2.77')[0] == 400
    assert act(compute, demo, sid, {'unshelve': {'host': 'h2'}}, version='2.91')[0] == 403
    status, _, resp = act(compute, admin, sid, {'unshelve': {'host': 'nohost'}},
                          version='2.91')
    assert status == 400 and resp['badRequest']['message'] == (
        'Compute host nohost could not be found.')
    status, _, _ = act(compute, demo, sid, {'unshelve': {'availability_zone': None}},
                       version='2.91')
    assert status == 202
    assert db_api.instance_get(sid)['availability_zone'] is None


def test_rebuild_view_and_updates(compute, demo, server, casts, images):
    sid = server(vm_state=states.STOPPED, image_ref='old', display_name='a',
                 instance_metadata={'x': '1'})
    status, _, resp = act(compute, demo, sid, {'rebuild': {
        'imageRef': IMAGE, 'name': 'b', 'metadata': {'y': '2'}, 'adminPass': 'pw'}})
    assert status == 202
    view = resp['server']
    assert view['adminPass'] == 'pw' and view['name'] == 'b' and view['status'] == 'REBUILD'
    assert view['metadata'] == {'y': '2'} and 'OS-EXT-STS:task_state' not in view
    [(method, kwargs)] = casts()
    assert method == 'rebuild_instance'
    assert kwargs['rebuild_args']['image_ref'] == IMAGE
    assert kwargs['rebuild_args']['orig_image_ref'] == 'old'
    inst = db_api.instance_get(sid)
    assert (inst['image_ref'], inst['task_state']) == (IMAGE, states.REBUILDING)


def test_rebuild_bad_requests(compute, demo, server, casts, images):
    sid = server()
    status, _, resp = act(compute, demo, sid, {'rebuild': {'imageRef': str(uuid.uuid4())}})
    assert status == 400 and resp['badRequest']['message'] == 'Cannot find image for rebuild'
    assert act(compute, demo, sid, {'rebuild': {'imageRef': IMAGE, 'personality': [
        {'path': '/p', 'contents': 'not base64!'}]}})[0] == 400
    status, _, resp = act(compute, demo, sid, {'rebuild': {'imageRef': IMAGE, 'personality': [
        {'path': '/p%d' % n, 'contents': ''} for n in range(6)]}})
    assert status == 403
    assert act(compute, demo, sid, {'rebuild': {'imageRef': IMAGE, 'key_name': None}},
               version='2.47')[0] == 400
    assert casts() == []


def test_rebuild_microversions(compute, demo, server, casts, images, latest):
    sid = server(flavor={'vcpus': 1, 'memory_mb': 64, 'root_gb': 1, 'ephemeral_gb': 0,
                         'swap': 0, 'name': 'tiny', 'extra_specs': {}})
    assert act(compute, demo, sid, {'rebuild': {'imageRef': IMAGE, 'personality': []}},
               version='2.57')[0] == 400
    assert act(compute, demo, sid, {'rebuild': {'imageRef': IMAGE, 'key_name': 'nokey'}},
               version='2.54')[0] == 400
    assert act(compute, demo, sid, {'rebuild': {'imageRef': IMAGE, 'hostname': 'h'}},
               version='2.89')[0] == 400
    assert act(compute, demo, sid, {'rebuild': {'imageRef': IMAGE, 'hostname': 'a.b'}},
               version='2.90')[0] == 400
    status, _, resp = act(compute, demo, sid, {'rebuild': {
        'imageRef': IMAGE, 'hostname': 'new-name', 'user_data': 'aGk=', 'key_name': None,
        'trusted_image_certificates': ['cert-1']}}, version='2.90')
    assert status == 202 and resp['server']['OS-EXT-STS:task_state'] == 'rebuilding'
    inst = db_api.instance_get(sid)
    assert inst['hostname'] == 'new-name' and inst['user_data'] == 'aGk='
    assert inst['system_metadata']['trusted_image_certificates'] == ['cert-1']


NW_INFO = [{'id': 'port-1', 'address': 'fa:16:3e:00:00:01', 'network': {'label': 'private'},
            'ips': [{'version': 4, 'address': '10.0.0.5', 'type': 'fixed'}]}]
TINY = {'vcpus': 1, 'memory_mb': 64, 'root_gb': 1, 'ephemeral_gb': 0, 'swap': 0,
        'name': 'tiny', 'extra_specs': {}}


def test_rebuild_answer_per_microversion(compute, demo, admin, server, casts, images,
                                         latest):
    """Nova's rebuild view: below 2.75 the update view (plain addresses, no extension
    fields) with key_name from 2.54 and user_data from 2.57; from 2.75 the whole view,
    without OS-EXT-SRV-ATTR:user_data; a Location header; accessIPv6 canonical."""
    sid = server(network_info=NW_INFO, flavor=TINY, key_name=None, user_data='aGk=')

    def rebuild(version, token=demo, **extra):
        db_api.instance_update(sid, {'task_state': None})
        status, headers, resp = act(compute, token, sid,
                                    {'rebuild': dict(imageRef=IMAGE, **extra)}, version)
        assert status == 202, resp
        assert headers['Location'].endswith('/servers/%s' % sid)
        return resp['server']

    view = rebuild('2.53', accessIPv6='0000:0000:0000:0000:0000:babe:220.12.22.2')
    assert view['addresses'] == {'private': [{'version': 4, 'addr': '10.0.0.5'}]}
    assert view['accessIPv6'] == '::babe:dc0c:1602'
    assert not {'key_name', 'user_data', 'OS-EXT-STS:task_state', 'config_drive',
                'security_groups'} & set(view)
    view = rebuild('2.54')
    assert view['key_name'] is None and 'user_data' not in view
    view = rebuild('2.57', token=admin)
    assert view['user_data'] == 'aGk=' and 'OS-EXT-SRV-ATTR:host' not in view
    view = rebuild('2.75', token=admin)
    assert view['addresses']['private'][0]['OS-EXT-IPS:type'] == 'fixed'
    assert view['OS-EXT-STS:task_state'] == 'rebuilding' and view['key_name'] is None
    assert view['user_data'] == 'aGk=' and view['OS-EXT-SRV-ATTR:host'] == 'h1'
    assert 'OS-EXT-SRV-ATTR:user_data' not in view


def test_restore_and_force_delete(compute, demo, server, casts, monkeypatch):
    sid = server(vm_state=states.SOFT_DELETED, power_state=states.SHUTDOWN)
    assert act(compute, demo, sid, {'restore': None})[0] == 202
    assert [m for m, _ in casts()] == ['restore_instance']
    assert db_api.instance_get(sid)['task_state'] == states.RESTORING
    busy = server(vm_state=states.SOFT_DELETED, task_state=states.RESTORING)
    status, _, resp = act(compute, demo, busy, {'forceDelete': None})
    assert status == 409 and "Cannot 'forceDelete'" in _conflict_message(resp)
