"""POST /v2.0/tokens."""
import pytest


def _v2(identity, auth):
    return identity.request('POST', '/v2.0/tokens', body={'auth': auth})


def test_password_with_tenant_name(identity, cloud):
    status, _, body = _v2(identity, {'passwordCredentials': {'username': 'demo',
                                                             'password': 'secret'},
                                     'tenantName': 'demo'})
    assert status == 200
    access = body['access']
    token = access['token']
    assert set(token) == {'id', 'expires', 'issued_at', 'audit_ids', 'tenant'}
    assert token['expires'].endswith('Z') and '.' not in token['expires']
    assert token['tenant'] == {'id': cloud['demo_project_id'], 'name': 'demo',
                               'description': 'Demo project', 'enabled': True}
    assert access['user']['id'] == cloud['demo_user_id']
    assert access['user']['username'] == 'demo' and access['user']['roles_links'] == []
    assert {r['name'] for r in access['user']['roles']} == {'member', 'reader'}
    assert access['metadata']['is_admin'] == 0
    assert set(access['metadata']['roles']) == {cloud['member_role_id'],
                                                cloud['reader_role_id']}
    compute = [s for s in access['serviceCatalog'] if s['type'] == 'compute'][0]
    assert compute['name'] == 'nova' and compute['endpoints_links'] == []
    endpoint = compute['endpoints'][0]
    assert endpoint['region'] == 'RegionOne'
    assert endpoint['publicURL'] == 'http://cloud.example:8774/compute/v2.1'
    assert endpoint['internalURL'] and endpoint['adminURL'] and endpoint['id']


def test_v2_token_works_on_v3(identity, cloud):
    _, _, body = _v2(identity, {'passwordCredentials': {'userId': cloud['admin_user_id'],
                                                        'password': 'secret'},
                                'tenantId': cloud['admin_project_id']})
    token = body['access']['token']['id']
    status, _, body = identity.request('GET', '/v3/auth/tokens', token=token,
                                       headers={'X-Subject-Token': token})
    assert status == 200 and body['token']['project']['id'] == cloud['admin_project_id']


def test_unscoped_then_token_rescope(identity, cloud):
    status, _, body = _v2(identity, {'passwordCredentials': {'username': 'demo',
                                                             'password': 'secret'}})
    assert status == 200
    assert 'tenant' not in body['access']['token']
    assert body['access']['serviceCatalog'] == []
    unscoped = body['access']['token']['id']
    status, _, body = _v2(identity, {'token': {'id': unscoped}, 'tenantName': 'demo'})
    assert status == 200 and body['access']['token']['tenant']['name'] == 'demo'


@pytest.mark.parametrize('auth', [
    {'passwordCredentials': {'username': 'demo', 'password': 'bad'}, 'tenantName': 'demo'},
    {'passwordCredentials': {'username': 'ghost', 'password': 'secret'}},
    {'passwordCredentials': {'username': 'demo', 'password': 'secret'}, 'tenantName': 'admin'},
    {'passwordCredentials': {'username': 'demo', 'password': 'secret'}, 'tenantId': 'nope'},
    {'token': {'id': 'bogus'}},
])
def test_failures_are_401(identity, cloud, auth):
    status, _, body = _v2(identity, auth)
    assert status == 401
    assert body['error']['message'] == 'The request you have made requires authentication.'


@pytest.mark.parametrize('body', [None, {'auth': 'x'}, {'auth': {}},
                                  {'auth': {'passwordCredentials': {'password': 'x'}}},
                                  {'auth': {'passwordCredentials': 'x'}}])
def test_malformed_is_400(identity, cloud, body):
    status, _, resp = identity.request('POST', '/v2.0/tokens', body=body)
    assert status == 400 and resp['error']['title'] == 'Bad Request'
