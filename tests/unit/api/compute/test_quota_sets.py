"""os-quota-sets, os-quota-class-sets, limits and key pair quotas in-process."""
import uuid

import pytest

from novalite.db import api as db_api
from novalite.db import session as db

NOVA_DEFAULTS = {'instances': 10, 'cores': 20, 'ram': 51200, 'key_pairs': 100,
                 'metadata_items': 128, 'server_groups': 10, 'server_group_members': 10,
                 'injected_files': 5, 'injected_file_content_bytes': 10240,
                 'injected_file_path_bytes': 255}
PROXIES = {'fixed_ips': -1, 'floating_ips': 10, 'security_groups': 10,
           'security_group_rules': 20}


@pytest.fixture
def instances(demo):
    def _make(count, vcpus=1, memory_mb=128, user_id=None):
        with db.transaction() as session:
            for _ in range(count):
                db_api.instance_create(session, {
                    'uuid': str(uuid.uuid4()), 'project_id': demo[2],
                    'user_id': user_id or demo[1], 'flavor_id': '1', 'flavor': {},
                    'vcpus': vcpus, 'memory_mb': memory_mb, 'root_gb': 1,
                    'vm_state': 'active', 'reservation_id': 'r-1'})
    return _make


def test_show_own_project_per_microversion(api, demo):
    status, _, body = api('GET', '/os-quota-sets/%s' % demo[2], version='2.1')
    assert status == 200, body
    assert body['quota_set'] == dict(NOVA_DEFAULTS, id=demo[2], **PROXIES)
    status, _, body = api('GET', '/os-quota-sets/%s' % demo[2], version='2.36')
    assert body['quota_set'] == dict(NOVA_DEFAULTS, id=demo[2])


def test_defaults_and_legacy_v2(api, compute, demo):
    status, _, body = api('GET', '/os-quota-sets/anything/defaults')
    assert status == 200 and body['quota_set'] == dict(NOVA_DEFAULTS, id='anything')
    status, _, body = compute.request('GET', '/v2/%s/os-quota-sets/%s' % (demo[2], demo[2]),
                                      token=demo[0])
    assert status == 200 and body['quota_set']['floating_ips'] == 10


def test_members_read_only_their_own_project(api, demo, alt, admin):
    status, _, body = api('GET', '/os-quota-sets/%s' % alt[2])
    assert status == 403 and 'forbidden' in body
    assert api('GET', '/os-quota-sets/%s/detail' % alt[2])[0] == 403
    assert api('GET', '/os-quota-sets/%s' % alt[2], token=admin[0])[0] == 200
    for method, body in (('PUT', {'quota_set': {'instances': 50}}), ('DELETE', None)):
        status, _, resp = api(method, '/os-quota-sets/%s' % demo[2], body)
        assert status == 403 and resp['forbidden']['code'] == 403, resp
    status, _, _ = api('GET', '/os-quota-class-sets/default')
    assert status == 403
    assert api('PUT', '/os-quota-class-sets/default', {'quota_class_set': {'cores': 1}})[0] \
        == 403


def test_admin_updates_and_deletes(api, demo, admin):
    path = '/os-quota-sets/%s' % demo[2]
    status, _, body = api('PUT', path, {'quota_set': {'instances': 3, 'cores': '-1',
                                                      'ram': 0}}, token=admin[0])
    assert status == 200, body
    assert 'id' not in body['quota_set']
    assert body['quota_set'] == dict(NOVA_DEFAULTS, instances=3, cores=-1, ram=0)
    assert api('GET', path)[2]['quota_set']['instances'] == 3
    status, _, body = api('DELETE', path, token=admin[0])
    assert status == 202 and body is None
    assert api('GET', path)[2]['quota_set'] == dict(NOVA_DEFAULTS, id=demo[2])


@pytest.mark.parametrize('quota_set, version', [
    ({'instances': 'abc'}, '2.47'), ({'instances': -2}, '2.47'), ({'instances': True}, '2.47'),
    ({'instances': 1.5}, '2.47'), ({'instances': 2 ** 31}, '2.47'), ({'bogus': 1}, '2.47'),
    ({'floating_ips': 1}, '2.36'), ({'force': 'maybe'}, '2.47'), ({'networks': 1}, '2.1'),
    ('text', '2.47'), (None, '2.47'),
])
def test_update_bad_bodies_are_400(api, demo, admin, quota_set, version):
    status, _, body = api('PUT', '/os-quota-sets/%s' % demo[2], {'quota_set': quota_set},
                          token=admin[0], version=version)
    assert status == 400 and body['badRequest']['code'] == 400, body
    for raw in ({}, {'quota_set': {}, 'x': 1}, []):
        assert api('PUT', '/os-quota-sets/%s' % demo[2], raw, token=admin[0])[0] == 400


def test_networks_quota_message(api, demo, admin):
    _, _, body = api('PUT', '/os-quota-sets/%s' % demo[2], {'quota_set': {'networks': 1}},
                     token=admin[0], version='2.1')
    assert body['badRequest']['message'] == 'The networks quota has been removed'


def test_update_below_usage_needs_force(api, demo, admin, instances):
    instances(3)
    path = '/os-quota-sets/%s' % demo[2]
    status, _, body = api('PUT', path, {'quota_set': {'instances': 2}}, token=admin[0])
    assert status == 400
    assert body['badRequest']['message'] == ('Quota limit 2 for instances must be greater '
                                             'than or equal to already used and reserved 3.')
    status, _, body = api('PUT', path, {'quota_set': {'instances': 2, 'force': 'True'}},
                          token=admin[0])
    assert status == 200 and body['quota_set']['instances'] == 2
    assert api('PUT', path, {'quota_set': {'instances': 3}}, token=admin[0])[0] == 200


def test_detail_shows_usage(api, demo, instances):
    instances(2, vcpus=2, memory_mb=256)
    status, _, body = api('GET', '/os-quota-sets/%s/detail' % demo[2])
    assert status == 200
    qs = body['quota_set']
    assert qs['id'] == demo[2]
    assert qs['instances'] == {'limit': 10, 'in_use': 2, 'reserved': 0}
    assert qs['cores'] == {'limit': 20, 'in_use': 4, 'reserved': 0}
    assert qs['ram'] == {'limit': 51200, 'in_use': 512, 'reserved': 0}
    assert 'floating_ips' not in qs


def test_user_quotas(api, demo, admin):
    path = '/os-quota-sets/%s?user_id=%s' % (demo[2], demo[1])
    status, _, body = api('PUT', path, {'quota_set': {'instances': 4}}, token=admin[0])
    assert status == 200 and body['quota_set']['instances'] == 4
    assert api('GET', path)[2]['quota_set']['instances'] == 4
    assert api('GET', '/os-quota-sets/%s' % demo[2])[2]['quota_set']['instances'] == 10
    status, _, body = api('PUT', path, {'quota_set': {'instances': 11}}, token=admin[0])
    assert status == 400
    assert body['badRequest']['message'] == ('Quota limit 11 for instances must be less '
                                             'than or equal to 10.')
    # the project may not go below what its users were given
    status, _, body = api('PUT', '/os-quota-sets/%s' % demo[2],
                          {'quota_set': {'instances': 3}}, token=admin[0])
    assert status == 400
    assert api('DELETE', path, token=admin[0])[0] == 202
    assert api('GET', path)[2]['quota_set']['instances'] == 10


def test_quota_class_default_sets_the_defaults(api, demo, admin):
    status, _, body = api('GET', '/os-quota-class-sets/default', token=admin[0])
    assert status == 200
    expected = dict(NOVA_DEFAULTS, id='default', **PROXIES)
    del expected['server_groups'], expected['server_group_members']
    assert body['quota_class_set'] == expected
    try:
        status, _, body = api('PUT', '/os-quota-class-sets/default',
                              {'quota_class_set': {'instances': 7, 'key_pairs': '3'}},
                              token=admin[0])
        assert status == 200, body
        assert 'id' not in body['quota_class_set']
        assert body['quota_class_set']['instances'] == 7
        assert api('GET', '/os-quota-sets/x/defaults')[2]['quota_set']['instances'] == 7
        assert api('GET', '/os-quota-sets/%s' % demo[2])[2]['quota_set']['key_pairs'] == 3
        assert api('GET', '/os-quota-class-sets/other', token=admin[0])[2][
            'quota_class_set']['instances'] == 7
        for bad in ({'quota_class_set': {'instances': 'x'}}, {'quota_class_set': 1},
                    {'quota_class_set': {'force': True}}, {}):
            assert api('PUT', '/os-quota-class-sets/default', bad, token=admin[0])[0] == 400
    finally:
        api('PUT', '/os-quota-class-sets/default',
            {'quota_class_set': {'instances': 10, 'key_pairs': 100}}, token=admin[0])


def test_limits_follow_the_quotas_and_usage(api, demo, admin, instances):
    instances(2, vcpus=1, memory_mb=128)
    api('PUT', '/os-quota-sets/%s' % demo[2], {'quota_set': {'instances': 4, 'cores': 8}},
        token=admin[0])
    absolute = api('GET', '/limits')[2]['limits']['absolute']
    assert absolute['maxTotalInstances'] == 4 and absolute['maxTotalCores'] == 8
    assert absolute['totalInstancesUsed'] == 2 and absolute['totalCoresUsed'] == 2
    assert absolute['totalRAMUsed'] == 256 and absolute['maxTotalRAMSize'] == 51200


def test_key_pairs_quota(api, demo, admin):
    api('PUT', '/os-quota-sets/%s' % demo[2], {'quota_set': {'key_pairs': 1}}, token=admin[0])
    assert api('POST', '/os-keypairs', {'keypair': {'name': 'k1'}})[0] == 201
    status, _, body = api('POST', '/os-keypairs', {'keypair': {'name': 'k2'}})
    assert status == 403
    assert body['forbidden']['message'] == 'Quota exceeded, too many key pairs.'
    _, _, body = api('GET', '/os-quota-sets/%s/detail?user_id=%s' % (demo[2], demo[1]))
    assert body['quota_set']['key_pairs'] == {'limit': 1, 'in_use': 1, 'reserved': 0}


def test_unknown_methods_and_paths(api, demo, admin):
    status, headers, _ = api('POST', '/os-quota-sets/%s' % demo[2], {}, token=admin[0])
    assert status == 405 and headers['Allow'] == 'DELETE, GET, PUT'
    assert api('DELETE', '/os-quota-class-sets/default', token=admin[0])[0] == 405
    assert api('GET', '/os-quota-sets/%s/nothing' % demo[2])[0] == 404
