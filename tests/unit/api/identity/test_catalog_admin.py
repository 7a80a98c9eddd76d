"""Catalog writes: /v3/regions, /v3/services and /v3/endpoints (create, update, delete)."""
import pytest

from novalite.identity import seed

from .conftest import PUBLIC_URL


@pytest.fixture
def admin(identity, admin_token):
    def _call(method, path, body=None, token=admin_token):
        return identity.request(method, path, token=token, body=body)
    return _call


def _token_catalog(identity, admin_token):
    status, _, body = identity.request('GET', '/v3/auth/catalog', token=admin_token)
    assert status == 200
    return body['catalog']


def test_seeded_region_is_shown(admin):
    status, _, body = admin('GET', '/v3/regions/RegionOne')
    assert status == 200
    assert body['region'] == {
        'id': 'RegionOne', 'description': '', 'parent_region_id': None,
        'links': {'self': 'http://localhost/identity/v3/regions/RegionOne'}}
    status, _, body = admin('GET', '/v3/regions/nope')
    assert status == 404 and body['error']['message'] == 'Could not find region: nope.'


def test_region_lifecycle(admin, demo_token):
    status, _, body = admin('POST', '/v3/regions', {'region': {'id': 'West',
                                                               'description': 'west'}})
    assert status == 201 and body['region']['id'] == 'West'
    status, _, body = admin('POST', '/v3/regions', {'region': {'id': 'West'}})
    assert status == 409
    assert body['error']['message'] == ('Conflict occurred attempting to store region - '
                                        'Duplicate ID, West..')
    status, _, body = admin('POST', '/v3/regions', {'region': {'parent_region_id': 'West'}})
    assert status == 201
    child = body['region']
    assert len(child['id']) == 32 and child['parent_region_id'] == 'West'
    assert child['description'] == ''
    _, _, body = admin('GET', '/v3/regions?parent_region_id=West')
    assert [r['id'] for r in body['regions']] == [child['id']]
    status, _, body = admin('PUT', '/v3/regions/East', {'region': {'description': 'e'}})
    assert status == 201 and body['region']['id'] == 'East'
    status, _, body = admin('PUT', '/v3/regions/East2', {'region': {'id': 'other'}})
    assert status == 400
    status, _, body = admin('PATCH', '/v3/regions/West', {'region': {
        'parent_region_id': child['id']}})
    assert status == 400 and 'circular region hierarchy' in body['error']['message']
    status, _, body = admin('PATCH', '/v3/regions/West', {'region': {
        'parent_region_id': 'nope'}})
    assert status == 404 and body['error']['message'] == 'Could not find region: nope.'
    status, _, body = admin('PATCH', '/v3/regions/West', {'region': {'description': None}})
    assert status == 200 and body['region']['description'] == ''
    assert admin('POST', '/v3/regions', {'region': {'id': 'x'}}, token=demo_token)[0] == 403
    # deleting a region deletes its children
    assert admin('DELETE', '/v3/regions/West')[0] == 204
    assert admin('GET', '/v3/regions/%s' % child['id'])[0] == 404
    assert admin('DELETE', '/v3/regions/West')[0] == 404


def test_region_with_endpoints_cannot_be_deleted(admin):
    admin('POST', '/v3/regions', {'region': {'id': 'Top'}})
    admin('POST', '/v3/regions', {'region': {'id': 'Below', 'parent_region_id': 'Top'}})
    _, _, svc = admin('POST', '/v3/services', {'service': {'type': 'dns'}})
    admin('POST', '/v3/endpoints', {'endpoint': {
        'service_id': svc['service']['id'], 'interface': 'public',
        'url': 'http://dns.example', 'region_id': 'Below'}})
    status, _, body = admin('DELETE', '/v3/regions/Top')
    assert status == 403
    assert body['error']['message'] == ('Unable to delete region Top because it or its child '
                                        'regions have associated endpoints.')
    assert admin('GET', '/v3/regions/Below')[0] == 200


def test_service_and_endpoint_lifecycle(identity, admin, admin_token):
    status, _, body = admin('POST', '/v3/services', {'service': {
        'type': 'dns', 'name': 'designate', 'description': 'DNS', 'owner': 'ops'}})
    assert status == 201
    service = body['service']
    assert service['enabled'] is True and service['owner'] == 'ops'
    assert service['links']['self'].endswith('/v3/services/%s' % service['id'])
    status, _, body = admin('POST', '/v3/endpoints', {'endpoint': {
        'service_id': service['id'], 'interface': 'public', 'region': 'Legacy',
        'url': 'http://dns.example:9001/$(project_id)s'}})
    assert status == 201
    endpoint = body['endpoint']
    assert endpoint['region'] == endpoint['region_id'] == 'Legacy'
    assert endpoint['enabled'] is True
    assert admin('GET', '/v3/regions/Legacy')[0] == 200   # created for the legacy attribute
    # Keystone fills in the token's project id; the endpoints API shows the template
    project_id = identity.request('GET', '/v3/auth/tokens', token=admin_token,
                                  headers={'X-Subject-Token': admin_token})[2][
        'token']['project']['id']
    entry = [s for s in _token_catalog(identity, admin_token) if s['type'] == 'dns']
    assert entry == [{'id': service['id'], 'type': 'dns', 'name': 'designate', 'endpoints': [{
        'id': endpoint['id'], 'interface': 'public', 'region': 'Legacy',
        'region_id': 'Legacy', 'url': 'http://dns.example:9001/%s' % project_id}]}]
    _, _, body = admin('GET', '/v3/endpoints?service_id=%s&interface=public' % service['id'])
    assert [e['id'] for e in body['endpoints']] == [endpoint['id']]
    status, _, body = admin('PATCH', '/v3/endpoints/%s' % endpoint['id'],
                            {'endpoint': {'enabled': False, 'url': 'https://dns.example'}})
    assert status == 200 and body['endpoint']['url'] == 'https://dns.example'
    entry = [s for s in _token_catalog(identity, admin_token) if s['type'] == 'dns']
    assert entry[0]['endpoints'] == []
    status, _, body = admin('PATCH', '/v3/services/%s' % service['id'],
                            {'service': {'enabled': False}})
    assert status == 200 and body['service']['enabled'] is False
    assert not [s for s in _token_catalog(identity, admin_token) if s['type'] == 'dns']
    assert admin('DELETE', '/v3/services/%s' % service['id'])[0] == 204
    assert admin('GET', '/v3/endpoints/%s' % endpoint['id'])[0] == 404
    assert admin('DELETE', '/v3/services/%s' % service['id'])[0] == 404


@pytest.mark.parametrize('endpoint, message', [
    ({'interface': 'public', 'url': 'http://x'}, "'service_id' is a required property"),
    ({'interface': 'outer', 'url': 'http://x', 'service_id': 'S'}, "is not one of"),
    ({'interface': 'public', 'url': 'no-scheme', 'service_id': 'S'}, 'does not match'),
    ({'interface': 'public', 'url': 'http://x/$(bogus)s', 'service_id': 'S'},
     'Cannot create an endpoint with an invalid URL: http://x/$(bogus)s.'),
    ({'interface': 'public', 'url': 'http://x', 'service_id': 'nope'},
     'endpoint service_id'),
    ({'interface': 'public', 'url': 'http://x', 'service_id': 'S', 'region_id': 'nope'},
     'endpoint region_id'),
    ({'interface': 'public', 'url': 'http://x', 'service_id': 'nope', 'region': 'NewR'},
     'endpoint service_id'),
])
def test_endpoint_bad_input(admin, endpoint, message):
    _, _, svc = admin('POST', '/v3/services', {'service': {'type': 'dns'}})
    before = admin('GET', '/v3/endpoints')[2]['endpoints']
    regions = admin('GET', '/v3/regions')[2]['regions']
    if endpoint.get('service_id') == 'S':
        endpoint = dict(endpoint, service_id=svc['service']['id'])
    status, _, body = admin('POST', '/v3/endpoints', {'endpoint': endpoint})
    assert status == 400, body
    assert body['error']['title'] == 'Bad Request' and message in body['error']['message']
    assert admin('GET', '/v3/endpoints')[2]['endpoints'] == before
    assert admin('GET', '/v3/regions')[2]['regions'] == regions


@pytest.mark.parametrize('body', [{'service': {}}, {'service': {'type': ''}},
                                  {'service': {'type': 'x', 'enabled': 'yes'}}, {}])
def test_service_bad_input(admin, body):
    status, _, resp = admin('POST', '/v3/services', body)
    assert status == 400 and resp['error']['code'] == 400
    assert len(admin('GET', '/v3/services')[2]['services']) == 6


def test_catalog_writes_need_admin(admin, demo_token):
    for method, path in (('POST', '/v3/services'), ('POST', '/v3/endpoints'),
                         ('DELETE', '/v3/services/x'), ('PATCH', '/v3/endpoints/x'),
                         ('DELETE', '/v3/regions/RegionOne')):
        assert admin(method, path, {}, token=demo_token)[0] == 403


def test_reseeding_keeps_api_made_entries(conf, admin, cloud):
    _, _, svc = admin('POST', '/v3/services', {'service': {'type': 'compute',
                                                           'name': 'other-nova'}})
    admin('POST', '/v3/regions', {'region': {'id': 'Two'}})
    _, _, ep = admin('POST', '/v3/endpoints', {'endpoint': {
        'service_id': svc['service']['id'], 'interface': 'public', 'region_id': 'Two',
        'url': 'http://two.example/compute'}})
    _, _, seeded = admin('GET', '/v3/services?type=compute')
    nova = [s for s in seeded['services'] if s['name'] == 'nova'][0]
    _, _, nova_eps = admin('GET', '/v3/endpoints?service_id=%s' % nova['id'])
    seed.seed(conf, 'http://moved.example:9999')
    _, _, body = admin('GET', '/v3/endpoints/%s' % ep['endpoint']['id'])
    assert body['endpoint']['url'] == 'http://two.example/compute'
    _, _, after = admin('GET', '/v3/endpoints?service_id=%s' % nova['id'])
    assert {e['id'] for e in after['endpoints']} == {e['id'] for e in nova_eps['endpoints']}
    assert {e['url'] for e in after['endpoints']} == {'http://moved.example:9999/compute/v2.1'}
    _, _, body = admin('GET', '/v3/services?type=compute')
    assert len(body['services']) == 2
    seed.seed(conf, PUBLIC_URL)
