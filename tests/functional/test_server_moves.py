"""Server moves against `novalite serve`: resize (+ confirm, revert, auto-confirm), cold
migration, evacuation of a server whose compute service is down, their intermediate states,
Nova's 400/403/409s, exact host usage afterwards, os-migrations per microversion, and the
openstack client's resize/migrate commands.

The module runs its own cloud (periodic tasks every second) so that host usage is its own.
"""
import json
import time

import pytest

from tests.functional import conftest
from tests.functional import test_volumes as vol
from tests.functional.test_boot_flow import _boot
from tests.functional.test_clients import _bin, run, run_json

SERVERS = '/compute/v2.1/servers'
MIGRATIONS = '/compute/v2.1/os-migrations'
NANO, MICRO, SMALL = '42', '84', '2'     # m1.nano 128/1/1, m1.micro 192/1/1, m1.small 2048/20/1
CONFIG = """
[DEFAULT]
periodic_interval = 1
"""


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    c = conftest.start_cloud(tmp_path_factory.mktemp('novalite-moves'), config=CONFIG)
    yield c
    conftest.stop_cloud(c.process)


def _active(cloud, name, **metadata):
    _, body = _boot(cloud, name, metadata=metadata or {})
    server, _ = cloud.wait_server(body['server']['id'])
    assert server['status'] == 'ACTIVE', server
    return server['id']


def _act(cloud, sid, body, token='demo', version=None, expect=202):
    status, _, resp = cloud.request('POST', '%s/%s/action' % (SERVERS, sid), body=body,
                                    token=token, version=version)
    assert status == expect, (body, status, resp)
    return resp


def _error(cloud, sid, body, code, message, token='demo', version=None):
    resp = _act(cloud, sid, body, token=token, version=version, expect=code)
    key = {400: 'badRequest', 403: 'forbidden', 404: 'itemNotFound',
           409: 'conflictingRequest'}[code]
    assert resp[key]['message'] == message, resp


def _admin_view(cloud, sid):
    return cloud.request('GET', '%s/%s' % (SERVERS, sid), token='admin',
                         version='2.47')[2]['server']


def _host(cloud, sid):
    return _admin_view(cloud, sid)['OS-EXT-SRV-ATTR:host']


def _wait(cloud, sid, status):
    server, seen = cloud.wait_server(sid, statuses=(status, 'ERROR'), token='admin',
                                     version='2.47')
    assert server['status'] == status, (server, seen)
    return server, seen


def _usage(cloud):
    """{host: (memory_mb_used, vcpus_used, local_gb_used, running_vms)}."""
    body = cloud.request('GET', '/compute/v2.1/os-hypervisors/detail', token='admin',
                         version='2.47')[2]
    return {h['service']['host']: (h['memory_mb_used'], h['vcpus_used'], h['local_gb_used'],
                                   h['running_vms']) for h in body['hypervisors']}


def _migrations(cloud, version='2.80', **query):
    path = MIGRATIONS
    if query:
        path += '?' + '&'.join('%s=%s' % kv for kv in query.items())
    status, _, body = cloud.request('GET', path, token='admin', version=version)
    assert status == 200, body
    return body


def _migration_of(cloud, sid):
    return _migrations(cloud, instance_uuid=sid)['migrations'][0]


def _events(cloud, sid, action):
    actions = cloud.request('GET', '%s/%s/os-instance-actions' % (SERVERS, sid),
                            token='admin')[2]['instanceActions']
    [req] = [a['request_id'] for a in actions if a['action'] == action][:1]
    body = cloud.request('GET', '%s/%s/os-instance-actions/%s' % (SERVERS, sid, req),
                         token='admin')[2]
    return sorted((e['event'], e['result']) for e in body['instanceAction']['events'])


def _wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError('condition not met within %s s' % timeout)


def _delete(cloud, sid):
    cloud.request('DELETE', '%s/%s' % (SERVERS, sid), token='admin')
    cloud.wait_gone(sid, token='admin')


def _minus(a, b):
    return tuple(x - y for x, y in zip(a, b))


# --------------------------------------------------------------------------- resize
def test_resize_then_confirm(cloud):
    sid = _active(cloud, 'mv-resize', **{'novalite:delay_resize': '0.5'})
    source = _host(cloud, sid)
    before = _usage(cloud)
    _act(cloud, sid, {'resize': {'flavorRef': MICRO}})
    server, seen = _wait(cloud, sid, 'VERIFY_RESIZE')
    assert 'RESIZE' in seen
    dest = server['OS-EXT-SRV-ATTR:host']
    assert dest != source                  # allow_resize_to_same_host is False
    assert server['flavor']['original_name'] == 'm1.micro'
    assert server['OS-EXT-STS:vm_state'] == 'resized'
    during = _usage(cloud)                 # both hosts hold the server until the confirm
    assert _minus(during[source], before[source]) == (0, 0, 0, 0)
    assert _minus(during[dest], before[dest]) == (192, 1, 1, 1)
    mig = _migration_of(cloud, sid)
    assert (mig['status'], mig['migration_type'], mig['source_compute'],
            mig['dest_compute']) == ('finished', 'resize', source, dest)
    assert mig['old_instance_type_id'] != mig['new_instance_type_id']

    _act(cloud, sid, {'confirmResize': None}, expect=204)
    server, _ = _wait(cloud, sid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == dest
    after = _usage(cloud)
    assert _minus(after[source], before[source]) == (-128, -1, -1, -1)
    assert _minus(after[dest], before[dest]) == (192, 1, 1, 1)
    assert _migration_of(cloud, sid)['status'] == 'confirmed'
    assert _events(cloud, sid, 'resize') == [
        ('compute_finish_resize', 'Success'), ('compute_prep_resize', 'Success'),
        ('compute_resize_instance', 'Success'), ('conductor_migrate_server', 'Success')]
    assert _wait_for(lambda: _events(cloud, sid, 'confirmResize') == [
        ('compute_confirm_resize', 'Success')])
    _delete(cloud, sid)
    assert _usage(cloud)[dest] == before[dest]


def test_resize_then_revert(cloud):
    sid = _active(cloud, 'mv-revert')
    source = _host(cloud, sid)
    before = _usage(cloud)
    _act(cloud, sid, {'resize': {'flavorRef': 'http://x/flavors/' + MICRO}})
    server, _ = _wait(cloud, sid, 'VERIFY_RESIZE')
    dest = server['OS-EXT-SRV-ATTR:host']
    _act(cloud, sid, {'revertResize': {}})          # tempest's body
    server, seen = _wait(cloud, sid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == source
    assert server['flavor']['original_name'] == 'm1.nano'
    assert _usage(cloud) == before
    assert _migration_of(cloud, sid)['status'] == 'reverted'
    assert _events(cloud, sid, 'revertResize') == [
        ('compute_finish_revert_resize', 'Success'), ('compute_revert_resize', 'Success')]
    assert dest != source
    _delete(cloud, sid)


def test_resize_of_a_stopped_server_stays_stopped(cloud):
    sid = _active(cloud, 'mv-stopped')
    _act(cloud, sid, {'os-stop': None})
    _wait(cloud, sid, 'SHUTOFF')
    _act(cloud, sid, {'resize': {'flavorRef': MICRO}})
    server, _ = _wait(cloud, sid, 'VERIFY_RESIZE')
    assert server['OS-EXT-STS:power_state'] == 4
    _act(cloud, sid, {'confirmResize': {}}, expect=204)     # tempest's body
    server, _ = _wait(cloud, sid, 'SHUTOFF')
    assert server['flavor']['original_name'] == 'm1.micro'
    _delete(cloud, sid)


def test_resize_errors_and_wrong_states(cloud):
    sid = _active(cloud, 'mv-errors')
    _error(cloud, sid, {'resize': {'flavorRef': NANO}}, 400,
           'When resizing, instances must change flavor!')
    _error(cloud, sid, {'resize': {'flavorRef': 'nope'}}, 400,
           'Flavor nope could not be found.')
    _error(cloud, sid, {'resize': {}}, 400, "'flavorRef' is a required property")
    _error(cloud, sid, {'confirmResize': None}, 409,
           "Cannot 'confirmResize' instance %s while it is in vm_state active" % sid)
    _error(cloud, sid, {'revertResize': None}, 409,
           "Cannot 'revertResize' instance %s while it is in vm_state active" % sid)
    _error(cloud, sid, {'migrate': None}, 403,
           "Policy doesn't allow os_compute_api:os-migrate-server:migrate to be performed.")
    _error(cloud, sid, {'evacuate': {}}, 403,
           "Policy doesn't allow os_compute_api:os-evacuate to be performed.",
           version='2.95')
    _error(cloud, sid, {'evacuate': {}}, 400,
           'Compute service of %s is still in use.' % _host(cloud, sid), token='admin',
           version='2.95')
    _act(cloud, sid, {'resize': {'flavorRef': SMALL}})
    _wait(cloud, sid, 'VERIFY_RESIZE')
    _error(cloud, sid, {'resize': {'flavorRef': '1'}}, 409,
           "Cannot 'resize' instance %s while it is in vm_state resized" % sid)
    _error(cloud, sid, {'os-stop': None}, 409,
           "Cannot 'stop' instance %s while it is in vm_state resized" % sid)
    _act(cloud, sid, {'confirmResize': None}, expect=204)
    _wait(cloud, sid, 'ACTIVE')
    _error(cloud, sid, {'resize': {'flavorRef': '1'}}, 400,
           'Server disk was unable to be resized because: Unable to resize disk down.')
    _error(cloud, sid, {'confirmResize': None}, 409,
           "Cannot 'confirmResize' instance %s while it is in vm_state active" % sid)
    _delete(cloud, sid)


def test_failed_resize_errors_the_server_and_gives_back_the_claim(cloud):
    sid = _active(cloud, 'mv-fail', **{'novalite:fail': 'resize'})
    source = _host(cloud, sid)
    before = _usage(cloud)
    _act(cloud, sid, {'resize': {'flavorRef': MICRO}})
    server, _ = cloud.wait_server(sid, statuses=('ERROR',), token='admin', version='2.47')
    assert server['fault']['message'] == 'Virt driver error: injected failure at step resize'
    assert server['OS-EXT-SRV-ATTR:host'] == source
    assert server['flavor']['original_name'] == 'm1.nano'
    assert _usage(cloud) == before
    assert _migration_of(cloud, sid)['status'] == 'error'
    assert ('compute_resize_instance', 'Error') in _events(cloud, sid, 'resize')
    _delete(cloud, sid)


# --------------------------------------------------------------------------- migrate
def test_cold_migrate(cloud):
    sid = _active(cloud, 'mv-migrate')
    source = _host(cloud, sid)
    before = _usage(cloud)
    _error(cloud, sid, {'migrate': {'host': source}}, 400,
           'Cannot migrate to the host where the server exists.', token='admin',
           version='2.56')
    _error(cloud, sid, {'migrate': {'host': 'nohost'}}, 400,
           'Compute host nohost could not be found.', token='admin', version='2.56')
    _act(cloud, sid, {'migrate': None}, token='admin')
    server, seen = _wait(cloud, sid, 'VERIFY_RESIZE')
    dest = server['OS-EXT-SRV-ATTR:host']
    assert dest != source and server['flavor']['original_name'] == 'm1.nano'
    mig = _migration_of(cloud, sid)
    assert mig['migration_type'] == 'migration'
    assert mig['old_instance_type_id'] == mig['new_instance_type_id']
    _act(cloud, sid, {'confirmResize': None}, expect=204)
    _wait(cloud, sid, 'ACTIVE')
    after = _usage(cloud)
    assert _minus(after[source], before[source]) == (-128, -1, -1, -1)
    assert _minus(after[dest], before[dest]) == (128, 1, 1, 1)
    # 2.56: back to a named host
    _act(cloud, sid, {'migrate': {'host': source}}, token='admin', version='2.56')
    server, _ = _wait(cloud, sid, 'VERIFY_RESIZE')
    assert server['OS-EXT-SRV-ATTR:host'] == source
    _act(cloud, sid, {'revertResize': {}})          # tempest's body
    server, _ = _wait(cloud, sid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == dest
    assert _usage(cloud) == after
    _delete(cloud, sid)


# --------------------------------------------------------------------------- evacuate
def _force_down(cloud, host, down):
    status, _, body = cloud.request('PUT', '/compute/v2.1/os-services/force-down',
                                    body={'host': host, 'binary': 'nova-compute',
                                          'forced_down': down},
                                    token='admin', version='2.11')
    assert status == 200, body


def test_evacuate_from_a_down_host(cloud):
    first = _active(cloud, 'mv-evac1')
    source = _host(cloud, first)
    # 2.74: the admin boots the second one on the same host
    _, body = _boot(cloud, 'mv-evac2', token='admin', version='2.74', host=source)
    second = body['server']['id']
    _wait(cloud, second, 'ACTIVE')
    assert _host(cloud, second) == source
    before = _usage(cloud)
    _force_down(cloud, source, True)
    try:
        # below 2.14: onSharedStorage, and the answer carries the password
        _error(cloud, first, {'evacuate': {}}, 400,
               "'onSharedStorage' is a required property", token='admin')
        resp = _act(cloud, first, {'evacuate': {'onSharedStorage': False}}, token='admin',
                    version='2.1', expect=200)
        assert resp['adminPass']
        server, seen = _wait(cloud, first, 'ACTIVE')
        dest = server['OS-EXT-SRV-ATTR:host']
        assert dest != source
        # 2.95: the evacuated server ends stopped; a named host, no body
        status, _, body = cloud.request('POST', '%s/%s/action' % (SERVERS, second),
                                        body={'evacuate': {'host': dest}}, token='admin',
                                        version='2.95')
        assert status == 200 and body is None
        server, _ = _wait(cloud, second, 'SHUTOFF')
        assert server['OS-EXT-SRV-ATTR:host'] == dest
        migs = _migrations(cloud, migration_type='evacuation', source_compute=source)
        assert {m['status'] for m in migs['migrations']} == {'done'}
        assert {m['instance_uuid'] for m in migs['migrations']} == {first, second}
        # the down host keeps its claims until its service is back
        assert _usage(cloud)[source] == before[source]
        assert _events(cloud, first, 'evacuate') == [
            ('compute_rebuild_instance', 'Success'), ('conductor_rebuild_server', 'Success')]
    finally:
        _force_down(cloud, source, False)
    _wait_for(lambda: {m['status'] for m in _migrations(
        cloud, migration_type='evacuation', source_compute=source)['migrations']}
        == {'completed'})
    after = _usage(cloud)
    assert _minus(after[source], before[source]) == (-256, -2, -2, -2)
    assert _minus(after[dest], before[dest]) == (256, 2, 2, 2)
    for sid in (first, second):
        _delete(cloud, sid)


# --------------------------------------------------------------------------- os-migrations
def test_os_migrations_per_microversion(cloud):
    sid = _active(cloud, 'mv-list')
    _act(cloud, sid, {'resize': {'flavorRef': MICRO}})
    _wait(cloud, sid, 'VERIFY_RESIZE')
    _act(cloud, sid, {'revertResize': {}})          # tempest's body
    _wait(cloud, sid, 'ACTIVE')
    _act(cloud, sid, {'migrate': None}, token='admin')
    _wait(cloud, sid, 'VERIFY_RESIZE')

    old = _migrations(cloud, version='2.1', instance_uuid=sid)['migrations']
    assert len(old) == 2
    assert set(old[0]) == {'id', 'source_node', 'dest_node', 'source_compute',
                           'dest_compute', 'dest_host', 'status', 'instance_uuid',
                           'old_instance_type_id', 'new_instance_type_id', 'created_at',
                           'updated_at'}
    assert [m['status'] for m in old] == ['finished', 'reverted']     # newest first
    v223 = _migrations(cloud, version='2.23', instance_uuid=sid)['migrations']
    assert [m['migration_type'] for m in v223] == ['migration', 'resize']
    assert 'uuid' not in v223[0] and 'links' not in v223[0]
    v259 = _migrations(cloud, version='2.59', instance_uuid=sid, limit=1)
    assert len(v259['migrations']) == 1 and 'uuid' in v259['migrations'][0]
    assert 'user_id' not in v259['migrations'][0]
    assert v259['migrations_links'][0]['rel'] == 'next'
    marker = v259['migrations'][0]['uuid']
    rest = _migrations(cloud, version='2.59', instance_uuid=sid, marker=marker)['migrations']
    assert [m['migration_type'] for m in rest] == ['resize']
    v280 = _migrations(cloud, version='2.80', instance_uuid=sid)['migrations']
    demo = cloud.token_body('demo')
    admin = cloud.token_body('admin')
    assert (v280[1]['user_id'], v280[1]['project_id']) == (demo['user']['id'],
                                                          demo['project']['id'])
    assert v280[0]['user_id'] == admin['user']['id']
    assert [m['migration_type'] for m in _migrations(
        cloud, version='2.80', instance_uuid=sid,
        user_id=demo['user']['id'])['migrations']] == ['resize']
    # filters
    assert [m['status'] for m in _migrations(cloud, instance_uuid=sid,
                                             status='reverted')['migrations']] == ['reverted']
    assert [m['migration_type'] for m in _migrations(
        cloud, instance_uuid=sid, migration_type='migration')['migrations']] == ['migration']
    host = v280[0]['dest_compute']
    assert sid in {m['instance_uuid'] for m in _migrations(cloud, host=host)['migrations']}
    assert _migrations(cloud, instance_uuid=sid, source_compute='nohost')['migrations'] == []
    # 2.59 is strict about the query, 2.1 is not; bad markers and times are 400s
    status, _, body = cloud.request('GET', MIGRATIONS + '?foo=1', token='admin',
                                    version='2.59')
    assert status == 400, body
    assert cloud.request('GET', MIGRATIONS + '?foo=1', token='admin')[0] == 200
    status, _, body = cloud.request('GET', MIGRATIONS + '?marker=nope', token='admin',
                                    version='2.59')
    assert status == 400 and body['badRequest']['message'] == 'Marker nope could not be found.'
    status, _, _ = cloud.request('GET', MIGRATIONS + '?changes-since=yesterday',
                                 token='admin', version='2.59')
    assert status == 400
    future = '2999-01-01T00:00:00Z'
    assert _migrations(cloud, version='2.59', **{'changes-since': future})['migrations'] == []
    assert len(_migrations(cloud, version='2.66', instance_uuid=sid,
                           **{'changes-before': future})['migrations']) == 2
    status, _, _ = cloud.request('GET', MIGRATIONS + '?changes-before=' + future,
                                 token='admin', version='2.65')
    assert status == 400
    # admin only; the per-server list holds only live migrations (none here)
    status, _, body = cloud.request('GET', MIGRATIONS)
    assert status == 403, body
    path = '%s/%s/migrations' % (SERVERS, sid)
    assert cloud.request('GET', path, token='admin', version='2.23')[2] == {'migrations': []}
    assert cloud.request('GET', path, token='admin', version='2.22')[0] == 404
    assert cloud.request('GET', path, version='2.23')[0] == 403
    _act(cloud, sid, {'confirmResize': None}, expect=204)
    _wait(cloud, sid, 'ACTIVE')
    _delete(cloud, sid)


# --------------------------------------------------------------------------- auto-confirm
def test_resize_confirm_window_confirms_by_itself(tmp_path):
    other = conftest.start_cloud(tmp_path / 'state', config=CONFIG + (
        'resize_confirm_window = 1\nallow_resize_to_same_host = true\n'))
    try:
        sid = _active(other, 'mv-auto')
        _act(other, sid, {'resize': {'flavorRef': MICRO}})
        server, seen = other.wait_server(sid, statuses=('ACTIVE', 'ERROR'), token='admin',
                                         version='2.47')
        assert server['status'] == 'ACTIVE' and 'VERIFY_RESIZE' in seen, seen
        assert server['flavor']['original_name'] == 'm1.micro'
        assert _migration_of(other, sid)['status'] == 'confirmed'
        actions = other.request('GET', '%s/%s/os-instance-actions' % (SERVERS, sid),
                                token='admin')[2]['instanceActions']
        assert [a['action'] for a in actions] == ['confirmResize', 'resize', 'create']
        # the exact usage: one server of m1.micro, whichever host it is on
        usage = _usage(other)
        assert sorted(u[0] for u in usage.values()) == [0, 192]
    finally:
        conftest.stop_cloud(other.process)


# --------------------------------------------------------------------------- OSC
@pytest.mark.skipif(_bin('openstack') is None, reason='python-openstackclient not installed')
def test_openstackclient_resize_and_migrate(cloud):
    run(cloud, 'server', 'create', '--image', 'cirros', '--flavor', 'm1.nano', '--network',
        'private', '--wait', 'osc-mv')
    run(cloud, 'server', 'resize', '--flavor', 'm1.micro', '--wait', 'osc-mv')
    shown = run_json(cloud, 'server', 'show', 'osc-mv')
    assert shown['status'] == 'VERIFY_RESIZE'
    run(cloud, 'server', 'resize', 'confirm', 'osc-mv')
    _wait(cloud, shown['id'], 'ACTIVE')
    assert 'm1.micro' in json.dumps(run_json(cloud, 'server', 'show', 'osc-mv')['flavor'])
    run(cloud, 'server', 'migrate', '--wait', shown['id'], cloud_name='novalite-admin')
    assert run_json(cloud, 'server', 'show', 'osc-mv')['status'] == 'VERIFY_RESIZE'
    run(cloud, 'server', 'resize', 'revert', 'osc-mv')
    _wait(cloud, shown['id'], 'ACTIVE')
    listed = run_json(cloud, 'server', 'migration', 'list', '--server', shown['id'],
                      cloud_name='novalite-admin')
    assert len(listed) == 2
    run(cloud, 'server', 'delete', '--wait', 'osc-mv')


def test_evacuate_moves_the_volume_attachments_to_the_destination(cloud):
    sid = _active(cloud, 'mv-evac-vol')
    source = _host(cloud, sid)
    volume = vol.available(cloud)
    status, _, body = cloud.request('POST', '%s/%s/os-volume_attachments' % (SERVERS, sid),
                                    body={'volumeAttachment': {'volumeId': volume['id']}})
    assert status == 200, body
    before = vol.wait(cloud, volume['id'], statuses=('in-use',))
    assert before['status'] == 'in-use'
    _force_down(cloud, source, True)
    try:
        _act(cloud, sid, {'evacuate': {}}, token='admin', version='2.68', expect=200)
        server, _ = _wait(cloud, sid, 'ACTIVE')
        assert server['OS-EXT-SRV-ATTR:host'] != source
        after = vol.wait(cloud, volume['id'], statuses=('in-use',))
        assert after['status'] == 'in-use', after
        assert [a['server_id'] for a in after['attachments']] == [sid]
        assert after['attachments'][0]['attachment_id'] != \
            before['attachments'][0]['attachment_id']
        # the attachment is connected to the destination's connector
        _, _, att = vol.req(cloud, 'GET', '/attachments/%s'
                            % after['attachments'][0]['attachment_id'], version='3.27')
        assert att['attachment']['status'] == 'attached'
        assert att['attachment']['connection_info']
    finally:
        _force_down(cloud, source, False)
    status, _, _ = cloud.request('DELETE', '%s/%s/os-volume_attachments/%s'
                                 % (SERVERS, sid, volume['id']))
    assert status == 202
    assert vol.wait(cloud, volume['id'], statuses=('available',))['status'] == 'available'
    vol.delete(cloud, volume['id'])
    _delete(cloud, sid)
