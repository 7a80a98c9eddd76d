"""Block Storage v3 (/volume) over HTTP against `novalite serve`: version discovery, the
catalog entries, microversion negotiation, Cinder's fault format."""
import pytest

V3 = '/volume/v3'


def _project(cloud, user='demo'):
    return cloud.token_body(user)['project']['id']


def _req(cloud, method, path, version=None, **kwargs):
    headers = dict(kwargs.pop('headers', None) or {})
    if version:
        headers['OpenStack-API-Version'] = 'volume %s' % version
    return cloud.request(method, path, headers=headers, **kwargs)


def test_versions_document_is_public(cloud):
    status, headers, body = cloud.request('GET', '/volume/', token=None)
    assert status == 300, body
    [version] = body['versions']
    assert version['id'] == 'v3.0' and version['status'] == 'CURRENT'
    assert (version['min_version'], version['version']) == ('3.0', '3.71')
    assert {'rel': 'self', 'href': cloud.url + '/volume/v3/'} in version['links']
    assert version['media-types'][0]['type'] == \
        'application/vnd.openstack.volume+json;version=3'
    assert cloud.request('GET', '/volume', token=None)[0] == 300


def test_v3_root_needs_a_token_and_lists_the_versions(cloud):
    assert cloud.request('GET', V3 + '/', token=None)[0] == 401
    status, headers, body = cloud.request('GET', V3 + '/')
    assert status == 200 and body['versions'][0]['version'] == '3.71'


def test_catalog_has_block_storage_and_volumev3_with_the_project_id(cloud):
    token = cloud.token_body('demo')
    project = token['project']['id']
    by_type = {s['type']: s for s in token['catalog']}
    assert by_type['block-storage']['name'] == 'cinder'
    assert by_type['volumev3']['name'] == 'cinderv3'
    for kind in ('block-storage', 'volumev3'):
        urls = {ep['interface']: ep['url'] for ep in by_type[kind]['endpoints']}
        assert urls['public'] == '%s/volume/v3/%s' % (cloud.url, project)
        assert set(urls) == {'public', 'internal', 'admin'}
    # the endpoints API shows the template, as Keystone does
    status, _, body = cloud.request('GET', '/identity/v3/endpoints?service_id=%s'
                                    % by_type['volumev3']['id'], token='admin')
    assert status == 200
    assert {ep['url'] for ep in body['endpoints']} == {
        cloud.url + '/volume/v3/$(project_id)s'}


def test_unscoped_token_catalog_leaves_project_urls_out(cloud):
    body = {'auth': {'identity': {'methods': ['password'], 'password': {'user': {
        'name': 'demo', 'domain': {'name': 'Default'}, 'password': 'secret'}}}}}
    status, headers, resp = cloud.request('POST', '/identity/v3/auth/tokens', body=body,
                                          token=None)
    assert status == 201
    for service in resp['token'].get('catalog') or []:
        for ep in service['endpoints']:
            assert '$(' not in ep['url']


@pytest.mark.parametrize('version,expected', [(None, '3.0'), ('3.27', '3.27'),
                                              ('latest', '3.71')])
def test_microversion_negotiation(cloud, version, expected):
    status, headers, _ = _req(cloud, 'GET', '%s/%s' % (V3, _project(cloud)), version=version)
    assert status == 200
    assert headers['OpenStack-API-Version'] == 'volume %s' % expected
    assert headers['Vary'] == 'OpenStack-API-Version'


def test_microversion_out_of_range_and_malformed(cloud):
    status, _, body = _req(cloud, 'GET', V3 + '/', version='3.72')
    assert status == 406
    assert body == {'computeFault': {
        'code': 406, 'message': 'Version 3.72 is not supported by the API. Minimum is 3.0 '
                                'and maximum is 3.71.'}}
    status, _, body = _req(cloud, 'GET', V3 + '/', version='3.a')
    assert status == 400 and body['badRequest']['code'] == 400
    status, _, body = _req(cloud, 'GET', V3 + '/',
                           headers={'OpenStack-API-Version': 'compute 2.1'})
    assert status == 400 and 'badRequest' in body


def test_faults_in_cinder_format(cloud):
    project = _project(cloud)
    status, headers, body = _req(cloud, 'GET', '%s/%s/no-such-thing' % (V3, project))
    assert status == 404
    assert body == {'itemNotFound': {'code': 404,
                                     'message': 'The resource could not be found.'}}
    # another project's id in the URL
    other = _project(cloud, 'admin')
    status, _, body = _req(cloud, 'GET', '%s/%s' % (V3, other))
    assert status == 400 and body['badRequest']['code'] == 400


@pytest.mark.parametrize('method', ['GET', 'PUT', 'DELETE'])
def test_volumes_with_an_empty_id_is_404_as_cinder(cloud, method):
    # Tempest's *_without_passing_volume_id: Cinder's routes match paths literally
    body = {'volume': {'name': 'x'}} if method == 'PUT' else None
    status, _, resp = _req(cloud, method, '%s/%s/volumes/' % (V3, _project(cloud)), body=body)
    assert status == 404, resp
    assert resp['itemNotFound']['code'] == 404
    assert _req(cloud, 'GET', '%s/%s/volumes' % (V3, _project(cloud)))[0] == 200
    assert _req(cloud, 'GET', V3 + '/volumes/')[0] == 404


def test_version_documents_answer_with_a_trailing_slash(cloud):
    assert cloud.request('GET', '/volume/', token=None)[0] == 300
    assert cloud.request('GET', V3 + '/')[0] == 200
    assert cloud.request('GET', V3)[0] == 200
