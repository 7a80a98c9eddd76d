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
