"""Microversions 2.48 -> 2.100 of the servers API against `novalite serve`, over HTTP and
with the real clients (OSC at 2.100 and "latest", novaclient at 2.96, openstacksdk)."""
import base64
import json
import subprocess

import pytest

from tests.functional.test_clients import _bin, run, run_json

C = '/compute/v2.1'
SERVERS = C + '/servers'


def _image(cloud):
    return cloud.request('GET', '/image/v2/images?name=cirros')[2]['images'][0]['id']


def _net(cloud, name='private'):
    return cloud.request('GET', '/networking/v2.0/networks?name=%s' % name)[2][
        'networks'][0]['id']


def _create(cloud, name, version='2.100', expect=202, token='demo', hints=None, **extra):
    body = {'server': dict({'name': name, 'imageRef': _image(cloud), 'flavorRef': '42',
                            'networks': [{'uuid': _net(cloud)}]}, **extra)}
    if hints:
        body['os:scheduler_hints'] = hints
    status, _, resp = cloud.request('POST', SERVERS, body=body, version=version, token=token)
    assert status == expect, resp
    return resp


def _active(cloud, name, **extra):
    sid = _create(cloud, name, **extra)['server']['id']
    server, _ = cloud.wait_server(sid, version='2.100')
    assert server['status'] == 'ACTIVE', server
    return server


def _show(cloud, sid, version='2.100', token='demo'):
    status, _, body = cloud.request('GET', '%s/%s' % (SERVERS, sid), version=version,
                                    token=token)
    assert status == 200, body
    return body['server']


def _delete(cloud, sid):
    cloud.request('DELETE', '%s/%s' % (SERVERS, sid), token='admin')


def test_maximum_is_2_104(cloud):
    _, _, body = cloud.request('GET', '/compute/', token=None)
    assert [v['version'] for v in body['versions'] if v['id'] == 'v2.1'] == ['2.104']
    assert cloud.request('GET', C, token=None)[2]['version']['version'] == '2.104'
    _, headers, _ = cloud.request('GET', C + '/flavors', version='latest')
    assert headers['OpenStack-API-Version'] == 'compute 2.104'
    status, _, body = cloud.request('GET', C + '/flavors', version='2.105')
    assert status == 406 and 'maximum is 2.104' in json.dumps(body)


def test_server_view_fields_by_microversion(cloud):
    server = _active(cloud, 'mv-view', tags=['x', 'y'], hostname='web-1.example.org',
                     availability_zone='nova', trusted_image_certificates=['cert-a'],
                     description='d')
    sid = server['id']
    try:
        assert server['tags'] == ['x', 'y']
        assert server['trusted_image_certificates'] == ['cert-a']
        assert server['OS-EXT-SRV-ATTR:hostname'] == 'web-1.example.org'  # 2.90: all users
        assert server['pinned_availability_zone'] == 'nova'
        assert server['scheduler_hints'] == {}
        assert server['server_groups'] == [] and server['locked_reason'] is None
        assert isinstance(server['image']['properties'], dict)                # 2.98
        assert server['image']['properties']['disk_format'] == 'qcow2'
        old = _show(cloud, sid, version='2.47')
        for key in ('trusted_image_certificates', 'server_groups', 'locked_reason',
                    'pinned_availability_zone', 'scheduler_hints',
                    'OS-EXT-SRV-ATTR:hostname'):
            assert key not in old, key
        assert 'properties' not in old['image']
        assert 'pinned_availability_zone' not in _show(cloud, sid, version='2.95')
        assert 'scheduler_hints' not in _show(cloud, sid, version='2.99')
        # server_groups is not in the detailed list (Nova shows it on one server only)
        detail = cloud.request('GET', SERVERS + '/detail', version='2.100')[2]['servers']
        mine = [s for s in detail if s['id'] == sid][0]
        assert 'server_groups' not in mine and mine['locked_reason'] is None
    finally:
        _delete(cloud, sid)


def test_create_request_gates(cloud):
    cases = [('2.51', {'tags': ['a']}), ('2.89', {'hostname': 'h1'}),
             ('2.93', {'hostname': 'a.b'}), ('2.57', {'personality': []}),
             ('2.62', {'trusted_image_certificates': ['c']}), ('2.73', {'host': 'compute1'})]
    for version, extra in cases:
        status, _, body = cloud.request('POST', SERVERS, version=version, body={'server': dict(
            {'name': 'gate', 'imageRef': _image(cloud), 'flavorRef': '42',
             'networks': 'none'}, **extra)})
        assert status == 400 and 'badRequest' in body, (version, extra, body)
    # hostname with more than one server, personality over quota
    body = _create(cloud, 'multi', hostname='h1', max_count=2, expect=400)
    assert 'multiple' in body['badRequest']['message']
    files = [{'path': '/f%d' % i, 'contents': base64.b64encode(b'x').decode()}
             for i in range(6)]
    body = _create(cloud, 'files', version='2.56', personality=files, expect=403)
    assert body['forbidden']['message'] == 'Personality file limit exceeded'


def test_requested_destination_2_74(cloud):
    body = _create(cloud, 'dest', version='2.74', host='compute1', expect=403)
    assert 'forbidden' in body
    body = _create(cloud, 'dest', version='2.74', token='admin', host='nohost', expect=400)
    assert body['badRequest']['message'] == 'Compute host nohost could not be found.'
    sid = _create(cloud, 'dest', version='2.74', token='admin', host='compute1',
                  networks='none')['server']['id']
    server, _ = cloud.wait_server(sid, token='admin', version='2.74')
    try:
        assert server['status'] == 'ACTIVE' and server['OS-EXT-SRV-ATTR:host'] == 'compute1'
    finally:
        _delete(cloud, sid)


def test_update_view_and_hostname(cloud):
    sid = _active(cloud, 'mv-update')['id']
    try:
        put = '%s/%s' % (SERVERS, sid)
        _, _, old = cloud.request('PUT', put, version='2.74', body={'server': {'name': 'u1'}})
        assert 'OS-EXT-STS:vm_state' not in old['server'] and 'key_name' not in old['server']
        assert old['server']['locked_reason'] is None and old['server']['name'] == 'u1'
        _, _, new = cloud.request('PUT', put, version='2.75', body={'server': {'name': 'u2'}})
        assert new['server']['OS-EXT-STS:vm_state'] == 'active' and 'key_name' in new['server']
        status, _, body = cloud.request('PUT', put, version='2.89',
                                        body={'server': {'hostname': 'h2'}})
        assert status == 400
        _, _, body = cloud.request('PUT', put, version='2.90',
                                   body={'server': {'hostname': 'new-host'}})
        assert body['server']['OS-EXT-SRV-ATTR:hostname'] == 'new-host'
        status, _, _ = cloud.request('PUT', put, version='2.90',
                                     body={'server': {'hostname': 'web.example.org'}})
        assert status == 400
        _, _, body = cloud.request('PUT', put, version='2.94',
                                   body={'server': {'hostname': 'web.example.org'}})
        assert body['server']['OS-EXT-SRV-ATTR:hostname'] == 'web.example.org'
    finally:
        _delete(cloud, sid)


def test_lock_reason_and_list_filters(cloud):
    sid = _active(cloud, 'mv-lock')['id']
    action = '%s/%s/action' % (SERVERS, sid)
    try:
        status, _, body = cloud.request('POST', action, version='2.73',
                                        body={'lock': {'locked_reason': 'maintenance'}})
        assert status == 202, body
        assert _show(cloud, sid)['locked_reason'] == 'maintenance'
        assert cloud.request('POST', action, version='2.73',
                             body={'lock': {'bogus': 1}})[0] == 400
        locked = cloud.request('GET', SERVERS + '?locked=true', version='2.73')[2]['servers']
        assert sid in [s['id'] for s in locked]
        unlocked = cloud.request('GET', SERVERS + '?locked=false',
                                 version='2.73')[2]['servers']
        assert sid not in [s['id'] for s in unlocked]
        cloud.request('POST', action, version='2.73', body={'unlock': None})
        assert _show(cloud, sid)['locked_reason'] is None
        # 2.75: unknown query parameters are a 400; before, ignored
        status, _, body = cloud.request('GET', SERVERS + '?bogus=1', version='2.75')
        assert status == 400 and "'bogus' was unexpected" in body['badRequest']['message']
        assert cloud.request('GET', SERVERS + '?bogus=1', version='2.74')[0] == 200
        # 2.83: non-admins filter by vm_state (ignored before)
        ids = [s['id'] for s in cloud.request('GET', SERVERS + '?vm_state=stopped',
                                              version='2.83')[2]['servers']]
        assert sid not in ids
        ids = [s['id'] for s in cloud.request('GET', SERVERS + '?vm_state=stopped',
                                              version='2.82')[2]['servers']]
        assert sid in ids
        # 2.66: changes-before
        ids = [s['id'] for s in cloud.request(
            'GET', SERVERS + '?changes-before=2000-01-01T00:00:00Z',
            version='2.66')[2]['servers']]
        assert sid not in ids
        status, _, _ = cloud.request(
            'GET', SERVERS + '?changes-since=2030-01-01T00:00:00Z'
            '&changes-before=2020-01-01T00:00:00Z', version='2.66')
        assert status == 400
    finally:
        _delete(cloud, sid)


def test_flavors_keypairs_limits_quotas(cloud):
    _, _, body = cloud.request('GET', C + '/flavors/42', version='2.75')
    flavor = body['flavor']
    assert 'description' in flavor and flavor['extra_specs'] == {} and flavor['swap'] == 0
    old = cloud.request('GET', C + '/flavors/42', version='2.54')[2]['flavor']
    assert 'description' not in old and 'extra_specs' not in old and old['swap'] == ''
    assert 'description' in cloud.request('GET', C + '/flavors', version='2.55')[2][
        'flavors'][0]
    status, _, body = cloud.request('POST', C + '/os-keypairs', version='2.92',
                                    body={'keypair': {'name': 'mv-gen'}})
    assert status == 400 and 'public_key' in body['badRequest']['message']
    status, _, body = cloud.request('POST', C + '/os-keypairs', version='2.91',
                                    body={'keypair': {'name': 'mv-gen'}})
    assert status == 201 and 'private_key' in body['keypair']
    status, _, body = cloud.request('POST', C + '/os-keypairs', version='2.92',
                                    body={'keypair': {'name': 'me@host.x',
                                                      'public_key': body['keypair'][
                                                          'public_key']}})
    assert status == 201 and 'private_key' not in body['keypair']
    absolute = cloud.request('GET', C + '/limits', version='2.57')[2]['limits']['absolute']
    assert 'maxPersonality' not in absolute and 'maxServerMeta' in absolute
    assert 'maxPersonality' in cloud.request('GET', C + '/limits', version='2.56')[2][
        'limits']['absolute']
    project = cloud.token_body()['project']['id']
    quotas = cloud.request('GET', C + '/os-quota-sets/%s' % project, version='2.57')[2]
    assert 'injected_files' not in quotas['quota_set']
    assert 'injected_files' in cloud.request('GET', C + '/os-quota-sets/%s' % project,
                                             version='2.56')[2]['quota_set']


def test_server_groups_2_64(cloud):
    url = C + '/os-server-groups'
    status, _, body = cloud.request('POST', url, version='2.64', body={'server_group': {
        'name': 'g64', 'policy': 'anti-affinity', 'rules': {'max_server_per_host': 2}}})
    assert status == 200, body
    group = body['server_group']
    assert group['policy'] == 'anti-affinity' and group['rules'] == {
        'max_server_per_host': 2}
    assert 'policies' not in group and 'metadata' not in group
    old = cloud.request('GET', '%s/%s' % (url, group['id']), version='2.63')[2][
        'server_group']
    assert old['policies'] == ['anti-affinity']
    status, _, body = cloud.request('POST', url, version='2.64', body={'server_group': {
        'name': 'bad', 'policy': 'affinity', 'rules': {'max_server_per_host': 2}}})
    assert status == 400
    assert cloud.request('POST', url, version='2.64', body={'server_group': {
        'name': 'old', 'policies': ['affinity']}})[0] == 400
    # two members fit on one host with max_server_per_host=2
    servers = [_active(cloud, 'g64-%d' % i, networks='none',
                       hints={'group': group['id']})['id'] for i in range(2)]
    try:
        assert _show(cloud, servers[0])['server_groups'] == [group['id']]
        assert _show(cloud, servers[0])['scheduler_hints'] == {'group': [group['id']]}
    finally:
        for sid in servers:
            _delete(cloud, sid)


def test_instance_actions_microversions(cloud):
    sid = _active(cloud, 'mv-actions')['id']
    base = '%s/%s/os-instance-actions' % (SERVERS, sid)
    try:
        for _ in range(2):
            cloud.request('POST', '%s/%s/action' % (SERVERS, sid), body={'lock': None})
            cloud.request('POST', '%s/%s/action' % (SERVERS, sid), body={'unlock': None})
        _, _, body = cloud.request('GET', base + '?limit=2', version='2.58')
        actions = body['instanceActions']
        assert len(actions) == 2 and 'updated_at' in actions[0] and body['links']
        _, _, rest = cloud.request('GET', base + '?marker=%s' % actions[-1]['request_id'],
                                   version='2.58')
        assert [a['action'] for a in rest['instanceActions']][-1] == 'create'
        assert cloud.request('GET', base + '?marker=nope', version='2.58')[0] == 400
        assert cloud.request('GET', base + '?bogus=1', version='2.58')[0] == 400
        _, _, body = cloud.request('GET', base + '?changes-since=2999-01-01T00:00:00Z',
                                   version='2.58')
        assert body['instanceActions'] == []
        assert 'updated_at' not in cloud.request('GET', base, version='2.57')[2][
            'instanceActions'][0]
        create = [a for a in rest['instanceActions'] if a['action'] == 'create'][0]
        show = '%s/%s' % (base, create['request_id'])
        events = cloud.request('GET', show, version='2.84')[2]['instanceAction']['events']
        # non-admin: no traceback, host nor (Nova's default policy: admin only) details
        assert events and all(set(e) == {'event', 'start_time', 'finish_time', 'result',
                                         'hostId'} for e in events), events
        admin = cloud.request('GET', show, version='2.84', token='admin')[2]
        assert all(set(e) == {'event', 'start_time', 'finish_time', 'result', 'hostId',
                              'host', 'traceback', 'details'}
                   for e in admin['instanceAction']['events'])
        assert 'events' not in cloud.request('GET', show, version='2.50')[2]['instanceAction']
    finally:
        _delete(cloud, sid)


# ---------------------------------------------------------------------- real clients
def _version_args(version):
    return ['--os-compute-api-version', version] if version else []


def _osc(cloud, version, *args, **kwargs):
    return run_json(cloud, *(_version_args(version) + list(args)), **kwargs)


@pytest.mark.skipif(_bin('openstack') is None, reason='python-openstackclient not installed')
@pytest.mark.parametrize('version', ['2.100', None])
def test_openstackclient_at_new_maximum(cloud, version):
    """OSC at 2.100 and at what it negotiates by itself (the newest both sides know: OSC
    has no "latest" for compute, its SDK negotiates up to 2.100)."""
    name = 'osc-mv-%s' % (version or 'negotiated').replace('.', '-')
    server = _osc(cloud, version, 'server', 'create', '--image', 'cirros', '--flavor',
                  'm1.tiny', '--network', 'private', '--hostname', name, '--tag', 't1',
                  '--wait', name)
    assert server['status'] == 'ACTIVE'
    shown = _osc(cloud, version, 'server', 'show', name)
    assert shown['OS-EXT-SRV-ATTR:hostname'] == name and 'scheduler_hints' in shown
    assert 'pinned_availability_zone' in shown and shown['tags'] == ['t1']
    run(cloud, *(_version_args(version) + ['server', 'set', '--name', name + 'x',
                                           '--description', 'described', name]))
    listed = _osc(cloud, version, 'server', 'list', '--long')
    assert [s['Name'] for s in listed if s['ID'] == server['id']] == [name + 'x']
    assert _osc(cloud, version, 'server', 'show', server['id'])['description'] == 'described'
    run(cloud, *(_version_args(version) + ['server', 'delete', '--wait', server['id']]))


@pytest.mark.skipif(_bin('nova') is None, reason='python-novaclient not installed')
def test_novaclient_at_2_96(cloud):
    env = cloud.env()
    env.update({'OS_AUTH_URL': cloud.url + '/identity', 'OS_USERNAME': 'demo',
                'OS_PASSWORD': 'secret', 'OS_PROJECT_NAME': 'demo',
                'OS_USER_DOMAIN_NAME': 'Default', 'OS_PROJECT_DOMAIN_NAME': 'Default',
                'OS_COMPUTE_API_VERSION': '2.96'})
    env.pop('OS_CLIENT_CONFIG_FILE')

    def nova(*args):
        proc = subprocess.run([_bin('nova')] + list(args), capture_output=True, text=True,
                              env=env, timeout=180)
        assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
        return proc.stdout

    nova('boot', '--image', 'cirros', '--flavor', 'm1.tiny', '--nic', 'net-name=private',
         '--hostname', 'nova-mv', '--tags', 'a,b', '--poll', 'nova-mv')
    shown = nova('show', 'nova-mv')
    assert 'ACTIVE' in shown and 'pinned_availability_zone' in shown
    assert 'nova-mv' in nova('list')
    nova('update', '--description', 'hello', 'nova-mv')
    assert 'hello' in nova('show', 'nova-mv')
    nova('lock', '--reason', 'testing', 'nova-mv')
    assert 'testing' in nova('show', 'nova-mv')
    nova('unlock', 'nova-mv')
    nova('delete', 'nova-mv')


def test_openstacksdk_at_2_100(cloud, monkeypatch):
    openstack = pytest.importorskip('openstack')
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE', cloud.clouds_yaml)
    conn = openstack.connect(cloud='novalite')
    try:
        image = conn.image.find_image('cirros')
        flavor = conn.compute.find_flavor('m1.nano')
        network = conn.network.find_network('private')
        server = conn.compute.create_server(name='sdk-mv', image_id=image.id,
                                            flavor_id=flavor.id, hostname='sdk-mv',
                                            networks=[{'uuid': network.id}])
        server = conn.compute.wait_for_server(server, wait=60, interval=0.2)
        fetched = conn.compute.get_server(server.id)
        assert fetched.hostname == 'sdk-mv' and fetched.server_groups == []
        assert fetched.locked_reason is None and fetched.pinned_availability_zone is None
        assert fetched.trusted_image_certificates is None
        conn.compute.delete_server(server)
        conn.compute.wait_for_delete(server, wait=60, interval=0.2)
    finally:
        conn.close()
