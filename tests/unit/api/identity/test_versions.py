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
