"""/v3/services, /v3/endpoints and /v3/regions: the seeded catalog, read."""


def test_services(identity, admin_token):
    status, _, body = identity.request('GET', '/v3/services', token=admin_token)
    assert status == 200
    by_type = {s['type']: s for s in body['services']}
    assert {t: s['name'] for t, s in by_type.items()} == {
        'identity': 'keystone', 'compute': 'nova', 'image': 'glance', 'network': 'neutron',
        'block-storage': 'cinder', 'volumev3': 'cinderv3'}
    nova = by_type['compute']
    assert nova['enabled'] is True
    assert nova['links']['self'] == 'http://localhost/identity/v3/services/%s' % nova['id']
    status, _, body = identity.request('GET', '/v3/services/%s' % nova['id'],
                                       token=admin_token)
    assert status == 200 and body['service'] == nova
    _, _, body = identity.request('GET', '/v3/services?type=image', token=admin_token)
    assert [s['name'] for s in body['services']] == ['glance']
    status, _, body = identity.request('GET', '/v3/services/nope', token=admin_token)
    assert status == 404 and body['error']['message'] == 'Could not find service: nope.'


def test_endpoints(identity, admin_token):
    _, _, services = identity.request('GET', '/v3/services?type=network', token=admin_token)
    neutron_id = services['services'][0]['id']
    status, _, body = identity.request('GET', '/v3/endpoints', token=admin_token)
    assert status == 200 and len(body['endpoints']) == 18
    _, _, body = identity.request(
        'GET', '/v3/endpoints?interface=public&service_id=%s&region_id=RegionOne' % neutron_id,
        token=admin_token)
    [endpoint] = body['endpoints']
    assert endpoint['url'] == 'http://cloud.example:8774/networking'
    assert endpoint['region'] == endpoint['region_id'] == 'RegionOne'
    assert endpoint['service_id'] == neutron_id and endpoint['interface'] == 'public'
    assert endpoint['links']['self'].endswith('/v3/endpoints/%s' % endpoint['id'])
    status, _, body = identity.request('GET', '/v3/endpoints/%s' % endpoint['id'],
                                       token=admin_token)
    assert status == 200 and body['endpoint'] == endpoint
    status, _, body = identity.request('GET', '/v3/endpoints/nope', token=admin_token)
    assert status == 404 and body['error']['message'] == 'Could not find endpoint: nope.'
    # Keystone validates the query: interface is one of public, internal, admin
    status, _, body = identity.request('GET', '/v3/endpoints?interface=nothing',
                                       token=admin_token)
    assert status == 400 and body['error']['title'] == 'Bad Request'
    assert "'nothing' is not one of" in body['error']['message']


def test_regions_for_everyone(identity, demo_token):
    status, _, body = identity.request('GET', '/v3/regions', token=demo_token)
    assert status == 200
    assert body['regions'] == [{
        'id': 'RegionOne', 'description': '', 'parent_region_id': None,
        'links': {'self': 'http://localhost/identity/v3/regions/RegionOne'}}]


def test_members_cannot_read_service_and_endpoint_lists(identity, demo_token):
    assert identity.request('GET', '/v3/services', token=demo_token)[0] == 403
    assert identity.request('GET', '/v3/endpoints', token=demo_token)[0] == 403
