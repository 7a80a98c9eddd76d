"""The real OpenStack clients against `novalite serve`: OSC, novaclient and openstacksdk."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.functional.conftest import openstack_command


def _bin(name):
    path = os.path.join(os.path.dirname(sys.executable), name)
    return path if os.path.exists(path) else shutil.which(name)


def run(cloud, *args, cloud_name='novalite', timeout=180):
    cmd = openstack_command() + ['--os-cloud', cloud_name] + list(args)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=cloud.env(),
                          timeout=timeout)
    assert proc.returncode == 0, (cmd, proc.stdout, proc.stderr)
    return proc.stdout


def run_json(cloud, *args, **kwargs):
    return json.loads(run(cloud, *(list(args) + ['-f', 'json']), **kwargs))


@pytest.mark.skipif(_bin('openstack') is None, reason='python-openstackclient not installed')
def test_openstackclient_server_lifecycle(cloud):
    server = run_json(cloud, 'server', 'create', '--image', 'cirros', '--flavor', 'm1.tiny',
                      '--network', 'private', '--wait', 'osc-vm1')
    assert server['status'] == 'ACTIVE'
    assert '10.0.0.' in json.dumps(server['addresses'])
    listed = run_json(cloud, 'server', 'list')
    assert 'osc-vm1' in [s['Name'] for s in listed]
    shown = run_json(cloud, 'server', 'show', 'osc-vm1')
    assert shown['id'] == server['id'] and shown['status'] == 'ACTIVE'
    run(cloud, 'server', 'delete', '--wait', 'osc-vm1')
    assert 'osc-vm1' not in [s['Name'] for s in run_json(cloud, 'server', 'list')]


@pytest.mark.skipif(_bin('openstack') is None, reason='python-openstackclient not installed')
def test_openstackclient_lists(cloud):
    flavors = {f['Name'] for f in run_json(cloud, 'flavor', 'list')}
    assert {'m1.nano', 'm1.tiny', 'm1.small'} <= flavors
    images = run_json(cloud, 'image', 'list')
    assert [i['Status'] for i in images if i['Name'] == 'cirros'] == ['active']
    networks = {n['Name'] for n in run_json(cloud, 'network', 'list')}
    assert {'private', 'public'} <= networks
    admin_servers = run_json(cloud, 'server', 'list', '--all-projects',
                             cloud_name='novalite-admin')
    assert isinstance(admin_servers, list)


@pytest.mark.skipif(_bin('nova') is None, reason='python-novaclient not installed')
def test_novaclient_boot_list_show_delete(cloud):
    env = cloud.env()
    env.update({'OS_AUTH_URL': cloud.url + '/identity', 'OS_USERNAME': 'demo',
                'OS_PASSWORD': 'secret', 'OS_PROJECT_NAME': 'demo',
                'OS_USER_DOMAIN_NAME': 'Default', 'OS_PROJECT_DOMAIN_NAME': 'Default'})
    env.pop('OS_CLIENT_CONFIG_FILE')

    def nova(*args):
        proc = subprocess.run([_bin('nova')] + list(args), capture_output=True, text=True,
                              env=env, timeout=180)
        assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
        return proc.stdout

    out = nova('boot', '--image', 'cirros', '--flavor', 'm1.tiny', '--nic', 'net-name=private',
               '--poll', 'nova-vm2')
    assert 'nova-vm2' in out
    assert 'nova-vm2' in nova('list')
    shown = nova('show', 'nova-vm2')
    assert 'ACTIVE' in shown and '10.0.0.' in shown
    nova('delete', 'nova-vm2')


def test_openstacksdk_create_wait_delete(cloud, monkeypatch):
    openstack = pytest.importorskip('openstack')
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE', cloud.clouds_yaml)
    conn = openstack.connect(cloud='novalite')
    try:
        image = conn.image.find_image('cirros')
        flavor = conn.compute.find_flavor('m1.nano')
        network = conn.network.find_network('private')
        server = conn.compute.create_server(name='sdk-vm', image_id=image.id,
                                            flavor_id=flavor.id,
                                            networks=[{'uuid': network.id}])
        server = conn.compute.wait_for_server(server, wait=60, interval=0.2)
        assert server.status == 'ACTIVE'
        assert server.addresses['private'][0]['addr'].startswith('10.0.0.')
        assert server.flavor.original_name == 'm1.nano'
        conn.compute.delete_server(server)
        conn.compute.wait_for_delete(server, wait=60, interval=0.2)
    finally:
        conn.close()
