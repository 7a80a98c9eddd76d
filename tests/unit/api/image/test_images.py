"""Glance v2 images API: create, show, list, JSON-patch, delete, tags, (de)activation."""
import uuid

import pytest

PATCH = {'Content-Type': 'application/openstack-images-v2.1-json-patch'}
PATCH_V20 = {'Content-Type': 'application/openstack-images-v2.0-json-patch'}
OCTET = {'Content-Type': 'application/octet-stream'}


def create(client, token, **body):
    body.setdefault('name', 'img')
    status, headers, data = client.request('POST', '/v2/images', body=body, token=token)
    assert status == 201, data
    return data


def patch(client, token, image_id, ops, headers=PATCH):
    import json
    return client.request('PATCH', '/v2/images/%s' % image_id, raw=json.dumps(ops).encode(),
                          headers=headers, token=token)


def text(body):
    return body.decode() if isinstance(body, bytes) else str(body)


# --------------------------------------------------------------------------- create/show

def test_create_queued_image_with_custom_properties(image_client, demo):
    tok, _user, project = demo
    status, headers, img = image_client.request(
        'POST', '/v2/images', token=tok,
        body={'name': 'cirros-custom', 'disk_format': 'qcow2', 'container_format': 'bare',
              'min_ram': 64, 'tags': ['a', 'b', 'a'], 'os_distro': 'cirros', 'hw_foo': 'x'})
    assert status == 201
    assert headers['Location'].endswith('/image/v2/images/%s' % img['id'])
    assert img['status'] == 'queued'
    assert img['visibility'] == 'shared'
    assert img['owner'] == project
    assert img['tags'] == ['a', 'b']
    assert img['os_distro'] == 'cirros' and img['hw_foo'] == 'x'
    for key in ('checksum', 'size', 'virtual_size', 'os_hash_algo', 'os_hash_value'):
        assert img[key] is None
    assert img['protected'] is False and img['os_hidden'] is False
    assert img['min_ram'] == 64 and img['min_disk'] == 0
    assert img['self'] == '/v2/images/%s' % img['id']
    assert img['file'] == '/v2/images/%s/file' % img['id']
    assert img['schema'] == '/v2/schemas/image'
    assert img['created_at'].endswith('Z') and len(img['created_at']) == 20
    assert img['updated_at'] == img['created_at']
    status, _h, shown = image_client.request('GET', '/v2/images/%s' % img['id'], token=tok)
    assert status == 200 and shown == img


def test_create_with_id_and_duplicate(image_client, demo):
    tok = demo[0]
    image_id = str(uuid.uuid4())
    assert create(image_client, tok, id=image_id)['id'] == image_id
    status, _h, body = image_client.request('POST', '/v2/images', token=tok,
                                            body={'id': image_id})
    assert status == 409
    assert 'already exists' in text(body)


@pytest.mark.parametrize('body,status,message', [
    ({'status': 'active'}, 403, "Attribute 'status' is read-only."),
    ({'checksum': 'abc'}, 403, "Attribute 'checksum' is read-only."),
    ({'self': '/x'}, 403, "Attribute 'self' is read-only."),
    ({'location': 'http://x'}, 403, "Attribute 'location' is reserved."),
    ({'os_glance_foo': 'x'}, 403, "Attribute 'os_glance_foo' is reserved."),
    ({'disk_format': 'floppy'}, 400, 'does not match schema'),
    ({'min_ram': 'lots'}, 400, 'does not match schema'),
    ({'min_disk': -1}, 400, 'Cannot be a negative value'),
    ({'custom': 5}, 400, 'does not match schema'),
    ({'id': 'not-a-uuid'}, 400, 'does not match schema'),
    ({'visibility': 'everyone'}, 400, 'does not match schema'),
    ({'x' * 256: 'v'}, 400, 'Custom property should not be greater than 255'),
])
def test_create_bad_input(image_client, demo, body, status, message):
    code, headers, data = image_client.request('POST', '/v2/images', body=body,
                                               token=demo[0])
    assert code == status
    assert headers['Content-Type'].startswith('text/plain')
    assert message in text(data)


def test_create_needs_a_body(image_client, demo):
    status, _h, body = image_client.request('POST', '/v2/images', token=demo[0])
    assert status == 400 and 'Body expected in request.' in text(body)
    status, _h, body = image_client.request('POST', '/v2/images', body=[1], token=demo[0])
    assert status == 400


def test_publicize_is_admin_only(image_client, demo, admin):
    status, _h, body = image_client.request('POST', '/v2/images', token=demo[0],
                                            body={'visibility': 'public'})
    assert status == 403
    assert 'You are not authorized to complete publicize_image action.' in text(body)
    assert create(image_client, admin[0], visibility='public')['visibility'] == 'public'
    assert create(image_client, demo[0], visibility='community')['visibility'] == 'community'


def test_owner_other_project(image_client, demo, alt, admin):
    status, _h, body = image_client.request('POST', '/v2/images', token=demo[0],
                                            body={'owner': alt[2]})
    assert status == 403 and 'add_image' in text(body)
    img = create(image_client, admin[0], owner=alt[2])
    assert img['owner'] == alt[2]
    assert image_client.request('GET', '/v2/images/%s' % img['id'], token=alt[0])[0] == 200


def test_show_not_found(image_client, demo):
    status, headers, body = image_client.request('GET', '/v2/images/%s' % uuid.uuid4(),
                                                 token=demo[0])
    assert status == 404 and 'No image found with ID' in text(body)
    assert image_client.request('GET', '/v2/images/cirros', token=demo[0])[0] == 404


def test_image_tasks(image_client, demo, alt):
    """GET /v2/images/{id}/tasks (Glance 2.12): never any import tasks; 404 for others."""
    img = create(image_client, demo[0])
    status, _h, body = image_client.request('GET', '/v2/images/%s/tasks' % img['id'],
                                            token=demo[0])
    assert status == 200 and body == {'tasks': []}
    assert image_client.request('GET', '/v2/images/%s/tasks' % img['id'],
                                token=alt[0])[0] == 404
    assert image_client.request('GET', '/v2/images/%s/tasks' % uuid.uuid4(),
                                token=demo[0])[0] == 404


def test_unauthenticated(image_client):
    assert image_client.request('GET', '/v2/images')[0] == 401


# --------------------------------------------------------------------------- visibility

def test_visibility_between_projects(image_client, demo, alt, admin):
    private = create(image_client, demo[0], name='p', visibility='private')
    shared = create(image_client, demo[0], name='s')
    community = create(image_client, demo[0], name='c', visibility='community')
    public = create(image_client, admin[0], name='pub', visibility='public')

    def get(tok, img):
        return image_client.request('GET', '/v2/images/%s' % img['id'], token=tok)[0]
    assert get(alt[0], private) == 404
    assert get(alt[0], shared) == 404
    assert get(alt[0], community) == 200
    assert get(alt[0], public) == 200
    assert get(admin[0], private) == 200

    def names(tok, query=''):
        status, _h, body = image_client.request('GET', '/v2/images' + query, token=tok)
        assert status == 200
        return {i['name'] for i in body['images']}
    assert names(alt[0]) == {'pub'}
    assert names(alt[0], '?visibility=community') == {'c'}
    assert names(alt[0], '?visibility=all') == {'pub', 'c'}
    assert names(demo[0]) == {'p', 's', 'c', 'pub'}
    assert names(demo[0], '?visibility=private') == {'p'}
    assert names(admin[0]) == {'p', 's', 'pub'}
    assert names(admin[0], '?visibility=all') == {'p', 's', 'c', 'pub'}


def test_shared_image_visible_to_members(image_client, demo, alt):
    from novalite.db import models
    from novalite.db import session
    img = create(image_client, demo[0], name='member-img')
    with session.transaction() as s:
        s.add(models.ImageMember(image_id=img['id'], member=alt[2], status='pending'))
    assert image_client.request('GET', '/v2/images/%s' % img['id'], token=alt[0])[0] == 200
    body = image_client.request('GET', '/v2/images', token=alt[0])[2]
    assert img['id'] not in [i['id'] for i in body['images']]
    body = image_client.request('GET', '/v2/images?member_status=pending', token=alt[0])[2]
    assert img['id'] in [i['id'] for i in body['images']]


def test_other_project_cannot_modify_public_image(image_client, demo, admin):
    img = create(image_client, admin[0], visibility='public')
    status, _h, body = patch(image_client, demo[0], img['id'],
                             [{'op': 'replace', 'path': '/name', 'value': 'mine'}])
    assert status == 403 and 'modify_image' in text(body)
    status, _h, body = image_client.request('DELETE', '/v2/images/%s' % img['id'],
                                            token=demo[0])
    assert status == 403 and 'delete_image' in text(body)


# --------------------------------------------------------------------------- listing

def test_list_filters(image_client, demo):
    tok = demo[0]
    a = create(image_client, tok, name='a', disk_format='raw', container_format='bare',
               tags=['x', 'y'], os_distro='ubuntu')
    b = create(image_client, tok, name='b', disk_format='qcow2', container_format='bare',
               tags=['x'], protected=True)
    create(image_client, tok, name='hidden', os_hidden=True)

    def ids(query):
        status, _h, body = image_client.request('GET', '/v2/images' + query, token=tok)
        assert status == 200, body
        return {i['id'] for i in body['images']}
    assert ids('?name=a') == {a['id']}
    assert ids('?name=in:a,b') == {a['id'], b['id']}
    assert ids('?tag=x') == {a['id'], b['id']}
    assert ids('?tag=x&tag=y') == {a['id']}
    assert ids('?disk_format=qcow2') == {b['id']}
    assert ids('?protected=true') == {b['id']}
    assert ids('?os_distro=ubuntu') == {a['id']}
    assert ids('?status=queued') == ids('')
    assert ids('?owner=%s' % demo[2]) == ids('')
    assert len(ids('')) == 2
    assert len(ids('?os_hidden=true')) == 1
    assert ids('?created_at=gte:2000-01-01T00:00:00Z') == ids('')
    assert ids('?created_at=lt:2000-01-01T00:00:00Z') == set()


@pytest.mark.parametrize('query,message', [
    ('?limit=abc', 'limit param must be an integer'),
    ('?limit=-1', 'limit param must be positive'),
    ('?sort_key=foo', 'Invalid sort key: foo'),
    ('?sort_dir=sideways', 'Invalid sort direction: sideways'),
    ('?sort=name:up', 'Invalid sort direction: up'),
    ('?sort=name&sort_key=size', 'Old and new sorting syntax cannot be combined'),
    ('?visibility=everyone', 'Invalid visibility value: everyone'),
    ('?os_hidden=maybe', "Invalid value 'maybe' for 'os_hidden' filter."),
    ('?protected=maybe', "Invalid value 'maybe' for 'protected' filter."),
    ('?member_status=odd', 'Invalid status: odd'),
    ('?changes-since=2020', 'no longer available'),
    ('?size_min=big', 'Unable to filter using the specified range.'),
])
def test_list_bad_query(image_client, demo, query, message):
    status, _h, body = image_client.request('GET', '/v2/images' + query, token=demo[0])
    assert status == 400
    assert message in text(body)


def test_list_pagination_and_sorting(image_client, demo):
    tok = demo[0]
    for name in ('c', 'a', 'd', 'b', 'e'):
        create(image_client, tok, name=name)
    status, _h, body = image_client.request('GET', '/v2/images?limit=2&sort=name:asc',
                                            token=tok)
    assert [i['name'] for i in body['images']] == ['a', 'b']
    assert body['first'] == '/v2/images?limit=2&sort=name%3Aasc'
    assert body['schema'] == '/v2/schemas/images'
    seen = [i['name'] for i in body['images']]
    while 'next' in body:
        assert body['next'].startswith('/v2/images?')
        status, _h, body = image_client.request('GET', body['next'], token=tok)
        assert status == 200
        seen += [i['name'] for i in body['images']]
    assert seen == ['a', 'b', 'c', 'd', 'e']
    body = image_client.request('GET', '/v2/images?sort_key=name&sort_dir=desc', token=tok)[2]
    assert [i['name'] for i in body['images']] == ['e', 'd', 'c', 'b', 'a']
    assert 'next' not in body
    body = image_client.request('GET', '/v2/images', token=tok)[2]
    assert [i['name'] for i in body['images']] == ['e', 'b', 'd', 'a', 'c']


def test_list_bad_marker(image_client, demo, alt):
    status, _h, body = image_client.request('GET', '/v2/images?marker=%s' % uuid.uuid4(),
                                            token=demo[0])
    assert status == 400 and 'No image found with ID' in text(body)
    other = create(image_client, alt[0], visibility='private')
    status, _h, body = image_client.request('GET', '/v2/images?marker=%s' % other['id'],
                                            token=demo[0])
    assert status == 400


def test_marker_outside_filter(image_client, demo):
    tok = demo[0]
    first = create(image_client, tok, name='one')
    create(image_client, tok, name='two', tags=['t'])
    body = image_client.request('GET', '/v2/images?tag=t&marker=%s' % first['id'],
                                token=tok)[2]
    assert [i['name'] for i in body['images']] == []


# --------------------------------------------------------------------------- patch

def test_patch_replace_add_remove(image_client, demo):
    tok = demo[0]
    img = create(image_client, tok, name='old', os_distro='cirros')
    status, _h, body = patch(image_client, tok, img['id'], [
        {'op': 'replace', 'path': '/name', 'value': 'new'},
        {'op': 'add', 'path': '/color', 'value': 'blue'},
        {'op': 'add', 'path': '/os_distro', 'value': 'ubuntu'},
        {'op': 'replace', 'path': '/min_disk', 'value': 2},
        {'op': 'replace', 'path': '/protected', 'value': True},
        {'op': 'replace', 'path': '/tags', 'value': ['t1', 't2', 't1']},
        {'op': 'replace', 'path': '/visibility', 'value': 'private'},
    ])
    assert status == 200, body
    assert body['name'] == 'new' and body['color'] == 'blue' and body['os_distro'] == 'ubuntu'
    assert body['min_disk'] == 2 and body['protected'] is True
    assert body['tags'] == ['t1', 't2'] and body['visibility'] == 'private'
    status, _h, body = patch(image_client, tok, img['id'],
                             [{'op': 'remove', 'path': '/color'}])
    assert status == 200 and 'color' not in body
    status, _h, body = patch(image_client, tok, img['id'],
                             [{'replace': '/name', 'value': 'draft4'}], headers=PATCH_V20)
    assert status == 200 and body['name'] == 'draft4'


@pytest.mark.parametrize('ops,status,message', [
    ([{'op': 'replace', 'path': '/status', 'value': 'active'}], 403,
     "Attribute 'status' is read-only."),
    ([{'op': 'replace', 'path': '/id', 'value': 'x'}], 403, "Attribute 'id' is read-only."),
    ([{'op': 'add', 'path': '/deleted', 'value': 'x'}], 403, "Attribute 'deleted' is reserved."),
    ([{'op': 'remove', 'path': '/name'}], 403, 'Property name may not be removed.'),
    ([{'op': 'remove', 'path': '/nothing'}], 409, 'Property nothing does not exist.'),
    ([{'op': 'replace', 'path': '/nothing', 'value': 'x'}], 409,
     'Property nothing does not exist.'),
    ([{'op': 'replace', 'path': '/min_ram', 'value': 'x'}], 400, 'does not match schema'),
    ([{'op': 'replace', 'path': '/min_ram', 'value': -5}], 400, 'Cannot be a negative value'),
    ([{'op': 'add', 'path': '/custom', 'value': 1}], 400, 'does not match schema'),
    ([{'op': 'move', 'path': '/name', 'value': 'x'}], 400, 'Invalid operation: `move`'),
    ([{'path': '/name', 'value': 'x'}], 400, 'Unable to find `op`'),
    ([{'op': 'replace', 'path': 'name', 'value': 'x'}], 400, 'does not start with "/"'),
    ([{'op': 'replace', 'path': '/a/b', 'value': 'x'}], 400, 'Invalid JSON pointer'),
    ([{'op': 'replace', 'path': '/name'}], 400, 'requires a member named "value"'),
    ({'op': 'replace'}, 400, 'Request body must be a JSON array of operation objects.'),
    (['x'], 400, 'Operations must be JSON objects.'),
    ([{'op': 'replace', 'path': '/visibility', 'value': 'public'}], 403, 'publicize_image'),
    ([{'op': 'replace', 'path': '/owner', 'value': 'me'}], 403,
     "Owner can't be updated by non admin."),
    ([{'op': 'replace', 'path': '/locations', 'value': []}], 403, 'locations'),
])
def test_patch_errors(image_client, demo, ops, status, message):
    img = create(image_client, demo[0])
    code, _h, body = patch(image_client, demo[0], img['id'], ops)
    assert code == status, body
    assert message in text(body)


def test_patch_draft4_add_existing_conflicts(image_client, demo):
    img = create(image_client, demo[0], color='red')
    status, _h, body = patch(image_client, demo[0], img['id'],
                             [{'add': '/color', 'value': 'blue'}], headers=PATCH_V20)
    assert status == 409 and 'Property color already present.' in text(body)


def test_patch_needs_patch_media_type(image_client, demo):
    img = create(image_client, demo[0])
    for content_type in ('application/json', 'text/plain'):
        status, headers, _b = patch(image_client, demo[0], img['id'], [],
                                    headers={'Content-Type': content_type})
        assert status == 415
        assert 'application/openstack-images-v2.1-json-patch' in headers['Accept-Patch']


def test_patch_formats_only_while_queued(image_client, demo):
    img = create(image_client, demo[0], disk_format='raw', container_format='bare')
    image_client.request('PUT', '/v2/images/%s/file' % img['id'], raw=b'data',
                         headers=OCTET, token=demo[0])
    status, _h, body = patch(image_client, demo[0], img['id'],
                             [{'op': 'replace', 'path': '/disk_format', 'value': 'qcow2'}])
    assert status == 403 and 'can be only replaced for a queued image' in text(body)


def test_patch_not_found(image_client, demo):
    status, _h, _b = patch(image_client, demo[0], str(uuid.uuid4()),
                           [{'op': 'replace', 'path': '/name', 'value': 'x'}])
    assert status == 404


# --------------------------------------------------------------------------- delete

def test_delete_and_protected(image_client, demo, conf):
    import os
    tok = demo[0]
    img = create(image_client, tok, disk_format='raw', container_format='bare',
                 protected=True)
    image_client.request('PUT', '/v2/images/%s/file' % img['id'], raw=b'abc', headers=OCTET,
                         token=tok)
    path = os.path.join(conf.state_dir, 'images', img['id'])
    assert os.path.exists(path)
    status, _h, body = image_client.request('DELETE', '/v2/images/%s' % img['id'], token=tok)
    assert status == 403
    assert 'Image %s is protected and cannot be deleted.' % img['id'] in text(body)
    patch(image_client, tok, img['id'], [{'op': 'replace', 'path': '/protected',
                                          'value': False}])
    status, _h, body = image_client.request('DELETE', '/v2/images/%s' % img['id'], token=tok)
    assert status == 204 and not body
    assert not os.path.exists(path)
    assert image_client.request('GET', '/v2/images/%s' % img['id'], token=tok)[0] == 404
    status, _h, body = image_client.request('DELETE', '/v2/images/%s' % img['id'], token=tok)
    assert status == 404 and 'Failed to find image' in text(body)
    status, _h, body = image_client.request('POST', '/v2/images', body={'id': img['id']},
                                            token=tok)
    assert status == 409 and 'has been deleted' in text(body)


# --------------------------------------------------------------------------- tags

def test_tags(image_client, demo, alt):
    tok = demo[0]
    img = create(image_client, tok)
    path = '/v2/images/%s/tags/' % img['id']
    assert image_client.request('PUT', path + 'red', token=tok)[0] == 204
    assert image_client.request('PUT', path + 'red', token=tok)[0] == 204
    assert image_client.request('PUT', path + 'blue', token=tok)[0] == 204
    body = image_client.request('GET', '/v2/images/%s' % img['id'], token=tok)[2]
    assert body['tags'] == ['red', 'blue']
    assert image_client.request('DELETE', path + 'red', token=tok)[0] == 204
    assert image_client.request('DELETE', path + 'red', token=tok)[0] == 404
    assert image_client.request('PUT', path + 'x' * 256, token=tok)[0] == 400
    assert image_client.request('PUT', path + 'green', token=alt[0])[0] == 404
    missing = '/v2/images/%s/tags/x' % uuid.uuid4()
    assert image_client.request('PUT', missing, token=tok)[0] == 404


# --------------------------------------------------------------------------- actions

def test_deactivate_reactivate(image_client, demo, admin):
    img = create(image_client, demo[0], disk_format='raw', container_format='bare')
    base = '/v2/images/%s/actions/' % img['id']
    status, _h, body = image_client.request('POST', base + 'deactivate', token=admin[0])
    assert status == 403 and "Not allowed to deactivate image in status 'queued'" in text(body)
    image_client.request('PUT', '/v2/images/%s/file' % img['id'], raw=b'x', headers=OCTET,
                         token=demo[0])
    status, _h, body = image_client.request('POST', base + 'deactivate', token=demo[0])
    assert status == 403 and 'deactivate' in text(body)
    assert image_client.request('POST', base + 'deactivate', token=admin[0])[0] == 204
    assert image_client.request('POST', base + 'deactivate', token=admin[0])[0] == 204
    shown = image_client.request('GET', '/v2/images/%s' % img['id'], token=demo[0])[2]
    assert shown['status'] == 'deactivated'
    status, _h, body = image_client.request('GET', '/v2/images/%s/file' % img['id'],
                                            token=demo[0])
    assert status == 403 and 'deactivated' in text(body)
    assert image_client.request('GET', '/v2/images/%s/file' % img['id'],
                                token=admin[0])[0] == 200
    assert image_client.request('POST', base + 'reactivate', token=demo[0])[0] == 403
    assert image_client.request('POST', base + 'reactivate', token=admin[0])[0] == 204
    shown = image_client.request('GET', '/v2/images/%s' % img['id'], token=demo[0])[2]
    assert shown['status'] == 'active'
