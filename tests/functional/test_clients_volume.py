"""The real clients against the block-storage service: OSC `volume create/list/show/set/
delete` and openstacksdk's block_storage proxy."""
import pytest

from tests.functional.test_clients import _bin, run, run_json

osc = pytest.mark.skipif(_bin('openstack') is None,
                         reason='python-openstackclient not installed')


@osc
def test_openstackclient_volume_lifecycle(cloud):
    created = run_json(cloud, 'volume', 'create', '--size', '1', '--description', 'osc',
                       '--property', 'team=blue', 'osc-vol1')
    assert created['name'] == 'osc-vol1' and created['size'] == 1
    shown = run_json(cloud, 'volume', 'show', 'osc-vol1')
    assert shown['id'] == created['id']
    listed = run_json(cloud, 'volume', 'list')
    assert 'osc-vol1' in [v['Name'] for v in listed]
    run(cloud, 'volume', 'set', '--name', 'osc-vol2', '--property', 'size=s',
        '--description', 'renamed', created['id'])
    shown = run_json(cloud, 'volume', 'show', created['id'])
    assert shown['name'] == 'osc-vol2' and shown['description'] == 'renamed'
    assert 'team' in str(shown['properties']) and 'size' in str(shown['properties'])
    run(cloud, 'volume', 'set', '--size', '2', created['id'])
    run(cloud, 'volume', 'set', '--bootable', created['id'])
    run(cloud, 'volume', 'set', '--state', 'error', created['id'],
        cloud_name='novalite-admin')
    shown = run_json(cloud, 'volume', 'show', created['id'])
    assert shown['status'] == 'error' and str(shown['bootable']).lower() == 'true'
    run(cloud, 'volume', 'delete', created['id'])
    for _ in range(200):
        if created['id'] not in [v['ID'] for v in run_json(cloud, 'volume', 'list')]:
            break
    else:
        raise AssertionError('volume not deleted')


def test_openstacksdk_block_storage_proxy(cloud, monkeypatch):
    openstack = pytest.importorskip('openstack')
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE', cloud.clouds_yaml)
    conn = openstack.connect(cloud='novalite')
    try:
        assert conn.block_storage.get_api_major_version()[0] == 3
        volume = conn.block_storage.create_volume(size=1, name='sdk-vol',
                                                  metadata={'a': 'b'})
        volume = conn.block_storage.wait_for_status(volume, 'available', wait=60,
                                                    interval=0.2)
        assert volume.size == 1 and volume.metadata == {'a': 'b'}
        assert volume.id in [v.id for v in conn.block_storage.volumes(name='sdk-vol')]
        conn.block_storage.extend_volume(volume, 2)
        # extend_volume leaves the local object saying 'available', and
        # wait_for_status returns at once when the object already matches:
        # fetch first, so the wait sees 'extending' while the backend works.
        volume = conn.block_storage.get_volume(volume.id)
        volume = conn.block_storage.wait_for_status(volume, 'available', wait=60,
                                                    interval=0.2)
        assert conn.block_storage.get_volume(volume.id).size == 2
        conn.block_storage.delete_volume(volume)
        conn.block_storage.wait_for_delete(volume, wait=60, interval=0.2)
        # the cloud layer
        made = conn.create_volume(1, name='sdk-cloud-vol', wait=True, timeout=60)
        assert made.status == 'available'
        assert conn.get_volume('sdk-cloud-vol').id == made.id
        assert conn.delete_volume(made.id, wait=True, timeout=60)
    finally:
        conn.close()
