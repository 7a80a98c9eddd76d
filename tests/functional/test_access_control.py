"""Access control cell by cell against the upstream 2025.1 defaults (issue 18): admin,
project member, project reader and a member of another project.

Glance and Neutron let a project's reader read but not create, change or delete (403);
Nova's all_tenants listing is admin-only and fatal; a boot with an unknown port is a 400."""
import uuid

import pytest

ID = '/identity/v3'
N = '/networking/v2.0'
G = '/image/v2'


def _ok(cloud, method, path, body=None, token='admin', expect=(200, 201, 204)):
    status, _, data = cloud.request(method, path, body=body, token=token)
    assert status in expect, (method, path, status, data)
    return data


@pytest.fixture(scope='module')
def people(cloud):
    """Tokens of demo's reader and of a member of another project (made through the API)."""
    demo = cloud.token_body('demo')['project']['id']
    roles = {r['name']: r['id'] for r in _ok(cloud, 'GET', ID + '/roles')['roles']}
    tag = uuid.uuid4().hex[:8]
    other = _ok(cloud, 'POST', ID + '/projects', {'project': {'name': 'rbac-' + tag}})['project']
    tokens = {}
    for name, project, role in (('reader-' + tag, demo, 'reader'),
                                ('other-' + tag, other['id'], 'member')):
        user = _ok(cloud, 'POST', ID + '/users', {'user': {'name': name, 'password': 'secret',
                                                          'default_project_id': project}})
        _ok(cloud, 'PUT', ID + '/projects/%s/users/%s/roles/%s'
            % (project, user['user']['id'], roles[role]))
        project_name = 'demo' if project == demo else other['name']
        status, headers, body = cloud.auth(name, project_name)
        assert status == 201, body
        tokens[role if project == demo else 'other'] = headers['X-Subject-Token']
    return tokens


def _network_resources(cloud):
    """A network, subnet, port, security group and rule of demo's project (made by demo)."""
    net = _ok(cloud, 'POST', N + '/networks', {'network': {'name': 'rbac'}},
              token='demo')['network']
    subnet = _ok(cloud, 'POST', N + '/subnets', {'subnet': {
        'network_id': net['id'], 'cidr': '10.77.0.0/24', 'ip_version': 4}},
        token='demo')['subnet']
    port = _ok(cloud, 'POST', N + '/ports', {'port': {'network_id': net['id']}},
               token='demo')['port']
    sg = _ok(cloud, 'POST', N + '/security-groups', {'security_group': {'name': 'rbac'}},
             token='demo')['security_group']
    rule = _ok(cloud, 'POST', N + '/security-group-rules', {'security_group_rule': {
        'security_group_id': sg['id'], 'direction': 'ingress', 'protocol': 'tcp',
        'port_range_min': 22, 'port_range_max': 22}}, token='demo')['security_group_rule']
    return net, subnet, port, sg, rule


def test_a_project_reader_cannot_change_the_network(cloud, people):
    reader = people['reader']
    net, subnet, port, sg, rule = _network_resources(cloud)
    creates = [
        ('/networks', {'network': {'name': 'r'}}),
        ('/subnets', {'subnet': {'network_id': net['id'], 'cidr': '10.78.0.0/24',
                                 'ip_version': 4}}),
        ('/ports', {'port': {'network_id': net['id']}}),
        ('/security-groups', {'security_group': {'name': 'r'}}),
        ('/security-group-rules', {'security_group_rule': {
            'security_group_id': sg['id'], 'direction': 'egress'}}),
    ]
    for path, body in creates:
        status, _, data = cloud.request('POST', N + path, body=body, token=reader)
        assert status == 403, (path, status, data)
        assert data['NeutronError']['type'] in ('PolicyNotAuthorized', 'HTTPForbidden')
    for path, key, item in (('/networks', 'network', net), ('/subnets', 'subnet', subnet),
                            ('/ports', 'port', port),
                            ('/security-groups', 'security_group', sg)):
        # the reader sees it ...
        assert cloud.request('GET', N + path + '/' + item['id'], token=reader)[0] == 200
        # ... but neither changes nor deletes it
        status, _, data = cloud.request('PUT', N + path + '/' + item['id'],
                                        body={key: {'name': 'x'}}, token=reader)
        assert status == 403, (path, status, data)
        status, _, data = cloud.request('DELETE', N + path + '/' + item['id'], token=reader)
        assert status == 403, (path, status, data)
    assert cloud.request('GET', N + '/security-group-rules/' + rule['id'],
                         token=reader)[0] == 200
    assert cloud.request('DELETE', N + '/security-group-rules/' + rule['id'],
                         token=reader)[0] == 403
    # another project does not even see them; the member and the admin change them
    assert cloud.request('GET', N + '/networks/' + net['id'], token=people['other'])[0] == 404
    assert cloud.request('DELETE', N + '/ports/' + port['id'],
                         token=people['other'])[0] == 404
    _ok(cloud, 'PUT', N + '/networks/' + net['id'], {'network': {'name': 'y'}}, token='demo')
    _ok(cloud, 'DELETE', N + '/security-group-rules/' + rule['id'], token='admin')
    for path, item in (('/ports', port), ('/security-groups', sg), ('/subnets', subnet),
                       ('/networks', net)):
        _ok(cloud, 'DELETE', N + path + '/' + item['id'], token='demo')


def test_a_project_reader_cannot_change_images(cloud, people):
    reader = people['reader']
    status, _, data = cloud.request('POST', G + '/images', body={'name': 'r'}, token=reader)
    assert status == 403, data
    image = _ok(cloud, 'POST', G + '/images', {'name': 'rbac', 'disk_format': 'raw',
                                              'container_format': 'bare'}, token='demo')
    assert cloud.request('GET', G + '/images/' + image['id'], token=reader)[0] == 200
    status, _, _ = cloud.request(
        'PATCH', G + '/images/' + image['id'], token=reader, raw='[]',
        headers={'Content-Type': 'application/openstack-images-v2.1-json-patch'})
    assert status == 403
    status, _, _ = cloud.request('PUT', G + '/images/%s/file' % image['id'], token=reader,
                                 raw=b'data', headers={
                                     'Content-Type': 'application/octet-stream'})
    assert status == 403
    assert cloud.request('DELETE', G + '/images/' + image['id'], token=reader)[0] == 403
    assert cloud.request('GET', G + '/images/' + image['id'],
                         token=people['other'])[0] == 404
    status, _, _ = cloud.request('PUT', G + '/images/%s/file' % image['id'], token='demo',
                                 raw=b'data', headers={
                                     'Content-Type': 'application/octet-stream'})
    assert status == 204
    _ok(cloud, 'DELETE', G + '/images/' + image['id'], token='demo')


@pytest.mark.parametrize('path', ['/servers?all_tenants=1', '/servers/detail?all_tenants',
                                  '/servers?all_tenants=true&name=x'])
def test_all_tenants_is_admin_only_and_fatal(cloud, people, path):
    status, _, body = cloud.request('GET', '/compute/v2.1' + path)
    assert status == 403 and 'get_all_tenants' in body['forbidden']['message'], body
    assert cloud.request('GET', '/compute/v2.1' + path, token=people['reader'])[0] == 403
    assert cloud.request('GET', '/compute/v2.1' + path, token='admin')[0] == 200
    # all_tenants=0 asks for nothing more: the member's own servers
    assert cloud.request('GET', '/compute/v2.1/servers?all_tenants=0')[0] == 200


def test_boot_with_an_unknown_port_is_a_400(cloud):
    image = cloud.request('GET', G + '/images?name=cirros')[2]['images'][0]['id']
    status, _, body = cloud.request('POST', '/compute/v2.1/servers', body={'server': {
        'name': 'noport', 'imageRef': image, 'flavorRef': '42',
        'networks': [{'port': str(uuid.uuid4())}]}})
    assert status == 400 and 'could not be found' in body['badRequest']['message'], body
