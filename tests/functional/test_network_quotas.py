"""Neutron quotas over HTTP (/networking/v2.0/quotas...): defaults, per-project limits,
details, policies, and the 409 OverQuota of every counted resource, exact under concurrency."""
import concurrent.futures
import uuid

import pytest

N = '/networking/v2.0'
DEFAULTS = {'network': 100, 'subnet': 100, 'subnetpool': -1, 'port': 500, 'router': 10,
            'floatingip': 50, 'security_group': 10, 'security_group_rule': 100,
            'rbac_policy': 10}


@pytest.fixture(scope='module')
def project(cloud):
    """A project of its own with a member user, so limits here touch no other test."""
    name = 'netquota-%s' % uuid.uuid4().hex[:8]
    status, _, body = cloud.request('POST', '/identity/v3/projects', {'project': {
        'name': name, 'domain_id': 'default'}}, token='admin')
    assert status == 201, body
    pid = body['project']['id']
    status, _, body = cloud.request('POST', '/identity/v3/users', {'user': {
        'name': name, 'password': 'secret', 'domain_id': 'default',
        'default_project_id': pid}}, token='admin')
    assert status == 201, body
    uid = body['user']['id']
    roles = cloud.request('GET', '/identity/v3/roles?name=member', token='admin')[2]['roles']
    assert cloud.request('PUT', '/identity/v3/projects/%s/users/%s/roles/%s'
                         % (pid, uid, roles[0]['id']), token='admin')[0] == 204
    status, headers, _ = cloud.auth(name, name)
    assert status == 201
    return {'id': pid, 'token': headers['X-Subject-Token']}


def _error(body, kind):
    assert body['NeutronError']['type'] == kind, body
    return body['NeutronError']['message']


def _set(cloud, project_id, **limits):
    status, _, body = cloud.request('PUT', N + '/quotas/%s' % project_id,
                                    {'quota': limits}, token='admin')
    assert status == 200, body
    return body['quota']


def test_defaults_and_own_project(cloud, project):
    status, _, body = cloud.request('GET', N + '/quotas/%s' % project['id'],
                                    token=project['token'])
    assert status == 200 and body == {'quota': DEFAULTS}
    status, _, body = cloud.request('GET', N + '/quotas/%s/default' % project['id'],
                                    token=project['token'])
    assert status == 200 and body == {'quota': DEFAULTS}
    status, _, body = cloud.request('GET', N + '/quotas/project', token=project['token'])
    assert status == 200 and body == {'project': {'project_id': project['id']}}
    status, _, body = cloud.request('GET', N + '/quotas/%s/details' % project['id'],
                                    token=project['token'])
    assert status == 200
    assert body['quota']['network'] == {'limit': 100, 'used': 0, 'reserved': 0}
    assert set(body['quota']) == set(DEFAULTS)


def test_policies(cloud, project):
    demo = cloud.token_body()['project']['id']
    for method, path, body in (('GET', '/quotas', None),
                               ('GET', '/quotas/%s' % demo, None),
                               ('GET', '/quotas/%s/details' % demo, None),
                               ('PUT', '/quotas/%s' % project['id'], {'quota': {'port': 1}}),
                               ('DELETE', '/quotas/%s' % project['id'], None)):
        status, _, resp = cloud.request(method, N + path, body, token=project['token'])
        assert status == 403, (method, path, resp)
        assert _error(resp, 'PolicyNotAuthorized')
    assert cloud.request('GET', N + '/quotas/%s' % project['id'], token='admin')[0] == 200
    assert cloud.request('POST', N + '/quotas', {'quota': {}}, token='admin')[0] == 501


def test_update_list_delete(cloud, project):
    body = _set(cloud, project['id'], network=5, port=-1)
    assert body == dict(DEFAULTS, network=5, port=-1)
    listed = cloud.request('GET', N + '/quotas', token='admin')[2]['quotas']
    mine = [q for q in listed if q['project_id'] == project['id']]
    assert mine == [dict(DEFAULTS, network=5, port=-1, project_id=project['id'],
                         tenant_id=project['id'])]
    for bad in ({'network': 'x'}, {'network': -2}, {'bogus': 1}, {'network': 2 ** 31},
                {'network': True}):
        status, _, resp = cloud.request('PUT', N + '/quotas/%s' % project['id'],
                                        {'quota': bad}, token='admin')
        assert status == 400, (bad, resp)
        assert 'NeutronError' in resp
    status, _, resp = cloud.request('PUT', N + '/quotas/%s' % project['id'],
                                    {'quota': {'network': 1, 'subnet': 'x'}}, token='admin')
    assert status == 400
    assert cloud.request('GET', N + '/quotas/%s' % project['id'],
                         token='admin')[2]['quota']['network'] == 5
    status, _, resp = cloud.request('PUT', N + '/quotas/%s' % project['id'], {'x': {}},
                                    token='admin')
    assert status == 400
    assert cloud.request('DELETE', N + '/quotas/%s' % project['id'], token='admin')[0] == 204
    assert cloud.request('GET', N + '/quotas/%s' % project['id'],
                         token='admin')[2]['quota'] == DEFAULTS
    status, _, resp = cloud.request('DELETE', N + '/quotas/%s' % project['id'], token='admin')
    assert status == 404
    assert _error(resp, 'ProjectQuotaNotFound') == \
        'Quota for project %s could not be found.' % project['id']


def _create(cloud, project, resource, body):
    path = {'network': '/networks', 'subnet': '/subnets', 'port': '/ports',
            'router': '/routers', 'security_group': '/security-groups',
            'security_group_rule': '/security-group-rules',
            'floatingip': '/floatingips', 'subnetpool': '/subnetpools'}[resource]
    key = resource
    return cloud.request('POST', N + path, {key: body}, token=project['token'])


def test_over_quota_for_every_resource(cloud, project):
    token = project['token']
    status, _, net = cloud.request('POST', N + '/networks', {'network': {'name': 'q'}},
                                   token=token)
    assert status == 201
    net = net['network']
    status, _, sub = cloud.request('POST', N + '/subnets', {'subnet': {
        'network_id': net['id'], 'ip_version': 4, 'cidr': '10.66.0.0/24'}}, token=token)
    assert status == 201
    status, _, sg = cloud.request('POST', N + '/security-groups',
                                  {'security_group': {'name': 'q'}}, token=token)
    assert status == 201
    sg = sg['security_group']
    public = cloud.request('GET', N + '/networks?name=public')[2]['networks'][0]['id']
    bodies = {
        'network': {'name': 'over'},
        'subnet': {'network_id': net['id'], 'ip_version': 4, 'cidr': '10.66.1.0/24'},
        'port': {'network_id': net['id']},
        'router': {'name': 'over'},
        'security_group': {'name': 'over'},
        'security_group_rule': {'security_group_id': sg['id'], 'direction': 'ingress',
                                'protocol': 'tcp', 'port_range_min': 22,
                                'port_range_max': 22},
        'floatingip': {'floating_network_id': public},
        'subnetpool': {'name': 'over', 'prefixes': ['10.201.0.0/16']},
    }
    used = cloud.request('GET', N + '/quotas/%s/details' % project['id'],
                         token=token)[2]['quota']
    _set(cloud, project['id'], **{r: used[r]['used'] for r in bodies})
    fip_ports = len(cloud.request('GET', N + '/ports?device_owner=network:floatingip',
                                  token='admin')[2]['ports'])
    try:
        for resource, body in bodies.items():
            status, _, resp = _create(cloud, project, resource, body)
            assert status == 409, (resource, resp)
            assert _error(resp, 'OverQuota') == \
                "Quota exceeded for resources: ['%s']." % resource
        after = cloud.request('GET', N + '/quotas/%s/details' % project['id'],
                              token=token)[2]['quota']
        assert {r: after[r]['used'] for r in bodies} == {r: used[r]['used'] for r in bodies}
        assert len(cloud.request('GET', N + '/ports?device_owner=network:floatingip',
                                 token='admin')[2]['ports']) == fip_ports
        # -1 is unlimited; one more fits a raised limit
        _set(cloud, project['id'], network=-1, router=used['router']['used'] + 1)
        status, _, made = _create(cloud, project, 'network', bodies['network'])
        assert status == 201
        status, _, router = _create(cloud, project, 'router', bodies['router'])
        assert status == 201
        assert _create(cloud, project, 'router', bodies['router'])[0] == 409
        for path in ('/networks/%s' % made['network']['id'],
                     '/routers/%s' % router['router']['id']):
            assert cloud.request('DELETE', N + path, token=token)[0] == 204
    finally:
        cloud.request('DELETE', N + '/quotas/%s' % project['id'], token='admin')
        for path in ('/security-groups/%s' % sg['id'], '/networks/%s' % net['id']):
            cloud.request('DELETE', N + path, token=token)


def test_concurrent_port_creates_stay_within_quota(cloud, project):
    token = project['token']
    status, _, net = cloud.request('POST', N + '/networks', {'network': {'name': 'race'}},
                                   token=token)
    net = net['network']
    assert cloud.request('POST', N + '/subnets', {'subnet': {
        'network_id': net['id'], 'ip_version': 4, 'cidr': '10.67.0.0/24'}},
        token=token)[0] == 201
    used = cloud.request('GET', N + '/quotas/%s/details' % project['id'],
                         token=token)[2]['quota']['port']['used']
    _set(cloud, project['id'], port=used + 3)
    try:
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(lambda _i: cloud.request(
                'POST', N + '/ports', {'port': {'network_id': net['id']}}, token=token)[0],
                range(8)))
        assert sorted(codes) == [201] * 3 + [409] * 5
        ports = cloud.request('GET', N + '/ports?network_id=%s' % net['id'],
                              token=token)[2]['ports']
        assert len(ports) == 3
    finally:
        cloud.request('DELETE', N + '/quotas/%s' % project['id'], token='admin')
        for port in cloud.request('GET', N + '/ports?network_id=%s' % net['id'],
                                  token=token)[2]['ports']:
            cloud.request('DELETE', N + '/ports/%s' % port['id'], token=token)
        cloud.request('DELETE', N + '/networks/%s' % net['id'], token=token)
