"""Microversions 2.102 -> 2.104 against `novalite serve` over HTTP: the flavor changes and
strict query strings of 2.102, /os-volumes_boot gone at 2.103, pinned_availability_zone
updates at 2.104 (exact key sets, at the versions where each changes)."""
import pytest

from tests.functional.test_microversions import C, SERVERS, _active, _delete, _show

FLAVOR_KEYS_2101 = {'id', 'name', 'links', 'description', 'ram', 'disk', 'vcpus',
                    'OS-FLV-EXT-DATA:ephemeral', 'OS-FLV-DISABLED:disabled', 'swap',
                    'rxtx_factor', 'os-flavor-access:is_public', 'extra_specs'}
FLAVOR_KEYS_2102 = FLAVOR_KEYS_2101 - {'OS-FLV-DISABLED:disabled', 'rxtx_factor'}


def test_flavor_views_lose_rxtx_factor_and_disabled_at_2_102(cloud):
    for version, keys in (('2.101', FLAVOR_KEYS_2101), ('2.102', FLAVOR_KEYS_2102)):
        flavor = cloud.request('GET', C + '/flavors/1', version=version)[2]['flavor']
        assert set(flavor) == keys, version
        listed = cloud.request('GET', C + '/flavors/detail', version=version)[2]['flavors']
        assert all(set(f) == keys for f in listed), version
    body = {'flavor': {'name': 'mv2102', 'ram': 64, 'vcpus': 1, 'disk': 0, 'id': 'mv2102',
                       'rxtx_factor': 2.0}}
    status, _, resp = cloud.request('POST', C + '/flavors', body=body, token='admin',
                                    version='2.102')
    assert status == 400 and 'rxtx_factor' in resp['badRequest']['message']
    status, _, resp = cloud.request('POST', C + '/flavors', body=body, token='admin',
                                    version='2.101')
    assert status == 200 and resp['flavor']['rxtx_factor'] == 2.0
    try:
        del body['flavor']['rxtx_factor']
        body['flavor'].update(id='mv2102b', name='mv2102b')
        status, _, resp = cloud.request('POST', C + '/flavors', body=body, token='admin',
                                        version='2.102')
        assert status == 200 and set(resp['flavor']) == FLAVOR_KEYS_2102
        cloud.request('DELETE', C + '/flavors/mv2102b', token='admin')
    finally:
        cloud.request('DELETE', C + '/flavors/mv2102', token='admin')


def test_flavor_name_filter_at_2_102(cloud):
    status, _, body = cloud.request('GET', C + '/flavors?name=m1.ti', version='2.102')
    assert status == 200 and [f['name'] for f in body['flavors']] == ['m1.tiny']
    status, _, body = cloud.request('GET', C + '/flavors/detail?name=^m1\\.(nano|micro)$',
                                    version='2.102')
    assert sorted(f['name'] for f in body['flavors']) == ['m1.micro', 'm1.nano']
    status, _, body = cloud.request('GET', C + '/flavors?name=(', version='2.102')
    assert status == 400
    # below 2.102 name is no flavor filter: unknown (2.75+ strict) or ignored (older)
    assert cloud.request('GET', C + '/flavors?name=x', version='2.101')[0] == 400
    status, _, body = cloud.request('GET', C + '/flavors?name=x', version='2.74')
    assert status == 200 and len(body['flavors']) > 1
    assert cloud.request('GET', C + '/flavors?sort_key=rxtx_factor', version='2.101')[0] == 200
    assert cloud.request('GET', C + '/flavors?sort_key=rxtx_factor', version='2.102')[0] == 400


# Every GET of the compute API: at 2.102 an unknown query parameter is a 400 (the ones
# marked 2.75 were strict already).
LISTS = [
    ('/servers', '2.75'), ('/servers/detail', '2.75'), ('/flavors', '2.75'),
    ('/flavors/detail', '2.75'), ('/os-keypairs', '2.75'), ('/os-services', '2.75'),
    ('/limits', '2.75'), ('/os-server-groups', '2.75'), ('/os-simple-tenant-usage', '2.75'),
    ('/os-migrations', '2.59'), ('/os-hypervisors', '2.53'), ('/os-hypervisors/detail', '2.53'),
    ('/os-aggregates', None), ('/os-availability-zone', None),
    ('/os-availability-zone/detail', None), ('/extensions', None),
    ('/os-instance_usage_audit_log', None), ('/flavors/1', None),
    ('/flavors/1/os-extra_specs', None), ('/os-quota-sets/{project}/defaults', None),
    ('/os-quota-class-sets/default', None),
]


@pytest.mark.parametrize('path,strict_since', LISTS)
def test_unknown_query_parameter_is_400_at_2_102(cloud, path, strict_since):
    path = C + path.replace('{project}', cloud.token_body('admin')['project']['id'])
    status, headers, body = cloud.request('GET', path + '?bogus=1', token='admin',
                                          version='2.102')
    assert status == 400, body
    assert "'bogus' was unexpected" in body['badRequest']['message']
    assert headers['OpenStack-API-Version'] == 'compute 2.102'
    assert cloud.request('GET', path, token='admin', version='2.102')[0] == 200
    before = '2.101' if strict_since is None else '%s' % _previous(strict_since)
    assert cloud.request('GET', path + '?bogus=1', token='admin', version=before)[0] == 200


def _previous(version):
    major, minor = version.split('.')
    return '%s.%d' % (major, int(minor) - 1)


def test_server_subresources_refuse_unknown_query_at_2_102(cloud):
    server = _active(cloud, 'mv-strict')
    sid = server['id']
    try:
        for sub in ('', '/ips', '/metadata', '/tags', '/os-instance-actions',
                    '/os-interface', '/topology', '/os-server-password', '/diagnostics',
                    '/os-security-groups', '/migrations'):
            path = '%s/%s%s' % (SERVERS, sid, sub)
            assert cloud.request('GET', path + '?x=1', token='admin',
                                 version='2.102')[0] == 400, sub
            before = '2.57' if sub == '/os-instance-actions' else '2.101'  # strict at 2.58
            assert cloud.request('GET', path + '?x=1', token='admin',
                                 version=before)[0] == 200, sub
        assert cloud.request('GET', '%s/%s/os-instance-actions?limit=1' % (SERVERS, sid),
                             version='2.102')[0] == 200
    finally:
        _delete(cloud, sid)


def test_os_volumes_boot_is_servers_until_2_103(cloud):
    server = _active(cloud, 'mv-volboot')
    sid = server['id']
    try:
        status, _, body = cloud.request('GET', C + '/os-volumes_boot', version='2.102')
        assert status == 200 and sid in [s['id'] for s in body['servers']]
        status, _, body = cloud.request('GET', C + '/os-volumes_boot/%s' % sid,
                                        version='2.102')
        assert status == 200 and set(body['server']) == set(_show(cloud, sid, '2.102'))
        status, _, body = cloud.request('GET', C + '/os-volumes_boot/detail?bogus=1',
                                        version='2.102')
        assert status == 400
        status, _, body = cloud.request('POST', C + '/os-volumes_boot/%s/action' % sid,
                                        body={'pause': None}, version='2.102')
        assert status == 400 and 'There is no such action' in body['badRequest']['message']
        for method, path, body in (('GET', '', None), ('GET', '/detail', None),
                                   ('GET', '/' + sid, None),
                                   ('PUT', '/' + sid, {'server': {'name': 'x'}}),
                                   ('POST', '/' + sid + '/action', {'os-stop': None}),
                                   ('DELETE', '/' + sid, None)):
            status, _, resp = cloud.request(method, C + '/os-volumes_boot' + path,
                                            body=body, version='2.103')
            assert status == 404 and resp['itemNotFound']['code'] == 404, (method, path)
        assert _show(cloud, sid)['status'] == 'ACTIVE'
        status, _, _ = cloud.request('DELETE', C + '/os-volumes_boot/%s' % sid,
                                     version='2.102')
        assert status == 204
        cloud.wait_gone(sid)
    finally:
        _delete(cloud, sid)


def test_pinned_availability_zone_update_at_2_104(cloud):
    sid = _active(cloud, 'mv-pin', availability_zone='nova')['id']
    url = '%s/%s' % (SERVERS, sid)

    def put(zone, version='2.104'):
        return cloud.request('PUT', url, body={'server': {'pinned_availability_zone': zone}},
                             version=version)
    try:
        status, _, body = put(None, version='2.103')
        assert status == 400
        status, _, body = put('elsewhere')
        assert status == 409 and 'Unpin first' in body['conflictingRequest']['message']
        status, _, body = put('nova')                       # the same value: idempotent
        assert status == 200 and body['server']['pinned_availability_zone'] == 'nova'
        status, _, body = put(None)                         # unpin
        assert status == 200 and body['server']['pinned_availability_zone'] is None
        assert set(body['server']) == set(_show(cloud, sid, '2.104'))
        assert _show(cloud, sid, '2.104')['pinned_availability_zone'] is None
        status, _, body = put(None)                         # unpinned again: idempotent
        assert status == 200
        status, _, body = put('elsewhere')                  # not where it is
        assert status == 409
        assert "can only be pinned to its current availability zone 'nova'" in \
            body['conflictingRequest']['message']
        status, _, body = put('nova')                       # re-pin to its zone
        assert status == 200 and body['server']['pinned_availability_zone'] == 'nova'
        assert put('')[0] == 400
    finally:
        _delete(cloud, sid)


# ---------------------------------------------------------------------- real clients
def test_clients_at_latest_against_2_104(cloud, monkeypatch):
    """novaclient's "2.latest" (its own newest, 2.96) and openstacksdk's negotiation (2.100)
    against a cloud whose maximum is 2.104: both stay below 2.102, and both work."""
    import subprocess

    import openstack

    from tests.functional.test_clients import _bin
    if _bin('nova') is not None:
        env = cloud.env()
        env.update({'OS_AUTH_URL': cloud.url + '/identity', 'OS_USERNAME': 'demo',
                    'OS_PASSWORD': 'secret', 'OS_PROJECT_NAME': 'demo',
                    'OS_USER_DOMAIN_NAME': 'Default', 'OS_PROJECT_DOMAIN_NAME': 'Default'})
        env.pop('OS_CLIENT_CONFIG_FILE')
        for args in (['flavor-list'], ['list'], ['keypair-list'], ['version-list']):
            proc = subprocess.run([_bin('nova'), '--os-compute-api-version', '2.latest'] + args,
                                  capture_output=True, text=True,
                                  env=env, timeout=180)
            assert proc.returncode == 0, (args, proc.stderr)
        assert '2.104' in proc.stdout
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE', cloud.clouds_yaml)
    conn = openstack.connect(cloud='novalite')
    try:
        assert {f.name for f in conn.compute.flavors()} >= {'m1.tiny', 'm1.nano'}
        list(conn.compute.servers())
        list(conn.compute.keypairs())
    finally:
        conn.close()
