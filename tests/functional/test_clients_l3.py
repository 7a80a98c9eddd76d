"""Real clients on the default paths that need floating IPs and network quotas: OSC's
floating ip / server add floating ip / quota commands, and openstacksdk's cloud layer with
its defaults (auto_ip) on novalite's own clouds.yaml."""
import json

import pytest

from tests.functional.test_clients import _bin
from tests.functional.test_clients import run
from tests.functional.test_clients import run_json

needs_osc = pytest.mark.skipif(_bin('openstack') is None,
                               reason='python-openstackclient not installed')


def _addresses(cloud, name):
    return json.dumps(run_json(cloud, 'server', 'show', name)['addresses'])


@needs_osc
def test_osc_floating_ip_lifecycle(cloud):
    fip = run_json(cloud, 'floating', 'ip', 'create', 'public')
    address = fip['floating_ip_address']
    assert address.startswith('172.24.4.') and fip['status'] == 'DOWN'
    assert address in [f['Floating IP Address'] for f in run_json(cloud, 'floating', 'ip',
                                                                    'list')]
    shown = run_json(cloud, 'floating', 'ip', 'show', address)
    assert shown['id'] == fip['id']
    port = run_json(cloud, 'port', 'create', '--network', 'private', 'osc-fip-port')
    run(cloud, 'floating', 'ip', 'set', '--port', port['id'], address)
    shown = run_json(cloud, 'floating', 'ip', 'show', address)
    assert shown['port_id'] == port['id'] and shown['status'] == 'ACTIVE'
    assert shown['fixed_ip_address'] == port['fixed_ips'][0]['ip_address']
    run(cloud, 'floating', 'ip', 'unset', '--port', address)
    shown = run_json(cloud, 'floating', 'ip', 'show', address)
    assert shown['port_id'] is None and shown['status'] == 'DOWN'
    run(cloud, 'floating', 'ip', 'delete', address)
    assert address not in [f['Floating IP Address']
                           for f in run_json(cloud, 'floating', 'ip', 'list')]
    run(cloud, 'port', 'delete', port['id'])


@needs_osc
def test_osc_server_add_remove_floating_ip(cloud):
    run_json(cloud, 'server', 'create', '--image', 'cirros', '--flavor', 'm1.tiny',
             '--network', 'private', '--wait', 'osc-fip-vm')
    fip = run_json(cloud, 'floating', 'ip', 'create', 'public')
    address = fip['floating_ip_address']
    try:
        run(cloud, 'server', 'add', 'floating', 'ip', 'osc-fip-vm', address)
        assert address in _addresses(cloud, 'osc-fip-vm')
        assert run_json(cloud, 'floating', 'ip', 'show', address)['status'] == 'ACTIVE'
        run(cloud, 'server', 'remove', 'floating', 'ip', 'osc-fip-vm', address)
        assert address not in _addresses(cloud, 'osc-fip-vm')
    finally:
        run(cloud, 'server', 'delete', '--wait', 'osc-fip-vm')
        run(cloud, 'floating', 'ip', 'delete', address)


@needs_osc
def test_osc_quota_show_and_set(cloud):
    shown = {row['Resource']: row['Limit'] for row in run_json(cloud, 'quota', 'show')}
    # compute's and the network service's limits together
    assert shown['instances'] == 10 and shown['cores'] == 20
    assert shown['ports'] == 500 and shown['routers'] == 10 and shown['floating_ips'] == 50
    # naming a project needs the project lookup, which Keystone leaves to admins
    by_name = {row['Resource']: row['Limit'] for row in run_json(
        cloud, 'quota', 'show', 'demo', cloud_name='novalite-admin')}
    assert by_name['subnets'] == 100 and by_name['instances'] == 10
    network = run_json(cloud, 'quota', 'show', '--network')
    values = {row['Resource']: row['Limit'] for row in network}
    assert values['ports'] == 500 and values['networks'] == 100 and 'instances' not in values
    run(cloud, 'quota', 'set', '--ports', '321', 'demo', cloud_name='novalite-admin')
    try:
        network = run_json(cloud, 'quota', 'show', '--network', 'demo',
                           cloud_name='novalite-admin')
        values = {row['Resource']: row['Limit'] for row in network}
        assert values['ports'] == 321
    finally:
        # back to the defaults: DELETE /v2.0/quotas/<demo>
        run(cloud, 'quota', 'delete', '--network', 'demo', cloud_name='novalite-admin')
    values = {row['Resource']: row['Limit'] for row in run_json(
        cloud, 'quota', 'show', '--network', 'demo', cloud_name='novalite-admin')}
    assert values['ports'] == 500


def test_openstacksdk_cloud_layer_auto_ip(cloud, monkeypatch):
    openstack = pytest.importorskip('openstack')
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE', cloud.clouds_yaml)
    conn = openstack.connect(cloud='novalite')
    try:
        server = conn.create_server('sdk-auto-ip', image='cirros', flavor='m1.tiny',
                                    network='private', wait=True, timeout=120)
        assert server.status == 'ACTIVE'
        floating = [a['addr'] for a in server.addresses['private']
                    if a['OS-EXT-IPS:type'] == 'floating']
        assert len(floating) == 1 and floating[0].startswith('172.24.4.'), server.addresses
        public = floating[0]
        assert conn.get_server('sdk-auto-ip').public_v4 == public
        fips = list(conn.network.ips(floating_ip_address=public))
        assert len(fips) == 1 and fips[0].status == 'ACTIVE'
        assert conn.delete_server('sdk-auto-ip', wait=True, delete_ips=True, timeout=120)
        assert not list(conn.network.ips(floating_ip_address=public))
    finally:
        conn.close()
