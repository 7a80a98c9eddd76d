"""/v3/projects."""
import pytest


def _create(identity, token, **project):
    return identity.request('POST', '/v3/projects', token=token, body={'project': project})


def test_create_and_show(identity, admin_token):
    status, _, body = _create(identity, admin_token, name='  p1 ', description='hello',
                              tags=['x'], color='blue')
    assert status == 201
    project = body['project']
    assert project['name'] == 'p1'
    assert project['domain_id'] == 'default' and project['parent_id'] == 'default'
    assert project['is_domain'] is False and project['enabled'] is True
    assert project['tags'] == ['x'] and project['options'] == {}
    assert project['color'] == 'blue'
    assert project['links']['self'] == ('http://localhost/identity/v3/projects/%s'
                                        % project['id'])
    status, _, body = identity.request('GET', '/v3/projects/%s' % project['id'],
                                       token=admin_token)
    assert status == 200 and body['project'] == project


def test_list_filters(identity, admin_token, cloud):
    _create(identity, admin_token, name='off', enabled=False)
    _, _, body = identity.request('GET', '/v3/projects', token=admin_token)
    assert {p['name'] for p in body['projects']} == {'admin', 'demo', 'service', 'off'}
    assert all(not p['is_domain'] for p in body['projects'])
    _, _, body = identity.request('GET', '/v3/projects?name=demo', token=admin_token)
    assert [p['id'] for p in body['projects']] == [cloud['demo_project_id']]
    _, _, body = identity.request('GET', '/v3/projects?enabled=false', token=admin_token)
    assert [p['name'] for p in body['projects']] == ['off']
    _, _, body = identity.request('GET', '/v3/projects?domain_id=nope', token=admin_token)
    assert body['projects'] == []
    _, _, body = identity.request('GET', '/v3/projects?is_domain=true', token=admin_token)
    assert [p['id'] for p in body['projects']] == ['default']
    _, _, body = identity.request('GET', '/v3/projects?parent_id=default&name=admin',
                                  token=admin_token)
    assert [p['name'] for p in body['projects']] == ['admin']


def test_tag_filters(identity, admin_token):
    _create(identity, admin_token, name='a', tags=['red', 'big'])
    _create(identity, admin_token, name='b', tags=['red'])
    _, _, body = identity.request('GET', '/v3/projects?tags=red,big', token=admin_token)
    assert [p['name'] for p in body['projects']] == ['a']
    _, _, body = identity.request('GET', '/v3/projects?tags-any=big,red', token=admin_token)
    assert {p['name'] for p in body['projects']} == {'a', 'b'}
    _, _, body = identity.request('GET', '/v3/projects?not-tags-any=big', token=admin_token)
    assert 'a' not in {p['name'] for p in body['projects']}


def test_hierarchy(identity, admin_token):
    _, _, body = _create(identity, admin_token, name='parent')
    parent_id = body['project']['id']
    status, _, body = _create(identity, admin_token, name='child', parent_id=parent_id)
    assert status == 201
    child = body['project']
    assert child['parent_id'] == parent_id and child['domain_id'] == 'default'
    _, _, body = identity.request('GET', '/v3/projects?parent_id=%s' % parent_id,
                                  token=admin_token)
    assert [p['id'] for p in body['projects']] == [child['id']]
    # a parent with children can be neither deleted nor disabled
    status, _, body = identity.request('DELETE', '/v3/projects/%s' % parent_id,
                                       token=admin_token)
    assert status == 403 and 'not a leaf' in body['error']['message']
    status, _, _ = identity.request('PATCH', '/v3/projects/%s' % parent_id, token=admin_token,
                                    body={'project': {'enabled': False}})
    assert status == 403
    status, _, body = identity.request('PATCH', '/v3/projects/%s' % child['id'],
                                       token=admin_token,
                                       body={'project': {'parent_id': 'default'}})
    assert status == 403
    assert body['error']['message'] == 'Update of `parent_id` is not allowed.'
    assert _create(identity, admin_token, name='orphan', parent_id='nope')[0] == 404


def test_duplicate_name_in_domain_is_409(identity, admin_token):
    status, _, body = _create(identity, admin_token, name='demo')
    assert status == 409
    assert body['error']['message'].startswith(
        'Conflict occurred attempting to store project - ')
    assert 'name is demo' in body['error']['message']
    _, _, other = identity.request('POST', '/v3/domains', token=admin_token,
                                   body={'domain': {'name': 'other'}})
    status, _, _ = _create(identity, admin_token, name='demo',
                           domain_id=other['domain']['id'])
    assert status == 201


def test_rename_to_taken_name_is_409(identity, admin_token, cloud):
    status, _, _ = identity.request('PATCH', '/v3/projects/%s' % cloud['demo_project_id'],
                                    token=admin_token, body={'project': {'name': 'admin'}})
    assert status == 409


@pytest.mark.parametrize('body', [
    None, {'project': []}, {'project': {}}, {'project': {'name': ''}},
    {'project': {'name': 'x', 'enabled': 'true'}}, {'project': {'name': 'x', 'tags': 'a'}},
    {'project': {'name': 'x' * 65}},
])
def test_create_bad_bodies_are_400(identity, admin_token, body):
    status, _, resp = identity.request('POST', '/v3/projects', token=admin_token, body=body)
    assert status == 400, resp
    assert resp['error']['title'] == 'Bad Request'


def test_create_in_unknown_domain_is_404(identity, admin_token):
    status, _, body = _create(identity, admin_token, name='x', domain_id='nope')
    assert status == 404
    assert body['error']['message'] == 'Could not find domain: nope.'


def test_update(identity, admin_token, cloud):
    path = '/v3/projects/%s' % cloud['demo_project_id']
    status, _, body = identity.request('PATCH', path, token=admin_token, body={
        'project': {'description': 'changed', 'tags': ['t'], 'extra_field': 1}})
    assert status == 200
    project = body['project']
    assert project['description'] == 'changed' and project['tags'] == ['t']
    assert project['extra_field'] == 1 and project['name'] == 'demo'
    for patch, code in (({}, 400), ({'domain_id': 'other'}, 400), ({'is_domain': True}, 400),
                        ({'id': 'other'}, 400), ({'enabled': 'no'}, 400)):
        status, _, _ = identity.request('PATCH', path, token=admin_token,
                                        body={'project': patch})
        assert status == code, patch
    assert identity.request('PATCH', '/v3/projects/nope', token=admin_token,
                            body={'project': {'name': 'x'}})[0] == 404


def test_delete_removes_role_assignments(identity, admin_token, cloud):
    _, _, body = _create(identity, admin_token, name='temp')
    project_id = body['project']['id']
    grant = '/v3/projects/%s/users/%s/roles/%s' % (project_id, cloud['demo_user_id'],
                                                   cloud['member_role_id'])
    assert identity.request('PUT', grant, token=admin_token)[0] == 204
    assert identity.request('DELETE', '/v3/projects/%s' % project_id,
                            token=admin_token)[0] == 204
    assert identity.request('GET', '/v3/projects/%s' % project_id,
                            token=admin_token)[0] == 404
    _, _, body = identity.request('GET', '/v3/role_assignments?user.id=%s'
                                  % cloud['demo_user_id'], token=admin_token)
    assert {a['scope']['project']['id'] for a in body['role_assignments']} == {
        cloud['demo_project_id']}
    assert identity.request('DELETE', '/v3/projects/%s' % project_id,
                            token=admin_token)[0] == 404


def test_deleted_project_invalidates_its_tokens(identity, admin_token, login, cloud):
    _, _, body = _create(identity, admin_token, name='short')
    project_id = body['project']['id']
    identity.request('PUT', '/v3/projects/%s/users/%s/roles/%s' % (
        project_id, cloud['demo_user_id'], cloud['member_role_id']), token=admin_token)
    token = login('demo', project={'id': project_id})
    assert identity.request('GET', '/v3/auth/catalog', token=token)[0] == 200
    identity.request('DELETE', '/v3/projects/%s' % project_id, token=admin_token)
    assert identity.request('GET', '/v3/auth/catalog', token=token)[0] == 401


def test_members_see_only_their_project(identity, demo_token, cloud):
    assert identity.request('GET', '/v3/projects', token=demo_token)[0] == 403
    status, _, body = identity.request('GET', '/v3/projects/%s' % cloud['demo_project_id'],
                                       token=demo_token)
    assert status == 200 and body['project']['name'] == 'demo'
    status, _, body = identity.request('GET', '/v3/projects/%s' % cloud['admin_project_id'],
                                       token=demo_token)
    assert status == 403
    assert body['error']['message'] == ('You are not authorized to perform the requested '
                                        'action: identity:get_project.')


def test_readers_cannot_write(identity, reader_token, cloud):
    assert _create(identity, reader_token, name='x')[0] == 403
    path = '/v3/projects/%s' % cloud['demo_project_id']
    assert identity.request('PATCH', path, token=reader_token,
                            body={'project': {'name': 'x'}})[0] == 403
    assert identity.request('DELETE', path, token=reader_token)[0] == 403
    assert identity.request('GET', path, token=reader_token)[0] == 200


def test_system_reader_lists_projects(identity, admin_token, cloud, login):
    _, _, body = identity.request('POST', '/v3/users', token=admin_token, body={
        'user': {'name': 'auditor', 'password': 'secret'}})
    status, _, _ = identity.request('PUT', '/v3/system/users/%s/roles/%s' % (
        body['user']['id'], cloud['reader_role_id']), token=admin_token)
    assert status == 204
    token = login('auditor', system=True)
    status, _, body = identity.request('GET', '/v3/projects', token=token)
    assert status == 200 and len(body['projects']) == 3
    assert _create(identity, token, name='nope')[0] == 403


def test_disabling_a_project_invalidates_its_tokens(identity, admin_token, demo_token, cloud):
    assert identity.request('GET', '/v3/auth/catalog', token=demo_token)[0] == 200
    status, _, body = identity.request('PATCH', '/v3/projects/%s' % cloud['demo_project_id'],
                                       token=admin_token, body={'project': {'enabled': False}})
    assert status == 200 and body['project']['enabled'] is False
    assert identity.request('GET', '/v3/auth/catalog', token=demo_token)[0] == 401
