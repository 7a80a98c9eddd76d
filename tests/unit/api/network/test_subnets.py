"""Neutron subnets: CIDR validation, gateway and pool defaults, overlap, IPv6, visibility."""
import uuid

import pytest


def create_network(client, token, **attrs):
    status, _h, body = client.request('POST', '/v2.0/networks', body={'network': attrs},
                                      token=token)
    assert status == 201, body
    return body['network']


def post_subnet(client, token, **attrs):
    attrs.setdefault('ip_version', 4)
    return client.request('POST', '/v2.0/subnets', body={'subnet': attrs}, token=token)


def create_subnet(client, token, **attrs):
    status, _h, body = post_subnet(client, token, **attrs)
    assert status == 201, body
    return body['subnet']


def test_subnet_defaults(network_client, demo):
    tok = demo[0]
    net = create_network(network_client, tok)
    sub = create_subnet(network_client, tok, network_id=net['id'], cidr='10.9.0.0/24',
                        name='s1')
    assert sub['gateway_ip'] == '10.9.0.1'
    assert sub['allocation_pools'] == [{'start': '10.9.0.2', 'end': '10.9.0.254'}]
    assert sub['enable_dhcp'] is True and sub['ip_version'] == 4
    assert sub['dns_nameservers'] == [] and sub['host_routes'] == []
    assert sub['subnetpool_id'] is None
    assert sub['ipv6_ra_mode'] is None and sub['ipv6_address_mode'] is None
    assert sub['project_id'] == sub['tenant_id'] == demo[2]
    assert sub['revision_number'] == 1 and sub['tags'] == []
    shown = network_client.request('GET', '/v2.0/networks/%s' % net['id'], token=tok)[2]
    assert shown['network']['subnets'] == [sub['id']]
    assert network_client.request('GET', '/v2.0/subnets/%s' % sub['id'],
                                  token=tok)[2]['subnet'] == sub


def test_subnet_explicit_gateway_pools_dns_routes(network_client, demo):
    tok = demo[0]
    net = create_network(network_client, tok)
    sub = create_subnet(network_client, tok, network_id=net['id'], cidr='192.168.5.0/24',
                        gateway_ip='192.168.5.254',
                        allocation_pools=[{'start': '192.168.5.10', 'end': '192.168.5.20'}],
                        dns_nameservers=['8.8.8.8'], enable_dhcp=False,
                        host_routes=[{'destination': '10.0.0.0/8',
                                      'nexthop': '192.168.5.1'}])
    assert sub['gateway_ip'] == '192.168.5.254'
    assert sub['allocation_pools'] == [{'start': '192.168.5.10', 'end': '192.168.5.20'}]
    assert sub['dns_nameservers'] == ['8.8.8.8'] and sub['enable_dhcp'] is False
    no_gw = create_subnet(network_client, tok, network_id=net['id'], cidr='192.168.6.0/29',
                          gateway_ip=None)
    assert no_gw['gateway_ip'] is None
    assert no_gw['allocation_pools'] == [{'start': '192.168.6.1', 'end': '192.168.6.6'}]


def test_ipv6_subnet(network_client, demo):
    tok = demo[0]
    net = create_network(network_client, tok)
    sub = create_subnet(network_client, tok, network_id=net['id'], ip_version=6,
                        cidr='fd00:1::/64', ipv6_ra_mode='slaac', ipv6_address_mode='slaac')
    assert sub['gateway_ip'] == 'fd00:1::1'
    assert sub['allocation_pools'] == [{'start': 'fd00:1::2',
                                        'end': 'fd00:1::ffff:ffff:ffff:ffff'}]
    assert sub['ipv6_address_mode'] == 'slaac'


@pytest.mark.parametrize('attrs,status,kind,message', [
    ({'cidr': '10.0.0.0/33'}, 400, 'HTTPBadRequest', "Invalid input for cidr."),
    ({'cidr': 'banana'}, 400, 'HTTPBadRequest', "'banana' is not a valid IP subnet"),
    ({'cidr': '10.0.0.5'}, 400, 'HTTPBadRequest', "'10.0.0.5/32' is recommended"),
    ({'cidr': '10.0.0.0/24', 'ip_version': 6}, 400, 'InvalidInput', 'does not match'),
    ({'cidr': '10.0.0.0/24', 'ip_version': 5}, 400, 'HTTPBadRequest',
     'Invalid input for ip_version.'),
    ({}, 400, 'BadRequest', 'a subnetpool must be specified in the absence of a cidr'),
    ({'cidr': '10.0.0.0/24', 'gateway_ip': 'x'}, 400, 'HTTPBadRequest',
     "'x' is not a valid IP address"),
    ({'cidr': '10.0.0.0/24', 'gateway_ip': '10.0.0.0'}, 400, 'InvalidInput',
     'Gateway is not valid on subnet'),
    ({'cidr': '10.0.0.0/24', 'allocation_pools': [{'start': '10.0.0.9'}]}, 400,
     'HTTPBadRequest', 'Invalid data format for IP pool'),
    ({'cidr': '10.0.0.0/24', 'allocation_pools': [{'start': '10.0.0.9', 'end': '10.0.0.5'}]},
     400, 'InvalidAllocationPool', 'is not valid'),
    ({'cidr': '10.0.0.0/24', 'allocation_pools': [{'start': '10.0.0.9', 'end': '10.0.1.5'}]},
     400, 'OutOfBoundsAllocationPool', 'spans beyond the subnet cidr'),
    ({'cidr': '10.0.0.0/24', 'allocation_pools': [{'start': '10.0.0.2', 'end': '10.0.0.9'},
                                                  {'start': '10.0.0.5', 'end': '10.0.0.7'}]},
     409, 'OverlappingAllocationPools', 'Found overlapping allocation pools'),
    ({'cidr': '10.0.0.0/24', 'gateway_ip': '10.0.0.5',
      'allocation_pools': [{'start': '10.0.0.2', 'end': '10.0.0.9'}]},
     409, 'GatewayConflictWithAllocationPools', 'Gateway ip 10.0.0.5 conflicts'),
    ({'cidr': '10.0.0.0/24', 'dns_nameservers': ['nope']}, 400, 'HTTPBadRequest',
     'is not a valid nameserver'),
    ({'cidr': '10.0.0.0/24', 'ipv6_ra_mode': 'slaac'}, 400, 'InvalidInput', 'ip_version'),
    ({'cidr': '10.0.0.0/24', 'enable_dhcp': 'sometimes'}, 400, 'InvalidInput',
     'cannot be converted to boolean'),
])
def test_subnet_bad_input(network_client, demo, attrs, status, kind, message):
    net = create_network(network_client, demo[0])
    code, _h, body = post_subnet(network_client, demo[0], network_id=net['id'], **attrs)
    assert code == status, body
    assert body['NeutronError']['type'] == kind
    assert message in body['NeutronError']['message']


def test_subnet_overlap_within_network(network_client, demo):
    tok = demo[0]
    net = create_network(network_client, tok)
    create_subnet(network_client, tok, network_id=net['id'], cidr='10.5.0.0/16')
    status, _h, body = post_subnet(network_client, tok, network_id=net['id'],
                                   cidr='10.5.3.0/24')
    assert status == 400
    assert body['NeutronError']['type'] == 'InvalidInput'
    assert 'overlaps with another subnet' in body['NeutronError']['message']
    other = create_network(network_client, tok)
    create_subnet(network_client, tok, network_id=other['id'], cidr='10.5.3.0/24')


def test_subnet_on_unknown_or_foreign_network(network_client, demo, alt, admin):
    missing = str(uuid.uuid4())
    status, _h, body = post_subnet(network_client, demo[0], network_id=missing,
                                   cidr='10.0.0.0/24')
    assert status == 404 and body['NeutronError']['type'] == 'NetworkNotFound'
    theirs = create_network(network_client, alt[0])
    status, _h, body = post_subnet(network_client, demo[0], network_id=theirs['id'],
                                   cidr='10.0.0.0/24')
    assert status == 404
    shared = create_network(network_client, admin[0], shared=True)
    status, _h, body = post_subnet(network_client, demo[0], network_id=shared['id'],
                                   cidr='10.0.0.0/24')
    assert status == 403 and body['NeutronError']['type'] == 'PolicyNotAuthorized'


def test_subnet_update_and_delete(network_client, demo, alt):
    tok = demo[0]
    net = create_network(network_client, tok)
    sub = create_subnet(network_client, tok, network_id=net['id'], cidr='10.7.0.0/24')
    path = '/v2.0/subnets/%s' % sub['id']
    status, _h, body = network_client.request(
        'PUT', path, body={'subnet': {'name': 'new', 'dns_nameservers': ['1.1.1.1']}},
        token=tok)
    assert status == 200
    assert body['subnet']['name'] == 'new' and body['subnet']['dns_nameservers'] == ['1.1.1.1']
    assert body['subnet']['revision_number'] == 2
    status, _h, body = network_client.request('PUT', path,
                                              body={'subnet': {'cidr': '10.8.0.0/24'}},
                                              token=tok)
    assert status == 400 and 'read-only attribute cidr' in body['NeutronError']['message']
    status, _h, body = network_client.request('PUT', path,
                                              body={'subnet': {'gateway_ip': '10.7.0.50'}},
                                              token=tok)
    assert status == 409
    assert network_client.request('GET', path, token=alt[0])[0] == 404
    assert network_client.request('DELETE', path, token=alt[0])[0] == 404
    port = network_client.request('POST', '/v2.0/ports',
                                  body={'port': {'network_id': net['id']}}, token=tok)[2]
    status, _h, body = network_client.request('DELETE', path, token=tok)
    assert status == 409 and body['NeutronError']['type'] == 'SubnetInUse'
    network_client.request('DELETE', '/v2.0/ports/%s' % port['port']['id'], token=tok)
    assert network_client.request('DELETE', path, token=tok)[0] == 204
    status, _h, body = network_client.request('GET', path, token=tok)
    assert status == 404 and body['NeutronError']['message'] == \
        'Subnet %s could not be found.' % sub['id']


def test_subnets_of_shared_and_external_networks_are_visible(network_client, demo, admin):
    shared = create_network(network_client, admin[0], shared=True)
    hidden = create_network(network_client, admin[0])
    a = create_subnet(network_client, admin[0], network_id=shared['id'], cidr='10.1.0.0/24')
    b = create_subnet(network_client, admin[0], network_id=hidden['id'], cidr='10.2.0.0/24')
    body = network_client.request('GET', '/v2.0/subnets', token=demo[0])[2]
    assert [s['id'] for s in body['subnets']] == [a['id']]
    assert network_client.request('GET', '/v2.0/subnets/%s' % b['id'],
                                  token=demo[0])[0] == 404
    body = network_client.request('GET', '/v2.0/subnets?network_id=%s' % hidden['id'],
                                  token=admin[0])[2]
    assert [s['id'] for s in body['subnets']] == [b['id']]
