"""Neutron ports: IP allocation (sequential, requested, exhaustion, concurrency), binding,
security groups and visibility."""
import re
import threading
import uuid

import pytest


def create_network(client, token, **attrs):
    status, _h, body = client.request('POST', '/v2.0/networks', body={'network': attrs},
                                      token=token)
    assert status == 201, body
    return body['network']


def create_subnet(client, token, **attrs):
    attrs.setdefault('ip_version', 4)
    status, _h, body = client.request('POST', '/v2.0/subnets', body={'subnet': attrs},
                                      token=token)
    assert status == 201, body
    return body['subnet']


def post_port(client, token, **attrs):
    return client.request('POST', '/v2.0/ports', body={'port': attrs}, token=token)


def create_port(client, token, **attrs):
    status, _h, body = post_port(client, token, **attrs)
    assert status == 201, body
    return body['port']


@pytest.fixture
def net(network_client, demo):
    network = create_network(network_client, demo[0], name='pnet')
    subnet = create_subnet(network_client, demo[0], network_id=network['id'],
                           cidr='10.20.0.0/24')
    return network, subnet


def test_port_view_and_sequential_allocation(network_client, demo, net):
    network, subnet = net
    first = create_port(network_client, demo[0], network_id=network['id'], name='p1')
    second = create_port(network_client, demo[0], network_id=network['id'])
    assert first['fixed_ips'] == [{'subnet_id': subnet['id'], 'ip_address': '10.20.0.2'}]
    assert second['fixed_ips'][0]['ip_address'] == '10.20.0.3'
    assert re.match(r'^fa:16:3e(:[0-9a-f]{2}){3}$', first['mac_address'])
    assert first['mac_address'] != second['mac_address']
    assert first['status'] == 'DOWN' and first['admin_state_up'] is True
    assert first['device_id'] == '' and first['device_owner'] == ''
    assert first['binding:vnic_type'] == 'normal'
    assert first['port_security_enabled'] is True
    assert first['allowed_address_pairs'] == [] and first['extra_dhcp_opts'] == []
    assert first['project_id'] == first['tenant_id'] == demo[2]
    assert len(first['security_groups']) == 1
    for hidden in ('binding:host_id', 'binding:vif_type', 'binding:vif_details',
                   'binding:profile'):
        assert hidden not in first
    shown = network_client.request('GET', '/v2.0/ports/%s' % first['id'], token=demo[0])[2]
    assert shown['port'] == first


def test_admin_sees_binding_and_binding_activates(network_client, demo, admin, net):
    port = create_port(network_client, demo[0], network_id=net[0]['id'])
    path = '/v2.0/ports/%s' % port['id']
    body = network_client.request('GET', path, token=admin[0])[2]['port']
    assert body['binding:host_id'] == '' and body['binding:vif_type'] == 'unbound'
    assert body['binding:vif_details'] == {} and body['binding:profile'] == {}
    status, _h, body = network_client.request(
        'PUT', path, body={'port': {'binding:host_id': 'compute1', 'device_id': 'vm-1',
                                    'device_owner': 'compute:nova'}}, token=admin[0])
    assert status == 200
    port = body['port']
    assert port['status'] == 'ACTIVE' and port['binding:host_id'] == 'compute1'
    assert port['binding:vif_type'] == 'ovs' and port['device_id'] == 'vm-1'
    assert port['revision_number'] == 2
    status, _h, body = network_client.request(
        'PUT', path, body={'port': {'binding:host_id': ''}}, token=admin[0])
    assert body['port']['status'] == 'DOWN'


def test_non_admin_cannot_bind(network_client, demo, net):
    status, _h, body = post_port(network_client, demo[0], network_id=net[0]['id'],
                                 **{'binding:host_id': 'compute1'})
    assert status == 403
    assert body['NeutronError']['type'] == 'PolicyNotAuthorized'
    assert 'create_port:binding:host_id' in body['NeutronError']['message']
    port = create_port(network_client, demo[0], network_id=net[0]['id'])
    status, _h, body = network_client.request(
        'PUT', '/v2.0/ports/%s' % port['id'],
        body={'port': {'binding:host_id': 'compute1'}}, token=demo[0])
    assert status == 403


def test_requested_fixed_ips(network_client, demo, net):
    network, subnet = net
    port = create_port(network_client, demo[0], network_id=network['id'],
                       fixed_ips=[{'ip_address': '10.20.0.50'}])
    assert port['fixed_ips'] == [{'subnet_id': subnet['id'], 'ip_address': '10.20.0.50'}]
    port = create_port(network_client, demo[0], network_id=network['id'],
                       fixed_ips=[{'subnet_id': subnet['id'], 'ip_address': '10.20.0.51'}])
    assert port['fixed_ips'][0]['ip_address'] == '10.20.0.51'
    port = create_port(network_client, demo[0], network_id=network['id'],
                       fixed_ips=[{'subnet_id': subnet['id']}])
    assert port['fixed_ips'][0]['ip_address'] == '10.20.0.2'
    status, _h, body = post_port(network_client, demo[0], network_id=network['id'],
                                 fixed_ips=[{'ip_address': '10.20.0.50'}])
    assert status == 409
    assert body['NeutronError']['type'] == 'IpAddressAlreadyAllocated'
    assert body['NeutronError']['message'] == \
        'IP address 10.20.0.50 already allocated in subnet %s' % subnet['id']


@pytest.mark.parametrize('fixed_ip,status,kind', [
    ({'ip_address': '10.99.0.5'}, 400, 'InvalidIpForNetwork'),
    ({'ip_address': '10.20.0.0'}, 400, 'InvalidIpForNetwork'),
    ({'ip_address': '10.20.0.255'}, 400, 'InvalidIpForNetwork'),
    ({'subnet_id': 'SUBNET', 'ip_address': '10.99.0.5'}, 400, 'InvalidIpForSubnet'),
    ({'subnet_id': str(uuid.uuid4())}, 404, 'SubnetNotFound'),
    ({'subnet_id': 'OTHER'}, 400, 'InvalidInput'),
    ({'ip_address': 'not-an-ip'}, 400, 'HTTPBadRequest'),
    ({'colour': 'red'}, 400, 'HTTPBadRequest'),
])
def test_bad_fixed_ips(network_client, demo, net, fixed_ip, status, kind):
    network, subnet = net
    other = create_network(network_client, demo[0])
    other_subnet = create_subnet(network_client, demo[0], network_id=other['id'],
                                 cidr='10.30.0.0/24')
    fixed_ip = {k: {'SUBNET': subnet['id'], 'OTHER': other_subnet['id']}.get(v, v)
                for k, v in fixed_ip.items()}
    code, _h, body = post_port(network_client, demo[0], network_id=network['id'],
                               fixed_ips=[fixed_ip])
    assert code == status, body
    assert body['NeutronError']['type'] == kind


def test_exhaustion_on_a_slash_30(network_client, demo):
    network = create_network(network_client, demo[0])
    subnet = create_subnet(network_client, demo[0], network_id=network['id'],
                           cidr='10.40.0.0/30')
    assert subnet['allocation_pools'] == [{'start': '10.40.0.2', 'end': '10.40.0.2'}]
    port = create_port(network_client, demo[0], network_id=network['id'])
    assert port['fixed_ips'][0]['ip_address'] == '10.40.0.2'
    status, _h, body = post_port(network_client, demo[0], network_id=network['id'])
    assert status == 409
    assert body['NeutronError'] == {
        'type': 'IpAddressGenerationFailure',
        'message': 'No more IP addresses available on network %s.' % network['id'],
        'detail': ''}
    network_client.request('DELETE', '/v2.0/ports/%s' % port['id'], token=demo[0])
    again = create_port(network_client, demo[0], network_id=network['id'])
    assert again['fixed_ips'][0]['ip_address'] == '10.40.0.2'


def test_concurrent_allocations_do_not_collide(network_client, demo, net, monkeypatch):
    import time
    from novalite.db import network as network_db
    network = net[0]
    results, errors = [], []
    first_free = network_db._first_free

    def slow_first_free(*args):
        found = first_free(*args)
        time.sleep(0.002)  # widen the window between choosing and inserting
        return found
    monkeypatch.setattr(network_db, '_first_free', slow_first_free)

    def worker():
        for _ in range(3):
            status, _h, body = post_port(network_client, demo[0], network_id=network['id'])
            if status == 201:
                results.append(body['port']['fixed_ips'][0]['ip_address'])
            else:
                errors.append((status, body))
    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 24
    assert len(set(results)) == 24


def test_allocation_retries_after_losing_a_race(network_client, demo, net, monkeypatch):
    """A transaction that picked an address another one took meanwhile (a stale read) hits
    the (ip_address, subnet_id) key, rolls back and picks again."""
    from novalite.db import network as network_db
    network = net[0]
    taken = create_port(network_client, demo[0], network_id=network['id'])
    first_free = network_db._first_free
    calls = []

    def stale_first_free(s, subnets, network_id):
        calls.append(1)
        if len(calls) == 1:
            return subnets[0], taken['fixed_ips'][0]['ip_address']
        return first_free(s, subnets, network_id)
    monkeypatch.setattr(network_db, '_first_free', stale_first_free)
    port = create_port(network_client, demo[0], network_id=network['id'])
    assert len(calls) == 2
    assert port['fixed_ips'][0]['ip_address'] == '10.20.0.3'
    ports = network_client.request('GET', '/v2.0/ports', token=demo[0])[2]['ports']
    assert len(ports) == 2


def test_deleting_port_frees_address(network_client, demo, net):
    network = net[0]
    first = create_port(network_client, demo[0], network_id=network['id'])
    create_port(network_client, demo[0], network_id=network['id'])
    assert network_client.request('DELETE', '/v2.0/ports/%s' % first['id'],
                                  token=demo[0])[0] == 204
    reused = create_port(network_client, demo[0], network_id=network['id'])
    assert reused['fixed_ips'] == first['fixed_ips']
    status, _h, body = network_client.request('DELETE', '/v2.0/ports/%s' % first['id'],
                                              token=demo[0])
    assert status == 404
    assert body['NeutronError']['message'] == 'Port %s could not be found.' % first['id']


def test_network_in_use(network_client, demo, net):
    network = net[0]
    port = create_port(network_client, demo[0], network_id=network['id'])
    status, _h, body = network_client.request('DELETE', '/v2.0/networks/%s' % network['id'],
                                              token=demo[0])
    assert status == 409 and body['NeutronError']['type'] == 'NetworkInUse'
    network_client.request('DELETE', '/v2.0/ports/%s' % port['id'], token=demo[0])
    assert network_client.request('DELETE', '/v2.0/networks/%s' % network['id'],
                                  token=demo[0])[0] == 204
    assert network_client.request('GET', '/v2.0/subnets/%s' % net[1]['id'],
                                  token=demo[0])[0] == 404


def test_port_update_fixed_ips(network_client, demo, net):
    network, subnet = net
    port = create_port(network_client, demo[0], network_id=network['id'])
    path = '/v2.0/ports/%s' % port['id']
    status, _h, body = network_client.request(
        'PUT', path, body={'port': {'fixed_ips': [{'ip_address': '10.20.0.77'}]}},
        token=demo[0])
    assert status == 200
    assert body['port']['fixed_ips'] == [{'subnet_id': subnet['id'],
                                          'ip_address': '10.20.0.77'}]
    status, _h, body = network_client.request(
        'PUT', path, body={'port': {'fixed_ips': [{'subnet_id': subnet['id']}],
                                    'name': 'kept'}}, token=demo[0])
    assert body['port']['fixed_ips'][0]['ip_address'] == '10.20.0.77'
    assert body['port']['name'] == 'kept'
    status, _h, body = network_client.request(
        'PUT', path, body={'port': {'network_id': str(uuid.uuid4())}}, token=demo[0])
    assert status == 400


def test_port_on_foreign_network(network_client, demo, alt, admin):
    theirs = create_network(network_client, alt[0])
    status, _h, body = post_port(network_client, demo[0], network_id=theirs['id'])
    assert status == 404 and body['NeutronError']['type'] == 'NetworkNotFound'
    status, _h, body = post_port(network_client, demo[0], network_id=str(uuid.uuid4()))
    assert status == 404
    assert body['NeutronError']['message'].endswith('could not be found.')
    shared = create_network(network_client, admin[0], shared=True)
    create_subnet(network_client, admin[0], network_id=shared['id'], cidr='10.60.0.0/24')
    port = create_port(network_client, demo[0], network_id=shared['id'])
    assert port['project_id'] == demo[2]
    status, _h, body = post_port(network_client, demo[0], network_id=shared['id'],
                                 fixed_ips=[{'ip_address': '10.60.0.9'}])
    assert status == 403


def test_admin_creates_port_for_another_project(network_client, demo, admin, net):
    port = create_port(network_client, admin[0], network_id=net[0]['id'],
                       project_id=demo[2], device_owner='compute:nova')
    assert port['project_id'] == demo[2]
    sgs = network_client.request('GET', '/v2.0/security-groups', token=demo[0])[2]
    default = [g for g in sgs['security_groups'] if g['name'] == 'default']
    assert port['security_groups'] == [default[0]['id']]
    assert network_client.request('GET', '/v2.0/ports/%s' % port['id'],
                                  token=demo[0])[0] == 200


def test_port_visibility_and_filters(network_client, demo, alt, net):
    network, subnet = net
    a = create_port(network_client, demo[0], network_id=network['id'], device_id='vm-a')
    b = create_port(network_client, demo[0], network_id=network['id'], device_id='vm-b')
    assert network_client.request('GET', '/v2.0/ports/%s' % a['id'], token=alt[0])[0] == 404
    assert network_client.request('GET', '/v2.0/ports', token=alt[0])[2]['ports'] == []
    assert network_client.request('PUT', '/v2.0/ports/%s' % a['id'], token=alt[0],
                                  body={'port': {'name': 'x'}})[0] == 404
    assert network_client.request('DELETE', '/v2.0/ports/%s' % a['id'],
                                  token=alt[0])[0] == 404

    def ids(query):
        status, _h, body = network_client.request('GET', '/v2.0/ports' + query,
                                                  token=demo[0])
        assert status == 200, body
        return {p['id'] for p in body['ports']}
    assert ids('?device_id=vm-a') == {a['id']}
    assert ids('?device_id=vm-a&device_id=vm-b') == {a['id'], b['id']}
    assert ids('?network_id=%s' % network['id']) == {a['id'], b['id']}
    assert ids('?fixed_ips=ip_address%%3D%s' % b['fixed_ips'][0]['ip_address']) == {b['id']}
    assert ids('?fixed_ips=subnet_id%%3D%s' % subnet['id']) == {a['id'], b['id']}
    assert ids('?fixed_ips=ip_address_substr%3D10.20') == {a['id'], b['id']}
    assert ids('?mac_address=%s' % a['mac_address']) == {a['id']}
    assert ids('?security_groups=%s' % a['security_groups'][0]) == {a['id'], b['id']}
    assert ids('?status=ACTIVE') == set()


def test_port_security_groups(network_client, demo, alt, net):
    network = net[0]
    sg = network_client.request('POST', '/v2.0/security-groups', token=demo[0],
                                body={'security_group': {'name': 'web'}})[2]
    port = create_port(network_client, demo[0], network_id=network['id'],
                       security_groups=[sg['security_group']['id']])
    assert port['security_groups'] == [sg['security_group']['id']]
    theirs = network_client.request('POST', '/v2.0/security-groups', token=alt[0],
                                    body={'security_group': {'name': 'x'}})[2]
    status, _h, body = post_port(network_client, demo[0], network_id=network['id'],
                                 security_groups=[theirs['security_group']['id']])
    assert status == 404 and body['NeutronError']['type'] == 'SecurityGroupNotFound'
    status, _h, body = post_port(network_client, demo[0], network_id=network['id'],
                                 security_groups=['not-a-uuid'])
    assert status == 400
    insecure = create_port(network_client, demo[0], network_id=network['id'],
                           port_security_enabled=False)
    assert insecure['security_groups'] == [] and insecure['port_security_enabled'] is False
    status, _h, body = network_client.request(
        'PUT', '/v2.0/ports/%s' % port['id'],
        body={'port': {'port_security_enabled': False}}, token=demo[0])
    assert status == 409
    status, _h, body = network_client.request(
        'PUT', '/v2.0/ports/%s' % port['id'],
        body={'port': {'port_security_enabled': False, 'security_groups': []}},
        token=demo[0])
    assert status == 200 and body['port']['security_groups'] == []


def test_port_create_bad_input(network_client, demo, net):
    network = net[0]
    status, _h, body = post_port(network_client, demo[0])
    assert status == 400
    assert body['NeutronError']['message'] == \
        "Failed to parse request. Required attribute 'network_id' not specified"
    status, _h, body = post_port(network_client, demo[0], network_id=network['id'],
                                 mac_address='zz')
    assert status == 400
    status, _h, body = post_port(network_client, demo[0], network_id=network['id'],
                                 **{'binding:vnic_type': 'warp'})
    assert status == 400
    status, _h, body = post_port(network_client, demo[0], network_id=network['id'],
                                 status='ACTIVE')
    assert status == 400


def test_mac_address_requested_and_in_use(network_client, demo, net):
    network = net[0]
    port = create_port(network_client, demo[0], network_id=network['id'],
                       mac_address='FA:16:3E:00:00:01')
    assert port['mac_address'] == 'fa:16:3e:00:00:01'
    status, _h, body = post_port(network_client, demo[0], network_id=network['id'],
                                 mac_address='fa:16:3e:00:00:01')
    assert status == 409 and body['NeutronError']['type'] == 'MacAddressInUse'


def test_network_without_subnets_gives_port_without_ips(network_client, demo):
    network = create_network(network_client, demo[0])
    port = create_port(network_client, demo[0], network_id=network['id'])
    assert port['fixed_ips'] == []


def test_dual_stack_port(network_client, demo):
    network = create_network(network_client, demo[0])
    v4 = create_subnet(network_client, demo[0], network_id=network['id'], cidr='10.70.0.0/24')
    v6 = create_subnet(network_client, demo[0], network_id=network['id'], ip_version=6,
                       cidr='fd00:70::/64', ipv6_address_mode='slaac', ipv6_ra_mode='slaac')
    port = create_port(network_client, demo[0], network_id=network['id'],
                       mac_address='fa:16:3e:11:22:33')
    assert {ip['subnet_id'] for ip in port['fixed_ips']} == {v4['id'], v6['id']}
    v6_ip = [ip['ip_address'] for ip in port['fixed_ips'] if ip['subnet_id'] == v6['id']]
    assert v6_ip == ['fd00:70::f816:3eff:fe11:2233']


def test_bulk_ports(network_client, demo, net):
    status, _h, body = network_client.request(
        'POST', '/v2.0/ports', token=demo[0],
        body={'ports': [{'network_id': net[0]['id']}, {'network_id': net[0]['id']}]})
    assert status == 201
    ips = [p['fixed_ips'][0]['ip_address'] for p in body['ports']]
    assert ips == ['10.20.0.2', '10.20.0.3']


def test_admin_changes_mac_address(network_client, demo, admin, net):
    a = create_port(network_client, demo[0], network_id=net[0]['id'])
    b = create_port(network_client, demo[0], network_id=net[0]['id'])
    path = '/v2.0/ports/%s' % a['id']
    assert network_client.request('PUT', path, token=demo[0],
                                  body={'port': {'mac_address': 'fa:16:3e:aa:bb:cc'}})[0] == 403
    status, _h, body = network_client.request(
        'PUT', path, body={'port': {'mac_address': b['mac_address']}}, token=admin[0])
    assert status == 409 and body['NeutronError']['type'] == 'MacAddressInUse'
    status, _h, body = network_client.request(
        'PUT', path, body={'port': {'mac_address': 'fa:16:3e:aa:bb:cc'}}, token=admin[0])
    assert status == 200 and body['port']['mac_address'] == 'fa:16:3e:aa:bb:cc'


def test_list_fields_still_show_filter_and_hide_what_they_should(network_client, demo, admin,
                                                                  net):
    """fields= lets a list skip tags and binding policy checks it does not show; what it
    shows (tags, a hidden binding attribute) and the tag filters stay as without it."""
    tagged = create_port(network_client, demo[0], network_id=net[0]['id'], device_id='vm-f')
    plain = create_port(network_client, demo[0], network_id=net[0]['id'], device_id='vm-f')
    status, _h, _b = network_client.request('PUT', '/v2.0/ports/%s/tags/red' % tagged['id'],
                                            token=demo[0])
    assert status == 201

    def listed(query, token=demo[0]):
        status, _h, body = network_client.request('GET', '/v2.0/ports?device_id=vm-f&' + query,
                                                  token=token)
        assert status == 200, body
        return body['ports']

    assert listed('fields=device_id&fields=security_groups') == [
        {'device_id': 'vm-f', 'security_groups': p['security_groups']} for p in (tagged, plain)]
    assert listed('fields=id,tags') == [{'id': tagged['id'], 'tags': ['red']},
                                        {'id': plain['id'], 'tags': []}]
    assert listed('fields=id&tags=red') == [{'id': tagged['id']}]
    assert listed('fields=id&not-tags-any=red') == [{'id': plain['id']}]
    assert listed('fields=id,binding:host_id') == [{'id': tagged['id']}, {'id': plain['id']}]
    assert listed('fields=id,binding:host_id', admin[0]) == [
        {'id': tagged['id'], 'binding:host_id': ''}, {'id': plain['id'], 'binding:host_id': ''}]
