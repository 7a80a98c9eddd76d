"""Volumes with types, quotas and snapshots over HTTP: the default type, a named type (and
its multiattach / failure-injection extra specs), 413 when over quota with nothing left
behind, volumes from snapshots, delete refused while snapshots exist, os-retype."""
import uuid

from tests.functional.test_volume_types_quotas import _other_member
from tests.functional.test_volumes import (CONNECTOR, action, available, create, delete,
                                           req, wait)


def _type(cloud, **specs):
    name = 'vt-%s' % uuid.uuid4().hex[:8]
    status, _, body = req(cloud, 'POST', '/types', {'volume_type': {
        'name': name, 'extra_specs': specs}}, token='admin')
    assert status == 200, body
    return body['volume_type']


def test_default_and_named_types(cloud):
    volume = available(cloud)
    assert volume['volume_type'] == '__DEFAULT__' and volume['volume_type_id']
    _, _, old = req(cloud, 'GET', '/volumes/%s' % volume['id'], version='3.62')
    assert old['volume']['volume_type'] == '__DEFAULT__'
    vtype = _type(cloud)
    typed = available(cloud, volume_type=vtype['name'])
    assert typed['volume_type'] == vtype['name'] and typed['volume_type_id'] == vtype['id']
    by_id = available(cloud, volume_type=vtype['id'])
    assert by_id['volume_type'] == vtype['name']
    status, _, body = req(cloud, 'POST', '/volumes', {'volume': {'size': 1,
                                                                 'volume_type': 'nope'}})
    assert status == 404 and 'itemNotFound' in body
    # a type in use cannot be deleted
    status, _, body = req(cloud, 'DELETE', '/types/%s' % vtype['id'], token='admin')
    assert status == 400, body
    for v in (volume, typed, by_id):
        delete(cloud, v['id'])


def test_type_extra_specs_drive_multiattach_and_failures(cloud):
    multi = _type(cloud, multiattach='<is> True')
    volume = available(cloud, volume_type=multi['name'])
    assert volume['multiattach'] is True
    for _ in range(2):
        status, _, body = req(cloud, 'POST', '/attachments', {'attachment': {
            'volume_uuid': volume['id'], 'instance_uuid': str(uuid.uuid4()),
            'connector': CONNECTOR}})
        assert status == 200, body
        assert req(cloud, 'POST', '/attachments/%s/action' % body['attachment']['id'],
                   {'os-complete': None})[0] == 204
    shown = wait(cloud, volume['id'], statuses=('in-use',))
    assert len(shown['attachments']) == 2
    for att in shown['attachments']:
        assert req(cloud, 'DELETE', '/attachments/%s' % att['attachment_id'])[0] == 200
    assert wait(cloud, volume['id'])['status'] == 'available'
    delete(cloud, volume['id'])
    failing = _type(cloud, **{'novalite:fail': 'create'})
    broken = wait(cloud, create(cloud, volume_type=failing['id'])['id'])
    assert broken['status'] == 'error'
    delete(cloud, broken['id'])


def test_over_quota_is_413_and_leaves_nothing(cloud):
    project, token = _other_member(cloud)
    assert req(cloud, 'PUT', '/os-quota-sets/%s' % project,
               {'quota_set': {'volumes': 1, 'gigabytes': 3}}, token='admin')[0] == 200
    first = available(cloud, token=token, size=2)
    status, headers, body = req(cloud, 'POST', '/volumes', {'volume': {'size': 1}},
                                token=token)
    assert status == 413 and body['overLimit']['code'] == 413
    assert "Maximum number of volumes allowed (1) exceeded" in body['overLimit']['message']
    assert req(cloud, 'GET', '/volumes', token=token)[2]['volumes'] == [
        {'id': first['id'], 'name': None, 'links': first['links']}]
    status, _, body = action(cloud, first['id'], {'os-extend': {'new_size': 4}}, token=token)
    assert status == 413 and 'gigabytes' in body['overLimit']['message']
    assert wait(cloud, first['id'], token=token)['status'] == 'available'
    delete(cloud, first['id'], token=token)
    assert available(cloud, token=token, size=3)['size'] == 3


def test_snapshots_block_delete_and_seed_new_volumes(cloud):
    volume = available(cloud, size=1)
    status, _, body = req(cloud, 'POST', '/snapshots', {'snapshot': {
        'volume_id': volume['id'], 'name': 'snap'}})
    assert status == 202, body
    snap = body['snapshot']
    for _ in range(600):
        _, _, shown = req(cloud, 'GET', '/snapshots/%s' % snap['id'])
        if shown['snapshot']['status'] == 'available':
            break
    status, _, body = req(cloud, 'DELETE', '/volumes/%s' % volume['id'])
    assert status == 400 and 'have snapshots' in body['badRequest']['message']
    made = wait(cloud, create(cloud, snapshot_id=snap['id'], size=None)['id'])
    assert made['status'] == 'available' and made['snapshot_id'] == snap['id']
    assert made['size'] == 1 and made['volume_type'] == volume['volume_type']
    _, other = _other_member(cloud)
    status, _, body = req(cloud, 'POST', '/volumes', {'volume': {'snapshot_id': snap['id']}},
                          token=other)
    assert status == 404 and 'Snapshot %s could not be found.' % snap['id'] in \
        body['itemNotFound']['message']
    delete(cloud, made['id'])
    assert req(cloud, 'DELETE', '/snapshots/%s' % snap['id'])[0] == 202
    for _ in range(600):
        if req(cloud, 'GET', '/snapshots/%s' % snap['id'])[0] == 404:
            break
    delete(cloud, volume['id'])


def test_retype(cloud):
    volume = available(cloud)
    target = _type(cloud)
    assert action(cloud, volume['id'], {'os-retype': {'new_type': target['name']}})[0] == 202
    retyped = wait(cloud, volume['id'])
    assert retyped['volume_type'] == target['name']
    status, _, body = action(cloud, volume['id'], {'os-retype': {'new_type': target['id']}})
    assert status == 400
    assert action(cloud, volume['id'], {'os-retype': {'new_type': 'nope'}})[0] == 404
    assert action(cloud, volume['id'], {'os-retype': {}})[0] == 400
    delete(cloud, volume['id'])


def test_revert_to_the_latest_snapshot(cloud):
    import os
    volume = available(cloud)
    vid = volume['id']
    path = os.path.join(cloud.state_dir, 'volumes', 'volume-%s' % vid)
    with open(path, 'r+b') as f:
        f.write(b'before')
    status, _, body = action(cloud, vid, {'revert': {'snapshot_id': str(uuid.uuid4())}})
    assert status == 400 and "doesn't have any snapshots" in body['badRequest']['message']
    snaps = []
    for _ in range(2):
        status, _, body = req(cloud, 'POST', '/snapshots', {'snapshot': {'volume_id': vid}})
        assert status == 202, body
        snaps.append(body['snapshot']['id'])
        for _ in range(600):
            if req(cloud, 'GET', '/snapshots/%s' % snaps[-1])[2]['snapshot']['status'] == \
                    'available':
                break
    with open(path, 'r+b') as f:
        f.write(b'after!')
    assert action(cloud, vid, {'revert': {'snapshot_id': snaps[0]}}, version='3.39')[0] == 404
    status, _, body = action(cloud, vid, {'revert': {'snapshot_id': snaps[0]}})
    assert status == 400 and 'not the latest one' in body['badRequest']['message']
    assert action(cloud, vid, {'revert': {'snapshot_id': snaps[1]}})[0] == 202
    assert wait(cloud, vid)['status'] == 'available'
    with open(path, 'rb') as f:
        assert f.read(6) == b'before'
    assert req(cloud, 'GET', '/snapshots/%s' % snaps[1])[2]['snapshot']['status'] == \
        'available'
    for sid in snaps:
        assert req(cloud, 'DELETE', '/snapshots/%s' % sid)[0] == 202
    for sid in snaps:
        for _ in range(600):
            if req(cloud, 'GET', '/snapshots/%s' % sid)[0] == 404:
                break
    delete(cloud, vid)
