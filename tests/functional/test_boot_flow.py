"""The README's curl walk-through and the boot flow, over HTTP against `novalite serve`."""
import base64
import time
import uuid

import pytest

SERVERS = '/compute/v2.1/servers'


def _image_id(cloud, name='cirros'):
    status, _, body = cloud.request('GET', '/image/v2/images?name=%s' % name)
    assert status == 200, body
    return body['images'][0]['id']


def _network_id(cloud, name='private', token='demo'):
    status, _, body = cloud.request('GET', '/networking/v2.0/networks?name=%s' % name,
                                    token=token)
    assert status == 200, body
    return body['networks'][0]['id']


def _boot(cloud, name, token='demo', version='2.47', expect=202, **extra):
    server = {'name': name, 'imageRef': _image_id(cloud), 'flavorRef': '42',
              'networks': [{'uuid': _network_id(cloud)}]}
    server.update(extra)
    status, headers, body = cloud.request('POST', SERVERS, body={'server': server},
                                          token=token, version=version)
    assert status == expect, body
    return headers, body


def test_token_has_catalog_and_subject_token(cloud):
    status, headers, body = cloud.auth('demo', 'demo')
    assert status == 201
    assert headers['X-Subject-Token']
    types = {s['type'] for s in body['token']['catalog']}
    assert {'identity', 'compute', 'image', 'network'} <= types
    for service in body['token']['catalog']:
        assert {e['interface'] for e in service['endpoints']} == {'public', 'internal',
                                                                  'admin'}


def test_version_documents_are_public(cloud):
    status, _, body = cloud.request('GET', '/compute/', token=None)
    assert status == 200
    v21 = [v for v in body['versions'] if v['id'] == 'v2.1'][0]
    assert v21['min_version'] == '2.1' and v21['version'] == '2.104'
    status, _, body = cloud.request('GET', '/compute/v2.1', token=None)
    assert status == 200 and body['version']['id'] == 'v2.1'
    status, _, body = cloud.request('GET', '/identity', token=None)
    assert status == 300 and body['versions']['values']
    status, _, body = cloud.request('GET', '/image', token=None)
    assert status == 300


def test_every_response_carries_request_ids(cloud):
    for path in ('/compute/v2.1/flavors', '/compute/v2.1/servers/nope'):
        _, headers, _ = cloud.request('GET', path)
        assert headers['x-openstack-request-id'].startswith('req-')
        assert headers['x-compute-request-id'] == headers['x-openstack-request-id']


def test_no_token_or_bad_token_is_401_fault(cloud):
    status, _, body = cloud.request('GET', SERVERS, token=None)
    assert status == 401 and body['unauthorized']['code'] == 401
    status, _, body = cloud.request('GET', SERVERS, token='not-a-token')
    assert status == 401 and 'unauthorized' in body


def test_boot_poll_active_and_delete(cloud):
    headers, body = _boot(cloud, 'vm-walk')
    server_id = body['server']['id']
    assert headers['Location'].endswith('/servers/%s' % server_id)
    assert body['server']['adminPass']
    server, seen = cloud.wait_server(server_id, version='2.47')
    assert server['status'] == 'ACTIVE', server
    assert seen[0] in ('BUILD', 'ACTIVE')
    assert server['OS-EXT-STS:power_state'] == 1
    assert server['OS-EXT-STS:vm_state'] == 'active'
    assert server['OS-EXT-STS:task_state'] is None
    assert server['OS-SRV-USG:launched_at']
    addrs = server['addresses']['private']
    assert addrs[0]['addr'].startswith('10.0.0.') and addrs[0]['version'] == 4
    assert addrs[0]['OS-EXT-IPS-MAC:mac_addr'].startswith('fa:16:3e')
    assert server['flavor']['original_name'] == 'm1.nano'
    assert server['hostId']
    assert 'OS-EXT-SRV-ATTR:host' not in server  # admin only
    # the port exists on the network service, bound to the instance
    status, _, ports = cloud.request('GET', '/networking/v2.0/ports?device_id=%s' % server_id)
    assert status == 200 and len(ports['ports']) == 1
    status, _, _ = cloud.request('DELETE', '%s/%s' % (SERVERS, server_id))
    assert status == 204
    cloud.wait_gone(server_id)
    status, _, ports = cloud.request('GET', '/networking/v2.0/ports?device_id=%s' % server_id)
    assert ports['ports'] == []


def test_legacy_and_project_urls(cloud):
    project_id = cloud.token_body('demo')['project']['id']
    for prefix in ('/compute/v2/%s' % project_id, '/compute/v2.1/%s' % project_id):
        server = {'name': 'legacy', 'imageRef': _image_id(cloud), 'flavorRef': '42',
                  'networks': [{'uuid': _network_id(cloud)}]}
        status, headers, body = cloud.request('POST', prefix + '/servers',
                                              body={'server': server})
        assert status == 202, body
        assert body['server']['links'][0]['href'].startswith(cloud.url + prefix)
        server, _ = cloud.wait_server(body['server']['id'])
        assert server['status'] == 'ACTIVE'
        assert cloud.request('DELETE', prefix + '/servers/' + server['id'])[0] == 204
    status, _, body = cloud.request('GET', '/compute/v2.1/%s/servers' % uuid.uuid4().hex)
    assert status == 400 and "doesn't match" in body['badRequest']['message']


def test_microversions(cloud):
    status, headers, _ = cloud.request('GET', '/compute/v2.1/flavors', version='2.30')
    assert headers['OpenStack-API-Version'] == 'compute 2.30'
    assert headers['X-OpenStack-Nova-API-Version'] == '2.30'
    assert 'OpenStack-API-Version' in headers['Vary']
    _, headers, _ = cloud.request('GET', '/compute/v2.1/flavors', version='latest')
    assert headers['OpenStack-API-Version'] == 'compute 2.104'
    _, headers, _ = cloud.request('GET', '/compute/v2.1/flavors',
                                  headers={'X-OpenStack-Nova-API-Version': '2.9'})
    assert headers['X-OpenStack-Nova-API-Version'] == '2.9'
    status, _, body = cloud.request('GET', '/compute/v2.1/flavors', version='2.1000')
    assert status == 406 and body['computeFault']['code'] == 406
    status, _, body = cloud.request('GET', '/compute/v2.1/flavors', version='two')
    assert status == 400


def test_flavor_view_by_microversion(cloud):
    _, body = _boot(cloud, 'vm-flavor', version='2.1')
    server_id = body['server']['id']
    cloud.wait_server(server_id)
    _, _, old = cloud.request('GET', '%s/%s' % (SERVERS, server_id), version='2.46')
    assert old['server']['flavor']['id'] == '42'
    assert 'locked' in old['server'] and 'description' in old['server']
    _, _, new = cloud.request('GET', '%s/%s' % (SERVERS, server_id), version='2.47')
    assert new['server']['flavor'] == {'vcpus': 1, 'ram': 128, 'disk': 1, 'ephemeral': 0,
                                       'swap': 0, 'original_name': 'm1.nano',
                                       'extra_specs': {}}
    _, _, v21 = cloud.request('GET', '%s/%s' % (SERVERS, server_id), version='2.1')
    assert 'locked' not in v21['server'] and 'description' not in v21['server']
    _, _, admin = cloud.request('GET', '%s/%s' % (SERVERS, server_id), token='admin',
                                version='2.47')
    assert admin['server']['OS-EXT-SRV-ATTR:host'] in ('compute1', 'compute2')
    assert admin['server']['OS-EXT-SRV-ATTR:instance_name'].startswith('instance-')
    assert admin['server']['host_status'] == 'UP'
    cloud.request('DELETE', '%s/%s' % (SERVERS, server_id))


def test_project_isolation(cloud):
    _, body = _boot(cloud, 'vm-private')
    server_id = body['server']['id']
    status, _, _ = cloud.request('GET', '%s/%s' % (SERVERS, server_id), token='admin')
    assert status == 200  # admin sees every project's server by id
    admin_list = cloud.request('GET', SERVERS, token='admin')[2]['servers']
    assert server_id not in [s['id'] for s in admin_list]  # but lists its own project
    all_list = cloud.request('GET', SERVERS + '?all_tenants=1', token='admin')[2]['servers']
    assert server_id in [s['id'] for s in all_list]
    cloud.request('DELETE', '%s/%s' % (SERVERS, server_id))


def test_bad_create_requests_are_400(cloud):
    image, net = _image_id(cloud), _network_id(cloud)
    cases = [
        ({'server': {'imageRef': image, 'flavorRef': '1', 'networks': 'auto'}},
         "'name' is a required property"),
        ({'server': {'name': 'x', 'imageRef': image, 'flavorRef': '999', 'networks': 'auto'}},
         'Flavor 999 could not be found.'),
        ({'server': {'name': 'x', 'imageRef': str(uuid.uuid4()), 'flavorRef': '1',
                     'networks': 'auto'}}, 'could not be found'),
        ({'server': {'name': 'x', 'imageRef': image, 'flavorRef': '1',
                     'networks': [{'uuid': str(uuid.uuid4())}]}}, 'could not be found'),
        ({'server': {'name': 'x', 'imageRef': image, 'flavorRef': '1', 'networks': 'auto',
                     'bogus': 1}}, 'Additional properties are not allowed'),
        ({'server': {'name': 'x', 'imageRef': image, 'flavorRef': '1', 'networks': 'auto',
                     'key_name': 'nokey'}}, 'Invalid key_name provided.'),
        ({'server': {'name': 'x', 'imageRef': image, 'flavorRef': '1', 'networks': 'auto',
                     'user_data': '%%%not-base64'}}, 'base 64'),
        ({'server': {'name': 'x', 'imageRef': image, 'flavorRef': '1',
                     'networks': [{'uuid': net}], 'min_count': 3, 'max_count': 2}},
         'min_count must be <= max_count'),
        ({'server': {'name': 'x', 'imageRef': image, 'flavorRef': '1',
                     'availability_zone': 'nowhere', 'networks': 'auto'}},
         'availability zone is not available'),
    ]
    for body, message in cases:
        status, _, fault = cloud.request('POST', SERVERS, body=body, version='2.47')
        assert status == 400, (body, fault)
        assert message in fault['badRequest']['message'], fault
    status, _, fault = cloud.request('POST', SERVERS, raw=b'{not json',
                                     headers={'Content-Type': 'application/json'})
    assert status == 400 and 'badRequest' in fault
    # networks is required from 2.37 on
    status, _, fault = cloud.request('POST', SERVERS, version='2.37', body={'server': {
        'name': 'x', 'imageRef': image, 'flavorRef': '1'}})
    assert status == 400 and 'networks' in fault['badRequest']['message']


def test_method_not_allowed_and_oversized_body(cloud):
    status, headers, body = cloud.request('PATCH', SERVERS, body={})
    assert status == 405 and headers['Allow'] == 'GET, POST'
    assert body['badMethod']['code'] == 405
    big = {'server': {'name': 'x' * 200000}}
    status, _, body = cloud.request('POST', SERVERS, body=big)
    assert status == 413 and body['overLimit']['code'] == 413


def test_auto_none_networks_and_multiple_create(cloud):
    _, body = _boot(cloud, 'vm-none', networks='none')
    server, _ = cloud.wait_server(body['server']['id'])
    assert server['status'] == 'ACTIVE' and server['addresses'] == {}
    cloud.request('DELETE', '%s/%s' % (SERVERS, server['id']))
    _, body = _boot(cloud, 'vm-auto', networks='auto')
    server, _ = cloud.wait_server(body['server']['id'])
    assert list(server['addresses']) == ['private']
    cloud.request('DELETE', '%s/%s' % (SERVERS, server['id']))
    _, body = _boot(cloud, 'multi', min_count=2, max_count=3, return_reservation_id=True)
    rid = body['reservation_id']
    status, _, listed = cloud.request('GET', SERVERS + '/detail?reservation_id=%s' % rid)
    names = sorted(s['name'] for s in listed['servers'])
    assert names == ['multi-1', 'multi-2', 'multi-3']
    for s in listed['servers']:
        assert cloud.wait_server(s['id'])[0]['status'] == 'ACTIVE'
        cloud.request('DELETE', '%s/%s' % (SERVERS, s['id']))


def test_create_extensions_are_applied(cloud):
    user_data = base64.b64encode(b'#!/bin/sh\necho hi\n').decode()
    _, body = _boot(cloud, 'vm-ext', metadata={'role': 'web'}, user_data=user_data,
                    availability_zone='nova', config_drive=True,
                    description='a test server', version='2.47',
                    block_device_mapping_v2=[{'boot_index': 0, 'uuid': _image_id(cloud),
                                              'source_type': 'image',
                                              'destination_type': 'local'}])
    server_id = body['server']['id']
    server, _ = cloud.wait_server(server_id, version='2.47')
    assert server['metadata'] == {'role': 'web'}
    assert server['OS-EXT-AZ:availability_zone'] == 'nova'
    assert server['config_drive'] == 'True'
    assert server['description'] == 'a test server'
    _, _, admin = cloud.request('GET', '%s/%s' % (SERVERS, server_id), token='admin',
                                version='2.3')
    assert admin['server']['OS-EXT-SRV-ATTR:user_data'] == user_data
    cloud.request('DELETE', '%s/%s' % (SERVERS, server_id))
    status, _, fault = cloud.request('POST', SERVERS, version='2.47', body={'server': {
        'name': 'bfv', 'flavorRef': '1', 'networks': 'none',
        'block_device_mapping_v2': [{'boot_index': 0, 'uuid': str(uuid.uuid4()),
                                     'source_type': 'volume',
                                     'destination_type': 'volume'}]}})
    # an unknown volume to boot from: Nova's 400
    assert status == 400 and 'failed to get volume' in fault['badRequest']['message']


def test_list_filters_and_pagination(cloud):
    ids = []
    for i in range(3):
        _, body = _boot(cloud, 'page-%d' % i)
        ids.append(body['server']['id'])
    for server_id in ids:
        cloud.wait_server(server_id)
    status, _, body = cloud.request('GET', SERVERS + '?name=^page-&limit=2')
    assert status == 200 and len(body['servers']) == 2
    assert body['servers_links'][0]['rel'] == 'next'
    next_href = body['servers_links'][0]['href'][len(cloud.url):]
    status, _, rest = cloud.request('GET', next_href)
    got = [s['id'] for s in body['servers'] + rest['servers']]
    assert sorted(got) == sorted(ids)
    status, _, body = cloud.request('GET', SERVERS + '/detail?status=ACTIVE&name=page-1'
                                    '&flavor=42&unknown=ignored')
    assert [s['name'] for s in body['servers']] == ['page-1']
    status, _, body = cloud.request('GET', SERVERS + '?marker=%s' % uuid.uuid4())
    assert status == 400
    status, _, body = cloud.request('GET', SERVERS + '?status=NOPE', version='2.38')
    assert status == 400
    status, _, body = cloud.request('GET', SERVERS + '?status=NOPE', version='2.37')
    assert status == 200 and body['servers'] == []
    for server_id in ids:
        cloud.request('DELETE', '%s/%s' % (SERVERS, server_id))


def test_instance_actions_carry_request_ids(cloud):
    headers, body = _boot(cloud, 'vm-actions')
    server_id = body['server']['id']
    request_id = headers['x-openstack-request-id']
    cloud.wait_server(server_id)
    status, _, actions = cloud.request('GET', '%s/%s/os-instance-actions' % (SERVERS,
                                                                            server_id))
    assert status == 200
    create = actions['instanceActions'][0]
    assert create['action'] == 'create' and create['request_id'] == request_id
    # as in Nova, the build event finishes just after the server turns ACTIVE
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        status, _, action = cloud.request('GET', '%s/%s/os-instance-actions/%s'
                                          % (SERVERS, server_id, request_id), token='admin')
        events = {e['event']: e['result'] for e in action['instanceAction']['events']}
        if None not in events.values():
            break
        time.sleep(0.05)
    assert events == {'conductor_schedule_and_build_instances': 'Success',
                      'compute__do_build_and_run_instance': 'Success'}
    cloud.request('DELETE', '%s/%s' % (SERVERS, server_id))


def test_no_valid_host_ends_in_error_with_fault(cloud):
    _, body = _boot(cloud, 'vm-nohost', token='admin',
                    availability_zone='nova:no-such-host')
    server, _ = cloud.wait_server(body['server']['id'], token='admin')
    assert server['status'] == 'ERROR'
    assert 'No valid host was found' in server['fault']['message']
    cloud.request('DELETE', '%s/%s' % (SERVERS, server['id']), token='admin')
    cloud.wait_gone(server['id'], token='admin')


def test_injected_spawn_failure_reschedules_then_errors(cloud):
    _, body = _boot(cloud, 'vm-fail', metadata={'novalite:fail': 'spawn'})
    server_id = body['server']['id']
    server, _ = cloud.wait_server(server_id)
    assert server['status'] == 'ERROR'
    assert 'Exceeded maximum number of retries' in server['fault']['message']
    _, _, ports = cloud.request('GET', '/networking/v2.0/ports?device_id=%s' % server_id)
    assert ports['ports'] == []  # failed builds leave no ports behind
    actions = cloud.request('GET', '%s/%s/os-instance-actions' % (SERVERS, server_id))[2]
    rid = actions['instanceActions'][0]['request_id']
    events = cloud.request('GET', '%s/%s/os-instance-actions/%s' % (SERVERS, server_id, rid),
                           token='admin')[2]['instanceAction']['events']
    builds = [e for e in events if e['event'] == 'compute__do_build_and_run_instance']
    assert len(builds) >= 1 and all(e['result'] == 'Error' for e in builds)
    assert cloud.request('DELETE', '%s/%s' % (SERVERS, server_id))[0] == 204
    cloud.wait_gone(server_id)


def test_delete_while_building_and_update(cloud):
    _, body = _boot(cloud, 'vm-slow', metadata={'novalite:delay_spawn': '1'})
    server_id = body['server']['id']
    status, _, updated = cloud.request('PUT', '%s/%s' % (SERVERS, server_id),
                                       body={'server': {'name': 'renamed',
                                                        'description': 'd'}},
                                       version='2.19')
    assert status == 200 and updated['server']['name'] == 'renamed'
    assert updated['server']['description'] == 'd'
    assert cloud.request('DELETE', '%s/%s' % (SERVERS, server_id))[0] == 204
    cloud.wait_gone(server_id)
    _, _, ports = cloud.request('GET', '/networking/v2.0/ports?device_id=%s' % server_id)
    assert ports['ports'] == []


@pytest.mark.parametrize('path', ['/compute/v2.1/flavors', '/compute/v2.1/flavors/detail'])
def test_flavors(cloud, path):
    status, _, body = cloud.request('GET', path)
    assert status == 200
    names = {f['name']: f for f in body['flavors']}
    assert {'m1.nano', 'm1.tiny', 'm1.small', 'm1.medium', 'm1.large', 'm1.xlarge'} <= set(names)
    assert names['m1.nano']['id'] == '42'
    if path.endswith('detail'):
        assert names['m1.tiny']['ram'] == 512 and names['m1.small']['disk'] == 20
    status, _, body = cloud.request('GET', '/compute/v2.1/flavors/1')
    assert status == 200 and body['flavor']['name'] == 'm1.tiny'
    status, _, body = cloud.request('GET', '/compute/v2.1/flavors/nope')
    assert status == 404 and 'itemNotFound' in body


def test_port_in_use_is_409(cloud):
    net = _network_id(cloud)
    status, _, port = cloud.request('POST', '/networking/v2.0/ports',
                                    body={'port': {'network_id': net, 'name': 'byo'}})
    assert status == 201, port
    port_id = port['port']['id']
    _, body = _boot(cloud, 'vm-port', networks=[{'port': port_id}])
    server, _ = cloud.wait_server(body['server']['id'])
    assert server['status'] == 'ACTIVE'
    ip = port['port']['fixed_ips'][0]['ip_address']
    assert server['addresses']['private'][0]['addr'] == ip
    status, _, fault = cloud.request('POST', SERVERS, version='2.47', body={'server': {
        'name': 'vm-port2', 'imageRef': _image_id(cloud), 'flavorRef': '42',
        'networks': [{'port': port_id}]}})
    assert status == 409 and 'conflictingRequest' in fault, fault
    cloud.request('DELETE', '%s/%s' % (SERVERS, server['id']))
    cloud.wait_gone(server['id'])
    # a port the user brought is kept, unbound, when the server goes
    status, _, kept = cloud.request('GET', '/networking/v2.0/ports/%s' % port_id)
    assert status == 200 and kept['port']['device_id'] == ''
    cloud.request('DELETE', '/networking/v2.0/ports/%s' % port_id)


def test_other_projects_servers_are_404(cloud):
    admin = 'admin'
    suffix = uuid.uuid4().hex[:8]
    status, _, project = cloud.request('POST', '/identity/v3/projects', token=admin, body={
        'project': {'name': 'alt-%s' % suffix, 'domain_id': 'default'}})
    assert status == 201, project
    status, _, user = cloud.request('POST', '/identity/v3/users', token=admin, body={
        'user': {'name': 'alt-%s' % suffix, 'password': 'alt-pw', 'domain_id': 'default'}})
    assert status == 201, user
    roles = cloud.request('GET', '/identity/v3/roles?name=member', token=admin)[2]['roles']
    status, _, _ = cloud.request('PUT', '/identity/v3/projects/%s/users/%s/roles/%s' % (
        project['project']['id'], user['user']['id'], roles[0]['id']), token=admin)
    assert status == 204
    status, headers, _ = cloud.auth('alt-%s' % suffix, 'alt-%s' % suffix, password='alt-pw')
    assert status == 201
    alt = headers['X-Subject-Token']
    _, body = _boot(cloud, 'vm-mine')
    server_id = body['server']['id']
    status, _, fault = cloud.request('GET', '%s/%s' % (SERVERS, server_id), token=alt)
    assert status == 404 and 'itemNotFound' in fault
    assert cloud.request('DELETE', '%s/%s' % (SERVERS, server_id), token=alt)[0] == 404
    # all_tenants is the admin's (Nova's get_all_tenants policy is fatal: 403)
    assert cloud.request('GET', SERVERS + '?all_tenants=1', token=alt)[0] == 403
    listed = cloud.request('GET', SERVERS, token=alt)[2]['servers']
    assert server_id not in [s['id'] for s in listed]
    cloud.request('DELETE', '%s/%s' % (SERVERS, server_id))
