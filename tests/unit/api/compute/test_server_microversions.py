"""The servers API differences of microversions 2.48 -> 2.100, in-process through the compute
paste pipeline (RPC recorded, not delivered): server views per version and role, the update
view below 2.75, create body gates, list filters, lock reason, and the sub-resources
diagnostics, topology, os-server-password and os-interface detach."""
import datetime
import uuid

import pytest
import sqlalchemy as sa

from novalite import rpc
from novalite.api.compute.views import server_extras as view_extras
from novalite.compute import create_extras
from novalite.compute import create_request
from novalite.compute import server_extras
from novalite.compute import states
from novalite.db import api as db_api
from novalite.db import models
from novalite.db import session as db
from tests.unit import rpc_agreement


@pytest.fixture
def sent(monkeypatch):
    clients = []

    def _get_client(topic, version, server=None, timeout=None):
        clients.append(rpc_agreement.RecordingClient(topic, version))
        return clients[-1]
    monkeypatch.setattr(rpc, 'get_client', _get_client)
    return lambda: [(m, kw) for c in clients for (_k, _c, m, kw) in c.sent]


@pytest.fixture
def compute(service_app, sent):
    return service_app('compute')


@pytest.fixture
def server(demo):
    def _make(**values):
        row = {'uuid': str(uuid.uuid4()), 'project_id': demo[2], 'user_id': demo[1],
               'flavor_id': '1', 'vcpus': 4, 'memory_mb': 256, 'root_gb': 1,
               'flavor': {'name': 'f', 'vcpus': 4, 'memory_mb': 256, 'root_gb': 1,
                          'ephemeral_gb': 0, 'swap': 0, 'extra_specs': {}},
               'vm_state': states.ACTIVE, 'power_state': states.RUNNING, 'host': 'h1',
               'reservation_id': 'r-1', 'image_ref': 'img-1', 'hostname': 'vm-1',
               'system_metadata': {'image_disk_format': 'qcow2', 'image_min_ram': 0,
                                   'image_hw_machine_type': 'q35'},
               'scheduler_hints': {'same_host': ['x']}}
        row.update(values)
        with db.transaction() as session:
            return db_api.instance_create(session, row)['uuid']
    return _make


def call(compute, method, path, token, body=None, version=None):
    headers = {'OpenStack-API-Version': 'compute %s' % version} if version else {}
    return compute.request(method, '/v2.1' + path, body=body, token=token, headers=headers)


def test_show_fields_appear_at_their_microversions(compute, demo, server):
    sid = server(locked_reason=None,
                 system_metadata={'trusted_image_certificates': ['c1'],
                                  'pinned_availability_zone': 'az1', 'image_os': 'linux'})
    gates = [('trusted_image_certificates', '2.63', ['c1']), ('server_groups', '2.71', []),
             ('locked_reason', '2.73', None), ('OS-EXT-SRV-ATTR:hostname', '2.90', 'vm-1'),
             ('pinned_availability_zone', '2.96', 'az1'),
             ('scheduler_hints', '2.100', {'same_host': ['x']})]
    for key, version, value in gates:
        below = '2.%d' % (int(version.split('.')[1]) - 1)
        assert key not in call(compute, 'GET', '/servers/' + sid, demo[0],
                               version=below)[2]['server'], key
        assert call(compute, 'GET', '/servers/' + sid, demo[0],
                    version=version)[2]['server'][key] == value, key
    image = call(compute, 'GET', '/servers/' + sid, demo[0], version='2.98')[2]['server'][
        'image']
    assert image['properties'] == {'os': 'linux'}
    assert 'properties' not in call(compute, 'GET', '/servers/' + sid, demo[0],
                                    version='2.97')[2]['server']['image']


def test_detail_list_has_no_server_groups(compute, demo, server):
    server()
    servers = call(compute, 'GET', '/servers/detail', demo[0], version='2.100')[2]['servers']
    assert servers and 'server_groups' not in servers[0] and 'locked_reason' in servers[0]


def test_update_view_is_minimal_below_2_75(compute, demo, server):
    sid = server()
    old = call(compute, 'PUT', '/servers/' + sid, demo[0], {'server': {'name': 'n'}},
               version='2.74')[2]['server']
    for key in ('OS-EXT-STS:vm_state', 'OS-EXT-AZ:availability_zone', 'key_name',
                'config_drive', 'OS-SRV-USG:launched_at', 'os-extended-volumes:volumes_attached'):
        assert key not in old, key
    assert old['locked_reason'] is None and old['server_groups'] == []
    new = call(compute, 'PUT', '/servers/' + sid, demo[0], {'server': {'name': 'n'}},
               version='2.75')[2]['server']
    assert new['OS-EXT-STS:vm_state'] == 'active' and 'key_name' in new


@pytest.mark.parametrize('version,hostname,status', [
    ('2.89', 'abc', 400), ('2.90', 'abc', 200), ('2.90', 'a.example', 400),
    ('2.94', 'a.example', 200), ('2.94', '-bad', 400)])
def test_update_hostname(compute, demo, server, version, hostname, status):
    sid = server()
    got, _, body = call(compute, 'PUT', '/servers/' + sid, demo[0],
                        {'server': {'hostname': hostname}}, version=version)
    assert got == status, body
    if status == 200:
        assert body['server']['OS-EXT-SRV-ATTR:hostname'] == hostname


@pytest.mark.parametrize('version,extra', [
    ('2.51', {'tags': ['a']}), ('2.52', {'tags': ['a/b']}), ('2.52', {'tags': ['t'] * 51}),
    ('2.57', {'personality': [{'path': '/a', 'contents': 'eA=='}]}),
    ('2.62', {'trusted_image_certificates': ['c']}),
    ('2.63', {'trusted_image_certificates': []}),
    ('2.73', {'host': 'h1'}), ('2.73', {'hypervisor_hostname': 'h1'}),
    ('2.89', {'hostname': 'h'}), ('2.90', {'hostname': 'x'}),
    ('2.66', {'block_device_mapping_v2': [{'uuid': 'i', 'volume_type': 'v'}]})])
def test_create_body_gates(compute, demo, version, extra):
    body = {'server': dict({'name': 'n', 'flavorRef': '1', 'imageRef': 'i',
                            'networks': 'none'}, **extra)}
    status, _, resp = call(compute, 'POST', '/servers', demo[0], body, version=version)
    assert status == 400 and 'badRequest' in resp, resp


def test_requested_destination_needs_admin(compute, demo):
    body = {'server': {'name': 'n', 'flavorRef': '1', 'imageRef': 'i', 'networks': 'none',
                       'host': 'h1'}}
    status, _, resp = call(compute, 'POST', '/servers', demo[0], body, version='2.74')
    assert status == 403, resp


def test_list_filters(compute, demo, admin, server):
    old = server(vm_state=states.STOPPED, locked=True)
    new = server()
    with db.transaction() as session:
        session.execute(sa.update(models.Instance).where(models.Instance.uuid == old)
                        .values(updated_at=datetime.datetime(2020, 1, 1)))

    def ids(query, version, token=demo[0]):
        status, _, body = call(compute, 'GET', '/servers' + query, token, version=version)
        assert status == 200, body
        return {s['id'] for s in body['servers']}
    assert ids('?vm_state=stopped', '2.83') == {old}
    assert ids('?vm_state=stopped', '2.82') == {old, new}          # ignored for users
    assert ids('?vm_state=stopped&all_tenants=1', '2.82', admin[0]) == {old}  # admins: always
    assert ids('?locked=true', '2.73') == {old}
    assert ids('?locked=true', '2.72') == {old, new}
    assert ids('?changes-before=2021-01-01T00:00:00Z', '2.66') == {old}
    status, _, body = call(compute, 'GET', '/servers?nope=1', demo[0], version='2.75')
    assert status == 400 and "'nope' was unexpected" in body['badRequest']['message']
    assert call(compute, 'GET', '/servers?nope=1', demo[0], version='2.74')[0] == 200


def test_lock_reason(compute, demo, server):
    sid = server()
    status, _, body = call(compute, 'POST', '/servers/%s/action' % sid, demo[0],
                           {'lock': {'locked_reason': 'r' * 256}}, version='2.73')
    assert status == 400, body
    assert call(compute, 'POST', '/servers/%s/action' % sid, demo[0],
                {'lock': {'locked_reason': 'because'}}, version='2.73')[0] == 202
    assert db_api.instance_get(sid)['locked_reason'] == 'because'
    call(compute, 'POST', '/servers/%s/action' % sid, demo[0], {'unlock': None})
    assert db_api.instance_get(sid)['locked_reason'] is None


def test_diagnostics_is_an_admin_rpc_call(compute, demo, admin, server, sent):
    sid = server()
    assert call(compute, 'GET', '/servers/%s/diagnostics' % sid, demo[0])[0] == 403
    call(compute, 'GET', '/servers/%s/diagnostics' % sid, admin[0], version='2.47')
    call(compute, 'GET', '/servers/%s/diagnostics' % sid, admin[0], version='2.48')
    assert [m for m, _ in sent()] == ['get_diagnostics', 'get_instance_diagnostics']
    nohost = server(host=None)
    status, _, body = call(compute, 'GET', '/servers/%s/diagnostics' % nohost, admin[0])
    assert status == 409, body


def test_server_password(compute, demo, server):
    sid = server(system_metadata={'password_0': 'abc', 'password_1': 'def'})
    assert call(compute, 'GET', '/servers/%s/os-server-password' % sid, demo[0])[2] == {
        'password': 'abcdef'}
    assert call(compute, 'DELETE', '/servers/%s/os-server-password' % sid, demo[0])[0] == 204
    assert call(compute, 'GET', '/servers/%s/os-server-password' % sid, demo[0])[2] == {
        'password': ''}


def test_interface_detach_casts_and_checks(compute, demo, server, sent):
    sid = server(network_info=[{'id': 'p1', 'address': 'fa:16:3e:00:00:01',
                                'network': {'id': 'n', 'label': 'l'}, 'ips': []}])
    assert call(compute, 'DELETE', '/servers/%s/os-interface/p2' % sid, demo[0])[0] == 404
    assert call(compute, 'DELETE', '/servers/%s/os-interface/p1' % sid, demo[0])[0] == 202
    assert sent() == [('detach_interface', {'instance': sent()[0][1]['instance'],
                                            'port_id': 'p1'})]
    suspended = server(vm_state=states.SUSPENDED)
    status, _, body = call(compute, 'DELETE', '/servers/%s/os-interface/p1' % suspended,
                           demo[0])
    assert status == 409 and "Cannot 'detach_interface'" in \
        body['conflictingRequest']['message']
    status, _, body = call(compute, 'POST', '/servers/%s/os-interface' % sid, demo[0],
                           {'interfaceAttachment': {'tag': 'x'}}, version='2.48')
    assert status == 400, body


def test_topology_from_flavor_extra_specs():
    inst = {'vcpus': 4, 'memory_mb': 1024, 'flavor': {'extra_specs': {}}}
    assert server_extras.numa_topology(inst) == (None, None)
    inst['flavor']['extra_specs'] = {'hw:numa_nodes': '2', 'hw:numa_cpus.0': '0',
                                     'hw:numa_cpus.1': '1-3', 'hw:numa_mem.0': '256',
                                     'hw:numa_mem.1': '768', 'hw:cpu_policy': 'dedicated'}
    cells, pagesize = server_extras.numa_topology(inst)
    assert [c['cpus'] for c in cells] == [[0], [1, 2, 3]]
    assert [c['memory'] for c in cells] == [256, 768] and pagesize is None
    assert cells[1]['pinning'] == {'1': 64, '2': 65, '3': 66}


def test_image_properties_and_create_extras():
    image = {'id': 'i', 'disk_format': 'raw', 'hw_disk_bus': 'scsi', 'os_distro': 'cirros',
             'tags': ['x'], 'min_ram': 0}
    assert create_extras.image_system_metadata(image) == {'image_hw_disk_bus': 'scsi',
                                                          'image_os_distro': 'cirros'}
    values = {'system_metadata': {'image_disk_format': 'raw'}, 'hostname': 'n'}
    create_extras.apply(create_request.CreateRequest(
        tags=['a'], hostname='h.example', trusted_certs=['c'], availability_zone='nova'),
        image, values)
    assert values['tags'] == ['a'] and values['hostname'] == 'h.example'
    assert values['system_metadata']['pinned_availability_zone'] == 'nova'
    props = view_extras.image_properties(values)
    assert props['disk_format'] == 'raw' and props['hw_disk_bus'] == 'scsi'
    assert 'pinned_availability_zone' not in props
