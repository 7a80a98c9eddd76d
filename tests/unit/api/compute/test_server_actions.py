"""POST /servers/{id}/action through the compute paste pipeline, in-process: dispatch,
validation, microversion gate, policy, and the cast it sends (recorded, not delivered)."""
import uuid

import pytest

from novalite import rpc
from novalite.compute import states
from novalite.db import api as db_api
from novalite.db import session as db
from tests.unit import rpc_agreement


@pytest.fixture
def casts(monkeypatch):
    clients = []

    def _get_client(topic, version, server=None, timeout=None):
        clients.append(rpc_agreement.RecordingClient(topic, version))
        return clients[-1]
    monkeypatch.setattr(rpc, 'get_client', _get_client)

    def sent():
        return [(m, kw) for c in clients for (_k, _c, m, kw) in c.sent]
    return sent


@pytest.fixture
def compute(service_app, casts):
    return service_app('compute')


@pytest.fixture
def server(demo):
    def _make(**values):
        row = {'uuid': str(uuid.uuid4()), 'project_id': demo[2], 'user_id': demo[1],
               'flavor_id': '1', 'flavor': {}, 'vcpus': 1, 'memory_mb': 64, 'root_gb': 1,
               'vm_state': states.ACTIVE, 'power_state': states.RUNNING, 'host': 'h1',
               'reservation_id': 'r-1'}
        row.update(values)
        with db.transaction() as session:
            return db_api.instance_create(session, row)['uuid']
    return _make


def act(compute, token, server_id, body, version=None, raw=None):
    headers = {'OpenStack-API-Version': 'compute %s' % version} if version else {}
    if raw is not None:
        headers['Content-Type'] = 'application/json'
    return compute.request('POST', '/v2.1/servers/%s/action' % server_id, body=body,
                           token=token[0], headers=headers, raw=raw)


@pytest.mark.parametrize('body, cast, task_state', [
    ({'reboot': {'type': 'soft'}}, 'reboot_instance', states.REBOOTING),
    ({'reboot': {'type': 'HARD'}}, 'reboot_instance', states.REBOOTING_HARD),
    ({'os-stop': None}, 'stop_instance', states.POWERING_OFF),
    ({'pause': None}, 'pause_instance', states.PAUSING),
    ({'suspend': {}}, 'suspend_instance', states.SUSPENDING),
    ({'changePassword': {'adminPass': 'pw'}}, 'set_admin_password',
     states.UPDATING_PASSWORD),
])
def test_action_casts_to_the_host_and_sets_task_state(compute, demo, server, casts, body,
                                                      cast, task_state):
    sid = server()
    status, _, resp = act(compute, demo, sid, body)
    assert (status, resp) == (202, None)
    [(method, kwargs)] = casts()
    assert method == cast and kwargs['instance']['uuid'] == sid
    if 'reboot' in body:
        assert kwargs['reboot_type'] == body['reboot']['type'].upper()
    assert db_api.instance_get(sid)['task_state'] == task_state


def test_rescue_is_200_with_admin_pass(compute, demo, server, casts):
    status, _, body = act(compute, demo, server(), {'rescue': {'adminPass': 'given'}})
    assert (status, body) == (200, {'adminPass': 'given'})
    status, _, body = act(compute, demo, server(), {'rescue': None})
    assert status == 200 and len(body['adminPass']) == 12
    assert [m for m, _ in casts()] == ['rescue_instance', 'rescue_instance']


@pytest.mark.parametrize('body, message', [
    ({'nope': None}, 'There is no such action: nope'),
    ({'pause': None, 'unpause': None}, 'Malformed request body'),
    ({}, 'Malformed request body'),
    ([], 'Malformed request body'),
    ({'reboot': {}}, "'type' is a required property"),
    ({'reboot': {'type': 'WARM'}}, "Invalid input for field/attribute type"),
    ({'reboot': {'type': 'SOFT', 'x': 1}}, 'Additional properties are not allowed'),
    ({'reboot': None}, 'is not of type'),
    ({'changePassword': {}}, "'adminPass' is a required property"),
    ({'changePassword': {'adminPass': 1}}, 'is not of type'),
    ({'rescue': {'rescue_image_ref': 'not-a-uuid'}}, 'rescue_image_ref'),
    ({'os-resetState': {'state': 'stopped'}}, "Invalid input for field/attribute state"),
    ({'trigger_crash_dump': {}}, 'is not of type'),
])
def test_bad_bodies_are_400(compute, demo, server, casts, body, message):
    status, _, resp = act(compute, demo, server(), body, version='2.17')
    assert status == 400, resp
    assert message in resp['badRequest']['message']
    assert casts() == []


def test_invalid_json_is_400(compute, demo, server):
    status, _, resp = act(compute, demo, server(), None, raw=b'{"pause": ')
    assert status == 400 and 'badRequest' in resp


def test_trigger_crash_dump_needs_2_17(compute, demo, server, casts):
    sid = server()
    status, _, resp = act(compute, demo, sid, {'trigger_crash_dump': None}, version='2.16')
    assert status == 404 and 'itemNotFound' in resp
    status, _, _ = act(compute, demo, sid, {'trigger_crash_dump': None}, version='2.17')
    assert status == 202
    assert [m for m, _ in casts()] == ['trigger_crash_dump']


def test_wrong_state_is_409_in_nova_words(compute, demo, server):
    sid = server(vm_state=states.STOPPED, power_state=states.SHUTDOWN)
    status, _, resp = act(compute, demo, sid, {'reboot': {'type': 'SOFT'}})
    assert status == 409
    assert resp['conflictingRequest']['message'] == (
        "Cannot 'reboot' instance %s while it is in vm_state stopped" % sid)


def test_unknown_or_foreign_server_is_404(compute, demo, make_token, server):
    other = make_token('other', 'member')
    sid = server()
    assert act(compute, other, sid, {'pause': None})[0] == 404
    assert act(compute, demo, str(uuid.uuid4()), {'pause': None})[0] == 404


def test_lock_semantics_member_and_admin(compute, demo, admin, server):
    sid = server()
    assert act(compute, demo, sid, {'lock': None})[0] == 202
    status, _, resp = act(compute, demo, sid, {'os-stop': None})
    assert status == 409 and resp['conflictingRequest']['message'] == (
        'Instance %s is locked' % sid)
    assert act(compute, demo, sid, {'unlock': None})[0] == 202
    # an admin's lock: the owner may not lift it (unlock_override is admin only)
    assert act(compute, admin, sid, {'lock': None})[0] == 202
    assert db_api.instance_get(sid)['locked_by'] == 'admin'
    status, _, resp = act(compute, demo, sid, {'unlock': None})
    assert status == 403 and 'unlock_override' in resp['forbidden']['message']
    assert act(compute, admin, sid, {'os-stop': None})[0] == 202  # admins ignore locks
    assert act(compute, admin, sid, {'unlock': None})[0] == 202
    assert db_api.instance_get(sid)['locked'] is False


def test_reset_state_is_admin_only(compute, demo, admin, server):
    sid = server(task_state=states.POWERING_OFF)
    status, _, resp = act(compute, demo, sid, {'os-resetState': {'state': 'error'}})
    assert status == 403
    assert act(compute, admin, sid, {'os-resetState': {'state': 'error'}})[0] == 202
    inst = db_api.instance_get(sid)
    assert (inst['vm_state'], inst['task_state']) == (states.ERROR, None)


def test_inject_network_info_is_admin_only_and_casts(compute, demo, admin, server, casts):
    sid = server()
    status, _, resp = act(compute, demo, sid, {'injectNetworkInfo': None})
    assert status == 403 and 'inject_network_info' in resp['forbidden']['message']
    assert casts() == []
    assert act(compute, admin, sid, {'injectNetworkInfo': None})[::2] == (202, None)
    [(method, kwargs)] = casts()
    assert method == 'inject_network_info' and kwargs['instance']['uuid'] == sid
    assert [a['action'] for a in db_api.actions_list(sid)] == ['inject_network_info']
    inst = db_api.instance_get(sid)
    assert (inst['vm_state'], inst['task_state']) == (states.ACTIVE, None)
    assert act(compute, admin, server(host=None), {'injectNetworkInfo': None})[0] == 409


def test_get_is_405_with_allow(compute, demo, server):
    status, headers, _ = compute.request('GET', '/v2.1/servers/%s/action' % server(),
                                         token=demo[0])
    assert status == 405 and headers['Allow'] == 'POST'
