"""Neutron security groups and rules, and each project's default group."""
import threading
import uuid

import pytest


def create_sg(client, token, **attrs):
    status, _h, body = client.request('POST', '/v2.0/security-groups',
                                      body={'security_group': attrs}, token=token)
    assert status == 201, body
    return body['security_group']


def post_rule(client, token, **attrs):
    return client.request('POST', '/v2.0/security-group-rules',
                          body={'security_group_rule': attrs}, token=token)


def list_sgs(client, token, query=''):
    status, _h, body = client.request('GET', '/v2.0/security-groups' + query, token=token)
    assert status == 200, body
    return body['security_groups']


def test_default_group_created_on_first_list(network_client, demo):
    groups = list_sgs(network_client, demo[0])
    assert [g['name'] for g in groups] == ['default']
    default = groups[0]
    assert default['description'] == 'Default security group'
    assert default['project_id'] == default['tenant_id'] == demo[2]
    assert default['stateful'] is True
    rules = {(r['direction'], r['ethertype'], r['remote_group_id'])
             for r in default['security_group_rules']}
    assert rules == {('egress', 'IPv4', None), ('egress', 'IPv6', None),
                     ('ingress', 'IPv4', default['id']), ('ingress', 'IPv6', default['id'])}
    for rule in default['security_group_rules']:
        assert rule['protocol'] is None and rule['remote_ip_prefix'] is None
        assert rule['security_group_id'] == default['id']
    assert list_sgs(network_client, demo[0]) == groups


def test_default_group_created_once_under_concurrency(network_client, demo):
    results = []

    def worker():
        results.append([g['id'] for g in list_sgs(network_client, demo[0])])
    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({tuple(r) for r in results}) == 1 and len(results[0]) == 1


def test_default_group_created_by_port_create(network_client, demo):
    net = network_client.request('POST', '/v2.0/networks', body={'network': {}},
                                 token=demo[0])[2]['network']
    port = network_client.request('POST', '/v2.0/ports', token=demo[0],
                                  body={'port': {'network_id': net['id']}})[2]['port']
    from novalite.db import network as network_db
    assert port['security_groups'] == [network_db.default_sg_id(demo[2])]
    sg = network_db.sg_get(port['security_groups'][0])
    assert sg['name'] == 'default' and len(sg['security_group_rules']) == 4


def test_sg_crud(network_client, demo, alt):
    tok = demo[0]
    sg = create_sg(network_client, tok, name='web', description='web servers')
    assert sg['name'] == 'web' and sg['description'] == 'web servers'
    assert {(r['direction'], r['ethertype']) for r in sg['security_group_rules']} == \
        {('egress', 'IPv4'), ('egress', 'IPv6')}
    path = '/v2.0/security-groups/%s' % sg['id']
    assert network_client.request('GET', path, token=tok)[2]['security_group'] == sg
    status, _h, body = network_client.request(
        'PUT', path, body={'security_group': {'name': 'www'}}, token=tok)
    assert status == 200 and body['security_group']['name'] == 'www'
    assert network_client.request('GET', path, token=alt[0])[0] == 404
    assert network_client.request('DELETE', path, token=alt[0])[0] == 404
    assert {g['name'] for g in list_sgs(network_client, alt[0])} == {'default'}
    assert network_client.request('DELETE', path, token=tok)[0] == 204
    status, _h, body = network_client.request('GET', path, token=tok)
    assert status == 404
    assert body['NeutronError'] == {'type': 'SecurityGroupNotFound', 'detail': '',
                                    'message': 'Security group %s does not exist' % sg['id']}


def test_default_group_rules(network_client, demo, admin):
    default = list_sgs(network_client, demo[0])[0]
    path = '/v2.0/security-groups/%s' % default['id']
    status, _h, body = network_client.request('DELETE', path, token=demo[0])
    assert status == 409
    assert body['NeutronError']['type'] == 'SecurityGroupCannotRemoveDefault'
    status, _h, body = network_client.request(
        'PUT', path, body={'security_group': {'name': 'renamed'}}, token=demo[0])
    assert status == 409
    assert body['NeutronError']['type'] == 'SecurityGroupCannotUpdateDefault'
    status, _h, body = network_client.request('POST', '/v2.0/security-groups', token=demo[0],
                                              body={'security_group': {'name': 'default'}})
    assert status == 409
    assert body['NeutronError']['message'] == 'Default security group already exists.'
    assert network_client.request('DELETE', path, token=admin[0])[0] == 204
    assert [g['name'] for g in list_sgs(network_client, demo[0])] == ['default']


def test_sg_in_use(network_client, demo):
    tok = demo[0]
    sg = create_sg(network_client, tok, name='used')
    net = network_client.request('POST', '/v2.0/networks', body={'network': {}},
                                 token=tok)[2]['network']
    network_client.request('POST', '/v2.0/ports', token=tok,
                           body={'port': {'network_id': net['id'],
                                          'security_groups': [sg['id']]}})
    status, _h, body = network_client.request('DELETE', '/v2.0/security-groups/%s' % sg['id'],
                                              token=tok)
    assert status == 409 and body['NeutronError']['type'] == 'SecurityGroupInUse'


def test_sg_delete_drops_rules_naming_it(network_client, demo):
    """Neutron's foreign key cascades: another group's rules from a deleted remote group
    go with it."""
    tok = demo[0]
    sg1, sg2 = create_sg(network_client, tok, name='one'), create_sg(network_client, tok,
                                                                      name='two')
    status, _h, body = post_rule(network_client, tok, security_group_id=sg1['id'],
                                 direction='ingress', remote_group_id=sg2['id'])
    assert status == 201, body
    rule_id = body['security_group_rule']['id']
    assert network_client.request('DELETE', '/v2.0/security-groups/%s' % sg2['id'],
                                  token=tok)[0] == 204
    assert network_client.request('GET', '/v2.0/security-group-rules/%s' % rule_id,
                                  token=tok)[0] == 404
    rules = network_client.request('GET', '/v2.0/security-groups/%s' % sg1['id'],
                                   token=tok)[2]['security_group']['security_group_rules']
    assert [r['direction'] for r in rules] == ['egress', 'egress']


def test_admin_lists_other_project_groups(network_client, demo, admin):
    groups = list_sgs(network_client, admin[0], '?project_id=%s' % demo[2])
    assert [g['name'] for g in groups] == ['default']
    assert groups[0]['project_id'] == demo[2]
    assert list_sgs(network_client, demo[0]) == groups


def test_rule_crud(network_client, demo, alt):
    tok = demo[0]
    sg = create_sg(network_client, tok, name='ssh')
    status, _h, body = post_rule(network_client, tok, security_group_id=sg['id'],
                                 direction='ingress', protocol='TCP', port_range_min=22,
                                 port_range_max=22, remote_ip_prefix='0.0.0.0/0')
    assert status == 201, body
    rule = body['security_group_rule']
    assert rule['protocol'] == 'tcp' and rule['ethertype'] == 'IPv4'
    assert (rule['port_range_min'], rule['port_range_max']) == (22, 22)
    assert rule['remote_ip_prefix'] == '0.0.0.0/0' and rule['remote_group_id'] is None
    assert rule['project_id'] == rule['tenant_id'] == demo[2]
    path = '/v2.0/security-group-rules/%s' % rule['id']
    assert network_client.request('GET', path, token=tok)[2]['security_group_rule'] == rule
    shown = network_client.request('GET', '/v2.0/security-groups/%s' % sg['id'],
                                   token=tok)[2]['security_group']
    assert rule['id'] in [r['id'] for r in shown['security_group_rules']]
    status, _h, body = post_rule(network_client, tok, security_group_id=sg['id'],
                                 direction='ingress', protocol='tcp', port_range_min=22,
                                 port_range_max=22, remote_ip_prefix='0.0.0.0/0')
    assert status == 409
    assert body['NeutronError']['message'] == \
        'Security group rule already exists. Rule id is %s.' % rule['id']
    listed = network_client.request(
        'GET', '/v2.0/security-group-rules?security_group_id=%s&direction=ingress' % sg['id'],
        token=tok)[2]['security_group_rules']
    assert [r['id'] for r in listed] == [rule['id']]
    assert network_client.request('GET', path, token=alt[0])[0] == 404
    assert network_client.request('DELETE', path, token=alt[0])[0] == 404
    status, _h, body = post_rule(network_client, alt[0], security_group_id=sg['id'],
                                 direction='ingress')
    assert status == 404
    assert network_client.request('DELETE', path, token=tok)[0] == 204
    status, _h, body = network_client.request('GET', path, token=tok)
    assert status == 404 and body['NeutronError']['type'] == 'SecurityGroupRuleNotFound'


def test_rule_variants(network_client, demo):
    tok = demo[0]
    sg = create_sg(network_client, tok, name='mix')
    other = create_sg(network_client, tok, name='peer')
    cases = [
        dict(direction='ingress', protocol='icmp', port_range_min=8, port_range_max=0),
        dict(direction='ingress', protocol='17', ethertype='ipv6',
             remote_ip_prefix='fd00::/64', port_range_min=53, port_range_max=53),
        dict(direction='ingress', remote_group_id=other['id']),
        dict(direction='egress', protocol='any', ethertype='IPv4', remote_ip_prefix='10.0.0.0/8'),
    ]
    for attrs in cases:
        status, _h, body = post_rule(network_client, tok, security_group_id=sg['id'], **attrs)
        assert status == 201, (attrs, body)
    assert body['security_group_rule']['protocol'] is None


@pytest.mark.parametrize('attrs,kind', [
    ({'direction': 'sideways'}, 'HTTPBadRequest'),
    ({}, 'HTTPBadRequest'),
    ({'direction': 'ingress', 'ethertype': 'IPv5'}, 'HTTPBadRequest'),
    ({'direction': 'ingress', 'protocol': 'carrier-pigeon'},
     'SecurityGroupRuleInvalidProtocol'),
    ({'direction': 'ingress', 'protocol': 256}, 'SecurityGroupRuleInvalidProtocol'),
    ({'direction': 'ingress', 'protocol': 'tcp', 'port_range_min': 90,
      'port_range_max': 80}, 'SecurityGroupInvalidPortRange'),
    ({'direction': 'ingress', 'protocol': 'tcp', 'port_range_min': 70000},
     'SecurityGroupInvalidPortValue'),
    ({'direction': 'ingress', 'protocol': 'tcp', 'port_range_min': 'x'},
     'SecurityGroupInvalidPortValue'),
    ({'direction': 'ingress', 'port_range_min': 22}, 'SecurityGroupProtocolRequiredWithPorts'),
    ({'direction': 'ingress', 'protocol': 'icmp', 'port_range_min': 300},
     'SecurityGroupInvalidIcmpValue'),
    ({'direction': 'ingress', 'protocol': 'icmp', 'port_range_max': 3},
     'SecurityGroupMissingIcmpType'),
    ({'direction': 'ingress', 'remote_ip_prefix': '10.0.0.0/8',
      'remote_group_id': 'SG'}, 'SecurityGroupRemoteGroupAndRemoteIpPrefix'),
    ({'direction': 'ingress', 'remote_ip_prefix': '::/0'},
     'SecurityGroupRuleParameterConflict'),
    ({'direction': 'ingress', 'remote_ip_prefix': 'everywhere'}, 'InvalidCIDR'),
    ({'direction': 'ingress', 'remote_group_id': str(uuid.uuid4())}, 'SecurityGroupNotFound'),
    ({'direction': 'ingress', 'bogus': 1}, 'HTTPBadRequest'),
])
def test_rule_bad_input(network_client, demo, attrs, kind):
    sg = create_sg(network_client, demo[0], name='bad')
    attrs = {k: (sg['id'] if v == 'SG' else v) for k, v in attrs.items()}
    status, _h, body = post_rule(network_client, demo[0], security_group_id=sg['id'], **attrs)
    assert status in (400, 404), body
    assert body['NeutronError']['type'] == kind


def test_rule_on_missing_group(network_client, demo):
    status, _h, body = post_rule(network_client, demo[0], security_group_id=str(uuid.uuid4()),
                                 direction='ingress')
    assert status == 404 and body['NeutronError']['type'] == 'SecurityGroupNotFound'


def test_list_fields_id_and_name_as_nova_asks(network_client, demo):
    """Nova's server view asks for groups' id and name only; rules come when asked for."""
    status, _h, body = network_client.request('GET', '/v2.0/security-groups', token=demo[0])
    assert status == 200
    full = body['security_groups']
    status, _h, body = network_client.request(
        'GET', '/v2.0/security-groups?fields=id&fields=name', token=demo[0])
    assert body['security_groups'] == [{'id': g['id'], 'name': g['name']} for g in full]
    status, _h, body = network_client.request(
        'GET', '/v2.0/security-groups?fields=security_group_rules', token=demo[0])
    assert body['security_groups'] == [{'security_group_rules': g['security_group_rules']}
                                       for g in full]
    assert all(g['security_group_rules'] for g in full)
