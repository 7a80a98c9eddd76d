"""Nova's side of volumes against `novalite serve`, over HTTP: os-volume_attachments
(attach, list, show, update, detach per microversion), the volume's states in the block
storage while compute attaches and detaches it, the server view's volumes_attached,
Nova's 4xx answers, failure injection and delete_on_termination."""
import json
import uuid

import pytest

from tests.functional import test_volumes as vol
from tests.functional.test_microversions import _active, _delete
from tests.functional.test_server_extras import _wait

C = '/compute/v2.1'
SERVERS = C + '/servers'


def _va(cloud, method, sid, volume_id=None, body=None, version='2.1', token='demo'):
    path = '%s/%s/os-volume_attachments' % (SERVERS, sid)
    if volume_id:
        path += '/' + volume_id
    return cloud.request(method, path, body=body, version=version, token=token)


def _attach(cloud, sid, volume_id, version='2.1', expect=200, **extra):
    status, _, body = _va(cloud, 'POST', sid, body={'volumeAttachment': dict(
        volumeId=volume_id, **extra)}, version=version)
    assert status == expect, body
    return body


def _volume_status(cloud, volume_id, statuses):
    volume = vol.wait(cloud, volume_id, statuses=statuses)
    assert volume is not None and volume['status'] in statuses, volume
    return volume


def _detach(cloud, sid, volume_id):
    status, _, body = _va(cloud, 'DELETE', sid, volume_id)
    assert status == 202, body
    _volume_status(cloud, volume_id, ('available',))
    # the mapping goes right after the attachment (Nova's order)
    _wait(lambda: _va(cloud, 'GET', sid, volume_id)[0] == 404)


@pytest.fixture
def server(cloud):
    sid = _active(cloud, 'vol-srv', networks='none')['id']
    yield sid
    _delete(cloud, sid)


def test_attach_list_show_detach(cloud, server):
    volume = vol.available(cloud, name='data')
    body = _attach(cloud, server, volume['id'])
    assert body == {'volumeAttachment': {'id': volume['id'], 'serverId': server,
                                         'volumeId': volume['id'], 'device': '/dev/vdb'}}
    in_use = _volume_status(cloud, volume['id'], ('in-use',))
    [att] = in_use['attachments']
    assert att['server_id'] == server and att['device'] == '/dev/vdb'
    assert _va(cloud, 'GET', server)[2] == {'volumeAttachments': [body['volumeAttachment']]}
    status, _, shown = _va(cloud, 'GET', server, volume['id'], version='2.89')
    assert status == 200
    view = shown['volumeAttachment']
    assert 'id' not in view and view['tag'] is None and view['delete_on_termination'] is False
    assert view['attachment_id'] == att['attachment_id'] and view['bdm_uuid']
    _, _, srv = cloud.request('GET', '%s/%s' % (SERVERS, server), version='2.3')
    assert srv['server']['os-extended-volumes:volumes_attached'] == [
        {'id': volume['id'], 'delete_on_termination': False}]
    _detach(cloud, server, volume['id'])
    assert _va(cloud, 'GET', server)[2] == {'volumeAttachments': []}
    status, _, body = _va(cloud, 'GET', server, volume['id'])
    assert status == 404 and 'is not attached to volume' in body['itemNotFound']['message']
    _, _, actions = cloud.request('GET', '%s/%s/os-instance-actions' % (SERVERS, server))
    names = [a['action'] for a in actions['instanceActions']]
    assert names[:2] == ['detach_volume', 'attach_volume']
    vol.delete(cloud, volume['id'])


def test_tag_delete_on_termination_and_paging(cloud, server):
    first, second = vol.available(cloud), vol.available(cloud)
    body = _attach(cloud, server, first['id'], version='2.79', tag='db', device='/dev/vdd',
                   delete_on_termination=True)
    assert body['volumeAttachment']['tag'] == 'db'
    assert body['volumeAttachment']['device'] == '/dev/vdd'
    assert body['volumeAttachment']['delete_on_termination'] is True
    _attach(cloud, server, second['id'], version='2.49', tag='logs')
    for v in (first, second):
        _volume_status(cloud, v['id'], ('in-use',))
    status, _, page = cloud.request(
        'GET', '%s/%s/os-volume_attachments?limit=1&offset=1' % (SERVERS, server),
        version='2.70')
    assert status == 200 and [a['tag'] for a in page['volumeAttachments']] == ['logs']
    status, _, body = cloud.request(
        'GET', '%s/%s/os-volume_attachments?foo=1' % (SERVERS, server), version='2.75')
    assert status == 400
    # 2.85: delete_on_termination may change, the device may not
    status, _, body = _va(cloud, 'PUT', server, second['id'], version='2.85', body={
        'volumeAttachment': {'volumeId': second['id'], 'delete_on_termination': True}})
    assert status == 202, body
    status, _, shown = _va(cloud, 'GET', server, second['id'], version='2.85')
    assert shown['volumeAttachment']['delete_on_termination'] is True
    status, _, body = _va(cloud, 'PUT', server, second['id'], version='2.85', body={
        'volumeAttachment': {'volumeId': second['id'], 'device': '/dev/vdq'}})
    assert status == 400 and 'device property is not mutable' in body['badRequest']['message']
    # swapping is for the block storage's migrations only
    status, _, body = _va(cloud, 'PUT', server, second['id'], body={
        'volumeAttachment': {'volumeId': first['id']}})
    assert status == 403
    status, _, body = _va(cloud, 'PUT', server, second['id'], token='admin', body={
        'volumeAttachment': {'volumeId': first['id']}})
    assert status == 409 and 'is not migrating' in body['conflictingRequest']['message']
    # deleting the server deletes both volumes
    _delete(cloud, server)
    for v in (first, second):
        _wait(lambda: vol.req(cloud, 'GET', '/volumes/%s' % v['id'])[0] == 404)


def test_delete_keeps_volumes_not_marked(cloud):
    sid = _active(cloud, 'vol-keep', networks='none')['id']
    volume = vol.available(cloud)
    _attach(cloud, sid, volume['id'])
    _volume_status(cloud, volume['id'], ('in-use',))
    _delete(cloud, sid)
    _volume_status(cloud, volume['id'], ('available',))
    vol.delete(cloud, volume['id'])


def test_bad_requests(cloud, server):
    volume = vol.available(cloud)
    missing = str(uuid.uuid4())
    status, _, body = _va(cloud, 'POST', server, body={'volumeAttachment': {
        'volumeId': missing}})
    assert status == 404 and body['itemNotFound']['message'] == (
        'Volume %s could not be found.' % missing)
    for bad in ({}, {'volumeAttachment': {}}, {'volumeAttachment': {'volumeId': 'x'}},
                {'volumeAttachment': {'volumeId': volume['id'], 'device': 'vdb'}},
                {'volumeAttachment': {'volumeId': volume['id'], 'tag': 'x'}}):
        status, _, body = _va(cloud, 'POST', server, body=bad)
        assert status == 400, (bad, body)
    status, _, body = _va(cloud, 'POST', server, version='2.49', body={'volumeAttachment': {
        'volumeId': volume['id'], 'delete_on_termination': True}})
    assert status == 400
    _attach(cloud, server, volume['id'], device='/dev/vdc')
    status, _, body = _va(cloud, 'POST', server, body={'volumeAttachment': {
        'volumeId': volume['id']}})
    assert status == 400 and 'already attached' in body['badRequest']['message']
    other = vol.available(cloud)
    status, _, body = _va(cloud, 'POST', server, body={'volumeAttachment': {
        'volumeId': other['id'], 'device': '/dev/vdc'}})
    assert status == 409 and body['conflictingRequest']['message'] == (
        'The supplied device path (/dev/vdc) is in use.')
    assert _va(cloud, 'DELETE', server, other['id'])[0] == 404
    assert _va(cloud, 'DELETE', server, missing)[0] == 404
    assert _va(cloud, 'GET', str(uuid.uuid4()))[0] == 404
    # the volume is not left reserved by the refused requests
    assert vol.wait(cloud, other['id'])['status'] == 'available'
    _volume_status(cloud, volume['id'], ('in-use',))
    _detach(cloud, server, volume['id'])
    for v in (volume, other):
        vol.delete(cloud, v['id'])


def test_states_that_forbid(cloud, server):
    volume = vol.available(cloud)
    status, _, body = cloud.request('POST', '%s/%s/action' % (SERVERS, server),
                                    body={'suspend': None})
    assert status == 202
    cloud.wait_server(server, statuses=('SUSPENDED',))
    status, _, body = _va(cloud, 'POST', server, body={'volumeAttachment': {
        'volumeId': volume['id']}})
    assert status == 409 and body['conflictingRequest']['message'] == (
        "Cannot 'attach_volume' instance %s while it is in vm_state suspended" % server)
    assert vol.wait(cloud, volume['id'])['status'] == 'available'
    vol.delete(cloud, volume['id'])


def test_another_project_cannot_attach_my_volume(cloud, server):
    volume = vol.available(cloud, token='admin')
    status, _, body = _va(cloud, 'POST', server, body={'volumeAttachment': {
        'volumeId': volume['id']}})
    assert status == 404
    vol.delete(cloud, volume['id'], token='admin')


def test_async_attach_2_101_and_failure_injection(cloud):
    sid = _active(cloud, 'vol-fail', networks='none',
                  metadata={'novalite:fail': 'attach_volume'})['id']
    try:
        volume = vol.available(cloud)
        status, _, body = _va(cloud, 'POST', sid, version='2.101', body={
            'volumeAttachment': {'volumeId': volume['id']}})
        assert status == 202 and body is None
        # the host fails to plug it: the attachment is given back, no mapping is left
        _wait(lambda: vol.wait(cloud, volume['id'])['status'] == 'available'
              and not _va(cloud, 'GET', sid)[2]['volumeAttachments'])
        assert vol.wait(cloud, volume['id'])['attachments'] == []
        _, _, actions = cloud.request('GET', '%s/%s/os-instance-actions' % (SERVERS, sid))
        req_id = actions['instanceActions'][0]['request_id']
        _, _, action = cloud.request('GET', '%s/%s/os-instance-actions/%s' % (
            SERVERS, sid, req_id), token='admin', version='2.84')
        [event] = action['instanceAction']['events']
        assert (event['event'], event['result']) == ('compute_attach_volume', 'Error')
        _, _, srv = cloud.request('GET', '%s/%s' % (SERVERS, sid))
        assert srv['server']['status'] == 'ACTIVE'
        vol.delete(cloud, volume['id'])
    finally:
        _delete(cloud, sid)


def test_shelved_needs_2_20(cloud):
    sid = _active(cloud, 'vol-shelve', networks='none')['id']
    try:
        cloud.request('POST', '%s/%s/action' % (SERVERS, sid), body={'shelve': None})
        cloud.wait_server(sid, statuses=('SHELVED_OFFLOADED',))
        volume = vol.available(cloud)
        status, _, body = _va(cloud, 'POST', sid, version='2.19', body={
            'volumeAttachment': {'volumeId': volume['id']}})
        assert status == 409
        _attach(cloud, sid, volume['id'], version='2.20')
        _volume_status(cloud, volume['id'], ('in-use',))
        status, _, body = _va(cloud, 'DELETE', sid, volume['id'], version='2.19')
        assert status == 409
        status, _, body = _va(cloud, 'DELETE', sid, volume['id'], version='2.20')
        assert status == 202
        _volume_status(cloud, volume['id'], ('available',))
        vol.delete(cloud, volume['id'])
    finally:
        _delete(cloud, sid)


# ---------------------------------------------------------------------- boot from volume
def _boot(cloud, name, bdms, expect=202, version='2.67', **extra):
    server = dict({'name': name, 'flavorRef': '1', 'networks': 'none',
                   'block_device_mapping_v2': bdms}, **extra)
    status, _, body = cloud.request('POST', SERVERS, body={'server': server},
                                    version=version)
    assert status == expect, body
    return body


def _image_id(cloud):
    _, _, body = cloud.request('GET', '/image/v2/images?name=cirros')
    return body['images'][0]['id']


def test_boot_from_a_new_volume_of_an_image(cloud):
    image_id = _image_id(cloud)
    body = _boot(cloud, 'bfv-image', [{'source_type': 'image', 'uuid': image_id,
                                       'destination_type': 'volume', 'boot_index': 0,
                                       'volume_size': 1, 'delete_on_termination': True}])
    sid = body['server']['id']
    server, _ = cloud.wait_server(sid)
    assert server['status'] == 'ACTIVE', server
    assert server['image'] == ''
    [attached] = server['os-extended-volumes:volumes_attached']
    volume = _volume_status(cloud, attached['id'], ('in-use',))
    assert volume['bootable'] == 'true'
    assert volume['volume_image_metadata']['image_id'] == image_id
    assert volume['attachments'][0]['device'] == '/dev/vda'
    status, _, body = _va(cloud, 'DELETE', sid, attached['id'])
    assert status == 400 and body['badRequest']['message'] == (
        'Cannot detach a root device volume')
    _delete(cloud, sid)
    _wait(lambda: vol.req(cloud, 'GET', '/volumes/%s' % attached['id'])[0] == 404)


def test_boot_from_an_existing_volume_with_a_blank_data_volume(cloud):
    image_id = _image_id(cloud)
    root = vol.available(cloud, imageRef=image_id)
    sid = _boot(cloud, 'bfv-volume', [
        {'source_type': 'volume', 'uuid': root['id'], 'destination_type': 'volume',
         'boot_index': 0},
        {'source_type': 'blank', 'destination_type': 'volume', 'volume_size': 1,
         'boot_index': -1, 'delete_on_termination': True}], imageRef='')['server']['id']
    server, _ = cloud.wait_server(sid)
    assert server['status'] == 'ACTIVE', server
    ids = [v['id'] for v in server['os-extended-volumes:volumes_attached']]
    assert ids[0] == root['id'] and len(ids) == 2
    _, _, atts = _va(cloud, 'GET', sid)
    assert [a['device'] for a in atts['volumeAttachments']] == ['/dev/vda', '/dev/vdb']
    _delete(cloud, sid)
    # the root volume stays (not delete_on_termination), the blank one goes
    _volume_status(cloud, root['id'], ('available',))
    _wait(lambda: vol.req(cloud, 'GET', '/volumes/%s' % ids[1])[0] == 404)
    vol.delete(cloud, root['id'])


def test_bad_block_device_mappings(cloud):
    image_id = _image_id(cloud)
    missing = str(uuid.uuid4())
    cases = [
        ([{'source_type': 'volume', 'uuid': missing, 'destination_type': 'volume',
           'boot_index': 0}], 'failed to get volume'),
        ([{'source_type': 'image', 'uuid': image_id, 'destination_type': 'volume',
           'boot_index': 0}], 'need to have a non-zero size'),
        ([{'source_type': 'blank', 'destination_type': 'volume', 'boot_index': 0}],
         'need to have non-zero size'),
        ([{'source_type': 'snapshot', 'uuid': missing, 'destination_type': 'volume',
           'boot_index': 0}], 'failed to get snapshot'),
    ]
    before = len(vol.req(cloud, 'GET', '/volumes')[2]['volumes'])
    plain = vol.available(cloud)
    body = _boot(cloud, 'bad-bdm', [{'source_type': 'volume', 'uuid': plain['id'],
                                     'destination_type': 'volume', 'boot_index': 0}],
                 expect=400)
    assert body['badRequest']['message'] == 'Block Device %s is not bootable.' % plain['id']
    vol.delete(cloud, plain['id'])
    for bdms, message in cases:
        body = _boot(cloud, 'bad-bdm', bdms, expect=400)
        assert message in body['badRequest']['message'], body
    in_use = vol.available(cloud)
    sid = _active(cloud, 'holder', networks='none')['id']
    _attach(cloud, sid, in_use['id'])
    _volume_status(cloud, in_use['id'], ('in-use',))
    body = _boot(cloud, 'bad-bdm', [{'source_type': 'volume', 'uuid': in_use['id'],
                                     'destination_type': 'volume', 'boot_index': 0}],
                 expect=400)
    assert "status must be 'available'" in body['badRequest']['message']
    _, _, servers = cloud.request('GET', SERVERS + '?name=bad-bdm')
    assert servers['servers'] == []
    _delete(cloud, sid)
    _volume_status(cloud, in_use['id'], ('available',))
    vol.delete(cloud, in_use['id'])
    assert len(vol.req(cloud, 'GET', '/volumes')[2]['volumes']) == before


def _server_action(cloud, sid, body, version='2.1'):
    status, _, resp = cloud.request('POST', '%s/%s/action' % (SERVERS, sid), body=body,
                                    version=version)
    assert status == 202, resp


def test_shelve_and_unshelve_keep_the_volumes(cloud):
    image_id = _image_id(cloud)
    sid = _boot(cloud, 'bfv-shelve', [{'source_type': 'image', 'uuid': image_id,
                                       'destination_type': 'volume', 'boot_index': 0,
                                       'volume_size': 1, 'delete_on_termination': True}]
                )['server']['id']
    server, _ = cloud.wait_server(sid)
    data = vol.available(cloud)
    _attach(cloud, sid, data['id'])
    _volume_status(cloud, data['id'], ('in-use',))
    _, _, before = cloud.request('GET', '/image/v2/images')
    _server_action(cloud, sid, {'shelve': None})
    server, _ = cloud.wait_server(sid, statuses=('SHELVED_OFFLOADED', 'ERROR'))
    assert server['status'] == 'SHELVED_OFFLOADED', server
    _, _, after = cloud.request('GET', '/image/v2/images')
    assert len(after['images']) == len(before['images'])  # volume-backed: no image
    for v in server['os-extended-volumes:volumes_attached']:
        assert vol.wait(cloud, v['id'], statuses=('in-use', 'reserved'))['status'] in (
            'in-use', 'reserved')
    _server_action(cloud, sid, {'unshelve': None})
    server, _ = cloud.wait_server(sid)
    assert server['status'] == 'ACTIVE', server
    for v in server['os-extended-volumes:volumes_attached']:
        volume = _volume_status(cloud, v['id'], ('in-use',))
        assert [a['server_id'] for a in volume['attachments']] == [sid]
    _detach(cloud, sid, data['id'])
    vol.delete(cloud, data['id'])
    _delete(cloud, sid)


def test_create_image_of_a_volume_backed_server_and_boot_from_it(cloud):
    image_id = _image_id(cloud)
    sid = _boot(cloud, 'bfv-snap', [{'source_type': 'image', 'uuid': image_id,
                                     'destination_type': 'volume', 'boot_index': 0,
                                     'volume_size': 1, 'delete_on_termination': True}]
                )['server']['id']
    server, _ = cloud.wait_server(sid)
    assert server['status'] == 'ACTIVE', server
    status, _, body = cloud.request('POST', '%s/%s/action' % (SERVERS, sid), version='2.45',
                                    body={'createImage': {'name': 'bfv-image'}})
    assert status == 202, body
    snap_image = body['image_id']
    _, _, image = cloud.request('GET', '/image/v2/images/%s' % snap_image)
    assert image['status'] == 'active' and image['bdm_v2'] == 'True'
    [mapping] = json.loads(image['block_device_mapping'])
    assert mapping['source_type'] == 'snapshot' and mapping['boot_index'] == 0
    _wait(lambda: vol.req(cloud, 'GET', '/snapshots/%s' % mapping['snapshot_id'])[2]
          ['snapshot']['status'] == 'available')
    # a server from that image gets a new volume from the snapshot
    status, _, body = cloud.request('POST', SERVERS, body={'server': {
        'name': 'from-snap', 'flavorRef': '1', 'networks': 'none', 'imageRef': snap_image}},
        version='2.37')
    assert status == 202, body
    child = body['server']['id']
    child_server, _ = cloud.wait_server(child)
    assert child_server['status'] == 'ACTIVE', child_server
    assert child_server['image'] == ''
    [attached] = child_server['os-extended-volumes:volumes_attached']
    volume = _volume_status(cloud, attached['id'], ('in-use',))
    assert volume['snapshot_id'] == mapping['snapshot_id']
    _delete(cloud, child)
    _wait(lambda: vol.req(cloud, 'GET', '/volumes/%s' % attached['id'])[0] == 404)
    vol.req(cloud, 'DELETE', '/snapshots/%s' % mapping['snapshot_id'])
    _delete(cloud, sid)


# ---------------------------------------------------------------------- legacy proxies
def test_os_volumes_and_os_snapshots_proxies(cloud, server):
    status, _, body = cloud.request('POST', C + '/os-volumes', version='2.35', body={
        'volume': {'size': 1, 'display_name': 'legacy', 'display_description': 'old',
                   'metadata': {'k': 'v'}}})
    assert status == 200, body
    created = body['volume']
    assert created['displayName'] == 'legacy' and created['attachments'] == [{}]
    assert created['metadata'] == {'k': 'v'} and created['size'] == 1
    vid = created['id']
    vol.wait(cloud, vid)
    _, _, shown = cloud.request('GET', C + '/os-volumes/%s' % vid)
    assert shown['volume']['status'] == 'available'
    assert shown['volume']['displayDescription'] == 'old'
    _, _, listed = cloud.request('GET', C + '/os-volumes/detail')
    assert vid in [x['id'] for x in listed['volumes']]
    _attach(cloud, server, vid)
    _volume_status(cloud, vid, ('in-use',))
    _, _, shown = cloud.request('GET', C + '/os-volumes/%s' % vid)
    assert shown['volume']['attachments'] == [{'id': vid, 'volumeId': vid,
                                               'serverId': server, 'device': '/dev/vdb'}]
    status, _, body = cloud.request('POST', C + '/os-snapshots', body={
        'snapshot': {'volume_id': vid, 'display_name': 'snap'}})
    assert status == 400  # in use: needs force
    status, _, body = cloud.request('POST', C + '/os-snapshots', body={
        'snapshot': {'volume_id': vid, 'display_name': 'snap', 'force': True}})
    assert status == 200, body
    snap = body['snapshot']
    assert snap['volumeId'] == vid and snap['displayName'] == 'snap'
    _wait(lambda: cloud.request('GET', C + '/os-snapshots/%s' % snap['id'])[2]
          ['snapshot']['status'] == 'available')
    _, _, snaps = cloud.request('GET', C + '/os-snapshots')
    assert snap['id'] in [s['id'] for s in snaps['snapshots']]
    assert cloud.request('DELETE', C + '/os-snapshots/%s' % snap['id'])[0] == 202
    _wait(lambda: cloud.request('GET', C + '/os-snapshots/%s' % snap['id'])[0] == 404)
    _detach(cloud, server, vid)
    for bad in ({'volume': {}}, {'volume': {'size': 0}}, {'volume': {'size': 1, 'x': 1}}):
        assert cloud.request('POST', C + '/os-volumes', body=bad)[0] == 400
    assert cloud.request('GET', C + '/os-volumes/%s' % uuid.uuid4())[0] == 404
    assert cloud.request('GET', C + '/os-volumes', version='2.36')[0] == 404
    assert cloud.request('GET', C + '/os-snapshots', version='2.36')[0] == 404
    assert cloud.request('DELETE', C + '/os-volumes/%s' % vid)[0] == 202
    _wait(lambda: vol.req(cloud, 'GET', '/volumes/%s' % vid)[0] == 404)


def test_resize_moves_the_attachments_to_the_new_host(cloud):
    sid = _active(cloud, 'vol-resize', networks='none')['id']
    try:
        volume = vol.available(cloud)
        _attach(cloud, sid, volume['id'])
        _volume_status(cloud, volume['id'], ('in-use',))
        _server_action(cloud, sid, {'resize': {'flavorRef': '2'}})
        server, _ = cloud.wait_server(sid, statuses=('VERIFY_RESIZE', 'ERROR'))
        assert server['status'] == 'VERIFY_RESIZE', server
        moved = _volume_status(cloud, volume['id'], ('in-use',))
        assert [a['server_id'] for a in moved['attachments']] == [sid]
        _server_action(cloud, sid, {'revertResize': None})
        server, _ = cloud.wait_server(sid, statuses=('ACTIVE', 'ERROR'))
        assert server['status'] == 'ACTIVE', server
        back = _volume_status(cloud, volume['id'], ('in-use',))
        assert [a['server_id'] for a in back['attachments']] == [sid]
        assert back['attachments'][0]['attachment_id'] != moved['attachments'][0][
            'attachment_id']
        _detach(cloud, sid, volume['id'])
        vol.delete(cloud, volume['id'])
    finally:
        _delete(cloud, sid)


# ---------------------------------------------------------------------- rebuild (2.93)
def _raw_image(cloud, name):
    status, _, image = cloud.request('POST', '/image/v2/images', token='admin', body={
        'name': name, 'disk_format': 'raw', 'container_format': 'bare',
        'visibility': 'public'})
    assert status == 201, image
    status, _, _ = cloud.request('PUT', '/image/v2/images/%s/file' % image['id'],
                                 raw=b'\1' * 4096, token='admin',
                                 headers={'Content-Type': 'application/octet-stream'})
    assert status == 204
    return image['id']


def test_rebuild_of_a_volume_backed_server_reimages_its_root_volume_from_2_93(cloud):
    image_id = _image_id(cloud)
    new_image = _raw_image(cloud, 'rebuild-%s' % uuid.uuid4().hex[:6])
    sid = _boot(cloud, 'bfv-rebuild', [{'source_type': 'image', 'uuid': image_id,
                                        'destination_type': 'volume', 'boot_index': 0,
                                        'volume_size': 1, 'delete_on_termination': True}]
                )['server']['id']
    try:
        server, _ = cloud.wait_server(sid)
        [root] = server['os-extended-volumes:volumes_attached']
        before = _volume_status(cloud, root['id'], ('in-use',))
        # below 2.93 Nova refuses another image for a volume-backed server
        status, _, body = cloud.request('POST', '%s/%s/action' % (SERVERS, sid),
                                        body={'rebuild': {'imageRef': new_image}},
                                        version='2.92')
        assert status == 400 and body['badRequest']['message'] == (
            'Image %s is unacceptable: Unable to rebuild with a different image for a '
            'volume-backed server.' % new_image)
        # its own image is a rebuild that leaves the volume as it is
        _server_action(cloud, sid, {'rebuild': {'imageRef': image_id}}, version='2.92')
        server, _ = cloud.wait_server(sid, statuses=('ACTIVE', 'ERROR'))
        assert server['status'] == 'ACTIVE' and server['image'] == '', server.get('fault')
        # 2.93: the root volume is re-imaged with the new image, the server ACTIVE
        _server_action(cloud, sid, {'rebuild': {'imageRef': new_image}}, version='2.93')
        server, _ = cloud.wait_server(sid, statuses=('ACTIVE', 'ERROR'))
        assert server['status'] == 'ACTIVE' and server['image'] == '', server.get('fault')
        after = _volume_status(cloud, root['id'], ('in-use',))
        assert after['volume_image_metadata']['image_id'] == new_image
        assert [a['server_id'] for a in after['attachments']] == [sid]
        assert after['attachments'][0]['attachment_id'] != \
            before['attachments'][0]['attachment_id']
        _, _, actions = cloud.request('GET', '%s/%s/os-instance-actions' % (SERVERS, sid))
        assert [a['action'] for a in actions['instanceActions']].count('rebuild') == 2
    finally:
        _delete(cloud, sid)


def test_rebuild_whose_reimage_fails_errors_the_server(cloud):
    image_id = _image_id(cloud)
    sid = _boot(cloud, 'bfv-rebuild-fail', [{'source_type': 'image', 'uuid': image_id,
                                             'destination_type': 'volume', 'boot_index': 0,
                                             'volume_size': 1,
                                             'delete_on_termination': True}]
                )['server']['id']
    try:
        server, _ = cloud.wait_server(sid)
        [root] = server['os-extended-volumes:volumes_attached']
        status, _, body = vol.req(cloud, 'POST', '/volumes/%s/metadata' % root['id'],
                                  {'metadata': {'novalite:fail': 'reimage'}})
        assert status == 200, body
        _server_action(cloud, sid, {'rebuild': {'imageRef': image_id}}, version='2.93')
        server, _ = cloud.wait_server(sid, statuses=('ERROR',))
        assert server['status'] == 'ERROR', server
        assert 'Failed to re-image volume %s' % root['id'] in server['fault']['message']
        assert vol.wait(cloud, root['id'], statuses=('error',))['status'] == 'error'
    finally:
        _delete(cloud, sid)
