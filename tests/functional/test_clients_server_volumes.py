"""The real clients on Nova's side of volumes: OSC `server add/remove volume`, `server
volume list`, `server create --boot-from-volume`, and openstacksdk's cloud layer
create_volume / attach_volume / detach_volume."""
import time

import pytest

from tests.functional.test_clients import _bin, run, run_json

osc = pytest.mark.skipif(_bin('openstack') is None,
                         reason='python-openstackclient not installed')


def _volume_status(cloud, name, wanted, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        volume = run_json(cloud, 'volume', 'show', name)
        if volume['status'] == wanted:
            return volume
        time.sleep(0.5)
    raise AssertionError('volume %s not %s: %s' % (name, wanted, volume['status']))


@osc
def test_openstackclient_server_add_and_remove_volume(cloud):
    run_json(cloud, 'server', 'create', '--image', 'cirros', '--flavor', 'm1.tiny',
             '--network', 'private', '--wait', 'osc-vol-vm')
    run_json(cloud, 'volume', 'create', '--size', '1', 'osc-data')
    _volume_status(cloud, 'osc-data', 'available')
    run(cloud, 'server', 'add', 'volume', 'osc-vol-vm', 'osc-data', '--device', '/dev/vdb')
    volume = _volume_status(cloud, 'osc-data', 'in-use')
    assert '/dev/vdb' in str(volume['attachments'])
    listed = run_json(cloud, '--os-compute-api-version', '2.89', 'server', 'volume', 'list',
                      'osc-vol-vm')
    assert [(v['Device'], v['Volume ID']) for v in listed] == [('/dev/vdb', volume['id'])]
    run(cloud, 'server', 'remove', 'volume', 'osc-vol-vm', 'osc-data')
    _volume_status(cloud, 'osc-data', 'available')
    run(cloud, 'volume', 'delete', 'osc-data')
    run(cloud, 'server', 'delete', '--wait', 'osc-vol-vm')


@osc
def test_openstackclient_boot_from_volume(cloud):
    server = run_json(cloud, 'server', 'create', '--image', 'cirros', '--flavor', 'm1.tiny',
                      '--boot-from-volume', '1', '--network', 'private', '--wait',
                      'osc-bfv')
    assert server['status'] == 'ACTIVE'
    shown = run_json(cloud, 'server', 'show', 'osc-bfv')
    assert 'booted from volume' in str(shown['image'])
    [attached] = shown['volumes_attached']
    volume = _volume_status(cloud, attached['id'], 'in-use')
    assert str(volume['bootable']).lower() == 'true' and volume['size'] == 1
    run(cloud, 'server', 'delete', '--wait', 'osc-bfv')
    # OSC asks for delete_on_termination false: the volume stays, available
    _volume_status(cloud, attached['id'], 'available')
    run(cloud, 'volume', 'delete', attached['id'])


def test_openstacksdk_cloud_layer_attach_and_detach(cloud, monkeypatch):
    openstack = pytest.importorskip('openstack')
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE', cloud.clouds_yaml)
    conn = openstack.connect(cloud='novalite')
    try:
        volume = conn.create_volume(size=1, name='sdk-data', wait=True, timeout=60)
        assert volume.status == 'available'
        server = conn.create_server('sdk-vol-vm', image='cirros', flavor='m1.nano',
                                    network='private', wait=True, timeout=60)
        attachment = conn.attach_volume(server, volume, wait=True, timeout=60)
        assert attachment['device'] == '/dev/vdb'
        assert conn.get_volume(volume.id).status == 'in-use'
        assert [v['id'] for v in conn.get_volumes(server)] == [volume.id]
        conn.detach_volume(server, conn.get_volume(volume.id), wait=True, timeout=60)
        assert conn.get_volume(volume.id).status == 'available'
        conn.delete_server(server.id, wait=True, timeout=60)
        assert conn.delete_volume(volume.id, wait=True, timeout=60)
    finally:
        conn.close()
