"""Quotas over HTTP against `novalite serve`: an admin lowers demo's quota, boots stop at
403 with nothing extra created, limits follow, and the openstack client shows and sets them.

The cloud is shared by the other tests of the worker: every test restores demo's quotas.
"""
import json

import pytest

from .test_clients import _bin
from .test_resources import _delete, _image_id, _network_id, _osc

C = '/compute/v2.1'


def _demo_project(cloud):
    return cloud.token_body('demo')['project']['id']


def _servers(cloud):
    return cloud.request('GET', C + '/servers')[2]['servers']


@pytest.fixture
def restore_quotas(cloud):
    project = _demo_project(cloud)
    yield project
    status, _, body = cloud.request('DELETE', C + '/os-quota-sets/%s' % project, token='admin')
    assert status == 202, body


def test_boot_until_quota_exceeded(cloud, restore_quotas):
    project = restore_quotas
    used = len(_servers(cloud))
    status, _, body = cloud.request('PUT', C + '/os-quota-sets/%s' % project, token='admin',
                                    body={'quota_set': {'instances': used + 2}})
    assert status == 200 and body['quota_set']['instances'] == used + 2, body
    # a member may read it but not change it
    status, _, body = cloud.request('GET', C + '/os-quota-sets/%s' % project)
    assert status == 200 and body['quota_set']['instances'] == used + 2
    status, _, body = cloud.request('PUT', C + '/os-quota-sets/%s' % project,
                                    body={'quota_set': {'instances': 100}})
    assert status == 403 and 'forbidden' in body
    server = {'name': 'fq-vm', 'imageRef': _image_id(cloud), 'flavorRef': '42',
              'networks': [{'uuid': _network_id(cloud)}]}
    booted = []
    try:
        for _ in range(2):
            status, _, body = cloud.request('POST', C + '/servers', body={'server': server},
                                            version='2.47')
            assert status == 202, body
            booted.append(body['server']['id'])
        status, _, body = cloud.request('POST', C + '/servers', body={'server': server},
                                        version='2.47')
        assert status == 403, body
        assert body['forbidden']['message'] == (
            'Quota exceeded for instances: Requested 1, but already used %d of %d instances'
            % (used + 2, used + 2))
        status, _, body = cloud.request('POST', C + '/servers', version='2.47', body={
            'server': dict(server, min_count=2, max_count=3)})
        assert status == 403 and 'Requested 2-3' in body['forbidden']['message']
        assert len(_servers(cloud)) == used + 2  # nothing extra was created
        absolute = cloud.request('GET', C + '/limits')[2]['limits']['absolute']
        assert absolute['maxTotalInstances'] == used + 2
        assert absolute['totalInstancesUsed'] == used + 2
        _, _, body = cloud.request('GET', C + '/os-quota-sets/%s/detail' % project)
        assert body['quota_set']['instances']['in_use'] == used + 2
        # below usage needs force
        status, _, body = cloud.request('PUT', C + '/os-quota-sets/%s' % project,
                                        token='admin', body={'quota_set': {'instances': used}})
        assert status == 400 and 'already used and reserved' in body['badRequest']['message']
    finally:
        for server_id in booted:
            cloud.wait_server(server_id)
            _delete(cloud, server_id)


def test_lift_quotas_like_the_bench(cloud, restore_quotas):
    project = restore_quotas
    status, _, body = cloud.request('PUT', C + '/os-quota-sets/%s' % project, token='admin',
                                    body={'quota_set': {'instances': -1, 'cores': -1,
                                                        'ram': -1}})
    assert status == 200, body
    absolute = cloud.request('GET', C + '/limits')[2]['limits']['absolute']
    assert absolute['maxTotalInstances'] == -1 and absolute['maxTotalRAMSize'] == -1


def _quota_table(output):
    """openstack quota show -f json: [{'Resource', 'Limit', ('In Use', 'Reserved')}]."""
    return {row['Resource']: row for row in json.loads(output)}


@pytest.mark.skipif(_bin('openstack') is None, reason='python-openstackclient not installed')
def test_openstackclient_quota_show_and_set(cloud, restore_quotas):
    admin = {'cloud_name': 'novalite-admin'}
    # a member names the project by id (listing projects by name is for admins)
    shown = _quota_table(_osc(cloud, 'quota', 'show', '--compute', restore_quotas,
                              '-f', 'json'))
    assert shown['instances']['Limit'] == 10 and shown['cores']['Limit'] == 20
    _osc(cloud, 'quota', 'set', '--instances', '7', '--cores', '14', 'demo', **admin)
    shown = _quota_table(_osc(cloud, 'quota', 'show', '--compute', 'demo', '-f', 'json',
                              **admin))
    assert shown['instances']['Limit'] == 7 and shown['cores']['Limit'] == 14
    limits = json.loads(_osc(cloud, 'limits', 'show', '--absolute', '-f', 'json'))
    assert {i['Name']: i['Value'] for i in limits}['instances'] == 7
    used = len(cloud.request('GET', C + '/servers')[2]['servers'])
    usage = _quota_table(_osc(cloud, 'quota', 'show', '--compute', '--usage', 'demo',
                              '-f', 'json', **admin))
    assert usage['instances']['In Use'] == used and usage['instances']['Limit'] == 7
