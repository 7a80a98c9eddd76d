"""The /images proxy's translation of Nova's list filters into the image service's query."""
from novalite.api.compute import proxy_images


def test_list_query_maps_nova_filters():
    server = '6f1b2c4e-0d3a-4e55-9b0c-1d2e3f405162'
    assert proxy_images.list_query({
        'server': 'http://cloud/compute/v2.1/servers/%s' % server, 'type': 'snapshot',
        'status': 'ACTIVE', 'name': 'snap', 'minRam': '512', 'minDisk': '1',
        'property-color': 'blue', 'changes-since': '2024-01-01T00:00:00Z', 'limit': '2',
        'marker': 'm', 'unknown': 'x', 'property-': 'ignored'}) == {
        'instance_uuid': server, 'image_type': 'snapshot', 'status': 'active',
        'name': 'snap', 'min_ram': '512', 'min_disk': '1', 'color': 'blue',
        'updated_at': 'gte:2024-01-01T00:00:00Z', 'limit': '2', 'marker': 'm'}


def test_list_query_server_id_and_empty_values():
    assert proxy_images.list_query({'server': 'abc', 'name': ''}) == {'instance_uuid': 'abc'}
    assert proxy_images.list_query({'server': 'http://h/servers/abc/'}) == {
        'instance_uuid': 'abc'}
