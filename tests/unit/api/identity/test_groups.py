"""/v3/groups, memberships, group grants and what they give the members."""
import pytest

from .fakes import password_auth


@pytest.fixture
def admin(identity, admin_token):
    def _call(method, path, body=None, token=admin_token):
        return identity.request(method, path, token=token, body=body)
    return _call


@pytest.fixture
def group(admin):
    status, _, body = admin('POST', '/v3/groups', {'group': {'name': 'ops',
                                                             'description': 'Operators'}})
    assert status == 201, body
    return body['group']


def _user(admin, name='carol'):
    status, _, body = admin('POST', '/v3/users', {'user': {'name': name, 'password': 'secret'}})
    assert status == 201, body
    return body['user']


def test_group_crud(admin, group):
    assert group['domain_id'] == 'default' and group['description'] == 'Operators'
    assert group['links']['self'] == 'http://localhost/identity/v3/groups/%s' % group['id']
    status, _, body = admin('GET', '/v3/groups/%s' % group['id'])
    assert status == 200 and body['group'] == group
    status, _, body = admin('PATCH', '/v3/groups/%s' % group['id'],
                            {'group': {'description': 'Ops team', 'color': 'blue'}})
    assert status == 200
    assert body['group']['description'] == 'Ops team' and body['group']['color'] == 'blue'
    _, _, body = admin('GET', '/v3/groups?name=ops')
    assert [g['id'] for g in body['groups']] == [group['id']]
    _, _, body = admin('GET', '/v3/groups?domain_id=elsewhere')
    assert body['groups'] == []
    assert admin('DELETE', '/v3/groups/%s' % group['id'])[0] == 204
    status, _, body = admin('GET', '/v3/groups/%s' % group['id'])
    assert status == 404
    assert body['error'] == {'code': 404, 'title': 'Not Found',
                             'message': 'Could not find group: %s.' % group['id']}
    assert admin('DELETE', '/v3/groups/%s' % group['id'])[0] == 404


def test_group_names_unique_per_domain_case_insensitively(admin, group):
    status, _, body = admin('POST', '/v3/groups', {'group': {'name': 'OPS'}})
    assert status == 409
    assert body['error']['message'] == ('Conflict occurred attempting to store group - '
                                        'Duplicate entry found with name OPS at domain ID '
                                        'default.')
    _, _, dom = admin('POST', '/v3/domains', {'domain': {'name': 'other'}})
    status, _, body = admin('POST', '/v3/groups', {'group': {
        'name': 'ops', 'domain_id': dom['domain']['id']}})
    assert status == 201 and body['group']['domain_id'] == dom['domain']['id']
    status, _, _ = admin('PATCH', '/v3/groups/%s' % body['group']['id'],
                         {'group': {'domain_id': 'default'}})
    assert status == 400


@pytest.mark.parametrize('body, status', [
    ({'group': {}}, 400),
    ({'group': {'name': ''}}, 400),
    ({'group': {'name': 'x' * 256}}, 400),
    ({'group': {'name': 'x', 'domain_id': 'nope'}}, 404),
    ({'name': 'x'}, 400),
    ([], 400),
])
def test_group_create_bad_input(admin, body, status):
    got, _, resp = admin('POST', '/v3/groups', body)
    assert got == status, resp
    assert resp['error']['code'] == status
    _, _, listed = admin('GET', '/v3/groups')
    assert listed['groups'] == []


def test_group_policy(identity, demo_token, group):
    assert identity.request('POST', '/v3/groups', token=demo_token,
                            body={'group': {'name': 'x'}})[0] == 403
    assert identity.request('GET', '/v3/groups', token=demo_token)[0] == 403
    assert identity.request('DELETE', '/v3/groups/%s' % group['id'],
                            token=demo_token)[0] == 403


def test_membership(admin, group, cloud):
    user = _user(admin)
    path = '/v3/groups/%s/users/%s' % (group['id'], user['id'])
    status, _, body = admin('HEAD', path)
    assert status == 404
    status, _, body = admin('GET', path)
    assert body['error']['message'] == "User '%s' not found in group '%s'" % (user['id'],
                                                                             group['id'])
    assert admin('PUT', path)[0] == 204
    assert admin('PUT', path)[0] == 204
    assert admin('HEAD', path)[0] == 204
    _, _, body = admin('GET', '/v3/groups/%s/users' % group['id'])
    assert [u['name'] for u in body['users']] == ['carol']
    _, _, body = admin('GET', '/v3/groups/%s/users?name__startswith=car' % group['id'])
    assert [u['name'] for u in body['users']] == ['carol']
    _, _, body = admin('GET', '/v3/groups/%s/users?name__startswith=x' % group['id'])
    assert body['users'] == []
    _, _, body = admin('GET', '/v3/users/%s/groups' % user['id'])
    assert [(g['name'], g['membership_expires_at']) for g in body['groups']] == [('ops', None)]
    assert admin('DELETE', path)[0] == 204
    assert admin('DELETE', path)[0] == 404
    assert admin('PUT', '/v3/groups/nope/users/%s' % user['id'])[2]['error']['message'] == \
        'Could not find group: nope.'
    assert admin('PUT', '/v3/groups/%s/users/nope' % group['id'])[2]['error']['message'] == \
        'Could not find user: nope.'
    assert admin('GET', '/v3/users/nope/groups')[0] == 404


def test_user_sees_own_groups(identity, admin, group):
    user = _user(admin)
    admin('PUT', '/v3/groups/%s/users/%s' % (group['id'], user['id']))
    token = identity.request('POST', '/v3/auth/tokens',
                             body=password_auth('carol'))[1]['X-Subject-Token']
    status, _, body = identity.request('GET', '/v3/users/%s/groups' % user['id'], token=token)
    assert status == 200 and [g['id'] for g in body['groups']] == [group['id']]


def test_group_role_on_project_gives_members_a_scope(identity, admin, group, cloud):
    user = _user(admin)
    grant = '/v3/projects/%s/groups/%s/roles/%s' % (cloud['demo_project_id'], group['id'],
                                                   cloud['member_role_id'])
    auth = password_auth('carol', project='demo')
    assert identity.request('POST', '/v3/auth/tokens', body=auth)[0] == 401
    assert admin('PUT', grant)[0] == 204
    assert admin('HEAD', grant)[0] == 204
    _, _, body = admin('GET', '/v3/projects/%s/groups/%s/roles' % (cloud['demo_project_id'],
                                                                  group['id']))
    assert [r['name'] for r in body['roles']] == ['member']
    # not a member yet
    assert identity.request('POST', '/v3/auth/tokens', body=auth)[0] == 401
    admin('PUT', '/v3/groups/%s/users/%s' % (group['id'], user['id']))
    status, headers, body = identity.request('POST', '/v3/auth/tokens', body=auth)
    assert status == 201
    assert {r['name'] for r in body['token']['roles']} == {'member', 'reader'}
    token = headers['X-Subject-Token']
    _, _, body = identity.request('GET', '/v3/auth/projects', token=token)
    assert [p['name'] for p in body['projects']] == ['demo']
    _, _, body = admin('GET', '/v3/users/%s/projects' % user['id'])
    assert [p['name'] for p in body['projects']] == ['demo']
    # leaving the group ends the scope, also for the token already issued
    admin('DELETE', '/v3/groups/%s/users/%s' % (group['id'], user['id']))
    assert identity.request('GET', '/v3/auth/catalog', token=token)[0] == 401
    assert identity.request('POST', '/v3/auth/tokens', body=auth)[0] == 401


def test_group_role_on_domain_and_deletion_cleans_up(identity, admin, group, cloud):
    user = _user(admin)
    admin('PUT', '/v3/groups/%s/users/%s' % (group['id'], user['id']))
    grant = '/v3/domains/default/groups/%s/roles/%s' % (group['id'], cloud['reader_role_id'])
    assert admin('PUT', grant)[0] == 204
    _, _, body = admin('GET', '/v3/domains/default/groups/%s/roles' % group['id'])
    assert [r['name'] for r in body['roles']] == ['reader']
    status, _, body = identity.request('POST', '/v3/auth/tokens', body=password_auth(
        'carol', domain={'name': 'default'}))
    assert status == 201 and body['token']['domain'] == {'id': 'default', 'name': 'Default'}
    assert [r['name'] for r in body['token']['roles']] == ['reader']
    assert 'catalog' in body['token']
    assert admin('DELETE', '/v3/groups/%s' % group['id'])[0] == 204
    assert admin('HEAD', grant)[0] == 404
    _, _, body = admin('GET', '/v3/role_assignments?group.id=%s' % group['id'])
    assert body['role_assignments'] == []
    assert identity.request('POST', '/v3/auth/tokens', body=password_auth(
        'carol', domain={'id': 'default'}))[0] == 401


def test_deleting_a_user_removes_memberships(admin, group):
    user = _user(admin)
    admin('PUT', '/v3/groups/%s/users/%s' % (group['id'], user['id']))
    assert admin('DELETE', '/v3/users/%s' % user['id'])[0] == 204
    _, _, body = admin('GET', '/v3/groups/%s/users' % group['id'])
    assert body['users'] == []


def test_group_grant_errors(admin, group, cloud):
    base = '/v3/projects/%s/groups/%s/roles/%s'
    status, _, body = admin('PUT', base % (cloud['demo_project_id'], 'nope',
                                           cloud['member_role_id']))
    assert status == 404 and body['error']['message'] == 'Could not find group: nope.'
    status, _, body = admin('PUT', base % ('nope', group['id'], cloud['member_role_id']))
    assert status == 404 and body['error']['message'] == 'Could not find project: nope.'
    status, _, body = admin('PUT', base % (cloud['demo_project_id'], group['id'], 'nope'))
    assert status == 404 and body['error']['message'] == 'Could not find role: nope.'
    status, _, body = admin('DELETE', base % (cloud['demo_project_id'], group['id'],
                                              cloud['member_role_id']))
    assert status == 404
    sys_path = '/v3/system/groups/%s/roles/%s' % (group['id'], cloud['reader_role_id'])
    assert admin('PUT', sys_path)[0] == 204
    _, _, body = admin('GET', '/v3/system/groups/%s/roles' % group['id'])
    assert [r['name'] for r in body['roles']] == ['reader']
    assert admin('DELETE', sys_path)[0] == 204
