"""os-simple-tenant-usage, os-server-external-events, os-instance_usage_audit_log, the
extension list, and the key pair quota under concurrent creates, over HTTP against
`novalite serve`."""
import concurrent.futures
import datetime
import urllib.parse

from novalite import crypto

C = '/compute/v2.1'


def _boot(cloud, name):
    image = cloud.request('GET', '/image/v2/images?name=cirros')[2]['images'][0]['id']
    net = cloud.request('GET', '/networking/v2.0/networks?name=private')[2]['networks'][0]['id']
    status, _, body = cloud.request('POST', C + '/servers', version='2.47', body={
        'server': {'name': name, 'imageRef': image, 'flavorRef': '42',
                   'networks': [{'uuid': net}]}})
    assert status == 202, body
    server, _ = cloud.wait_server(body['server']['id'])
    assert server['status'] == 'ACTIVE', server
    return server


def _delete(cloud, server_id):
    assert cloud.request('DELETE', C + '/servers/%s' % server_id)[0] == 204
    cloud.wait_gone(server_id)


def _window():
    now = datetime.datetime.utcnow()
    start = (now - datetime.timedelta(hours=1)).strftime('%Y-%m-%dT%H:%M:%S')
    end = (now + datetime.timedelta(hours=1)).strftime('%Y-%m-%dT%H:%M:%S.%f')
    return urllib.parse.urlencode({'start': start, 'end': end})


def test_simple_tenant_usage(cloud):
    demo_project = cloud.token_body('demo')['project']['id']
    servers = [_boot(cloud, 'usage-%d' % i) for i in range(2)]
    try:
        U = C + '/os-simple-tenant-usage'
        status, _, body = cloud.request('GET', U + '?detailed=1&' + _window(), token='admin')
        assert status == 200, body
        usage = next(u for u in body['tenant_usages'] if u['tenant_id'] == demo_project)
        ids = {s['instance_id'] for s in usage['server_usages']}
        assert {s['id'] for s in servers} <= ids
        one = next(s for s in usage['server_usages'] if s['instance_id'] == servers[0]['id'])
        assert one['flavor'] == 'm1.nano' and one['memory_mb'] == 128 and one['vcpus'] == 1
        assert one['state'] == 'active' and one['ended_at'] is None and one['hours'] > 0
        assert usage['total_hours'] > 0 and usage['total_memory_mb_usage'] > 0
        # not detailed: no server_usages
        body = cloud.request('GET', U + '?' + _window(), token='admin')[2]
        assert all('server_usages' not in u for u in body['tenant_usages'])
        # a project member sees its own project, not the list nor others
        status, _, body = cloud.request('GET', U + '/%s?%s' % (demo_project, _window()))
        assert status == 200
        assert {s['id'] for s in servers} <= {
            s['instance_id'] for s in body['tenant_usage']['server_usages']}
        assert cloud.request('GET', U)[0] == 403
        assert cloud.request('GET', U + '/someone-else')[0] == 403
        # bad windows
        status, _, body = cloud.request('GET', U + '?start=yesterday', token='admin')
        assert status == 400 and 'invalid format' in body['badRequest']['message']
        status, _, body = cloud.request(
            'GET', U + '?start=2030-01-01T00:00:00&end=2020-01-01T00:00:00', token='admin')
        assert status == 400
        assert body['badRequest']['message'] == ('Invalid start time. The start time cannot '
                                                 'occur after the end time.')
        # 2.40: pages over servers
        status, _, body = cloud.request('GET', U + '?detailed=1&limit=1&' + _window(),
                                        token='admin', version='2.40')
        assert status == 200
        assert sum(len(u['server_usages']) for u in body['tenant_usages']) == 1
        assert 'marker=' in body['tenant_usages_links'][0]['href']
        assert cloud.request('GET', U + '?marker=nope&' + _window(), token='admin',
                             version='2.40')[0] == 400
    finally:
        for server in servers:
            _delete(cloud, server['id'])
    # deleted servers still count in the window, as terminated
    body = cloud.request('GET', C + '/os-simple-tenant-usage/%s?%s'
                         % (demo_project, _window()))[2]
    gone = next(s for s in body['tenant_usage']['server_usages']
                if s['instance_id'] == servers[0]['id'])
    assert gone['state'] == 'terminated' and gone['ended_at']


def test_server_external_events(cloud):
    server = _boot(cloud, 'events')
    E = C + '/os-server-external-events'
    missing = '7b6a4bf6-8e28-4b19-b3d6-4c1c0b1b7e3a'
    try:
        status, _, body = cloud.request('POST', E, token='admin', body={'events': [
            {'name': 'network-vif-plugged', 'server_uuid': server['id'], 'tag': 'port-1'}]})
        assert status == 200, body
        assert body['events'] == [{'name': 'network-vif-plugged', 'server_uuid': server['id'],
                                   'tag': 'port-1', 'status': 'completed', 'code': 200}]
        status, _, body = cloud.request('POST', E, token='admin', body={'events': [
            {'name': 'network-changed', 'server_uuid': server['id']},
            {'name': 'network-changed', 'server_uuid': missing}]})
        assert status == 207, body
        assert [e['code'] for e in body['events']] == [200, 404]
        assert body['events'][1]['status'] == 'failed'
        status, _, body = cloud.request('POST', E, token='admin', body={'events': [
            {'name': 'network-changed', 'server_uuid': missing}]})
        assert status == 404
        assert body['itemNotFound']['message'] == 'No instances found for any event'
        for bad in ({'events': []}, {'events': [{'name': 'nope', 'server_uuid': missing}]},
                    {'events': [{'name': 'network-changed'}]},
                    {'events': [{'name': 'network-changed', 'server_uuid': missing,
                                 'status': 'weird'}]}):
            assert cloud.request('POST', E, token='admin', body=bad)[0] == 400, bad
        assert cloud.request('POST', E, body={'events': [
            {'name': 'network-changed', 'server_uuid': server['id']}]})[0] == 403
        # power-update only from 2.76; it moves the server's state
        event = {'events': [{'name': 'power-update', 'server_uuid': server['id'],
                             'tag': 'POWER_OFF'}]}
        assert cloud.request('POST', E, token='admin', body=event, version='2.75')[0] == 400
        status, _, body = cloud.request('POST', E, token='admin', body=event, version='2.76')
        assert status == 200, body
        shown = cloud.request('GET', C + '/servers/%s' % server['id'])[2]['server']
        assert shown['status'] == 'SHUTOFF'
    finally:
        _delete(cloud, server['id'])


def test_instance_usage_audit_log_and_extensions(cloud):
    A = C + '/os-instance_usage_audit_log'
    status, _, body = cloud.request('GET', A, token='admin')
    assert status == 200
    log = body['instance_usage_audit_logs']
    assert log['num_hosts'] >= 1 and log['num_hosts_not_run'] == log['num_hosts']
    assert log['overall_status'].endswith('hosts done. 0 errors.')
    status, _, body = cloud.request('GET', A + '/2024-03-15%2010:00:00', token='admin')
    assert status == 200
    assert body['instance_usage_audit_log']['period_beginning'] == '2024-02-01 00:00:00'
    assert body['instance_usage_audit_log']['period_ending'] == '2024-03-01 00:00:00'
    assert cloud.request('GET', A + '/yesterday', token='admin')[0] == 400
    assert cloud.request('GET', A)[0] == 403

    status, _, body = cloud.request('GET', C + '/extensions')
    assert status == 200
    aliases = {e['alias'] for e in body['extensions']}
    assert {'os-aggregates', 'os-keypairs', 'os-simple-tenant-usage'} <= aliases
    status, _, body = cloud.request('GET', C + '/extensions/os-aggregates')
    assert status == 200 and body['extension']['name'] == 'Aggregates'
    assert cloud.request('GET', C + '/extensions/os-nothing')[0] == 404


def test_key_pair_quota_exact_under_concurrent_creates(cloud):
    demo_project = cloud.token_body('demo')['project']['id']
    demo_user = cloud.token_body('demo')['user']['id']
    Q = C + '/os-quota-sets/%s?user_id=%s' % (demo_project, demo_user)
    existing = len(cloud.request('GET', C + '/os-keypairs')[2]['keypairs'])
    limit = existing + 3
    assert cloud.request('PUT', Q, token='admin',
                         body={'quota_set': {'key_pairs': limit}})[0] == 200
    names = ['race-%d' % i for i in range(10)]
    public_key = crypto.generate_ssh_key_pair()[1]
    try:
        with concurrent.futures.ThreadPoolExecutor(10) as pool:
            results = list(pool.map(lambda n: cloud.request(
                'POST', C + '/os-keypairs', version='2.47', body={'keypair': {
                    'name': n, 'public_key': public_key}})[0], names))
        assert results.count(201) == 3, results
        assert results.count(403) == 7, results
        assert len(cloud.request('GET', C + '/os-keypairs')[2]['keypairs']) == limit
    finally:
        for name in names:
            cloud.request('DELETE', C + '/os-keypairs/%s' % name)
        cloud.request('DELETE', Q, token='admin')

