"""Fixtures for the identity service tests: a seeded cloud and password-issued tokens."""
import pytest

from .fakes import password_auth

PUBLIC_URL = 'http://cloud.example:8774'


@pytest.fixture(autouse=True)
def policy_defaults():
    """A fresh enforcer holding the in-code defaults for every test."""
    from novalite import policy
    policy.reset()
    yield
    policy.reset()


@pytest.fixture
def identity(service_app):
    return service_app('identity')


@pytest.fixture
def cloud(conf, database):
    """The seeded demo cloud: ids of its projects, users and roles."""
    from novalite.identity import seed
    return seed.seed(conf, PUBLIC_URL)


@pytest.fixture
def login(identity, cloud):
    """login('admin', project='admin') -> token secret (asserts 201)."""
    def _login(user, password='secret', **scope):
        status, headers, body = identity.request('POST', '/v3/auth/tokens',
                                                 body=password_auth(user, password, **scope))
        assert status == 201, body
        return headers['X-Subject-Token']
    return _login


@pytest.fixture
def admin_token(login):
    return login('admin', project='admin')


@pytest.fixture
def demo_token(login):
    return login('demo', project='demo')


@pytest.fixture
def reader_token(identity, cloud, login, admin_token):
    """A user with only the reader role on the demo project."""
    status, _, body = identity.request('POST', '/v3/users', token=admin_token, body={
        'user': {'name': 'viewer', 'password': 'secret', 'domain_id': 'default'}})
    assert status == 201, body
    status, _, _ = identity.request(
        'PUT', '/v3/projects/%s/users/%s/roles/%s' % (cloud['demo_project_id'],
                                                      body['user']['id'],
                                                      cloud['reader_role_id']),
        token=admin_token)
    assert status == 204
    return login('viewer', project='demo')
