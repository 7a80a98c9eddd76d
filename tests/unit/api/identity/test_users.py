"""/v3/users, /v3/users/{id}/projects and /v3/users/{id}/password."""
import pytest

from .fakes import password_auth


def _create(identity, token, **user):
    return identity.request('POST', '/v3/users', token=token, body={'user': user})


def test_create_show_and_login(identity, admin_token, cloud):
    status, _, body = _create(identity, admin_token, name='alice', password='pw1',
                              email='alice@example.org', description='Alice',
                              default_project_id=cloud['demo_project_id'], team='blue')
    assert status == 201
    user = body['user']
    assert 'password' not in user and 'password_hash' not in user
    assert user['name'] == 'alice' and user['domain_id'] == 'default'
    assert user['enabled'] is True and user['password_expires_at'] is None
    assert user['email'] == 'alice@example.org' and user['description'] == 'Alice'
    assert user['default_project_id'] == cloud['demo_project_id']
    assert user['team'] == 'blue' and user['options'] == {}
    assert user['links']['self'] == 'http://localhost/identity/v3/users/%s' % user['id']
    status, _, body = identity.request('GET', '/v3/users/%s' % user['id'], token=admin_token)
    assert status == 200 and body['user'] == user
    status, _, _ = identity.request('POST', '/v3/auth/tokens',
                                    body=password_auth('alice', 'pw1'))
    assert status == 201


def test_list_filters(identity, admin_token):
    _create(identity, admin_token, name='off', enabled=False)
    _, _, body = identity.request('GET', '/v3/users', token=admin_token)
    assert {u['name'] for u in body['users']} == {'admin', 'demo', 'nova', 'off'}
    _, _, body = identity.request('GET', '/v3/users?name=demo', token=admin_token)
    assert [u['name'] for u in body['users']] == ['demo']
    _, _, body = identity.request('GET', '/v3/users?enabled=0', token=admin_token)
    assert [u['name'] for u in body['users']] == ['off']
    _, _, body = identity.request('GET', '/v3/users?domain_id=other', token=admin_token)
    assert body['users'] == []


def test_duplicate_is_409(identity, admin_token):
    status, _, body = _create(identity, admin_token, name='demo')
    assert status == 409
    assert body['error']['message'] == ('Conflict occurred attempting to store user - '
                                        'Duplicate entry found with name demo at domain ID '
                                        'default.')


@pytest.mark.parametrize('body', [
    None, {'user': {}}, {'user': {'name': ''}}, {'user': {'name': 'x', 'enabled': 1}},
    {'user': {'name': 'x', 'password': 5}}, {'user': {'name': 'x', 'domain_id': 'a b'}},
])
def test_create_bad_bodies_are_400(identity, admin_token, body):
    status, _, resp = identity.request('POST', '/v3/users', token=admin_token, body=body)
    assert status == 400, resp


def test_create_in_unknown_domain_is_404(identity, admin_token):
    assert _create(identity, admin_token, name='x', domain_id='nope')[0] == 404


def test_update_and_password_reset(identity, admin_token, cloud, login):
    old = login('demo', project='demo')
    path = '/v3/users/%s' % cloud['demo_user_id']
    status, _, body = identity.request('PATCH', path, token=admin_token, body={
        'user': {'email': 'demo@example.org', 'password': 'newer'}})
    assert status == 200 and body['user']['email'] == 'demo@example.org'
    # the password change revoked the old tokens; the new password works
    assert identity.request('GET', '/v3/auth/projects', token=old)[0] == 401
    assert login('demo', 'newer')
    assert identity.request('POST', '/v3/auth/tokens', body=password_auth('demo'))[0] == 401
    for patch in ({}, {'domain_id': 'other'}, {'id': 'x'}, {'enabled': 'no'}):
        assert identity.request('PATCH', path, token=admin_token,
                                body={'user': patch})[0] == 400, patch
    assert identity.request('PATCH', '/v3/users/nope', token=admin_token,
                            body={'user': {'name': 'x'}})[0] == 404


def test_disable_revokes_tokens(identity, admin_token, cloud, demo_token):
    identity.request('PATCH', '/v3/users/%s' % cloud['demo_user_id'], token=admin_token,
                     body={'user': {'enabled': False}})
    assert identity.request('GET', '/v3/auth/projects', token=demo_token)[0] == 401
    identity.request('PATCH', '/v3/users/%s' % cloud['demo_user_id'], token=admin_token,
                     body={'user': {'enabled': True}})
    assert identity.request('GET', '/v3/auth/projects', token=demo_token)[0] == 401


def test_delete(identity, admin_token, cloud, demo_token):
    path = '/v3/users/%s' % cloud['demo_user_id']
    assert identity.request('DELETE', path, token=admin_token)[0] == 204
    assert identity.request('GET', path, token=admin_token)[0] == 404
    assert identity.request('GET', '/v3/auth/projects', token=demo_token)[0] == 401
    _, _, body = identity.request('GET', '/v3/role_assignments?user.id=%s'
                                  % cloud['demo_user_id'], token=admin_token)
    assert body['role_assignments'] == []
    status, _, body = identity.request('DELETE', path, token=admin_token)
    assert status == 404
    assert body['error']['message'] == 'Could not find user: %s.' % cloud['demo_user_id']


def test_user_sees_self_not_others(identity, demo_token, cloud):
    status, _, body = identity.request('GET', '/v3/users/%s' % cloud['demo_user_id'],
                                       token=demo_token)
    assert status == 200 and body['user']['name'] == 'demo'
    assert identity.request('GET', '/v3/users/%s' % cloud['admin_user_id'],
                            token=demo_token)[0] == 403
    assert identity.request('GET', '/v3/users', token=demo_token)[0] == 403
    assert _create(identity, demo_token, name='x')[0] == 403
    assert identity.request('DELETE', '/v3/users/%s' % cloud['demo_user_id'],
                            token=demo_token)[0] == 403


def test_user_projects(identity, admin_token, demo_token, cloud):
    path = '/v3/users/%s/projects' % cloud['demo_user_id']
    status, _, body = identity.request('GET', path, token=demo_token)
    assert status == 200
    assert [p['id'] for p in body['projects']] == [cloud['demo_project_id']]
    assert body['links']['self'] == 'http://localhost/identity/v3' + path[3:]
    _, _, body = identity.request('GET', path + '?name=admin', token=admin_token)
    assert body['projects'] == []
    assert identity.request('GET', '/v3/users/%s/projects' % cloud['admin_user_id'],
                            token=demo_token)[0] == 403
    assert identity.request('GET', '/v3/users/nope/projects', token=admin_token)[0] == 404


def test_change_own_password(identity, cloud, demo_token, login):
    path = '/v3/users/%s/password' % cloud['demo_user_id']
    status, _, body = identity.request('POST', path, body={
        'user': {'original_password': 'wrong', 'password': 'next'}})
    assert status == 401
    assert body['error']['message'] == 'The request you have made requires authentication.'
    status, _, _ = identity.request('POST', path, token=demo_token, body={
        'user': {'original_password': 'secret', 'password': 'next'}})
    assert status == 204
    assert identity.request('GET', '/v3/auth/projects', token=demo_token)[0] == 401
    assert login('demo', 'next', project='demo')


@pytest.mark.parametrize('body', [None, {'user': {'password': 'x'}},
                                  {'user': {'original_password': 'x'}},
                                  {'user': {'original_password': 'x', 'password': 'y',
                                            'extra': 1}}])
def test_change_password_bad_bodies_are_400(identity, cloud, body):
    path = '/v3/users/%s/password' % cloud['demo_user_id']
    assert identity.request('POST', path, body=body)[0] == 400


def test_change_password_of_unknown_user_is_401(identity, cloud):
    status, _, _ = identity.request('POST', '/v3/users/nope/password', body={
        'user': {'original_password': 'secret', 'password': 'x'}})
    assert status == 401
