"""Neutron details over HTTP: tags, subnet pools, address scopes, CIDR normalization,
If-Match revisions, service types, provider networks, auto-allocated topology."""
import uuid

import pytest

NET = '/networking/v2.0'


def _name(prefix):
    return '%s-%s' % (prefix, uuid.uuid4().hex[:8])


def neutron_error(body, kind, status=None):
    assert set(body) == {'NeutronError'}, body
    assert body['NeutronError']['type'] == kind, body
    return body['NeutronError']['message']


def create(cloud, collection, resource, token='demo', **attrs):
    status, _, body = cloud.request('POST', '%s/%s' % (NET, collection),
                                    body={resource: attrs}, token=token)
    assert status == 201, body
    return body[resource]


@pytest.fixture
def net(cloud):
    network = create(cloud, 'networks', 'network', name=_name('tagnet'))
    yield network
    cloud.request('DELETE', '%s/networks/%s' % (NET, network['id']))


# --------------------------------------------------------------------------- tags

def test_tags_replace_add_show_delete_and_revision(cloud, net):
    base = '%s/networks/%s' % (NET, net['id'])
    rev = net['revision_number']
    status, _, body = cloud.request('PUT', base + '/tags', body={'tags': ['red', 'blue']})
    assert status == 200 and sorted(body['tags']) == ['blue', 'red']
    status, _, shown = cloud.request('GET', base)
    assert sorted(shown['network']['tags']) == ['blue', 'red']
    assert shown['network']['revision_number'] == rev + 1
    # the same set again changes nothing
    cloud.request('PUT', base + '/tags', body={'tags': ['blue', 'red']})
    assert cloud.request('GET', base)[2]['network']['revision_number'] == rev + 1
    status, _, body = cloud.request('PUT', base + '/tags/green')
    assert status == 201 and body is None
    assert cloud.request('GET', base + '/tags/green')[0] == 204
    status, _, body = cloud.request('GET', base + '/tags/purple')
    assert status == 404
    assert neutron_error(body, 'TagNotFound') == 'Tag purple could not be found.'
    status, _, body = cloud.request('GET', base + '/tags')
    assert status == 200 and body == {'tags': ['blue', 'green', 'red']}
    assert cloud.request('DELETE', base + '/tags/green')[0] == 204
    status, _, body = cloud.request('DELETE', base + '/tags/green')
    assert status == 404 and neutron_error(body, 'TagNotFound')
    assert cloud.request('DELETE', base + '/tags')[0] == 204
    shown = cloud.request('GET', base)[2]['network']
    assert shown['tags'] == [] and shown['revision_number'] == rev + 4


@pytest.mark.parametrize('body,message', [
    ({'tag': ['x']}, 'Invalid tags body'),
    ([], 'Invalid tags body'),
    ({'tags': 'red'}, "'red' is not a list"),
    ({'tags': ['a' * 256]}, 'exceeds maximum length of 255'),
    ({'tags': [1]}, "'1' is not a valid string"),
    ({'tags': ['a', 'a']}, "Duplicate items in the list: 'a'"),
])
def test_bad_tags_body_is_invalid_input_and_changes_nothing(cloud, net, body, message):
    base = '%s/networks/%s' % (NET, net['id'])
    cloud.request('PUT', base + '/tags', body={'tags': ['keep']})
    status, _, answer = cloud.request('PUT', base + '/tags', body=body)
    assert status == 400
    assert message in neutron_error(answer, 'InvalidInput')
    assert cloud.request('GET', base + '/tags')[2] == {'tags': ['keep']}


def test_tag_too_long_and_unknown_resource(cloud, net):
    base = '%s/networks/%s' % (NET, net['id'])
    status, _, body = cloud.request('PUT', base + '/tags/' + 'x' * 256)
    assert status == 400 and neutron_error(body, 'InvalidInput')
    missing = str(uuid.uuid4())
    status, _, body = cloud.request('PUT', '%s/networks/%s/tags' % (NET, missing),
                                    body={'tags': ['a']})
    assert status == 404
    assert neutron_error(body, 'TagResourceNotFound') == (
        'Resource networks %s could not be found.' % missing)
    status, _, body = cloud.request('GET', '%s/security-groups/%s/tags' % (NET, missing))
    assert status == 404


def test_tag_filters_on_every_tagged_collection(cloud):
    tag = _name('t')
    made = []
    net = create(cloud, 'networks', 'network', name=_name('f'))
    made.append(('networks', net['id']))
    subnet = create(cloud, 'subnets', 'subnet', network_id=net['id'], ip_version=4,
                    cidr='10.77.0.0/24')
    port = create(cloud, 'ports', 'port', network_id=net['id'], tags=[tag, 'port-only'])
    router = create(cloud, 'routers', 'router', name=_name('r'))
    sg = create(cloud, 'security-groups', 'security_group', name=_name('sg'))
    pool = create(cloud, 'subnetpools', 'subnetpool', name=_name('p'),
                  prefixes=['192.168.240.0/20'])
    try:
        assert sorted(port['tags']) == sorted([tag, 'port-only'])
        for collection, item in (('networks', net), ('subnets', subnet), ('routers', router),
                                 ('security-groups', sg), ('subnetpools', pool)):
            status, _, _ = cloud.request('PUT', '%s/%s/%s/tags' % (NET, collection,
                                                                   item['id']),
                                         body={'tags': [tag, 'other']})
            assert status == 200, collection
        for collection, item in (('networks', net), ('subnets', subnet), ('ports', port),
                                 ('routers', router), ('security-groups', sg),
                                 ('subnetpools', pool)):
            key = collection.replace('-', '_')
            ids = lambda q: [i['id'] for i in cloud.request(  # noqa: E731
                'GET', '%s/%s?%s' % (NET, collection, q))[2][key]]
            assert ids('tags=' + tag) == [item['id']], collection
            assert ids('tags=%s,nothing' % tag) == [], collection
            assert ids('tags-any=nothing,%s' % tag) == [item['id']], collection
            assert item['id'] not in ids('not-tags=' + tag), collection
            assert item['id'] in ids('not-tags=%s,nothing' % tag), collection
            assert item['id'] not in ids('not-tags-any=nothing,%s' % tag), collection
    finally:
        cloud.request('DELETE', '%s/ports/%s' % (NET, port['id']))
        cloud.request('DELETE', '%s/routers/%s' % (NET, router['id']))
        cloud.request('DELETE', '%s/security-groups/%s' % (NET, sg['id']))
        cloud.request('DELETE', '%s/subnetpools/%s' % (NET, pool['id']))
        cloud.request('DELETE', '%s/networks/%s' % (NET, net['id']))
    # tags go with their resources
    status, _, body = cloud.request('GET', '%s/ports?tags=%s' % (NET, tag))
    assert body['ports'] == []
    status, _, body = cloud.request('GET', '%s/networks/%s/tags' % (NET, net['id']))
    assert status == 404


def test_port_create_with_bad_tags_creates_nothing(cloud, net):
    before = len(cloud.request('GET', '%s/ports?network_id=%s' % (NET, net['id']))[2]['ports'])
    status, _, body = cloud.request('POST', NET + '/ports', body={'port': {
        'network_id': net['id'], 'tags': ['a', 'a']}})
    assert status == 400 and 'Duplicate items' in body['NeutronError']['message']
    after = cloud.request('GET', '%s/ports?network_id=%s' % (NET, net['id']))[2]['ports']
    assert len(after) == before


def test_other_project_cannot_see_or_change_tags(cloud, net):
    base = '%s/networks/%s/tags' % (NET, net['id'])
    cloud.request('PUT', base, body={'tags': ['mine']})
    admin_net = create(cloud, 'networks', 'network', token='admin', name=_name('adm'))
    try:
        status, _, body = cloud.request('GET', '%s/networks/%s/tags' % (NET, admin_net['id']))
        assert status == 404
        # the admin may tag the demo project's network
        status, _, _ = cloud.request('PUT', base + '/admin-was-here', token='admin')
        assert status == 201
    finally:
        cloud.request('DELETE', '%s/networks/%s' % (NET, admin_net['id']), token='admin')


def test_extensions_listed(cloud):
    aliases = {e['alias'] for e in cloud.request('GET', NET + '/extensions')[2]['extensions']}
    assert {'standard-attr-tag', 'revision-if-match', 'subnetpool', 'subnet_allocation',
            'default-subnetpools', 'address-scope', 'subnet-service-types', 'provider',
            'auto-allocated-topology', 'tag-ports-during-bulk-creation'} <= aliases


# --------------------------------------------------------------------------- subnets

def test_subnet_cidr_host_bits_cleared(cloud, net):
    subnet = create(cloud, 'subnets', 'subnet', network_id=net['id'], ip_version=4,
                    cidr='10.99.99.0/16')
    assert subnet['cidr'] == '10.99.0.0/16'
    assert subnet['gateway_ip'] == '10.99.0.1'
    assert subnet['allocation_pools'] == [{'start': '10.99.0.2', 'end': '10.99.255.254'}]
    v6 = create(cloud, 'subnets', 'subnet', network_id=net['id'], ip_version=6,
                cidr='fd00:0:0:1::5/64')
    assert v6['cidr'] == 'fd00:0:0:1::/64'


def test_subnet_service_types(cloud, net):
    subnet = create(cloud, 'subnets', 'subnet', network_id=net['id'], ip_version=4,
                    cidr='10.98.0.0/24', service_types=['network:router_gateway'])
    assert subnet['service_types'] == ['network:router_gateway']
    status, _, body = cloud.request('PUT', '%s/subnets/%s' % (NET, subnet['id']), body={
        'subnet': {'service_types': ['compute:nova']}})
    assert status == 200 and body['subnet']['service_types'] == ['compute:nova']
    status, _, body = cloud.request('POST', NET + '/subnets', body={'subnet': {
        'network_id': net['id'], 'ip_version': 4, 'cidr': '10.98.1.0/24',
        'service_types': ['banana']}})
    assert status == 400 and 'does not correspond to a valid device owner' in \
        body['NeutronError']['message']
    status, _, body = cloud.request('POST', NET + '/subnets', body={'subnet': {
        'network_id': net['id'], 'ip_version': 4, 'cidr': '10.98.1.0/24', 'prefixlen': 24}})
    assert status == 400 and 'cidr and prefixlen must not be supplied together' in \
        neutron_error(body, 'BadRequest')


# --------------------------------------------------------------------------- subnet pools

def test_subnetpool_crud_defaults_and_errors(cloud):
    pool = create(cloud, 'subnetpools', 'subnetpool', name=_name('pool'),
                  prefixes=['10.200.0.0/17', '10.200.128.0/17'], default_prefixlen=26)
    try:
        assert pool['prefixes'] == ['10.200.0.0/16']
        assert (pool['ip_version'], pool['min_prefixlen'], pool['max_prefixlen'],
                pool['default_prefixlen']) == (4, 8, 32, 26)
        assert pool['is_default'] is False and pool['shared'] is False
        assert pool['default_quota'] is None and pool['address_scope_id'] is None
        assert pool['tags'] == [] and pool['revision_number'] == 1
        assert pool['tenant_id'] == pool['project_id']
        status, _, body = cloud.request('PUT', '%s/subnetpools/%s' % (NET, pool['id']),
                                        body={'subnetpool': {'prefixes': ['10.201.0.0/16']}})
        assert status == 400
        assert 'Existing prefixes must be a subset' in neutron_error(
            body, 'IllegalSubnetPoolPrefixUpdate')
        status, _, body = cloud.request('PUT', '%s/subnetpools/%s' % (NET, pool['id']),
                                        body={'subnetpool': {'min_prefixlen': 28}})
        assert status == 400 and neutron_error(body, 'IllegalSubnetPoolPrefixBounds') == (
            'Illegal prefix bounds: default_prefixlen=26, min_prefixlen=28.')
        status, _, body = cloud.request('PUT', '%s/subnetpools/%s' % (NET, pool['id']),
                                        body={'subnetpool': {
                                            'prefixes': ['10.200.0.0/16', '10.202.0.0/16'],
                                            'name': 'renamed'}})
        assert status == 200, body
        assert body['subnetpool']['prefixes'] == ['10.200.0.0/16', '10.202.0.0/16']
        assert body['subnetpool']['revision_number'] == 2
        status, _, body = cloud.request('PUT', '%s/subnetpools/%s' % (NET, pool['id']),
                                        body={'subnetpool': {'is_default': True}})
        assert status == 403 and neutron_error(body, 'PolicyNotAuthorized')
    finally:
        assert cloud.request('DELETE', '%s/subnetpools/%s' % (NET, pool['id']))[0] == 204
    status, _, body = cloud.request('GET', '%s/subnetpools/%s' % (NET, pool['id']))
    assert status == 404 and neutron_error(body, 'SubnetPoolNotFound')


@pytest.mark.parametrize('attrs,kind', [
    ({'prefixes': []}, 'EmptySubnetPoolPrefixList'),
    ({'prefixes': ['10.0.0.0/8', 'fd00::/48']}, 'PrefixVersionMismatch'),
    ({'prefixes': ['10.0.0.0/8'], 'min_prefixlen': 24, 'max_prefixlen': 16},
     'IllegalSubnetPoolPrefixBounds'),
    ({'prefixes': ['10.0.0.0/8'], 'max_prefixlen': 33}, 'IllegalSubnetPoolPrefixBounds'),
    ({'prefixes': ['banana']}, 'HTTPBadRequest'),
    ({'prefixes': ['10.0.0.0/8'], 'default_quota': -1}, 'HTTPBadRequest'),
    ({'prefixes': ['10.0.0.0/8'], 'shared': True}, 'PolicyNotAuthorized'),
    ({}, 'HTTPBadRequest'),
])
def test_subnetpool_bad_create(cloud, attrs, kind):
    name = _name('bad')
    status, _, body = cloud.request('POST', NET + '/subnetpools',
                                    body={'subnetpool': dict(attrs, name=name)})
    assert status in (400, 403), body
    neutron_error(body, kind)
    listed = cloud.request('GET', '%s/subnetpools?name=%s' % (NET, name))[2]['subnetpools']
    assert listed == []


def test_subnets_from_a_pool(cloud, net):
    pool = create(cloud, 'subnetpools', 'subnetpool', name=_name('alloc'),
                  prefixes=['10.210.0.0/22'], default_prefixlen=24, min_prefixlen=23,
                  max_prefixlen=26)
    base = {'network_id': net['id'], 'ip_version': 4, 'subnetpool_id': pool['id']}
    try:
        first = create(cloud, 'subnets', 'subnet', **base)
        assert first['cidr'] == '10.210.0.0/24' and first['subnetpool_id'] == pool['id']
        assert first['gateway_ip'] == '10.210.0.1'
        second = create(cloud, 'subnets', 'subnet', prefixlen=26, **base)
        assert second['cidr'] == '10.210.1.0/26'
        third = create(cloud, 'subnets', 'subnet', cidr='10.210.2.0/23', **base)
        assert third['cidr'] == '10.210.2.0/23'
        for attrs, status, kind, text in (
                ({'prefixlen': 27}, 400, 'MaxPrefixSubnetAllocationError',
                 'maximum allowed prefix is 26'),
                ({'prefixlen': 22}, 400, 'MinPrefixSubnetAllocationError',
                 'minimum allowed prefix is 23'),
                ({'cidr': '10.210.0.0/24'}, 409, 'SubnetAllocationError',
                 'Cannot allocate requested subnet from the available set of prefixes'),
                ({'cidr': '192.168.9.0/24'}, 409, 'SubnetAllocationError',
                 'Cannot allocate requested subnet'),
                ({'prefixlen': 24}, 409, 'SubnetAllocationError',
                 'Insufficient prefix space to allocate subnet size /24'),
                ({'ip_version': 6}, 400, 'BadRequest',
                 'Cannot allocate IPv6 subnet from IPv4 subnet pool'),
                ({'subnetpool_id': str(uuid.uuid4())}, 404, 'SubnetPoolNotFound', '')):
            status_, _, body = cloud.request('POST', NET + '/subnets',
                                             body={'subnet': dict(base, **attrs)})
            assert status_ == status, (attrs, body)
            assert text in neutron_error(body, kind)
        status, _, body = cloud.request('DELETE', '%s/subnetpools/%s' % (NET, pool['id']))
        assert status == 400 and neutron_error(body, 'SubnetPoolDeleteError') == (
            'Unable to delete subnet pool: Subnet pool has existing allocations.')
        status, _, body = cloud.request('POST', NET + '/subnets', body={'subnet': {
            'network_id': net['id'], 'ip_version': 4, 'cidr': '10.211.0.0/24'}})
        assert status == 400 and neutron_error(body, 'NetworkSubnetPoolAffinityError')
        subnets = cloud.request('GET', '%s/subnets?network_id=%s' % (NET, net['id']))[2]
        assert sorted(s['cidr'] for s in subnets['subnets']) == [
            '10.210.0.0/24', '10.210.1.0/26', '10.210.2.0/23']
    finally:
        for subnet in cloud.request('GET', '%s/subnets?network_id=%s'
                                    % (NET, net['id']))[2]['subnets']:
            cloud.request('DELETE', '%s/subnets/%s' % (NET, subnet['id']))
        cloud.request('DELETE', '%s/subnetpools/%s' % (NET, pool['id']))


def test_default_subnetpool_seeded_and_used(cloud, net):
    pools = cloud.request('GET', NET + '/subnetpools?is_default=true')[2]['subnetpools']
    assert [(p['name'], p['prefixes'], p['shared']) for p in pools] == [
        ('shared-default-subnetpool', ['10.0.0.0/8'], True)]
    subnet = create(cloud, 'subnets', 'subnet', network_id=net['id'], ip_version=4,
                    use_default_subnetpool=True)
    assert subnet['subnetpool_id'] == pools[0]['id']
    assert subnet['cidr'].endswith('/24')
    cloud.request('DELETE', '%s/subnets/%s' % (NET, subnet['id']))
    status, _, body = cloud.request('POST', NET + '/subnetpools', token='admin', body={
        'subnetpool': {'name': _name('dflt'), 'prefixes': ['172.30.0.0/16'],
                       'is_default': True}})
    assert status == 400 and 'A default subnetpool for this IP family has already been set' \
        in neutron_error(body, 'InvalidInput')


# --------------------------------------------------------------------------- address scopes

def test_address_scopes(cloud):
    scope = create(cloud, 'address-scopes', 'address_scope', name=_name('scope'),
                   ip_version=4)
    try:
        assert set(scope) == {'id', 'name', 'project_id', 'tenant_id', 'shared',
                              'ip_version'}
        pool = create(cloud, 'subnetpools', 'subnetpool', name=_name('scoped'),
                      prefixes=['10.220.0.0/16'], address_scope_id=scope['id'])
        assert pool['address_scope_id'] == scope['id']
        status, _, body = cloud.request('POST', NET + '/subnetpools', body={'subnetpool': {
            'name': _name('clash'), 'prefixes': ['10.220.128.0/17'],
            'address_scope_id': scope['id']}})
        assert status == 409 and neutron_error(body, 'AddressScopePrefixConflict')
        status, _, body = cloud.request('POST', NET + '/subnetpools', body={'subnetpool': {
            'name': _name('v6'), 'prefixes': ['fd00:1::/48'], 'address_scope_id': scope['id']}})
        assert status == 400
        neutron_error(body, 'IllegalSubnetPoolIpVersionAssociationToAddressScope')
        status, _, body = cloud.request('DELETE', '%s/address-scopes/%s' % (NET, scope['id']))
        assert status == 409 and neutron_error(body, 'AddressScopeInUse')
        cloud.request('DELETE', '%s/subnetpools/%s' % (NET, pool['id']))
        status, _, body = cloud.request('PUT', '%s/address-scopes/%s' % (NET, scope['id']),
                                        body={'address_scope': {'name': 'renamed'}})
        assert status == 200 and body['address_scope']['name'] == 'renamed'
        status, _, body = cloud.request('PUT', '%s/address-scopes/%s' % (NET, scope['id']),
                                        body={'address_scope': {'ip_version': 6}})
        assert status == 400
        status, _, body = cloud.request('POST', NET + '/address-scopes', body={
            'address_scope': {'name': 'x', 'ip_version': 5}})
        assert status == 400 and neutron_error(body, 'HTTPBadRequest')
    finally:
        assert cloud.request('DELETE', '%s/address-scopes/%s'
                             % (NET, scope['id']))[0] == 204
    status, _, body = cloud.request('GET', '%s/address-scopes/%s' % (NET, scope['id']))
    assert status == 404 and neutron_error(body, 'AddressScopeNotFound')


# --------------------------------------------------------------------------- If-Match

def test_if_match_revision(cloud, net):
    url = '%s/networks/%s' % (NET, net['id'])
    rev = cloud.request('GET', url)[2]['network']['revision_number']
    status, _, body = cloud.request('PUT', url, body={'network': {'name': 'stale'}},
                                    headers={'If-Match': 'revision_number=%s' % (rev - 1)})
    assert status == 412
    assert neutron_error(body, 'RevisionNumberConstraintFailed') == (
        'Constrained to %s, but current revision is %s' % (rev - 1, rev))
    assert cloud.request('GET', url)[2]['network']['name'] == net['name']
    status, _, body = cloud.request('PUT', url, body={'network': {'name': 'fresh'}},
                                    headers={'If-Match': 'revision_number=%s' % rev})
    assert status == 200 and body['network']['revision_number'] == rev + 1
    status, _, body = cloud.request('PUT', url, body={'network': {'name': 'x'}},
                                    headers={'If-Match': 'revision_number=abc'})
    assert status == 400 and neutron_error(body, 'BadRequest') == (
        'Bad if-match request: Revision number etag must be in the format of '
        'revision_number=<int>.')
    subnet = create(cloud, 'subnets', 'subnet', network_id=net['id'], ip_version=4,
                    cidr='10.97.0.0/24')
    port = create(cloud, 'ports', 'port', network_id=net['id'])
    sg = create(cloud, 'security-groups', 'security_group', name=_name('ifm'))
    router = create(cloud, 'routers', 'router', name=_name('ifm'))
    for collection, item in (('ports', port), ('subnets', subnet),
                             ('security-groups', sg), ('routers', router)):
        item_url = '%s/%s/%s' % (NET, collection, item['id'])
        stale = {'If-Match': 'revision_number=%s' % (item['revision_number'] + 7)}
        status, _, body = cloud.request('DELETE', item_url, headers=stale)
        assert status == 412, (collection, body)
        assert cloud.request('GET', item_url)[0] == 200
        fresh = {'If-Match': 'revision_number=%s' % item['revision_number']}
        assert cloud.request('DELETE', item_url, headers=fresh)[0] == 204, collection


# --------------------------------------------------------------------------- provider

def test_provider_attributes_admin_only(cloud):
    mine = create(cloud, 'networks', 'network', name=_name('plain'))
    try:
        assert 'provider:network_type' not in mine
        shown = cloud.request('GET', '%s/networks/%s' % (NET, mine['id']), token='admin')[2]
        assert shown['network']['provider:network_type'] == 'geneve'
        assert shown['network']['provider:physical_network'] is None
        assert isinstance(shown['network']['provider:segmentation_id'], int)
        status, _, body = cloud.request('POST', NET + '/networks', body={'network': {
            'name': 'x', 'provider:network_type': 'vlan'}})
        assert status == 403 and neutron_error(body, 'PolicyNotAuthorized')
    finally:
        cloud.request('DELETE', '%s/networks/%s' % (NET, mine['id']))


def test_provider_networks_as_ml2(cloud):
    made = []

    def post(**attrs):
        return cloud.request('POST', NET + '/networks', token='admin',
                             body={'network': dict(attrs, name=_name('prov'))})
    try:
        status, _, body = post(**{'provider:network_type': 'vlan',
                                  'provider:physical_network': 'physnet1',
                                  'provider:segmentation_id': 101})
        assert status == 201, body
        made.append(body['network']['id'])
        assert body['network']['provider:segmentation_id'] == 101
        status, _, body = post(**{'provider:network_type': 'vlan',
                                  'provider:physical_network': 'physnet1'})
        assert status == 201 and body['network']['provider:segmentation_id'] == 1
        made.append(body['network']['id'])
        status, _, body = post(**{'provider:network_type': 'vxlan'})
        assert status == 201 and body['network']['provider:segmentation_id'] == 1
        made.append(body['network']['id'])
        vlans = cloud.request('GET', NET + '/networks?provider:network_type=vlan',
                              token='admin')[2]['networks']
        assert {n['id'] for n in vlans} == set(made[:2])
        for attrs, kind, text in (
                ({'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1',
                  'provider:segmentation_id': 101}, 'VlanIdInUse', 'The VLAN 101'),
                ({'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1',
                  'provider:segmentation_id': 4095}, 'InvalidInput', 'out of range'),
                ({'provider:network_type': 'vlan', 'provider:segmentation_id': 5},
                 'InvalidInput', 'requires physical_network'),
                ({'provider:network_type': 'flat'}, 'InvalidInput',
                 'physical_network required for flat provider network'),
                ({'provider:network_type': 'flat', 'provider:physical_network': 'public'},
                 'FlatNetworkInUse', 'Physical network public is in use'),
                ({'provider:network_type': 'vxlan', 'provider:physical_network': 'x'},
                 'InvalidInput', 'provider:physical_network specified for vxlan network'),
                ({'provider:network_type': 'banana'}, 'InvalidInput', 'not supported'),
                ({'provider:physical_network': 'physnet1'}, 'InvalidInput',
                 'network_type required')):
            status, _, body = post(**attrs)
            assert status in (400, 409), (attrs, body)
            assert text in neutron_error(body, kind), attrs
        status, _, body = cloud.request('PUT', '%s/networks/%s' % (NET, made[2]),
                                        token='admin', body={'network': {
                                            'provider:segmentation_id': 77}})
        assert status == 400 and 'Only VLAN type networks can be updated' in \
            neutron_error(body, 'InvalidInput')
        status, _, body = cloud.request('PUT', '%s/networks/%s' % (NET, made[0]),
                                        token='admin', body={'network': {
                                            'provider:segmentation_id': 202}})
        assert status == 200 and body['network']['provider:segmentation_id'] == 202
    finally:
        for net_id in made:
            cloud.request('DELETE', '%s/networks/%s' % (NET, net_id), token='admin')


# --------------------------------------------------------------------------- routers

def _public(cloud):
    nets = cloud.request('GET', NET + '/networks?name=public', token='admin')[2]['networks']
    return nets[0]


def test_router_gateway_fixed_ips_kept_and_ports_active(cloud, net):
    public = _public(cloud)
    assert public['is_default'] is True
    subnet_id = public['subnets'][0]
    router = cloud.request('POST', NET + '/routers', token='admin', body={'router': {
        'name': _name('gw'), 'external_gateway_info': {
            'network_id': public['id'],
            'external_fixed_ips': [{'subnet_id': subnet_id, 'ip_address': '172.24.4.77'}]}}})
    assert router[0] == 201, router
    router = router[2]['router']
    url = '%s/routers/%s' % (NET, router['id'])
    try:
        ips = router['external_gateway_info']['external_fixed_ips']
        assert ips == [{'subnet_id': subnet_id, 'ip_address': '172.24.4.77'}]
        for info in ({'network_id': public['id'], 'external_fixed_ips': ips},
                     {'network_id': public['id'],
                      'external_fixed_ips': [{'subnet_id': subnet_id}]},
                     {'network_id': public['id']}):
            status, _, body = cloud.request('PUT', url, token='admin', body={
                'router': {'external_gateway_info': info}})
            assert status == 200, body
            assert body['router']['external_gateway_info']['external_fixed_ips'] == ips
        gw = cloud.request('GET', '%s/ports?device_id=%s&device_owner=network:router_gateway'
                           % (NET, router['id']), token='admin')[2]['ports']
        assert len(gw) == 1 and gw[0]['status'] == 'ACTIVE'
        subnet = create(cloud, 'subnets', 'subnet', network_id=net['id'], ip_version=4,
                        cidr='10.96.0.0/24')
        status, _, body = cloud.request('PUT', url + '/add_router_interface', token='admin',
                                        body={'subnet_id': subnet['id']})
        assert status == 200, body
        port = cloud.request('GET', '%s/ports/%s' % (NET, body['port_id']),
                             token='admin')[2]['port']
        assert port['status'] == 'ACTIVE' and port['binding:vif_type'] == 'ovs'
        assert port['binding:host_id']
        cloud.request('PUT', url + '/remove_router_interface', token='admin',
                      body={'subnet_id': subnet['id']})
    finally:
        cloud.request('DELETE', url, token='admin')


# --------------------------------------------------------------------------- auto-allocate

def _new_project(cloud):
    suffix = uuid.uuid4().hex[:8]
    name = 'gman-%s' % suffix
    status, _, project = cloud.request('POST', '/identity/v3/projects', token='admin', body={
        'project': {'name': name, 'domain_id': 'default'}})
    assert status == 201, project
    status, _, user = cloud.request('POST', '/identity/v3/users', token='admin', body={
        'user': {'name': name, 'password': 'gman-pw', 'domain_id': 'default'}})
    assert status == 201, user
    roles = cloud.request('GET', '/identity/v3/roles?name=member', token='admin')[2]['roles']
    status, _, _ = cloud.request('PUT', '/identity/v3/projects/%s/users/%s/roles/%s' % (
        project['project']['id'], user['user']['id'], roles[0]['id']), token='admin')
    assert status == 204
    status, headers, _ = cloud.auth(name, name, password='gman-pw')
    assert status == 201
    return project['project']['id'], headers['X-Subject-Token']


def test_auto_allocated_topology(cloud):
    project_id, token = _new_project(cloud)
    url = '%s/auto-allocated-topology/%s' % (NET, project_id)
    status, _, body = cloud.request('GET', url + '?fields=dry-run', token=token)
    assert status == 200 and body['auto_allocated_topology']['id'] == 'dry-run=pass'
    status, _, body = cloud.request('GET', url + '?fields=name', token=token)
    assert status == 400 and neutron_error(body, 'BadRequest') == (
        'Bad auto_allocate request: Unrecognized field.')
    status, _, body = cloud.request('GET', '%s/auto-allocated-topology/%s'
                                    % (NET, uuid.uuid4().hex), token=token)
    assert status == 403 and neutron_error(body, 'NotAuthorized')
    status, _, body = cloud.request('GET', url, token=token)
    assert status == 200, body
    net_id = body['auto_allocated_topology']['id']
    assert body['auto_allocated_topology']['project_id'] == project_id
    again = cloud.request('GET', '%s/auto-allocated-topology/None' % NET, token=token)[2]
    assert again['auto_allocated_topology']['id'] == net_id
    network = cloud.request('GET', '%s/networks/%s' % (NET, net_id), token=token)[2]['network']
    assert network['name'] == 'auto_allocated_network' and network['admin_state_up']
    subnet = cloud.request('GET', '%s/subnets/%s' % (NET, network['subnets'][0]),
                           token=token)[2]['subnet']
    assert subnet['name'] == 'auto_allocated_subnet_v4' and subnet['subnetpool_id']
    routers = cloud.request('GET', NET + '/routers', token=token)[2]['routers']
    assert [r['name'] for r in routers] == ['auto_allocated_router']
    assert routers[0]['external_gateway_info']['network_id'] == _public(cloud)['id']
    assert cloud.request('DELETE', url, token=token)[0] == 204
    assert cloud.request('GET', '%s/networks/%s' % (NET, net_id), token=token)[0] == 404
    assert cloud.request('GET', NET + '/routers', token=token)[2]['routers'] == []


def test_auto_allocation_without_default_external_network(cloud):
    project_id, token = _new_project(cloud)
    public = _public(cloud)
    url = '%s/networks/%s' % (NET, public['id'])
    assert cloud.request('PUT', url, token='admin',
                         body={'network': {'is_default': False}})[0] == 200
    try:
        topo = '%s/auto-allocated-topology/%s' % (NET, project_id)
        for suffix in ('?fields=dry-run', ''):
            status, _, body = cloud.request('GET', topo + suffix, token=token)
            assert status == 409
            assert neutron_error(body, 'AutoAllocationFailure') == (
                'Deployment error: No default router:external network.')
        status, _, body = cloud.request('POST', '/compute/v2.1/servers', token=token,
                                        version='2.37', body={'server': {
                                            'name': 'x', 'flavorRef': '1',
                                            'imageRef': _image(cloud), 'networks': 'auto'}})
        assert status == 400
        assert body['badRequest']['message'] == (
            'Unable to automatically allocate a network for project %s' % project_id)
        nets = cloud.request('GET', NET + '/networks', token=token)[2]['networks']
        assert [n for n in nets if n['project_id'] == project_id] == []
    finally:
        cloud.request('PUT', url, token='admin', body={'network': {'is_default': True}})
    status, _, body = cloud.request('POST', NET + '/networks', token='admin', body={
        'network': {'name': _name('ext'), 'router:external': True, 'is_default': True}})
    assert status == 409 and neutron_error(body, 'DefaultExternalNetworkExists')


def _image(cloud):
    # the seeded public image: other tests' private images are not the new project's
    return cloud.request('GET', '/image/v2/images?visibility=public&name=cirros')[2][
        'images'][0]['id']


def test_nova_networks_auto_multi_create(cloud):
    project_id, token = _new_project(cloud)
    status, _, body = cloud.request('POST', '/compute/v2.1/servers', token=token,
                                    version='2.37', body={'server': {
                                        'name': 'gman', 'flavorRef': '1',
                                        'imageRef': _image(cloud), 'networks': 'auto',
                                        'min_count': 3, 'return_reservation_id': True}})
    assert status == 202, body
    reservation = body['reservation_id']
    servers = cloud.request('GET', '/compute/v2.1/servers/detail?reservation_id=%s'
                            % reservation, token=token)[2]['servers']
    assert len(servers) == 3
    topology = cloud.request('GET', '%s/auto-allocated-topology/%s' % (NET, project_id),
                             token=token)[2]['auto_allocated_topology']
    try:
        for server in servers:
            done, _ = cloud.wait_server(server['id'], token=token)
            assert done['status'] == 'ACTIVE', done
            assert list(done['addresses']) == ['auto_allocated_network']
            [address] = done['addresses']['auto_allocated_network']
            assert address['version'] == 4
            ports = cloud.request('GET', '%s/ports?device_id=%s' % (NET, server['id']),
                                  token=token)[2]['ports']
            assert len(ports) == 1 and ports[0]['network_id'] == topology['id']
        nets = cloud.request('GET', NET + '/networks?name=auto_allocated_network',
                             token=token)[2]['networks']
        assert [n['id'] for n in nets] == [topology['id']]
    finally:
        for server in servers:
            cloud.request('DELETE', '/compute/v2.1/servers/%s' % server['id'], token=token)
        for server in servers:
            cloud.wait_gone(server['id'], token=token)
