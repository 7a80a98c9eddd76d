"""os-hosts against `novalite serve` (the session cloud): list and zone filter, the
resource rows of the host of a booted server, status disable/enable seen by os-services,
and Nova's 400/403/404/501s; the whole API is 404 from 2.43."""
from tests.functional.test_boot_flow import _boot

HOSTS = '/compute/v2.1/os-hosts'


def _get(cloud, path, token='admin', version='2.42'):
    return cloud.request('GET', HOSTS + path, token=token, version=version)


def test_os_hosts_over_http(cloud):
    status, _, body = _get(cloud, '')
    assert status == 200, body
    computes = [h for h in body['hosts'] if h['service'] == 'compute']
    assert computes and all(h['zone'] == 'nova' for h in computes)
    assert {'conductor', 'scheduler'} <= {h['service'] for h in body['hosts']}
    assert _get(cloud, '?zone=nova')[2]['hosts'] == computes
    assert _get(cloud, '?zone=xxx')[2]['hosts'] == []

    _, body = _boot(cloud, 'hosts-usage')
    server, _ = cloud.wait_server(body['server']['id'])
    host = cloud.request('GET', '/compute/v2.1/servers/%s' % server['id'], token='admin',
                         version='2.47')[2]['server']['OS-EXT-SRV-ATTR:host']
    status, _, body = _get(cloud, '/' + host)
    assert status == 200
    rows = {r['resource']['project']: r['resource'] for r in body['host']}
    assert {'(total)', '(used_now)', '(used_max)', server['tenant_id']} <= set(rows)
    assert rows[server['tenant_id']]['cpu'] >= 1
    assert rows['(used_max)']['memory_mb'] >= rows[server['tenant_id']]['memory_mb']
    cloud.request('DELETE', '/compute/v2.1/servers/%s' % server['id'])
    cloud.wait_gone(server['id'])

    def _status(name):
        services = cloud.request('GET', '/compute/v2.1/os-services?binary=nova-compute&host='
                                 + name, token='admin')[2]['services']
        return services[0]['status']
    try:
        status, _, body = cloud.request('PUT', HOSTS + '/' + host, {'status': 'disable'},
                                        token='admin', version='2.42')
        assert (status, body) == (200, {'host': host, 'status': 'disabled'})
        assert _status(host) == 'disabled'
    finally:
        status, _, body = cloud.request('PUT', HOSTS + '/' + host, {'status': 'enable'},
                                        token='admin', version='2.42')
    assert (status, body) == (200, {'host': host, 'status': 'enabled'})
    assert _status(host) == 'enabled'


def test_os_hosts_errors(cloud):
    host = [h for h in _get(cloud, '')[2]['hosts'] if h['service'] == 'compute'][0]
    name = host['host_name']
    assert _get(cloud, '', token='demo')[0] == 403
    assert _get(cloud, '/' + name, token='demo')[0] == 403
    assert _get(cloud, '/nonexistent_hostname')[0] == 404
    for action in ('startup', 'shutdown', 'reboot'):
        status, _, body = _get(cloud, '/%s/%s' % (name, action))
        assert status == 501 and 'notImplemented' in body
        assert _get(cloud, '/nonexistent_hostname/' + action)[0] == 404
        assert _get(cloud, '/%s/%s' % (name, action), token='demo')[0] == 403
    for body, code in (({'status': None, 'maintenance_mode': None}, 400),
                       ({'status': 'invalid'}, 400), ({}, 400),
                       ({'maintenance_mode': 'enable'}, 501)):
        status, _, resp = cloud.request('PUT', HOSTS + '/' + name, body, token='admin',
                                        version='2.42')
        assert status == code, (body, resp)
    status, _, _ = cloud.request('PUT', HOSTS + '/nonexistent_hostname',
                                 {'status': 'enable'}, token='admin', version='2.42')
    assert status == 404
    assert _get(cloud, '', version='2.43')[0] == 404
    assert _get(cloud, '/' + name, version='2.43')[0] == 404
