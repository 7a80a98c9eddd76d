"""Glance v2 image sharing over HTTP: members, member_status / visibility list filters,
member schemas, discovery (/v2/info/...), and booting a server from a shared image."""
import uuid

import pytest

IMAGES = '/image/v2/images'
OCTET = {'Content-Type': 'application/octet-stream'}
PATCH = {'Content-Type': 'application/openstack-images-v2.1-json-patch'}


def make_project(cloud, prefix='share'):
    """A new project with a user holding the member role on it; returns (token, id)."""
    user = make_user(cloud, prefix)
    return user['token'], user['project_id']


def make_user(cloud, prefix):
    """A new project and a member user of the same name: name, password, token, project_id."""
    suffix = uuid.uuid4().hex[:8]
    name = '%s-%s' % (prefix, suffix)
    status, _, project = cloud.request('POST', '/identity/v3/projects', token='admin', body={
        'project': {'name': name, 'domain_id': 'default'}})
    assert status == 201, project
    status, _, user = cloud.request('POST', '/identity/v3/users', token='admin', body={
        'user': {'name': name, 'password': 'pw-' + suffix, 'domain_id': 'default'}})
    assert status == 201, user
    roles = cloud.request('GET', '/identity/v3/roles?name=member', token='admin')[2]['roles']
    status, _, _ = cloud.request('PUT', '/identity/v3/projects/%s/users/%s/roles/%s' % (
        project['project']['id'], user['user']['id'], roles[0]['id']), token='admin')
    assert status == 204
    status, headers, body = cloud.auth(name, name, password='pw-' + suffix)
    assert status == 201, body
    return {'name': name, 'password': 'pw-' + suffix, 'token': headers['X-Subject-Token'],
            'project_id': project['project']['id']}


@pytest.fixture(scope='module')
def consumer(cloud):
    return make_project(cloud, 'consumer')


@pytest.fixture(scope='module')
def stranger(cloud):
    return make_project(cloud, 'stranger')


def demo_project(cloud):
    return cloud.token_body('demo')['project']['id']


def new_image(cloud, token='demo', upload=True, **body):
    body.setdefault('name', 'shared-' + uuid.uuid4().hex[:6])
    body.setdefault('disk_format', 'raw')
    body.setdefault('container_format', 'bare')
    status, _, img = cloud.request('POST', IMAGES, body=body, token=token)
    assert status == 201, img
    if upload:
        status, _, err = cloud.request('PUT', '%s/%s/file' % (IMAGES, img['id']),
                                       raw=b'shared image bytes', headers=OCTET, token=token)
        assert status == 204, err
    return img


def members_url(image_id, member=None):
    url = '%s/%s/members' % (IMAGES, image_id)
    return url + '/' + member if member else url


def listed(cloud, token, query=''):
    status, _, body = cloud.request('GET', IMAGES + query, token=token)
    assert status == 200, body
    return {i['id'] for i in body['images']}


def glance_text(body):
    """Glance's faults are text pages: '<code> <title>\\n\\n<message>\\n\\n   '."""
    assert isinstance(body, str), body
    return body


# --------------------------------------------------------------------------- the flow

def test_share_accept_list_and_boot(cloud, consumer):
    tok, project = consumer
    img = new_image(cloud, visibility='shared')
    # not a member yet: the image does not exist for the consumer, and Nova says so
    status, _, body = cloud.request('GET', '%s/%s' % (IMAGES, img['id']), token=tok)
    assert status == 404 and 'No image found with ID %s' % img['id'] in glance_text(body)
    status, _, fault = cloud.request('POST', '/compute/v2.1/servers', token=tok, body={
        'server': {'name': 'nope', 'imageRef': img['id'], 'flavorRef': '1',
                   'networks': 'none'}}, version='2.37')
    assert status == 400 and fault['badRequest']['message'] == (
        'Image %s could not be found.' % img['id'])

    status, _, member = cloud.request('POST', members_url(img['id']), token='demo',
                                      body={'member': project})
    assert status == 200, member
    assert member['status'] == 'pending' and member['member_id'] == project
    assert member['image_id'] == img['id'] and member['schema'] == '/v2/schemas/member'
    assert member['created_at'].endswith('Z') and member['updated_at'] == member['created_at']
    assert set(member) == {'member_id', 'image_id', 'status', 'created_at', 'updated_at',
                           'schema'}

    # pending: visible by id at once, not in the default list, in member_status=pending
    assert cloud.request('GET', '%s/%s' % (IMAGES, img['id']), token=tok)[0] == 200
    assert img['id'] not in listed(cloud, tok)
    assert img['id'] not in listed(cloud, tok, '?visibility=shared')
    assert img['id'] in listed(cloud, tok, '?member_status=pending')
    assert img['id'] in listed(cloud, tok, '?visibility=shared&member_status=pending')
    assert img['id'] in listed(cloud, tok, '?member_status=all')
    assert img['id'] not in listed(cloud, tok, '?member_status=rejected')
    # the owner's list has it whatever the members say
    assert img['id'] in listed(cloud, 'demo', '?visibility=shared')

    status, _, accepted = cloud.request('PUT', members_url(img['id'], project), token=tok,
                                        body={'status': 'accepted'})
    assert status == 200 and accepted['status'] == 'accepted', accepted
    assert img['id'] in listed(cloud, tok)
    assert img['id'] in listed(cloud, tok, '?visibility=shared')
    assert img['id'] not in listed(cloud, tok, '?member_status=pending')

    # the member boots from it (Nova's GET /v2/images/<id> with the member's token)
    status, _, body = cloud.request('POST', '/compute/v2.1/servers', token=tok, body={
        'server': {'name': 'from-shared', 'imageRef': img['id'], 'flavorRef': '1',
                   'networks': 'none'}}, version='2.37')
    assert status == 202, body
    server, seen = cloud.wait_server(body['server']['id'], token=tok)
    assert server['status'] == 'ACTIVE', seen
    assert server['image']['id'] == img['id']

    # rejected: gone from the default list, still visible by id (Glance gives immediate
    # access; the status only filters lists)
    status, _, rejected = cloud.request('PUT', members_url(img['id'], project), token=tok,
                                        body={'status': 'rejected'})
    assert status == 200 and rejected['status'] == 'rejected'
    assert img['id'] not in listed(cloud, tok)
    assert img['id'] in listed(cloud, tok, '?member_status=rejected')
    assert cloud.request('GET', '%s/%s' % (IMAGES, img['id']), token=tok)[0] == 200

    # the owner removes the member: the image is gone for the consumer
    status, _, body = cloud.request('DELETE', members_url(img['id'], project), token='demo')
    assert status == 204, body
    assert cloud.request('GET', '%s/%s' % (IMAGES, img['id']), token=tok)[0] == 404
    assert img['id'] not in listed(cloud, tok, '?member_status=all')
    cloud.request('DELETE', '/compute/v2.1/servers/%s' % server['id'], token=tok)
    cloud.wait_gone(server['id'], token=tok)


def test_member_list_show_and_who_sees_what(cloud, consumer, stranger):
    img = new_image(cloud, upload=False)          # no visibility given: shared
    assert img['visibility'] == 'shared'
    for project in (consumer[1], stranger[1]):
        status, _, body = cloud.request('POST', members_url(img['id']), token='demo',
                                        body={'member': project})
        assert status == 200, body
    status, _, body = cloud.request('GET', members_url(img['id']), token='demo')
    assert status == 200 and body['schema'] == '/v2/schemas/members'
    assert [m['member_id'] for m in body['members']] == [consumer[1], stranger[1]]
    # a member sees only its own membership
    status, _, body = cloud.request('GET', members_url(img['id']), token=consumer[0])
    assert status == 200 and [m['member_id'] for m in body['members']] == [consumer[1]]
    status, _, body = cloud.request('GET', members_url(img['id'], stranger[1]),
                                    token=consumer[0])
    assert status == 404 and ('%s not found in the member list of the image %s.'
                              % (stranger[1], img['id'])) in glance_text(body)
    status, _, shown = cloud.request('GET', members_url(img['id'], consumer[1]),
                                     token=consumer[0])
    assert status == 200 and shown['status'] == 'pending'
    # admin sees them all
    status, _, body = cloud.request('GET', members_url(img['id']), token='admin')
    assert status == 200 and len(body['members']) == 2
    # re-adding after removal starts again at pending
    cloud.request('PUT', members_url(img['id'], consumer[1]), token=consumer[0],
                  body={'status': 'accepted'})
    assert cloud.request('DELETE', members_url(img['id'], consumer[1]),
                         token='demo')[0] == 204
    status, _, again = cloud.request('POST', members_url(img['id']), token='demo',
                                     body={'member': consumer[1]})
    assert status == 200 and again['status'] == 'pending'


def test_visibility_changes_keep_members(cloud, consumer):
    tok, project = consumer
    img = new_image(cloud, upload=False, visibility='shared')
    cloud.request('POST', members_url(img['id']), token='demo', body={'member': project})
    cloud.request('PUT', members_url(img['id'], project), token=tok,
                  body={'status': 'accepted'})
    status, _, body = cloud.request(
        'PATCH', '%s/%s' % (IMAGES, img['id']), token='demo', headers=PATCH,
        raw=b'[{"op": "replace", "path": "/visibility", "value": "private"}]')
    assert status == 200 and body['visibility'] == 'private', body
    # private: the member no longer sees it, the members API refuses
    assert cloud.request('GET', '%s/%s' % (IMAGES, img['id']), token=tok)[0] == 404
    status, _, body = cloud.request('GET', members_url(img['id']), token='demo')
    assert status == 403 and ('Not allowed to list members for image %s: Only shared '
                              'images have members.' % img['id']) in glance_text(body)
    # shared again: the membership (and its status) is back
    cloud.request('PATCH', '%s/%s' % (IMAGES, img['id']), token='demo', headers=PATCH,
                  raw=b'[{"op": "replace", "path": "/visibility", "value": "shared"}]')
    status, _, body = cloud.request('GET', members_url(img['id']), token='demo')
    assert status == 200 and [(m['member_id'], m['status']) for m in body['members']] == [
        (project, 'accepted')]
    assert img['id'] in listed(cloud, tok)


# --------------------------------------------------------------------------- refusals

@pytest.mark.parametrize('visibility', ['private', 'public', 'community'])
def test_members_only_on_shared_images(cloud, consumer, visibility):
    token = 'admin' if visibility == 'public' else 'demo'
    img = new_image(cloud, token=token, upload=False, visibility=visibility)
    status, _, body = cloud.request('POST', members_url(img['id']), token=token,
                                    body={'member': consumer[1]})
    assert status == 403
    assert 'Not allowed to create members for image %s.' % img['id'] in glance_text(body)
    status, _, body = cloud.request('GET', members_url(img['id']), token=token)
    assert status == 403 and 'Only shared images have members.' in glance_text(body)
    status, _, body = cloud.request('GET', members_url(img['id'], consumer[1]), token=token)
    assert status == 404 and 'Only shared images have members.' in glance_text(body)
    status, _, body = cloud.request('PUT', members_url(img['id'], consumer[1]), token=token,
                                    body={'status': 'accepted'})
    assert status == 403
    assert 'Not allowed to update members for image %s.' % img['id'] in glance_text(body)
    status, _, body = cloud.request('DELETE', members_url(img['id'], consumer[1]),
                                    token=token)
    assert status == 403
    assert 'Not allowed to delete members for image %s.' % img['id'] in glance_text(body)
    cloud.request('DELETE', '%s/%s' % (IMAGES, img['id']), token=token)


def test_owner_only_create_delete_member_only_status(cloud, consumer, stranger):
    tok, project = consumer
    img = new_image(cloud, upload=False)
    cloud.request('POST', members_url(img['id']), token='demo', body={'member': project})
    # the member may not add members nor remove itself
    status, _, body = cloud.request('POST', members_url(img['id']), token=tok,
                                    body={'member': stranger[1]})
    assert status == 403
    assert 'Not allowed to create members for image %s.' % img['id'] in glance_text(body)
    status, _, body = cloud.request('DELETE', members_url(img['id'], project), token=tok)
    assert status == 403
    assert 'Not allowed to delete members for image %s.' % img['id'] in glance_text(body)
    # the owner may not accept on the member's behalf
    status, _, body = cloud.request('PUT', members_url(img['id'], project), token='demo',
                                    body={'status': 'accepted'})
    assert status == 403
    assert 'Not allowed to update members for image %s.' % img['id'] in glance_text(body)
    # a project that is not a member does not see the image at all
    for method, url, body in [('GET', members_url(img['id']), None),
                              ('POST', members_url(img['id']), {'member': stranger[1]}),
                              ('GET', members_url(img['id'], project), None),
                              ('PUT', members_url(img['id'], project), {'status': 'accepted'}),
                              ('DELETE', members_url(img['id'], project), None)]:
        status, _, text = cloud.request(method, url, token=stranger[0], body=body)
        assert status == 404, (method, url, text)
        assert 'Image %s not found.' % img['id'] in glance_text(text)
    status, _, body = cloud.request('GET', members_url(img['id']), token='demo')
    assert [(m['member_id'], m['status']) for m in body['members']] == [(project, 'pending')]


def test_duplicate_member_is_409(cloud, consumer):
    img = new_image(cloud, upload=False)
    assert cloud.request('POST', members_url(img['id']), token='demo',
                         body={'member': consumer[1]})[0] == 200
    status, _, body = cloud.request('POST', members_url(img['id']), token='demo',
                                    body={'member': consumer[1]})
    assert status == 409
    assert ('Member %s is duplicated for image %s' % (consumer[1], img['id'])
            in glance_text(body))


@pytest.mark.parametrize('body,message', [
    (None, 'Body expected in request.'),
    ({}, 'Member to be added not specified'),
    ({'member': ''}, "Member can't be empty"),
    ({'member': None}, "Member can't be empty"),
    ({'member': 42}, 'Expected a member in the form: {"member": "image_id"}'),
    (['x'], 'Expected a member in the form: {"member": "image_id"}'),
    ({'member': 'x' * 256}, 'is longer than 255 characters'),
])
def test_create_member_bad_input(cloud, body, message):
    img = new_image(cloud, upload=False)
    status, _, text = cloud.request('POST', members_url(img['id']), token='demo', body=body)
    assert status == 400 and message in glance_text(text), text
    status, _, listed_members = cloud.request('GET', members_url(img['id']), token='demo')
    assert listed_members['members'] == []


@pytest.mark.parametrize('body,message', [
    (None, 'Body expected in request.'),
    ({}, 'Status not specified'),
    ({'status': 'maybe'}, 'Incorrect request: Status must be "pending", "accepted" or '
                          '"rejected".'),
    ({'status': 1}, 'Incorrect request: Status must be'),
    ('accepted', 'Expected a status in the form: {"status": "status"}'),
])
def test_update_member_bad_input(cloud, consumer, body, message):
    tok, project = consumer
    img = new_image(cloud, upload=False)
    cloud.request('POST', members_url(img['id']), token='demo', body={'member': project})
    status, _, text = cloud.request('PUT', members_url(img['id'], project), token=tok,
                                    body=body)
    assert status == 400 and message in glance_text(text), text
    status, _, shown = cloud.request('GET', members_url(img['id'], project), token=tok)
    assert shown['status'] == 'pending'


def test_unknown_image_and_member(cloud, consumer):
    missing = str(uuid.uuid4())
    for method, url, body in [('GET', members_url(missing), None),
                              ('POST', members_url(missing), {'member': consumer[1]}),
                              ('GET', members_url(missing, consumer[1]), None),
                              ('PUT', members_url(missing, consumer[1]), {'status': 'accepted'}),
                              ('DELETE', members_url(missing, consumer[1]), None)]:
        status, _, text = cloud.request(method, url, token='demo', body=body)
        assert status == 404 and 'Image %s not found.' % missing in glance_text(text)
    img = new_image(cloud, upload=False)
    for method, body in [('GET', None), ('PUT', {'status': 'accepted'}), ('DELETE', None)]:
        status, _, text = cloud.request(method, members_url(img['id'], 'nobody'),
                                        token='demo', body=body)
        assert status == 404, text
        assert ('nobody not found in the member list of the image %s.' % img['id']
                in glance_text(text))
    status, headers, _ = cloud.request('PATCH', members_url(img['id']), token='demo')
    assert status == 405 and sorted(headers['Allow'].replace(' ', '').split(',')) == [
        'GET', 'POST']


def test_member_quota_is_128(cloud):
    img = new_image(cloud, upload=False)
    for index in range(128):
        status, _, body = cloud.request('POST', members_url(img['id']), token='demo',
                                        body={'member': 'project-%03d' % index})
        assert status == 200, body
    status, _, body = cloud.request('POST', members_url(img['id']), token='demo',
                                    body={'member': 'one-too-many'})
    assert status == 413
    assert ('Image member limit exceeded for image %s: The limit has been exceeded on the '
            'number of allowed image members for this image. Attempted: 129, Maximum: 128'
            % img['id']) in glance_text(body)
    assert len(cloud.request('GET', members_url(img['id']), token='demo')[2]['members']) == 128


# --------------------------------------------------------------------------- schemas, info

def test_member_schemas(cloud):
    status, _, member = cloud.request('GET', '/image/v2/schemas/member')
    assert status == 200 and member['name'] == 'member'
    assert member['additionalProperties'] is False
    assert set(member['properties']) == {'member_id', 'image_id', 'created_at', 'updated_at',
                                         'status', 'schema'}
    assert member['properties']['status']['enum'] == ['pending', 'accepted', 'rejected']
    status, _, members = cloud.request('GET', '/image/v2/schemas/members')
    assert status == 200 and members['name'] == 'members'
    assert members['properties']['members']['items'] == member
    assert [link['rel'] for link in members['links']] == ['first', 'next', 'describedby']


def test_info_import_and_stores(cloud):
    status, _, body = cloud.request('GET', '/image/v2/info/import')
    assert status == 200 and body == {'import-methods': {
        'description': 'Import methods available.', 'type': 'array', 'value': []}}
    status, _, body = cloud.request('GET', '/image/v2/info/stores')
    assert status == 200 and body == {'stores': [{'id': 'file', 'default': 'true'}]}
    status, _, body = cloud.request('GET', '/image/v2/info/stores/detail')
    assert status == 403
    assert 'You are not authorized to complete stores_info_detail action.' in glance_text(body)
    status, _, body = cloud.request('GET', '/image/v2/info/stores/detail', token='admin')
    assert status == 200, body
    (store,) = body['stores']
    assert store['id'] == 'file' and store['type'] == 'file' and store['weight'] == 0
    assert store['properties']['data_dir'].endswith('/images/')
    assert set(store['properties']) == {'data_dir', 'chunk_size', 'thin_provisioning'}
    status, headers, _ = cloud.request('POST', '/image/v2/info/stores', body={})
    assert status == 405 and headers['Allow'] == 'GET'
    # an image with data names its store
    img = new_image(cloud)
    assert cloud.request('GET', '%s/%s' % (IMAGES, img['id']))[2]['stores'] == 'file'
