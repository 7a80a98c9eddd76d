"""Neutron floating IPs over HTTP (/networking/v2.0/floatingips), the seeded router1, the
router checks floating IPs impose, and Nova's side: addresses, /ips, os-floating-ips,
addFloatingIp / removeFloatingIp."""
import uuid

import pytest

N = '/networking/v2.0'
C = '/compute/v2.1'


def _one(cloud, path, key, token='demo'):
    status, _, body = cloud.request('GET', path, token=token)
    assert status == 200, body
    assert len(body[key]) == 1, body
    return body[key][0]


@pytest.fixture(scope='module')
def nets(cloud):
    return {name: _one(cloud, N + '/networks?name=%s' % name, 'networks')
            for name in ('public', 'private')}


def _fip(cloud, net_id, token='demo', **extra):
    status, _, body = cloud.request('POST', N + '/floatingips', {'floatingip': dict(
        floating_network_id=net_id, **extra)}, token=token)
    assert status == 201, body
    return body['floatingip']


def _port(cloud, net_id, token='demo', **extra):
    status, _, body = cloud.request('POST', N + '/ports', {'port': dict(network_id=net_id,
                                                                        **extra)},
                                    token=token)
    assert status == 201, body
    return body['port']


def _error(body, kind):
    assert body['NeutronError']['type'] == kind, body
    return body['NeutronError']['message']


def _count(cloud, path, key, token='admin'):
    status, _, body = cloud.request('GET', path, token=token)
    assert status == 200, body
    return len(body[key])


def test_seeded_router1_serves_private(cloud, nets):
    router = _one(cloud, N + '/routers?name=router1', 'routers')
    assert router['external_gateway_info']['network_id'] == nets['public']['id']
    interfaces = cloud.request('GET', N + '/ports?device_owner=network:router_interface'
                               '&device_id=%s' % router['id'])[2]['ports']
    assert [ip['subnet_id'] for p in interfaces for ip in p['fixed_ips']] == \
        nets['private']['subnets']


def test_extensions_listed(cloud):
    aliases = {e['alias'] for e in cloud.request('GET', N + '/extensions')[2]['extensions']}
    assert {'router', 'quotas', 'quota_details', 'fip-port-details'} <= aliases


def test_create_show_list_delete(cloud, nets):
    fip = _fip(cloud, nets['public']['id'], description='web')
    assert fip['status'] == 'DOWN' and fip['port_id'] is None and fip['router_id'] is None
    assert fip['port_details'] is None and fip['fixed_ip_address'] is None
    assert fip['tags'] == [] and fip['description'] == 'web'
    assert fip['tenant_id'] == fip['project_id'] == cloud.token_body()['project']['id']
    assert fip['floating_ip_address'].startswith('172.24.4.')
    for key in ('revision_number', 'created_at', 'updated_at', 'qos_policy_id'):
        assert key in fip
    # the address is held by a port of the external network, as in Neutron
    port = _one(cloud, N + '/ports?device_id=%s' % fip['id'], 'ports', token='admin')
    assert port['device_owner'] == 'network:floatingip' and port['project_id'] == ''
    assert port['fixed_ips'][0]['ip_address'] == fip['floating_ip_address']
    status, _, body = cloud.request('POST', N + '/ports', {'port': {
        'network_id': nets['public']['id'],
        'fixed_ips': [{'ip_address': fip['floating_ip_address']}]}}, token='admin')
    assert status == 409 and _error(body, 'IpAddressAlreadyAllocated')
    status, _, body = cloud.request('DELETE', N + '/ports/%s' % port['id'], token='admin')
    assert status == 409 and _error(body, 'ServicePortInUse')
    status, _, body = cloud.request('GET', N + '/floatingips/%s' % fip['id'])
    assert status == 200 and body['floatingip'] == fip
    listed = cloud.request('GET', N + '/floatingips?floating_ip_address=%s'
                           % fip['floating_ip_address'])[2]['floatingips']
    assert listed == [fip]
    fields = cloud.request('GET', N + '/floatingips/%s?fields=id&fields=status'
                           % fip['id'])[2]['floatingip']
    assert fields == {'id': fip['id'], 'status': 'DOWN'}
    status, _, _ = cloud.request('DELETE', N + '/floatingips/%s' % fip['id'])
    assert status == 204
    status, _, body = cloud.request('GET', N + '/floatingips/%s' % fip['id'])
    assert status == 404
    assert _error(body, 'FloatingIPNotFound') == \
        'Floating IP %s could not be found' % fip['id']
    assert _count(cloud, N + '/ports?device_id=%s' % fip['id'], 'ports') == 0


def test_bad_requests(cloud, nets):
    before = _count(cloud, N + '/floatingips', 'floatingips')
    status, _, body = cloud.request('POST', N + '/floatingips', {'floatingip': {
        'floating_network_id': nets['private']['id']}})
    assert status == 400
    assert _error(body, 'BadRequest') == ('Bad floatingip request: Network %s is not a valid '
                                          'external network.' % nets['private']['id'])
    missing = str(uuid.uuid4())
    status, _, body = cloud.request('POST', N + '/floatingips', {'floatingip': {
        'floating_network_id': missing}})
    assert status == 404 and _error(body, 'NetworkNotFound')
    for bad in ({'floating_network_id': 'abc'}, {},
                {'floating_network_id': nets['public']['id'], 'port_id': 12},
                {'floating_network_id': nets['public']['id'], 'bogus': 1},
                {'floating_network_id': nets['public']['id'], 'floating_ip_address': 'x'},
                {'floating_network_id': nets['public']['id'], 'fixed_ip_address': '10.0.0.9'}):
        status, _, body = cloud.request('POST', N + '/floatingips', {'floatingip': bad})
        assert status == 400, (bad, body)
        assert 'NeutronError' in body
    status, _, body = cloud.request('POST', N + '/floatingips', {'floatingip': {
        'floating_network_id': nets['public']['id'], 'floating_ip_address': '172.24.4.200'}})
    assert status == 403 and _error(body, 'PolicyNotAuthorized')
    status, _, body = cloud.request('GET', N + '/floatingips/%s' % missing)
    assert status == 404
    status, _, body = cloud.request('PUT', N + '/floatingips/%s' % missing,
                                    {'floatingip': {'port_id': None}})
    assert status == 404
    status, _, body = cloud.request('GET', N + '/floatingips?bogus=1')
    assert status == 400
    assert _count(cloud, N + '/floatingips', 'floatingips') == before


def test_admin_requested_address_and_isolation(cloud, nets):
    fip = _fip(cloud, nets['public']['id'], token='admin',
               floating_ip_address='172.24.4.201')
    assert fip['floating_ip_address'] == '172.24.4.201'
    status, _, body = cloud.request('POST', N + '/floatingips', {'floatingip': {
        'floating_network_id': nets['public']['id'], 'floating_ip_address': '172.24.4.201'}},
        token='admin')
    assert status == 409 and _error(body, 'IpAddressAlreadyAllocated')
    # another project's floating IP does not exist for demo
    assert fip['id'] not in [f['id'] for f in cloud.request(
        'GET', N + '/floatingips')[2]['floatingips']]
    assert cloud.request('GET', N + '/floatingips/%s' % fip['id'])[0] == 404
    assert cloud.request('DELETE', N + '/floatingips/%s' % fip['id'])[0] == 404
    assert fip['id'] in [f['id'] for f in cloud.request(
        'GET', N + '/floatingips', token='admin')[2]['floatingips']]
    subnet = nets['public']['subnets'][0]
    by_subnet = _fip(cloud, nets['public']['id'], token='admin', subnet_id=subnet)
    assert by_subnet['floating_ip_address'].startswith('172.24.4.')
    for item in (fip, by_subnet):
        assert cloud.request('DELETE', N + '/floatingips/%s' % item['id'],
                             token='admin')[0] == 204


def test_associate_disassociate_and_port_delete(cloud, nets):
    router = _one(cloud, N + '/routers?name=router1', 'routers')
    port = _port(cloud, nets['private']['id'])
    fip = _fip(cloud, nets['public']['id'])
    status, _, body = cloud.request('PUT', N + '/floatingips/%s' % fip['id'],
                                    {'floatingip': {'port_id': port['id']}})
    assert status == 200, body
    got = body['floatingip']
    assert got['status'] == 'ACTIVE' and got['router_id'] == router['id']
    assert got['fixed_ip_address'] == port['fixed_ips'][0]['ip_address']
    assert got['port_details'] == {k: port[k] for k in (
        'name', 'network_id', 'mac_address', 'admin_state_up', 'status', 'device_id',
        'device_owner')}
    assert got['revision_number'] > fip['revision_number']
    assert [f['id'] for f in cloud.request('GET', N + '/floatingips?port_id=%s'
                                           % port['id'])[2]['floatingips']] == [fip['id']]
    # a second floating IP for the same fixed IP: 409, and nothing is left of it
    before = _count(cloud, N + '/ports?device_owner=network:floatingip', 'ports')
    status, _, body = cloud.request('POST', N + '/floatingips', {'floatingip': {
        'floating_network_id': nets['public']['id'], 'port_id': port['id']}})
    assert status == 409
    assert _error(body, 'FloatingIPPortAlreadyAssociated') == (
        'Cannot associate floating IP %s (%s) with port %s using fixed IP %s, as that fixed '
        'IP already has a floating IP on external network %s.' % (
            fip['floating_ip_address'], fip['id'], port['id'], got['fixed_ip_address'],
            nets['public']['id']))
    assert _count(cloud, N + '/ports?device_owner=network:floatingip', 'ports') == before
    other = _fip(cloud, nets['public']['id'])
    status, _, body = cloud.request('PUT', N + '/floatingips/%s' % other['id'],
                                    {'floatingip': {'port_id': port['id']}})
    assert status == 409 and _error(body, 'FloatingIPPortAlreadyAssociated')
    assert cloud.request('GET', N + '/floatingips/%s' % other['id'])[2][
        'floatingip']['port_id'] is None
    # the router's interface and gateway are needed by the floating IP
    status, _, body = cloud.request('PUT', N + '/routers/%s/remove_router_interface'
                                    % router['id'], {'subnet_id': nets['private']['subnets'][0]})
    assert status == 409
    assert _error(body, 'RouterInterfaceInUseByFloatingIP') == (
        'Router interface for subnet %s on router %s cannot be deleted, as it is required by '
        'one or more floating IPs.' % (nets['private']['subnets'][0], router['id']))
    status, _, body = cloud.request('PUT', N + '/routers/%s' % router['id'],
                                    {'router': {'external_gateway_info': {}}})
    assert status == 409 and _error(body, 'RouterExternalGatewayInUseByFloatingIp')
    status, _, body = cloud.request('DELETE', N + '/routers/%s' % router['id'])
    assert status == 409
    assert _one(cloud, N + '/routers?name=router1', 'routers')['external_gateway_info']
    # disassociation
    status, _, body = cloud.request('PUT', N + '/floatingips/%s' % fip['id'],
                                    {'floatingip': {'port_id': None}})
    assert status == 200 and body['floatingip']['status'] == 'DOWN'
    assert body['floatingip']['port_details'] is None
    assert body['floatingip']['fixed_ip_address'] is None
    # ... and automatically when the port goes
    assert cloud.request('PUT', N + '/floatingips/%s' % other['id'],
                         {'floatingip': {'port_id': port['id']}})[0] == 200
    assert cloud.request('DELETE', N + '/ports/%s' % port['id'])[0] == 204
    gone = cloud.request('GET', N + '/floatingips/%s' % other['id'])[2]['floatingip']
    assert gone['port_id'] is None and gone['status'] == 'DOWN' and gone['router_id'] is None
    for item in (fip, other):
        assert cloud.request('DELETE', N + '/floatingips/%s' % item['id'])[0] == 204


def test_association_needs_a_router(cloud, nets):
    status, _, net = cloud.request('POST', N + '/networks', {'network': {'name': 'no-router'}})
    assert status == 201
    net = net['network']
    status, _, sub = cloud.request('POST', N + '/subnets', {'subnet': {
        'network_id': net['id'], 'ip_version': 4, 'cidr': '10.77.0.0/24'}})
    assert status == 201
    sub = sub['subnet']
    port = _port(cloud, net['id'])
    fip = _fip(cloud, nets['public']['id'])
    status, _, body = cloud.request('PUT', N + '/floatingips/%s' % fip['id'],
                                    {'floatingip': {'port_id': port['id']}})
    assert status == 404
    assert _error(body, 'ExternalGatewayForFloatingIPNotFound') == (
        'External network %s is not reachable from subnet %s.  Therefore, cannot associate '
        'Port %s with a Floating IP.' % (nets['public']['id'], sub['id'], port['id']))
    assert cloud.request('GET', N + '/floatingips/%s' % fip['id'])[2][
        'floatingip']['port_id'] is None
    # two fixed IPs: one must be named; a wrong one is refused
    two = _port(cloud, nets['private']['id'], fixed_ips=[
        {'subnet_id': nets['private']['subnets'][0]},
        {'subnet_id': nets['private']['subnets'][0]}])
    status, _, body = cloud.request('PUT', N + '/floatingips/%s' % fip['id'],
                                    {'floatingip': {'port_id': two['id']}})
    assert status == 400 and 'has multiple fixed IPv4 addresses' in _error(body, 'BadRequest')
    status, _, body = cloud.request('PUT', N + '/floatingips/%s' % fip['id'], {'floatingip': {
        'port_id': two['id'], 'fixed_ip_address': '10.0.0.250'}})
    assert status == 400
    assert _error(body, 'BadRequest') == ('Bad floatingip request: Port %s does not have '
                                          'fixed ip 10.0.0.250.' % two['id'])
    second = two['fixed_ips'][1]['ip_address']
    status, _, body = cloud.request('PUT', N + '/floatingips/%s' % fip['id'], {'floatingip': {
        'port_id': two['id'], 'fixed_ip_address': second}})
    assert status == 200 and body['floatingip']['fixed_ip_address'] == second
    status, _, body = cloud.request('PUT', N + '/floatingips/%s' % fip['id'],
                                    {'floatingip': {'port_id': str(uuid.uuid4())}})
    assert status == 404 and _error(body, 'PortNotFound')
    assert cloud.request('DELETE', N + '/floatingips/%s' % fip['id'])[0] == 204
    for path in ('/ports/%s' % two['id'], '/ports/%s' % port['id'],
                 '/networks/%s' % net['id']):
        assert cloud.request('DELETE', N + path)[0] == 204


def test_sorting_and_paging(cloud, nets):
    made = [_fip(cloud, nets['public']['id']) for _ in range(3)]
    ids = sorted(f['id'] for f in made)
    status, _, body = cloud.request('GET', N + '/floatingips?sort_key=id&sort_dir=asc&limit=2'
                                    '&floating_network_id=%s' % nets['public']['id'])
    assert status == 200
    page = [f['id'] for f in body['floatingips']]
    assert page == sorted(page) and len(page) == 2
    assert any(link['rel'] == 'next' for link in body['floatingips_links'])
    for item in made:
        cloud.request('DELETE', N + '/floatingips/%s' % item['id'])
    assert not set(ids) & {f['id'] for f in cloud.request(
        'GET', N + '/floatingips')[2]['floatingips']}


# --------------------------------------------------------------------------- compute side

def _server(cloud, nets, name):
    image = cloud.request('GET', '/image/v2/images?name=cirros')[2]['images'][0]['id']
    if not image:
        image = cloud.request('GET', '/image/v2/images')[2]['images'][0]['id']
    status, _, body = cloud.request('POST', C + '/servers', {'server': {
        'name': name, 'imageRef': image, 'flavorRef': '1',
        'networks': [{'uuid': nets['private']['id']}]}})
    assert status == 202, body
    server, _ = cloud.wait_server(body['server']['id'])
    assert server['status'] == 'ACTIVE'
    return server


def test_server_addresses_show_floating_ip(cloud, nets):
    server = _server(cloud, nets, 'fip-addresses')
    port = _one(cloud, N + '/ports?device_id=%s' % server['id'], 'ports')
    fip = _fip(cloud, nets['public']['id'], port_id=port['id'])
    assert fip['port_details']['device_id'] == server['id']
    addresses = cloud.request('GET', C + '/servers/%s' % server['id'])[2]['server']['addresses']
    assert addresses['private'][1] == {
        'version': 4, 'addr': fip['floating_ip_address'], 'OS-EXT-IPS:type': 'floating',
        'OS-EXT-IPS-MAC:mac_addr': port['mac_address']}
    assert addresses['private'][0]['OS-EXT-IPS:type'] == 'fixed'
    ips = cloud.request('GET', C + '/servers/%s/ips' % server['id'])[2]['addresses']
    assert ips['private'][1] == {'version': 4, 'addr': fip['floating_ip_address']}
    assert cloud.request('GET', C + '/servers/%s/ips/private' % server['id'])[2] == \
        {'private': ips['private']}
    assert cloud.request('PUT', N + '/floatingips/%s' % fip['id'],
                         {'floatingip': {'port_id': None}})[0] == 200
    addresses = cloud.request('GET', C + '/servers/%s' % server['id'])[2]['server']['addresses']
    assert [a['OS-EXT-IPS:type'] for a in addresses['private']] == ['fixed']
    # the server's deletion takes its port, which disassociates the floating IP
    assert cloud.request('PUT', N + '/floatingips/%s' % fip['id'],
                         {'floatingip': {'port_id': port['id']}})[0] == 200
    assert cloud.request('DELETE', C + '/servers/%s' % server['id'])[0] == 204
    cloud.wait_gone(server['id'])
    left = cloud.request('GET', N + '/floatingips/%s' % fip['id'])[2]['floatingip']
    assert left['port_id'] is None and left['status'] == 'DOWN'
    assert cloud.request('DELETE', N + '/floatingips/%s' % fip['id'])[0] == 204


def test_os_floating_ips_proxy(cloud, nets):
    pools = cloud.request('GET', C + '/os-floating-ip-pools')[2]['floating_ip_pools']
    assert {'name': 'public'} in pools
    status, _, body = cloud.request('POST', C + '/os-floating-ips', {'pool': 'public'})
    assert status == 200, body
    fip = body['floating_ip']
    assert set(fip) == {'id', 'ip', 'pool', 'fixed_ip', 'instance_id'}
    assert fip['pool'] == 'public' and fip['fixed_ip'] is None and fip['instance_id'] is None
    status, _, body = cloud.request('POST', C + '/os-floating-ips', None)
    assert status == 200 and body['floating_ip']['pool'] == 'public'
    default = body['floating_ip']
    assert cloud.request('GET', C + '/os-floating-ips/%s' % fip['id'])[2] == \
        {'floating_ip': fip}
    listed = cloud.request('GET', C + '/os-floating-ips')[2]['floating_ips']
    assert fip in listed and default in listed
    status, _, body = cloud.request('POST', C + '/os-floating-ips', {'pool': 'nope'})
    assert status == 404 and body['itemNotFound']['message'] == 'Floating IP pool not found.'
    status, _, body = cloud.request('POST', C + '/os-floating-ips', {'pool': 'public', 'x': 1})
    assert status == 400 and 'badRequest' in body
    missing = str(uuid.uuid4())
    status, _, body = cloud.request('GET', C + '/os-floating-ips/%s' % missing)
    assert status == 404
    assert body['itemNotFound']['message'] == 'Floating IP not found for ID %s' % missing
    assert cloud.request('DELETE', C + '/os-floating-ips/%s' % missing)[0] == 404
    for path in ('/os-floating-ips', '/os-floating-ips/%s' % fip['id']):
        assert cloud.request('GET', C + path, version='2.36')[0] == 404
    assert cloud.request('GET', C + '/os-floating-ips', version='2.35')[0] == 200
    for item in (fip, default):
        status, _, _ = cloud.request('DELETE', C + '/os-floating-ips/%s' % item['id'])
        assert status == 202
    assert cloud.request('GET', N + '/floatingips/%s' % fip['id'])[0] == 404


def test_os_floating_ips_over_quota(cloud, nets):
    project = cloud.token_body()['project']['id']
    used = _count(cloud, N + '/floatingips', 'floatingips', token='demo')
    assert cloud.request('PUT', N + '/quotas/%s' % project,
                         {'quota': {'floatingip': used}}, token='admin')[0] == 200
    try:
        status, _, body = cloud.request('POST', C + '/os-floating-ips', {'pool': 'public'})
        assert status == 403
        assert body['forbidden']['message'] == 'IP allocation over quota in pool public.'
    finally:
        cloud.request('PUT', N + '/quotas/%s' % project, {'quota': {'floatingip': 50}},
                      token='admin')


def test_add_remove_floating_ip_actions(cloud, nets):
    server = _server(cloud, nets, 'fip-actions')
    action = C + '/servers/%s/action' % server['id']
    fip = cloud.request('POST', C + '/os-floating-ips', {'pool': 'public'})[2]['floating_ip']
    status, _, body = cloud.request('POST', action, {'addFloatingIp': {'address': fip['ip']}},
                                    version='2.44')
    assert status == 404
    status, _, body = cloud.request('POST', action, {'addFloatingIp': {'address': 'x'}})
    assert status == 400 and 'badRequest' in body
    status, _, body = cloud.request('POST', action, {'addFloatingIp': {
        'address': '172.24.4.250'}})
    assert status == 404 and body['itemNotFound']['message'] == 'floating IP not found'
    status, _, body = cloud.request('POST', action, {'addFloatingIp': {
        'address': fip['ip'], 'fixed_address': '10.9.9.9'}})
    assert status == 400
    assert body['badRequest']['message'] == 'Specified fixed address not assigned to instance'
    status, _, body = cloud.request('POST', action, {'addFloatingIp': {'address': fip['ip']}},
                                    version='2.43')
    assert status == 202, body
    addresses = cloud.request('GET', C + '/servers/%s' % server['id'])[2]['server']['addresses']
    assert {'floating': fip['ip']} == {a['OS-EXT-IPS:type']: a['addr']
                                       for a in addresses['private']
                                       if a['OS-EXT-IPS:type'] == 'floating'}
    shown = cloud.request('GET', C + '/os-floating-ips/%s' % fip['id'])[2]['floating_ip']
    assert shown['instance_id'] == server['id'] and shown['fixed_ip']
    status, _, body = cloud.request('POST', action, {'removeFloatingIp': {
        'address': fip['ip']}})
    assert status == 202, body
    addresses = cloud.request('GET', C + '/servers/%s' % server['id'])[2]['server']['addresses']
    assert [a['OS-EXT-IPS:type'] for a in addresses['private']] == ['fixed']
    status, _, body = cloud.request('POST', action, {'removeFloatingIp': {
        'address': fip['ip']}})
    assert status == 409
    assert body['conflictingRequest']['message'] == (
        'Floating IP %s is not associated with instance %s.' % (fip['ip'], server['id']))
    status, _, body = cloud.request('POST', action, {'removeFloatingIp': {
        'address': '172.24.4.251'}})
    assert status == 404
    assert cloud.request('DELETE', C + '/servers/%s' % server['id'])[0] == 204
    cloud.wait_gone(server['id'])
    assert cloud.request('DELETE', C + '/os-floating-ips/%s' % fip['id'])[0] == 202


def test_tags_and_revision_constraint(cloud, nets):
    fip = _fip(cloud, nets['public']['id'])
    path = N + '/floatingips/%s' % fip['id']
    try:
        status, _, body = cloud.request('PUT', path + '/tags', {'tags': ['web', 'blue']})
        assert status == 200 and sorted(body['tags']) == ['blue', 'web']
        assert cloud.request('PUT', path + '/tags/green', raw=b'')[0] == 201
        assert cloud.request('GET', path + '/tags/green')[0] == 204
        shown = cloud.request('GET', path)[2]['floatingip']
        assert sorted(shown['tags']) == ['blue', 'green', 'web']
        assert shown['revision_number'] > fip['revision_number']
        ids = [f['id'] for f in cloud.request('GET', N + '/floatingips?tags=web,green')[2][
            'floatingips']]
        assert ids == [fip['id']]
        assert fip['id'] not in [f['id'] for f in cloud.request(
            'GET', N + '/floatingips?not-tags-any=blue')[2]['floatingips']]
        # an admin may tag another project's floating IP
        assert cloud.request('PUT', path + '/tags/x', raw=b'', token='admin')[0] == 201
        status, _, body = cloud.request('DELETE', path + '/tags/nope')
        assert status == 404 and _error(body, 'TagNotFound')
        # a stale If-Match revision is Neutron's 412
        status, _, body = cloud.request('PUT', path, {'floatingip': {'description': 'x'}},
                                        headers={'If-Match': 'revision_number=0'})
        assert status == 412 and _error(body, 'RevisionNumberConstraintFailed')
    finally:
        assert cloud.request('DELETE', path)[0] == 204
    # the tags went with it
    assert cloud.request('GET', path + '/tags')[0] == 404
