"""Snapshots over HTTP against `novalite serve`: create (the volume's state decides, force
and 3.66), the creating -> available transition through the volume manager, list/detail
with filters, sort, paging and count, show with the extended attributes, update, metadata,
admin actions, delete (and volumes from and with snapshots), quotas (Cinder's 413) and
isolation between projects."""
import os
import time
import uuid

from tests.functional.test_volume_types_quotas import _other_member
from tests.functional.test_volumes import action
from tests.functional.test_volumes import available
from tests.functional.test_volumes import delete
from tests.functional.test_volumes import req
from tests.functional.test_volumes import wait


def snap_create(cloud, volume_id, expect=202, token='demo', version='3.71', **fields):
    fields['volume_id'] = volume_id
    status, _, body = req(cloud, 'POST', '/snapshots', {'snapshot': fields}, token=token,
                          version=version)
    assert status == expect, body
    return body['snapshot'] if status == 202 else body


def snap_wait(cloud, snapshot_id, statuses=('available', 'error'), token='demo', timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, _, body = req(cloud, 'GET', '/snapshots/%s' % snapshot_id, token=token)
        if status == 404:
            return None
        assert status == 200, body
        if body['snapshot']['status'] in statuses:
            return body['snapshot']
        time.sleep(0.05)
    raise AssertionError('snapshot %s stuck' % snapshot_id)


def snap_available(cloud, volume_id, token='demo', **fields):
    snap = snap_wait(cloud, snap_create(cloud, volume_id, token=token, **fields)['id'],
                     token=token)
    assert snap['status'] == 'available', snap
    return snap


def snap_delete(cloud, snapshot_id, token='demo'):
    status, _, body = req(cloud, 'DELETE', '/snapshots/%s' % snapshot_id, token=token)
    assert status == 202, body
    assert snap_wait(cloud, snapshot_id, statuses=('error_deleting',), token=token) is None


def test_snapshot_lifecycle_and_backend_file(cloud):
    volume = available(cloud, name='snap-src')
    snap = snap_create(cloud, volume['id'], name='s1', description='first',
                       metadata={'k': 'v'})
    assert snap['status'] == 'creating' and snap['size'] == 1
    assert (snap['name'], snap['description'], snap['metadata']) == ('s1', 'first',
                                                                     {'k': 'v'})
    assert snap['user_id'] and snap['consumes_quota'] is True
    assert snap['group_snapshot_id'] is None
    assert 'os-extended-snapshot-attributes:progress' not in snap
    shown = snap_wait(cloud, snap['id'])
    assert shown['status'] == 'available'
    assert shown['os-extended-snapshot-attributes:progress'] == '100%'
    assert shown['os-extended-snapshot-attributes:project_id'] == \
        cloud.token_body('demo')['project']['id']
    path = os.path.join(cloud.state_dir, 'volumes', 'snapshot-%s' % snap['id'])
    assert os.path.getsize(path) == 1024 ** 3
    # 3.0 shows neither user_id nor consumes_quota
    old = req(cloud, 'GET', '/snapshots/%s' % snap['id'], version=None)[2]['snapshot']
    assert 'user_id' not in old and 'consumes_quota' not in old
    # update
    status, _, body = req(cloud, 'PUT', '/snapshots/%s' % snap['id'], {'snapshot': {
        'name': 's1-renamed', 'description': None}})
    assert status == 200 and body['snapshot']['name'] == 's1-renamed'
    assert body['snapshot']['description'] is None
    assert req(cloud, 'PUT', '/snapshots/%s' % snap['id'], {'snapshot': {}})[0] == 400
    # the volume cannot go while it has snapshots
    status, _, body = req(cloud, 'DELETE', '/volumes/%s' % volume['id'])
    assert status == 400 and 'snapshots' in body['badRequest']['message']
    snap_delete(cloud, snap['id'])
    assert not os.path.exists(path)
    delete(cloud, volume['id'])


def test_create_checks_the_volume_and_the_body(cloud):
    volume = available(cloud)
    for body in ({}, {'snapshot': {}}, {'snapshot': {'volume_id': 'not-a-uuid'}},
                 {'snapshot': {'volume_id': volume['id'], 'bogus': 1}},
                 {'snapshot': {'volume_id': volume['id'], 'force': 'maybe'}},
                 {'snapshot': {'volume_id': volume['id'], 'metadata': {'k': 1}}}):
        status, _, resp = req(cloud, 'POST', '/snapshots', body)
        assert status == 400, (body, resp)
        assert resp['badRequest']['code'] == 400
    for volume_id in (str(uuid.uuid4()), None):  # Cinder looks it up: 404 for both
        status, _, body = req(cloud, 'POST', '/snapshots', {'snapshot': {
            'volume_id': volume_id}})
        assert status == 404 and body['itemNotFound']['message'] == \
            'Volume %s could not be found.' % volume_id
    # an in-use volume: 400 before 3.66 without force, allowed with force or from 3.66
    vid = volume['id']
    assert action(cloud, vid, {'os-reserve': None})[0] == 202
    assert action(cloud, vid, {'os-attach': {'instance_uuid': str(uuid.uuid4()),
                                             'mountpoint': '/dev/vdc'}})[0] == 202
    assert wait(cloud, vid, statuses=('in-use',))['status'] == 'in-use'
    status, _, body = req(cloud, 'POST', '/snapshots', {'snapshot': {
        'volume_id': volume['id']}}, version='3.65')
    assert status == 400 and 'status must be available' in body['badRequest']['message']
    forced = snap_available(cloud, volume['id'], version='3.65', force=True)
    assert snap_create(cloud, volume['id'], expect=400, force=False)['badRequest'][
        'message'].startswith("Since microversion 3.66 the 'force' flag is invalid")
    in_use = snap_available(cloud, volume['id'])
    # error volumes cannot be snapshotted
    assert action(cloud, volume['id'], {'os-reset_status': {'status': 'error'}},
                  token='admin')[0] == 202
    status, _, body = req(cloud, 'POST', '/snapshots', {'snapshot': {
        'volume_id': volume['id']}})
    assert status == 400 and 'error status' in body['badRequest']['message']
    action(cloud, vid, {'os-reset_status': {'status': 'in-use'}}, token='admin')
    assert action(cloud, vid, {'os-detach': {}})[0] == 202
    assert wait(cloud, vid)['status'] == 'available'
    for snap in (forced, in_use):
        snap_delete(cloud, snap['id'])
    delete(cloud, volume['id'])


def test_list_detail_filters_sort_paging_and_count(cloud):
    volume = available(cloud)
    made = [snap_available(cloud, volume['id'], name='list-%d' % i,
                           metadata={'n': str(i)}) for i in range(3)]
    ids = [s['id'] for s in made]
    status, _, body = req(cloud, 'GET', '/snapshots?volume_id=%s' % volume['id'])
    assert status == 200 and [s['id'] for s in body['snapshots']] == ids[::-1]
    assert 'os-extended-snapshot-attributes:progress' not in body['snapshots'][0]
    detail = req(cloud, 'GET', '/snapshots/detail?volume_id=%s' % volume['id'])[2]
    assert detail['snapshots'][0]['os-extended-snapshot-attributes:progress'] == '100%'
    by_name = req(cloud, 'GET', '/snapshots?name=list-1')[2]['snapshots']
    assert [s['id'] for s in by_name] == [ids[1]]
    by_meta = req(cloud, 'GET', "/snapshots?metadata={'n': '2'}")[2]['snapshots']
    assert [s['id'] for s in by_meta] == [ids[2]]
    assert req(cloud, 'GET', '/snapshots?status=error&volume_id=%s'
               % volume['id'])[2]['snapshots'] == []
    asc = req(cloud, 'GET', '/snapshots?volume_id=%s&sort=name:asc' % volume['id'])[2]
    assert [s['name'] for s in asc['snapshots']] == ['list-0', 'list-1', 'list-2']
    page = req(cloud, 'GET', '/snapshots?volume_id=%s&limit=2' % volume['id'])[2]
    assert [s['id'] for s in page['snapshots']] == ids[:0:-1]
    assert 'marker=%s' % ids[1] in page['snapshots_links'][0]['href']
    rest = req(cloud, 'GET', '/snapshots?volume_id=%s&limit=2&marker=%s'
               % (volume['id'], ids[1]))[2]
    assert [s['id'] for s in rest['snapshots']] == [ids[0]] and 'snapshots_links' not in rest
    counted = req(cloud, 'GET', '/snapshots?volume_id=%s&with_count=true&limit=1'
                  % volume['id'])[2]
    assert counted['count'] == 3 and len(counted['snapshots']) == 1
    assert 'count' not in req(cloud, 'GET', '/snapshots?with_count=true',
                              version='3.44')[2]
    assert req(cloud, 'GET', '/snapshots?marker=%s' % uuid.uuid4())[0] == 404
    assert req(cloud, 'GET', '/snapshots?limit=x')[0] == 400
    assert req(cloud, 'GET', '/snapshots?sort=nope')[0] == 400
    for snap_id in ids:
        snap_delete(cloud, snap_id)
    delete(cloud, volume['id'])


def test_snapshot_metadata(cloud):
    volume = available(cloud)
    snap = snap_available(cloud, volume['id'], metadata={'a': '1'})
    path = '/snapshots/%s/metadata' % snap['id']
    assert req(cloud, 'GET', path)[2] == {'metadata': {'a': '1'}}
    status, _, body = req(cloud, 'POST', path, {'metadata': {'b': '2'}})
    assert status == 200 and body == {'metadata': {'a': '1', 'b': '2'}}
    status, _, body = req(cloud, 'PUT', path, {'metadata': {'c': '3'}})
    assert status == 200 and body == {'metadata': {'c': '3'}}
    assert req(cloud, 'GET', path + '/c')[2] == {'meta': {'c': '3'}}
    status, _, body = req(cloud, 'PUT', path + '/c', {'meta': {'c': '4'}})
    assert status == 200 and body == {'meta': {'c': '4'}}
    assert req(cloud, 'PUT', path + '/c', {'meta': {'d': '4'}})[0] == 400
    assert req(cloud, 'PUT', path + '/c', {'meta': {'c': '4', 'd': '5'}})[0] == 400
    assert req(cloud, 'POST', path, {'metadata': {'bad key!': 'x'}})[0] == 400
    status, _, body = req(cloud, 'DELETE', path + '/c')
    assert status == 200 and not body
    status, _, body = req(cloud, 'GET', path + '/c')
    assert status == 404 and body['itemNotFound']['message'] == \
        'Snapshot %s has no metadata with key c.' % snap['id']
    assert req(cloud, 'DELETE', path + '/c')[0] == 404
    snap_delete(cloud, snap['id'])
    delete(cloud, volume['id'])


def test_admin_actions_and_update_status(cloud):
    volume = available(cloud)
    snap = snap_available(cloud, volume['id'])
    act = '/snapshots/%s/action' % snap['id']
    assert req(cloud, 'POST', act, {'os-reset_status': {'status': 'error'}})[0] == 403
    assert req(cloud, 'POST', act, {'os-reset_status': {'status': 'bogus'}},
               token='admin')[0] == 400
    assert req(cloud, 'POST', act, {'os-reset_status': {'status': 'ERROR'}},
               token='admin')[0] == 202
    assert snap_wait(cloud, snap['id'], statuses=('error',))['status'] == 'error'
    status, _, body = req(cloud, 'POST', act, {'os-update_snapshot_status': {
        'status': 'available'}})
    assert status == 400 and 'not allowed for update_snapshot_status' in \
        body['badRequest']['message']
    assert req(cloud, 'POST', act, {'bogus': {}}, token='admin')[0] == 400
    # a snapshot in creating may be moved on by its owner (Nova's assisted snapshots)
    req(cloud, 'POST', act, {'os-reset_status': {'status': 'creating'}}, token='admin')
    assert req(cloud, 'POST', act, {'os-update_snapshot_status': {
        'status': 'available', 'progress': '90%'}})[0] == 202
    shown = snap_wait(cloud, snap['id'])
    assert shown['os-extended-snapshot-attributes:progress'] == '90%'
    # delete needs available or error; force_delete (admin) takes any state
    req(cloud, 'POST', act, {'os-reset_status': {'status': 'creating'}}, token='admin')
    status, _, body = req(cloud, 'DELETE', '/snapshots/%s' % snap['id'])
    assert status == 400 and 'badRequest' in body
    assert req(cloud, 'POST', act, {'os-force_delete': {}})[0] == 403
    assert req(cloud, 'POST', act, {'os-force_delete': {}}, token='admin')[0] == 202
    assert snap_wait(cloud, snap['id'], statuses=()) is None
    delete(cloud, volume['id'])


def test_volume_from_snapshot_and_cascade_delete(cloud):
    volume = available(cloud, size=1)
    snap = snap_available(cloud, volume['id'])
    status, _, body = req(cloud, 'POST', '/volumes', {'volume': {'snapshot_id': snap['id']}})
    assert status == 202, body
    clone = wait(cloud, body['volume']['id'])
    assert clone['status'] == 'available' and clone['snapshot_id'] == snap['id']
    assert clone['size'] == 1
    delete(cloud, clone['id'])
    # cascade takes the snapshots along
    status, _, body = req(cloud, 'DELETE', '/volumes/%s?cascade=true' % volume['id'])
    assert status == 202, body
    assert wait(cloud, volume['id'], statuses=()) is None
    assert req(cloud, 'GET', '/snapshots/%s' % snap['id'])[0] == 404
    assert not os.path.exists(os.path.join(cloud.state_dir, 'volumes',
                                           'snapshot-%s' % snap['id']))


def test_failure_injected_as_metadata(cloud):
    volume = available(cloud)
    snap = snap_wait(cloud, snap_create(cloud, volume['id'], metadata={
        'novalite:fail': 'create_snapshot'})['id'])
    assert snap['status'] == 'error'
    snap_delete(cloud, snap['id'])  # an error snapshot can be deleted
    delete(cloud, volume['id'])


def test_quota_and_isolation(cloud):
    project, token = _other_member(cloud)
    volume = available(cloud, token=token, size=2)
    assert req(cloud, 'PUT', '/os-quota-sets/%s' % project, {'quota_set': {
        'snapshots': 1, 'gigabytes': 5}}, token='admin')[0] == 200
    snap = snap_available(cloud, volume['id'], token=token)
    usage = req(cloud, 'GET', '/os-quota-sets/%s?usage=true' % project,
                token=token)[2]['quota_set']
    assert usage['snapshots']['in_use'] == 1 and usage['gigabytes']['in_use'] == 4
    assert usage['snapshots___DEFAULT__']['in_use'] == 1
    limits = req(cloud, 'GET', '/limits', token=token)[2]['limits']['absolute']
    assert (limits['totalSnapshotsUsed'], limits['totalGigabytesUsed']) == (1, 4)
    status, headers, body = req(cloud, 'POST', '/snapshots', {'snapshot': {
        'volume_id': volume['id']}}, token=token)
    assert status == 413
    assert body == {'overLimit': {
        'code': 413, 'retryAfter': '0',
        'message': 'SnapshotLimitExceeded: Maximum number of snapshots allowed (1) '
                   'exceeded'}}
    assert headers['Retry-After'] == '0'
    req(cloud, 'PUT', '/os-quota-sets/%s' % project, {'quota_set': {'snapshots': 5}},
        token='admin')
    status, _, body = req(cloud, 'POST', '/snapshots', {'snapshot': {
        'volume_id': volume['id']}}, token=token)
    assert status == 413 and body['overLimit']['message'] == (
        'VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed '
        'gigabytes quota. Requested 2G, quota is 5G and 4G has been consumed.')
    # the quota cannot go below what is used
    status, _, body = req(cloud, 'PUT', '/os-quota-sets/%s' % project,
                          {'quota_set': {'snapshots': 0}}, token='admin')
    assert status == 400 and 'Current usage is 1' in body['badRequest']['message']
    # another project neither sees nor touches it; an admin lists it with all_tenants
    for method, path, body in (('GET', '/snapshots/%s' % snap['id'], None),
                               ('PUT', '/snapshots/%s' % snap['id'],
                                {'snapshot': {'name': 'x'}}),
                               ('DELETE', '/snapshots/%s' % snap['id'], None),
                               ('GET', '/snapshots/%s/metadata' % snap['id'], None)):
        assert req(cloud, method, path, body)[0] == 404, (method, path)
    assert snap['id'] not in [s['id'] for s in req(cloud, 'GET', '/snapshots')[2]['snapshots']]
    assert snap_create(cloud, volume['id'], expect=404)['itemNotFound']
    everyone = req(cloud, 'GET', '/snapshots/detail?all_tenants=1', token='admin')[2]
    assert snap['id'] in [s['id'] for s in everyone['snapshots']]
    assert snap['id'] not in [s['id'] for s in req(cloud, 'GET', '/snapshots',
                                                   token='admin')[2]['snapshots']]
    snap_delete(cloud, snap['id'], token=token)
    delete(cloud, volume['id'], token=token)
    usage = req(cloud, 'GET', '/os-quota-sets/%s?usage=true' % project,
                token=token)[2]['quota_set']
    assert usage['snapshots']['in_use'] == 0 and usage['gigabytes']['in_use'] == 0
