"""Server groups over HTTP against `novalite serve` (two fake compute hosts): affinity packs,
anti-affinity spreads and then finds no host, host hints, the group quota, and the openstack
client. The cloud is shared: every test deletes its servers and groups."""
import json

import pytest

from .test_clients import _bin
from .test_resources import _delete, _image_id, _network_id, _osc

C = '/compute/v2.1'


@pytest.fixture
def cleanup(cloud):
    made = {'servers': [], 'groups': []}
    yield made
    for server_id in made['servers']:
        cloud.wait_server(server_id)
        _delete(cloud, server_id)
    for group_id in made['groups']:
        status, _, body = cloud.request('DELETE', C + '/os-server-groups/%s' % group_id)
        assert status in (204, 404), body


def _group(cloud, cleanup, policy, name='fsg', version='2.47'):
    status, _, body = cloud.request('POST', C + '/os-server-groups', version=version,
                                    body={'server_group': {'name': name,
                                                           'policies': [policy]}})
    assert status == 200, body
    cleanup['groups'].append(body['server_group']['id'])
    return body['server_group']


def _post(cloud, name, hints=None, **extra):
    server = {'name': name, 'imageRef': _image_id(cloud), 'flavorRef': '42',
              'networks': [{'uuid': _network_id(cloud)}]}
    server.update(extra)
    body = {'server': server}
    if hints is not None:
        body['os:scheduler_hints'] = hints
    return cloud.request('POST', C + '/servers', body=body, version='2.47')


def _boot(cloud, cleanup, name, hints=None, **extra):
    """Boot and wait; the ids of the servers made (all of a multi-create)."""
    status, _, body = _post(cloud, name, hints, **extra)
    assert status == 202, body
    if 'reservation_id' in body:
        _, _, listed = cloud.request('GET', C + '/servers?reservation_id=%s'
                                     % body['reservation_id'])
        ids = [s['id'] for s in listed['servers']]
    else:
        ids = [body['server']['id']]
    cleanup['servers'].extend(ids)
    return [cloud.wait_server(i)[0] for i in ids]


def _host(cloud, server_id):
    status, _, body = cloud.request('GET', C + '/servers/%s' % server_id, token='admin')
    assert status == 200, body
    return body['server']['OS-EXT-SRV-ATTR:host']


def _members(cloud, group_id):
    return cloud.request('GET', C + '/os-server-groups/%s' % group_id)[2]['server_group'][
        'members']


def test_affinity_co_locates(cloud, cleanup):
    group = _group(cloud, cleanup, 'affinity')
    first, = _boot(cloud, cleanup, 'fsg-aff-1', {'group': group['id']})
    second, = _boot(cloud, cleanup, 'fsg-aff-2', {'group': group['id']})
    assert first['status'] == second['status'] == 'ACTIVE'
    assert _host(cloud, first['id']) == _host(cloud, second['id'])
    assert sorted(_members(cloud, group['id'])) == sorted([first['id'], second['id']])


def test_anti_affinity_spreads_then_no_valid_host(cloud, cleanup):
    group = _group(cloud, cleanup, 'anti-affinity')
    servers = _boot(cloud, cleanup, 'fsg-anti', {'group': group['id']}, min_count=2,
                    max_count=2, return_reservation_id=True)
    assert [s['status'] for s in servers] == ['ACTIVE', 'ACTIVE']
    assert len({_host(cloud, s['id']) for s in servers}) == 2
    third, = _boot(cloud, cleanup, 'fsg-anti-3', {'group': group['id']})
    assert third['status'] == 'ERROR'
    assert 'No valid host was found' in third['fault']['message']


def test_same_host_and_different_host_hints(cloud, cleanup):
    anchor, = _boot(cloud, cleanup, 'fsg-anchor')
    near, = _boot(cloud, cleanup, 'fsg-near', {'same_host': [anchor['id']]})
    far, = _boot(cloud, cleanup, 'fsg-far', {'different_host': anchor['id']})
    assert near['status'] == far['status'] == 'ACTIVE'
    assert _host(cloud, near['id']) == _host(cloud, anchor['id'])
    assert _host(cloud, far['id']) != _host(cloud, anchor['id'])


def test_boot_into_a_bad_group_is_400(cloud, cleanup):
    missing = '00000000-0000-0000-0000-000000000000'
    status, _, body = _post(cloud, 'fsg-bad', {'group': missing})
    assert status == 400
    assert body['badRequest']['message'] == (
        'Instance group %s could not be found.' % missing)
    status, _, body = _post(cloud, 'fsg-bad', {'group': 'not-a-uuid'})
    assert status == 400 and 'badRequest' in body
    # another project's group is not found either
    status, _, body = cloud.request('POST', C + '/os-server-groups', token='admin',
                                    body={'server_group': {'name': 'fsg-admin',
                                                           'policies': ['affinity']}})
    assert status == 200, body
    other = body['server_group']['id']
    try:
        status, _, body = _post(cloud, 'fsg-bad', {'group': other})
        assert status == 400 and other in body['badRequest']['message']
    finally:
        assert cloud.request('DELETE', C + '/os-server-groups/%s' % other,
                             token='admin')[0] == 204


def test_group_quotas(cloud, cleanup):
    project = cloud.token_body('demo')['project']['id']
    used = len(cloud.request('GET', C + '/os-server-groups')[2]['server_groups'])
    status, _, body = cloud.request('PUT', C + '/os-quota-sets/%s' % project, token='admin',
                                    body={'quota_set': {'server_groups': used + 1,
                                                        'server_group_members': 1}})
    assert status == 200, body
    try:
        group = _group(cloud, cleanup, 'soft-anti-affinity')
        status, _, body = cloud.request('POST', C + '/os-server-groups', body={
            'server_group': {'name': 'fsg-over', 'policies': ['affinity']}})
        assert status == 403
        assert body['forbidden']['message'] == 'Quota exceeded, too many server groups.'
        _, _, detail = cloud.request('GET', C + '/os-quota-sets/%s/detail' % project)
        assert detail['quota_set']['server_groups']['in_use'] == used + 1
        before = len(cloud.request('GET', C + '/servers')[2]['servers'])
        status, _, body = _post(cloud, 'fsg-q', {'group': group['id']}, min_count=2)
        assert status == 403
        assert body['forbidden']['message'] == 'Quota exceeded, too many servers in group'
        assert len(cloud.request('GET', C + '/servers')[2]['servers']) == before
        member, = _boot(cloud, cleanup, 'fsg-q', {'group': group['id']})
        assert member['status'] == 'ACTIVE'
        status, _, body = _post(cloud, 'fsg-q2', {'group': group['id']})
        assert status == 403, body
    finally:
        assert cloud.request('DELETE', C + '/os-quota-sets/%s' % project,
                             token='admin')[0] == 202


@pytest.mark.skipif(_bin('openstack') is None, reason='python-openstackclient not installed')
def test_openstackclient_server_groups(cloud):
    created = json.loads(_osc(cloud, 'server', 'group', 'create', '--policy',
                              'anti-affinity', 'fsg-osc', '-f', 'json'))
    try:
        assert created['name'] == 'fsg-osc'
        listed = json.loads(_osc(cloud, 'server', 'group', 'list', '-f', 'json'))
        assert 'fsg-osc' in [g['Name'] for g in listed]
        shown = json.loads(_osc(cloud, 'server', 'group', 'show', 'fsg-osc', '-f', 'json'))
        assert shown['id'] == created['id']
    finally:
        _osc(cloud, 'server', 'group', 'delete', created['id'])
    listed = json.loads(_osc(cloud, 'server', 'group', 'list', '-f', 'json'))
    assert 'fsg-osc' not in [g['Name'] for g in listed]
