"""Neutron floating IPs and network quotas in-process: allocation, association through a
router, the router checks, OverQuota at every create site."""
import pytest

from tests.unit.api.network.test_routers import call
from tests.unit.api.network.test_routers import make_net
from tests.unit.api.network.test_routers import make_router


@pytest.fixture
def topology(network_client, demo, admin):
    """An external network (admin's), a demo network routed to it, a port on it."""
    atok = admin[0]
    tok = demo[0]
    ext, ext_sub = make_net(network_client, atok, cidr='203.0.113.0/24',
                            **{'router:external': True})
    net, sub = make_net(network_client, tok, cidr='10.20.0.0/24')
    router = make_router(network_client, tok, external_gateway_info={'network_id': ext['id']})
    status, _h, body = call(network_client, 'PUT', '/v2.0/routers/%s/add_router_interface'
                            % router['id'], tok, {'subnet_id': sub['id']})
    assert status == 200, body
    status, _h, body = call(network_client, 'POST', '/v2.0/ports', tok,
                            {'port': {'network_id': net['id']}})
    assert status == 201, body
    return {'ext': ext, 'net': net, 'sub': sub, 'router': router, 'port': body['port']}


def _create(client, tok, **attrs):
    return call(client, 'POST', '/v2.0/floatingips', tok, {'floatingip': attrs})


def test_allocate_associate_release(network_client, demo, topology):
    tok = demo[0]
    status, _h, body = _create(network_client, tok, floating_network_id=topology['ext']['id'],
                               port_id=topology['port']['id'])
    assert status == 201, body
    fip = body['floatingip']
    assert fip['floating_ip_address'].startswith('203.0.113.')
    assert fip['status'] == 'ACTIVE' and fip['router_id'] == topology['router']['id']
    assert fip['fixed_ip_address'] == topology['port']['fixed_ips'][0]['ip_address']
    status, _h, body = call(network_client, 'PUT', '/v2.0/routers/%s/remove_router_interface'
                            % topology['router']['id'], tok, {'subnet_id': topology['sub']['id']})
    assert status == 409
    assert body['NeutronError']['type'] == 'RouterInterfaceInUseByFloatingIP'
    status, _h, body = call(network_client, 'PUT', '/v2.0/floatingips/%s' % fip['id'], tok,
                            {'floatingip': {'port_id': None}})
    assert status == 200 and body['floatingip']['status'] == 'DOWN'
    status, _h, _b = call(network_client, 'PUT', '/v2.0/routers/%s/remove_router_interface'
                          % topology['router']['id'], tok,
                          {'subnet_id': topology['sub']['id']})
    assert status == 200
    status, _h, body = call(network_client, 'PUT', '/v2.0/floatingips/%s' % fip['id'], tok,
                            {'floatingip': {'port_id': topology['port']['id']}})
    assert status == 404
    assert body['NeutronError']['type'] == 'ExternalGatewayForFloatingIPNotFound'
    assert call(network_client, 'DELETE', '/v2.0/floatingips/%s' % fip['id'], tok)[0] == 204
    status, _h, body = call(network_client, 'GET', '/v2.0/ports?device_owner=network:'
                            'floatingip', demo[0])
    assert body['ports'] == []


def test_not_external_and_unknown(network_client, demo, topology):
    tok = demo[0]
    status, _h, body = _create(network_client, tok, floating_network_id=topology['net']['id'])
    assert status == 400 and body['NeutronError']['type'] == 'BadRequest'
    status, _h, body = _create(network_client, tok,
                               floating_network_id='6b0a52cc-6f6b-4d0a-9f4c-2b7d1f9a0f11')
    assert status == 404 and body['NeutronError']['type'] == 'NetworkNotFound'


def test_quota_over_limit_for_floating_ips(network_client, demo, admin, topology):
    tok, _u, project = demo
    status, _h, body = call(network_client, 'PUT', '/v2.0/quotas/%s' % project, admin[0],
                            {'quota': {'floatingip': 1}})
    assert status == 200 and body['quota']['floatingip'] == 1
    assert _create(network_client, tok, floating_network_id=topology['ext']['id'])[0] == 201
    status, _h, body = _create(network_client, tok, floating_network_id=topology['ext']['id'])
    assert status == 409
    assert body['NeutronError'] == {'type': 'OverQuota', 'detail': '', 'message':
                                    "Quota exceeded for resources: ['floatingip']."}
    status, _h, body = call(network_client, 'GET', '/v2.0/quotas/%s/details' % project, tok)
    assert body['quota']['floatingip'] == {'limit': 1, 'used': 1, 'reserved': 0}
    # the address taken for the refused one was given back
    status, _h, body = call(network_client, 'GET', '/v2.0/ports?network_id=%s'
                            % topology['ext']['id'], admin[0])
    owners = sorted(p['device_owner'] for p in body['ports'])
    assert owners == ['network:floatingip', 'network:router_gateway']


@pytest.mark.parametrize('resource,path,body', [
    ('network', '/v2.0/networks', {'network': {'name': 'x'}}),
    ('router', '/v2.0/routers', {'router': {'name': 'x'}}),
    ('security_group', '/v2.0/security-groups', {'security_group': {'name': 'x'}}),
])
def test_quota_zero_refuses_creates(network_client, demo, admin, resource, path, body):
    tok, _u, project = demo
    assert call(network_client, 'PUT', '/v2.0/quotas/%s' % project, admin[0],
                {'quota': {resource: 0}})[0] == 200
    status, _h, resp = call(network_client, 'POST', path, tok, body)
    assert status == 409 and resp['NeutronError']['type'] == 'OverQuota'
    assert call(network_client, 'DELETE', '/v2.0/quotas/%s' % project, admin[0])[0] == 204
    assert call(network_client, 'POST', path, tok, body)[0] == 201
