"""Fixtures of the compute API tests (users come from ../conftest.py)."""
import pytest


@pytest.fixture(autouse=True)
def policy_defaults():
    from novalite import policy
    policy.reset()
    yield
    policy.reset()


@pytest.fixture
def compute(service_app):
    from novalite import seed
    seed.seed_flavors()
    return service_app('compute')


@pytest.fixture
def api(compute, demo):
    """api(method, path, body=None, token=None, version='2.47') -> (status, headers, body)."""
    def _call(method, path, body=None, token=None, version='2.47', headers=None):
        hdrs = dict(headers or {})
        if version:
            hdrs['OpenStack-API-Version'] = 'compute %s' % version
        return compute.request(method, '/v2.1' + path, body=body, token=token or demo[0],
                               headers=hdrs)
    return _call
