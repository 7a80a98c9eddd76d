"""Bad input of any shape is a 4xx, never a 500."""
import pytest

from novalite.api.network import attributes

JUNK = [None, 0, -1, 'x', '', [], {}, True, [1], ['x'], {'a': 1}, [{'a': 1}], 'a' * 300,
        [{'subnet_id': None}], [{'ip_address': 5}], [{'start': 'x', 'end': 'y'}]]
RESOURCES = [('network', 'networks', attributes.NETWORK),
             ('subnet', 'subnets', attributes.SUBNET),
             ('port', 'ports', attributes.PORT),
             ('security_group', 'security-groups', attributes.SECURITY_GROUP),
             ('security_group_rule', 'security-group-rules', attributes.SECURITY_GROUP_RULE)]


@pytest.mark.parametrize('resource,collection,spec', RESOURCES)
def test_junk_attribute_values(network_client, demo, resource, collection, spec):
    tok = demo[0]
    net = network_client.request('POST', '/v2.0/networks', body={'network': {}},
                                 token=tok)[2]['network']
    sub = network_client.request('POST', '/v2.0/subnets', token=tok, body={'subnet': {
        'network_id': net['id'], 'cidr': '10.0.0.0/24', 'ip_version': 4}})[2]['subnet']
    sg = network_client.request('GET', '/v2.0/security-groups', token=tok)[2][
        'security_groups'][0]
    base = {'network': {}, 'subnet': {'network_id': net['id'], 'cidr': '10.1.0.0/24',
                                      'ip_version': 4},
            'port': {'network_id': net['id']}, 'security_group': {'name': 'junk'},
            'security_group_rule': {'security_group_id': sg['id'], 'direction': 'ingress'}}
    existing = {'network': net['id'], 'subnet': sub['id'], 'security_group': sg['id']}
    for name in spec:
        for value in JUNK:
            body = dict(base[resource], **{name: value})
            status, _h, data = network_client.request(
                'POST', '/v2.0/%s' % collection, body={resource: body}, token=tok)
            assert status < 500, (name, value, data)
            if resource in existing:
                status, _h, data = network_client.request(
                    'PUT', '/v2.0/%s/%s' % (collection, existing[resource]),
                    body={resource: {name: value}}, token=tok)
                assert status < 500, (name, value, data)


@pytest.mark.parametrize('collection', ['networks', 'subnets', 'ports', 'security-groups',
                                        'security-group-rules'])
def test_junk_queries(network_client, demo, collection):
    for query in ('?id=x', '?name=&name=', '?limit=0', '?limit=', '?sort_key=id&sort_dir=desc',
                  '?fields=', '?fields=id,name', '?marker=', '?page_reverse=true&limit=2',
                  '?project_id=x&tenant_id=y', '?revision_number=x', '?tags-any=a'):
        status, _h, data = network_client.request('GET', '/v2.0/%s%s' % (collection, query),
                                                  token=demo[0])
        assert status < 500, (query, data)
