"""os-services, os-availability-zone, os-hypervisors and limits, in-process."""
import datetime
import uuid

import pytest

from novalite.db import api as db_api
from novalite.db import claims
from novalite.db import models
from novalite.db import session as db

RES = {'vcpus': 8, 'memory_mb': 16384, 'local_gb': 100, 'hypervisor_type': 'fake',
       'hypervisor_version': 1000}


@pytest.fixture
def hosts(compute):
    for host in ('compute1', 'compute2'):
        db_api.service_heartbeat(host, 'nova-compute', 'compute')
        db_api.compute_node_upsert(host, host, RES)
    db_api.service_heartbeat('ctl', 'nova-conductor', 'conductor')
    db_api.service_heartbeat('ctl', 'nova-scheduler', 'scheduler')
    return {n['host']: n for n in db_api.compute_nodes_get_all()}


def _instance(project_id, host, vcpus=2, ram=2048, task_state=None):
    inst_uuid = str(uuid.uuid4())
    with db.transaction() as s:
        db_api.instance_create(s, {
            'uuid': inst_uuid, 'display_name': 'vm', 'project_id': project_id,
            'user_id': 'u', 'flavor_id': '1', 'flavor': {}, 'vcpus': vcpus,
            'memory_mb': ram, 'root_gb': 5, 'vm_state': 'active', 'task_state': task_state,
            'host': host, 'reservation_id': 'r-1'})
    return inst_uuid


def test_services_list_filters_and_admin_only(api, admin, hosts):
    status, _, body = api('GET', '/os-services', token=admin[0])
    assert status == 200
    by_key = {(s['host'], s['binary']): s for s in body['services']}
    c1 = by_key[('compute1', 'nova-compute')]
    assert c1['status'] == 'enabled' and c1['state'] == 'up' and c1['zone'] == 'nova'
    assert c1['disabled_reason'] is None and c1['forced_down'] is False
    assert by_key[('ctl', 'nova-conductor')]['zone'] == 'internal'
    _, _, body = api('GET', '/os-services?binary=nova-compute&host=compute2', token=admin[0])
    assert [(s['host'], s['binary']) for s in body['services']] == [
        ('compute2', 'nova-compute')]
    _, _, body = api('GET', '/os-services', token=admin[0], version='2.10')
    assert 'forced_down' not in body['services'][0]
    status, _, body = api('GET', '/os-services')
    assert status == 403


def test_disable_enable_force_down(api, admin, hosts):
    body = {'host': 'compute1', 'binary': 'nova-compute'}
    status, _, resp = api('PUT', '/os-services/disable', body, token=admin[0])
    assert status == 200
    assert resp == {'service': {'host': 'compute1', 'binary': 'nova-compute',
                                'status': 'disabled'}}
    status, _, resp = api('PUT', '/os-services/disable-log-reason',
                          dict(body, disabled_reason='maintenance'), token=admin[0])
    assert resp['service']['disabled_reason'] == 'maintenance'
    _, _, listed = api('GET', '/os-services?host=compute1', token=admin[0])
    assert listed['services'][0]['status'] == 'disabled'
    assert listed['services'][0]['disabled_reason'] == 'maintenance'
    status, _, resp = api('PUT', '/os-services/disable-log-reason', body, token=admin[0])
    assert status == 400 and resp['badRequest']['message'] == 'Missing disabled reason field'
    status, _, resp = api('PUT', '/os-services/enable', body, token=admin[0])
    assert resp['service']['status'] == 'enabled'
    _, _, listed = api('GET', '/os-services?host=compute1', token=admin[0])
    assert listed['services'][0]['disabled_reason'] is None
    status, _, resp = api('PUT', '/os-services/force-down', dict(body, forced_down=True),
                          token=admin[0])
    assert status == 200 and resp['service']['forced_down'] is True
    _, _, listed = api('GET', '/os-services?host=compute1', token=admin[0])
    assert listed['services'][0]['state'] == 'down'
    assert listed['services'][0]['forced_down'] is True
    # force-down arrives with 2.11
    assert api('PUT', '/os-services/force-down', dict(body, forced_down=True),
               token=admin[0], version='2.10')[0] == 400
    assert api('PUT', '/os-services/force-down', body, token=admin[0])[0] == 400
    status, _, resp = api('PUT', '/os-services/reboot', body, token=admin[0])
    assert status == 404 and resp['itemNotFound']['message'] == 'Unknown action'
    status, _, resp = api('PUT', '/os-services/disable',
                          {'host': 'nohost', 'binary': 'nova-compute'}, token=admin[0])
    assert status == 404
    status, _, resp = api('PUT', '/os-services/disable',
                          {'host': 'ctl', 'binary': 'nova-scheduler'}, token=admin[0])
    assert status == 400 and 'Only nova-compute services can be updated' in \
        resp['badRequest']['message']
    for bad in ({}, {'host': 'compute1'}, {'host': 'a b', 'binary': 'nova-compute'},
                dict(body, extra=1), dict(body, disabled_reason='')):
        assert api('PUT', '/os-services/disable', bad, token=admin[0])[0] == 400
    assert api('PUT', '/os-services/disable', body)[0] == 403


def test_delete_service(api, admin, hosts, demo):
    services = api('GET', '/os-services?host=compute2', token=admin[0])[2]['services']
    sid = services[0]['id']
    inst = _instance(demo[2], 'compute2')
    status, _, body = api('DELETE', '/os-services/%s' % sid, token=admin[0])
    assert status == 409 and 'hosting instances' in body['conflictingRequest']['message']
    db_api.instance_destroy(inst)
    assert api('DELETE', '/os-services/%s' % sid, token=admin[0])[0] == 204
    status, _, body = api('DELETE', '/os-services/%s' % sid, token=admin[0])
    assert status == 404 and body['itemNotFound']['message'] == 'Service %s not found.' % sid
    assert api('DELETE', '/os-services/abc', token=admin[0])[0] == 400
    _, _, body = api('GET', '/os-hypervisors', token=admin[0])
    assert [h['hypervisor_hostname'] for h in body['hypervisors']] == ['compute1']


def test_availability_zones(api, admin, hosts):
    status, _, body = api('GET', '/os-availability-zone')
    assert status == 200
    assert body == {'availabilityZoneInfo': [
        {'zoneName': 'nova', 'zoneState': {'available': True}, 'hosts': None}]}
    assert api('GET', '/os-availability-zone/detail')[0] == 403
    _, _, body = api('GET', '/os-availability-zone/detail', token=admin[0])
    zones = {z['zoneName']: z for z in body['availabilityZoneInfo']}
    assert set(zones) == {'nova', 'internal'}
    nova = zones['nova']['hosts']
    assert set(nova) == {'compute1', 'compute2'}
    assert nova['compute1']['nova-compute']['available'] is True
    assert nova['compute1']['nova-compute']['active'] is True
    assert set(zones['internal']['hosts']['ctl']) == {'nova-conductor', 'nova-scheduler'}
    for host in ('compute1', 'compute2'):
        api('PUT', '/os-services/disable', {'host': host, 'binary': 'nova-compute'},
            token=admin[0])
    _, _, body = api('GET', '/os-availability-zone')
    assert body == {'availabilityZoneInfo': [
        {'zoneName': 'nova', 'zoneState': {'available': False}, 'hosts': None}]}


def test_hypervisors(api, admin, hosts, demo):
    node1 = hosts['compute1']
    _, _, body = api('GET', '/os-hypervisors', token=admin[0])
    assert body['hypervisors'][0] == {'id': node1['id'], 'hypervisor_hostname': 'compute1',
                                      'state': 'up', 'status': 'enabled'}
    inst = _instance(demo[2], 'compute1', task_state='spawning')
    assert claims.claim(node1['id'], inst, {'vcpus': 2, 'memory_mb': 2048, 'disk_gb': 5})
    _, _, body = api('GET', '/os-hypervisors/detail', token=admin[0])
    h1 = body['hypervisors'][0]
    assert h1['vcpus_used'] == 2 and h1['memory_mb_used'] == 2048
    assert h1['local_gb_used'] == 5 and h1['running_vms'] == 1
    assert h1['free_ram_mb'] == 16384 - 2048 and h1['free_disk_gb'] == 95
    assert h1['current_workload'] == 1 and isinstance(h1['cpu_info'], dict)
    assert h1['service']['host'] == 'compute1'
    _, _, body = api('GET', '/os-hypervisors/%s' % node1['id'], token=admin[0], version='2.27')
    assert isinstance(body['hypervisor']['cpu_info'], str)
    _, _, body = api('GET', '/os-hypervisors/statistics', token=admin[0])
    stats = body['hypervisor_statistics']
    assert stats['count'] == 2 and stats['vcpus'] == 16 and stats['vcpus_used'] == 2
    assert stats['running_vms'] == 1 and stats['memory_mb_used'] == 2048
    _, _, body = api('GET', '/os-hypervisors/compute1/servers', token=admin[0])
    assert body['hypervisors'][0]['servers'][0]['uuid'] == inst
    _, _, body = api('GET', '/os-hypervisors/compute2/servers', token=admin[0])
    assert 'servers' not in body['hypervisors'][0]
    _, _, body = api('GET', '/os-hypervisors/compute/search', token=admin[0])
    assert len(body['hypervisors']) == 2
    status, _, body = api('GET', '/os-hypervisors/nomatch/search', token=admin[0])
    assert status == 404
    assert body['itemNotFound']['message'] == "No hypervisor matching 'nomatch' could be found."
    assert api('GET', '/os-hypervisors/nomatch/servers', token=admin[0])[0] == 404
    status, _, body = api('GET', '/os-hypervisors/%s/uptime' % node1['id'], token=admin[0])
    assert status == 200 and ' up ' in body['hypervisor']['uptime']
    for bad in ('999', 'abc'):
        status, _, body = api('GET', '/os-hypervisors/%s' % bad, token=admin[0])
        assert status == 404
        assert body['itemNotFound']['message'] == (
            "Hypervisor with ID '%s' could not be found." % bad)
    claims.release(inst)
    _, _, body = api('GET', '/os-hypervisors/statistics', token=admin[0])
    assert body['hypervisor_statistics']['vcpus_used'] == 0
    for path in ('', '/detail', '/statistics', '/%s' % node1['id'], '/compute1/search'):
        assert api('GET', '/os-hypervisors' + path)[0] == 403


def test_hypervisor_down_and_disabled(api, admin, hosts):
    old = models.utcnow() - datetime.timedelta(hours=1)
    db_api.service_update_by_host_binary('compute2', 'nova-compute', {'last_seen_up': old})
    api('PUT', '/os-services/disable', {'host': 'compute2', 'binary': 'nova-compute'},
        token=admin[0])
    node2 = hosts['compute2']
    _, _, body = api('GET', '/os-hypervisors/%s' % node2['id'], token=admin[0])
    assert body['hypervisor']['state'] == 'down'
    assert body['hypervisor']['status'] == 'disabled'
    status, _, body = api('GET', '/os-hypervisors/%s/uptime' % node2['id'], token=admin[0])
    assert status == 400
    assert body['badRequest']['message'] == (
        'Compute service of compute2 is unavailable at this time.')
    _, _, body = api('GET', '/os-hypervisors/statistics', token=admin[0])
    assert body['hypervisor_statistics']['count'] == 1


def test_hypervisor_pagination(api, admin, hosts):
    _, _, body = api('GET', '/os-hypervisors?limit=1', token=admin[0])
    assert len(body['hypervisors']) == 1
    marker = body['hypervisors'][0]['id']
    assert 'marker=%s' % marker in body['hypervisors_links'][0]['href']
    _, _, body = api('GET', '/os-hypervisors/detail?limit=1&marker=%s' % marker,
                     token=admin[0])
    assert body['hypervisors'][0]['hypervisor_hostname'] == 'compute2'
    assert '/os-hypervisors/detail?' in body['hypervisors_links'][0]['href']
    status, _, body = api('GET', '/os-hypervisors?marker=999', token=admin[0])
    assert status == 400 and body['badRequest']['message'] == 'Marker 999 could not be found.'
    _, _, body = api('GET', '/os-hypervisors?limit=1', token=admin[0], version='2.32')
    assert len(body['hypervisors']) == 2 and 'hypervisors_links' not in body


def test_limits(api, admin, demo, hosts):
    _, _, body = api('GET', '/limits')
    absolute = body['limits']['absolute']
    assert body['limits']['rate'] == []
    assert absolute == {'maxTotalInstances': 10, 'maxTotalCores': 20,
                        'maxTotalRAMSize': 51200, 'maxTotalKeypairs': 100,
                        'maxServerMeta': 128, 'maxPersonality': 5,
                        'maxPersonalitySize': 10240, 'maxServerGroups': 10,
                        'maxServerGroupMembers': 10, 'totalInstancesUsed': 0,
                        'totalCoresUsed': 0, 'totalRAMUsed': 0, 'totalServerGroupsUsed': 0}
    _instance(demo[2], 'compute1', vcpus=2, ram=2048)
    gone = _instance(demo[2], 'compute1', vcpus=4, ram=4096)
    db_api.instance_destroy(gone)
    _instance(admin[2], 'compute1')
    absolute = api('GET', '/limits')[2]['limits']['absolute']
    assert (absolute['totalInstancesUsed'], absolute['totalCoresUsed'],
            absolute['totalRAMUsed']) == (1, 2, 2048)
    v21 = api('GET', '/limits', version='2.1')[2]['limits']['absolute']
    assert v21['maxImageMeta'] == 128 and v21['maxTotalFloatingIps'] == 10
    assert v21['maxSecurityGroups'] == 10 and v21['maxSecurityGroupRules'] == 20
    assert v21['totalFloatingIpsUsed'] == 0 and v21['totalSecurityGroupsUsed'] == 0
    v236 = api('GET', '/limits', version='2.36')[2]['limits']['absolute']
    assert 'maxTotalFloatingIps' not in v236 and 'maxImageMeta' in v236
    other = api('GET', '/limits?tenant_id=%s' % demo[2], token=admin[0])[2]
    assert other['limits']['absolute']['totalInstancesUsed'] == 1
    assert api('GET', '/limits?tenant_id=%s' % admin[2])[0] == 403
