"""/v3/roles."""


def _create(identity, token, **role):
    return identity.request('POST', '/v3/roles', token=token, body={'role': role})


def test_seeded_roles_listed(identity, admin_token):
    status, _, body = identity.request('GET', '/v3/roles', token=admin_token)
    assert status == 200
    assert [r['name'] for r in body['roles']] == ['admin', 'manager', 'member', 'reader',
                                                  'service']
    assert body['links']['self'] == 'http://localhost/identity/v3/roles'
    _, _, body = identity.request('GET', '/v3/roles?name=reader', token=admin_token)
    assert [r['name'] for r in body['roles']] == ['reader']


def test_crud(identity, admin_token):
    status, _, body = _create(identity, admin_token, name='observer', description='looks')
    assert status == 201
    role = body['role']
    assert role['name'] == 'observer' and role['domain_id'] is None
    assert role['description'] == 'looks' and role['options'] == {}
    assert role['links']['self'] == 'http://localhost/identity/v3/roles/%s' % role['id']
    path = '/v3/roles/%s' % role['id']
    assert identity.request('GET', path, token=admin_token)[2]['role'] == role
    status, _, body = identity.request('PATCH', path, token=admin_token,
                                       body={'role': {'name': 'watcher'}})
    assert status == 200 and body['role']['name'] == 'watcher'
    assert identity.request('DELETE', path, token=admin_token)[0] == 204
    status, _, body = identity.request('GET', path, token=admin_token)
    assert status == 404
    assert body['error']['message'] == 'Could not find role: %s.' % role['id']
    assert identity.request('DELETE', path, token=admin_token)[0] == 404


def test_duplicate_is_409(identity, admin_token):
    status, _, body = _create(identity, admin_token, name='member')
    assert status == 409
    assert body['error']['message'] == ('Conflict occurred attempting to store role - '
                                        'Duplicate entry found with name member.')
    _, _, body = _create(identity, admin_token, name='other')
    assert identity.request('PATCH', '/v3/roles/%s' % body['role']['id'], token=admin_token,
                            body={'role': {'name': 'admin'}})[0] == 409


def test_domain_specific_role(identity, admin_token):
    status, _, body = _create(identity, admin_token, name='member', domain_id='default')
    assert status == 201 and body['role']['domain_id'] == 'default'
    _, _, listing = identity.request('GET', '/v3/roles?domain_id=default', token=admin_token)
    assert [r['id'] for r in listing['roles']] == [body['role']['id']]
    assert identity.request('PATCH', '/v3/roles/%s' % body['role']['id'], token=admin_token,
                            body={'role': {'domain_id': None}})[0] == 400
    assert _create(identity, admin_token, name='x', domain_id='nope')[0] == 404


def test_bad_bodies_are_400(identity, admin_token):
    for body in (None, {'role': {}}, {'role': {'name': ''}}, {'role': {'name': 3}}):
        assert identity.request('POST', '/v3/roles', token=admin_token,
                                body=body)[0] == 400, body


def test_non_admins_cannot_touch_roles(identity, demo_token, reader_token):
    assert identity.request('GET', '/v3/roles', token=demo_token)[0] == 403
    assert _create(identity, reader_token, name='x')[0] == 403


def test_deleting_a_role_removes_it_from_tokens(identity, admin_token, cloud, login):
    _, _, body = _create(identity, admin_token, name='extra')
    role_id = body['role']['id']
    identity.request('PUT', '/v3/projects/%s/users/%s/roles/%s' % (
        cloud['demo_project_id'], cloud['demo_user_id'], role_id), token=admin_token)
    token = login('demo', project='demo')
    _, _, body = identity.request('GET', '/v3/auth/tokens', token=token,
                                  headers={'X-Subject-Token': token})
    assert 'extra' in {r['name'] for r in body['token']['roles']}
    identity.request('DELETE', '/v3/roles/%s' % role_id, token=admin_token)
    _, _, body = identity.request('GET', '/v3/auth/tokens', token=token,
                                  headers={'X-Subject-Token': token})
    assert 'extra' not in {r['name'] for r in body['token']['roles']}
