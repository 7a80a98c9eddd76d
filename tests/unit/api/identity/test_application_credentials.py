"""/v3/users/{id}/application_credentials, access rules and the application_credential
auth method."""
import datetime

import pytest

from .fakes import password_auth

UNAUTHORIZED = 'The request you have made requires authentication.'


def _path(user_id, *rest):
    return '/'.join(['/v3/users', user_id, 'application_credentials'] + list(rest))


def _create(identity, token, user_id, expect=201, **entity):
    entity.setdefault('name', 'ci')
    status, _, body = identity.request('POST', _path(user_id), token=token,
                                       body={'application_credential': entity})
    assert status == expect, body
    return body


def _app_cred_auth(cred_id=None, secret=None, name=None, user=None):
    payload = {'secret': secret}
    if cred_id:
        payload['id'] = cred_id
    else:
        payload.update(name=name, user=user)
    return {'auth': {'identity': {'methods': ['application_credential'],
                                  'application_credential': payload}}}


def _login(identity, body, expect=201):
    status, headers, resp = identity.request('POST', '/v3/auth/tokens', body=body)
    assert status == expect, resp
    return headers.get('X-Subject-Token'), resp


@pytest.fixture
def demo_cred(identity, cloud, demo_token):
    return _create(identity, demo_token, cloud['demo_user_id'],
                   description='for CI')['application_credential']


def test_create_shows_secret_once(identity, cloud, demo_token, demo_cred):
    assert len(demo_cred['secret']) >= 64
    assert demo_cred['project_id'] == cloud['demo_project_id']
    assert demo_cred['unrestricted'] is False and demo_cred['expires_at'] is None
    assert demo_cred['description'] == 'for CI'
    assert {r['name'] for r in demo_cred['roles']} == {'member', 'reader'}
    assert demo_cred['links']['self'].endswith(
        _path(cloud['demo_user_id'], demo_cred['id']))
    status, _, shown = identity.request('GET', _path(cloud['demo_user_id'], demo_cred['id']),
                                        token=demo_token)
    assert status == 200 and 'secret' not in shown['application_credential']
    status, _, listed = identity.request('GET', _path(cloud['demo_user_id']) + '?name=ci',
                                         token=demo_token)
    assert [c['id'] for c in listed['application_credentials']] == [demo_cred['id']]
    _, _, none = identity.request('GET', _path(cloud['demo_user_id']) + '?name=other',
                                  token=demo_token)
    assert none['application_credentials'] == []


def test_duplicate_name_conflicts(identity, cloud, demo_token, demo_cred):
    body = _create(identity, demo_token, cloud['demo_user_id'], expect=409)
    assert body['error']['message'] == ('Conflict occurred attempting to store '
                                        'application_credential - Duplicate entry found '
                                        'with name ci.')


def test_roles_must_be_held(identity, cloud, demo_token):
    body = _create(identity, demo_token, cloud['demo_user_id'], expect=400,
                   roles=[{'name': 'admin'}])
    assert body['error']['message'] == ('Invalid application credential: Cannot create an '
                                        'application credential with unassigned role')
    cred = _create(identity, demo_token, cloud['demo_user_id'], name='reader-only',
                   roles=[{'name': 'reader'}])['application_credential']
    assert [r['name'] for r in cred['roles']] == ['reader']
    _create(identity, demo_token, cloud['demo_user_id'], expect=404, name='x',
            roles=[{'name': 'nosuchrole'}])


def test_bad_input(identity, cloud, demo_token):
    uid = cloud['demo_user_id']
    assert _create(identity, demo_token, uid, expect=400, name='')['error']['code'] == 400
    assert _create(identity, demo_token, uid, expect=400, bogus=1)['error']['title'] == \
        'Bad Request'
    assert 'expires_at' in _create(identity, demo_token, uid, expect=400,
                                   expires_at='2001-01-01T00:00:00')['error']['message']
    assert 'Timestamp' in _create(identity, demo_token, uid, expect=400,
                                  expires_at='tomorrow')['error']['message']
    _create(identity, demo_token, uid, expect=400,
            access_rules=[{'service': 'compute', 'path': 'no-slash', 'method': 'GET'}])
    _create(identity, demo_token, uid, expect=400,
            access_rules=[{'service': 'compute', 'path': '/x', 'method': 'FETCH'}])
    status, _, listed = identity.request('GET', _path(uid), token=demo_token)
    assert listed['application_credentials'] == []  # nothing half-created


def test_other_users_and_admin(identity, cloud, demo_token, admin_token, demo_cred):
    uid = cloud['demo_user_id']
    # the user themself creates; an admin cannot create one for someone else
    _create(identity, admin_token, uid, expect=403)
    status, _, _ = identity.request('GET', _path(uid, demo_cred['id']), token=admin_token)
    assert status == 200
    status, _, _ = identity.request('GET', _path(cloud['admin_user_id']), token=demo_token)
    assert status == 403
    status, _, body = identity.request('GET', _path(uid, 'nope'), token=demo_token)
    assert status == 404 and body['error']['message'] == \
        'Could not find Application Credential: nope.'


def test_auth_by_id_and_by_name(identity, cloud, demo_cred):
    token, body = _login(identity, _app_cred_auth(demo_cred['id'], demo_cred['secret']))
    tok = body['token']
    assert tok['methods'] == ['application_credential']
    assert tok['project']['id'] == cloud['demo_project_id']
    assert tok['application_credential'] == {'id': demo_cred['id'], 'name': 'ci',
                                             'restricted': True}
    assert {r['name'] for r in tok['roles']} == {'member', 'reader'}
    assert tok['catalog']
    _, body = _login(identity, _app_cred_auth(name='ci', secret=demo_cred['secret'],
                                              user={'name': 'demo',
                                                    'domain': {'name': 'Default'}}))
    assert body['token']['application_credential']['id'] == demo_cred['id']
    _, body = _login(identity, _app_cred_auth(demo_cred['id'], 'wrong'), expect=401)
    assert body['error']['message'] == UNAUTHORIZED
    scoped = _app_cred_auth(demo_cred['id'], demo_cred['secret'])
    scoped['auth']['scope'] = {'project': {'id': cloud['demo_project_id']}}
    _login(identity, scoped, expect=401)


def test_roles_of_the_credential_only(identity, cloud, demo_token):
    cred = _create(identity, demo_token, cloud['demo_user_id'], name='r',
                   roles=[{'name': 'reader'}])['application_credential']
    _, body = _login(identity, _app_cred_auth(cred['id'], cred['secret']))
    assert [r['name'] for r in body['token']['roles']] == ['reader']


def test_expiry_caps_the_token(identity, cloud, demo_token):
    soon = datetime.datetime.utcnow() + datetime.timedelta(minutes=5)
    cred = _create(identity, demo_token, cloud['demo_user_id'], name='short',
                   expires_at=soon.strftime('%Y-%m-%dT%H:%M:%S'))['application_credential']
    assert cred['expires_at'].startswith(soon.strftime('%Y-%m-%dT%H:%M:%S'))
    _, body = _login(identity, _app_cred_auth(cred['id'], cred['secret']))
    assert body['token']['expires_at'].startswith(soon.strftime('%Y-%m-%dT%H:%M:%S'))


def test_restricted_token_cannot_manage_app_creds(identity, cloud, demo_token):
    uid = cloud['demo_user_id']
    restricted = _create(identity, demo_token, uid, name='r')['application_credential']
    token, _ = _login(identity, _app_cred_auth(restricted['id'], restricted['secret']))
    body = _create(identity, token, uid, expect=403, name='child')
    assert "Using method 'application_credential' is not allowed" in body['error']['message']
    status, _, _ = identity.request('DELETE', _path(uid, restricted['id']), token=token)
    assert status == 403
    free = _create(identity, demo_token, uid, name='u',
                   unrestricted=True)['application_credential']
    token, _ = _login(identity, _app_cred_auth(free['id'], free['secret']))
    assert _create(identity, token, uid, name='child')['application_credential']['roles']


def test_delete_invalidates_tokens(identity, cloud, demo_token, demo_cred):
    token, _ = _login(identity, _app_cred_auth(demo_cred['id'], demo_cred['secret']))
    status, _, _ = identity.request('GET', '/v3/auth/projects', token=token)
    assert status == 200
    status, _, _ = identity.request('DELETE', _path(cloud['demo_user_id'], demo_cred['id']),
                                    token=demo_token)
    assert status == 204
    status, _, _ = identity.request('GET', '/v3/auth/projects', token=token)
    assert status == 401
    _login(identity, _app_cred_auth(demo_cred['id'], demo_cred['secret']), expect=401)
    status, _, _ = identity.request('DELETE', _path(cloud['demo_user_id'], demo_cred['id']),
                                    token=demo_token)
    assert status == 404


def test_losing_a_role_invalidates(identity, cloud, demo_token, admin_token, demo_cred):
    token, _ = _login(identity, _app_cred_auth(demo_cred['id'], demo_cred['secret']))
    status, _, _ = identity.request(
        'DELETE', '/v3/projects/%s/users/%s/roles/%s' % (
            cloud['demo_project_id'], cloud['demo_user_id'], cloud['member_role_id']),
        token=admin_token)
    assert status == 204
    assert identity.request('GET', '/v3/auth/projects', token=token)[0] == 401
    _login(identity, _app_cred_auth(demo_cred['id'], demo_cred['secret']), expect=401)


def test_disabled_or_deleted_user_invalidates(identity, cloud, admin_token, demo_cred):
    token, _ = _login(identity, _app_cred_auth(demo_cred['id'], demo_cred['secret']))
    identity.request('PATCH', '/v3/users/%s' % cloud['demo_user_id'], token=admin_token,
                     body={'user': {'enabled': False}})
    assert identity.request('GET', '/v3/auth/projects', token=token)[0] == 401
    _login(identity, _app_cred_auth(demo_cred['id'], demo_cred['secret']), expect=401)
    identity.request('PATCH', '/v3/users/%s' % cloud['demo_user_id'], token=admin_token,
                     body={'user': {'enabled': True}})
    _login(identity, _app_cred_auth(demo_cred['id'], demo_cred['secret']))
    assert identity.request('DELETE', '/v3/users/%s' % cloud['demo_user_id'],
                            token=admin_token)[0] == 204
    _login(identity, _app_cred_auth(demo_cred['id'], demo_cred['secret']), expect=401)


def test_access_rules(identity, cloud, demo_token):
    uid = cloud['demo_user_id']
    rules = [{'service': 'compute', 'path': '/v2.1/servers', 'method': 'GET'},
             {'service': 'compute', 'path': '/v2.1/servers/*', 'method': 'GET'}]
    cred = _create(identity, demo_token, uid, name='ar',
                   access_rules=rules)['application_credential']
    assert [(r['service'], r['path'], r['method']) for r in cred['access_rules']] == \
        [('compute', '/v2.1/servers', 'GET'), ('compute', '/v2.1/servers/*', 'GET')]
    _, body = _login(identity, _app_cred_auth(cred['id'], cred['secret']))
    assert len(body['token']['application_credential']['access_rules']) == 2
    # the same rules are reused by a second credential
    again = _create(identity, demo_token, uid, name='ar2',
                    access_rules=rules[:1])['application_credential']
    assert again['access_rules'][0]['id'] == cred['access_rules'][0]['id']
    status, _, listed = identity.request('GET', '/v3/users/%s/access_rules' % uid,
                                         token=demo_token)
    assert status == 200 and len(listed['access_rules']) == 2
    rule_id = cred['access_rules'][1]['id']
    status, _, shown = identity.request('GET', '/v3/users/%s/access_rules/%s' % (uid, rule_id),
                                        token=demo_token)
    assert status == 200 and shown['access_rule']['path'] == '/v2.1/servers/*'
    status, _, body = identity.request('DELETE', '/v3/users/%s/access_rules/%s'
                                       % (uid, rule_id), token=demo_token)
    assert status == 403 and body['error']['message'] == 'May not delete access rule in use'
    identity.request('DELETE', _path(uid, cred['id']), token=demo_token)
    assert identity.request('DELETE', '/v3/users/%s/access_rules/%s' % (uid, rule_id),
                            token=demo_token)[0] == 204
    status, _, body = identity.request('GET', '/v3/users/%s/access_rules/%s' % (uid, rule_id),
                                       token=demo_token)
    assert status == 404 and body['error']['message'] == \
        'Could not find Access Rule: %s.' % rule_id


def test_trust_token_cannot_manage_app_creds(identity, cloud, login, admin_token):
    """A trust-scoped token is a delegation: Keystone answers 403."""
    trust = {'trustor_user_id': cloud['admin_user_id'], 'trustee_user_id': cloud['demo_user_id'],
             'project_id': cloud['admin_project_id'], 'impersonation': False,
             'roles': [{'name': 'member'}]}
    status, _, body = identity.request('POST', '/v3/OS-TRUST/trusts', token=admin_token,
                                       body={'trust': trust})
    assert status == 201, body
    auth = password_auth('demo')
    auth['auth']['scope'] = {'OS-TRUST:trust': {'id': body['trust']['id']}}
    token, _ = _login(identity, auth)
    _create(identity, token, cloud['demo_user_id'], expect=403)


def test_delegated_tokens_do_not_escape(identity, cloud, demo_cred):
    """An application credential's token rescopes only to itself and is no v2.0 token."""
    token, _ = _login(identity, _app_cred_auth(demo_cred['id'], demo_cred['secret']))
    rescope = {'auth': {'identity': {'methods': ['token'], 'token': {'id': token}}}}
    _, body = _login(identity, rescope)
    assert body['token']['application_credential']['id'] == demo_cred['id']
    rescope['auth']['scope'] = {'project': {'id': cloud['demo_project_id']}}
    _login(identity, rescope, expect=403)
    status, _, _ = identity.request('POST', '/v2.0/tokens', body={
        'auth': {'token': {'id': token}, 'tenantId': cloud['demo_project_id']}})
    assert status == 401
