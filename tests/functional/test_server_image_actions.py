"""The image-backed server actions against `novalite serve` over HTTP: createImage,
createBackup (rotation), shelve / shelveOffload / unshelve, rebuild, soft delete with
restore / forceDelete and the periodic tasks that offload and reclaim; each action's
intermediate states, Nova's 409s, image side effects, microversion differences, failure
injection and the openstack client with --wait."""
import time

import pytest

from tests.functional.conftest import start_cloud
from tests.functional.conftest import stop_cloud
from tests.functional.test_boot_flow import _image_id
from tests.functional.test_clients import _bin
from tests.functional.test_clients import run
from tests.functional.test_server_actions import _act
from tests.functional.test_server_actions import _actions
from tests.functional.test_server_actions import _active
from tests.functional.test_server_actions import _conflict
from tests.functional.test_server_actions import _delete
from tests.functional.test_server_actions import _events
from tests.functional.test_server_actions import _show
from tests.functional.test_server_actions import _wait
from tests.functional.test_server_actions import SERVERS

# periodic tasks every second; a shelved server is offloaded after 5 s, a deleted one
# stays SOFT_DELETED for 5 s
TUNED_CONFIG = """
[DEFAULT]
periodic_interval = 1
shelved_offload_time = 5
shelved_poll_interval = 1
reclaim_instance_interval = 5
"""


@pytest.fixture(scope='module')
def tuned(tmp_path_factory):
    c = start_cloud(tmp_path_factory.mktemp('novalite-tuned'), config=TUNED_CONFIG)
    yield c
    stop_cloud(c.process)


def _supports(cloud, version):
    body = cloud.request('GET', '/compute/', token=None)[2]
    top = [v for v in body['versions'] if v['id'] == 'v2.1'][0]['version']
    return tuple(map(int, top.split('.'))) >= tuple(map(int, version.split('.')))


def _needs(cloud, version):
    if not _supports(cloud, version):
        pytest.skip('microversion %s is not served yet' % version)


def _image(cloud, image_id, token='admin'):
    status, _, body = cloud.request('GET', '/image/v2/images/%s' % image_id, token=token)
    return body if status == 200 else None


def _task_states(cloud, sid, until, timeout=30):
    """The task states seen (in order) until the server's status is ``until``."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        server = _show(cloud, sid, token='admin')
        if not seen or seen[-1] != server['OS-EXT-STS:task_state']:
            seen.append(server['OS-EXT-STS:task_state'])
        if server['status'] in (until, 'ERROR') and server['OS-EXT-STS:task_state'] is None:
            assert server['status'] == until, (server, seen)
            return server, seen
        time.sleep(0.05)
    raise AssertionError('server %s stuck: %s' % (sid, seen))


def _wait_task(cloud, sid, task_state, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _show(cloud, sid, token='admin')['OS-EXT-STS:task_state'] == task_state:
            return
        time.sleep(0.02)
    raise AssertionError('server %s never reached task_state %s' % (sid, task_state))


def _memory_used(cloud):
    body = cloud.request('GET', '/compute/v2.1/os-hypervisors/detail', token='admin')[2]
    return sum(h['memory_mb_used'] for h in body['hypervisors'])


def _backups(cloud, sid, backup_type):
    body = cloud.request('GET', '/image/v2/images?instance_uuid=%s&image_type=backup'
                                '&backup_type=%s' % (sid, backup_type), token='admin')[2]
    return body['images']


# --------------------------------------------------------------------------- createImage
def test_create_image_location_then_body(cloud):
    sid = _active(cloud, 'img-create', **{'novalite:delay_snapshot': '1'})
    status, headers, body = cloud.request(
        'POST', '%s/%s/action' % (SERVERS, sid), version='2.44',
        body={'createImage': {'name': 'snap-a', 'metadata': {'purpose': 'test'}}})
    assert status == 202 and body is None
    image_id = headers['Location'].rsplit('/', 1)[-1]
    assert headers['Location'].endswith('/image/images/%s' % image_id)
    _wait_task(cloud, sid, 'image_pending_upload')
    _conflict(cloud, sid, {'createImage': {'name': 'again'}}, 'createImage', 'task_state',
              'image_pending_upload')
    assert _image(cloud, image_id)['status'] == 'queued'
    server, seen = _task_states(cloud, sid, 'ACTIVE')
    assert server['OS-EXT-STS:power_state'] == 1
    image = _image(cloud, image_id, token='demo')
    assert image['status'] == 'active' and image['name'] == 'snap-a'
    assert image['owner'] == server['tenant_id'] and image['visibility'] == 'private'
    assert image['image_type'] == 'snapshot' and image['instance_uuid'] == sid
    assert image['base_image_ref'] == _image_id(cloud) and image['purpose'] == 'test'
    assert image['size'] > 0
    actions = _actions(cloud, sid)
    assert actions[0]['action'] == 'createImage'
    assert _events(cloud, sid, actions[0]['request_id']) == [
        ('compute_snapshot_instance', 'Success')]
    # 2.45: the image id in the body, no Location
    status, headers, body = cloud.request('POST', '%s/%s/action' % (SERVERS, sid),
                                          body={'createImage': {'name': 'snap-b'}},
                                          version='2.45')
    assert status == 202 and 'Location' not in headers
    _task_states(cloud, sid, 'ACTIVE')
    assert _image(cloud, body['image_id'])['status'] == 'active'
    _act(cloud, sid, {'createImage': {}}, expect=400)
    _act(cloud, sid, {'createImage': {'name': ' lead'}}, expect=400)
    for img in (image_id, body['image_id']):
        cloud.request('DELETE', '/image/v2/images/%s' % img, token='admin')
    _delete(cloud, sid)


def test_create_image_failure_deletes_the_image(cloud):
    sid = _active(cloud, 'img-fail', **{'novalite:fail': 'snapshot'})
    body = _act(cloud, sid, {'createImage': {'name': 'doomed'}}, version='2.45')
    server, _ = _task_states(cloud, sid, 'ACTIVE')
    assert server['OS-EXT-STS:vm_state'] == 'active'
    assert _image(cloud, body['image_id']) is None
    action = _actions(cloud, sid)[0]
    assert action['action'] == 'createImage'
    assert _events(cloud, sid, action['request_id']) == [('compute_snapshot_instance', 'Error')]
    _delete(cloud, sid)


# --------------------------------------------------------------------------- createBackup
def test_create_backup_rotation(cloud):
    sid = _active(cloud, 'img-backup')
    made = []
    for n in range(3):
        body = _act(cloud, sid, {'createBackup': {'name': 'bk-%d' % n, 'backup_type': 'daily',
                                                  'rotation': 2}}, version='2.45')
        made.append(body['image_id'])
        _, seen = _task_states(cloud, sid, 'ACTIVE')
        assert seen[0] in ('image_backup', 'image_pending_upload', 'image_uploading', None)
    kept = {i['id'] for i in _backups(cloud, sid, 'daily')}
    assert kept == set(made[1:])                     # the oldest one was rotated out
    assert _image(cloud, made[0]) is None
    assert all(_image(cloud, i)['backup_type'] == 'daily' for i in made[1:])
    # below 2.45: the Location header; another type keeps its own rotation
    status, headers, _ = cloud.request(
        'POST', '%s/%s/action' % (SERVERS, sid), version='2.1',
        body={'createBackup': {'name': 'wk', 'backup_type': 'weekly', 'rotation': '1'}})
    assert status == 202 and '/image/images/' in headers['Location']
    _task_states(cloud, sid, 'ACTIVE')
    assert len(_backups(cloud, sid, 'weekly')) == 1
    assert {i['id'] for i in _backups(cloud, sid, 'daily')} == kept
    assert _actions(cloud, sid)[0]['action'] == 'createBackup'
    _act(cloud, sid, {'createBackup': {'name': 'x', 'backup_type': 'daily'}}, expect=400)
    _act(cloud, sid, {'createBackup': {'name': 'x', 'backup_type': 'daily',
                                       'rotation': -1}}, expect=400)
    _act(cloud, sid, {'pause': None})
    _wait(cloud, sid, 'PAUSED')
    _conflict(cloud, sid, {'createBackup': {'name': 'x', 'backup_type': 'daily',
                                            'rotation': 1}},
              'createBackup', 'vm_state', 'paused')
    for img in kept | {i['id'] for i in _backups(cloud, sid, 'weekly')}:
        cloud.request('DELETE', '/image/v2/images/%s' % img, token='admin')
    _delete(cloud, sid)


# --------------------------------------------------------------------------- shelve
def test_shelve_offloads_at_once_and_unshelve_schedules_again(cloud):
    sid = _active(cloud, 'shelf', **{'novalite:delay_snapshot': '0.5',
                                     'novalite:delay_unshelve': '0.5'})
    used = _memory_used(cloud)
    _conflict(cloud, sid, {'unshelve': None}, 'unshelve', 'vm_state', 'active')
    _act(cloud, sid, {'shelve': None})
    server, seen = _task_states(cloud, sid, 'SHELVED_OFFLOADED')
    assert 'shelving_image_pending_upload' in seen, seen
    assert server['OS-EXT-SRV-ATTR:host'] is None and server['hostId'] == ''
    assert server['OS-EXT-STS:power_state'] == 4
    assert _memory_used(cloud) == used - 128         # the host's claim was freed
    images = cloud.request('GET', '/image/v2/images?name=shelf-shelved', token='admin')[2]
    [image] = images['images']
    assert image['status'] == 'active' and image['instance_uuid'] == sid
    assert image['image_type'] == 'snapshot'
    _conflict(cloud, sid, {'shelve': None}, 'shelve', 'vm_state', 'shelved_offloaded')
    _conflict(cloud, sid, {'createImage': {'name': 'x'}}, 'createImage', 'vm_state',
              'shelved_offloaded')
    status, _, resp = cloud.request('POST', '%s/%s/action' % (SERVERS, sid),
                                    body={'shelveOffload': None}, token='admin')
    assert status == 409 and "Cannot 'shelveOffload' instance" in (
        resp['conflictingRequest']['message'])
    shelve = _actions(cloud, sid)[0]
    assert shelve['action'] == 'shelve'
    assert _events(cloud, sid, shelve['request_id']) == [('compute_shelve_instance',
                                                          'Success')]
    _act(cloud, sid, {'unshelve': None})
    server, seen = _task_states(cloud, sid, 'ACTIVE')
    assert 'spawning' in seen, seen
    assert server['OS-EXT-SRV-ATTR:host'] and server['OS-EXT-STS:power_state'] == 1
    assert _memory_used(cloud) == used
    assert _image(cloud, image['id']) is None       # the shelved image is gone
    unshelve = _actions(cloud, sid)[0]
    assert unshelve['action'] == 'unshelve'
    assert set(_events(cloud, sid, unshelve['request_id'])) == {
        ('conductor_unshelve_instance', 'Success'), ('schedule_instances', 'Success'),
        ('compute_unshelve_instance', 'Success')}
    _delete(cloud, sid)


def test_shelve_offload_is_admin_and_delete_removes_the_shelved_image(tuned):
    sid = _active(tuned, 'shelf-keep')
    _act(tuned, sid, {'shelve': None})
    server, _ = _task_states(tuned, sid, 'SHELVED')     # shelved_offload_time 5: kept
    assert server['OS-EXT-SRV-ATTR:host'] and server['OS-EXT-STS:power_state'] == 4
    status, _, resp = tuned.request('POST', '%s/%s/action' % (SERVERS, sid),
                                    body={'shelveOffload': None})
    assert status == 403, resp
    _act(tuned, sid, {'shelveOffload': None}, token='admin')
    server, seen = _task_states(tuned, sid, 'SHELVED_OFFLOADED')
    assert server['OS-EXT-SRV-ATTR:host'] is None
    offload = _actions(tuned, sid)[0]
    assert offload['action'] == 'shelveOffload'
    image = tuned.request('GET', '/image/v2/images?name=shelf-keep-shelved',
                          token='admin')[2]['images'][0]
    tuned.request('DELETE', '%s/%s' % (SERVERS, sid))   # not launched on a host: deleted
    tuned.wait_gone(sid)
    assert _image(tuned, image['id']) is None


def test_unshelve_of_a_shelved_server_powers_it_on(tuned):
    sid = _active(tuned, 'shelf-on')
    _act(tuned, sid, {'shelve': None})
    server, _ = _task_states(tuned, sid, 'SHELVED')
    host = server['OS-EXT-SRV-ATTR:host']
    image = tuned.request('GET', '/image/v2/images?name=shelf-on-shelved',
                          token='admin')[2]['images'][0]
    _act(tuned, sid, {'unshelve': None})
    server, seen = _task_states(tuned, sid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == host
    assert _image(tuned, image['id']) is None
    unshelve = _actions(tuned, sid)[0]
    assert set(_events(tuned, sid, unshelve['request_id'])) == {
        ('conductor_unshelve_instance', 'Success'), ('compute_start_instance', 'Success')}
    _delete(tuned, sid)


def test_shelved_server_is_offloaded_by_the_periodic_task(tuned):
    sid = _active(tuned, 'shelf-poll')
    _act(tuned, sid, {'shelve': None})
    _task_states(tuned, sid, 'SHELVED')
    server, _ = _task_states(tuned, sid, 'SHELVED_OFFLOADED', timeout=30)
    assert server['OS-EXT-SRV-ATTR:host'] is None
    _delete(tuned, sid)
    tuned.wait_gone(sid)


def test_unshelve_microversions(cloud):
    _needs(cloud, '2.91')
    sid = _active(cloud, 'shelf-mv')
    _act(cloud, sid, {'unshelve': {'availability_zone': 'nova'}}, version='2.77',
         expect=409)
    _act(cloud, sid, {'shelve': None})
    _task_states(cloud, sid, 'SHELVED_OFFLOADED')
    _act(cloud, sid, {'unshelve': {}}, version='2.77', expect=400)
    _act(cloud, sid, {'unshelve': {'availability_zone': 'nowhere'}}, version='2.77',
         expect=400)
    _act(cloud, sid, {'unshelve': {'host': 'compute2'}}, version='2.91', expect=403)
    _act(cloud, sid, {'unshelve': {'host': 'nohost'}}, version='2.91', token='admin',
         expect=400)
    _act(cloud, sid, {'unshelve': {'host': 'compute2', 'availability_zone': None}},
         version='2.91', token='admin')
    server, _ = _task_states(cloud, sid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == 'compute2'
    _delete(cloud, sid)


def test_unshelve_failure_keeps_the_server_offloaded(cloud):
    sid = _active(cloud, 'shelf-fail', **{'novalite:fail': 'unshelve'})
    _act(cloud, sid, {'shelve': None})
    _task_states(cloud, sid, 'SHELVED_OFFLOADED')
    _act(cloud, sid, {'unshelve': None})
    server, _ = _task_states(cloud, sid, 'SHELVED_OFFLOADED')
    assert server['OS-EXT-SRV-ATTR:host'] is None
    unshelve = _actions(cloud, sid)[0]
    assert ('compute_unshelve_instance', 'Error') in _events(cloud, sid,
                                                             unshelve['request_id'])
    _delete(cloud, sid)


# --------------------------------------------------------------------------- rebuild
def test_rebuild_new_image_name_metadata(cloud):
    sid = _active(cloud, 'rebuild-me', **{'novalite:delay_rebuild': '1'})
    snap = _act(cloud, sid, {'createImage': {'name': 'rebuild-src'}}, version='2.45')
    _task_states(cloud, sid, 'ACTIVE')
    resp = _act(cloud, sid, {'rebuild': {
        'imageRef': snap['image_id'], 'name': 'rebuilt', 'adminPass': 'secret-pw',
        'metadata': {'novalite:delay_rebuild': '1', 'novalite:delay_power_off': '0.5',
                     'role': 'web'},
        'accessIPv4': '192.0.2.10', 'preserve_ephemeral': False,
        'personality': [{'path': '/etc/motd', 'contents': 'aGVsbG8='}]}})
    server = resp['server']
    assert server['status'] == 'REBUILD' and server['adminPass'] == 'secret-pw'
    assert server['name'] == 'rebuilt' and server['image']['id'] == snap['image_id']
    assert server['metadata'] == {'novalite:delay_rebuild': '1',
                                  'novalite:delay_power_off': '0.5', 'role': 'web'}
    assert 'OS-EXT-STS:vm_state' not in server and 'key_name' not in server
    _wait_task(cloud, sid, 'rebuild_spawning')
    _conflict(cloud, sid, {'rebuild': {'imageRef': snap['image_id']}}, 'rebuild',
              'task_state', 'rebuild_spawning')
    server, seen = _task_states(cloud, sid, 'ACTIVE')
    assert 'rebuild_spawning' in seen, seen
    assert server['accessIPv4'] == '192.0.2.10' and server['OS-EXT-STS:power_state'] == 1
    action = _actions(cloud, sid)[0]
    assert action['action'] == 'rebuild'
    assert set(_events(cloud, sid, action['request_id'])) == {
        ('conductor_rebuild_server', 'Success'), ('compute_rebuild_instance', 'Success')}
    # a stopped server is rebuilt and stopped again
    _act(cloud, sid, {'os-stop': None})
    _wait(cloud, sid, 'SHUTOFF')
    _act(cloud, sid, {'rebuild': {'imageRef': _image_id(cloud)}})
    server, seen = _task_states(cloud, sid, 'SHUTOFF')
    assert 'powering-off' in seen and server['image']['id'] == _image_id(cloud)
    cloud.request('DELETE', '/image/v2/images/%s' % snap['image_id'], token='admin')
    _delete(cloud, sid)


def test_rebuild_bad_requests_and_states(cloud):
    sid = _active(cloud, 'rebuild-bad')
    resp = _act(cloud, sid, {'rebuild': {'imageRef': '00000000-0000-0000-0000-000000000000'}},
                expect=400)
    assert resp['badRequest']['message'] == 'Cannot find image for rebuild'
    _act(cloud, sid, {'rebuild': {}}, expect=400)
    _act(cloud, sid, {'rebuild': {'imageRef': _image_id(cloud), 'bogus': 1}}, expect=400)
    # Nova's base64 check skips characters outside the alphabet, but not bad padding
    _act(cloud, sid, {'rebuild': {'imageRef': _image_id(cloud), 'personality': [
        {'path': '/a', 'contents': 'abc'}]}}, expect=400)
    _act(cloud, sid, {'pause': None})
    _wait(cloud, sid, 'PAUSED')
    _conflict(cloud, sid, {'rebuild': {'imageRef': _image_id(cloud)}}, 'rebuild',
              'vm_state', 'paused')
    _delete(cloud, sid)


def test_rebuild_failure_is_error(cloud):
    sid = _active(cloud, 'rebuild-fail', **{'novalite:fail': 'rebuild'})
    _act(cloud, sid, {'rebuild': {'imageRef': _image_id(cloud)}})
    server, _ = cloud.wait_server(sid, statuses=('ERROR',), version='2.47')
    assert server['fault']['message'].startswith('Virt driver error')
    _delete(cloud, sid)


def test_rebuild_microversions(cloud):
    _needs(cloud, '2.90')
    sid = _active(cloud, 'rebuild-mv')
    image = _image_id(cloud)
    _act(cloud, sid, {'rebuild': {'imageRef': image, 'key_name': 'nokey'}}, version='2.53',
         expect=400)
    _act(cloud, sid, {'rebuild': {'imageRef': image, 'key_name': 'nokey'}}, version='2.54',
         expect=400)
    _act(cloud, sid, {'rebuild': {'imageRef': image, 'personality': []}}, version='2.57',
         expect=400)
    _act(cloud, sid, {'rebuild': {'imageRef': image, 'user_data': 'aGk='}}, version='2.57')
    _task_states(cloud, sid, 'ACTIVE')
    resp = _act(cloud, sid, {'rebuild': {'imageRef': image, 'hostname': 'new-host'}},
                version='2.90')
    assert resp['server']['OS-EXT-STS:task_state'] == 'rebuilding'   # 2.75: full view
    server, _ = _task_states(cloud, sid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:hostname'] == 'new-host'
    _delete(cloud, sid)


# --------------------------------------------------------------------------- soft delete
def test_soft_delete_restore_force_delete(tuned):
    sid = _active(tuned, 'soft', **{'novalite:delay_soft_delete': '0.5'})
    assert tuned.request('DELETE', '%s/%s' % (SERVERS, sid))[0] == 204
    server, seen = _task_states(tuned, sid, 'SOFT_DELETED')
    assert 'soft-deleting' in seen and server['OS-EXT-STS:power_state'] == 4
    _conflict(tuned, sid, {'os-start': None}, 'start', 'vm_state', 'soft-delete')
    _act(tuned, sid, {'restore': None})
    server, _ = _task_states(tuned, sid, 'ACTIVE')
    assert server['OS-EXT-STS:power_state'] == 1
    assert [a['action'] for a in _actions(tuned, sid)][:2] == ['restore', 'delete']
    _conflict(tuned, sid, {'restore': None}, 'restore', 'vm_state', 'active')
    tuned.request('DELETE', '%s/%s' % (SERVERS, sid))
    _task_states(tuned, sid, 'SOFT_DELETED')
    _act(tuned, sid, {'forceDelete': None})
    tuned.wait_gone(sid)


def test_soft_deleted_server_is_reclaimed(tuned):
    sid = _active(tuned, 'soft-reclaim')
    tuned.request('DELETE', '%s/%s' % (SERVERS, sid))
    _task_states(tuned, sid, 'SOFT_DELETED')
    tuned.wait_gone(sid, timeout=30)


def test_restore_without_reclaim_interval_is_409(cloud):
    sid = _active(cloud, 'no-soft')
    _conflict(cloud, sid, {'restore': None}, 'restore', 'vm_state', 'active')
    # reclaim_instance_interval 0: DELETE deletes, forceDelete too (Nova)
    _act(cloud, sid, {'forceDelete': None})
    cloud.wait_gone(sid)


# --------------------------------------------------------------------------- openstack client
@pytest.mark.skipif(_bin('openstack') is None, reason='python-openstackclient not installed')
def test_openstackclient_image_actions(tuned):
    sid = _active(tuned, 'osc-img')
    run(tuned, 'server', 'image', 'create', '--name', 'osc-snap', '--wait', sid)
    images = tuned.request('GET', '/image/v2/images?name=osc-snap')[2]['images']
    assert [i['status'] for i in images] == ['active']
    run(tuned, 'server', 'rebuild', '--image', 'cirros', '--wait', sid)
    assert _show(tuned, sid)['status'] == 'ACTIVE'
    run(tuned, 'server', 'shelve', '--wait', sid)
    assert _show(tuned, sid)['status'] in ('SHELVED', 'SHELVED_OFFLOADED')
    run(tuned, 'server', 'unshelve', '--wait', sid)
    assert _show(tuned, sid)['status'] == 'ACTIVE'
    run(tuned, 'server', 'delete', sid)
    _task_states(tuned, sid, 'SOFT_DELETED')
    run(tuned, 'server', 'restore', sid)
    _task_states(tuned, sid, 'ACTIVE')
    tuned.request('DELETE', '/image/v2/images/%s' % images[0]['id'], token='admin')
    _act(tuned, sid, {'forceDelete': None})
    tuned.wait_gone(sid)
