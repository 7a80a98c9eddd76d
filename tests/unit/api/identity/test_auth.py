"""POST/GET/HEAD/DELETE /v3/auth/tokens and the /v3/auth helpers."""
import pytest

from .fakes import password_auth

UNAUTHORIZED = 'The request you have made requires authentication.'


def _issue(identity, body, query=''):
    return identity.request('POST', '/v3/auth/tokens' + query, body=body)


# ----------------------------------------------------------------------------- issue

def test_password_by_names_project_scoped(identity, cloud):
    status, headers, body = _issue(identity, password_auth('admin', project='admin'))
    assert status == 201
    assert headers['X-Subject-Token']
    token = body['token']
    assert token['methods'] == ['password']
    assert token['user'] == {'id': cloud['admin_user_id'], 'name': 'admin',
                             'domain': {'id': 'default', 'name': 'Default'},
                             'password_expires_at': None}
    assert token['project'] == {'id': cloud['admin_project_id'], 'name': 'admin',
                                'domain': {'id': 'default', 'name': 'Default'}}
    assert token['is_domain'] is False
    assert {r['name'] for r in token['roles']} == {'admin', 'manager', 'member', 'reader'}
    assert all(set(r) == {'id', 'name'} for r in token['roles'])
    assert len(token['audit_ids']) == 1
    assert token['expires_at'].endswith('Z') and token['issued_at'].endswith('Z')
    types = {s['type'] for s in token['catalog']}
    assert types == {'identity', 'compute', 'image', 'network', 'block-storage', 'volumev3'}
    # Keystone's URL substitution: the project's id in the block-storage endpoints
    urls = {ep['url'] for s in token['catalog'] if s['type'] == 'block-storage'
            for ep in s['endpoints']}
    assert all(u.endswith('/volume/v3/%s' % cloud['admin_project_id']) for u in urls), urls


def test_password_by_ids(identity, cloud):
    body = password_auth({'id': cloud['demo_user_id']},
                         project={'id': cloud['demo_project_id']})
    status, _, resp = _issue(identity, body)
    assert status == 201
    assert resp['token']['project']['id'] == cloud['demo_project_id']
    assert {r['name'] for r in resp['token']['roles']} == {'member', 'reader'}


def test_domain_ids_instead_of_names(identity, cloud):
    body = password_auth('demo', project='demo')
    body['auth']['identity']['password']['user']['domain'] = {'id': 'default'}
    body['auth']['scope']['project']['domain'] = {'id': 'default'}
    assert _issue(identity, body)[0] == 201


def test_token_lifetime_follows_conf(identity, cloud, conf):
    import datetime
    conf.set_override('token_expiration', 600, group='identity')
    _, _, body = _issue(identity, password_auth('demo', project='demo'))
    fmt = '%Y-%m-%dT%H:%M:%S.%fZ'
    issued = datetime.datetime.strptime(body['token']['issued_at'], fmt)
    expires = datetime.datetime.strptime(body['token']['expires_at'], fmt)
    assert (expires - issued).total_seconds() == pytest.approx(600, abs=2)


def test_nocatalog(identity, cloud):
    status, _, body = _issue(identity, password_auth('demo', project='demo'), '?nocatalog')
    assert status == 201 and 'catalog' not in body['token']


def test_unscoped_token_has_no_roles_or_catalog(identity, cloud):
    status, _, body = _issue(identity, password_auth('demo'))
    assert status == 201
    assert 'project' not in body['token']
    assert 'roles' not in body['token'] and 'catalog' not in body['token']


def test_default_project_scopes_like_keystone(identity, cloud, admin_token):
    identity.request('PATCH', '/v3/users/%s' % cloud['demo_user_id'], token=admin_token,
                     body={'user': {'default_project_id': cloud['demo_project_id']}})
    _, _, body = _issue(identity, password_auth('demo'))
    assert body['token']['project']['id'] == cloud['demo_project_id']
    explicit = password_auth('demo')
    explicit['auth']['scope'] = 'unscoped'
    _, _, body = _issue(identity, explicit)
    assert 'project' not in body['token']


def test_default_project_without_roles_gives_unscoped(identity, cloud, admin_token):
    identity.request('PATCH', '/v3/users/%s' % cloud['demo_user_id'], token=admin_token,
                     body={'user': {'default_project_id': cloud['admin_project_id']}})
    status, _, body = _issue(identity, password_auth('demo'))
    assert status == 201 and 'project' not in body['token']


def test_domain_scope(identity, cloud):
    status, _, body = _issue(identity, password_auth('admin', domain={'name': 'Default'}))
    assert status == 201
    assert body['token']['domain'] == {'id': 'default', 'name': 'Default'}
    assert 'project' not in body['token']
    assert 'admin' in {r['name'] for r in body['token']['roles']}


def test_system_scope(identity, cloud):
    status, _, body = _issue(identity, password_auth('admin', system=True))
    assert status == 201
    assert body['token']['system'] == {'all': True}
    assert 'catalog' in body['token']


@pytest.mark.parametrize('scope', [{'system': True}, {'domain': {'name': 'Default'}}])
def test_scope_without_role_is_401(identity, cloud, scope):
    status, _, body = _issue(identity, password_auth('demo', **scope))
    assert status == 401 and body['error']['message'] == UNAUTHORIZED


@pytest.mark.parametrize('body', [
    password_auth('admin', 'wrong', project='admin'),
    password_auth('nobody', project='admin'),
    password_auth('admin', user_domain='NoSuchDomain'),
    password_auth({'id': 'no-such-user'}),
    password_auth('demo', project='admin'),             # no role there
    password_auth('demo', project='no-such-project'),
    password_auth('demo', project={'id': 'no-such-project'}),
    password_auth('demo', project={'id': 'default'}),   # a domain is not a project
    password_auth('demo', project='demo', project_domain='NoSuchDomain'),
    password_auth('demo', domain={'id': 'no-such-domain'}),
], ids=['wrong-password', 'unknown-user', 'unknown-user-domain', 'unknown-user-id',
        'no-role', 'unknown-project', 'unknown-project-id', 'domain-as-project',
        'unknown-project-domain', 'unknown-domain'])
def test_authentication_failures_are_401(identity, cloud, body):
    status, headers, resp = _issue(identity, body)
    assert status == 401
    assert resp == {'error': {'code': 401, 'message': UNAUTHORIZED, 'title': 'Unauthorized'}}
    assert 'X-Subject-Token' not in headers


def test_missing_password_is_401(identity, cloud):
    body = password_auth('demo', project='demo')
    del body['auth']['identity']['password']['user']['password']
    assert _issue(identity, body)[0] == 401


def test_disabled_user_and_project_are_401(identity, cloud, admin_token):
    identity.request('PATCH', '/v3/projects/%s' % cloud['demo_project_id'], token=admin_token,
                     body={'project': {'enabled': False}})
    assert _issue(identity, password_auth('demo', project='demo'))[0] == 401
    identity.request('PATCH', '/v3/users/%s' % cloud['demo_user_id'], token=admin_token,
                     body={'user': {'enabled': False}})
    assert _issue(identity, password_auth('demo'))[0] == 401


@pytest.mark.parametrize('body, message', [
    (None, 'Expecting to find auth in request body.'),
    ({'auth': {}}, 'Expecting to find auth in request body.'),
    ({'auth': {'identity': {}}}, "Invalid input for field 'identity': 'methods' is a "
                                 "required property"),
    ({'auth': {'scope': {}}}, "'identity' is a required property"),
    ({'auth': {'identity': {'methods': 'password'}}},
     "Invalid input for field 'identity/methods': 'password' is not of type 'array'"),
    ({'auth': {'identity': {'methods': ['password']}}},
     'Expecting to find password in identity.'),
    ({'auth': {'identity': {'methods': ['password'], 'password': {}}}},
     'Expecting to find user in password.'),
    ({'auth': {'identity': {'methods': ['password'],
                            'password': {'user': {'password': 'x'}}}}},
     'Invalid input for field identity/password/user: id or name must be present.'),
    ({'auth': {'identity': {'methods': ['password'],
                            'password': {'user': {'name': 'demo', 'password': 'x'}}}}},
     'Expecting to find domain in user.'),
    (password_auth('demo', project={'name': 'demo'}), 'Expecting to find domain in project.'),
    ({'auth': dict(password_auth('demo')['auth'],
                   scope={'project': {'id': 'x'}, 'domain': {'id': 'default'}})},
     'Expecting to find system, project, domain, OS-TRUST:trust or unscoped in scope.'),
    ({'auth': dict(password_auth('demo')['auth'], scope='everything')},
     'Expecting to find system, project, domain, OS-TRUST:trust or unscoped in scope.'),
    ({'auth': dict(password_auth('demo')['auth'], scope={'project': {}})},
     'Invalid input for field scope/project: id or name must be present.'),
    ({'auth': dict(password_auth('demo')['auth'], scope={'system': {'all': 'yes'}})},
     "Invalid input for field 'scope/system/all': 'yes' is not of type 'boolean'"),
])
def test_malformed_requests_are_400(identity, cloud, body, message):
    status, _, resp = _issue(identity, body)
    assert status == 400, resp
    assert resp['error']['title'] == 'Bad Request'
    assert resp['error']['message'].startswith(message)


def test_invalid_json_is_400(identity):
    status, _, body = identity.request('POST', '/v3/auth/tokens', raw=b'{"auth":',
                                       headers={'Content-Type': 'application/json'})
    assert status == 400 and body['error']['code'] == 400


def test_unsupported_method_is_401(identity, cloud):
    body = {'auth': {'identity': {'methods': ['totp'], 'totp': {'user': {}}}}}
    status, _, resp = _issue(identity, body)
    assert status == 401
    assert resp['error']['message'] == 'Attempted to authenticate with an unsupported method.'


def test_rescope_with_token(identity, cloud, login):
    unscoped = login('admin')
    body = {'auth': {'identity': {'methods': ['token'], 'token': {'id': unscoped}},
                     'scope': {'project': {'id': cloud['admin_project_id']}}}}
    status, _, resp = _issue(identity, body)
    assert status == 201
    assert resp['token']['project']['id'] == cloud['admin_project_id']
    assert resp['token']['methods'] == ['token', 'password']
    _, _, original = identity.request('GET', '/v3/auth/tokens', token=unscoped,
                                      headers={'X-Subject-Token': unscoped})
    assert resp['token']['expires_at'] == original['token']['expires_at']


def test_rescope_with_bad_token_is_404(identity, cloud):
    body = {'auth': {'identity': {'methods': ['token'], 'token': {'id': 'bogus'}}}}
    status, _, resp = _issue(identity, body)
    assert status == 404
    assert resp['error']['message'] == 'Could not find token: bogus.'


def test_rescope_to_project_without_role_is_401(identity, cloud, login):
    unscoped = login('demo')
    body = {'auth': {'identity': {'methods': ['token'], 'token': {'id': unscoped}},
                     'scope': {'project': {'id': cloud['admin_project_id']}}}}
    assert _issue(identity, body)[0] == 401


# ----------------------------------------------------------------------------- validate

def test_validate_own_token(identity, demo_token):
    status, headers, body = identity.request('GET', '/v3/auth/tokens', token=demo_token,
                                             headers={'X-Subject-Token': demo_token})
    assert status == 200
    assert headers['X-Subject-Token'] == demo_token
    assert body['token']['project']['name'] == 'demo'
    assert '_expires' not in body['token']
    status, _, body = identity.request('GET', '/v3/auth/tokens?nocatalog', token=demo_token,
                                       headers={'X-Subject-Token': demo_token})
    assert 'catalog' not in body['token']


def test_admin_validates_any_token_user_cannot(identity, admin_token, demo_token):
    status, _, body = identity.request('GET', '/v3/auth/tokens', token=admin_token,
                                       headers={'X-Subject-Token': demo_token})
    assert status == 200 and body['token']['user']['name'] == 'demo'
    status, _, body = identity.request('GET', '/v3/auth/tokens', token=demo_token,
                                       headers={'X-Subject-Token': admin_token})
    assert status == 403
    assert body['error']['message'] == ('You are not authorized to perform the requested '
                                        'action: identity:validate_token.')


def test_head_checks_token(identity, admin_token, demo_token):
    status, headers, _ = identity.request('HEAD', '/v3/auth/tokens', token=admin_token,
                                          headers={'X-Subject-Token': demo_token})
    assert status == 200 and headers['X-Subject-Token'] == demo_token
    status, _, _ = identity.request('HEAD', '/v3/auth/tokens', token=admin_token,
                                    headers={'X-Subject-Token': 'nope'})
    assert status == 404


def test_unknown_subject_is_404(identity, admin_token):
    status, _, body = identity.request('GET', '/v3/auth/tokens', token=admin_token,
                                       headers={'X-Subject-Token': 'nope'})
    assert status == 404
    assert body['error']['message'] == 'Could not find token: nope.'
    status, _, _ = identity.request('GET', '/v3/auth/tokens', token=admin_token)
    assert status == 404


def test_validate_needs_authentication(identity, demo_token):
    status, _, body = identity.request('GET', '/v3/auth/tokens',
                                       headers={'X-Subject-Token': demo_token})
    assert status == 401 and body['error']['message'] == UNAUTHORIZED
    status, _, _ = identity.request('GET', '/v3/auth/tokens', token='garbage',
                                    headers={'X-Subject-Token': demo_token})
    assert status == 401


def test_revoke_token(identity, admin_token, login):
    victim = login('demo', project='demo')
    # the token works (and is now in authtoken's cache)
    assert identity.request('GET', '/v3/auth/projects', token=victim)[0] == 200
    status, _, _ = identity.request('DELETE', '/v3/auth/tokens', token=admin_token,
                                    headers={'X-Subject-Token': victim})
    assert status == 204
    assert identity.request('GET', '/v3/auth/projects', token=victim)[0] == 401
    status, _, _ = identity.request('GET', '/v3/auth/tokens', token=admin_token,
                                    headers={'X-Subject-Token': victim})
    assert status == 404
    status, _, _ = identity.request('DELETE', '/v3/auth/tokens', token=admin_token,
                                    headers={'X-Subject-Token': victim})
    assert status == 404


def test_user_revokes_own_token_not_others(identity, admin_token, demo_token):
    status, _, _ = identity.request('DELETE', '/v3/auth/tokens', token=demo_token,
                                    headers={'X-Subject-Token': admin_token})
    assert status == 403
    status, _, _ = identity.request('DELETE', '/v3/auth/tokens', token=demo_token,
                                    headers={'X-Subject-Token': demo_token})
    assert status == 204
    assert identity.request('GET', '/v3/auth/catalog', token=demo_token)[0] == 401


# ----------------------------------------------------------------------------- helpers

def test_auth_catalog(identity, demo_token):
    status, _, body = identity.request('GET', '/v3/auth/catalog', token=demo_token)
    assert status == 200
    assert body['links']['self'] == 'http://localhost/identity/v3/auth/catalog'
    compute = [s for s in body['catalog'] if s['type'] == 'compute'][0]
    assert {e['interface'] for e in compute['endpoints']} == {'public', 'internal', 'admin'}
    assert compute['endpoints'][0]['url'] == 'http://cloud.example:8774/compute/v2.1'


def test_auth_catalog_needs_project_scope(identity, login):
    status, _, _ = identity.request('GET', '/v3/auth/catalog', token=login('demo'))
    assert status == 403
    assert identity.request('GET', '/v3/auth/catalog')[0] == 401


def test_auth_projects_and_domains(identity, cloud, login):
    token = login('admin')
    status, _, body = identity.request('GET', '/v3/auth/projects', token=token)
    assert status == 200
    assert [p['id'] for p in body['projects']] == [cloud['admin_project_id']]
    assert body['links'] == {'self': 'http://localhost/identity/v3/auth/projects',
                             'previous': None, 'next': None}
    _, _, body = identity.request('GET', '/v3/auth/domains', token=token)
    assert [d['id'] for d in body['domains']] == ['default']
    _, _, body = identity.request('GET', '/v3/auth/domains', token=login('demo'))
    assert body['domains'] == []


def test_auth_system(identity, login):
    _, _, body = identity.request('GET', '/v3/auth/system', token=login('admin'))
    assert body['system'] == [{'all': True}]
    _, _, body = identity.request('GET', '/v3/auth/system', token=login('demo'))
    assert body['system'] == []


@pytest.mark.parametrize('path', ['/v3/auth/projects', '/v3/auth/domains', '/v3/auth/system',
                                  '/v3/projects', '/v3/users', '/v3/roles', '/v3/domains',
                                  '/v3/role_assignments', '/v3/services', '/v3/endpoints',
                                  '/v3/regions'])
def test_everything_else_needs_a_token(identity, cloud, path):
    status, _, body = identity.request('GET', path)
    assert status == 401
    assert body['error'] == {'code': 401, 'message': UNAUTHORIZED, 'title': 'Unauthorized'}
