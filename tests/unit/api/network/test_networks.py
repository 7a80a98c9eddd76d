"""Neutron networks, versions, extensions, list conventions and the demo seed."""

import pytest


def neutron_error(body):
    return body['NeutronError']['type'], body['NeutronError']['message']


def create_network(client, token, **attrs):
    status, _h, body = client.request('POST', '/v2.0/networks', body={'network': attrs},
                                      token=token)
    assert status == 201, body
    return body['network']


# --------------------------------------------------------------------------- documents

def test_versions(network_client, demo):
    status, _h, body = network_client.request('GET', '/')
    assert status == 200
    assert body == {'versions': [{'id': 'v2.0', 'status': 'CURRENT', 'links': [
        {'href': 'http://localhost/networking/v2.0/', 'rel': 'self'}]}]}
    status, _h, body = network_client.request('GET', '/v2.0', token=demo[0])
    assert status == 200
    names = {r['collection']: r for r in body['resources']}
    assert set(names) == {'networks', 'subnets', 'ports', 'security-groups',
                          'security-group-rules', 'routers'}
    assert names['ports']['links'][0]['href'] == 'http://localhost/networking/v2.0/ports'


def test_extensions(network_client, demo):
    status, _h, body = network_client.request('GET', '/v2.0/extensions', token=demo[0])
    assert status == 200
    aliases = {e['alias'] for e in body['extensions']}
    assert {'external-net', 'security-group', 'binding', 'standard-attr-description',
            'port-security', 'net-mtu'} <= aliases
    assert 'router' in aliases and 'l3-ha' not in aliases
    for ext in body['extensions']:
        assert set(ext) == {'alias', 'name', 'description', 'updated', 'links'}
    status, _h, body = network_client.request('GET', '/v2.0/extensions/binding',
                                              token=demo[0])
    assert status == 200 and body['extension']['name'] == 'Port Binding'
    status, _h, body = network_client.request('GET', '/v2.0/extensions/l3-ha',
                                              token=demo[0])
    assert status == 404
    assert body['NeutronError']['message'] == 'Extension with alias l3-ha does not exist'


def test_unauthenticated(network_client):
    assert network_client.request('GET', '/v2.0/networks')[0] == 401


# --------------------------------------------------------------------------- networks

def test_network_crud(network_client, demo):
    tok, _u, project = demo
    net = create_network(network_client, tok, name='net1', description='d', mtu=1450)
    assert net['project_id'] == net['tenant_id'] == project
    assert net['status'] == 'ACTIVE' and net['admin_state_up'] is True
    assert net['shared'] is False and net['router:external'] is False
    assert net['subnets'] == [] and net['mtu'] == 1450 and net['tags'] == []
    assert net['port_security_enabled'] is True and net['availability_zones'] == []
    assert net['revision_number'] == 1 and net['created_at'].endswith('Z')
    path = '/v2.0/networks/%s' % net['id']
    status, _h, body = network_client.request('GET', path, token=tok)
    assert status == 200 and body['network'] == net
    status, _h, body = network_client.request(
        'PUT', path, body={'network': {'name': 'renamed', 'admin_state_up': False}},
        token=tok)
    assert status == 200
    assert body['network']['name'] == 'renamed' and body['network']['admin_state_up'] is False
    assert body['network']['revision_number'] == 2
    status, _h, body = network_client.request('GET', path + '?fields=id&fields=name',
                                              token=tok)
    assert body == {'network': {'id': net['id'], 'name': 'renamed'}}
    status, _h, body = network_client.request('DELETE', path, token=tok)
    assert status == 204 and not body
    status, _h, body = network_client.request('GET', path, token=tok)
    assert status == 404
    assert neutron_error(body) == ('NetworkNotFound',
                                   'Network %s could not be found.' % net['id'])


def test_bulk_create(network_client, demo):
    status, _h, body = network_client.request(
        'POST', '/v2.0/networks', body={'networks': [{'name': 'b1'}, {'name': 'b2'}]},
        token=demo[0])
    assert status == 201
    assert [n['name'] for n in body['networks']] == ['b1', 'b2']


def test_bulk_create_is_all_or_nothing(network_client, demo):
    status, _h, body = network_client.request(
        'POST', '/v2.0/networks',
        body={'networks': [{'name': 'ok'}, {'name': 'bad', 'shared': 'perhaps'}]},
        token=demo[0])
    assert status == 400
    names = [n['name'] for n in network_client.request('GET', '/v2.0/networks',
                                                       token=demo[0])[2]['networks']]
    assert 'ok' not in names


@pytest.mark.parametrize('body,kind,message', [
    ({'network': {'foo': 1}}, 'HTTPBadRequest', "Unrecognized attribute(s) 'foo'"),
    ({'network': {'id': 'x'}}, 'HTTPBadRequest', "Attribute 'id' not allowed in POST"),
    ({'network': {'status': 'DOWN'}}, 'HTTPBadRequest',
     "Attribute 'status' not allowed in POST"),
    ({'network': {'admin_state_up': 'maybe'}}, 'InvalidInput',
     "Invalid input for operation: 'maybe' cannot be converted to boolean."),
    ({'network': {'name': 5}}, 'HTTPBadRequest',
     "Invalid input for name. Reason: '5' is not a valid string."),
    ({'network': {'name': 'x' * 256}}, 'HTTPBadRequest', 'exceeds maximum length of 255'),
    ({'network': {'mtu': 10}}, 'HTTPBadRequest', "Invalid input for mtu."),
    ({'network': {'project_id': 'a', 'tenant_id': 'b'}}, 'HTTPBadRequest',
     "'project_id' and 'tenant_id' do not match"),
    ({'network': {'project_id': 'other'}}, 'HTTPBadRequest',
     "Specifying 'project_id' other than the authenticated project"),
    ({'net': {}}, 'HTTPBadRequest', "Unable to find 'network' in request body"),
    ({'network': []}, 'HTTPBadRequest', 'Resource body required'),
])
def test_network_create_bad_input(network_client, demo, body, kind, message):
    status, _h, data = network_client.request('POST', '/v2.0/networks', body=body,
                                              token=demo[0])
    assert status == 400
    assert data['NeutronError']['type'] == kind
    assert message in data['NeutronError']['message']
    assert data['NeutronError']['detail'] == ''


def test_network_create_no_body(network_client, demo):
    status, _h, data = network_client.request('POST', '/v2.0/networks', token=demo[0])
    assert status == 400


def test_shared_and_external_are_admin_only(network_client, demo, admin):
    for attr in ('shared', 'router:external'):
        status, _h, body = network_client.request('POST', '/v2.0/networks', token=demo[0],
                                                  body={'network': {attr: True}})
        assert status == 403
        assert neutron_error(body) == ('PolicyNotAuthorized',
                                       '(rule:create_network:%s) is disallowed by policy'
                                       % attr)
    net = create_network(network_client, admin[0], shared=True)
    assert net['shared'] is True
    own = create_network(network_client, demo[0])
    status, _h, body = network_client.request(
        'PUT', '/v2.0/networks/%s' % own['id'], body={'network': {'shared': True}},
        token=demo[0])
    assert status == 403


def test_read_only_update(network_client, demo):
    net = create_network(network_client, demo[0])
    status, _h, body = network_client.request(
        'PUT', '/v2.0/networks/%s' % net['id'], body={'network': {'subnets': []}},
        token=demo[0])
    assert status == 400
    assert body['NeutronError']['message'] == 'Cannot update read-only attribute subnets'


def test_visibility_between_projects(network_client, demo, alt, admin):
    mine = create_network(network_client, demo[0], name='mine')
    shared = create_network(network_client, admin[0], name='shared', shared=True)
    external = create_network(network_client, admin[0], name='ext',
                              **{'router:external': True})
    hidden = create_network(network_client, admin[0], name='admins')

    def names(token):
        body = network_client.request('GET', '/v2.0/networks', token=token)[2]
        return {n['name'] for n in body['networks']}
    assert names(alt[0]) == {'shared', 'ext'}
    assert names(demo[0]) == {'mine', 'shared', 'ext'}
    assert names(admin[0]) == {'mine', 'shared', 'ext', 'admins'}
    for net, status in ((mine, 404), (hidden, 404), (shared, 200), (external, 200)):
        assert network_client.request('GET', '/v2.0/networks/%s' % net['id'],
                                      token=alt[0])[0] == status
    status, _h, body = network_client.request(
        'PUT', '/v2.0/networks/%s' % shared['id'], body={'network': {'name': 'x'}},
        token=alt[0])
    assert status == 403 and body['NeutronError']['type'] == 'PolicyNotAuthorized'
    assert network_client.request('DELETE', '/v2.0/networks/%s' % mine['id'],
                                  token=alt[0])[0] == 404
    assert network_client.request('DELETE', '/v2.0/networks/%s' % shared['id'],
                                  token=alt[0])[0] == 403
    assert network_client.request('DELETE', '/v2.0/networks/%s' % mine['id'],
                                  token=admin[0])[0] == 204


def test_admin_creates_for_another_project(network_client, demo, admin):
    net = create_network(network_client, admin[0], tenant_id=demo[2])
    assert net['project_id'] == demo[2]
    assert network_client.request('GET', '/v2.0/networks/%s' % net['id'],
                                  token=demo[0])[0] == 200


# --------------------------------------------------------------------------- listing

def test_list_filters_and_fields(network_client, demo):
    tok = demo[0]
    a = create_network(network_client, tok, name='a', mtu=1400)
    b = create_network(network_client, tok, name='b', admin_state_up=False)
    create_network(network_client, tok, name='c')

    def ids(query):
        status, _h, body = network_client.request('GET', '/v2.0/networks' + query, token=tok)
        assert status == 200, body
        return {n['id'] for n in body['networks']}
    assert ids('?name=a') == {a['id']}
    assert ids('?name=a&name=b') == {a['id'], b['id']}
    assert ids('?admin_state_up=False') == {b['id']}
    assert ids('?admin_state_up=true&mtu=1400') == {a['id']}
    assert ids('?id=%s' % b['id']) == {b['id']}
    assert ids('?tenant_id=%s&name=c' % demo[2]) != set()
    assert ids('?tags=x') == set()
    body = network_client.request('GET', '/v2.0/networks?fields=name', token=tok)[2]
    assert sorted(n['name'] for n in body['networks']) == ['a', 'b', 'c']
    assert all(set(n) == {'name'} for n in body['networks'])
    status, _h, body = network_client.request('GET', '/v2.0/networks?colour=red', token=tok)
    assert status == 400
    assert body['NeutronError']['message'] == 'colour is invalid attribute for filtering'


def test_pagination_links(network_client, demo):
    tok = demo[0]
    for name in ('n3', 'n1', 'n5', 'n2', 'n4'):
        create_network(network_client, tok, name=name)
    status, _h, body = network_client.request(
        'GET', '/v2.0/networks?limit=2&sort_key=name&sort_dir=asc', token=tok)
    assert status == 200
    assert [n['name'] for n in body['networks']] == ['n1', 'n2']
    links = {link['rel']: link['href'] for link in body['networks_links']}
    assert links['next'].startswith('http://localhost/networking/v2.0/networks?')
    seen = ['n1', 'n2']
    next_href = links['next']
    while next_href:
        path = next_href[len('http://localhost/networking'):]
        body = network_client.request('GET', path, token=tok)[2]
        seen += [n['name'] for n in body['networks']]
        links = {link['rel']: link['href'] for link in body.get('networks_links', [])}
        next_href = links.get('next')
    assert seen == ['n1', 'n2', 'n3', 'n4', 'n5']
    last = body['networks'][-1]['id'] if body['networks'] else None
    assert last is None or 'previous' in links
    page = network_client.request(
        'GET', '/v2.0/networks?limit=2&sort_key=name&sort_dir=asc', token=tok)[2]
    marker = page['networks'][1]['id']
    body = network_client.request(
        'GET', '/v2.0/networks?limit=1&sort_key=name&sort_dir=asc&page_reverse=True'
               '&marker=%s' % marker, token=tok)[2]
    assert [n['name'] for n in body['networks']] == ['n1']
    body = network_client.request('GET', '/v2.0/networks?sort_key=name&sort_dir=desc',
                                  token=tok)[2]
    assert [n['name'] for n in body['networks']] == ['n5', 'n4', 'n3', 'n2', 'n1']
    assert 'networks_links' not in body


@pytest.mark.parametrize('query,status', [
    ('?limit=-1', 400), ('?limit=x', 400), ('?sort_key=bogus', 400),
    ('?sort_key=name&sort_dir=up', 400), ('?sort_key=name&sort_dir=asc&sort_dir=desc', 400),
    ('?marker=0b0e3a4e-5b0c-4d6e-9f43-9d1f4a7c2e11', 404), ('?page_reverse=maybe', 400),
])
def test_bad_list_queries(network_client, demo, query, status):
    assert network_client.request('GET', '/v2.0/networks' + query,
                                  token=demo[0])[0] == status


# --------------------------------------------------------------------------- seed

def test_seed_networks_idempotent(network_client, demo, admin, alt):
    from novalite.db import network as network_db
    first = network_db.seed_networks(admin[2], demo[2])
    assert network_db.seed_networks(admin[2], demo[2]) == first
    nets = network_client.request('GET', '/v2.0/networks', token=demo[0])[2]['networks']
    by_name = {n['name']: n for n in nets}
    assert set(by_name) == {'private', 'public'}
    assert by_name['private']['project_id'] == demo[2]
    assert by_name['public']['project_id'] == admin[2]
    assert by_name['public']['router:external'] is True
    subnets = network_client.request('GET', '/v2.0/subnets', token=demo[0])[2]['subnets']
    subs = {s['name']: s for s in subnets}
    assert len(subnets) == 2
    assert subs['private-subnet']['cidr'] == '10.0.0.0/24'
    assert subs['private-subnet']['gateway_ip'] == '10.0.0.1'
    assert subs['private-subnet']['enable_dhcp'] is True
    assert subs['private-subnet']['allocation_pools'] == [{'start': '10.0.0.2',
                                                           'end': '10.0.0.254'}]
    assert subs['public-subnet']['cidr'] == '172.24.4.0/24'
    assert subs['public-subnet']['gateway_ip'] == '172.24.4.1'
    other = network_client.request('GET', '/v2.0/networks', token=alt[0])[2]['networks']
    assert [n['name'] for n in other] == ['public']


def test_unsharing_a_network_in_use_by_others(network_client, demo, admin):
    net = create_network(network_client, admin[0], shared=True)
    status, _h, body = network_client.request('POST', '/v2.0/ports', token=demo[0],
                                              body={'port': {'network_id': net['id']}})
    assert status == 201, body
    status, _h, body = network_client.request(
        'PUT', '/v2.0/networks/%s' % net['id'], body={'network': {'shared': False}},
        token=admin[0])
    assert status == 409 and body['NeutronError']['type'] == 'InvalidSharedSetting'
