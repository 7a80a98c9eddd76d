"""The volume manager's steps on the fake backend: create/extend/delete with failure
injection as data, connection info for a connector, and the cleanup at start."""
import os

import pytest

from novalite import context
from novalite.db import volumes as db
from novalite.volume import manager as manager_mod


@pytest.fixture
def mgr(conf, database):
    return manager_mod.VolumeManager(conf, 'vhost')


def _volume(status='creating', metadata=None, host=None, size=1):
    return db.volume_create({'project_id': 'p1', 'user_id': 'u1', 'availability_zone': 'nova',
                             'status': status, 'attach_status': 'detached', 'size': size,
                             'bootable': False, 'multiattach': False, 'use_quota': True,
                             'host': host}, metadata=metadata or {})


CTX = context.get_admin_context()


def test_create_extend_delete(mgr):
    v = _volume()
    mgr.create_volume(CTX, v['id'])
    got = db.volume_get(v['id'])
    assert got['status'] == 'available' and got['host'] == 'vhost@fake#fake'
    assert os.path.getsize(got['provider_location']) == 1024 ** 3
    db.volume_update(v['id'], {'status': 'extending', 'previous_status': 'available'})
    mgr.extend_volume(CTX, v['id'], 2)
    got = db.volume_get(v['id'])
    assert (got['status'], got['size']) == ('available', 2)
    mgr.delete_volume(CTX, v['id'])
    with pytest.raises(Exception):
        db.volume_get(v['id'])
    assert not os.path.exists(got['provider_location'])


@pytest.mark.parametrize('step,status', [('create', 'creating'), ('extend', 'extending'),
                                         ('delete', 'deleting')])
def test_injected_failures_leave_cinder_error_states(mgr, step, status):
    v = _volume(metadata={'novalite:fail': 'other,%s' % step})
    mgr.create_volume(CTX, v['id'])
    if step == 'create':
        assert db.volume_get(v['id'])['status'] == 'error'
        assert not os.path.exists(mgr.backend.path(v['id']))
        return
    db.volume_update(v['id'], {'status': status, 'previous_status': 'available'})
    getattr(mgr, '%s_volume' % step)(CTX, v['id'], *((2,) if step == 'extend' else ()))
    got = db.volume_get(v['id'])
    assert got['status'] == ('error_extending' if step == 'extend' else 'error_deleting')
    assert got['size'] == 1


def test_connection_info_for_a_connector(mgr):
    v = _volume()
    mgr.create_volume(CTX, v['id'])
    _, att = db.volume_reserve(v['id'], ('available',), 'reserved', attachment={
        'instance_uuid': 's1', 'attach_status': 'reserved', 'attach_mode': 'ro'})
    info = mgr.attachment_update(CTX, v['id'], {'host': 'h1', 'mountpoint': '/dev/vdb'},
                                 att['id'])
    assert info['driver_volume_type'] == 'local' and info['access_mode'] == 'ro'
    assert info['device_path'] == mgr.backend.path(v['id'])
    assert info['attachment_id'] == att['id']
    got = db.volume_get(v['id'])
    assert got['status'] == 'attaching' and got['admin_metadata']['attached_mode'] == 'ro'
    assert got['attachments'][0]['attached_host'] == 'h1'
    legacy = mgr.initialize_connection(CTX, v['id'], {'host': 'h1'})
    assert legacy['data']['device_path'] == mgr.backend.path(v['id'])


def test_init_host_settles_half_done_volumes(mgr):
    creating = _volume(host='vhost@fake#fake')
    unclaimed = _volume()
    uploading = _volume(status='uploading', host='vhost@fake#fake')
    deleting = _volume(status='deleting', host='vhost@fake#fake')
    other = _volume(host='elsewhere@fake#fake')
    mgr.init_host()
    assert db.volume_get(creating['id'])['status'] == 'error'
    assert db.volume_get(unclaimed['id'])['status'] == 'error'
    assert db.volume_get(uploading['id'])['status'] == 'available'
    assert db.volume_get(other['id'])['status'] == 'creating'
    with pytest.raises(Exception):
        db.volume_get(deleting['id'])
