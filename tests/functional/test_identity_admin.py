"""Identity administration over HTTP against `novalite serve`: every new endpoint with good
and bad input (Keystone's error body, nothing half-made), and what survives a restart."""
import uuid

import pytest

from tests.functional import conftest

V3 = '/identity/v3'


def _ok(cloud, method, path, body=None, token='admin', expect=(200, 201, 204)):
    status, _, resp = cloud.request(method, V3 + path, body=body, token=token)
    assert status in expect, (method, path, status, resp)
    return resp


def _error(cloud, method, path, code, body=None, token='admin'):
    status, headers, resp = cloud.request(method, V3 + path, body=body, token=token)
    assert status == code, (method, path, status, resp)
    if method != 'HEAD':
        titles = {400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict'}
        assert resp['error']['code'] == code and resp['error']['title'] == titles[code]
        assert resp['error']['message']
        return resp['error']['message']


def _name(prefix):
    return '%s-%s' % (prefix, uuid.uuid4().hex[:8])


@pytest.fixture
def ids(cloud):
    demo = _ok(cloud, 'GET', '/projects?name=demo')['projects'][0]['id']
    roles = {r['name']: r['id'] for r in _ok(cloud, 'GET', '/roles')['roles']}
    return {'demo_project': demo, 'member': roles['member'], 'reader': roles['reader']}


# ----------------------------------------------------------------------------- groups
def test_groups_over_http(cloud, ids):
    name = _name('grp')
    group = _ok(cloud, 'POST', '/groups', {'group': {'name': name}})['group']
    assert _error(cloud, 'POST', '/groups', 409, {'group': {'name': name.upper()}})
    for bad in ({'group': {'name': 7}}, {'group': {'description': 'x'}}, {'groups': {}}):
        _error(cloud, 'POST', '/groups', 400, bad)
    _error(cloud, 'POST', '/groups', 404, {'group': {'name': 'x', 'domain_id': 'nope'}})
    _error(cloud, 'PATCH', '/groups/%s' % group['id'], 400, {'group': {}})
    _error(cloud, 'PATCH', '/groups/%s' % group['id'], 400, {'group': {'id': 'other'}})
    _error(cloud, 'PATCH', '/groups/nope', 404, {'group': {'name': 'y'}})
    _error(cloud, 'POST', '/groups', 403, {'group': {'name': 'z'}}, token='demo')
    assert [g['name'] for g in _ok(cloud, 'GET', '/groups?name__icontains=%s'
                                   % name.upper()[:7])['groups']
            if g['name'] == name] == [name]

    user = _ok(cloud, 'POST', '/users', {'user': {'name': _name('usr'),
                                                 'password': 'secret'}})['user']
    member = '/groups/%s/users/%s' % (group['id'], user['id'])
    _error(cloud, 'HEAD', member, 404)
    _ok(cloud, 'PUT', member)
    _ok(cloud, 'HEAD', member)
    _error(cloud, 'PUT', '/groups/%s/users/nope' % group['id'], 404)
    _error(cloud, 'PUT', member, 403, token='demo')
    assert [u['id'] for u in _ok(cloud, 'GET', '/groups/%s/users' % group['id'])['users']] \
        == [user['id']]
    grant = '/projects/%s/groups/%s/roles/%s' % (ids['demo_project'], group['id'],
                                                ids['member'])
    _ok(cloud, 'PUT', grant)
    status, _, body = cloud.auth(user['name'], 'demo', password='secret')
    assert status == 201 and {r['name'] for r in body['token']['roles']} == {'member',
                                                                             'reader'}
    _ok(cloud, 'DELETE', '/groups/%s' % group['id'])
    _error(cloud, 'HEAD', grant, 404)
    assert cloud.auth(user['name'], 'demo', password='secret')[0] == 401
    _error(cloud, 'DELETE', '/groups/%s' % group['id'], 404)
    _ok(cloud, 'DELETE', '/users/%s' % user['id'])


def test_domain_grant_and_domain_token(cloud, ids):
    domain = _ok(cloud, 'POST', '/domains', {'domain': {'name': _name('dom')}})['domain']
    user = _ok(cloud, 'POST', '/users', {'user': {'name': _name('usr'), 'password': 'secret',
                                                 'domain_id': domain['id']}})['user']
    path = '/domains/%s/users/%s/roles/%s' % (domain['id'], user['id'], ids['reader'])
    _ok(cloud, 'PUT', path)
    body = {'auth': {'identity': {'methods': ['password'], 'password': {'user': {
        'name': user['name'].upper(), 'domain': {'name': domain['name'].upper()},
        'password': 'secret'}}}, 'scope': {'domain': {'name': domain['name']}}}}
    status, _, resp = cloud.request('POST', V3 + '/auth/tokens', body=body, token=None)
    assert status == 201
    assert resp['token']['domain'] == {'id': domain['id'], 'name': domain['name']}
    assert [r['name'] for r in resp['token']['roles']] == ['reader']
    assert {s['type'] for s in resp['token']['catalog']} >= {'compute', 'identity'}
    _error(cloud, 'PUT', '/domains/nope/users/%s/roles/%s' % (user['id'], ids['reader']), 404)
    _ok(cloud, 'PATCH', '/domains/%s' % domain['id'], {'domain': {'enabled': False}})
    _ok(cloud, 'DELETE', '/domains/%s' % domain['id'])
    _error(cloud, 'GET', '/users/%s' % user['id'], 404)


def test_role_assignment_queries(cloud, ids):
    for query in ('effective&group.id=g', 'user.id=u&group.id=g', 'include_subtree',
                  'scope.project.id=p&scope.domain.id=d', 'scope.system=all&scope.domain.id=d'):
        _error(cloud, 'GET', '/role_assignments?' + query, 400)
    _error(cloud, 'GET', '/role_assignments?include_subtree&scope.project.id=nope', 404)
    _error(cloud, 'GET', '/role_assignments', 403, token='demo')
    body = _ok(cloud, 'GET', '/role_assignments?include_names&scope.project.id=%s'
               % ids['demo_project'])
    assert {(a['user']['name'], a['role']['name']) for a in body['role_assignments']} >= {
        ('demo', 'member')}


# ----------------------------------------------------------------------------- catalog
def test_catalog_over_http(cloud):
    region = _name('Region')
    _ok(cloud, 'POST', '/regions', {'region': {'id': region}})
    _error(cloud, 'POST', '/regions', 409, {'region': {'id': region}})
    _error(cloud, 'POST', '/regions', 404, {'region': {'parent_region_id': 'nope'}})
    _error(cloud, 'POST', '/regions', 400, {'region': {'description': 5}})
    _error(cloud, 'PATCH', '/regions/%s' % region, 400, {'region': {}})
    _error(cloud, 'DELETE', '/regions/nope', 404)
    _error(cloud, 'POST', '/regions', 403, {'region': {}}, token='demo')
    assert _ok(cloud, 'GET', '/regions/RegionOne', token='demo')['region']['id'] == 'RegionOne'

    service = _ok(cloud, 'POST', '/services', {'service': {'type': 'dns'}})['service']
    assert service['name'] == '' and service['enabled'] is True
    _error(cloud, 'POST', '/services', 400, {'service': {'name': 'no type'}})
    _error(cloud, 'PATCH', '/services/nope', 404, {'service': {'name': 'x'}})
    _error(cloud, 'PATCH', '/services/%s' % service['id'], 400, {'service': {'enabled': 1}})
    before = _ok(cloud, 'GET', '/endpoints')['endpoints']
    for bad in ({'interface': 'public', 'url': 'http://x', 'service_id': 'nope'},
                {'interface': 'public', 'url': 'http://x', 'service_id': service['id'],
                 'region_id': 'nope'},
                {'interface': 'side', 'url': 'http://x', 'service_id': service['id']},
                {'interface': 'public', 'url': 'x', 'service_id': service['id']}):
        _error(cloud, 'POST', '/endpoints', 400, {'endpoint': bad})
    assert _ok(cloud, 'GET', '/endpoints')['endpoints'] == before
    endpoint = _ok(cloud, 'POST', '/endpoints', {'endpoint': {
        'interface': 'admin', 'url': 'http://dns.example', 'service_id': service['id'],
        'region_id': region}})['endpoint']
    _error(cloud, 'DELETE', '/regions/%s' % region, 403)
    _error(cloud, 'PATCH', '/endpoints/%s' % endpoint['id'], 400,
           {'endpoint': {'region_id': 'nope'}})
    _error(cloud, 'PATCH', '/endpoints/nope', 404, {'endpoint': {'url': 'http://y'}})
    listed = _ok(cloud, 'GET', '/endpoints?region_id=%s' % region)['endpoints']
    assert [e['id'] for e in listed] == [endpoint['id']]
    catalog = _ok(cloud, 'GET', '/auth/catalog', token='demo')['catalog']
    assert endpoint['id'] in [e['id'] for s in catalog for e in s['endpoints']]
    _ok(cloud, 'DELETE', '/services/%s' % service['id'])
    _error(cloud, 'GET', '/endpoints/%s' % endpoint['id'], 404)
    _ok(cloud, 'DELETE', '/regions/%s' % region)


# ----------------------------------------------------------------------------- restart
def test_catalog_and_groups_survive_a_restart(tmp_path):
    first = conftest.start_cloud(tmp_path)
    try:
        _ok(first, 'POST', '/regions', {'region': {'id': 'Kept'}})
        service = _ok(first, 'POST', '/services', {'service': {'type': 'image',
                                                               'name': 'extra'}})['service']
        endpoint = _ok(first, 'POST', '/endpoints', {'endpoint': {
            'interface': 'public', 'url': 'http://kept.example', 'service_id': service['id'],
            'region_id': 'Kept'}})['endpoint']
        group = _ok(first, 'POST', '/groups', {'group': {'name': 'kept'}})['group']
    finally:
        conftest.stop_cloud(first.process)
    again = conftest.start_cloud(tmp_path)
    try:
        assert _ok(again, 'GET', '/endpoints/%s' % endpoint['id'])['endpoint']['url'] == \
            'http://kept.example'
        assert _ok(again, 'GET', '/groups/%s' % group['id'])['group']['name'] == 'kept'
        images = _ok(again, 'GET', '/services?type=image')['services']
        assert sorted(s['name'] for s in images) == ['extra', 'glance']
        # novalite's own image endpoint (RegionOne) is still the one compute uses: a boot
        # (which fetches the image through the catalog) works
        net = again.request('GET', '/networking/v2.0/networks?name=private')[2]['networks'][0]
        status, _, body = again.request('POST', '/compute/v2.1/servers', body={'server': {
            'name': 'after-restart', 'imageRef': again.request(
                'GET', '/image/v2/images?name=cirros')[2]['images'][0]['id'],
            'flavorRef': '1', 'networks': [{'uuid': net['id']}]}})
        assert status == 202, body
        server, _ = again.wait_server(body['server']['id'])
        assert server['status'] == 'ACTIVE'
        again.request('DELETE', '/compute/v2.1/servers/%s' % server['id'])
        again.wait_gone(server['id'])
    finally:
        conftest.stop_cloud(again.process)
