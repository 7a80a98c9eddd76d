"""Server sub-resources against `novalite serve`: metadata, tags (2.26) and ips, over HTTP and
through the openstack client."""
import json

import pytest

from tests.functional.test_boot_flow import _boot
from tests.functional.test_clients import _bin, run, run_json

SERVERS = '/compute/v2.1/servers'


def _active(cloud, name, **metadata):
    _, body = _boot(cloud, name, metadata=metadata)
    server, _ = cloud.wait_server(body['server']['id'])
    assert server['status'] == 'ACTIVE', server
    return server['id']


def _req(cloud, method, sid, sub, body=None, token='demo', version=None, expect=200):
    status, headers, resp = cloud.request(method, '%s/%s/%s' % (SERVERS, sid, sub), body=body,
                                          token=token, version=version)
    assert status == expect, (method, sub, resp)
    return resp if status != 201 else headers


def _delete(cloud, sid):
    cloud.request('DELETE', '%s/%s' % (SERVERS, sid), token='admin')


def test_metadata_crud_and_server_view(cloud):
    sid = _active(cloud, 'sub-meta', role='web')
    assert _req(cloud, 'GET', sid, 'metadata') == {'metadata': {'role': 'web'}}
    assert _req(cloud, 'POST', sid, 'metadata', {'metadata': {'tier': '1'}}) == {
        'metadata': {'role': 'web', 'tier': '1'}}
    assert _req(cloud, 'PUT', sid, 'metadata/env', {'meta': {'env': 'prod'}}) == {
        'meta': {'env': 'prod'}}
    assert _req(cloud, 'GET', sid, 'metadata/env') == {'meta': {'env': 'prod'}}
    server = cloud.request('GET', '%s/%s' % (SERVERS, sid))[2]['server']
    assert server['metadata'] == {'role': 'web', 'tier': '1', 'env': 'prod'}
    assert _req(cloud, 'DELETE', sid, 'metadata/tier', expect=204) is None
    assert _req(cloud, 'PUT', sid, 'metadata', {'metadata': {'only': 'this'}}) == {
        'metadata': {'only': 'this'}}
    resp = _req(cloud, 'GET', sid, 'metadata/tier', expect=404)
    assert resp['itemNotFound']['message'] == 'Metadata item was not found'
    _delete(cloud, sid)


def test_metadata_errors(cloud):
    sid = _active(cloud, 'sub-meta-err')
    resp = _req(cloud, 'PUT', sid, 'metadata/a', {'meta': {'b': '1'}}, expect=400)
    assert resp['badRequest']['message'] == 'Request body and URI mismatch'
    resp = _req(cloud, 'PUT', sid, 'metadata/a', {'meta': {'a': '1', 'b': '2'}}, expect=400)
    assert 'has too many properties' in resp['badRequest']['message']
    resp = _req(cloud, 'POST', sid, 'metadata', {'metadata': {'a': 'v' * 256}}, expect=400)
    assert 'is too long' in resp['badRequest']['message']
    resp = _req(cloud, 'POST', sid, 'metadata', {'metadata': {'k' * 256: 'v'}}, expect=400)
    assert 'badRequest' in resp
    status, _, resp = cloud.request('POST', '%s/%s/metadata' % (SERVERS, sid), raw=b'{nope',
                                    headers={'Content-Type': 'application/json'})
    assert status == 400 and 'badRequest' in resp
    items = {'k%d' % i: 'v' for i in range(129)}
    resp = _req(cloud, 'PUT', sid, 'metadata', {'metadata': items}, expect=403)
    assert resp['forbidden']['message'] == 'Maximum number of metadata items exceeds 128'
    _req(cloud, 'GET', sid, 'metadata/none', expect=404)
    _req(cloud, 'GET', '00000000-0000-0000-0000-000000000000', 'metadata', expect=404)
    # locked: 409 for the owner, admins still change it
    status, _, _ = cloud.request('POST', '%s/%s/action' % (SERVERS, sid),
                                 body={'lock': None}, token='admin')
    assert status == 202
    resp = _req(cloud, 'POST', sid, 'metadata', {'metadata': {'a': '1'}}, expect=409)
    assert resp['conflictingRequest']['message'] == 'Instance %s is locked' % sid
    _req(cloud, 'POST', sid, 'metadata', {'metadata': {'a': '1'}}, token='admin')
    _delete(cloud, sid)


def test_metadata_409_while_building(cloud):
    _, body = _boot(cloud, 'sub-meta-build', metadata={'novalite:delay_spawn': '2'})
    sid = body['server']['id']
    resp = _req(cloud, 'POST', sid, 'metadata', {'metadata': {'a': '1'}}, expect=409)
    assert resp['conflictingRequest']['message'] == (
        "Cannot 'update metadata' instance %s while it is in vm_state building" % sid)
    resp = _req(cloud, 'DELETE', sid, 'metadata/novalite:delay_spawn', expect=409)
    assert "Cannot 'delete metadata'" in resp['conflictingRequest']['message']
    server, _ = cloud.wait_server(sid)
    assert server['status'] == 'ACTIVE'
    _req(cloud, 'POST', sid, 'metadata', {'metadata': {'a': '1'}})
    _delete(cloud, sid)


def test_tags_crud_filters_and_microversion(cloud):
    sid = _active(cloud, 'sub-tags')
    other = _active(cloud, 'sub-tags-2')
    v = '2.26'
    _req(cloud, 'GET', sid, 'tags', version='2.25', expect=404)
    _req(cloud, 'GET', sid, 'tags', expect=404)  # no microversion: 2.1
    assert _req(cloud, 'GET', sid, 'tags', version=v) == {'tags': []}
    headers = _req(cloud, 'PUT', sid, 'tags/blue', version=v, expect=201)
    assert headers['Location'].endswith('/servers/%s/tags/blue' % sid)
    _req(cloud, 'PUT', sid, 'tags/blue', version=v, expect=204)
    _req(cloud, 'GET', sid, 'tags/blue', version=v, expect=204)
    _req(cloud, 'GET', sid, 'tags/red', version=v, expect=404)
    assert _req(cloud, 'PUT', other, 'tags', {'tags': ['red', 'blue']}, version=v) == {
        'tags': ['red', 'blue']}
    server = cloud.request('GET', '%s/%s' % (SERVERS, other), version=v)[2]['server']
    assert server['tags'] == ['red', 'blue']

    def names(query, version=v):
        status, _, body = cloud.request('GET', '%s/detail?%s' % (SERVERS, query),
                                        version=version)
        assert status == 200, body
        return {s['name'] for s in body['servers']} & {'sub-tags', 'sub-tags-2'}
    assert names('tags=blue') == {'sub-tags', 'sub-tags-2'}
    assert names('tags=red,blue') == {'sub-tags-2'}
    assert names('tags-any=red,green') == {'sub-tags-2'}
    assert names('not-tags=red,blue') == {'sub-tags'}
    assert names('not-tags-any=red') == {'sub-tags'}
    assert names('tags=red', version='2.25') == {'sub-tags', 'sub-tags-2'}

    resp = _req(cloud, 'PUT', sid, 'tags/a,b', version=v, expect=400)
    assert resp['badRequest']['message'].startswith("Tag 'a,b' is invalid.")
    _req(cloud, 'PUT', sid, 'tags', {'tags': ['x'] * 2 + ['y' * 61]}, version=v, expect=400)
    _req(cloud, 'DELETE', sid, 'tags/blue', version=v, expect=204)
    resp = _req(cloud, 'DELETE', sid, 'tags/blue', version=v, expect=404)
    assert resp['itemNotFound']['message'] == "Instance %s has no tag 'blue'" % sid
    _req(cloud, 'DELETE', other, 'tags', version=v, expect=204)
    assert _req(cloud, 'GET', other, 'tags', version=v) == {'tags': []}
    _delete(cloud, sid)
    _delete(cloud, other)


def test_tags_409_in_error(cloud):
    _, body = _boot(cloud, 'sub-tags-err', metadata={'novalite:fail': 'spawn'})
    sid = body['server']['id']
    server, _ = cloud.wait_server(sid)
    assert server['status'] == 'ERROR'
    resp = _req(cloud, 'PUT', sid, 'tags/t', version='2.26', expect=409)
    assert resp['conflictingRequest']['message'] == (
        "Cannot 'update tag' instance %s while it is in vm_state error" % sid)
    _delete(cloud, sid)


def test_ips(cloud):
    sid = _active(cloud, 'sub-ips')
    server = cloud.request('GET', '%s/%s' % (SERVERS, sid))[2]['server']
    body = _req(cloud, 'GET', sid, 'ips')
    assert set(body['addresses']) == set(server['addresses']) == {'private'}
    [addr] = body['addresses']['private']
    assert addr['version'] == 4 and addr['addr'].startswith('10.0.0.')
    assert addr['addr'] == server['addresses']['private'][0]['addr']
    assert _req(cloud, 'GET', sid, 'ips/private') == {'private': [addr]}
    resp = _req(cloud, 'GET', sid, 'ips/public', expect=404)
    assert resp['itemNotFound']['message'] == 'Instance is not a member of specified network'
    _delete(cloud, sid)


@pytest.mark.skipif(_bin('openstack') is None, reason='python-openstackclient not installed')
def test_openstackclient_properties_and_tags(cloud):
    sid = _active(cloud, 'sub-osc')
    run(cloud, 'server', 'set', '--property', 'k1=v1', '--property', 'k2=v2', sid)
    assert _req(cloud, 'GET', sid, 'metadata') == {'metadata': {'k1': 'v1', 'k2': 'v2'}}
    run(cloud, 'server', 'unset', '--property', 'k1', sid)
    assert _req(cloud, 'GET', sid, 'metadata') == {'metadata': {'k2': 'v2'}}
    run(cloud, '--os-compute-api-version', '2.26', 'server', 'set', '--tag', 'osc-tag', sid)
    assert _req(cloud, 'GET', sid, 'tags', version='2.26') == {'tags': ['osc-tag']}
    shown = run_json(cloud, '--os-compute-api-version', '2.26', 'server', 'show', sid)
    assert 'osc-tag' in json.dumps(shown.get('tags'))
    assert 'k2' in json.dumps(shown['properties'])
    listed = run_json(cloud, '--os-compute-api-version', '2.26', 'server', 'list',
                      '--tags', 'osc-tag')
    assert [s['ID'] for s in listed] == [sid]
    run(cloud, '--os-compute-api-version', '2.26', 'server', 'unset', '--tag', 'osc-tag', sid)
    assert _req(cloud, 'GET', sid, 'tags', version='2.26') == {'tags': []}
    _delete(cloud, sid)
