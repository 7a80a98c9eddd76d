"""Volumes over HTTP against `novalite serve`: create/list/show/update/delete, filters, sort,
paging, the status machine through the volume manager, metadata, isolation, and the
attachments API with its states (Cinder's behaviour and fault format)."""
import os
import time
import uuid

V3 = '/volume/v3'


def req(cloud, method, path, body=None, version='3.71', token='demo', **kwargs):
    headers = {'OpenStack-API-Version': 'volume %s' % version} if version else {}
    return cloud.request(method, V3 + path, body=body, token=token, headers=headers,
                         **kwargs)


def create(cloud, expect=202, token='demo', version='3.71', **fields):
    fields.setdefault('size', 1)
    status, _, body = req(cloud, 'POST', '/volumes', {'volume': fields}, token=token,
                          version=version)
    assert status == expect, body
    return body['volume'] if status == 202 else body


def wait(cloud, volume_id, statuses=('available', 'error'), token='demo', timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, _, body = req(cloud, 'GET', '/volumes/%s' % volume_id, token=token)
        if status == 404:
            return None
        assert status == 200, body
        if body['volume']['status'] in statuses:
            return body['volume']
        time.sleep(0.05)
    raise AssertionError('volume %s stuck in %s' % (volume_id, body['volume']['status']))


def available(cloud, token='demo', **fields):
    volume = wait(cloud, create(cloud, token=token, **fields)['id'], token=token)
    assert volume['status'] == 'available', volume
    return volume


def delete(cloud, volume_id, token='demo'):
    status, _, body = req(cloud, 'DELETE', '/volumes/%s' % volume_id, token=token)
    assert status == 202, body
    assert wait(cloud, volume_id, statuses=('error_deleting',), token=token) is None


def action(cloud, volume_id, body, token='demo', version='3.71'):
    return req(cloud, 'POST', '/volumes/%s/action' % volume_id, body, token=token,
               version=version)


def test_create_show_and_the_file_on_the_backend(cloud):
    volume = create(cloud, name='vol-a', description='first', metadata={'k': 'v'})
    assert volume['status'] == 'creating'
    assert volume['name'] == 'vol-a' and volume['description'] == 'first'
    assert volume['size'] == 1 and volume['availability_zone'] == 'nova'
    assert volume['bootable'] == 'false' and volume['encrypted'] is False
    assert volume['attachments'] == [] and volume['metadata'] == {'k': 'v'}
    assert volume['consumes_quota'] is True and 'volume_type_id' in volume
    # as Cinder: the attribute extensions extend show and detail, not the create answer
    assert not [key for key in volume if key.startswith('os-vol-')]
    shown = wait(cloud, volume['id'])
    assert shown['status'] == 'available'
    assert shown['os-vol-tenant-attr:tenant_id'] == cloud.token_body()['project']['id']
    assert 'os-vol-host-attr:host' not in shown  # admin only
    path = os.path.join(cloud.state_dir, 'volumes', 'volume-%s' % volume['id'])
    assert os.path.getsize(path) == 1024 ** 3
    _, _, admin_view = req(cloud, 'GET', '/volumes/%s' % volume['id'], token='admin')
    assert admin_view['volume']['os-vol-host-attr:host'].endswith('@fake#fake')
    delete(cloud, volume['id'])
    assert not os.path.exists(path)


def test_fields_by_microversion(cloud):
    volume = available(cloud)
    _, headers, old = req(cloud, 'GET', '/volumes/%s' % volume['id'], version=None)
    assert headers['OpenStack-API-Version'] == 'volume 3.0'
    for key in ('group_id', 'shared_targets', 'service_uuid', 'volume_type_id',
                'consumes_quota'):
        assert key not in old['volume']
    _, _, new = req(cloud, 'GET', '/volumes/%s' % volume['id'], version='3.65')
    assert new['volume']['group_id'] is None and new['volume']['shared_targets'] is False
    assert new['volume']['consumes_quota'] is True
    delete(cloud, volume['id'])


def test_bad_create_bodies(cloud):
    for fields, fragment in [({'size': 0}, 'size'), ({'size': 'x'}, 'size'),
                             ({'size': 1, 'bogus': 1}, 'bogus'),
                             ({'size': 1, 'metadata': {'k': 1}}, '1'),
                             ({'size': 1, 'availability_zone': 'elsewhere'}, 'elsewhere')]:
        body = create(cloud, expect=400, **fields)
        assert body['badRequest']['code'] == 400
        assert fragment in body['badRequest']['message']
    # below 3.53 unknown keys are ignored
    ignored = create(cloud, version='3.52', size=1, bogus=1)
    body = create(cloud, expect=400, size=1, multiattach=True)
    assert 'multiattach parameter has been removed' in body['badRequest']['message']
    status, _, body = req(cloud, 'POST', '/volumes', {'volume': {'size': 1,
                                                                 'source_volid': str(
                                                                     uuid.uuid4())}})
    assert status == 404 and 'itemNotFound' in body
    status, _, body = req(cloud, 'POST', '/volumes', {'volume': {'size': 1,
                                                                 'imageRef': 'nope'}})
    assert status == 400 and 'Invalid image identifier' in body['badRequest']['message']
    wait(cloud, ignored['id'])
    delete(cloud, ignored['id'])


def test_list_filters_sort_paging(cloud):
    tag = uuid.uuid4().hex[:8]
    made = [available(cloud, name='%s-%d' % (tag, i), size=i + 1,
                      metadata={'tag': tag, 'n': str(i)}) for i in range(3)]
    status, _, body = req(cloud, 'GET', '/volumes?name=%s-1' % tag)
    assert status == 200 and [v['id'] for v in body['volumes']] == [made[1]['id']]
    assert set(body['volumes'][0]) == {'id', 'name', 'links'}
    _, _, body = req(cloud, 'GET', "/volumes/detail?metadata={'tag':'%s'}&sort=size:asc"
                     % tag)
    assert [v['id'] for v in body['volumes']] == [v['id'] for v in made]
    _, _, body = req(cloud, 'GET', "/volumes/detail?metadata={'tag':'%s'}&sort=size:desc"
                     "&limit=2&with_count=true" % tag)
    assert [v['size'] for v in body['volumes']] == [3, 2] and body['count'] == 3
    next_href = body['volumes_links'][0]['href']
    marker = next_href.split('marker=')[1].split('&')[0]
    _, _, body = req(cloud, 'GET', "/volumes/detail?metadata={'tag':'%s'}&sort=size:desc"
                     "&limit=2&marker=%s" % (tag, marker))
    assert [v['size'] for v in body['volumes']] == [1]
    _, _, body = req(cloud, 'GET', '/volumes?name~=%s&sort=name:asc' % tag)
    assert [v['name'] for v in body['volumes']] == ['%s-%d' % (tag, i) for i in range(3)]
    # an unknown filter is dropped for a user; a bad sort key or marker is an error
    _, _, body = req(cloud, 'GET', '/volumes?name=%s-0&no_such=1' % tag)
    assert len(body['volumes']) == 1
    assert req(cloud, 'GET', '/volumes?sort=bogus')[0] == 400
    assert req(cloud, 'GET', '/volumes?marker=%s' % uuid.uuid4())[0] == 404
    assert req(cloud, 'GET', '/volumes?bootable=maybe')[0] == 400
    _, _, body = req(cloud, 'GET', '/volumes/summary')
    assert body['volume-summary']['total_count'] >= 3
    for volume in made:
        delete(cloud, volume['id'])


def test_without_project_id_in_the_url(cloud):
    volume = available(cloud)
    status, _, body = cloud.request('GET', '/volume/v3/%s/volumes/%s'
                                    % (cloud.token_body()['project']['id'], volume['id']))
    assert status == 200 and body['volume']['id'] == volume['id']
    assert body['volume']['links'][0]['href'].endswith(
        '/volume/v3/%s/volumes/%s' % (cloud.token_body()['project']['id'], volume['id']))
    delete(cloud, volume['id'])


def test_update_and_metadata(cloud):
    volume = available(cloud, name='before')
    status, _, body = req(cloud, 'PUT', '/volumes/%s' % volume['id'],
                          {'volume': {'name': 'after', 'description': 'd'}})
    assert status == 200 and body['volume']['name'] == 'after'
    assert 'os-vol-tenant-attr:tenant_id' not in body['volume']
    status, _, body = req(cloud, 'PUT', '/volumes/%s' % volume['id'], {'volume': {}})
    assert status == 400
    path = '/volumes/%s/metadata' % volume['id']
    assert req(cloud, 'POST', path, {'metadata': {'a': '1'}})[2] == {'metadata': {'a': '1'}}
    assert req(cloud, 'PUT', path, {'metadata': {'b': '2'}})[2] == {'metadata': {'b': '2'}}
    assert req(cloud, 'GET', path + '/b')[2] == {'meta': {'b': '2'}}
    assert req(cloud, 'PUT', path + '/b', {'meta': {'b': '3'}})[2] == {'meta': {'b': '3'}}
    assert req(cloud, 'PUT', path + '/b', {'meta': {'c': '3'}})[0] == 400
    assert req(cloud, 'DELETE', path + '/b')[0] == 200
    assert req(cloud, 'DELETE', path + '/b')[0] == 404
    delete(cloud, volume['id'])


def test_another_project_never_sees_or_touches_a_volume(cloud):
    volume = available(cloud, token='admin')
    for method, path, body in [('GET', '/volumes/%s', None),
                               ('PUT', '/volumes/%s', {'volume': {'name': 'x'}}),
                               ('DELETE', '/volumes/%s', None),
                               ('POST', '/volumes/%s/action', {'os-extend': {'new_size': 2}}),
                               ('GET', '/volumes/%s/metadata', None)]:
        status, _, resp = req(cloud, method, path % volume['id'], body)
        assert status == 404 and resp['itemNotFound']['message'] == \
            'Volume %s could not be found.' % volume['id']
    _, _, body = req(cloud, 'GET', '/volumes')
    assert volume['id'] not in [v['id'] for v in body['volumes']]
    _, _, body = req(cloud, 'GET', '/volumes?all_tenants=1', token='admin')
    assert volume['id'] in [v['id'] for v in body['volumes']]
    delete(cloud, volume['id'], token='admin')


def test_failure_injection_leaves_error_and_delete_cleans_up(cloud):
    broken = wait(cloud, create(cloud, metadata={'novalite:fail': 'create'})['id'])
    assert broken['status'] == 'error'
    delete(cloud, broken['id'])
    stuck = available(cloud, metadata={'novalite:fail': 'delete'})
    assert req(cloud, 'DELETE', '/volumes/%s' % stuck['id'])[0] == 202
    assert wait(cloud, stuck['id'], statuses=('error_deleting',))['status'] == \
        'error_deleting'
    assert action(cloud, stuck['id'], {'os-force_delete': {}})[0] == 403
    assert action(cloud, stuck['id'], {'os-reset_status': {'status': 'available'}},
                  token='admin')[0] == 202
    status, _, _ = req(cloud, 'DELETE', '/volumes/%s/metadata/novalite:fail' % stuck['id'])
    assert status == 200
    delete(cloud, stuck['id'])


def _attachment(cloud, volume_id, version='3.71', **extra):
    body = {'attachment': dict({'volume_uuid': volume_id,
                                'instance_uuid': str(uuid.uuid4())}, **extra)}
    return req(cloud, 'POST', '/attachments', body, version=version)


CONNECTOR = {'host': 'compute1', 'initiator': 'iqn.1993-08.org.debian:01:abc',
             'ip': '127.0.0.1', 'platform': 'x86_64', 'os_type': 'linux',
             'multipath': False, 'mountpoint': '/dev/vdb'}


def test_attachments_api_walks_the_states(cloud):
    volume = available(cloud)
    assert _attachment(cloud, volume['id'], version='3.26')[0] == 404
    status, _, body = _attachment(cloud, volume['id'])
    assert status == 200, body
    att = body['attachment']
    assert att['status'] == 'reserved' and att['connection_info'] == {}
    assert att['attach_mode'] == 'null' and att['attached_at'] == ''
    assert wait(cloud, volume['id'], statuses=('reserved',))['status'] == 'reserved'
    # a second server may not reserve a volume that is not multiattach
    status, _, body = _attachment(cloud, volume['id'])
    assert status == 400 and 'status must be available or downloading to reserve' in \
        body['badRequest']['message']
    # deleting the volume now is refused
    status, _, body = req(cloud, 'DELETE', '/volumes/%s' % volume['id'])
    assert status == 400 and 'must not be migrating, attached' in \
        body['badRequest']['message']
    status, _, body = req(cloud, 'PUT', '/attachments/%s' % att['id'],
                          {'attachment': {'connector': CONNECTOR}})
    assert status == 200, body
    info = body['attachment']['connection_info']
    assert info['driver_volume_type'] == 'local' and info['attachment_id'] == att['id']
    assert info['device_path'].endswith('volume-%s' % volume['id'])
    assert body['attachment']['status'] == 'attaching'
    assert wait(cloud, volume['id'], statuses=('attaching',))['attachments'] == []
    status, _, _ = req(cloud, 'POST', '/attachments/%s/action' % att['id'],
                       {'os-complete': None})
    assert status == 204
    shown = wait(cloud, volume['id'], statuses=('in-use',))
    assert shown['attachments'][0]['attachment_id'] == att['id']
    assert shown['attachments'][0]['server_id'] == att['instance']
    assert shown['attachments'][0]['device'] == '/dev/vdb'
    _, _, body = req(cloud, 'GET', '/attachments?volume_id=%s' % volume['id'])
    assert [a['id'] for a in body['attachments']] == [att['id']]
    _, _, body = req(cloud, 'GET', '/attachments/detail?instance_id=%s' % att['instance'])
    assert body['attachments'][0]['attach_mode'] == 'rw'
    status, _, body = req(cloud, 'DELETE', '/attachments/%s' % att['id'])
    assert status == 200 and body == {'attachments': []}
    assert wait(cloud, volume['id'])['status'] == 'available'
    assert req(cloud, 'GET', '/attachments/%s' % att['id'])[0] == 404
    delete(cloud, volume['id'])


def test_attachment_create_with_connector_and_mode(cloud):
    volume = available(cloud)
    status, _, body = _attachment(cloud, volume['id'], connector=CONNECTOR, mode='ro')
    assert status == 200, body
    assert body['attachment']['attach_mode'] == 'ro'
    assert body['attachment']['connection_info']['access_mode'] == 'ro'
    status, _, body = _attachment(cloud, volume['id'], version='3.53', mode='ro')
    assert status == 400
    req(cloud, 'DELETE', '/attachments/%s' % body.get('attachment', {}).get('id', 'x'))
    _, _, listing = req(cloud, 'GET', '/attachments?volume_id=%s' % volume['id'])
    for att in listing['attachments']:
        assert req(cloud, 'DELETE', '/attachments/%s' % att['id'])[0] == 200
    assert wait(cloud, volume['id'])['status'] == 'available'
    delete(cloud, volume['id'])


def test_legacy_attach_actions(cloud):
    volume = available(cloud)
    vid = volume['id']
    assert action(cloud, vid, {'os-reserve': None})[0] == 202
    assert wait(cloud, vid, statuses=('attaching',))['status'] == 'attaching'
    status, _, body = action(cloud, vid, {'os-reserve': None})
    assert status == 400 and 'Volume status must be available to reserve' in \
        body['badRequest']['message']
    status, _, body = action(cloud, vid, {'os-initialize_connection': {
        'connector': CONNECTOR}})
    assert status == 200 and body['connection_info']['driver_volume_type'] == 'local'
    assert body['connection_info']['data']['device_path'].endswith(vid)
    server = str(uuid.uuid4())
    assert action(cloud, vid, {'os-attach': {'instance_uuid': server,
                                             'mountpoint': '/dev/vdc'}})[0] == 202
    shown = wait(cloud, vid, statuses=('in-use',))
    assert shown['attachments'][0]['server_id'] == server
    assert action(cloud, vid, {'os-begin_detaching': None})[0] == 202
    assert wait(cloud, vid, statuses=('detaching',))['status'] == 'detaching'
    assert action(cloud, vid, {'os-roll_detaching': None})[0] == 202
    assert wait(cloud, vid, statuses=('in-use',))['status'] == 'in-use'
    assert action(cloud, vid, {'os-begin_detaching': None})[0] == 202
    assert action(cloud, vid, {'os-terminate_connection': {'connector': CONNECTOR}})[0] == 202
    assert action(cloud, vid, {'os-detach': {}})[0] == 202
    shown = wait(cloud, vid)
    assert shown['status'] == 'available' and shown['attachments'] == []
    assert action(cloud, vid, {'os-unreserve': None})[0] == 202
    status, _, body = action(cloud, vid, {'os-begin_detaching': None})
    assert status == 400 and "attach_status must be 'attached'" in \
        body['badRequest']['message']
    assert action(cloud, vid, {'os-no-such': None})[0] == 400
    delete(cloud, vid)


def test_concurrent_reservations_one_wins(cloud):
    """Eight attachment creates for one volume at once: one reserves it, the others get
    Cinder's 400, nobody a 500, and one attachment exists."""
    import concurrent.futures
    volume = available(cloud)
    token = cloud.token('demo')
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda _: _attachment(cloud, volume['id'])[0], range(8)))
    assert sorted(codes) == [200] + [400] * 7, codes
    _, _, body = req(cloud, 'GET', '/attachments?volume_id=%s' % volume['id'], token=token)
    assert len(body['attachments']) == 1
    assert req(cloud, 'DELETE', '/attachments/%s' % body['attachments'][0]['id'])[0] == 200
    assert wait(cloud, volume['id'])['status'] == 'available'
    delete(cloud, volume['id'])
