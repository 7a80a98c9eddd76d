"""Identity version discovery."""

V3_MEDIA = [{'base': 'application/json', 'type': 'application/vnd.openstack.identity-v3+json'}]


def test_root_lists_v3_with_multiple_choices(identity):
    status, headers, body = identity.request('GET', '/')
    assert status == 300
    assert headers['Content-Type'] == 'application/json'
    assert body == {'versions': {'values': [{
        'id': 'v3.14', 'status': 'stable', 'updated': '2020-04-07T00:00:00Z',
        'links': [{'rel': 'self', 'href': 'http://localhost/identity/v3/'}],
        'media-types': V3_MEDIA}]}}


def test_v3_document(identity):
    status, _, body = identity.request('GET', '/v3')
    assert status == 200
    assert body['version']['id'] == 'v3.14'
    assert body['version']['links'] == [{'rel': 'self',
                                         'href': 'http://localhost/identity/v3/'}]
    assert body['version']['media-types'] == V3_MEDIA


def test_v3_with_trailing_slash(identity):
    status, _, body = identity.request('GET', '/v3/')
    assert status == 200 and body['version']['status'] == 'stable'


def test_v2_document_is_deprecated(identity):
    status, _, body = identity.request('GET', '/v2.0')
    assert status == 200
    assert body['version']['id'] == 'v2.0'
    assert body['version']['status'] == 'deprecated'
    assert body['version']['links'][0]['href'] == 'http://localhost/identity/v2.0/'


def test_hrefs_follow_the_request_host(identity):
    status, _, body = identity.request('GET', '/v3', headers={'Host': 'api.example:9999'})
    assert body['version']['links'][0]['href'] == 'http://api.example:9999/identity/v3/'


def test_unknown_path_is_keystone_404(identity):
    status, _, body = identity.request('GET', '/v3/nothing-here')
    assert status == 404
    assert body['error']['code'] == 404 and body['error']['title'] == 'Not Found'


def test_wrong_method_is_405(identity):
    status, headers, body = identity.request('PUT', '/v3/auth/tokens')
    assert status == 405
    assert 'POST' in headers['Allow']


def test_root_points_at_v3(identity):
    _, headers, _ = identity.request('GET', '/')
    assert headers['Location'] == 'http://localhost/identity/v3/'


def test_json_home_lists_the_routed_resources(identity):
    rel = 'https://docs.openstack.org/api/openstack-identity/3/rel/'
    param = 'https://docs.openstack.org/api/openstack-identity/3/param/'
    status, headers, body = identity.request('GET', '/v3',
                                             headers={'Accept': 'application/json-home'})
    assert status == 200 and headers['Content-Type'] == 'application/json-home'
    resources = body['resources']
    assert resources[rel + 'groups'] == {'href': '/groups'}
    assert resources[rel + 'group_user'] == {
        'href-template': '/groups/{group_id}/users/{user_id}',
        'href-vars': {'group_id': param + 'group_id', 'user_id': param + 'user_id'}}
    assert resources[rel + 'project_group_role']['href-template'] == \
        '/projects/{project_id}/groups/{group_id}/roles/{role_id}'
    assert resources[rel + 'user_groups']['href-template'] == '/users/{user_id}/groups'
    assert resources[rel + 'auth_tokens'] == {'href': '/auth/tokens'}
    assert resources[rel + 'user_change_password']['href-template'] == \
        '/users/{user_id}/password'
    assert resources[rel + 'region']['href-vars'] == {'region_id': param + 'region_id'}
    assert rel + 'system_group_roles' in resources
    status, _, body = identity.request('GET', '/', headers={'Accept': 'application/json-home'})
    assert status == 200
    assert body['resources'][rel + 'groups'] == {'href': '/v3/groups'}
    # plain JSON wins when both are acceptable, as in Keystone
    status, _, body = identity.request(
        'GET', '/v3', headers={'Accept': 'application/json, application/json-home'})
    assert body['version']['id'] == 'v3.14'
