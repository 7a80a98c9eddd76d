"""A second start of `novalite serve` on the same state directory loses nothing."""
from tests.functional import conftest


def test_state_survives_restart(tmp_path):
    cloud = conftest.start_cloud(tmp_path)
    try:
        net = cloud.request('GET', '/networking/v2.0/networks?name=private')[2]['networks'][0]
        image = cloud.request('GET', '/image/v2/images?name=cirros')[2]['images'][0]
        status, _, body = cloud.request('POST', '/compute/v2.1/servers', body={'server': {
            'name': 'survivor', 'imageRef': image['id'], 'flavorRef': '1',
            'networks': [{'uuid': net['id']}]}})
        assert status == 202, body
        server, _ = cloud.wait_server(body['server']['id'])
        assert server['status'] == 'ACTIVE'
    finally:
        conftest.stop_cloud(cloud.process)
    again = conftest.start_cloud(tmp_path)
    try:
        after = again.request('GET', '/compute/v2.1/servers/%s' % server['id'])[2]['server']
        assert after['status'] == 'ACTIVE'
        assert after['addresses'] == server['addresses']
        assert again.request('GET', '/image/v2/images/%s' % image['id'])[0] == 200
        images = again.request('GET', '/image/v2/images?name=cirros')[2]['images']
        assert [i['id'] for i in images] == [image['id']]  # seeding is idempotent
        flavors = again.request('GET', '/compute/v2.1/flavors')[2]['flavors']
        assert len([f for f in flavors if f['name'] == 'm1.tiny']) == 1
        assert again.request('DELETE', '/compute/v2.1/servers/%s' % server['id'])[0] == 204
        again.wait_gone(server['id'])
    finally:
        conftest.stop_cloud(again.process)


def test_volumes_survive_restart_and_half_done_ones_settle(tmp_path):
    """Cinder's cleanup at start: a volume the stopped service was creating ends in error,
    an available one (and its file) stays as it was."""
    headers = {'OpenStack-API-Version': 'volume 3.71'}
    cloud = conftest.start_cloud(tmp_path)
    try:
        status, _, body = cloud.request('POST', '/volume/v3/volumes', headers=headers,
                                        body={'volume': {'size': 1, 'name': 'keeper'}})
        assert status == 202, body
        keeper = body['volume']['id']
        for _ in range(600):
            shown = cloud.request('GET', '/volume/v3/volumes/%s' % keeper,
                                  headers=headers)[2]['volume']
            if shown['status'] == 'available':
                break
        assert shown['status'] == 'available'
        status, _, body = cloud.request('POST', '/volume/v3/volumes', headers=headers, body={
            'volume': {'size': 1, 'metadata': {'novalite:delay_create': '120'}}})
        assert status == 202, body
        slow = body['volume']['id']
    finally:
        conftest.stop_cloud(cloud.process)
    again = conftest.start_cloud(tmp_path)
    try:
        after = again.request('GET', '/volume/v3/volumes/%s' % keeper,
                              headers=headers)[2]['volume']
        assert after['status'] == 'available' and after['name'] == 'keeper'
        assert again.request('GET', '/volume/v3/volumes/%s' % slow,
                             headers=headers)[2]['volume']['status'] == 'error'
        for vid in (slow, keeper):
            assert again.request('DELETE', '/volume/v3/volumes/%s' % vid,
                                 headers=headers)[0] == 202
    finally:
        conftest.stop_cloud(again.process)
