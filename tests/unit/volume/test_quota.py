"""Block-storage quotas: limits (defaults < default class < project), per-type resources,
usage counted from volumes and snapshots, Cinder's 413s, and exact counts under concurrent
creates (the project's quota lock)."""
import threading
import uuid

import pytest

from novalite import exception_volume as errors
from novalite.db import volume_snapshots
from novalite.db import volume_types
from novalite.db import volumes
from novalite.volume import quota


def _volume(project='p1', size=1, type_id=None, session=None):
    values = {'id': str(uuid.uuid4()), 'project_id': project, 'user_id': 'u',
              'availability_zone': 'nova', 'status': 'available', 'attach_status': 'detached',
              'size': size, 'volume_type_id': type_id}
    if session is None:
        return volumes.volume_create(values)
    from novalite.db import models
    session.add(models.Volume(**values))
    session.flush()
    return values


def test_defaults_class_and_project_limits(database):
    default = volume_types.ensure_default()
    limits = quota.get_project_quotas('p1')
    assert {k: limits[k] for k in quota.RESOURCES} == quota.DEFAULTS
    assert limits['volumes___DEFAULT__'] == -1
    assert set(quota.type_resources([default['name']])) <= set(limits)
    quota.update_class('default', {'volumes': 5, 'snapshots_%s' % default['name']: 3})
    assert quota.get_project_quotas('p1')['volumes'] == 5
    assert quota.get_project_quotas('p1')['snapshots___DEFAULT__'] == 3
    quota.update_quotas('p1', {'volumes': 7})
    assert quota.get_project_quotas('p1')['volumes'] == 7
    assert quota.get_project_quotas('p2')['volumes'] == 5
    assert quota.own_limits('p1') == {'volumes': 7}
    quota.delete_quotas('p1')
    assert quota.get_project_quotas('p1')['volumes'] == 5
    assert quota.get_class_quotas('gold')['volumes'] == 5


def test_usage_counts_volumes_and_snapshots_per_type(database):
    fast = volume_types.create('fast')
    vol = _volume(size=3, type_id=fast['id'])
    _volume(size=2)
    _volume(project='p2', size=50)
    from novalite.db import session as db
    with db.transaction() as s:
        volume_snapshots.create(s, {'id': str(uuid.uuid4()), 'volume_id': vol['id'],
                                    'project_id': 'p1', 'volume_size': 3,
                                    'volume_type_id': fast['id']})
        volume_snapshots.create(s, {'id': str(uuid.uuid4()), 'volume_id': vol['id'],
                                    'project_id': 'p1', 'volume_size': 3,
                                    'volume_type_id': fast['id'], 'use_quota': False})
    usage = quota.get_usages('p1')
    assert (usage['volumes'], usage['gigabytes'], usage['snapshots']) == (2, 8, 1)
    assert (usage['volumes_fast'], usage['gigabytes_fast'], usage['snapshots_fast']) == \
        (1, 6, 1)
    detail = quota.get_detail('p1')
    assert detail['gigabytes'] == {'limit': 1000, 'in_use': 8, 'reserved': 0}
    # renaming a type renames its quota resources
    quota.update_quotas('p1', {'volumes_fast': 4})
    volume_types.update(fast['id'], name='faster')
    assert quota.get_project_quotas('p1')['volumes_faster'] == 4


def test_volume_create_checks(database):
    fast = volume_types.create('fast')
    quota.update_quotas('p1', {'volumes': 2, 'gigabytes': 10, 'gigabytes_fast': 4,
                               'per_volume_gigabytes': 6})
    with quota.volume_create_transaction('p1', 3, fast) as s:
        _volume(size=3, type_id=fast['id'], session=s)
    with pytest.raises(errors.VolumeSizeExceedsAvailableQuota) as err:
        with quota.volume_create_transaction('p1', 2, fast):
            pass
    assert err.value.code == 413 and err.value.headers == {'Retry-After': '0'}
    assert err.value.format_message() == (
        'VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed '
        'gigabytes_fast quota. Requested 2G, quota is 4G and 3G has been consumed.')
    with pytest.raises(errors.VolumeSizeExceedsLimit) as err:
        with quota.volume_create_transaction('p1', 7):
            pass
    assert 'Requested volume size 7G is larger than maximum allowed limit 6G.' in \
        err.value.format_message()
    with quota.volume_create_transaction('p1', 6) as s:
        _volume(size=6, session=s)
    with pytest.raises(errors.VolumeLimitExceeded) as err:
        with quota.volume_create_transaction('p1', 1):
            pass
    assert err.value.format_message() == ("VolumeLimitExceeded: Maximum number of volumes "
                                          "allowed (2) exceeded for quota 'volumes'.")
    # nothing was inserted by the failed attempts
    assert quota.get_usages('p1')['volumes'] == 2


def test_snapshot_and_resize_checks(database):
    quota.update_quotas('p1', {'snapshots': 1, 'gigabytes': 5})
    vol = _volume(size=2)
    with quota.snapshot_create_transaction('p1', 2) as s:
        volume_snapshots.create(s, {'id': str(uuid.uuid4()), 'volume_id': vol['id'],
                                    'project_id': 'p1', 'volume_size': 2})
    with pytest.raises(errors.SnapshotLimitExceeded) as err:
        with quota.snapshot_create_transaction('p1', 1):
            pass
    assert err.value.format_message() == ('SnapshotLimitExceeded: Maximum number of '
                                          'snapshots allowed (1) exceeded')
    with pytest.raises(errors.VolumeSizeExceedsAvailableQuota):
        with quota.resize_transaction('p1', 2):
            pass
    with quota.resize_transaction('p1', 1):
        pass


def test_concurrent_creates_never_exceed_the_quota(database):
    quota.update_quotas('p1', {'volumes': 3})
    start = threading.Barrier(8)
    outcome, lock = [], threading.Lock()

    def create():
        start.wait()
        try:
            with quota.volume_create_transaction('p1', 1) as s:
                _volume(session=s)
            result = 'ok'
        except errors.VolumeLimitExceeded:
            result = 'over'
        with lock:
            outcome.append(result)
    threads = [threading.Thread(target=create) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcome) == ['ok'] * 3 + ['over'] * 5
    assert quota.get_usages('p1')['volumes'] == 3
