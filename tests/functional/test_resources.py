"""Key pairs, flavor management, zones, services, hypervisors and limits over HTTP against
`novalite serve`, and the same through the openstack client."""
import json
import subprocess

import pytest

from .conftest import openstack_command
from .test_clients import _bin

C = '/compute/v2.1'


def _image_id(cloud):
    return cloud.request('GET', '/image/v2/images?name=cirros')[2]['images'][0]['id']


def _network_id(cloud):
    return cloud.request('GET', '/networking/v2.0/networks?name=private')[2]['networks'][0]['id']


def _boot(cloud, name, **extra):
    server = {'name': name, 'imageRef': _image_id(cloud), 'flavorRef': '42',
              'networks': [{'uuid': _network_id(cloud)}]}
    server.update(extra)
    status, _, body = cloud.request('POST', C + '/servers', body={'server': server},
                                    version='2.47')
    assert status == 202, body
    server, _ = cloud.wait_server(body['server']['id'])
    assert server['status'] == 'ACTIVE', server
    return server


def _delete(cloud, server_id):
    assert cloud.request('DELETE', C + '/servers/%s' % server_id)[0] == 204
    cloud.wait_gone(server_id)


def test_keypairs_and_boot_with_key_name(cloud):
    status, _, body = cloud.request('POST', C + '/os-keypairs', version='2.47',
                                    body={'keypair': {'name': 'fk-gen'}})
    assert status == 201, body
    generated = body['keypair']
    assert generated['private_key'].startswith('-----BEGIN RSA PRIVATE KEY-----')
    assert len(generated['fingerprint'].split(':')) == 16
    status, _, body = cloud.request('POST', C + '/os-keypairs', version='2.47', body={
        'keypair': {'name': 'fk-imp', 'public_key': generated['public_key']}})
    assert status == 201 and body['keypair']['fingerprint'] == generated['fingerprint']
    status, _, body = cloud.request('POST', C + '/os-keypairs', version='2.47',
                                    body={'keypair': {'name': 'fk-imp'}})
    assert status == 409
    assert body['conflictingRequest']['message'] == "Key pair 'fk-imp' already exists."
    status, _, body = cloud.request('POST', C + '/os-keypairs', version='2.47',
                                    body={'keypair': {'name': 'fk-bad', 'public_key': 'x'}})
    assert status == 400 and body['badRequest']['message'].startswith('Keypair data is invalid')
    _, _, body = cloud.request('GET', C + '/os-keypairs', version='2.47')
    names = [k['keypair']['name'] for k in body['keypairs']]
    assert {'fk-gen', 'fk-imp'} <= set(names)
    # the admin does not see demo's key pairs, unless naming the user (2.10)
    _, _, body = cloud.request('GET', C + '/os-keypairs', token='admin', version='2.47')
    assert 'fk-gen' not in [k['keypair']['name'] for k in body['keypairs']]
    server = _boot(cloud, 'fk-vm', key_name='fk-gen')
    assert server['key_name'] == 'fk-gen'
    status, _, body = cloud.request('POST', C + '/servers', version='2.47', body={'server': {
        'name': 'fk-nokey', 'imageRef': _image_id(cloud), 'flavorRef': '42',
        'networks': [{'uuid': _network_id(cloud)}], 'key_name': 'missing'}})
    assert status == 400, body
    _delete(cloud, server['id'])
    for name in ('fk-gen', 'fk-imp'):
        assert cloud.request('DELETE', C + '/os-keypairs/' + name, version='2.47')[0] == 204
    assert cloud.request('GET', C + '/os-keypairs/fk-gen', version='2.47')[0] == 404


def test_flavor_management_admin_only(cloud):
    flavor = {'flavor': {'name': 'ff-private', 'ram': 256, 'vcpus': 1, 'disk': 1,
                         'os-flavor-access:is_public': False}}
    status, _, body = cloud.request('POST', C + '/flavors', body=flavor)
    assert status == 403 and 'forbidden' in body
    status, _, body = cloud.request('POST', C + '/flavors', body=flavor, token='admin')
    assert status == 200, body
    fid = body['flavor']['id']
    assert cloud.request('POST', C + '/flavors', body=flavor, token='admin')[0] == 409
    status, _, body = cloud.request('POST', C + '/flavors/%s/os-extra_specs' % fid,
                                    token='admin', body={'extra_specs': {'hw:numa': '1'}})
    assert status == 200
    _, _, body = cloud.request('GET', C + '/flavors/%s/os-extra_specs' % fid, token='admin')
    assert body == {'extra_specs': {'hw:numa': '1'}}
    # private: invisible to demo until its project is given access
    assert cloud.request('GET', C + '/flavors/%s' % fid)[0] == 404
    assert fid not in [f['id'] for f in cloud.request('GET', C + '/flavors')[2]['flavors']]
    demo_project = cloud.token_body('demo')['project']['id']
    status, _, body = cloud.request('POST', C + '/flavors/%s/action' % fid, token='admin',
                                    body={'addTenantAccess': {'tenant': demo_project}})
    assert status == 200
    assert body['flavor_access'] == [{'flavor_id': fid, 'tenant_id': demo_project}]
    status, _, body = cloud.request('POST', C + '/flavors/%s/action' % fid, token='admin',
                                    body={'addTenantAccess': {'tenant': 'no-such-project'}})
    assert status == 400 and 'is not a valid project' in body['badRequest']['message']
    assert cloud.request('GET', C + '/flavors/%s' % fid)[0] == 200
    _, _, body = cloud.request('GET', C + '/flavors/%s/os-flavor-access' % fid, token='admin')
    assert body['flavor_access'][0]['tenant_id'] == demo_project
    assert cloud.request('DELETE', C + '/flavors/%s' % fid)[0] == 403
    assert cloud.request('DELETE', C + '/flavors/%s' % fid, token='admin')[0] == 202
    assert cloud.request('GET', C + '/flavors/%s' % fid, token='admin')[0] == 404


def test_zones_and_services(cloud):
    _, _, body = cloud.request('GET', C + '/os-availability-zone')
    assert body['availabilityZoneInfo'] == [
        {'zoneName': 'nova', 'zoneState': {'available': True}, 'hosts': None}]
    _, _, body = cloud.request('GET', C + '/os-availability-zone/detail', token='admin')
    nova = [z for z in body['availabilityZoneInfo'] if z['zoneName'] == 'nova'][0]
    assert {'compute1', 'compute2'} <= set(nova['hosts'])
    status, _, body = cloud.request('GET', C + '/os-services?binary=nova-compute',
                                    token='admin', version='2.47')
    assert status == 200
    computes = {s['host']: s for s in body['services']}
    assert set(computes) == {'compute1', 'compute2'}
    assert all(s['state'] == 'up' and s['status'] == 'enabled' for s in computes.values())
    assert cloud.request('GET', C + '/os-services')[0] == 403
    target = {'host': 'compute2', 'binary': 'nova-compute'}
    try:
        status, _, body = cloud.request('PUT', C + '/os-services/disable-log-reason',
                                        token='admin', body=dict(target, disabled_reason='t'))
        assert status == 200 and body['service']['status'] == 'disabled'
        _, _, body = cloud.request('GET', C + '/os-services?host=compute2', token='admin')
        assert body['services'][0]['status'] == 'disabled'
        assert body['services'][0]['disabled_reason'] == 't'
    finally:
        status, _, body = cloud.request('PUT', C + '/os-services/enable', token='admin',
                                        body=target)
    assert status == 200 and body['service']['status'] == 'enabled'


def test_hypervisors_and_limits_follow_a_boot(cloud):
    _, _, body = cloud.request('GET', C + '/os-hypervisors', token='admin')
    assert {h['hypervisor_hostname'] for h in body['hypervisors']} == {'compute1', 'compute2'}
    assert cloud.request('GET', C + '/os-hypervisors')[0] == 403

    def stats():
        return cloud.request('GET', C + '/os-hypervisors/statistics',
                             token='admin')[2]['hypervisor_statistics']

    def used():
        return cloud.request('GET', C + '/limits', version='2.47')[2]['limits']['absolute']
    before, limits_before = stats(), used()
    assert before['count'] == 2
    assert limits_before['maxTotalInstances'] == 10 and limits_before['maxTotalCores'] == 20
    server = _boot(cloud, 'fh-vm')
    after, limits_after = stats(), used()
    assert after['vcpus_used'] == before['vcpus_used'] + 1
    assert after['memory_mb_used'] == before['memory_mb_used'] + 128
    assert after['running_vms'] == before['running_vms'] + 1
    assert limits_after['totalInstancesUsed'] == limits_before['totalInstancesUsed'] + 1
    assert limits_after['totalCoresUsed'] == limits_before['totalCoresUsed'] + 1
    assert limits_after['totalRAMUsed'] == limits_before['totalRAMUsed'] + 128
    _, _, detail = cloud.request('GET', C + '/os-hypervisors/detail', token='admin')
    assert sum(h['running_vms'] for h in detail['hypervisors']) == after['running_vms']
    _, _, admin_view = cloud.request('GET', C + '/servers/%s' % server['id'], token='admin')
    host = admin_view['server']['OS-EXT-SRV-ATTR:host']
    _, _, body = cloud.request('GET', C + '/os-hypervisors/%s/servers' % host, token='admin')
    assert server['id'] in [s['uuid'] for s in body['hypervisors'][0]['servers']]
    _delete(cloud, server['id'])
    assert stats()['vcpus_used'] == before['vcpus_used']


def _osc(cloud, *args, cloud_name='novalite'):
    cmd = openstack_command() + ['--os-cloud', cloud_name] + list(args)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=cloud.env(), timeout=120)
    assert proc.returncode == 0, (cmd, proc.stdout, proc.stderr)
    return proc.stdout


@pytest.mark.skipif(_bin('openstack') is None, reason='python-openstackclient not installed')
def test_openstackclient_resources(cloud):
    out = _osc(cloud, 'keypair', 'create', 'osc-kp')
    assert 'PRIVATE KEY' in out
    assert 'osc-kp' in [k['Name'] for k in json.loads(_osc(cloud, 'keypair', 'list',
                                                           '-f', 'json'))]
    _osc(cloud, 'keypair', 'delete', 'osc-kp')
    admin = {'cloud_name': 'novalite-admin'}
    flavor = json.loads(_osc(cloud, 'flavor', 'create', '--ram', '256', '--disk', '1',
                             '--vcpus', '1', 'osc-flavor', '-f', 'json', **admin))
    assert flavor['name'] == 'osc-flavor' and flavor['ram'] == 256
    _osc(cloud, 'flavor', 'delete', 'osc-flavor', **admin)
    services = json.loads(_osc(cloud, 'compute', 'service', 'list', '-f', 'json', **admin))
    computes = [s for s in services if s['Binary'] == 'nova-compute']
    assert {s['Host'] for s in computes} == {'compute1', 'compute2'}
    assert all(s['State'] == 'up' for s in computes)
    hypervisors = json.loads(_osc(cloud, 'hypervisor', 'list', '-f', 'json', **admin))
    assert {h['Hypervisor Hostname'] for h in hypervisors} == {'compute1', 'compute2'}
    limits = json.loads(_osc(cloud, 'limits', 'show', '--absolute', '-f', 'json'))
    values = {item['Name']: item['Value'] for item in limits}
    # openstacksdk renames Nova's fields (maxTotalInstances -> instances, ...)
    assert values['instances'] == 10 and values['keypairs'] == 100
    assert 'instances_used' in values
