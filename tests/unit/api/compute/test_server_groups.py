"""os-server-groups in-process: create, list, show, delete, per microversion, with quotas."""
import uuid

import pytest

from novalite import quota


def _create(api, name='g', policy='affinity', token=None, version='2.47'):
    return api('POST', '/os-server-groups',
               {'server_group': {'name': name, 'policies': [policy]}}, token=token,
               version=version)


def test_create_show_list_delete(api, demo):
    status, _, body = _create(api)
    assert status == 200, body
    group = body['server_group']
    assert group['name'] == 'g' and group['policies'] == ['affinity']
    assert group['members'] == [] and group['metadata'] == {}
    assert (group['project_id'], group['user_id']) == (demo[2], demo[1])
    uuid.UUID(group['id'])
    status, _, shown = api('GET', '/os-server-groups/%s' % group['id'])
    assert status == 200 and shown['server_group'] == group
    status, _, listed = api('GET', '/os-server-groups')
    assert status == 200 and listed['server_groups'] == [group]
    status, _, body = api('DELETE', '/os-server-groups/%s' % group['id'])
    assert status == 204 and body is None
    status, _, body = api('GET', '/os-server-groups/%s' % group['id'])
    assert status == 404
    assert body['itemNotFound']['message'] == (
        'Instance group %s could not be found.' % group['id'])


def test_ids_in_view_from_2_13(api):
    _, _, body = _create(api, version='2.12')
    assert 'project_id' not in body['server_group'] and 'user_id' not in body['server_group']
    _, _, shown = api('GET', '/os-server-groups/%s' % body['server_group']['id'],
                      version='2.13')
    assert 'project_id' in shown['server_group'] and 'user_id' in shown['server_group']


@pytest.mark.parametrize('policy', ['soft-affinity', 'soft-anti-affinity'])
def test_soft_policies_from_2_15(api, policy):
    status, _, body = _create(api, policy=policy, version='2.14')
    assert status == 400 and 'badRequest' in body
    status, _, body = _create(api, policy=policy, version='2.15')
    assert status == 200 and body['server_group']['policies'] == [policy]


@pytest.mark.parametrize('group', [
    {'name': 'g'},
    {'policies': ['affinity']},
    {'name': 'g', 'policies': []},
    {'name': 'g', 'policies': ['affinity', 'anti-affinity']},
    {'name': 'g', 'policies': ['bogus']},
    {'name': 'g', 'policies': 'affinity'},
    {'name': '', 'policies': ['affinity']},
    {'name': ' g ', 'policies': ['affinity']},
    {'name': 'x' * 256, 'policies': ['affinity']},
    {'name': 'g', 'policies': ['affinity'], 'extra': 1},
])
def test_bad_bodies_are_400(api, group):
    status, _, body = api('POST', '/os-server-groups', {'server_group': group})
    assert status == 400, body
    assert body['badRequest']['code'] == 400 and body['badRequest']['message']


def test_no_body_is_400(api):
    status, _, body = api('POST', '/os-server-groups', {'group': {}})
    assert status == 400 and 'badRequest' in body


def test_other_projects_groups(api, alt, admin):
    _, _, body = _create(api)
    gid = body['server_group']['id']
    status, _, body = api('GET', '/os-server-groups/%s' % gid, token=alt[0])
    assert status == 403 and 'forbidden' in body
    status, _, body = api('DELETE', '/os-server-groups/%s' % gid, token=alt[0])
    assert status == 403
    _, _, listed = api('GET', '/os-server-groups?all_projects=True', token=alt[0])
    assert listed['server_groups'] == []
    status, _, shown = api('GET', '/os-server-groups/%s' % gid, token=admin[0])
    assert status == 200
    _, _, own = api('GET', '/os-server-groups', token=admin[0])
    assert gid not in [g['id'] for g in own['server_groups']]
    _, _, everything = api('GET', '/os-server-groups?all_projects=1', token=admin[0])
    assert gid in [g['id'] for g in everything['server_groups']]
    status, _, _ = api('DELETE', '/os-server-groups/%s' % gid, token=admin[0])
    assert status == 204


def test_limit_and_offset(api):
    ids = [_create(api, name='g%d' % i)[2]['server_group']['id'] for i in range(4)]
    _, _, body = api('GET', '/os-server-groups?limit=2&offset=1')
    assert [g['id'] for g in body['server_groups']] == ids[1:3]
    _, _, body = api('GET', '/os-server-groups?offset=3')
    assert [g['id'] for g in body['server_groups']] == ids[3:]
    for query in ('limit=x', 'limit=-1', 'offset=x', 'offset=-1'):
        status, _, body = api('GET', '/os-server-groups?' + query)
        assert status == 400 and 'badRequest' in body, query


def test_missing_group_is_404(api):
    for method in ('GET', 'DELETE'):
        status, _, body = api(method, '/os-server-groups/%s' % uuid.uuid4())
        assert status == 404 and 'itemNotFound' in body


def test_unknown_method_is_405(api):
    status, headers, _ = api('PUT', '/os-server-groups', {})
    assert status == 405


def test_quota_server_groups_is_403(api, demo):
    quota.update_quotas(demo[2], {'server_groups': 1})
    assert _create(api)[0] == 200
    status, _, body = _create(api, name='second')
    assert status == 403
    assert body['forbidden']['message'] == 'Quota exceeded, too many server groups.'
    usages = quota.get_usages(demo[2])
    assert usages['server_groups'] == 1 and usages['server_group_members'] == 0


def test_quota_detail_shows_server_groups_in_use(api, demo, admin):
    _create(api)
    status, _, body = api('GET', '/os-quota-sets/%s/detail' % demo[2], token=admin[0])
    assert status == 200, body
    assert body['quota_set']['server_groups']['in_use'] == 1


def test_reader_cannot_create(api, make_token):
    reader = make_token('demo', 'reader')
    status, _, body = _create(api, token=reader[0])
    assert status == 403 and 'forbidden' in body


def test_legacy_v2(compute, demo):
    status, _, body = compute.request(
        'POST', '/v2/%s/os-server-groups' % demo[2],
        body={'server_group': {'name': ' legacy ', 'policies': ['anti-affinity']}},
        token=demo[0])
    assert status == 200, body
    assert body['server_group']['name'] == 'legacy'
    assert 'project_id' not in body['server_group']
