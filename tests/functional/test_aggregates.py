"""os-aggregates, availability zones, os-services (forced down, 2.53, delete),
os-hypervisors (2.53, 2.88) and the scheduler's decisions over them, on a cloud of its own
with three fake compute hosts (c1, c2, c3) and AggregateInstanceExtraSpecsFilter on."""
import datetime
import os
import sqlite3
import uuid

import pytest

from .conftest import start_cloud, stop_cloud

C = '/compute/v2.1'
FILTERS = ('ComputeFilter', 'ResourceFilter', 'AvailabilityZoneFilter',
           'AggregateInstanceExtraSpecsFilter', 'ImagePropertiesFilter',
           'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter', 'SameHostFilter',
           'DifferentHostFilter')
CONFIG = """
[DEFAULT]
fake_compute_hosts = c1,c2,c3
[filter_scheduler]
enabled_filters = %s
""" % ','.join(FILTERS)


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    c = start_cloud(tmp_path_factory.mktemp('novalite-aggregates'), config=CONFIG)
    yield c
    stop_cloud(c.process)


def _image_id(cloud):
    return cloud.request('GET', '/image/v2/images?name=cirros')[2]['images'][0]['id']


def _network_id(cloud):
    return cloud.request('GET', '/networking/v2.0/networks?name=private')[2]['networks'][0]['id']


def _boot(cloud, name, wait=('ACTIVE', 'ERROR'), flavor='42', image=None, **extra):
    server = {'name': name, 'imageRef': image or _image_id(cloud), 'flavorRef': flavor,
              'networks': [{'uuid': _network_id(cloud)}]}
    server.update(extra)
    status, _, body = cloud.request('POST', C + '/servers', body={'server': server},
                                    version='2.47')
    assert status == 202, body
    server, _ = cloud.wait_server(body['server']['id'], statuses=wait)
    return server


def _host(cloud, server_id):
    body = cloud.request('GET', C + '/servers/%s' % server_id, token='admin')[2]
    return body['server']['OS-EXT-SRV-ATTR:host'], body['server']


def _delete(cloud, server_id):
    assert cloud.request('DELETE', C + '/servers/%s' % server_id)[0] == 204
    cloud.wait_gone(server_id)


def _agg(cloud, name, zone=None, hosts=(), metadata=None):
    body = {'aggregate': {'name': name}}
    if zone:
        body['aggregate']['availability_zone'] = zone
    status, _, out = cloud.request('POST', C + '/os-aggregates', body=body, token='admin')
    assert status == 200, out
    agg_id = out['aggregate']['id']
    for host in hosts:
        status, _, out = cloud.request('POST', C + '/os-aggregates/%s/action' % agg_id,
                                       body={'add_host': {'host': host}}, token='admin')
        assert status == 200, out
    if metadata:
        status, _, out = cloud.request('POST', C + '/os-aggregates/%s/action' % agg_id,
                                       body={'set_metadata': {'metadata': metadata}},
                                       token='admin')
        assert status == 200, out
    return agg_id


def _drop_agg(cloud, agg_id):
    agg = cloud.request('GET', C + '/os-aggregates/%s' % agg_id, token='admin')[2]['aggregate']
    for host in agg['hosts']:
        cloud.request('POST', C + '/os-aggregates/%s/action' % agg_id,
                      body={'remove_host': {'host': host}}, token='admin')
    assert cloud.request('DELETE', C + '/os-aggregates/%s' % agg_id, token='admin')[0] == 200


def _fault(cloud, server):
    return server.get('fault', {}).get('message', '')


# ----------------------------------------------------------------------------- aggregates

def test_aggregate_crud_and_errors(cloud):
    status, _, body = cloud.request('POST', C + '/os-aggregates', token='admin',
                                    body={'aggregate': {'name': 'agg1',
                                                        'availability_zone': 'zone1'}})
    assert status == 200, body
    agg = body['aggregate']
    assert agg['name'] == 'agg1' and agg['availability_zone'] == 'zone1'
    assert 'hosts' not in agg and 'metadata' not in agg and 'uuid' not in agg
    agg_id = agg['id']
    try:
        # duplicate name, members, bad bodies, unknown ids
        status, _, body = cloud.request('POST', C + '/os-aggregates', token='admin',
                                        body={'aggregate': {'name': 'agg1'}})
        assert status == 409
        assert body['conflictingRequest']['message'] == 'Aggregate agg1 already exists.'
        assert cloud.request('GET', C + '/os-aggregates')[0] == 403
        assert cloud.request('POST', C + '/os-aggregates',
                             body={'aggregate': {'name': 'x'}})[0] == 403
        for bad in ({'aggregate': {}}, {'aggregate': {'name': ''}},
                    {'aggregate': {'name': 'a', 'availability_zone': 'a:b'}},
                    {'aggregate': {'name': 'a', 'bogus': 1}}):
            assert cloud.request('POST', C + '/os-aggregates', body=bad,
                                 token='admin')[0] == 400, bad
        status, _, body = cloud.request('GET', C + '/os-aggregates/999999', token='admin')
        assert status == 404
        assert body['itemNotFound']['message'] == 'Aggregate 999999 could not be found.'
        status, _, body = cloud.request('GET', C + '/os-aggregates/abc', token='admin')
        assert status == 400 and 'id must be an integer' in body['badRequest']['message']

        # show (2.41 uuid), update, list
        status, _, body = cloud.request('GET', C + '/os-aggregates/%s' % agg_id,
                                        token='admin', version='2.41')
        assert status == 200
        shown = body['aggregate']
        assert uuid.UUID(shown['uuid'])
        assert shown['hosts'] == [] and shown['metadata'] == {'availability_zone': 'zone1'}
        status, _, body = cloud.request('PUT', C + '/os-aggregates/%s' % agg_id,
                                        token='admin', body={'aggregate': {'name': 'agg1b'}})
        assert status == 200 and body['aggregate']['name'] == 'agg1b'
        assert cloud.request('PUT', C + '/os-aggregates/%s' % agg_id, token='admin',
                             body={'aggregate': {}})[0] == 400
        names = [a['name'] for a in
                 cloud.request('GET', C + '/os-aggregates', token='admin')[2]['aggregates']]
        assert 'agg1b' in names

        # hosts
        action = C + '/os-aggregates/%s/action' % agg_id
        status, _, body = cloud.request('POST', action, token='admin',
                                        body={'add_host': {'host': 'nosuch'}})
        assert status == 404
        assert body['itemNotFound']['message'] == 'Compute host nosuch could not be found.'
        status, _, body = cloud.request('POST', action, token='admin',
                                        body={'add_host': {'host': 'c1'}})
        assert status == 200 and body['aggregate']['hosts'] == ['c1']
        status, _, body = cloud.request('POST', action, token='admin',
                                        body={'add_host': {'host': 'c1'}})
        assert status == 409
        assert body['conflictingRequest']['message'] == \
            'Aggregate %s already has host c1.' % agg_id
        assert cloud.request('POST', action, token='admin',
                             body={'bogus': {}})[0] == 400
        # a host in zone1 cannot join an aggregate of another zone (409)
        other = _agg(cloud, 'agg2', zone='zone2')
        status, _, body = cloud.request('POST', C + '/os-aggregates/%s/action' % other,
                                        token='admin', body={'add_host': {'host': 'c1'}})
        assert status == 409
        assert 'One or more hosts already in availability zone(s)' in \
            body['conflictingRequest']['message']
        _drop_agg(cloud, other)

        # the zone shows in os-availability-zone and os-services
        zones = cloud.request('GET', C + '/os-availability-zone')[2]['availabilityZoneInfo']
        assert {'zone1', 'nova'} <= {z['zoneName'] for z in zones}
        services = cloud.request('GET', C + '/os-services?host=c1',
                                 token='admin')[2]['services']
        assert services[0]['zone'] == 'zone1'

        # metadata: set, unset; an empty zone name is refused
        status, _, body = cloud.request('POST', action, token='admin', body={
            'set_metadata': {'metadata': {'ssd': 'true', 'foo': 'bar'}}})
        assert status == 200
        assert body['aggregate']['metadata'] == {'availability_zone': 'zone1', 'ssd': 'true',
                                                 'foo': 'bar'}
        status, _, body = cloud.request('POST', action, token='admin', body={
            'set_metadata': {'metadata': {'foo': None}}})
        assert 'foo' not in body['aggregate']['metadata']
        status, _, body = cloud.request('POST', action, token='admin', body={
            'set_metadata': {'metadata': {'availability_zone': None}}})
        assert status == 400
        assert 'does not support empty named availability zone' in \
            body['badRequest']['message']

        # not empty: 400 on delete; removing an absent host: 404
        status, _, body = cloud.request('DELETE', C + '/os-aggregates/%s' % agg_id,
                                        token='admin')
        assert status == 400
        assert body['badRequest']['message'] == ('Cannot remove aggregate %s. Reason: Host '
                                                 'aggregate is not empty.' % agg_id)
        status, _, body = cloud.request('POST', action, token='admin',
                                        body={'remove_host': {'host': 'c2'}})
        assert status == 404
        assert body['itemNotFound']['message'] == \
            'Cannot remove host c2 in aggregate %s' % agg_id
        status, _, body = cloud.request('POST', action, token='admin',
                                        body={'remove_host': {'host': 'c1'}})
        assert status == 200 and body['aggregate']['hosts'] == []
    finally:
        _drop_agg(cloud, agg_id)
    assert cloud.request('GET', C + '/os-aggregates/%s' % agg_id, token='admin')[0] == 404
    zones = cloud.request('GET', C + '/os-availability-zone')[2]['availabilityZoneInfo']
    assert [z['zoneName'] for z in zones] == ['nova']


# ----------------------------------------------------------------------------- scheduling

def test_availability_zone_places_on_its_hosts(cloud):
    agg_id = _agg(cloud, 'az-a-agg', zone='az-a', hosts=['c3'])
    servers = []
    try:
        for i in range(3):
            server = _boot(cloud, 'az-%d' % i, availability_zone='az-a')
            servers.append(server['id'])
            assert server['status'] == 'ACTIVE', server
            host, admin_view = _host(cloud, server['id'])
            assert host == 'c3'
            assert admin_view['OS-EXT-AZ:availability_zone'] == 'az-a'
        # without a zone a server may land anywhere; in the default zone never on c3
        server = _boot(cloud, 'az-nova', availability_zone='nova')
        servers.append(server['id'])
        assert _host(cloud, server['id'])[0] in ('c1', 'c2')
        # an unknown zone is refused at the API
        status, _, body = cloud.request('POST', C + '/servers', version='2.47', body={
            'server': {'name': 'x', 'imageRef': _image_id(cloud), 'flavorRef': '42',
                       'networks': [{'uuid': _network_id(cloud)}],
                       'availability_zone': 'no-such-zone'}})
        assert status == 400
        assert body['badRequest']['message'] == \
            'The requested availability zone is not available'
        # renaming the zone of hosts holding servers is refused
        status, _, body = cloud.request('POST', C + '/os-aggregates/%s/action' % agg_id,
                                        token='admin', body={'set_metadata': {
                                            'metadata': {'availability_zone': 'az-b'}}})
        assert status == 400
        assert 'One or more hosts contain instances in this zone' in \
            body['badRequest']['message']
        # a zone whose hosts are all disabled has no valid host
        svc = C + '/os-services/disable'
        assert cloud.request('PUT', svc, token='admin',
                             body={'host': 'c3', 'binary': 'nova-compute'})[0] == 200
        try:
            status, _, body = cloud.request('POST', C + '/servers', version='2.47', body={
                'server': {'name': 'x', 'imageRef': _image_id(cloud), 'flavorRef': '42',
                           'networks': [{'uuid': _network_id(cloud)}],
                           'availability_zone': 'az-a'}})
            assert status == 400   # the zone is not available any more
        finally:
            cloud.request('PUT', C + '/os-services/enable', token='admin',
                          body={'host': 'c3', 'binary': 'nova-compute'})
    finally:
        for server_id in servers:
            _delete(cloud, server_id)
        _drop_agg(cloud, agg_id)


def _flavor(cloud, name, specs):
    status, _, body = cloud.request('POST', C + '/flavors', token='admin', body={
        'flavor': {'name': name, 'ram': 128, 'vcpus': 1, 'disk': 1}})
    assert status == 200, body
    flavor_id = body['flavor']['id']
    status, _, body = cloud.request('POST', C + '/flavors/%s/os-extra_specs' % flavor_id,
                                    token='admin', body={'extra_specs': specs})
    assert status == 200, body
    return flavor_id


def test_aggregate_instance_extra_specs_filter(cloud):
    agg_id = _agg(cloud, 'ssd-agg', hosts=['c2'], metadata={'ssd': 'true', 'gen': '3'})
    ssd = _flavor(cloud, 'ssd-flavor', {'aggregate_instance_extra_specs:ssd': 'true',
                                        'aggregate_instance_extra_specs:gen': '>= 2',
                                        'hw:cpu_policy': 'shared'})
    nvme = _flavor(cloud, 'nvme-flavor', {'aggregate_instance_extra_specs:nvme': 'true'})
    servers = []
    try:
        for i in range(2):
            server = _boot(cloud, 'ssd-%d' % i, flavor=ssd)
            servers.append(server['id'])
            assert server['status'] == 'ACTIVE', server
            assert _host(cloud, server['id'])[0] == 'c2'
        server = _boot(cloud, 'nvme', flavor=nvme)
        servers.append(server['id'])
        assert server['status'] == 'ERROR'
        assert 'No valid host' in _fault(cloud, server)
    finally:
        for server_id in servers:
            _delete(cloud, server_id)
        _drop_agg(cloud, agg_id)
        for flavor_id in (ssd, nvme):
            cloud.request('DELETE', C + '/flavors/%s' % flavor_id, token='admin')


def _image(cloud, name, **props):
    body = dict({'name': name, 'disk_format': 'qcow2', 'container_format': 'bare',
                 'visibility': 'public'}, **props)
    status, _, image = cloud.request('POST', '/image/v2/images', body=body, token='admin')
    assert status == 201, image
    status, _, _ = cloud.request('PUT', '/image/v2/images/%s/file' % image['id'],
                                 raw=b'\0' * 1024, token='admin',
                                 headers={'Content-Type': 'application/octet-stream'})
    assert status == 204
    return image['id']


def test_image_properties_filter(cloud):
    arm = _image(cloud, 'arm-image', hw_architecture='aarch64')
    x86_fake = _image(cloud, 'x86-fake-image', hw_architecture='x86_64',
                      img_hv_type='fake')
    servers = []
    try:
        server = _boot(cloud, 'arm', image=arm)
        servers.append(server['id'])
        assert server['status'] == 'ERROR' and 'No valid host' in _fault(cloud, server)
        server = _boot(cloud, 'x86', image=x86_fake)
        servers.append(server['id'])
        assert server['status'] == 'ACTIVE', server
    finally:
        for server_id in servers:
            _delete(cloud, server_id)
        for image_id in (arm, x86_fake):
            cloud.request('DELETE', '/image/v2/images/%s' % image_id, token='admin')


def test_forced_down_service_is_not_chosen(cloud):
    services = cloud.request('GET', C + '/os-services?binary=nova-compute', token='admin',
                             version='2.53')[2]['services']
    by_host = {s['host']: s for s in services}
    assert uuid.UUID(by_host['c1']['id'])   # 2.53: uuid ids
    servers = []
    try:
        # 2.11 form for c1, 2.53 form for c2
        status, _, body = cloud.request('PUT', C + '/os-services/force-down', token='admin',
                                        version='2.11', body={'host': 'c1',
                                                              'binary': 'nova-compute',
                                                              'forced_down': True})
        assert status == 200, body
        assert body['service'] == {'host': 'c1', 'binary': 'nova-compute',
                                   'forced_down': True}
        status, _, body = cloud.request('PUT', C + '/os-services/%s' % by_host['c2']['id'],
                                        token='admin', version='2.53',
                                        body={'forced_down': True})
        assert status == 200, body
        assert body['service']['forced_down'] is True and body['service']['state'] == 'down'
        listed = {s['host']: s for s in cloud.request(
            'GET', C + '/os-services', token='admin', version='2.11')[2]['services']}
        assert listed['c1']['state'] == 'down' and listed['c1']['forced_down'] is True
        for i in range(3):
            server = _boot(cloud, 'fd-%d' % i)
            servers.append(server['id'])
            assert server['status'] == 'ACTIVE', server
            assert _host(cloud, server['id'])[0] == 'c3'
        # c3 disabled too: no valid host
        status, _, body = cloud.request('PUT', C + '/os-services/%s' % by_host['c3']['id'],
                                        token='admin', version='2.53', body={
                                            'status': 'disabled', 'disabled_reason': 'maint'})
        assert status == 200 and body['service']['status'] == 'disabled'
        assert body['service']['disabled_reason'] == 'maint'
        server = _boot(cloud, 'fd-none')
        servers.append(server['id'])
        assert server['status'] == 'ERROR' and 'No valid host' in _fault(cloud, server)
    finally:
        for host in ('c1', 'c2', 'c3'):
            cloud.request('PUT', C + '/os-services/%s' % by_host[host]['id'], token='admin',
                          version='2.53', body={'status': 'enabled', 'forced_down': False})
        for server_id in servers:
            _delete(cloud, server_id)
    listed = cloud.request('GET', C + '/os-services', token='admin')[2]['services']
    assert all(s['state'] == 'up' for s in listed if s['binary'] == 'nova-compute')


def test_services_v253_errors_and_delete(cloud):
    services = cloud.request('GET', C + '/os-services', token='admin',
                             version='2.53')[2]['services']
    compute = next(s for s in services if s['host'] == 'c1' and
                   s['binary'] == 'nova-compute')
    other = next(s for s in services if s['binary'] != 'nova-compute')
    url = C + '/os-services/%s'
    cases = [
        (url % compute['id'], {}, 400, "No updates were requested"),
        (url % compute['id'], {'status': 'enabled', 'disabled_reason': 'x'}, 400,
         "Specifying 'disabled_reason' with status 'enabled' is invalid."),
        (url % compute['id'], {'status': 'sleeping'}, 400, None),
        (url % 'enable', {'status': 'enabled'}, 400, 'Invalid uuid enable'),
        (url % str(uuid.uuid4()), {'status': 'enabled'}, 404, None),
        (url % other['id'], {'status': 'disabled'}, 400, 'Only nova-compute services'),
    ]
    for path, body, code, message in cases:
        status, _, out = cloud.request('PUT', path, token='admin', version='2.53', body=body)
        assert status == code, (path, body, out)
        if message:
            assert message in next(iter(out.values()))['message']
    assert cloud.request('PUT', url % compute['id'], version='2.53',
                         body={'status': 'enabled'})[0] == 403
    # a compute host with a server cannot be deleted (409)
    agg_id = _agg(cloud, 'del-agg', zone='pin1', hosts=['c1'])
    server = _boot(cloud, 'pinned', availability_zone='pin1')
    try:
        status, _, body = cloud.request('DELETE', url % compute['id'], token='admin',
                                        version='2.53')
        assert status == 409
        assert 'Unable to delete compute service that is hosting instances' in \
            body['conflictingRequest']['message']
    finally:
        _delete(cloud, server['id'])
        _drop_agg(cloud, agg_id)
    assert cloud.request('DELETE', url % 'abc', token='admin', version='2.53')[0] == 400
    assert cloud.request('DELETE', url % str(uuid.uuid4()), token='admin',
                         version='2.53')[0] == 404
    assert cloud.request('DELETE', url % 'abc', token='admin')[0] == 400


def _add_ghost(cloud, host):
    """A compute host whose service stopped: rows as its last heartbeat left them, two
    service_down_time periods ago."""
    db = sqlite3.connect(os.path.join(cloud.state_dir, 'novalite.db'))
    old = (datetime.datetime.utcnow() - datetime.timedelta(seconds=120)).isoformat(' ')
    with db:
        db.execute("INSERT INTO services (uuid, host, binary, topic, report_count, disabled, "
                   "forced_down, last_seen_up, version, created_at, updated_at) VALUES "
                   "(?, ?, 'nova-compute', 'compute', 5, 0, 0, ?, 0, ?, ?)",
                   (str(uuid.uuid4()), host, old, old, old))
        db.execute("INSERT INTO compute_nodes (uuid, host, hypervisor_hostname, "
                   "hypervisor_type, hypervisor_version, vcpus, memory_mb, local_gb, "
                   "vcpus_used, memory_mb_used, local_gb_used, running_vms, "
                   "cpu_allocation_ratio, ram_allocation_ratio, disk_allocation_ratio, "
                   "deleted, created_at, updated_at) VALUES (?, ?, ?, 'fake', 1000, 64, "
                   "65536, 1000, 0, 0, 0, 0, 16.0, 1.5, 1.0, 0, ?, ?)",
                   (str(uuid.uuid4()), host, host, old, old))
    db.close()


def test_stopped_compute_is_down_and_not_chosen(cloud):
    _add_ghost(cloud, 'ghost')
    services = {s['host']: s for s in cloud.request('GET', C + '/os-services',
                                                   token='admin')[2]['services']}
    assert services['ghost']['state'] == 'down' and services['ghost']['status'] == 'enabled'
    assert services['c1']['state'] == 'up'
    hyps = {h['hypervisor_hostname']: h for h in cloud.request(
        'GET', C + '/os-hypervisors', token='admin')[2]['hypervisors']}
    assert hyps['ghost']['state'] == 'down'
    agg_id = _agg(cloud, 'ghost-agg', zone='ghost-zone', hosts=['ghost'])
    try:
        server = _boot(cloud, 'to-ghost', availability_zone='ghost-zone')
        assert server['status'] == 'ERROR' and 'No valid host' in _fault(cloud, server)
        _delete(cloud, server['id'])
    finally:
        _drop_agg(cloud, agg_id)
        status, _, _ = cloud.request('DELETE', C + '/os-services/%s' % services['ghost']['id'],
                                     token='admin')
        assert status == 204
    hosts = [h['hypervisor_hostname'] for h in cloud.request(
        'GET', C + '/os-hypervisors', token='admin')[2]['hypervisors']]
    assert 'ghost' not in hosts


# ----------------------------------------------------------------------------- hypervisors

def test_hypervisors_microversions(cloud):
    H = C + '/os-hypervisors'
    old = cloud.request('GET', H, token='admin')[2]['hypervisors']
    assert all(isinstance(h['id'], int) for h in old)
    status, _, body = cloud.request('GET', H + '/statistics', token='admin')
    assert status == 200 and body['hypervisor_statistics']['count'] >= 3
    c1_int = next(h for h in old if h['hypervisor_hostname'] == 'c1')['id']
    assert cloud.request('GET', H + '/%s/uptime' % c1_int, token='admin')[0] == 200
    assert cloud.request('GET', H + '/c1/search', token='admin')[0] == 200
    assert cloud.request('GET', H + '/nosuch/search', token='admin')[0] == 404

    # 2.53: uuids, query parameters instead of /search and /servers
    new = cloud.request('GET', H, token='admin', version='2.53')[2]['hypervisors']
    c1 = next(h for h in new if h['hypervisor_hostname'] == 'c1')
    assert uuid.UUID(c1['id'])
    assert cloud.request('GET', H + '/c1/search', token='admin', version='2.53')[0] == 404
    assert cloud.request('GET', H + '/c1/servers', token='admin', version='2.53')[0] == 404
    status, _, body = cloud.request('GET', H + '?hypervisor_hostname_pattern=c2',
                                    token='admin', version='2.53')
    assert status == 200 and [h['hypervisor_hostname'] for h in body['hypervisors']] == ['c2']
    assert cloud.request('GET', H + '?hypervisor_hostname_pattern=zz', token='admin',
                         version='2.53')[0] == 404
    assert cloud.request('GET', H + '?hypervisor_hostname_pattern=c&limit=1', token='admin',
                         version='2.53')[0] == 400
    assert cloud.request('GET', H + '?with_servers=maybe', token='admin',
                         version='2.53')[0] == 400
    agg_id = _agg(cloud, 'hyp-agg', zone='pin2', hosts=['c1'])
    server = _boot(cloud, 'on-c1', availability_zone='pin2')
    try:
        status, _, body = cloud.request('GET', H + '/%s?with_servers=true' % c1['id'],
                                        token='admin', version='2.53')
        assert status == 200
        shown = body['hypervisor']
        assert [s['uuid'] for s in shown['servers']] == [server['id']]
        assert uuid.UUID(shown['service']['id']) and shown['vcpus_used'] >= 1
        assert cloud.request('GET', H + '/%s' % c1_int, token='admin',
                             version='2.53')[0] == 400
        # 2.88: no statistics, no uptime route, no resource fields; uptime in the view
        status, _, body = cloud.request('GET', H + '/%s' % c1['id'], token='admin',
                                        version='2.88')
        assert status == 200
        shown = body['hypervisor']
        for gone in ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used', 'running_vms',
                     'cpu_info', 'free_disk_gb', 'current_workload'):
            assert gone not in shown
        assert 'up' in shown['uptime'] and shown['hypervisor_type'] == 'fake'
        assert cloud.request('GET', H + '/statistics', token='admin',
                             version='2.88')[0] == 404
        assert cloud.request('GET', H + '/%s/uptime' % c1['id'], token='admin',
                             version='2.88')[0] == 404
    finally:
        _delete(cloud, server['id'])
        _drop_agg(cloud, agg_id)
    assert cloud.request('GET', H, version='2.53')[0] == 403
