"""os-hosts (deprecated, admin, 404 from 2.43), in-process: list with zones, show with the
resource rows, enable/disable through the compute service, and the 400/403/404/501s."""
import uuid

import pytest

from novalite.db import aggregates as agg_db
from novalite.db import api as db_api
from novalite.db import claims
from novalite.db import session as db

RES = {'vcpus': 8, 'memory_mb': 16384, 'local_gb': 100, 'hypervisor_type': 'fake',
       'hypervisor_version': 1000}
HOSTS = '/os-hosts'


@pytest.fixture
def hosts(compute):
    for host in ('compute1', 'compute2'):
        db_api.service_heartbeat(host, 'nova-compute', 'compute')
        db_api.compute_node_upsert(host, host, RES)
    db_api.service_heartbeat('ctl', 'nova-conductor', 'conductor')
    db_api.service_heartbeat('ctl', 'nova-scheduler', 'scheduler')
    return {n['host']: n for n in db_api.compute_nodes_get_all()}


@pytest.fixture
def v242(api):
    def _call(method, path, body=None, token=None):
        return api(method, path, body=body, token=token, version='2.42')
    return _call


def _instance(project_id, host, vcpus, ram, root, ephemeral=0):
    inst_uuid = str(uuid.uuid4())
    with db.transaction() as s:
        db_api.instance_create(s, {
            'uuid': inst_uuid, 'display_name': 'vm', 'project_id': project_id,
            'user_id': 'u', 'flavor_id': '1', 'flavor': {}, 'vcpus': vcpus,
            'memory_mb': ram, 'root_gb': root, 'ephemeral_gb': ephemeral,
            'vm_state': 'active', 'host': host, 'reservation_id': 'r-1'})
    return inst_uuid


def test_list_hosts_and_zone_filter(v242, admin, hosts):
    status, _, body = v242('GET', HOSTS, token=admin[0])
    assert status == 200
    assert sorted((h['host_name'], h['service'], h['zone']) for h in body['hosts']) == [
        ('compute1', 'compute', 'nova'), ('compute2', 'compute', 'nova'),
        ('ctl', 'conductor', 'internal'), ('ctl', 'scheduler', 'internal')]
    agg = agg_db.aggregate_create('a1', metadata={'availability_zone': 'az1'})
    agg_db.aggregate_host_add(agg['id'], 'compute2')
    _, _, body = v242('GET', HOSTS + '?zone=az1', token=admin[0])
    assert body['hosts'] == [{'host_name': 'compute2', 'service': 'compute', 'zone': 'az1'}]
    _, _, body = v242('GET', HOSTS + '?zone=', token=admin[0])
    assert len(body['hosts']) == 4
    _, _, body = v242('GET', HOSTS + '?zone=xxx', token=admin[0])
    assert body['hosts'] == []
    # disabled services are not listed (Nova filters disabled=False)
    db_api.service_update_by_host_binary('compute1', 'nova-compute', {'disabled': True})
    _, _, body = v242('GET', HOSTS, token=admin[0])
    assert 'compute1' not in [h['host_name'] for h in body['hosts']]


def test_show_host_resource_rows(v242, admin, demo, hosts):
    inst1 = _instance(demo[2], 'compute1', 2, 2048, 5, ephemeral=1)
    _instance(demo[2], 'compute1', 1, 512, 1)
    _instance('other-project', 'compute1', 4, 4096, 10)
    assert claims.claim(hosts['compute1']['id'], inst1,
                        {'vcpus': 2, 'memory_mb': 2048, 'disk_gb': 6})
    status, _, body = v242('GET', HOSTS + '/compute1', token=admin[0])
    assert status == 200
    rows = {r['resource']['project']: r['resource'] for r in body['host']}
    assert [r['resource']['project'] for r in body['host']][:3] == [
        '(total)', '(used_now)', '(used_max)']
    assert all(r['host'] == 'compute1' for r in rows.values())
    assert rows['(total)'] == {'host': 'compute1', 'project': '(total)', 'cpu': 8,
                               'memory_mb': 16384, 'disk_gb': 100}
    assert (rows['(used_now)']['cpu'], rows['(used_now)']['memory_mb'],
            rows['(used_now)']['disk_gb']) == (2, 2048, 6)
    assert (rows['(used_max)']['cpu'], rows['(used_max)']['memory_mb'],
            rows['(used_max)']['disk_gb']) == (7, 6656, 17)
    assert (rows[demo[2]]['cpu'], rows[demo[2]]['memory_mb'],
            rows[demo[2]]['disk_gb']) == (3, 2560, 7)
    assert rows['other-project']['cpu'] == 4
    _, _, body = v242('GET', HOSTS + '/compute2', token=admin[0])
    assert [r['resource']['cpu'] for r in body['host']] == [8, 0, 0]


def test_show_unknown_or_not_compute_host_is_404(v242, admin, hosts):
    for name in ('nonexistent_hostname', 'ctl'):
        status, _, body = v242('GET', HOSTS + '/' + name, token=admin[0])
        assert status == 404
        assert body['itemNotFound']['message'] == (
            'Compute host %s could not be found.' % name)


def test_update_status_disables_and_enables_the_compute_service(v242, admin, hosts):
    status, _, body = v242('PUT', HOSTS + '/compute1', {'status': 'disable'},
                           token=admin[0])
    assert (status, body) == (200, {'host': 'compute1', 'status': 'disabled'})
    [svc] = [s for s in db_api.service_get_all('nova-compute') if s['host'] == 'compute1']
    assert svc['disabled'] is True
    status, _, body = v242('PUT', HOSTS + '/compute1', {'status': 'ENABLE'},
                           token=admin[0])
    assert (status, body) == (200, {'host': 'compute1', 'status': 'enabled'})
    [svc] = [s for s in db_api.service_get_all('nova-compute') if s['host'] == 'compute1']
    assert svc['disabled'] is False


@pytest.mark.parametrize('body, message', [
    ({}, 'is not valid under any of the given schemas'),
    ({'status': None, 'maintenance_mode': None}, 'is not of type'),
    ({'status': 'invalid', 'maintenance_mode': 'enable'}, 'status'),
    ({'status': 'enable', 'maintenance_mode': 'invalid'}, 'maintenance_mode'),
    ({'status': 'enable', 'nope': 1}, 'Additional properties are not allowed'),
    ([], 'is not of type'),
])
def test_update_bad_bodies_are_400(v242, admin, hosts, body, message):
    status, _, resp = v242('PUT', HOSTS + '/compute1', body, token=admin[0])
    assert status == 400, resp
    assert message in resp['badRequest']['message']


def test_update_maintenance_mode_is_501_and_changes_nothing(v242, admin, hosts):
    status, _, body = v242('PUT', HOSTS + '/compute1',
                           {'status': 'disable', 'maintenance_mode': 'enable'},
                           token=admin[0])
    assert status == 501
    assert body['notImplemented']['message'] == (
        'The requested functionality is not supported.')
    [svc] = [s for s in db_api.service_get_all('nova-compute') if s['host'] == 'compute1']
    assert svc['disabled'] is False
    db_api.service_update_by_host_binary('compute1', 'nova-compute', {'forced_down': True})
    status, _, body = v242('PUT', HOSTS + '/compute1', {'maintenance_mode': 'enable'},
                           token=admin[0])
    assert status == 400
    assert body['badRequest']['message'] == (
        'Compute service of compute1 is unavailable at this time.')


def test_update_unknown_host_is_404(v242, admin, hosts):
    for body in ({'status': 'enable'}, {'status': 'enable', 'maintenance_mode': 'enable'}):
        status, _, resp = v242('PUT', HOSTS + '/nonexistent_hostname', body,
                               token=admin[0])
        assert status == 404
        assert resp['itemNotFound']['message'] == (
            'Host nonexistent_hostname could not be found.')


@pytest.mark.parametrize('action', ['startup', 'shutdown', 'reboot'])
def test_power_actions_are_501_or_404(v242, admin, hosts, action):
    status, _, body = v242('GET', '%s/compute1/%s' % (HOSTS, action), token=admin[0])
    assert status == 501 and 'notImplemented' in body
    status, _, body = v242('GET', '%s/nonexistent_hostname/%s' % (HOSTS, action),
                           token=admin[0])
    assert status == 404
    assert body['itemNotFound']['message'] == (
        'Host nonexistent_hostname could not be found.')


@pytest.mark.parametrize('method, path, body', [
    ('GET', HOSTS, None), ('GET', HOSTS + '/compute1', None),
    ('PUT', HOSTS + '/compute1', {'status': 'enable', 'maintenance_mode': 'enable'}),
    ('GET', HOSTS + '/compute1/startup', None), ('GET', HOSTS + '/compute1/shutdown', None),
    ('GET', HOSTS + '/compute1/reboot', None),
])
def test_non_admin_is_403_and_gone_from_2_43(api, v242, admin, demo, hosts, method, path,
                                             body):
    status, _, resp = v242(method, path, body)
    assert status == 403
    assert resp['forbidden']['message'].startswith(
        "Policy doesn't allow os_compute_api:os-hosts:")
    status, _, resp = api(method, path, body, token=admin[0], version='2.43')
    assert status == 404
    assert resp['itemNotFound']['message'] == 'The resource could not be found.'


def test_unknown_method_is_405(v242, admin, hosts):
    status, headers, _ = v242('DELETE', HOSTS + '/compute1', token=admin[0])
    assert status == 405
    assert 'PUT' in headers['Allow'] and 'GET' in headers['Allow']
