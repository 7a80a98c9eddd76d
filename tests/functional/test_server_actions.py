"""Server actions (POST /servers/{id}/action) against `novalite serve`: each action's path to
the compute host and back, its intermediate state, Nova's 409s, locks, failure injection,
and the openstack client's server commands."""
import time

import pytest

from tests.functional.test_boot_flow import _boot
from tests.functional.test_clients import _bin, run

SERVERS = '/compute/v2.1/servers'


def _active(cloud, name, **metadata):
    _, body = _boot(cloud, name, metadata=metadata or {})
    server, _ = cloud.wait_server(body['server']['id'])
    assert server['status'] == 'ACTIVE', server
    return server['id']


def _act(cloud, sid, body, token='demo', version=None, expect=202):
    status, _, resp = cloud.request('POST', '%s/%s/action' % (SERVERS, sid), body=body,
                                    token=token, version=version)
    assert status == expect, (body, resp)
    return resp


def _conflict(cloud, sid, body, action, attr, state, version=None):
    resp = _act(cloud, sid, body, version=version, expect=409)
    assert resp['conflictingRequest']['message'] == (
        "Cannot '%s' instance %s while it is in %s %s" % (action, sid, attr, state))


def _show(cloud, sid, token='demo'):
    return cloud.request('GET', '%s/%s' % (SERVERS, sid), token=token, version='2.47')[2][
        'server']


def _wait(cloud, sid, status):
    server, seen = cloud.wait_server(sid, statuses=(status, 'ERROR'), version='2.47')
    assert server['status'] == status, (server, seen)
    return server, seen


def _actions(cloud, sid):
    body = cloud.request('GET', '%s/%s/os-instance-actions' % (SERVERS, sid))[2]
    return body['instanceActions']


def _events(cloud, sid, request_id, timeout=10):
    """The action's events once each has finished: as in Nova, an event's result is
    recorded after the step that changed the server's state returns."""
    deadline = time.monotonic() + timeout
    while True:
        body = cloud.request('GET', '%s/%s/os-instance-actions/%s' % (
            SERVERS, sid, request_id), token='admin')[2]
        events = [(e['event'], e['result']) for e in body['instanceAction']['events']]
        if all(result for _, result in events) or time.monotonic() > deadline:
            return events
        time.sleep(0.05)


def _delete(cloud, sid):
    cloud.request('DELETE', '%s/%s' % (SERVERS, sid), token='admin')


def test_reboot_soft_and_hard(cloud):
    sid = _active(cloud, 'act-reboot', **{'novalite:delay_reboot': '0.5'})
    _act(cloud, sid, {'reboot': {'type': 'SOFT'}})
    server, seen = _wait(cloud, sid, 'ACTIVE')
    assert 'REBOOT' in seen and server['OS-EXT-STS:power_state'] == 1
    _act(cloud, sid, {'reboot': {'type': 'HARD'}})
    assert _show(cloud, sid)['OS-EXT-STS:task_state'] in (
        'rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard')
    _, seen = _wait(cloud, sid, 'ACTIVE')
    assert 'HARD_REBOOT' in seen
    actions = _actions(cloud, sid)
    assert [a['action'] for a in actions] == ['reboot', 'reboot', 'create']
    assert _events(cloud, sid, actions[0]['request_id']) == [
        ('compute_reboot_instance', 'Success')]
    _delete(cloud, sid)


def test_stop_and_start(cloud):
    sid = _active(cloud, 'act-stop', **{'novalite:delay_power_off': '0.5'})
    _conflict(cloud, sid, {'os-start': None}, 'start', 'vm_state', 'active')
    _act(cloud, sid, {'os-stop': None})
    assert _show(cloud, sid)['OS-EXT-STS:task_state'] == 'powering-off'
    _conflict(cloud, sid, {'os-stop': None}, 'stop', 'task_state', 'powering-off')
    server, _ = _wait(cloud, sid, 'SHUTOFF')
    assert server['OS-EXT-STS:power_state'] == 4 and server['OS-EXT-STS:vm_state'] == 'stopped'
    _conflict(cloud, sid, {'reboot': {'type': 'SOFT'}}, 'reboot', 'vm_state', 'stopped')
    _conflict(cloud, sid, {'pause': None}, 'pause', 'vm_state', 'stopped')
    _act(cloud, sid, {'os-start': None})
    server, _ = _wait(cloud, sid, 'ACTIVE')
    assert server['OS-EXT-STS:power_state'] == 1
    assert [a['action'] for a in _actions(cloud, sid)][:2] == ['start', 'stop']
    _delete(cloud, sid)


def test_pause_unpause_suspend_resume(cloud):
    sid = _active(cloud, 'act-pause', **{'novalite:delay_pause': '0.5'})
    _conflict(cloud, sid, {'unpause': None}, 'unpause', 'vm_state', 'active')
    _conflict(cloud, sid, {'resume': None}, 'resume', 'vm_state', 'active')
    _act(cloud, sid, {'pause': None})
    assert _show(cloud, sid)['OS-EXT-STS:task_state'] == 'pausing'
    server, _ = _wait(cloud, sid, 'PAUSED')
    assert server['OS-EXT-STS:power_state'] == 3
    _conflict(cloud, sid, {'suspend': None}, 'suspend', 'vm_state', 'paused')
    _act(cloud, sid, {'unpause': None})
    _wait(cloud, sid, 'ACTIVE')
    _act(cloud, sid, {'suspend': None})
    server, _ = _wait(cloud, sid, 'SUSPENDED')
    # Nova's libvirt driver shows a managed-saved guest as SHUTDOWN (4), its fake SUSPENDED
    assert server['OS-EXT-STS:power_state'] == (
        4 if getattr(cloud, 'driver', 'fake') == 'libvirt' else 7)
    _act(cloud, sid, {'resume': None})
    server, _ = _wait(cloud, sid, 'ACTIVE')
    assert server['OS-EXT-STS:power_state'] == 1
    assert [a['action'] for a in _actions(cloud, sid)][:4] == [
        'resume', 'suspend', 'unpause', 'pause']
    _delete(cloud, sid)


def test_rescue_unrescue_change_password_and_crash_dump(cloud):
    sid = _active(cloud, 'act-rescue', **{'novalite:delay_set_admin_password': '0.5'})
    _conflict(cloud, sid, {'unrescue': None}, 'unrescue', 'vm_state', 'active')
    _act(cloud, sid, {'changePassword': {'adminPass': 'n3w'}})
    _, seen = _wait(cloud, sid, 'ACTIVE')
    assert 'PASSWORD' in seen
    body = _act(cloud, sid, {'rescue': {'adminPass': 'rescue-pw'}}, expect=200)
    assert body == {'adminPass': 'rescue-pw'}
    _wait(cloud, sid, 'RESCUE')
    _conflict(cloud, sid, {'changePassword': {'adminPass': 'x'}}, 'changePassword',
              'vm_state', 'rescued')
    _act(cloud, sid, {'trigger_crash_dump': None}, version='2.17')
    _act(cloud, sid, {'trigger_crash_dump': None}, version='2.16', expect=404)
    _act(cloud, sid, {'unrescue': None})
    _wait(cloud, sid, 'ACTIVE')
    actions = _actions(cloud, sid)
    assert [a['action'] for a in actions][:4] == [
        'unrescue', 'trigger_crash_dump', 'rescue', 'changePassword']
    assert _events(cloud, sid, actions[3]['request_id']) == [
        ('compute_set_admin_password', 'Success')]
    _act(cloud, sid, {'os-stop': None})
    _wait(cloud, sid, 'SHUTOFF')
    _conflict(cloud, sid, {'trigger_crash_dump': None}, 'trigger_crash_dump', 'vm_state',
              'stopped', version='2.17')
    _delete(cloud, sid)


def test_console_output(cloud):
    sid = _active(cloud, 'act-console')
    _act(cloud, sid, {'reboot': {'type': 'SOFT'}})
    _wait(cloud, sid, 'ACTIVE')
    full = _act(cloud, sid, {'os-getConsoleOutput': {}}, expect=200)['output']
    lines = full.rstrip('\n').split('\n')
    assert len(lines) > 3  # the boot prints a few lines (Tempest wants more than 3)
    # Nova's tail: the last ``length`` pieces of output.split('\n'), so with the final
    # newline 3 gives the last two lines and 3 pieces (Tempest's test_get_console_output)
    last = _act(cloud, sid, {'os-getConsoleOutput': {'length': 3}}, expect=200)['output']
    assert last.split('\n') == lines[-2:] + ['']
    everything = _act(cloud, sid, {'os-getConsoleOutput': {'length': '-1'}}, expect=200)
    assert everything['output'] == full
    _act(cloud, sid, {'os-getConsoleOutput': {'length': 'many'}}, expect=400)
    _act(cloud, sid, {'os-getConsoleOutput': {'length': -2}}, expect=400)
    _delete(cloud, sid)


def test_lock_member_and_admin(cloud):
    sid = _active(cloud, 'act-lock')
    _act(cloud, sid, {'lock': None})
    assert _show(cloud, sid)['locked'] is True
    resp = _act(cloud, sid, {'os-stop': None}, expect=409)
    assert resp['conflictingRequest']['message'] == 'Instance %s is locked' % sid
    _act(cloud, sid, {'unlock': None})
    assert _show(cloud, sid)['locked'] is False
    _act(cloud, sid, {'lock': None}, token='admin')
    resp = _act(cloud, sid, {'unlock': None}, expect=403)
    assert 'unlock_override' in resp['forbidden']['message']
    _act(cloud, sid, {'pause': None}, token='admin')  # admins act on locked servers
    _wait(cloud, sid, 'PAUSED')
    _act(cloud, sid, {'unlock': None}, token='admin')
    assert [a['action'] for a in _actions(cloud, sid)][:5] == [
        'unlock', 'pause', 'lock', 'unlock', 'lock']
    _delete(cloud, sid)


def test_injected_failures_leave_faults_and_error_events(cloud):
    sid = _active(cloud, 'act-fail', **{'novalite:fail': 'pause,rescue'})
    _act(cloud, sid, {'pause': None})
    request_id = _actions(cloud, sid)[0]['request_id']
    deadline = time.monotonic() + 10
    while _events(cloud, sid, request_id) != [('compute_pause_instance', 'Error')]:
        assert time.monotonic() < deadline, _events(cloud, sid, request_id)
        time.sleep(0.05)
    assert _actions(cloud, sid)[0]['message'] == 'Error'
    server = _show(cloud, sid)  # the failed pause put it back as it was
    assert (server['status'], server['OS-EXT-STS:task_state']) == ('ACTIVE', None)
    _act(cloud, sid, {'rescue': None}, expect=200)
    server, _ = cloud.wait_server(sid, statuses=('ERROR',), token='admin', version='2.47')
    assert 'injected failure at step rescue' in server['fault']['message']
    # an admin puts it right again
    _act(cloud, sid, {'os-resetState': {'state': 'stopped'}}, token='admin', expect=400)
    _act(cloud, sid, {'os-resetState': {'state': 'active'}}, expect=403)
    _act(cloud, sid, {'os-resetState': {'state': 'active'}}, token='admin')
    assert _show(cloud, sid)['status'] == 'ACTIVE'
    _delete(cloud, sid)


def test_bad_action_requests_are_400(cloud):
    sid = _active(cloud, 'act-bad')
    resp = _act(cloud, sid, {'fly': None}, expect=400)
    assert resp['badRequest']['message'] == 'There is no such action: fly'
    _act(cloud, sid, {'reboot': {'type': 'WARM'}}, expect=400)
    _act(cloud, sid, {'changePassword': {}}, expect=400)
    _act(cloud, sid, {'pause': None, 'unpause': None}, expect=400)
    _act(cloud, '00000000-0000-0000-0000-000000000000', {'pause': None}, expect=404)
    _delete(cloud, sid)


@pytest.mark.skipif(_bin('openstack') is None, reason='python-openstackclient not installed')
def test_openstackclient_server_actions(cloud):
    sid = _active(cloud, 'osc-act')
    run(cloud, 'server', 'reboot', '--wait', sid)
    assert _show(cloud, sid)['status'] == 'ACTIVE'
    run(cloud, 'server', 'stop', sid)
    _wait(cloud, sid, 'SHUTOFF')
    run(cloud, 'server', 'start', sid)
    _wait(cloud, sid, 'ACTIVE')
    run(cloud, 'server', 'pause', sid)
    _wait(cloud, sid, 'PAUSED')
    _act(cloud, sid, {'unpause': None})
    _wait(cloud, sid, 'ACTIVE')
    run(cloud, 'server', 'suspend', sid)
    _wait(cloud, sid, 'SUSPENDED')
    _act(cloud, sid, {'resume': None})
    _wait(cloud, sid, 'ACTIVE')
    run(cloud, 'server', 'lock', sid)
    assert _show(cloud, sid)['locked'] is True
    _act(cloud, sid, {'unlock': None})
    run(cloud, 'server', 'rescue', sid)
    _wait(cloud, sid, 'RESCUE')
    _delete(cloud, sid)


def test_inject_network_info_and_deleted_server_actions(cloud):
    """injectNetworkInfo: admin only, an action whose compute event succeeds, states kept;
    from 2.21 the actions of a deleted server are still listed and shown."""
    sid = _active(cloud, 'act-inject')
    _act(cloud, sid, {'injectNetworkInfo': None}, expect=403)
    _act(cloud, sid, {'injectNetworkInfo': None}, token='admin')
    [action] = [a for a in _actions(cloud, sid) if a['action'] == 'inject_network_info']
    deadline = time.monotonic() + 10
    while _events(cloud, sid, action['request_id']) != [
            ('compute_inject_network_info', 'Success')] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _events(cloud, sid, action['request_id']) == [
        ('compute_inject_network_info', 'Success')]
    assert _show(cloud, sid)['status'] == 'ACTIVE'
    cloud.request('DELETE', '%s/%s' % (SERVERS, sid))
    cloud.wait_gone(sid)
    path = '%s/%s/os-instance-actions' % (SERVERS, sid)
    assert cloud.request('GET', path, version='2.20')[0] == 404
    status, _, body = cloud.request('GET', path, version='2.21')
    assert status == 200
    assert {'create', 'inject_network_info', 'delete'} <= {
        a['action'] for a in body['instanceActions']}
    status, _, body = cloud.request('GET', '%s/%s' % (path, action['request_id']),
                                    version='2.21')
    assert status == 200 and body['instanceAction']['action'] == 'inject_network_info'


def test_access_ipv6_is_canonical_on_create_and_update(cloud):
    long_form = '0000:0000:0000:0000:0000:babe:220.12.22.2'
    _, body = _boot(cloud, 'act-ipv6', accessIPv6=long_form)
    sid = body['server']['id']
    assert _show(cloud, sid)['accessIPv6'] == '::babe:dc0c:1602'
    status, _, body = cloud.request('PUT', '%s/%s' % (SERVERS, sid),
                                    body={'server': {'accessIPv6': '2001:DB8:0:0::1'}})
    assert status == 200 and body['server']['accessIPv6'] == '2001:db8::1'
    status, _, _ = cloud.request('PUT', '%s/%s' % (SERVERS, sid),
                                 body={'server': {'accessIPv6': 'not-an-ip'}})
    assert status == 400
    _delete(cloud, sid)
