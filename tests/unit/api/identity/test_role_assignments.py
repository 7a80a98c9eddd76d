"""Grants and /v3/role_assignments."""
import pytest

from .fakes import password_auth


def _grant_path(scope, target_id, user_id, role_id=None):
    path = '/v3/%ss/%s/users/%s/roles' % (scope, target_id, user_id)
    return path + '/%s' % role_id if role_id else path


def test_project_grant_lifecycle(identity, admin_token, cloud):
    path = _grant_path('project', cloud['admin_project_id'], cloud['demo_user_id'],
                       cloud['reader_role_id'])
    assert identity.request('HEAD', path, token=admin_token)[0] == 404
    status, headers, body = identity.request('PUT', path, token=admin_token)
    assert status == 204 and body is None
    assert identity.request('PUT', path, token=admin_token)[0] == 204   # idempotent
    assert identity.request('HEAD', path, token=admin_token)[0] == 204
    assert identity.request('GET', path, token=admin_token)[0] == 204
    status, _, body = identity.request('GET', _grant_path(
        'project', cloud['admin_project_id'], cloud['demo_user_id']), token=admin_token)
    assert status == 200
    assert [r['name'] for r in body['roles']] == ['reader']
    assert 'description' not in body['roles'][0]
    assert body['links']['self'].endswith(
        '/v3/projects/%s/users/%s/roles' % (cloud['admin_project_id'], cloud['demo_user_id']))
    assert identity.request('DELETE', path, token=admin_token)[0] == 204
    status, _, body = identity.request('DELETE', path, token=admin_token)
    assert status == 404
    assert body['error']['message'].startswith('Could not find role assignment with role: ')


def test_grant_takes_effect_on_next_token(identity, admin_token, cloud):
    auth = password_auth('demo', project='admin')
    assert identity.request('POST', '/v3/auth/tokens', body=auth)[0] == 401
    path = _grant_path('project', cloud['admin_project_id'], cloud['demo_user_id'],
                       cloud['member_role_id'])
    identity.request('PUT', path, token=admin_token)
    status, headers, body = identity.request('POST', '/v3/auth/tokens', body=auth)
    assert status == 201
    assert {r['name'] for r in body['token']['roles']} == {'member', 'reader'}
    token = headers['X-Subject-Token']
    identity.request('DELETE', path, token=admin_token)
    assert identity.request('POST', '/v3/auth/tokens', body=auth)[0] == 401
    # the token scoped to a project where the user no longer has a role stops working
    assert identity.request('GET', '/v3/auth/catalog', token=token)[0] == 401


@pytest.mark.parametrize('which, message', [
    ('role', 'Could not find role: nope.'),
    ('project', 'Could not find project: nope.'),
    ('user', 'Could not find user: nope.'),
])
def test_grant_unknown_entities_are_404(identity, admin_token, cloud, which, message):
    ids = {'project': cloud['demo_project_id'], 'user': cloud['demo_user_id'],
           'role': cloud['member_role_id']}
    ids[which] = 'nope'
    path = _grant_path('project', ids['project'], ids['user'], ids['role'])
    for method in ('PUT', 'HEAD', 'DELETE'):
        status, _, body = identity.request(method, path, token=admin_token)
        assert status == 404
        if body:
            assert body['error']['message'] == message


def test_domain_grants(identity, admin_token, cloud):
    path = _grant_path('domain', 'default', cloud['demo_user_id'], cloud['reader_role_id'])
    assert identity.request('PUT', path, token=admin_token)[0] == 204
    assert identity.request('HEAD', path, token=admin_token)[0] == 204
    _, _, body = identity.request('GET', _grant_path('domain', 'default',
                                                     cloud['demo_user_id']),
                                  token=admin_token)
    assert [r['name'] for r in body['roles']] == ['reader']
    status, _, body = identity.request('POST', '/v3/auth/tokens',
                                       body=password_auth('demo', domain={'id': 'default'}))
    assert status == 201 and body['token']['domain']['id'] == 'default'
    assert identity.request('DELETE', path, token=admin_token)[0] == 204
    status, _, body = identity.request('PUT', _grant_path('domain', 'nope',
                                                          cloud['demo_user_id'],
                                                          cloud['reader_role_id']),
                                       token=admin_token)
    assert status == 404 and body['error']['message'] == 'Could not find domain: nope.'


def test_system_grants(identity, admin_token, demo_token, cloud):
    path = '/v3/system/users/%s/roles/%s' % (cloud['demo_user_id'], cloud['reader_role_id'])
    assert identity.request('HEAD', path, token=admin_token)[0] == 404
    assert identity.request('PUT', path, token=demo_token)[0] == 403
    assert identity.request('PUT', path, token=admin_token)[0] == 204
    assert identity.request('GET', path, token=admin_token)[0] == 204
    _, _, body = identity.request('GET', '/v3/system/users/%s/roles' % cloud['demo_user_id'],
                                  token=admin_token)
    assert [r['name'] for r in body['roles']] == ['reader']
    status, _, body = identity.request('POST', '/v3/auth/tokens',
                                       body=password_auth('demo', system=True))
    assert status == 201 and body['token']['roles'] == [{'id': cloud['reader_role_id'],
                                                          'name': 'reader'}]
    assert identity.request('DELETE', path, token=admin_token)[0] == 204
    assert identity.request('DELETE', path, token=admin_token)[0] == 404
    assert identity.request('PUT', '/v3/system/users/nope/roles/%s' % cloud['reader_role_id'],
                            token=admin_token)[0] == 404


def test_domain_specific_role_must_match_project_domain(identity, admin_token, cloud):
    _, _, body = identity.request('POST', '/v3/domains', token=admin_token,
                                  body={'domain': {'name': 'elsewhere'}})
    _, _, body = identity.request('POST', '/v3/roles', token=admin_token, body={
        'role': {'name': 'local', 'domain_id': body['domain']['id']}})
    path = _grant_path('project', cloud['demo_project_id'], cloud['demo_user_id'],
                       body['role']['id'])
    assert identity.request('PUT', path, token=admin_token)[0] == 403


def test_non_admins_cannot_grant(identity, demo_token, reader_token, cloud):
    path = _grant_path('project', cloud['demo_project_id'], cloud['demo_user_id'],
                       cloud['admin_role_id'])
    for token in (demo_token, reader_token):
        status, _, body = identity.request('PUT', path, token=token)
        assert status == 403
        assert body['error']['message'].endswith('identity:create_grant.')
    assert identity.request('GET', _grant_path('project', cloud['demo_project_id'],
                                               cloud['demo_user_id']),
                            token=demo_token)[0] == 403


# ----------------------------------------------------------------------------- listing

def _list(identity, token, query=''):
    status, _, body = identity.request('GET', '/v3/role_assignments' + query, token=token)
    assert status == 200, body
    return body


def test_list_all(identity, admin_token, cloud):
    body = _list(identity, admin_token)
    assert body['links'] == {'self': 'http://localhost/identity/v3/role_assignments',
                             'previous': None, 'next': None}
    found = {(a['user']['id'], tuple(a['scope']), a['role']['id'])
             for a in body['role_assignments']}
    assert (cloud['admin_user_id'], ('project',), cloud['admin_role_id']) in found
    assert (cloud['admin_user_id'], ('domain',), cloud['admin_role_id']) in found
    assert (cloud['admin_user_id'], ('system',), cloud['admin_role_id']) in found
    assert (cloud['demo_user_id'], ('project',), cloud['member_role_id']) in found
    assert (cloud['service_user_id'], ('project',), cloud['service_role_id']) in found
    assert len(found) == 6
    system = [a for a in body['role_assignments'] if 'system' in a['scope']][0]
    assert system['scope'] == {'system': {'all': True}}
    assert system['links']['assignment'].endswith(
        '/v3/system/users/%s/roles/%s' % (cloud['admin_user_id'], cloud['admin_role_id']))


def test_filters(identity, admin_token, cloud):
    body = _list(identity, admin_token, '?user.id=%s' % cloud['demo_user_id'])
    assert len(body['role_assignments']) == 1
    assignment = body['role_assignments'][0]
    assert assignment == {
        'role': {'id': cloud['member_role_id']}, 'user': {'id': cloud['demo_user_id']},
        'scope': {'project': {'id': cloud['demo_project_id']}},
        'links': {'assignment': 'http://localhost/identity/v3/projects/%s/users/%s/roles/%s'
                                % (cloud['demo_project_id'], cloud['demo_user_id'],
                                   cloud['member_role_id'])}}
    body = _list(identity, admin_token, '?scope.project.id=%s' % cloud['service_project_id'])
    assert {a['role']['id'] for a in body['role_assignments']} == {
        cloud['admin_role_id'], cloud['service_role_id']}
    body = _list(identity, admin_token, '?scope.domain.id=default')
    assert [a['user']['id'] for a in body['role_assignments']] == [cloud['admin_user_id']]
    body = _list(identity, admin_token, '?role.id=%s' % cloud['service_role_id'])
    assert [a['user']['id'] for a in body['role_assignments']] == [cloud['service_user_id']]
    body = _list(identity, admin_token, '?scope.system=all')
    assert len(body['role_assignments']) == 1
    assert _list(identity, admin_token, '?group.id=g')['role_assignments'] == []


def test_effective_expands_implied_roles(identity, admin_token, cloud):
    query = '?effective&user.id=%s&scope.project.id=%s' % (cloud['admin_user_id'],
                                                            cloud['admin_project_id'])
    body = _list(identity, admin_token, query)
    by_role = {a['role']['id']: a for a in body['role_assignments']}
    assert set(by_role) == {cloud['admin_role_id'], cloud['manager_role_id'],
                            cloud['member_role_id'], cloud['reader_role_id']}
    direct = by_role[cloud['admin_role_id']]['links']
    assert 'prior_role' not in direct
    reader = by_role[cloud['reader_role_id']]['links']
    # Keystone: the link names the immediate prior role, prior_role reads
    # /prior_role/{implied}/implies/{prior} (keystone/api/role_assignments.py)
    assert reader['assignment'] == direct['assignment'].replace(cloud['admin_role_id'],
                                                                cloud['member_role_id'])
    assert reader['prior_role'].endswith('/v3/prior_role/%s/implies/%s' % (
        cloud['reader_role_id'], cloud['member_role_id']))
    body = _list(identity, admin_token, '?effective&role.id=%s&user.id=%s'
                 % (cloud['reader_role_id'], cloud['demo_user_id']))
    assert len(body['role_assignments']) == 1


def test_include_names(identity, admin_token, cloud):
    body = _list(identity, admin_token, '?include_names&user.id=%s' % cloud['demo_user_id'])
    assignment = body['role_assignments'][0]
    assert assignment['role'] == {'id': cloud['member_role_id'], 'name': 'member'}
    assert assignment['user'] == {'id': cloud['demo_user_id'], 'name': 'demo',
                                  'domain': {'id': 'default', 'name': 'Default'}}
    assert assignment['scope']['project'] == {'id': cloud['demo_project_id'], 'name': 'demo',
                                              'domain': {'id': 'default', 'name': 'Default'}}
    body = _list(identity, admin_token, '?include_names=true&scope.domain.id=default')
    assert body['role_assignments'][0]['scope']['domain'] == {'id': 'default',
                                                              'name': 'Default'}


@pytest.mark.parametrize('query', ['?scope.project.id=a&scope.domain.id=b',
                                   '?scope.system=all&scope.project.id=a',
                                   '?effective&group.id=g'])
def test_contradictory_filters_are_400(identity, admin_token, query):
    status, _, body = identity.request('GET', '/v3/role_assignments' + query,
                                       token=admin_token)
    assert status == 400 and body['error']['code'] == 400


def test_members_cannot_list_assignments(identity, demo_token):
    assert identity.request('GET', '/v3/role_assignments', token=demo_token)[0] == 403


# ----------------------------------------------------------------------------- groups, trees
def _call(identity, token, method, path, body=None):
    status, _, resp = identity.request(method, path, token=token, body=body)
    assert status in (200, 201, 204), resp
    return resp


@pytest.fixture
def team(identity, admin_token, cloud):
    """Group 'team' with users ann and bob, member of the demo project through the group."""
    group = _call(identity, admin_token, 'POST', '/v3/groups',
                  {'group': {'name': 'team'}})['group']
    users = {}
    for name in ('ann', 'bob'):
        users[name] = _call(identity, admin_token, 'POST', '/v3/users',
                            {'user': {'name': name, 'password': 'secret'}})['user']['id']
        _call(identity, admin_token, 'PUT',
              '/v3/groups/%s/users/%s' % (group['id'], users[name]))
    _call(identity, admin_token, 'PUT', '/v3/projects/%s/groups/%s/roles/%s'
          % (cloud['demo_project_id'], group['id'], cloud['member_role_id']))
    return dict(users, group=group['id'])


def test_group_assignments_listed_and_expanded(identity, admin_token, cloud, team):
    body = _list(identity, admin_token, '?group.id=%s' % team['group'])
    assert body['role_assignments'] == [{
        'group': {'id': team['group']}, 'role': {'id': cloud['member_role_id']},
        'scope': {'project': {'id': cloud['demo_project_id']}},
        'links': {'assignment': 'http://localhost/identity/v3/projects/%s/groups/%s/roles/%s'
                                % (cloud['demo_project_id'], team['group'],
                                   cloud['member_role_id'])}}]
    body = _list(identity, admin_token, '?effective&scope.project.id=%s'
                 % cloud['demo_project_id'])
    assert all('group' not in a for a in body['role_assignments'])
    ann = [a for a in body['role_assignments'] if a['user']['id'] == team['ann']]
    assert {a['role']['id'] for a in ann} == {cloud['member_role_id'],
                                              cloud['reader_role_id']}
    direct = [a for a in ann if a['role']['id'] == cloud['member_role_id']][0]
    assert direct['links'] == {
        'assignment': 'http://localhost/identity/v3/projects/%s/groups/%s/roles/%s'
                      % (cloud['demo_project_id'], team['group'], cloud['member_role_id']),
        'membership': 'http://localhost/identity/v3/groups/%s/users/%s'
                      % (team['group'], team['ann'])}
    body = _list(identity, admin_token, '?effective&user.id=%s' % team['bob'])
    assert {(a['user']['id'], a['role']['id']) for a in body['role_assignments']} == {
        (team['bob'], cloud['member_role_id']), (team['bob'], cloud['reader_role_id'])}
    # without effective a user's list holds only their own grants
    assert _list(identity, admin_token, '?user.id=%s' % team['bob'])['role_assignments'] == []


def test_group_assignment_names(identity, admin_token, cloud, team):
    body = _list(identity, admin_token, '?include_names&group.id=%s' % team['group'])
    [entry] = body['role_assignments']
    assert entry['group'] == {'id': team['group'], 'name': 'team',
                              'domain': {'id': 'default', 'name': 'Default'}}
    assert entry['scope']['project'] == {'id': cloud['demo_project_id'], 'name': 'demo',
                                         'domain': {'id': 'default', 'name': 'Default'}}


@pytest.mark.parametrize('query, message', [
    ('?effective&group.id=g',
     'Combining effective and group filter will always result in an empty list.'),
    ('?user.id=u&group.id=g', 'Specify a user or group, not both'),
    ('?scope.project.id=p&scope.domain.id=d', 'Specify a domain or project, not both'),
    ('?scope.system=all&scope.domain.id=d', 'Specify system or domain, not both'),
    ('?scope.system=all&scope.project.id=p', 'Specify system or project, not both'),
    ('?include_subtree', 'scope.project.id must be specified if include_subtree is also '
                         'specified'),
])
def test_invalid_combinations(identity, admin_token, query, message):
    status, _, body = identity.request('GET', '/v3/role_assignments' + query,
                                       token=admin_token)
    assert status == 400
    assert body['error'] == {'code': 400, 'title': 'Bad Request', 'message': message}


def test_include_subtree(identity, admin_token, cloud):
    parent = _call(identity, admin_token, 'POST', '/v3/projects',
                   {'project': {'name': 'parent'}})['project']
    child = _call(identity, admin_token, 'POST', '/v3/projects',
                  {'project': {'name': 'child', 'parent_id': parent['id']}})['project']
    for project in (parent, child):
        _call(identity, admin_token, 'PUT', _grant_path('project', project['id'],
                                                        cloud['demo_user_id'],
                                                        cloud['reader_role_id']))
    body = _list(identity, admin_token, '?scope.project.id=%s' % parent['id'])
    assert [a['scope']['project']['id'] for a in body['role_assignments']] == [parent['id']]
    body = _list(identity, admin_token, '?include_subtree&scope.project.id=%s' % parent['id'])
    assert {a['scope']['project']['id'] for a in body['role_assignments']} == {
        parent['id'], child['id']}
    status, _, body = identity.request(
        'GET', '/v3/role_assignments?include_subtree&scope.project.id=nope', token=admin_token)
    assert status == 404


def test_domain_scoped_token_sees_its_domain(identity, admin_token, cloud, login):
    token = login('admin', domain={'id': 'default'})
    body = _list(identity, token)
    assert body['role_assignments']
    assert all('system' not in a['scope'] for a in body['role_assignments'])


def test_global_role_on_a_created_domain(identity, admin_token, cloud):
    domain = _call(identity, admin_token, 'POST', '/v3/domains',
                   {'domain': {'name': 'engineering'}})['domain']
    path = _grant_path('domain', domain['id'], cloud['demo_user_id'], cloud['admin_role_id'])
    assert identity.request('PUT', path, token=admin_token)[0] == 204
    status, _, body = identity.request('POST', '/v3/auth/tokens', body=password_auth(
        'demo', domain={'name': 'engineering'}))
    assert status == 201 and body['token']['domain']['id'] == domain['id']
    # a domain-specific role of another domain may be granted on a domain too (Keystone
    # checks the role's domain for project grants only)
    other = _call(identity, admin_token, 'POST', '/v3/domains',
                  {'domain': {'name': 'other'}})['domain']
    role = _call(identity, admin_token, 'POST', '/v3/roles',
                 {'role': {'name': 'local', 'domain_id': other['id']}})['role']
    path = _grant_path('domain', domain['id'], cloud['demo_user_id'], role['id'])
    assert identity.request('PUT', path, token=admin_token)[0] == 204
