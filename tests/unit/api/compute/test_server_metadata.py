"""/servers/{id}/metadata in-process: CRUD, Nova's status codes and messages, schema errors,
the metadata_items quota, locks and states, and the server view seeing the change."""
import datetime
import uuid

import pytest

from novalite import policies
from novalite.compute import states
from novalite.db import api as db_api
from novalite.db import session as db


FLAVOR = {'flavorid': '1', 'name': 'm1.tiny', 'memory_mb': 512, 'vcpus': 1, 'root_gb': 1,
          'ephemeral_gb': 0, 'swap': 0, 'rxtx_factor': 1.0, 'is_public': True,
          'description': None, 'extra_specs': {}}


@pytest.fixture
def server(demo):
    def _make(**values):
        row = {'uuid': str(uuid.uuid4()), 'project_id': demo[2], 'user_id': demo[1],
               'flavor_id': '1', 'flavor': FLAVOR, 'vcpus': 1, 'memory_mb': 64, 'root_gb': 1,
               'vm_state': states.ACTIVE, 'power_state': states.RUNNING, 'host': 'h1',
               'reservation_id': 'r-1', 'launched_at': datetime.datetime(2024, 1, 1),
               'instance_metadata': {'a': '1', 'b': '2'}}
        row.update(values)
        with db.transaction() as session:
            return db_api.instance_create(session, row)['uuid']
    return _make


def meta(sid, key=None):
    return '/servers/%s/metadata' % sid + ('/%s' % key if key else '')


def fault(body, kind):
    return body[kind]['message']


def test_index_and_show(api, server):
    sid = server()
    assert api('GET', meta(sid))[0::2] == (200, {'metadata': {'a': '1', 'b': '2'}})
    assert api('GET', meta(sid, 'a'))[0::2] == (200, {'meta': {'a': '1'}})
    status, _, body = api('GET', meta(sid, 'nope'))
    assert status == 404 and fault(body, 'itemNotFound') == 'Metadata item was not found'


def test_unknown_server_is_404(api):
    sid = str(uuid.uuid4())
    for method, path, body in (('GET', meta(sid), None), ('GET', meta(sid, 'a'), None),
                               ('POST', meta(sid), {'metadata': {}}),
                               ('PUT', meta(sid), {'metadata': {}}),
                               ('PUT', meta(sid, 'a'), {'meta': {'a': 'x'}}),
                               ('DELETE', meta(sid, 'a'), None)):
        status, _, resp = api(method, path, body)
        assert status == 404, (method, path, resp)
        assert fault(resp, 'itemNotFound') == 'Instance %s could not be found.' % sid


def test_post_merges_put_replaces(api, server):
    sid = server()
    status, _, body = api('POST', meta(sid), {'metadata': {'b': 'B', 'c': '3'}})
    assert (status, body) == (200, {'metadata': {'a': '1', 'b': 'B', 'c': '3'}})
    status, _, body = api('PUT', meta(sid), {'metadata': {'z': '26'}})
    assert (status, body) == (200, {'metadata': {'z': '26'}})
    assert db_api.instance_get(sid)['instance_metadata'] == {'z': '26'}
    status, _, body = api('PUT', meta(sid), {'metadata': {}})
    assert (status, body) == (200, {'metadata': {}})


def test_put_one_item_and_delete(api, server):
    sid = server()
    status, _, body = api('PUT', meta(sid, 'new key'), {'meta': {'new key': 'v'}})
    assert (status, body) == (200, {'meta': {'new key': 'v'}})
    status, headers, body = api('DELETE', meta(sid, 'a'))
    assert (status, body) == (204, None)
    assert db_api.instance_get(sid)['instance_metadata'] == {'b': '2', 'new key': 'v'}
    status, _, body = api('DELETE', meta(sid, 'a'))
    assert status == 404 and fault(body, 'itemNotFound') == 'Metadata item was not found'


def test_changes_show_in_the_server_view(api, server):
    sid = server()
    api('POST', meta(sid), {'metadata': {'k': 'v'}})
    body = api('GET', '/servers/%s' % sid)[2]
    assert body['server']['metadata'] == {'a': '1', 'b': '2', 'k': 'v'}


@pytest.mark.parametrize('method, key, body, needle', [
    ('PUT', 'a', {'meta': {'b': 'x'}}, 'Request body and URI mismatch'),
    ('PUT', 'a', {'meta': {'a': 'x', 'b': 'y'}}, 'has too many properties'),
    ('PUT', 'a', {'meta': {}}, 'should be non-empty'),
    ('PUT', 'a', {'metadata': {'a': 'x'}}, "'meta' is a required property"),
    ('PUT', 'a', {'meta': {'a': 1}}, "1 is not of type 'string'"),
    ('PUT', 'a', {'meta': {'a': 'x' * 256}}, 'is too long'),
    ('POST', None, {'metadata': {'k' * 256: 'v'}}, 'does not match any of the regexes'),
    ('POST', None, {'metadata': {'bad/key': 'v'}}, 'does not match any of the regexes'),
    ('POST', None, {'metadata': {'': 'v'}}, 'does not match any of the regexes'),
    ('POST', None, {'metadata': {'k': None}}, "None is not of type 'string'"),
    ('POST', None, {'metadata': ['k']}, "is not of type 'object'"),
    ('POST', None, {'meta': {'k': 'v'}}, "'metadata' is a required property"),
    ('PUT', None, {}, "'metadata' is a required property"),
    ('PUT', None, None, 'None is not of type'),
])
def test_bad_bodies_are_400(api, server, method, key, body, needle):
    sid = server()
    status, _, resp = api(method, meta(sid, key), body)
    assert status == 400, resp
    assert needle in fault(resp, 'badRequest')
    assert db_api.instance_get(sid)['instance_metadata'] == {'a': '1', 'b': '2'}


def test_malformed_json_is_400(compute, demo, server):
    status, _, body = compute.request('PUT', '/v2.1' + meta(server()), token=demo[0],
                                      headers={'Content-Type': 'application/json'},
                                      raw=b'{"metadata": ')
    assert status == 400 and 'badRequest' in body


def test_metadata_items_quota_is_403(api, server):
    sid = server(instance_metadata={})
    items = {'k%d' % i: 'v' for i in range(128)}
    assert api('PUT', meta(sid), {'metadata': items})[0] == 200
    status, _, body = api('POST', meta(sid), {'metadata': {'one-more': 'v'}})
    assert status == 403
    assert fault(body, 'forbidden') == 'Maximum number of metadata items exceeds 128'
    status, _, body = api('PUT', meta(sid, 'one-more'), {'meta': {'one-more': 'v'}})
    assert status == 403
    # replacing an existing key stays within the limit
    assert api('PUT', meta(sid, 'k0'), {'meta': {'k0': 'w'}})[0] == 200
    status, _, body = api('PUT', meta(sid), {'metadata': dict(items, extra='v')})
    assert status == 403
    assert len(db_api.instance_get(sid)['instance_metadata']) == 128


def test_limit_is_the_projects_metadata_items_quota(api, server, demo):
    from novalite import quota
    quota.update_quotas(demo[2], {'metadata_items': 2})
    sid = server(instance_metadata={})
    assert api('POST', meta(sid), {'metadata': {'a': '1', 'b': '2'}})[0] == 200
    status, _, body = api('POST', meta(sid), {'metadata': {'c': '3'}})
    assert status == 403
    assert fault(body, 'forbidden') == 'Maximum number of metadata items exceeds 2'
    quota.update_quotas(demo[2], {'metadata_items': -1})
    assert api('POST', meta(sid), {'metadata': {'c': '3'}})[0] == 200


def test_locked_server_is_409_for_its_owner_not_for_admin(api, server, admin):
    sid = server(locked=True, locked_by='admin')
    for method, key, body in (('POST', None, {'metadata': {'k': 'v'}}),
                              ('PUT', None, {'metadata': {'k': 'v'}}),
                              ('PUT', 'k', {'meta': {'k': 'v'}}),
                              ('DELETE', 'a', None)):
        status, _, resp = api(method, meta(sid, key), body)
        assert status == 409, (method, key, resp)
        assert fault(resp, 'conflictingRequest') == 'Instance %s is locked' % sid
    assert api('GET', meta(sid))[0] == 200
    status, _, body = api('POST', meta(sid), {'metadata': {'k': 'v'}}, token=admin[0])
    assert status == 200 and body['metadata']['k'] == 'v'
    assert api('DELETE', meta(sid, 'k'), token=admin[0])[0] == 204


@pytest.mark.parametrize('vm_state', [states.BUILDING, states.ERROR, states.RESCUED,
                                      states.SHELVED_OFFLOADED])
def test_changes_outside_nova_states_are_409(api, server, vm_state):
    sid = server(vm_state=vm_state)
    status, _, body = api('POST', meta(sid), {'metadata': {'k': 'v'}})
    assert status == 409
    assert fault(body, 'conflictingRequest') == (
        "Cannot 'update metadata' instance %s while it is in vm_state %s" % (sid, vm_state))
    status, _, body = api('DELETE', meta(sid, 'a'))
    assert status == 409
    assert fault(body, 'conflictingRequest') == (
        "Cannot 'delete metadata' instance %s while it is in vm_state %s" % (sid, vm_state))
    assert api('GET', meta(sid))[0] == 200


@pytest.mark.parametrize('vm_state, task_state', [
    (states.ACTIVE, None), (states.PAUSED, None), (states.SUSPENDED, None),
    (states.STOPPED, None), (states.ACTIVE, states.REBOOTING)])
def test_changes_in_nova_states(api, server, vm_state, task_state):
    # Nova checks the vm_state only (task_state=None in its decorator)
    sid = server(vm_state=vm_state, task_state=task_state)
    assert api('POST', meta(sid), {'metadata': {'k': 'v'}})[0] == 200
    assert api('DELETE', meta(sid, 'k'))[0] == 204


def test_never_launched_is_409(api, server):
    sid = server(launched_at=None, vm_state=states.STOPPED)
    status, _, body = api('PUT', meta(sid, 'k'), {'meta': {'k': 'v'}})
    assert status == 409
    assert fault(body, 'conflictingRequest') == (
        "Instance %s is in an invalid state for 'update metadata'" % sid)


def test_state_change_between_read_and_write_is_409(api, server, monkeypatch):
    sid = server()
    real_get = db_api.instance_get

    def racing_get(uuid, *args, **kwargs):
        inst = real_get(uuid, *args, **kwargs)
        if kwargs.get('project_id') is not None:  # the API's read: the server then errors
            db_api.instance_update(uuid, {'vm_state': states.ERROR})
        return inst
    monkeypatch.setattr(db_api, 'instance_get', racing_get)
    status, _, body = api('POST', meta(sid), {'metadata': {'k': 'v'}})
    assert status == 409
    assert 'vm_state error' in fault(body, 'conflictingRequest')
    assert 'k' not in real_get(sid)['instance_metadata']


def test_other_projects_server_is_404(api, server, alt):
    sid = server()
    assert api('GET', meta(sid), token=alt[0])[0] == 404
    assert api('POST', meta(sid), {'metadata': {'k': 'v'}}, token=alt[0])[0] == 404


def test_policy_rules_apply(api, server, make_token):
    sid = server()
    reader = make_token('demo', 'reader', user_name='demo-reader-only')
    assert api('GET', meta(sid), token=reader[0])[0] == 200
    status, _, body = api('POST', meta(sid), {'metadata': {'k': 'v'}}, token=reader[0])
    assert status == 403
    assert 'os_compute_api:server-metadata:create' in fault(body, 'forbidden')
    assert api('DELETE', meta(sid, 'a'), token=reader[0])[0] == 403


def test_rules_are_registered():
    names = {r.name for r in policies.list_rules()}
    for action in ('index', 'show', 'create', 'update', 'update_all', 'delete'):
        assert 'os_compute_api:server-metadata:%s' % action in names


def test_unsupported_method_is_405(api, server):
    status, headers, _ = api('DELETE', meta(server()))
    assert status == 405 and headers['Allow'] == 'GET, POST, PUT'
