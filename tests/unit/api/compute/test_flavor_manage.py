"""Flavor management in-process: create/delete (admin), extra specs, access, visibility."""
import uuid

import pytest


NEW = {'flavor': {'name': 'custom', 'ram': 1024, 'vcpus': 2, 'disk': 10}}


def _create(api, admin, **attrs):
    body = {'flavor': dict(NEW['flavor'], **attrs)}
    status, _, resp = api('POST', '/flavors', body, token=admin[0])
    assert status == 200, resp
    return resp['flavor']


def test_create_generates_uuid_and_shows_detail(api, admin):
    flavor = _create(api, admin, swap=512, rxtx_factor='2.5',
                     **{'OS-FLV-EXT-DATA:ephemeral': '3', 'os-flavor-access:is_public': 'false'})
    uuid.UUID(flavor['id'])
    assert flavor['ram'] == 1024 and flavor['vcpus'] == 2 and flavor['disk'] == 10
    assert flavor['swap'] == 512 and flavor['rxtx_factor'] == 2.5
    assert flavor['OS-FLV-EXT-DATA:ephemeral'] == 3
    assert flavor['os-flavor-access:is_public'] is False
    assert 'description' not in flavor
    assert flavor['links'][0]['href'].endswith('/flavors/%s' % flavor['id'])


@pytest.mark.parametrize('given,expected', [(None, None), ('auto', None), ('my.id', 'my.id'),
                                            (77, '77')])
def test_create_ids(api, admin, given, expected):
    flavor = _create(api, admin, id=given)
    if expected is None:
        uuid.UUID(flavor['id'])
    else:
        assert flavor['id'] == expected


def test_duplicates_are_409(api, admin):
    _create(api, admin, id='dup1')
    status, _, body = api('POST', '/flavors', {'flavor': dict(NEW['flavor'], id='other')},
                          token=admin[0])
    assert status == 409
    assert body['conflictingRequest']['message'] == 'Flavor with name custom already exists.'
    status, _, body = api('POST', '/flavors', {'flavor': dict(NEW['flavor'], name='n2',
                                                              id='1')}, token=admin[0])
    assert status == 409
    assert body['conflictingRequest']['message'] == 'Flavor with ID 1 already exists.'


@pytest.mark.parametrize('attrs', [
    {'ram': 0}, {'ram': -1}, {'vcpus': 'x'}, {'disk': -1}, {'ram': 2147483648},
    {'rxtx_factor': 0}, {'rxtx_factor': '-1'}, {'swap': 1.5}, {'name': ' lead'},
    {'name': ''}, {'id': ' x'}, {'id': 'a/b'}, {'os-flavor-access:is_public': 'maybe'},
    {'description': 'not before 2.55'}, {'bogus': 1},
])
def test_create_bad_input_is_400(api, admin, attrs):
    status, _, body = api('POST', '/flavors', {'flavor': dict(NEW['flavor'], **attrs)},
                          token=admin[0])
    assert status == 400, body
    assert 'badRequest' in body


def test_create_missing_fields_and_bodies(api, admin):
    for body in ({}, {'flavor': {'name': 'x'}}, {'flavor': []}, None):
        assert api('POST', '/flavors', body, token=admin[0])[0] == 400


def test_members_are_forbidden(api):
    status, _, body = api('POST', '/flavors', NEW)
    assert status == 403
    assert body['forbidden']['message'] == (
        "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.")
    assert api('DELETE', '/flavors/1')[0] == 403
    assert api('POST', '/flavors/1/os-extra_specs', {'extra_specs': {'a': 'b'}})[0] == 403
    assert api('PUT', '/flavors/1/os-extra_specs/a', {'a': 'b'})[0] == 403
    assert api('DELETE', '/flavors/1/os-extra_specs/a')[0] == 403
    assert api('GET', '/flavors/1/os-flavor-access')[0] == 403
    assert api('POST', '/flavors/1/action', {'addTenantAccess': {'tenant': 'x'}})[0] == 403


def test_delete(api, admin):
    flavor = _create(api, admin)
    status, _, body = api('DELETE', '/flavors/%s' % flavor['id'], token=admin[0])
    assert status == 202 and body is None
    assert api('GET', '/flavors/%s' % flavor['id'])[0] == 404
    status, _, body = api('DELETE', '/flavors/%s' % flavor['id'], token=admin[0])
    assert status == 404
    assert body['itemNotFound']['message'] == 'Flavor %s could not be found.' % flavor['id']


def test_update_needs_2_55(api, admin):
    assert api('PUT', '/flavors/1', {'flavor': {'description': 'd'}}, token=admin[0])[0] == 404


def test_update_description_at_2_55(api, admin):
    """2.55 is served: create with a description, PUT /flavors/{id} changes it, and the
    read views show it (description in index and detail)."""
    status, _, created = api('POST', '/flavors',
                             {'flavor': dict(NEW['flavor'], description='first')},
                             token=admin[0], version='2.55')
    assert status == 200 and created['flavor']['description'] == 'first'
    fid = created['flavor']['id']
    status, _, updated = api('PUT', '/flavors/%s' % fid, {'flavor': {'description': 'new'}},
                             token=admin[0], version='2.55')
    assert status == 200 and updated['flavor']['description'] == 'new'
    assert api('GET', '/flavors/%s' % fid, version='2.55')[2]['flavor']['description'] == 'new'
    listed = api('GET', '/flavors', version='2.55')[2]['flavors']
    assert [f['description'] for f in listed if f['id'] == fid] == ['new']
    assert 'description' not in api('GET', '/flavors/%s' % fid, version='2.54')[2]['flavor']


def test_extra_specs_crud(api, admin):
    status, _, body = api('POST', '/flavors/1/os-extra_specs',
                          {'extra_specs': {'hw:cpu_policy': 'dedicated', 'num': 4}},
                          token=admin[0])
    assert status == 200 and body == {'extra_specs': {'hw:cpu_policy': 'dedicated', 'num': 4}}
    _, _, body = api('GET', '/flavors/1/os-extra_specs')
    assert body == {'extra_specs': {'hw:cpu_policy': 'dedicated', 'num': '4'}}
    assert api('GET', '/flavors/1/os-extra_specs/num')[2] == {'num': '4'}
    status, _, body = api('PUT', '/flavors/1/os-extra_specs/num', {'num': '8'},
                          token=admin[0])
    assert status == 200 and body == {'num': '8'}
    status, _, body = api('PUT', '/flavors/1/os-extra_specs/num', {'other': '8'},
                          token=admin[0])
    assert status == 400 and body['badRequest']['message'] == 'Request body and URI mismatch'
    assert api('PUT', '/flavors/1/os-extra_specs/num', {'num': '1', 'b': '2'},
               token=admin[0])[0] == 400
    status, _, body = api('DELETE', '/flavors/1/os-extra_specs/num', token=admin[0])
    assert status == 200 and body is None
    status, _, body = api('GET', '/flavors/1/os-extra_specs/num')
    assert status == 404
    assert body['itemNotFound']['message'] == 'Flavor 1 has no extra specs with key num.'
    assert api('DELETE', '/flavors/1/os-extra_specs/num', token=admin[0])[0] == 404
    assert api('GET', '/flavors/nope/os-extra_specs')[0] == 404
    assert api('POST', '/flavors/nope/os-extra_specs', {'extra_specs': {'a': 'b'}},
               token=admin[0])[0] == 404


@pytest.mark.parametrize('body', [
    {}, {'extra_specs': {'bad/key': 'v'}}, {'extra_specs': {'k': True}},
    {'extra_specs': {'k': 'v' * 256}}, {'extra_specs': {'k': 10 ** 300}},
    {'extra_specs': 'x'}, {'extra_specs': {'k': None}},
])
def test_extra_specs_bad_input(api, admin, body):
    status, _, fault = api('POST', '/flavors/1/os-extra_specs', body, token=admin[0])
    assert status == 400, fault


def test_private_flavor_access(api, admin, demo):
    flavor = _create(api, admin, id='priv', **{'os-flavor-access:is_public': False})
    # invisible to the demo project until access is added
    assert api('GET', '/flavors/priv')[0] == 404
    assert 'priv' not in [f['id'] for f in api('GET', '/flavors')[2]['flavors']]
    assert 'priv' in [f['id'] for f in api('GET', '/flavors?is_public=None',
                                           token=admin[0])[2]['flavors']]
    _, _, body = api('GET', '/flavors/priv/os-flavor-access', token=admin[0])
    assert body == {'flavor_access': []}
    status, _, body = api('POST', '/flavors/priv/action',
                          {'addTenantAccess': {'tenant': demo[2]}}, token=admin[0])
    assert status == 200
    assert body == {'flavor_access': [{'flavor_id': 'priv', 'tenant_id': demo[2]}]}
    assert api('GET', '/flavors/priv')[0] == 200
    assert 'priv' in [f['id'] for f in api('GET', '/flavors')[2]['flavors']]
    status, _, body = api('POST', '/flavors/priv/action',
                          {'addTenantAccess': {'tenant': demo[2]}}, token=admin[0])
    assert status == 409
    assert body['conflictingRequest']['message'] == (
        'Flavor access already exists for flavor priv and project %s combination.' % demo[2])
    status, _, body = api('POST', '/flavors/priv/action',
                          {'removeTenantAccess': {'tenant': demo[2]}}, token=admin[0])
    assert status == 200 and body == {'flavor_access': []}
    assert api('GET', '/flavors/priv')[0] == 404
    status, _, body = api('POST', '/flavors/priv/action',
                          {'removeTenantAccess': {'tenant': demo[2]}}, token=admin[0])
    assert status == 404
    assert body['itemNotFound']['message'] == (
        'Flavor access not found for priv / %s combination.' % demo[2])
    assert flavor['id'] == 'priv'


def test_access_on_public_flavors(api, admin):
    status, _, body = api('GET', '/flavors/1/os-flavor-access', token=admin[0])
    assert status == 404
    assert body['itemNotFound']['message'] == 'Access list not available for public flavors.'
    status, _, body = api('POST', '/flavors/1/action', {'addTenantAccess': {'tenant': 'p'}},
                          token=admin[0])
    assert status == 409
    assert body['conflictingRequest']['message'] == 'Can not add access to a public flavor.'
    # before 2.7 the request is accepted
    assert api('POST', '/flavors/1/action', {'addTenantAccess': {'tenant': 'p'}},
               token=admin[0], version='2.6')[0] == 200


@pytest.mark.parametrize('body,message', [
    ({'addTenantAccess': {}}, None), ({'addTenantAccess': {'tenant': ''}}, None),
    ({'fooAccess': {'tenant': 'x'}}, 'There is no such action: fooAccess'),
    ({'addTenantAccess': {'tenant': 'x'}, 'more': 1},
     'Malformed request body: too many body keys'),
    ({}, 'Malformed request body: too many body keys'),
])
def test_action_bad_bodies(api, admin, body, message):
    status, _, fault = api('POST', '/flavors/1/action', body, token=admin[0])
    assert status == 400, fault
    if message:
        assert fault['badRequest']['message'] == message


def test_action_on_unknown_flavor_is_404(api, admin):
    assert api('POST', '/flavors/nope/action', {'addTenantAccess': {'tenant': 'p'}},
               token=admin[0])[0] == 404
    assert api('GET', '/flavors/nope/os-flavor-access', token=admin[0])[0] == 404
