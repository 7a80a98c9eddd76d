"""authtoken: access rules of application credential tokens (keystonemiddleware's
validate_allowed_request) on the compute, image and identity pipelines."""
import pytest

from novalite.api.middleware import auth


@pytest.mark.parametrize('path,pattern,matches', [
    ('/v2.1/servers', '/v2.1/servers', True),
    ('/v2.1/servers/abc', '/v2.1/servers/*', True),
    ('/v2.1/servers/abc/ips', '/v2.1/servers/*', False),
    ('/v2.1/servers/abc/ips', '/v2.1/servers/**', True),
    ('/v2.1/servers/abc/ips', '/v2.1/servers/{server_id}/ips', True),
    ('/v2.1/servers', '/v2.1/servers/*', False),
    ('/v2.1/flavors', '/v2.1/servers', False),
    ('/v2.1/servers.json', '/v2.1/servers', False),
    ('/v2/images', '/v2/images*', False),  # '*' is one or more characters
    ('/v2/images/x', '/v2/images/*', True),
])
def test_path_matches(path, pattern, matches):
    assert auth.path_matches(path, pattern) is matches


def _info(*rules):
    return {'application_credential': {'id': 'x', 'access_rules': [
        {'service': s, 'path': p, 'method': m} for s, p, m in rules]}}


def test_allowed_by_access_rules():
    info = _info(('compute', '/v2.1/servers', 'GET'))
    assert auth.allowed_by_access_rules(info, 'compute', 'GET', '/compute', '/v2.1/servers')
    assert auth.allowed_by_access_rules(
        _info(('compute', '/compute/v2.1/servers', 'GET')), 'compute', 'GET', '/compute',
        '/v2.1/servers')
    assert not auth.allowed_by_access_rules(info, 'compute', 'POST', '/compute',
                                            '/v2.1/servers')
    assert not auth.allowed_by_access_rules(info, 'image', 'GET', '/image', '/v2.1/servers')
    assert not auth.allowed_by_access_rules(info, None, 'GET', '/compute', '/v2.1/servers')
    # a token can always be validated; tokens without rules are not restricted
    assert auth.allowed_by_access_rules(info, 'identity', 'GET', '/identity',
                                        '/v3/auth/tokens')
    assert auth.allowed_by_access_rules({'application_credential': {'id': 'x'}}, 'image',
                                        'GET', '/image', '/v2/images')
    assert auth.allowed_by_access_rules({}, 'image', 'DELETE', '/image', '/v2/images/x')


@pytest.fixture
def limited_token(service_app, conf, database):
    """A token of demo's application credential that may only list servers."""
    from novalite.identity import seed
    seed.seed(conf, 'http://cloud.example:8774')
    identity = service_app('identity')
    auth = {'auth': {'identity': {'methods': ['password'], 'password': {'user': {
        'name': 'demo', 'domain': {'id': 'default'}, 'password': 'secret'}}},
        'scope': {'project': {'name': 'demo', 'domain': {'id': 'default'}}}}}
    status, headers, body = identity.request('POST', '/v3/auth/tokens', body=auth)
    assert status == 201
    user_id = body['token']['user']['id']
    status, _, body = identity.request(
        'POST', '/v3/users/%s/application_credentials' % user_id,
        token=headers['X-Subject-Token'], body={'application_credential': {
            'name': 'list-only', 'access_rules': [
                {'service': 'compute', 'path': '/v2.1/servers', 'method': 'GET'},
                {'service': 'compute', 'path': '/v2.1/servers/detail', 'method': 'GET'}]}})
    assert status == 201, body
    cred = body['application_credential']
    status, headers, _ = identity.request('POST', '/v3/auth/tokens', body={'auth': {
        'identity': {'methods': ['application_credential'],
                     'application_credential': {'id': cred['id'],
                                                'secret': cred['secret']}}}})
    assert status == 201
    return headers['X-Subject-Token']


def test_rules_on_the_services(service_app, limited_token):
    compute = service_app('compute')
    status, _, body = compute.request('GET', '/v2.1/servers', token=limited_token)
    assert status == 200, body
    assert compute.request('GET', '/v2.1/servers/detail', token=limited_token)[0] == 200
    status, _, body = compute.request('GET', '/v2.1/flavors', token=limited_token)
    assert status == 401
    assert body['unauthorized']['message'] == ('The request you have made requires '
                                               'authentication.')
    assert compute.request('POST', '/v2.1/servers', token=limited_token,
                           body={'server': {}})[0] == 401
    image = service_app('image')
    assert image.request('GET', '/v2/images', token=limited_token)[0] == 401
    identity = service_app('identity')
    # identity: only validating the token itself is always allowed
    assert identity.request('GET', '/v3/auth/tokens', token=limited_token,
                            headers={'X-Subject-Token': limited_token})[0] == 200
    assert identity.request('GET', '/v3/auth/projects', token=limited_token)[0] == 401


def test_service_token_lifts_rules(service_app, conf, limited_token):
    """A call made on the user's behalf by a service (X-Service-Token with the service
    role) is not restricted, as keystonemiddleware does for chained calls."""
    identity = service_app('identity')
    su = conf.service_user
    _, headers, _ = identity.request('POST', '/v3/auth/tokens', body={'auth': {
        'identity': {'methods': ['password'], 'password': {'user': {
            'name': su.username, 'domain': {'id': 'default'}, 'password': su.password}}},
        'scope': {'project': {'name': su.project_name, 'domain': {'id': 'default'}}}}})
    service_token = headers['X-Subject-Token']
    image = service_app('image')
    assert image.request('GET', '/v2/images', token=limited_token,
                         headers={'X-Service-Token': service_token})[0] == 200
    # the user's own (rule-less) token is no service token
    assert image.request('GET', '/v2/images', token=limited_token,
                         headers={'X-Service-Token': limited_token})[0] == 401
