"""Volume actions over HTTP against `novalite serve`: volumes from images (bootable, image
metadata), os-volume_upload_image (a Glance image from the volume), os-extend,
os-set_bootable, os-update_readonly_flag, os-reset_status, os-force_delete, os-retype."""
import os

from tests.functional.test_volumes import action, available, create, delete, req, wait


def _cirros(cloud):
    return cloud.request('GET', '/image/v2/images?name=cirros')[2]['images'][0]


def test_volume_from_image_is_bootable_with_image_metadata(cloud):
    image = _cirros(cloud)
    volume = wait(cloud, create(cloud, imageRef=image['id'], name='boot')['id'])
    assert volume['status'] == 'available', volume
    assert volume['bootable'] == 'true'
    meta = volume['volume_image_metadata']
    assert meta['image_id'] == image['id'] and meta['image_name'] == 'cirros'
    assert meta['disk_format'] == 'qcow2' and meta['container_format'] == 'bare'
    path = os.path.join(cloud.state_dir, 'volumes', 'volume-%s' % volume['id'])
    with open(path, 'rb') as f:
        assert f.read(4) != b'QFI\xfb'  # converted to raw
    assert os.path.getsize(path) == 1024 ** 3
    # by name too, and a clone keeps the image metadata and bootable flag
    by_name = wait(cloud, create(cloud, imageRef='cirros')['id'])
    assert by_name['volume_image_metadata']['image_id'] == image['id']
    clone = wait(cloud, create(cloud, source_volid=volume['id'])['id'])
    assert clone['bootable'] == 'true' and clone['source_volid'] == volume['id']
    assert clone['volume_image_metadata']['image_id'] == image['id']
    _, _, listed = req(cloud, 'GET', "/volumes/detail?glance_metadata={'image_id':'%s'}"
                       % image['id'])
    assert {volume['id'], by_name['id'], clone['id']} <= {v['id'] for v in listed['volumes']}
    for vid in (clone['id'], by_name['id'], volume['id']):
        delete(cloud, vid)


def test_upload_volume_to_image(cloud):
    volume = available(cloud, imageRef=_cirros(cloud)['id'])
    status, _, body = action(cloud, volume['id'], {'os-volume_upload_image': {
        'image_name': 'from-volume', 'disk_format': 'qcow2', 'visibility': 'private'}})
    assert status == 202, body
    upload = body['os-volume_upload_image']
    assert upload['status'] == 'uploading' and upload['image_name'] == 'from-volume'
    assert upload['disk_format'] == 'qcow2' and upload['visibility'] == 'private'
    assert wait(cloud, volume['id'])['status'] == 'available'
    _, _, image = cloud.request('GET', '/image/v2/images/%s' % upload['image_id'])
    assert image['status'] == 'active' and image['disk_format'] == 'qcow2'
    assert image['size'] > 0
    status, _, body = action(cloud, volume['id'], {'os-volume_upload_image': {}})
    assert status == 400 and 'image_name' in body['badRequest']['message']
    status, _, body = action(cloud, volume['id'], {'os-volume_upload_image': {
        'image_name': 'pub', 'visibility': 'public'}})
    assert status == 403
    assert wait(cloud, volume['id'])['status'] == 'available'
    cloud.request('DELETE', '/image/v2/images/%s' % upload['image_id'])
    delete(cloud, volume['id'])


def test_extend_and_its_checks(cloud):
    volume = available(cloud)
    status, _, body = action(cloud, volume['id'], {'os-extend': {'new_size': 1}})
    assert status == 400 and 'New size for extend must be greater than current size' in \
        body['badRequest']['message']
    assert action(cloud, volume['id'], {'os-extend': {'new_size': 'x'}})[0] == 400
    assert action(cloud, volume['id'], {'os-extend': {'new_size': 3}})[0] == 202
    extended = wait(cloud, volume['id'])
    assert extended['size'] == 3 and extended['status'] == 'available'
    path = os.path.join(cloud.state_dir, 'volumes', 'volume-%s' % volume['id'])
    assert os.path.getsize(path) == 3 * 1024 ** 3
    delete(cloud, volume['id'])
    failing = available(cloud, metadata={'novalite:fail': 'extend'})
    assert action(cloud, failing['id'], {'os-extend': {'new_size': 2}})[0] == 202
    assert wait(cloud, failing['id'], statuses=('error_extending',))['size'] == 1
    delete(cloud, failing['id'])


def test_bootable_readonly_reset_status_force_delete(cloud):
    volume = available(cloud)
    vid = volume['id']
    status, _, _ = action(cloud, vid, {'os-set_bootable': {'bootable': True}})
    assert status == 200 and wait(cloud, vid)['bootable'] == 'true'
    assert action(cloud, vid, {'os-set_bootable': {'bootable': 'maybe'}})[0] == 400
    assert action(cloud, vid, {'os-update_readonly_flag': {'readonly': True}})[0] == 202
    assert wait(cloud, vid)['metadata']['readonly'] == 'True'  # visible admin metadata
    assert req(cloud, 'GET', '/volumes/%s/metadata' % vid)[2] == {'metadata': {}}
    status, _, body = action(cloud, vid, {'os-reset_status': {'status': 'error'}})
    assert status == 403
    assert action(cloud, vid, {'os-reset_status': {'status': 'error'}},
                  token='admin')[0] == 202
    assert wait(cloud, vid)['status'] == 'error'
    status, _, body = action(cloud, vid, {'os-reset_status': {'status': 'in-use'}},
                             token='admin')
    assert status == 400 and 'does not have any attachments' in body['badRequest']['message']
    assert action(cloud, vid, {'os-reset_status': {'status': 'bogus'}},
                  token='admin')[0] == 400
    assert action(cloud, vid, {'os-reset_status': {'status': 'creating'}},
                  token='admin')[0] == 202
    status, _, body = req(cloud, 'DELETE', '/volumes/%s' % vid)
    assert status == 400 and 'status must be available or error' in \
        body['badRequest']['message']
    assert action(cloud, vid, {'os-force_delete': {}}, token='admin')[0] == 202
    assert wait(cloud, vid, statuses=()) is None


def test_extend_in_use_from_3_42(cloud):
    import uuid
    from tests.functional.test_volumes import CONNECTOR
    volume = available(cloud)
    status, _, body = req(cloud, 'POST', '/attachments', {'attachment': {
        'volume_uuid': volume['id'], 'instance_uuid': str(uuid.uuid4()),
        'connector': CONNECTOR}})
    assert status == 200, body
    att = body['attachment']['id']
    assert req(cloud, 'POST', '/attachments/%s/action' % att, {'os-complete': None})[0] == 204
    status, _, body = action(cloud, volume['id'], {'os-extend': {'new_size': 2}},
                             version='3.41')
    assert status == 400 and "must be 'available'" in body['badRequest']['message']
    # compute does not know that server: the volume-extended event is refused, the extend
    # still completes (as Cinder, a failed notification is only logged)
    assert action(cloud, volume['id'], {'os-extend': {'new_size': 2}})[0] == 202
    extended = wait(cloud, volume['id'], statuses=('in-use',))
    for _ in range(200):
        extended = wait(cloud, volume['id'], statuses=('in-use',))
        if extended['size'] == 2:
            break
    assert extended['size'] == 2
    assert req(cloud, 'DELETE', '/attachments/%s' % att)[0] == 200
    delete(cloud, volume['id'])


def test_image_metadata_actions(cloud):
    volume = available(cloud, imageRef=_cirros(cloud)['id'])
    vid = volume['id']
    status, _, body = action(cloud, vid, {'os-set_image_metadata': {
        'metadata': {'hw_disk_bus': 'scsi'}}})
    assert status == 200 and body['metadata']['hw_disk_bus'] == 'scsi'
    assert body['metadata']['image_name'] == 'cirros'
    status, _, body = action(cloud, vid, {'os-show_image_metadata': None})
    assert status == 200 and body['metadata']['hw_disk_bus'] == 'scsi'
    assert action(cloud, vid, {'os-unset_image_metadata': {'key': 'hw_disk_bus'}})[0] == 200
    status, _, body = action(cloud, vid, {'os-unset_image_metadata': {'key': 'hw_disk_bus'}})
    assert status == 404 and body['itemNotFound']['message'] == \
        'Glance metadata for volume/snapshot %s cannot be found.' % vid
    assert 'hw_disk_bus' not in wait(cloud, vid)['volume_image_metadata']
    assert action(cloud, vid, {'os-set_image_metadata': {'metadata': {'k': 1}}})[0] == 400
    delete(cloud, vid)


def test_reimage(cloud):
    image = _cirros(cloud)
    volume = available(cloud, metadata={'x': 'y'})
    vid = volume['id']
    body = {'os-reimage': {'image_id': image['id']}}
    assert action(cloud, vid, body, version='3.67')[0] == 404
    assert action(cloud, vid, {'os-reimage': {'image_id': 'nope'}})[0] == 400
    assert action(cloud, vid, body)[0] == 202
    done = wait(cloud, vid)
    assert done['status'] == 'available' and done['bootable'] == 'true'
    assert done['volume_image_metadata']['image_id'] == image['id']
    path = os.path.join(cloud.state_dir, 'volumes', 'volume-%s' % vid)
    assert os.path.getsize(path) == 1024 ** 3
    # a reserved volume only with reimage_reserved
    status, _, att = req(cloud, 'POST', '/attachments', {'attachment': {'volume_uuid': vid}})
    assert status == 200
    status, _, err = action(cloud, vid, body)
    assert status == 400 and 'must be available or error' in err['badRequest']['message']
    body['os-reimage']['reimage_reserved'] = True
    assert action(cloud, vid, body)[0] == 202
    assert wait(cloud, vid, statuses=('reserved',))['status'] == 'reserved'
    assert req(cloud, 'DELETE', '/attachments/%s' % att['attachment']['id'])[0] == 200
    delete(cloud, vid)


def test_migrate_volume_completion_moves_legacy_attachments(cloud):
    import uuid
    old, new = available(cloud), available(cloud)
    server = str(uuid.uuid4())
    assert action(cloud, old['id'], {'os-attach': {'instance_uuid': server,
                                                   'mountpoint': '/dev/vdb'}})[0] == 202
    body = {'os-migrate_volume_completion': {'new_volume': new['id']}}
    assert action(cloud, old['id'], body)[0] == 403  # an admin action
    status, _, resp = action(cloud, old['id'], body, token='admin')
    assert status == 200 and resp == {'save_volume_id': new['id']}
    assert wait(cloud, old['id'])['status'] == 'available'
    moved = wait(cloud, new['id'], statuses=('in-use',))
    assert moved['attachments'][0]['server_id'] == server
    assert moved['attachments'][0]['device'] == '/dev/vdb'
    assert action(cloud, old['id'], {'os-migrate_volume_completion': {}},
                  token='admin')[0] == 400
    assert action(cloud, new['id'], {'os-detach': {}})[0] == 202
    assert wait(cloud, new['id'])['status'] == 'available'
    delete(cloud, old['id'])
    delete(cloud, new['id'])
