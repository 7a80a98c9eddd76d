"""The snapshot flow: volume state checks, quota, the rows and the casts of the facade;
the manager's steps on the fake backend (sparse copies), failures injected as data."""
import os
import uuid

import pytest

from novalite import context
from novalite import exception
from novalite.db import session
from novalite.db import volume_snapshots as db
from novalite.db import volume_types
from novalite.db import volumes
from novalite import exception_volume as errors
from novalite.volume import manager as volume_manager
from novalite.volume import quota
from novalite.volume import snapshots


class Recorder:
    def __init__(self):
        self.casts = []

    def create_snapshot(self, ctx, snapshot_id, volume_id):
        self.casts.append(('create_snapshot', snapshot_id, volume_id))

    def delete_snapshot(self, ctx, snapshot_id):
        self.casts.append(('delete_snapshot', snapshot_id))


@pytest.fixture
def api(conf, database, monkeypatch):
    monkeypatch.setattr(snapshots.rpcapi, 'VolumeAPI', Recorder)
    return snapshots.SnapshotAPI(conf)


@pytest.fixture
def ctx():
    return context.RequestContext(user_id='u1', project_id='p1', roles=['member'])


def _volume(status='available', size=2, project='p1', type_id=None):
    return volumes.volume_create({'project_id': project, 'user_id': 'u1',
                                  'availability_zone': 'nova', 'status': status,
                                  'attach_status': 'detached', 'size': size,
                                  'volume_type_id': type_id})


def test_create_makes_a_creating_snapshot_and_casts(api, ctx):
    vtype = volume_types.create('fast')
    vol = _volume(type_id=vtype['id'])
    snap = api.create(ctx, vol['id'], 'snap', 'desc', {'k': 'v'})
    assert (snap['status'], snap['progress'], snap['volume_size'], snap['metadata']) == \
        ('creating', '0%', 2, {'k': 'v'})
    assert snap['volume_type_id'] == vtype['id'] and snap['user_id'] == 'u1'
    assert api.rpcapi.casts == [('create_snapshot', snap['id'], vol['id'])]
    assert quota.get_usages('p1')['snapshots_fast'] == 1


@pytest.mark.parametrize('status,force,allowed', [
    ('available', False, True), ('in-use', False, False), ('in-use', True, True),
    ('error', True, False), ('maintenance', True, False), ('creating', True, False)])
def test_volume_status_decides(api, ctx, status, force, allowed):
    vol = _volume(status=status)
    if allowed:
        assert api.create(ctx, vol['id'], None, None, {}, force=force)['status'] == 'creating'
    else:
        with pytest.raises(errors.InvalidVolume):
            api.create(ctx, vol['id'], None, None, {}, force=force)
        assert db.list_snapshots('p1') == []


def test_another_projects_volume_is_not_found(api, ctx):
    vol = _volume(project='p2')
    with pytest.raises(errors.VolumeNotFound):
        api.create(ctx, vol['id'], None, None, {})


def test_quota_is_enforced_and_nothing_is_left(api, ctx):
    quota.update_quotas('p1', {'snapshots': 1})
    vol = _volume()
    api.create(ctx, vol['id'], 'one', None, {})
    with pytest.raises(errors.SnapshotLimitExceeded):
        api.create(ctx, vol['id'], 'two', None, {})
    assert [s['display_name'] for s in db.list_snapshots('p1')] == ['one']
    assert len(api.rpcapi.casts) == 1


def test_delete_needs_available_or_error_unless_forced(api, ctx):
    vol = _volume()
    snap = api.create(ctx, vol['id'], None, None, {})
    with pytest.raises(errors.InvalidSnapshot):
        api.delete(ctx, snap)
    api.delete(ctx, snap, force=True)
    assert db.get(snap['id'])['status'] == 'deleting'
    assert api.rpcapi.casts[-1] == ('delete_snapshot', snap['id'])


def test_reset_and_update_status(api, ctx):
    snap = api.create(ctx, _volume()['id'], None, None, {})
    api.update_status(ctx, snap, 'available', '90%')
    assert (db.get(snap['id'])['status'], db.get(snap['id'])['progress']) == \
        ('available', '90%')
    with pytest.raises(exception.Invalid):
        api.update_status(ctx, db.get(snap['id']), 'creating')
    api.reset_status(ctx, snap, 'ERROR')
    assert db.get(snap['id'])['status'] == 'error'
    with pytest.raises(exception.InvalidInput):
        api.reset_status(ctx, snap, 'bogus')


def test_manager_creates_and_deletes_the_snapshot_file(api, ctx, conf):
    mgr = volume_manager.VolumeManager(conf, 'host1')
    vol = _volume(size=1)
    path = mgr.backend.create(vol['id'], 1)
    with open(path, 'r+b') as f:
        f.seek(12345)
        f.write(b'data')
    snap = api.create(ctx, vol['id'], None, None, {})
    mgr.create_snapshot(ctx, snap['id'], vol['id'])
    assert (db.get(snap['id'])['status'], db.get(snap['id'])['progress']) == \
        ('available', '100%')
    copy = mgr.backend.snapshot_path(snap['id'])
    assert os.path.getsize(copy) == 1024 ** 3
    assert os.stat(copy).st_blocks * 512 < 1024 ** 2   # holes kept
    with open(copy, 'rb') as f:
        f.seek(12345)
        assert f.read(4) == b'data'
    api.delete(ctx, db.get(snap['id']))
    mgr.delete_snapshot(ctx, snap['id'])
    assert not os.path.exists(copy)
    with pytest.raises(errors.SnapshotNotFound):
        db.get(snap['id'])
    mgr.delete_snapshot(ctx, snap['id'])  # a repeated cast is harmless


def test_manager_failures_injected_as_metadata(api, ctx, conf):
    mgr = volume_manager.VolumeManager(conf, 'host1')
    vol = _volume(size=1)
    mgr.backend.create(vol['id'], 1)
    snap = api.create(ctx, vol['id'], None, None, {'novalite:fail': 'create_snapshot'})
    mgr.create_snapshot(ctx, snap['id'], vol['id'])
    assert db.get(snap['id'])['status'] == 'error'
    snap = api.create(ctx, vol['id'], None, None, {'novalite:fail': 'delete_snapshot'})
    mgr.create_snapshot(ctx, snap['id'], vol['id'])
    api.delete(ctx, db.get(snap['id']))
    mgr.delete_snapshot(ctx, snap['id'])
    assert db.get(snap['id'])['status'] == 'error_deleting'
    assert os.path.exists(mgr.backend.snapshot_path(snap['id']))


def test_snapshot_list_filters_and_metadata(api, ctx):
    vol = _volume()
    a = api.create(ctx, vol['id'], 'a', None, {'x': '1'})
    b = api.create(ctx, vol['id'], 'b', None, {'x': '2'})
    assert [s['id'] for s in db.list_snapshots('p1', {'metadata': {'x': '2'}})] == [b['id']]
    assert [s['id'] for s in db.list_snapshots('p1', {'display_name': 'a'})] == [a['id']]
    assert db.list_snapshots('p2') == []
    assert db.metadata_update(a['id'], {'y': '3'}) == {'x': '1', 'y': '3'}
    assert db.metadata_update(a['id'], {'z': '4'}, delete=True) == {'z': '4'}
    db.metadata_delete(a['id'], 'z')
    with pytest.raises(errors.SnapshotMetadataNotFound):
        db.metadata_delete(a['id'], 'z')
    with pytest.raises(errors.SnapshotNotFound):
        db.get(a['id'], project_id='p2')
    with session.transaction() as s:
        assert db.count_for_volume(s, vol['id']) == 2
    names = [s['display_name'] for s in db.list_snapshots('p1', sort_keys=['name'],
                                                            sort_dirs=['asc'])]
    assert names == ['a', 'b']
    assert uuid.UUID(a['id'])


def test_manager_start_settles_half_done_snapshots(api, ctx, conf):
    mgr = volume_manager.VolumeManager(conf, 'host1')
    vol = _volume(size=1)
    mgr.backend.create(vol['id'], 1)
    creating = api.create(ctx, vol['id'], None, None, {})
    deleting = api.create(ctx, vol['id'], None, None, {})
    mgr.create_snapshot(ctx, deleting['id'], vol['id'])
    api.delete(ctx, db.get(deleting['id']))
    mgr.init_host()   # the casts were lost with the previous run
    assert db.get(creating['id'])['status'] == 'error'
    with pytest.raises(errors.SnapshotNotFound):
        db.get(deleting['id'])
    assert not os.path.exists(mgr.backend.snapshot_path(deleting['id']))
