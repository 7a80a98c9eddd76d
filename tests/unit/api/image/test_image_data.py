"""Glance v2 image data: upload, download, checksums, status transitions; versions, schemas
and the cirros seed."""
import hashlib
import os
import struct
import threading
import uuid

import jsonschema

OCTET = {'Content-Type': 'application/octet-stream'}


def new_image(client, token, **body):
    body.setdefault('disk_format', 'raw')
    body.setdefault('container_format', 'bare')
    status, _h, img = client.request('POST', '/v2/images', body=body, token=token)
    assert status == 201, img
    return img


def upload(client, token, image_id, data, headers=OCTET):
    return client.request('PUT', '/v2/images/%s/file' % image_id, raw=data, headers=headers,
                          token=token)


def text(body):
    return body.decode() if isinstance(body, bytes) else str(body)


def test_upload_and_download_with_checksums(image_client, demo, conf):
    tok = demo[0]
    img = new_image(image_client, tok)
    data = os.urandom(200 * 1024 + 17)
    status, _h, body = upload(image_client, tok, img['id'], data)
    assert status == 204 and not body
    with open(os.path.join(conf.state_dir, 'images', img['id']), 'rb') as f:
        assert f.read() == data
    shown = image_client.request('GET', '/v2/images/%s' % img['id'], token=tok)[2]
    assert shown['status'] == 'active'
    assert shown['size'] == len(data)
    assert shown['checksum'] == hashlib.md5(data).hexdigest()
    assert shown['os_hash_algo'] == 'sha512'
    assert shown['os_hash_value'] == hashlib.sha512(data).hexdigest()
    status, headers, body = image_client.request('GET', '/v2/images/%s/file' % img['id'],
                                                 token=tok)
    assert status == 200
    assert body == data
    assert headers['Content-Type'] == 'application/octet-stream'
    assert headers['Content-MD5'] == hashlib.md5(data).hexdigest()
    assert headers['Content-Length'] == str(len(data))


def test_upload_qcow2_sets_virtual_size(image_client, demo):
    img = new_image(image_client, demo[0], disk_format='qcow2')
    header = b'QFI\xfb' + struct.pack('>IQIIQ', 3, 0, 0, 16, 1 << 30) + b'\0' * 100
    assert upload(image_client, demo[0], img['id'], header)[0] == 204
    shown = image_client.request('GET', '/v2/images/%s' % img['id'], token=demo[0])[2]
    assert shown['virtual_size'] == 1 << 30


def test_upload_to_non_queued_image_conflicts(image_client, demo):
    img = new_image(image_client, demo[0])
    assert upload(image_client, demo[0], img['id'], b'one')[0] == 204
    status, _h, body = upload(image_client, demo[0], img['id'], b'two')
    assert status == 409
    assert 'Image status transition from active to saving is not allowed' in text(body)


def test_upload_errors(image_client, demo, alt, admin):
    img = new_image(image_client, demo[0])
    status, _h, body = upload(image_client, demo[0], img['id'], b'x',
                              headers={'Content-Type': 'text/plain'})
    assert status == 415
    assert upload(image_client, alt[0], img['id'], b'x')[0] == 404
    assert upload(image_client, demo[0], str(uuid.uuid4()), b'x')[0] == 404
    bare = new_image(image_client, demo[0], disk_format=None, container_format=None)
    status, _h, body = upload(image_client, demo[0], bare['id'], b'x')
    assert status == 400 and 'must be set prior to saving data' in text(body)
    public = new_image(image_client, admin[0], visibility='public')
    status, _h, body = upload(image_client, demo[0], public['id'], b'x')
    assert status == 403 and 'upload_image' in text(body)
    shown = image_client.request('GET', '/v2/images/%s' % img['id'], token=demo[0])[2]
    assert shown['status'] == 'queued'


def test_failed_upload_returns_to_queued(image_client, demo, monkeypatch):
    from novalite.db import image as image_db
    img = new_image(image_client, demo[0])

    def broken(*args, **kwargs):
        raise OSError('disk on fire')
    monkeypatch.setattr(image_db, 'write_data', broken)
    assert upload(image_client, demo[0], img['id'], b'data')[0] == 500
    monkeypatch.undo()
    shown = image_client.request('GET', '/v2/images/%s' % img['id'], token=demo[0])[2]
    assert shown['status'] == 'queued'
    assert upload(image_client, demo[0], img['id'], b'data')[0] == 204


def test_concurrent_uploads_only_one_wins(image_client, demo):
    img = new_image(image_client, demo[0])
    results = []

    def go(payload):
        results.append(upload(image_client, demo[0], img['id'], payload)[0])
    threads = [threading.Thread(target=go, args=(b'%d' % i * 1000,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results).count(204) == 1
    assert set(results) <= {204, 409}


def test_download_without_data_is_204(image_client, demo, alt):
    img = new_image(image_client, demo[0])
    status, _h, body = image_client.request('GET', '/v2/images/%s/file' % img['id'],
                                            token=demo[0])
    assert status == 204 and not body
    assert image_client.request('GET', '/v2/images/%s/file' % img['id'],
                                token=alt[0])[0] == 404


def test_versions_document(image_client):
    for path in ('/', '/versions'):
        status, _h, body = image_client.request('GET', path)
        assert status == 300
        versions = body['versions']
        assert versions[0] == {'id': 'v2.16', 'status': 'CURRENT', 'links': [
            {'rel': 'self', 'href': 'http://localhost/image/v2/'}]}
        assert {v['status'] for v in versions[1:]} == {'SUPPORTED'}
        assert versions[-1]['id'] == 'v2.0'


def test_schemas_describe_real_images(image_client, demo):
    tok = demo[0]
    status, _h, schema = image_client.request('GET', '/v2/schemas/image', token=tok)
    assert status == 200
    assert schema['name'] == 'image'
    assert schema['additionalProperties'] == {'type': 'string'}
    assert {'id', 'name', 'status', 'visibility', 'os_hash_value', 'tags'} <= set(
        schema['properties'])
    assert schema['properties']['status']['readOnly'] is True
    img = new_image(image_client, tok, name='s', os_distro='cirros')
    jsonschema.validate(img, schema)
    status, _h, collection = image_client.request('GET', '/v2/schemas/images', token=tok)
    assert status == 200 and collection['name'] == 'images'
    assert collection['properties']['images']['items']['name'] == 'image'
    listing = image_client.request('GET', '/v2/images', token=tok)[2]
    jsonschema.validate(listing, collection)


def test_seed_cirros_idempotent(image_client, demo, admin, conf):
    from novalite.db import image as image_db
    first = image_db.seed_cirros(conf, admin[2])
    assert image_db.seed_cirros(conf, admin[2]) == first
    body = image_client.request('GET', '/v2/images?name=cirros', token=demo[0])[2]
    assert [i['id'] for i in body['images']] == [first]
    img = body['images'][0]
    assert img['status'] == 'active' and img['visibility'] == 'public'
    assert (img['disk_format'], img['container_format'], img['min_disk']) == \
        ('qcow2', 'bare', 0)
    assert 10 * 1024 <= img['size'] <= 100 * 1024
    assert img['virtual_size'] == image_db.CIRROS_VIRTUAL_SIZE
    status, headers, data = image_client.request('GET', '/v2/images/%s/file' % first,
                                                 token=demo[0])
    assert status == 200 and data[:4] == b'QFI\xfb'
    assert hashlib.md5(data).hexdigest() == img['checksum'] == headers['Content-MD5']
    assert hashlib.sha512(data).hexdigest() == img['os_hash_value']
    assert data == image_db.cirros_bytes()


def test_image_deleted_during_upload_is_gone(image_client, demo, conf, monkeypatch):
    from novalite.db import image as image_db
    img = new_image(image_client, demo[0])
    write_data = image_db.write_data

    def write_then_lose_the_race(*args, **kwargs):
        result = write_data(*args, **kwargs)
        assert image_client.request('DELETE', '/v2/images/%s' % img['id'],
                                    token=demo[0])[0] == 204
        return result
    monkeypatch.setattr(image_db, 'write_data', write_then_lose_the_race)
    status, _h, body = upload(image_client, demo[0], img['id'], b'late data')
    assert status == 410
    assert 'may have been deleted during the upload' in text(body)
    assert not os.path.exists(os.path.join(conf.state_dir, 'images', img['id']))
