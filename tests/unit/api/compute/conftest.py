"""Fixtures of the compute API tests (users come from ../conftest.py)."""
import pytest


@pytest.fixture(autouse=True)
def policy_defaults():
    from novalite import policy
    policy.reset()
    yield
    policy.reset()


@pytest.fixture(autouse=True)
def ports_security_groups(monkeypatch):
    """The compute app runs alone here, without the network service its server views read
    the ports' security groups from: each server's ports carry the groups the instance
    row names (a server without network_info has no ports)."""
    from novalite import exception
    from novalite.compute import security_groups
    from novalite.db import api as db_api

    def bindings(network, context, uuids):
        out = {}
        for uuid in uuids:
            try:
                inst = db_api.instance_get(uuid)
            except exception.InstanceNotFound:
                continue
            if inst['network_info'] and inst['security_groups']:
                out[uuid] = list(inst['security_groups'])
        return out
    monkeypatch.setattr(security_groups, 'bindings', bindings)


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
