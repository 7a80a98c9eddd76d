"""Neutron routers: CRUD, gateway, add/remove_router_interface, in-use rules (as Tempest's
dynamic credentials and Terraform use them)."""


def call(client, method, path, token, body=None):
    return client.request(method, path, body=body, token=token)


def make_net(client, token, cidr='10.9.0.0/24', **attrs):
    status, _h, body = call(client, 'POST', '/v2.0/networks', token,
                            {'network': dict({'name': 'n'}, **attrs)})
    assert status == 201, body
    net = body['network']
    status, _h, body = call(client, 'POST', '/v2.0/subnets', token, {'subnet': {
        'network_id': net['id'], 'ip_version': 4, 'cidr': cidr}})
    assert status == 201, body
    return net, body['subnet']


def make_router(client, token, **attrs):
    status, _h, body = call(client, 'POST', '/v2.0/routers', token,
                            {'router': dict({'name': 'r1'}, **attrs)})
    assert status == 201, body
    return body['router']


def test_router_crud(network_client, demo):
    tok, _u, project = demo
    router = make_router(network_client, tok, description='d')
    assert router['project_id'] == router['tenant_id'] == project
    assert router['status'] == 'ACTIVE' and router['admin_state_up'] is True
    assert router['external_gateway_info'] is None and router['routes'] == []
    assert 'distributed' not in router and 'ha' not in router
    path = '/v2.0/routers/%s' % router['id']
    status, _h, body = call(network_client, 'GET', path, tok)
    assert status == 200 and body['router']['name'] == 'r1'
    status, _h, body = call(network_client, 'PUT', path, tok, {'router': {'name': 'r2'}})
    assert status == 200 and body['router']['name'] == 'r2'
    assert body['router']['revision_number'] == 2
    status, _h, body = call(network_client, 'GET', '/v2.0/routers?name=r2', tok)
    assert [r['id'] for r in body['routers']] == [router['id']]
    status, _h, _b = call(network_client, 'DELETE', path, tok)
    assert status == 204
    status, _h, body = call(network_client, 'GET', path, tok)
    assert status == 404 and body['NeutronError']['type'] == 'RouterNotFound'


def test_router_invisible_to_other_projects(network_client, demo, alt, admin):
    router = make_router(network_client, demo[0])
    path = '/v2.0/routers/%s' % router['id']
    assert call(network_client, 'GET', path, alt[0])[0] == 404
    assert call(network_client, 'DELETE', path, alt[0])[0] == 404
    assert call(network_client, 'GET', '/v2.0/routers', alt[0])[2]['routers'] == []
    status, _h, body = call(network_client, 'GET', path, admin[0])
    assert status == 200 and body['router']['distributed'] is False
    # an admin creates routers for other projects (Tempest's dynamic credentials do)
    status, _h, body = call(network_client, 'POST', '/v2.0/routers', admin[0],
                            {'router': {'name': 'x', 'project_id': alt[2]}})
    assert status == 201 and body['router']['project_id'] == alt[2]


def test_bad_router_bodies(network_client, demo):
    tok = demo[0]
    for body in ({'router': {'bogus': 1}}, {'router': {'admin_state_up': 'maybe'}},
                 {'router': {'external_gateway_info': {'enable_snat': True}}},
                 {'router': {'external_gateway_info': 'x'}}, {'routers': []}, []):
        status, _h, resp = call(network_client, 'POST', '/v2.0/routers', tok, body)
        assert status == 400, (body, resp)
    status, _h, resp = call(network_client, 'POST', '/v2.0/routers', tok, {'router': {
        'external_gateway_info': {'network_id': '6f7c5a2e-0000-4000-8000-000000000000'}}})
    assert status == 404


def test_interfaces(network_client, demo):
    tok, _u, project = demo
    net, subnet = make_net(network_client, tok)
    router = make_router(network_client, tok)
    add = '/v2.0/routers/%s/add_router_interface' % router['id']
    remove = '/v2.0/routers/%s/remove_router_interface' % router['id']
    status, _h, info = call(network_client, 'PUT', add, tok, {'subnet_id': subnet['id']})
    assert status == 200, info
    assert info['id'] == router['id'] and info['subnet_id'] == subnet['id']
    assert info['subnet_ids'] == [subnet['id']] and info['network_id'] == net['id']
    assert info['project_id'] == info['tenant_id'] == project
    status, _h, body = call(network_client, 'GET', '/v2.0/ports/%s' % info['port_id'], tok)
    port = body['port']
    assert port['device_owner'] == 'network:router_interface'
    assert port['device_id'] == router['id']
    assert port['fixed_ips'] == [{'subnet_id': subnet['id'], 'ip_address': '10.9.0.1'}]
    # the same subnet twice, a port of a router, the router / subnet / network in use
    status, _h, body = call(network_client, 'PUT', add, tok, {'subnet_id': subnet['id']})
    assert status == 400 and 'already has a port on subnet' in body['NeutronError']['message']
    status, _h, body = call(network_client, 'DELETE', '/v2.0/ports/%s' % port['id'], tok)
    assert status == 409 and body['NeutronError']['type'] == 'ServicePortInUse'
    status, _h, body = call(network_client, 'DELETE', '/v2.0/routers/%s' % router['id'], tok)
    assert status == 409 and body['NeutronError']['type'] == 'RouterInUse'
    assert call(network_client, 'DELETE', '/v2.0/subnets/%s' % subnet['id'], tok)[0] == 409
    assert call(network_client, 'DELETE', '/v2.0/networks/%s' % net['id'], tok)[0] == 409
    # bad interface requests
    for body in ({}, {'subnet_id': 'x'}, {'subnet_id': subnet['id'], 'bogus': 1}):
        assert call(network_client, 'PUT', add, tok, body)[0] == 400
    status, _h, body = call(network_client, 'PUT', remove, tok,
                            {'subnet_id': '6f7c5a2e-0000-4000-8000-000000000000'})
    assert status == 404
    assert body['NeutronError']['type'] == 'RouterInterfaceNotFoundForSubnet'
    # remove, then everything can go
    status, _h, info2 = call(network_client, 'PUT', remove, tok, {'subnet_id': subnet['id']})
    assert status == 200 and info2['port_id'] == info['port_id']
    assert call(network_client, 'GET', '/v2.0/ports/%s' % port['id'], tok)[0] == 404
    assert call(network_client, 'DELETE', '/v2.0/routers/%s' % router['id'], tok)[0] == 204
    assert call(network_client, 'DELETE', '/v2.0/networks/%s' % net['id'], tok)[0] == 204


def test_interface_by_port(network_client, demo):
    tok = demo[0]
    net, subnet = make_net(network_client, tok, cidr='10.8.0.0/24')
    router = make_router(network_client, tok)
    status, _h, body = call(network_client, 'POST', '/v2.0/ports', tok,
                            {'port': {'network_id': net['id']}})
    port = body['port']
    add = '/v2.0/routers/%s/add_router_interface' % router['id']
    status, _h, info = call(network_client, 'PUT', add, tok, {'port_id': port['id']})
    assert status == 200 and info['port_id'] == port['id'] and info['subnet_id'] == subnet['id']
    status, _h, body = call(network_client, 'PUT', add, tok, {'port_id': port['id']})
    assert status == 409 and body['NeutronError']['type'] == 'PortInUse'
    remove = '/v2.0/routers/%s/remove_router_interface' % router['id']
    status, _h, body = call(network_client, 'PUT', remove, tok,
                            {'port_id': '6f7c5a2e-0000-4000-8000-000000000000'})
    assert status == 404 and body['NeutronError']['type'] == 'RouterInterfaceNotFound'
    assert call(network_client, 'PUT', remove, tok, {'port_id': port['id']})[0] == 200


def test_gateway(network_client, demo, admin):
    ext, ext_subnet = make_net(network_client, admin[0], cidr='192.0.2.0/24',
                               **{'router:external': True})
    own, _s = make_net(network_client, demo[0], cidr='10.7.0.0/24')
    tok = demo[0]
    status, _h, body = call(network_client, 'POST', '/v2.0/routers', tok, {'router': {
        'external_gateway_info': {'network_id': own['id']}}})
    assert status == 400 and 'is not an external network' in body['NeutronError']['message']
    status, _h, body = call(network_client, 'POST', '/v2.0/routers', tok, {'router': {
        'external_gateway_info': {'network_id': ext['id'], 'enable_snat': False}}})
    assert status == 403
    router = make_router(network_client, tok, external_gateway_info={'network_id': ext['id']})
    gw = router['external_gateway_info']
    assert gw['network_id'] == ext['id'] and gw['enable_snat'] is True
    assert [ip['subnet_id'] for ip in gw['external_fixed_ips']] == [ext_subnet['id']]
    path = '/v2.0/routers/%s' % router['id']
    status, _h, body = call(network_client, 'PUT', path, tok,
                            {'router': {'external_gateway_info': {}}})
    assert status == 200 and body['router']['external_gateway_info'] is None
    status, _h, body = call(network_client, 'PUT', path, tok, {'router': {
        'external_gateway_info': {'network_id': ext['id']}}})
    assert body['router']['external_gateway_info']['network_id'] == ext['id']
    assert call(network_client, 'DELETE', path, tok)[0] == 204
    status, _h, body = call(network_client, 'GET', '/v2.0/ports?network_id=%s' % ext['id'],
                            admin[0])
    assert body['ports'] == []
