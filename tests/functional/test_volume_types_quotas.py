"""Block Storage v3 over HTTP: volume types (admin CRUD, extra specs, private types and
their project access, __DEFAULT__, default types of 3.62), os-quota-sets and
os-quota-class-sets, limits, os-availability-zone and os-services."""
import uuid

V3 = '/volume/v3'


def _project(cloud, user='demo'):
    return cloud.token_body(user)['project']['id']


def _req(cloud, method, path, body=None, token='demo', version=None):
    headers = {'OpenStack-API-Version': 'volume %s' % version} if version else {}
    return cloud.request(method, V3 + path, body=body, token=token, headers=headers)


def _name(prefix='type'):
    return '%s-%s' % (prefix, uuid.uuid4().hex[:8])


def _other_member(cloud):
    """A member of another project (made through the identity API), and its token."""
    name = _name('vproj')
    status, _, body = cloud.request('POST', '/identity/v3/projects', token='admin', body={
        'project': {'name': name, 'domain_id': 'default'}})
    assert status == 201, body
    project_id = body['project']['id']
    status, _, body = cloud.request('POST', '/identity/v3/users', token='admin', body={
        'user': {'name': name, 'password': 'secret', 'domain_id': 'default',
                 'default_project_id': project_id}})
    assert status == 201, body
    user_id = body['user']['id']
    roles = cloud.request('GET', '/identity/v3/roles?name=member', token='admin')[2]
    role_id = roles['roles'][0]['id']
    assert cloud.request('PUT', '/identity/v3/projects/%s/users/%s/roles/%s'
                         % (project_id, user_id, role_id), token='admin')[0] == 204
    return project_id, cloud.token(name, name)


# ----------------------------------------------------------------------------- types

def test_default_type_exists_and_is_shown_as_default(cloud):
    status, _, body = _req(cloud, 'GET', '/types')
    assert status == 200, body
    names = [t['name'] for t in body['volume_types']]
    assert '__DEFAULT__' in names
    default = [t for t in body['volume_types'] if t['name'] == '__DEFAULT__'][0]
    assert default['is_public'] is True and default['description'] == 'Default Volume Type'
    # a member sees the user-visible extra specs and the access flag, not qos_specs_id
    assert default['extra_specs'] == {} and default['os-volume-type-access:is_public'] is True
    assert 'qos_specs_id' not in default
    status, _, body = _req(cloud, 'GET', '/types/default')
    assert status == 200 and body['volume_type']['id'] == default['id']
    # the default type cannot be deleted
    status, _, body = _req(cloud, 'DELETE', '/types/%s' % default['id'], token='admin')
    assert status == 400 and 'default volume type' in body['badRequest']['message']


def test_type_crud_by_admin_and_forbidden_to_members(cloud):
    name = _name()
    spec = {'volume_type': {'name': name, 'description': 'fast',
                            'extra_specs': {'volume_backend_name': 'fake', 'multiattach':
                                            '<is> True'}}}
    status, _, body = _req(cloud, 'POST', '/types', spec)
    assert status == 403 and 'forbidden' in body
    status, _, body = _req(cloud, 'POST', '/types', spec, token='admin')
    assert status == 200, body
    vtype = body['volume_type']
    assert vtype['name'] == name and vtype['is_public'] is True
    assert vtype['os-volume-type-access:is_public'] is True
    assert vtype['extra_specs'] == {'volume_backend_name': 'fake', 'multiattach': '<is> True'}
    type_id = vtype['id']
    # the same name again is a conflict
    status, _, body = _req(cloud, 'POST', '/types', spec, token='admin')
    assert status == 409 and body['conflictingRequest']['message'] == \
        'Volume Type %s already exists.' % name
    # members see it, with only the user-visible extra specs
    status, _, body = _req(cloud, 'GET', '/types/%s' % type_id)
    assert status == 200 and body['volume_type']['extra_specs'] == {'multiattach':
                                                                    '<is> True'}
    status, _, body = _req(cloud, 'GET', '/types/%s' % type_id, token='admin')
    assert body['volume_type']['extra_specs']['volume_backend_name'] == 'fake'
    assert body['volume_type']['qos_specs_id'] is None
    # update: name, description, is_public
    status, _, body = _req(cloud, 'PUT', '/types/%s' % type_id,
                           {'volume_type': {'name': name + '-x', 'description': None}},
                           token='admin')
    assert status == 200 and body['volume_type']['name'] == name + '-x'
    status, _, body = _req(cloud, 'PUT', '/types/%s' % type_id, {'volume_type': {}},
                           token='admin')
    assert status == 400 and 'Specify volume type name' in body['badRequest']['message']
    status, _, body = _req(cloud, 'PUT', '/types/%s' % type_id,
                           {'volume_type': {'name': '  '}}, token='admin')
    assert status == 400
    # delete; then it is gone
    assert _req(cloud, 'DELETE', '/types/%s' % type_id)[0] == 403
    assert _req(cloud, 'DELETE', '/types/%s' % type_id, token='admin')[0] == 202
    status, _, body = _req(cloud, 'GET', '/types/%s' % type_id, token='admin')
    assert status == 404 and body['itemNotFound']['message'] == \
        'Volume type %s could not be found.' % type_id


def test_type_bad_bodies_are_400(cloud):
    for body in ({}, {'volume_type': {}}, {'volume_type': {'name': ''}},
                 {'volume_type': {'name': 'x', 'bogus': 1}},
                 {'volume_type': {'name': 'x', 'extra_specs': {'bad key!': 'v'}}},
                 {'volume_type': {'name': 'x', 'os-volume-type-access:is_public': 'maybe'}},
                 {'volume_type': {'name': ' '}}):
        status, _, resp = _req(cloud, 'POST', '/types', body, token='admin')
        assert status == 400, (body, resp)
        assert resp['badRequest']['code'] == 400


def test_extra_specs_api(cloud):
    type_id = _req(cloud, 'POST', '/types', {'volume_type': {'name': _name()}},
                   token='admin')[2]['volume_type']['id']
    path = '/types/%s/extra_specs' % type_id
    status, _, body = _req(cloud, 'POST', path, {'extra_specs': {'k1': 'v1', 'k2': 'v2'}},
                           token='admin')
    assert status == 200 and body == {'extra_specs': {'k1': 'v1', 'k2': 'v2'}}
    assert _req(cloud, 'GET', path, token='admin')[2] == {'extra_specs': {'k1': 'v1',
                                                                          'k2': 'v2'}}
    assert _req(cloud, 'GET', path + '/k1', token='admin')[2] == {'k1': 'v1'}
    status, _, body = _req(cloud, 'PUT', path + '/k1', {'k1': 'new'}, token='admin')
    assert status == 200 and body == {'k1': 'new'}
    status, _, body = _req(cloud, 'PUT', path + '/k1', {'k2': 'new'}, token='admin')
    assert status == 400 and body['badRequest']['message'] == 'Request body and URI mismatch'
    status, _, body = _req(cloud, 'PUT', path + '/k1', {'k1': 'a', 'k2': 'b'}, token='admin')
    assert status == 400
    assert _req(cloud, 'DELETE', path + '/k2', token='admin')[0] == 202
    status, _, body = _req(cloud, 'GET', path + '/k2', token='admin')
    assert status == 404 and body['itemNotFound']['message'] == \
        'Volume Type %s has no extra specs with key k2.' % type_id
    assert _req(cloud, 'DELETE', path + '/k2', token='admin')[0] == 404
    # members may not write; a member's read hides what is not user-visible
    assert _req(cloud, 'POST', path, {'extra_specs': {'k3': 'v'}})[0] == 403
    assert _req(cloud, 'GET', path)[2] == {'extra_specs': {}}
    assert _req(cloud, 'GET', '/types/%s/extra_specs' % uuid.uuid4(), token='admin')[0] == 404
    assert _req(cloud, 'POST', path, {'extra_specs': {'bad key': 'v'}},
                token='admin')[0] == 400
    assert _req(cloud, 'DELETE', '/types/%s' % type_id, token='admin')[0] == 202


def test_private_type_access(cloud):
    other_project, other_token = _other_member(cloud)
    status, _, body = _req(cloud, 'POST', '/types', {'volume_type': {
        'name': _name('private'), 'os-volume-type-access:is_public': False}}, token='admin')
    assert status == 200 and body['volume_type']['is_public'] is False
    type_id = body['volume_type']['id']
    # neither project sees it yet; admins list it with is_public=false or None
    assert _req(cloud, 'GET', '/types/%s' % type_id, token=other_token)[0] == 404
    assert type_id not in [t['id'] for t in _req(cloud, 'GET', '/types')[2]['volume_types']]
    assert type_id not in [t['id'] for t in _req(cloud, 'GET', '/types',
                                                 token='admin')[2]['volume_types']]
    for value in ('false', 'None'):
        listed = _req(cloud, 'GET', '/types?is_public=%s' % value, token='admin')[2]
        assert type_id in [t['id'] for t in listed['volume_types']]
    assert _req(cloud, 'GET', '/types?is_public=maybe', token='admin')[0] == 400
    # access for the other project
    action = '/types/%s/action' % type_id
    assert _req(cloud, 'POST', action, {'addProjectAccess': {'project': other_project}},
                token=other_token)[0] == 403
    assert _req(cloud, 'POST', action, {'addProjectAccess': {'project': other_project}},
                token='admin')[0] == 202
    status, _, body = _req(cloud, 'POST', action, {'addProjectAccess': {
        'project': other_project}}, token='admin')
    assert status == 409
    status, _, body = _req(cloud, 'GET', '/types/%s/os-volume-type-access' % type_id,
                           token='admin')
    assert body == {'volume_type_access': [{'volume_type_id': type_id,
                                            'project_id': other_project}]}
    assert _req(cloud, 'GET', '/types/%s' % type_id, token=other_token)[0] == 200
    listed = _req(cloud, 'GET', '/types', token=other_token)[2]['volume_types']
    assert type_id in [t['id'] for t in listed]
    assert _req(cloud, 'GET', '/types/%s' % type_id)[0] == 404  # demo still does not
    # remove it again; twice is a 404
    assert _req(cloud, 'POST', action, {'removeProjectAccess': {'project': other_project}},
                token='admin')[0] == 202
    assert _req(cloud, 'POST', action, {'removeProjectAccess': {'project': other_project}},
                token='admin')[0] == 404
    assert _req(cloud, 'GET', '/types/%s' % type_id, token=other_token)[0] == 404
    assert _req(cloud, 'POST', action, {'bogus': {}}, token='admin')[0] == 400
    # public types have no access list
    default_id = _req(cloud, 'GET', '/types/default')[2]['volume_type']['id']
    assert _req(cloud, 'GET', '/types/%s/os-volume-type-access' % default_id,
                token='admin')[0] == 404
    assert _req(cloud, 'POST', '/types/%s/action' % default_id, {'addProjectAccess': {
        'project': other_project}}, token='admin')[0] == 400


def test_type_list_sort_and_paging(cloud):
    made = []
    for i in range(3):
        made.append(_req(cloud, 'POST', '/types', {'volume_type': {
            'name': 'page-%d-%s' % (i, uuid.uuid4().hex[:4])}}, token='admin')[2]
            ['volume_type']['id'])
    status, _, body = _req(cloud, 'GET', '/types?limit=2', token='admin')
    assert status == 200 and len(body['volume_types']) == 2
    assert body['volume_type_links'][0]['rel'] == 'next'
    first = body['volume_types']
    status, _, body = _req(cloud, 'GET', '/types?limit=2&marker=%s' % first[-1]['id'],
                           token='admin')
    assert status == 200
    assert not {t['id'] for t in first} & {t['id'] for t in body['volume_types']}
    # newest first by default
    newest = _req(cloud, 'GET', '/types?limit=1', token='admin')[2]['volume_types'][0]
    assert newest['id'] == made[-1]
    names = [t['name'] for t in _req(cloud, 'GET', '/types?sort=name:asc',
                                     token='admin')[2]['volume_types']]
    assert names == sorted(names)
    assert _req(cloud, 'GET', '/types?marker=%s' % uuid.uuid4(), token='admin')[0] == 404
    assert _req(cloud, 'GET', '/types?limit=-1', token='admin')[0] == 400
    assert _req(cloud, 'GET', '/types?sort=bogus', token='admin')[0] == 400
    assert _req(cloud, 'GET', '/types?sort=name&sort_key=id', token='admin')[0] == 400
    for type_id in made:
        assert _req(cloud, 'DELETE', '/types/%s' % type_id, token='admin')[0] == 202


def test_project_default_types(cloud):
    project = _project(cloud)
    vtype = _req(cloud, 'POST', '/types', {'volume_type': {'name': _name('dflt')}},
                 token='admin')[2]['volume_type']
    path = '/default-types/%s' % project
    # not below 3.62
    assert _req(cloud, 'GET', '/default-types', token='admin')[0] == 404
    status, _, body = _req(cloud, 'PUT', path, {'default_type': {'volume_type': vtype['name']}},
                           token='admin', version='3.62')
    assert status == 200, body
    assert body == {'default_type': {'project_id': project, 'volume_type_id': vtype['id']}}
    assert _req(cloud, 'GET', path, token='admin', version='3.62')[2] == body
    listed = _req(cloud, 'GET', '/default-types', token='admin', version='3.62')[2]
    assert body['default_type'] in listed['default_types']
    # the project's default is what /types/default shows it
    assert _req(cloud, 'GET', '/types/default')[2]['volume_type']['id'] == vtype['id']
    # a project default cannot be deleted
    assert _req(cloud, 'DELETE', '/types/%s' % vtype['id'], token='admin')[0] == 400
    assert _req(cloud, 'PUT', path, {'default_type': {'volume_type': 'nope'}},
                token='admin', version='3.62')[0] == 404
    assert _req(cloud, 'PUT', path, {'default_type': {}}, token='admin',
                version='3.62')[0] == 400
    assert _req(cloud, 'PUT', path, {'default_type': {'volume_type': vtype['id']}},
                version='3.62')[0] == 403
    assert _req(cloud, 'DELETE', path, token='admin', version='3.62')[0] == 204
    assert _req(cloud, 'GET', path, token='admin', version='3.62')[0] == 404
    assert _req(cloud, 'GET', '/types/default')[2]['volume_type']['name'] == '__DEFAULT__'
    assert _req(cloud, 'DELETE', '/types/%s' % vtype['id'], token='admin')[0] == 202


# ----------------------------------------------------------------------------- quotas

RESOURCES = ('volumes', 'snapshots', 'gigabytes', 'backups', 'backup_gigabytes', 'groups',
             'per_volume_gigabytes')


def test_quota_show_defaults_update_delete(cloud):
    project, token = _other_member(cloud)
    status, _, body = _req(cloud, 'GET', '/os-quota-sets/%s' % project, token=token)
    assert status == 200, body
    qs = body['quota_set']
    assert qs['id'] == project
    assert {k: qs[k] for k in RESOURCES} == {
        'volumes': 10, 'snapshots': 10, 'gigabytes': 1000, 'backups': 10,
        'backup_gigabytes': 1000, 'groups': 10, 'per_volume_gigabytes': -1}
    assert qs['volumes___DEFAULT__'] == -1 and qs['gigabytes___DEFAULT__'] == -1
    status, _, body = _req(cloud, 'GET', '/os-quota-sets/%s?usage=True' % project,
                           token=token)
    assert body['quota_set']['volumes'] == {'limit': 10, 'in_use': 0, 'reserved': 0}
    assert _req(cloud, 'GET', '/os-quota-sets/%s?usage=maybe' % project,
                token=token)[0] == 400
    status, _, body = _req(cloud, 'GET', '/os-quota-sets/%s/defaults' % project,
                           token=token)
    assert status == 200 and body['quota_set']['volumes'] == 10
    # another project's quotas are not a member's to read
    assert _req(cloud, 'GET', '/os-quota-sets/%s' % _project(cloud), token=token)[0] == 403
    # admins set them; members may not
    update = {'quota_set': {'volumes': 3, 'gigabytes': '7', 'volumes___DEFAULT__': 2}}
    assert _req(cloud, 'PUT', '/os-quota-sets/%s' % project, update, token=token)[0] == 403
    status, _, body = _req(cloud, 'PUT', '/os-quota-sets/%s' % project, update,
                           token='admin')
    assert status == 200, body
    assert 'id' not in body['quota_set']
    assert (body['quota_set']['volumes'], body['quota_set']['gigabytes'],
            body['quota_set']['volumes___DEFAULT__']) == (3, 7, 2)
    for bad in ({'quota_set': {'bogus': 1}}, {'quota_set': {'volumes': -2}},
                {'quota_set': {'volumes': 'x'}}, {'quota_set': {}}, {'other': {}}):
        status, _, body = _req(cloud, 'PUT', '/os-quota-sets/%s' % project, bad,
                               token='admin')
        assert status == 400, (bad, body)
    assert _req(cloud, 'GET', '/os-quota-sets/%s' % project,
                token=token)[2]['quota_set']['volumes'] == 3
    status, _, body = _req(cloud, 'DELETE', '/os-quota-sets/%s' % project, token='admin')
    assert status == 200 and not body
    assert _req(cloud, 'GET', '/os-quota-sets/%s' % project,
                token=token)[2]['quota_set']['volumes'] == 10


def test_quota_classes(cloud):
    status, _, body = _req(cloud, 'GET', '/os-quota-class-sets/default', token='admin')
    assert status == 200, body
    assert body['quota_class_set']['id'] == 'default'
    assert body['quota_class_set']['volumes'] == 10
    assert _req(cloud, 'GET', '/os-quota-class-sets/default')[0] == 403
    name = _name('class')
    status, _, body = _req(cloud, 'PUT', '/os-quota-class-sets/%s' % name,
                           {'quota_class_set': {'snapshots': 4}}, token='admin')
    assert status == 200 and body['quota_class_set']['snapshots'] == 4
    assert 'id' not in body['quota_class_set']
    assert _req(cloud, 'PUT', '/os-quota-class-sets/%s' % name,
                {'quota_class_set': {'nope': 4}}, token='admin')[0] == 400
    # the default class changes the defaults of every project
    project, token = _other_member(cloud)
    try:
        assert _req(cloud, 'PUT', '/os-quota-class-sets/default',
                    {'quota_class_set': {'backups': 5}}, token='admin')[0] == 200
        assert _req(cloud, 'GET', '/os-quota-sets/%s/defaults' % project,
                    token=token)[2]['quota_set']['backups'] == 5
    finally:
        _req(cloud, 'PUT', '/os-quota-class-sets/default',
             {'quota_class_set': {'backups': 10}}, token='admin')


def test_limits(cloud):
    project, token = _other_member(cloud)
    status, _, body = _req(cloud, 'GET', '/limits', token=token)
    assert status == 200, body
    assert body['limits']['rate'] == []
    assert body['limits']['absolute'] == {
        'maxTotalVolumes': 10, 'maxTotalSnapshots': 10, 'maxTotalVolumeGigabytes': 1000,
        'maxTotalBackups': 10, 'maxTotalBackupGigabytes': 1000, 'totalVolumesUsed': 0,
        'totalGigabytesUsed': 0, 'totalSnapshotsUsed': 0, 'totalBackupsUsed': 0,
        'totalBackupGigabytesUsed': 0}
    _req(cloud, 'PUT', '/os-quota-sets/%s' % project, {'quota_set': {'volumes': 4}},
         token='admin')
    absolute = _req(cloud, 'GET', '/limits', token=token)[2]['limits']['absolute']
    assert absolute['maxTotalVolumes'] == 4
    # 3.39: an admin asks for another project's limits
    absolute = _req(cloud, 'GET', '/limits?project_id=%s' % project, token='admin',
                    version='3.39')[2]['limits']['absolute']
    assert absolute['maxTotalVolumes'] == 4


# ----------------------------------------------------------------------------- zones, services

def test_availability_zones(cloud):
    status, _, body = _req(cloud, 'GET', '/os-availability-zone')
    assert status == 200
    assert body == {'availabilityZoneInfo': [{'zoneName': 'nova',
                                              'zoneState': {'available': True}}]}


def test_services_list_and_enable_disable(cloud):
    assert _req(cloud, 'GET', '/os-services')[0] == 403
    status, _, body = _req(cloud, 'GET', '/os-services', token='admin')
    assert status == 200, body
    [volume] = [s for s in body['services'] if s['binary'] == 'cinder-volume']
    assert volume['state'] == 'up' and volume['status'] == 'enabled'
    assert volume['zone'] == 'nova' and volume['frozen'] is False
    assert not [s for s in body['services'] if s['binary'].startswith('nova-')]
    host = volume['host']
    listed = _req(cloud, 'GET', '/os-services?binary=cinder-volume&host=%s' % host,
                  token='admin', version='3.49')[2]['services']
    assert len(listed) == 1 and listed[0]['backend_state'] == 'up'
    assert listed[0]['cluster'] is None
    assert _req(cloud, 'GET', '/os-services?host=nohost', token='admin')[2] == \
        {'services': []}
    try:
        status, _, body = _req(cloud, 'PUT', '/os-services/disable-log-reason', {
            'host': host, 'binary': 'cinder-volume', 'disabled_reason': 'maintenance'},
            token='admin')
        assert status == 200, body
        assert body == {'host': host, 'service': 'cinder-volume', 'binary': 'cinder-volume',
                        'disabled': True, 'status': 'disabled',
                        'disabled_reason': 'maintenance'}
        shown = _req(cloud, 'GET', '/os-services?binary=cinder-volume',
                     token='admin')[2]['services'][0]
        assert shown['status'] == 'disabled' and shown['disabled_reason'] == 'maintenance'
        assert _req(cloud, 'GET', '/os-availability-zone')[2]['availabilityZoneInfo'][0][
            'zoneState'] == {'available': False}
    finally:
        status, _, body = _req(cloud, 'PUT', '/os-services/enable', {
            'host': host, 'binary': 'cinder-volume'}, token='admin')
    assert status == 200 and body['status'] == 'enabled' and body['disabled_reason'] is None
    assert _req(cloud, 'PUT', '/os-services/enable', {'host': 'nohost',
                                                      'binary': 'cinder-volume'},
                token='admin')[0] == 404
    assert _req(cloud, 'PUT', '/os-services/enable', {'host': host}, token='admin')[0] == 400
    assert _req(cloud, 'PUT', '/os-services/bogus', {'host': host, 'binary': 'x'},
                token='admin')[0] == 404
    assert _req(cloud, 'PUT', '/os-services/enable', {'host': host,
                                                      'binary': 'cinder-volume'})[0] == 403


def test_extensions_list(cloud):
    status, _, body = _req(cloud, 'GET', '/extensions')
    assert status == 200
    aliases = {e['alias'] for e in body['extensions']}
    assert {'os-quota-sets', 'os-types-manage', 'os-extended-snapshot-attributes'} <= aliases
    assert all(set(e) == {'alias', 'name', 'description', 'updated', 'links'}
               for e in body['extensions'])


def test_extra_specs_of_a_type_in_use_cannot_change(cloud):
    from tests.functional.test_volumes import available, delete
    vtype = _req(cloud, 'POST', '/types', {'volume_type': {'name': _name('used')}},
                 token='admin')[2]['volume_type']
    path = '/types/%s/extra_specs' % vtype['id']
    assert _req(cloud, 'POST', path, {'extra_specs': {'multiattach': '<is> True',
                                                      'cacheable': '<is> True'}},
                token='admin')[0] == 400
    volume = available(cloud, volume_type=vtype['id'])
    status, _, body = _req(cloud, 'POST', path, {'extra_specs': {'k': 'v'}}, token='admin')
    assert status == 400 and body['badRequest']['message'] == \
        'Volume Type is currently in use.'
    status, _, body = _req(cloud, 'DELETE', '/types/%s' % vtype['id'], token='admin')
    assert status == 400 and body['badRequest']['message'] == \
        'Target volume type is still in use.'
    delete(cloud, volume['id'])
    assert _req(cloud, 'POST', path, {'extra_specs': {'k': 'v'}}, token='admin')[0] == 200
    assert _req(cloud, 'DELETE', '/types/%s' % vtype['id'], token='admin')[0] == 202
