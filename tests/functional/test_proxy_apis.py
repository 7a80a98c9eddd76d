"""The deprecated proxy APIs (/images, /os-networks, /os-tenant-networks,
/os-floating-ip-pools, /os-security-groups(+rules), /servers/{id}/os-security-groups): served
below 2.36 over the image and network services, 404 from 2.36, over HTTP against
`novalite serve`."""
import pytest

C = '/compute/v2.1'


def _image(cloud):
    status, _, image = cloud.request('POST', '/image/v2/images', body={
        'name': 'proxy-image', 'disk_format': 'qcow2', 'container_format': 'bare',
        'color': 'blue'})
    assert status == 201, image
    return image['id']


def test_images_proxy(cloud):
    image_id = _image(cloud)
    try:
        status, _, body = cloud.request('GET', C + '/images', version='2.35')
        assert status == 200
        listed = {i['id']: i for i in body['images']}
        assert image_id in listed and set(listed[image_id]) == {'id', 'name', 'links'}
        body = cloud.request('GET', C + '/images/detail')[2]
        cirros = next(i for i in body['images'] if i['name'] == 'cirros')
        assert cirros['status'] == 'ACTIVE' and cirros['progress'] == 100
        assert cirros['OS-EXT-IMG-SIZE:size'] > 0
        status, _, body = cloud.request('GET', C + '/images/%s' % image_id)
        assert status == 200
        image = body['image']
        assert image['status'] == 'SAVING' and image['metadata'] == {'color': 'blue'}
        assert image['minRam'] == 0 and image['links'][0]['rel'] == 'self'
        status, _, body = cloud.request('GET', C + '/images/nope')
        assert status == 404 and body['itemNotFound']['message'] == 'Image not found.'

        # metadata
        M = C + '/images/%s/metadata' % image_id
        assert cloud.request('GET', M)[2] == {'metadata': {'color': 'blue'}}
        status, _, body = cloud.request('POST', M, body={'metadata': {'size_hint': 'big'}})
        assert status == 200 and body['metadata'] == {'color': 'blue', 'size_hint': 'big'}
        status, _, body = cloud.request('PUT', M, body={'metadata': {'shape': 'round'}})
        assert status == 200 and body['metadata'] == {'shape': 'round'}
        status, _, body = cloud.request('PUT', M + '/shape', body={'meta': {'shape': 'flat'}})
        assert status == 200 and body == {'meta': {'shape': 'flat'}}
        assert cloud.request('GET', M + '/shape')[2] == {'meta': {'shape': 'flat'}}
        status, _, body = cloud.request('PUT', M + '/shape', body={'meta': {'other': 'x'}})
        assert status == 400
        assert body['badRequest']['message'] == 'Request body and URI mismatch'
        assert cloud.request('PUT', M, body={'metadata': 'x'})[0] == 400
        assert cloud.request('DELETE', M + '/shape')[0] == 204
        assert cloud.request('GET', M + '/shape')[0] == 404

        # gone from 2.36
        for path in ('/images', '/images/detail', '/images/%s' % image_id, M):
            status, _, body = cloud.request('GET', C + path, version='2.36')
            assert status == 404, path
        # delete: another project's image is not visible (404); the owner deletes it
        assert cloud.request('DELETE', C + '/images/%s' % image_id, token='admin',
                             version='2.36')[0] == 404
        assert cloud.request('DELETE', C + '/images/%s' % image_id)[0] == 204
        assert cloud.request('GET', C + '/images/%s' % image_id)[0] == 404
    finally:
        cloud.request('DELETE', '/image/v2/images/%s' % image_id)


def test_network_proxies(cloud):
    private = cloud.request('GET', '/networking/v2.0/networks?name=private')[2]['networks'][0]
    status, _, body = cloud.request('GET', C + '/os-networks')
    assert status == 200
    net = next(n for n in body['networks'] if n['id'] == private['id'])
    assert net['label'] == 'private' and net['cidr'] is None and 'vlan' not in net
    admin_view = next(n for n in cloud.request('GET', C + '/os-networks',
                                               token='admin')[2]['networks']
                      if n['id'] == private['id'])
    assert 'vlan' in admin_view
    status, _, body = cloud.request('GET', C + '/os-networks/%s' % private['id'])
    assert status == 200 and body['network']['label'] == 'private'
    status, _, body = cloud.request('GET', C + '/os-networks/nope')
    assert status == 404 and body['itemNotFound']['message'] == 'Network could not be found.'
    assert cloud.request('POST', C + '/os-networks', token='admin',
                         body={'network': {'label': 'x'}})[0] == 410
    assert cloud.request('DELETE', C + '/os-networks/%s' % private['id'],
                         token='admin')[0] == 410

    status, _, body = cloud.request('GET', C + '/os-tenant-networks')
    assert status == 200
    assert {'id': private['id'], 'label': 'private', 'cidr': 'None'} in body['networks']
    assert all(n['label'] != 'public' for n in body['networks'])
    assert cloud.request('GET', C + '/os-tenant-networks/%s' % private['id'])[0] == 200

    status, _, body = cloud.request('GET', C + '/os-floating-ip-pools')
    assert status == 200 and {'name': 'public'} in body['floating_ip_pools']

    for path in ('/os-networks', '/os-tenant-networks', '/os-floating-ip-pools',
                 '/os-networks/%s' % private['id']):
        assert cloud.request('GET', C + path, version='2.36')[0] == 404, path
        assert cloud.request('GET', C + path, version='2.35')[0] == 200, path


def test_security_group_proxy(cloud):
    SG = C + '/os-security-groups'
    status, _, body = cloud.request('POST', SG, body={'security_group': {
        'name': 'web', 'description': 'web servers'}})
    assert status == 200, body
    sg = body['security_group']
    assert sg['name'] == 'web' and sg['rules'] == [] and sg['tenant_id']
    other = cloud.request('POST', SG, body={'security_group': {
        'name': 'db', 'description': 'databases'}})[2]['security_group']
    try:
        for bad in ({'security_group': {'name': 'x'}},
                    {'security_group': {'name': 1, 'description': 'd'}},
                    {'security_group': {'name': 'x' * 256, 'description': 'd'}},
                    {'nope': {}}):
            assert cloud.request('POST', SG, body=bad)[0] == 400, bad
        # Nova with Neutron checks type and length (0-255) only: "" is a name
        status, _, body = cloud.request('POST', SG, body={'security_group': {
            'name': '', 'description': ''}})
        assert status == 200 and body['security_group']['name'] == ''
        assert cloud.request('DELETE', SG + '/%s' % body['security_group']['id'])[0] == 202
        R = C + '/os-security-group-rules'
        status, _, body = cloud.request('POST', R, body={'security_group_rule': {
            'parent_group_id': sg['id'], 'ip_protocol': 'tcp', 'from_port': 80,
            'to_port': 443, 'cidr': '10.0.0.0/8'}})
        assert status == 200, body
        rule = body['security_group_rule']
        assert rule['from_port'] == 80 and rule['to_port'] == 443
        assert rule['ip_range'] == {'cidr': '10.0.0.0/8'} and rule['group'] == {}
        status, _, body = cloud.request('POST', R, body={'security_group_rule': {
            'parent_group_id': sg['id'], 'ip_protocol': 'icmp', 'from_port': -1,
            'to_port': -1, 'group_id': other['id']}})
        assert status == 200, body
        assert body['security_group_rule']['group']['name'] == 'db'
        for bad in ({'parent_group_id': sg['id'], 'ip_protocol': 'xyz', 'from_port': 1,
                     'to_port': 2},
                    # Nova takes tcp, udp and icmp only, no protocol numbers
                    {'parent_group_id': sg['id'], 'ip_protocol': '6', 'from_port': 1,
                     'to_port': 2, 'cidr': '10.0.0.0/8'},
                    {'parent_group_id': sg['id'], 'ip_protocol': '47', 'from_port': -1,
                     'to_port': -1, 'group_id': other['id']},
                    {'parent_group_id': sg['id'], 'ip_protocol': 'tcp', 'from_port': 99,
                     'to_port': 1},
                    {'parent_group_id': sg['id'], 'ip_protocol': 'tcp', 'from_port': 1,
                     'to_port': 2, 'cidr': 'bogus'},
                    {'parent_group_id': 'not-a-uuid'}):
            assert cloud.request('POST', R, body={'security_group_rule': bad})[0] == 400, bad
        status, _, body = cloud.request('GET', SG + '/%s' % sg['id'])
        assert status == 200 and len(body['security_group']['rules']) == 2
        listed = cloud.request('GET', SG)[2]['security_groups']
        assert {'web', 'db', 'default'} <= {g['name'] for g in listed}
        status, _, body = cloud.request('PUT', SG + '/%s' % sg['id'], body={
            'security_group': {'name': 'web2', 'description': 'renamed'}})
        assert status == 200 and body['security_group']['name'] == 'web2'
        status, _, body = cloud.request('PUT', SG + '/%s' % sg['id'], body={
            'security_group': {'name': 'web2', 'description': ''}})
        assert status == 200 and body['security_group']['description'] == ''
        assert set(body['security_group']) == {'id', 'name', 'description', 'tenant_id',
                                               'rules'}
        assert cloud.request('DELETE', R + '/%s' % rule['id'])[0] == 202
        assert cloud.request('DELETE', R + '/%s' % rule['id'])[0] == 404
        status, _, body = cloud.request('GET', SG + '/not-a-uuid')
        assert status == 400
        status, _, body = cloud.request('GET', SG + '/00000000-0000-0000-0000-000000000000')
        assert status == 404
        assert cloud.request('GET', SG, version='2.36')[0] == 404
        assert cloud.request('POST', R, version='2.36', body={'security_group_rule': {
            'parent_group_id': sg['id']}})[0] == 404
    finally:
        assert cloud.request('DELETE', SG + '/%s' % sg['id'])[0] == 202
        assert cloud.request('DELETE', SG + '/%s' % other['id'])[0] == 202
    assert cloud.request('GET', SG + '/%s' % sg['id'])[0] == 404


@pytest.mark.parametrize('version', ['2.1', '2.36'])
def test_server_security_groups(cloud, version):
    image = cloud.request('GET', '/image/v2/images?name=cirros')[2]['images'][0]['id']
    net = cloud.request('GET', '/networking/v2.0/networks?name=private')[2]['networks'][0]['id']
    status, _, body = cloud.request('POST', C + '/servers', version='2.47', body={
        'server': {'name': 'sg-server', 'imageRef': image, 'flavorRef': '42',
                   'networks': [{'uuid': net}]}})
    assert status == 202, body
    server, _ = cloud.wait_server(body['server']['id'])
    try:
        status, _, body = cloud.request('GET', C + '/servers/%s/os-security-groups'
                                        % server['id'], version=version)
        # not a proxy 2.36 removed: served at every microversion
        assert status == 200
        assert [g['name'] for g in body['security_groups']] == ['default']
    finally:
        assert cloud.request('DELETE', C + '/servers/%s' % server['id'])[0] == 204
        cloud.wait_gone(server['id'])


def test_images_proxy_filters(cloud):
    """Nova's list filters: server (an id or a link) and type are the snapshot's
    instance_uuid and image_type properties, property-<name> any property, changes-since
    the update time."""
    server_id = '6f1b2c4e-0d3a-4e55-9b0c-1d2e3f405162'
    ids = []
    for name, props in (('proxy-snap', {'instance_uuid': server_id, 'image_type': 'snapshot'}),
                        ('proxy-backup', {'instance_uuid': server_id,
                                          'image_type': 'backup'}),
                        ('proxy-plain', {'color': 'green'})):
        status, _, image = cloud.request('POST', '/image/v2/images', body=dict(
            props, name=name, disk_format='qcow2', container_format='bare'))
        assert status == 201, image
        ids.append(image['id'])
    snap, backup, plain = ids
    try:
        def listed(query, path='/images'):
            status, _, body = cloud.request('GET', C + path + '?' + query, version='2.35')
            assert status == 200, body
            return {i['id'] for i in body['images']}
        assert listed('server=%s' % server_id) == {snap, backup}
        for link in ('http://cloud/compute/v2.1/servers/%s' % server_id,
                     'http://cloud/compute/servers/%s' % server_id):
            assert listed('server=' + link) == {snap, backup}
            assert listed('server=' + link, '/images/detail') == {snap, backup}
        found = listed('type=snapshot')
        assert snap in found and backup not in found and plain not in found
        assert listed('type=backup', '/images/detail') == {backup}
        assert listed('property-color=green') == {plain}
        assert listed('name=proxy-plain&status=QUEUED') == {plain}   # lowered, as Nova
        assert listed('name=proxy-plain&status=ACTIVE') == set()
        assert plain in listed('changes-since=2000-01-01T00:00:00Z')
        assert listed('changes-since=2999-01-01T00:00:00Z') == set()
        status, _, body = cloud.request('GET', C + '/images?changes-since=yesterday')
        assert status == 400 and 'badRequest' in body
        status, _, body = cloud.request('GET', C + '/images?limit=abc')
        assert status == 400 and 'badRequest' in body
    finally:
        for image_id in ids:
            cloud.request('DELETE', '/image/v2/images/%s' % image_id)


def test_extensions(cloud):
    """Nova's fixed v2 extension list, whatever is served; /v2 shows one more."""
    status, _, body = cloud.request('GET', C + '/extensions')
    assert status == 200
    aliases = [e['alias'] for e in body['extensions']]
    assert aliases == sorted(aliases) and len(aliases) == len(set(aliases))
    names = {e['name'] for e in body['extensions']}
    assert {'Hosts', 'Consoles', 'SecurityGroups', 'Networks'} <= names
    assert 'OS-EXT-VIF-NET' not in aliases
    status, _, body = cloud.request('GET', C + '/extensions/os-consoles')
    assert status == 200 and body['extension']['name'] == 'Consoles'
    assert set(body['extension']) == {'alias', 'name', 'description', 'links', 'namespace',
                                      'updated'}
    assert cloud.request('GET', C + '/extensions/os-nope')[0] == 404
    project = cloud.token_body()['project']['id']
    status, _, body = cloud.request('GET', '/compute/v2/%s/extensions' % project)
    assert status == 200
    assert 'OS-EXT-VIF-NET' in [e['alias'] for e in body['extensions']]


def test_security_group_rules_as_nova(cloud):
    SG, R = C + '/os-security-groups', C + '/os-security-group-rules'

    def group(name):
        status, _, body = cloud.request('POST', SG, body={'security_group': {
            'name': name, 'description': name}})
        assert status == 200, body
        return body['security_group']['id']
    sg1, sg2 = group('rules-1'), group('rules-2')
    try:
        # the CIDR is kept as given, host bits and all; a bare address gets its length
        for cidr, shown in (('10.2.3.124/24', '10.2.3.124/24'), ('10.9.9.9', '10.9.9.9/32')):
            status, _, body = cloud.request('POST', R, body={'security_group_rule': {
                'parent_group_id': sg1, 'ip_protocol': 'tcp', 'from_port': 22,
                'to_port': 22, 'cidr': cidr}})
            assert status == 200, body
            assert body['security_group_rule']['ip_range'] == {'cidr': shown}
        # the same rule again: Nova's 400
        status, _, body = cloud.request('POST', R, body={'security_group_rule': {
            'parent_group_id': sg1, 'ip_protocol': 'tcp', 'from_port': 22, 'to_port': 22,
            'cidr': '10.2.3.124/24'}})
        assert status == 400, body
        assert body['badRequest']['message'] == 'This rule already exists in group %s' % sg1
        for bad in ({'ip_protocol': 'tcp', 'from_port': 22, 'to_port': 22,
                     'cidr': '10.0.0.0/0'},
                    {'ip_protocol': 'tcp', 'cidr': '10.0.0.0/8'},
                    {'ip_protocol': 'tcp', 'from_port': 'x', 'to_port': 22},
                    {'ip_protocol': 'icmp', 'from_port': 300, 'to_port': 0},
                    {'ip_protocol': 'udp', 'from_port': 0, 'to_port': 70000}):
            status, _, body = cloud.request('POST', R, body={'security_group_rule': dict(
                bad, parent_group_id=sg1)})
            assert status == 400 and 'badRequest' in body, (bad, body)
        # a rule from a group: all ports of the protocol when none are given
        status, _, body = cloud.request('POST', R, body={'security_group_rule': {
            'parent_group_id': sg1, 'ip_protocol': 'tcp', 'group_id': sg2}})
        assert status == 200, body
        rule = body['security_group_rule']
        assert (rule['from_port'], rule['to_port']) == (1, 65535)
        assert rule['group']['name'] == 'rules-2' and rule['group']['tenant_id']
        assert rule['ip_range'] == {}
        # deleting the peer group deletes the rules naming it
        assert cloud.request('DELETE', SG + '/%s' % sg2)[0] == 202
        sg2 = None
        status, _, body = cloud.request('GET', SG + '/%s' % sg1)
        assert status == 200
        assert [r['ip_range'] for r in body['security_group']['rules']] == [
            {'cidr': '10.2.3.124/24'}, {'cidr': '10.9.9.9/32'}]
    finally:
        for sg in (sg1, sg2):
            if sg:
                cloud.request('DELETE', SG + '/%s' % sg)


def test_add_remove_server_security_group(cloud):
    """addSecurityGroup/removeSecurityGroup put a group on (take it off) the server's
    ports, at every microversion."""
    SG = C + '/os-security-groups'
    image = cloud.request('GET', '/image/v2/images?name=cirros')[2]['images'][0]['id']
    net = cloud.request('GET', '/networking/v2.0/networks?name=private')[2]['networks'][0]['id']
    status, _, body = cloud.request('POST', SG, body={'security_group': {
        'name': 'action-sg', 'description': 'd'}})
    assert status == 200, body
    sg = body['security_group']
    status, _, body = cloud.request('POST', C + '/servers', body={'server': {
        'name': 'sg-actions', 'imageRef': image, 'flavorRef': '42',
        'networks': [{'uuid': net}]}})
    assert status == 202, body
    server, _ = cloud.wait_server(body['server']['id'])
    A = C + '/servers/%s/action' % server['id']

    def names(version='2.1'):
        status, _, body = cloud.request('GET', C + '/servers/%s' % server['id'],
                                        version=version)
        assert status == 200
        return [g['name'] for g in body['server'].get('security_groups', [])]
    try:
        assert names() == ['default']
        status, _, body = cloud.request('POST', A, body={'addSecurityGroup': {
            'name': 'action-sg'}}, version='2.100')
        assert status == 202, body
        assert names() == ['default', 'action-sg']
        listed = cloud.request('GET', C + '/servers/%s/os-security-groups'
                               % server['id'])[2]['security_groups']
        assert [g['id'] for g in listed if g['name'] == 'action-sg'] == [sg['id']]
        ports = cloud.request('GET', '/networking/v2.0/ports?device_id=%s'
                              % server['id'])[2]['ports']
        assert all(sg['id'] in p['security_groups'] for p in ports)
        # in use by the server: Nova's 400
        assert cloud.request('DELETE', SG + '/%s' % sg['id'])[0] == 400
        # adding it again changes nothing
        assert cloud.request('POST', A, body={'addSecurityGroup': {
            'name': sg['id']}})[0] == 202
        assert names() == ['default', 'action-sg']
        for body, code in (({'addSecurityGroup': {'name': 'no-such-group'}}, 404),
                           ({'addSecurityGroup': {'name': '  '}}, 400),
                           ({'addSecurityGroup': {}}, 400),
                           ({'addSecurityGroup': 'action-sg'}, 400),
                           ({'removeSecurityGroup': {'name': 7}}, 400),
                           ({'removeSecurityGroup': {'name': 'no-such-group'}}, 404)):
            status, _, resp = cloud.request('POST', A, body=body)
            assert status == code, (body, resp)
            assert next(iter(resp.values()))['code'] == code
        status, _, body = cloud.request('POST', C + '/servers/%s/action'
                                        % '00000000-0000-0000-0000-000000000000',
                                        body={'addSecurityGroup': {'name': 'action-sg'}})
        assert status == 404
        assert cloud.request('POST', A, body={'addSecurityGroup': {'name': 'action-sg'}},
                             token='admin')[0] == 404     # not the admin project's group
        # remove both: the server shows no groups
        for name in ('action-sg', 'default'):
            status, _, body = cloud.request('POST', A, body={'removeSecurityGroup': {
                'name': name}}, version='2.50')
            assert status == 202, body
        assert 'security_groups' not in cloud.request(
            'GET', C + '/servers/%s' % server['id'])[2]['server']
        status, _, body = cloud.request('POST', A, body={'removeSecurityGroup': {
            'name': 'action-sg'}})
        assert status == 404
        assert 'not associated with the instance' in body['itemNotFound']['message']
    finally:
        assert cloud.request('DELETE', C + '/servers/%s' % server['id'])[0] == 204
        cloud.wait_gone(server['id'])
        assert cloud.request('DELETE', SG + '/%s' % sg['id'])[0] == 202


@pytest.mark.parametrize('method,path', [
    ('DELETE', C + '/images/'), ('DELETE', C + '/os-security-groups/'),
    ('GET', C + '/os-simple-tenant-usage/'), ('GET', C + '/servers/detail/')])
def test_compute_paths_match_literally(cloud, method, path):
    """As Nova's mapper: a trailing slash (an empty id) is a 404 in the fault format."""
    status, _, body = cloud.request(method, path, version='2.35')
    assert status == 404 and body['itemNotFound']['code'] == 404


@pytest.mark.parametrize('path', ['/compute/', '/compute/v2.1/'])
def test_compute_version_documents_take_a_trailing_slash(cloud, path):
    status, _, body = cloud.request('GET', path)
    assert status in (200, 300) and ('version' in body or 'versions' in body)
