"""OSC against the block-storage service: `volume type ...`, `quota show/set` with the
volume keys, `volume service list`, `availability zone list --volume`, `limits show`."""
import uuid

import pytest

from tests.functional.test_clients import _bin
from tests.functional.test_clients import run
from tests.functional.test_clients import run_json

pytestmark = pytest.mark.skipif(_bin('openstack') is None,
                                reason='python-openstackclient not installed')
ADMIN = {'cloud_name': 'novalite-admin'}


def test_osc_volume_type_lifecycle(cloud):
    name = 'osc-type-%s' % uuid.uuid4().hex[:6]
    created = run_json(cloud, 'volume', 'type', 'create', '--description', 'fast disks',
                       '--property', 'volume_backend_name=fake', '--private', name, **ADMIN)
    assert created['name'] == name and created['is_public'] is False
    listed = run_json(cloud, 'volume', 'type', 'list', '--long', **ADMIN)
    assert name in [t['Name'] for t in listed]
    run(cloud, 'volume', 'type', 'set', '--property', 'tier=gold', '--description', 'gold',
        '--project', 'demo', name, **ADMIN)
    shown = run_json(cloud, 'volume', 'type', 'show', name, **ADMIN)
    assert shown['description'] == 'gold'
    assert "tier='gold'" in str(shown['properties']) or \
        shown['properties'].get('tier') == 'gold'
    # the demo project was given access: its members see the private type now
    assert name in [t['Name'] for t in run_json(cloud, 'volume', 'type', 'list')]
    run(cloud, 'volume', 'type', 'unset', '--property', 'tier', '--project', 'demo', name,
        **ADMIN)
    shown = run_json(cloud, 'volume', 'type', 'show', name, **ADMIN)
    assert 'tier' not in str(shown['properties'])
    assert name not in [t['Name'] for t in run_json(cloud, 'volume', 'type', 'list')]
    run(cloud, 'volume', 'type', 'delete', name, **ADMIN)
    assert name not in [t['Name'] for t in run_json(cloud, 'volume', 'type', 'list',
                                                    **ADMIN)]
    default = run_json(cloud, 'volume', 'type', 'show', '__DEFAULT__')
    assert default['name'] == '__DEFAULT__'


def test_osc_quota_show_and_set_volume_keys(cloud):
    project = 'demo'
    before = run_json(cloud, 'quota', 'show', '--volume', project, **ADMIN)
    keys = {row['Resource']: row['Limit'] for row in before} if isinstance(before, list) \
        else before
    assert keys['volumes'] == 10 and keys['gigabytes'] == 1000
    try:
        run(cloud, 'quota', 'set', '--volumes', '7', '--snapshots', '6', '--gigabytes', '50',
            project, **ADMIN)
        after = run_json(cloud, 'quota', 'show', '--volume', project, **ADMIN)
        keys = {row['Resource']: row['Limit'] for row in after} if isinstance(after, list) \
            else after
        assert (keys['volumes'], keys['snapshots'], keys['gigabytes']) == (7, 6, 50)
    finally:
        run(cloud, 'quota', 'set', '--volumes', '10', '--snapshots', '10', '--gigabytes',
            '1000', project, **ADMIN)


def test_osc_volume_service_zone_and_limits(cloud):
    services = run_json(cloud, 'volume', 'service', 'list', **ADMIN)
    assert 'cinder-volume' in [s['Binary'] for s in services]
    assert {s['State'] for s in services if s['Binary'] == 'cinder-volume'} == {'up'}
    zones = run_json(cloud, 'availability', 'zone', 'list', '--volume')
    assert [z['Zone Name'] for z in zones] == ['nova']
    limits = run_json(cloud, 'limits', 'show', '--absolute')
    by_name = {row['Name']: row['Value'] for row in limits}
    assert by_name['max_total_volumes'] == 10 and by_name['total_snapshots_used'] >= 0
    assert by_name['max_total_volume_gigabytes'] == 1000


def test_osc_volume_snapshot_lifecycle(cloud):
    name = 'osc-snapvol-%s' % uuid.uuid4().hex[:6]
    volume = run_json(cloud, 'volume', 'create', '--size', '1', name)
    _wait_osc(cloud, 'volume', name, 'available')
    snap = run_json(cloud, 'volume', 'snapshot', 'create', '--volume', name,
                    '--description', 'osc snap', '--property', 'k=v', name + '-snap')
    assert snap['volume_id'] == volume['id']
    _wait_osc(cloud, 'volume snapshot', name + '-snap', 'available')
    listed = run_json(cloud, 'volume', 'snapshot', 'list', '--long')
    assert name + '-snap' in [s['Name'] for s in listed]
    run(cloud, 'volume', 'snapshot', 'set', '--name', name + '-snap2', '--property', 'x=y',
        name + '-snap')
    shown = run_json(cloud, 'volume', 'snapshot', 'show', name + '-snap2')
    assert shown['description'] == 'osc snap' and shown['status'] == 'available'
    assert 'x' in str(shown['properties']) and 'k' in str(shown['properties'])
    run(cloud, 'volume', 'snapshot', 'unset', '--property', 'x', name + '-snap2')
    assert "x" not in str(run_json(cloud, 'volume', 'snapshot', 'show',
                                   name + '-snap2')['properties'])
    # an admin names another project's snapshot by id (names are looked up in its own)
    run(cloud, 'volume', 'snapshot', 'set', '--state', 'error', shown['id'], **ADMIN)
    assert run_json(cloud, 'volume', 'snapshot', 'show', name + '-snap2')['status'] == 'error'
    run(cloud, 'volume', 'snapshot', 'delete', name + '-snap2')
    _wait_osc_gone(cloud, 'volume snapshot', name + '-snap2')
    run(cloud, 'volume', 'delete', name)
    _wait_osc_gone(cloud, 'volume', name)


def _wait_osc(cloud, kind, name, status, timeout=60):
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = run_json(cloud, *(kind.split() + ['show', name]))
        if shown['status'] == status:
            return shown
        time.sleep(0.5)
    raise AssertionError('%s %s not %s' % (kind, name, status))


def _wait_osc_gone(cloud, kind, name, timeout=60):
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        names = [item['Name'] for item in run_json(cloud, *(kind.split() + ['list']))]
        if name not in names:
            return
        time.sleep(0.5)
    raise AssertionError('%s %s still there' % (kind, name))


def test_sdk_block_storage_snapshots_and_types(cloud, monkeypatch):
    import openstack
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE', cloud.clouds_yaml)
    conn = openstack.connect(cloud='novalite')
    admin = openstack.connect(cloud='novalite-admin')
    vtype = admin.block_storage.create_type(name='sdk-%s' % uuid.uuid4().hex[:6],
                                            extra_specs={'tier': 'silver'})
    assert vtype.extra_specs == {'tier': 'silver'}
    assert vtype.id in [t.id for t in admin.block_storage.types()]
    volume = conn.block_storage.create_volume(size=1, volume_type=vtype.name)
    conn.block_storage.wait_for_status(volume, 'available', wait=60, interval=0.2)
    snap = conn.block_storage.create_snapshot(volume_id=volume.id, name='sdk-snap')
    snap = conn.block_storage.wait_for_status(snap, 'available', wait=60, interval=0.2)
    assert snap.size == 1 and snap.name == 'sdk-snap'
    assert snap.id in [s.id for s in conn.block_storage.snapshots(details=True)]
    conn.block_storage.delete_snapshot(snap)
    conn.block_storage.wait_for_delete(snap, wait=60, interval=0.2)
    conn.block_storage.delete_volume(volume)
    conn.block_storage.wait_for_delete(volume, wait=60, interval=0.2)
    admin.block_storage.delete_type(vtype)
    assert vtype.id not in [t.id for t in admin.block_storage.types()]
