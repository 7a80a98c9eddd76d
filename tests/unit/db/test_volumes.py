"""The volumes data layer: rows with their key/value tables, filters, keyset paging,
compare-and-swap transitions, reservations with their attachment, detaching."""
import datetime

import pytest

from novalite.db import volumes as db
from novalite import exception_volume as errors


def _volume(project='p1', status='available', size=1, name=None, **extra):
    values = dict({'project_id': project, 'user_id': 'u1', 'availability_zone': 'nova',
                   'status': status, 'attach_status': 'detached', 'size': size,
                   'display_name': name, 'bootable': False, 'multiattach': False,
                   'use_quota': True}, **extra)
    return db.volume_create(values, metadata=extra.pop('metadata', None) or {})


def test_create_get_and_project_scope(database):
    v = db.volume_create({'project_id': 'p1', 'user_id': 'u1', 'availability_zone': 'nova',
                          'status': 'creating', 'attach_status': 'detached', 'size': 2,
                          'bootable': False, 'multiattach': False, 'use_quota': True},
                         metadata={'k': 'v'}, image_metadata={'image_id': 'i'})
    got = db.volume_get(v['id'], 'p1')
    assert got['metadata'] == {'k': 'v'} and got['image_metadata'] == {'image_id': 'i'}
    assert got['attachments'] == [] and got['admin_metadata'] == {}
    with pytest.raises(errors.VolumeNotFound):
        db.volume_get(v['id'], 'p2')
    db.volume_destroy(v['id'])
    with pytest.raises(errors.VolumeNotFound):
        db.volume_get(v['id'])


def test_filters_sort_and_keyset_paging(database):
    made = [_volume(size=s, name='n%d' % s) for s in (3, 1, 2, 1)]
    _volume(project='p2', size=9)
    db.volume_set_metadata(made[0]['id'], {'tier': 'gold'})
    assert [v['id'] for v in db.volume_get_all('p1', {'metadata': {'tier': 'gold'}})] == \
        [made[0]['id']]
    assert len(db.volume_get_all('p1', {'size': 1})) == 2
    assert len(db.volume_get_all(None)) == 5
    order = [('size', 'asc')]
    everything = db.volume_get_all('p1', sort=order)
    assert [v['size'] for v in everything] == [1, 1, 2, 3]
    pages, marker = [], None
    while True:
        page = db.volume_get_all('p1', sort=order, limit=1, marker=marker)
        if not page:
            break
        pages.append(page[0]['id'])
        marker = page[0]['id']
    assert pages == [v['id'] for v in everything]  # ties broken by id, nothing twice
    assert [v['display_name'] for v in db.volume_get_all('p1', {'display_name': '2'},
                                                         like=('display_name',))] == ['n2']
    later = datetime.datetime(2999, 1, 1)
    assert db.volume_get_all('p1', {'created_at': {'gt': later}}) == []
    with pytest.raises(errors.MarkerNotFound):
        db.volume_get_all('p1', marker='nope')
    count, size, metadata = db.volume_summary('p1')
    assert (count, size, metadata) == (4, 7, {'tier': ['gold']})


def test_compare_and_swap(database):
    v = _volume()
    db.volume_update(v['id'], {'status': 'extending'}, expected_status='available')
    with pytest.raises(errors.InvalidVolume):
        db.volume_update(v['id'], {'status': 'extending'}, expected_status='available')
    with pytest.raises(errors.VolumeNotFound):
        db.volume_update('nope', {'status': 'x'}, expected_status='available')
    assert db.volume_get(v['id'])['status'] == 'extending'


def test_reserve_with_attachment_and_detach(database):
    v = _volume(multiattach=True)
    vol, att = db.volume_reserve(v['id'], ('available', 'in-use'), 'reserved',
                                 attachment={'instance_uuid': 's1',
                                             'attach_status': 'reserved'})
    assert vol['status'] == 'reserved' and att['volume_id'] == v['id']
    with pytest.raises(errors.InvalidVolume) as info:
        db.volume_reserve(v['id'], ('available',), 'reserved',
                          override='%(vol_id)s must be %(statuses)s, is %(current)s')
    assert 'is reserved' in str(info.value)
    db.attachment_update(att['id'], {'attach_status': 'attached'},
                         volume_values={'status': 'in-use', 'attach_status': 'attached'},
                         admin_metadata={'attached_mode': 'rw'})
    _, second = db.volume_reserve(v['id'], ('available', 'in-use'), 'in-use',
                                  attachment={'instance_uuid': 's2',
                                              'attach_status': 'reserved'})
    vol, remaining = db.volume_detached(v['id'], att['id'])
    # Cinder: the remaining attachment is only reserved, so is the volume (Nova's rebuild
    # of a volume-backed server needs it for os-reimage with reimage_reserved)
    assert (vol['status'], vol['attach_status']) == ('reserved', 'reserved')
    assert [a['id'] for a in remaining] == [second['id']]
    vol, remaining = db.volume_detached(v['id'], second['id'])
    assert (vol['status'], vol['attach_status'], remaining) == ('available', 'detached', [])
    assert 'attached_mode' not in vol['admin_metadata']
    with pytest.raises(errors.VolumeAttachmentNotFound):
        db.attachment_get(att['id'])


def test_attachments_are_scoped_to_the_volume_project(database):
    v = _volume()
    _, att = db.volume_reserve(v['id'], ('available',), 'reserved',
                               attachment={'instance_uuid': 's', 'attach_status': 'reserved'})
    assert db.attachment_get(att['id'], 'p1')['id'] == att['id']
    with pytest.raises(errors.VolumeAttachmentNotFound):
        db.attachment_get(att['id'], 'p2')
    assert [a['id'] for a in db.attachment_get_all('p1', {'volume_id': v['id']})] == \
        [att['id']]
    assert db.attachment_get_all('p2') == []
