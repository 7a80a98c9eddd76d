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
