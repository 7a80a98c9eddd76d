"""OS-DCF:diskConfig through the compute paste pipeline, in-process: the views show the
instance's auto_disk_config as AUTO/MANUAL at every microversion, rebuild, resize and
update take it (bad values are 400s), and the server-create plugin's part."""
import pytest

from novalite.api.compute import disk_config
from novalite.api.compute.server_create import disk_config as plugin
from novalite.compute import create_request
from novalite.db import api as db_api
from tests.unit.api.compute import test_server_image_actions as image_actions

act = image_actions.act
casts, compute, base_server = image_actions.casts, image_actions.compute, image_actions.server
images, IMAGE = image_actions.images, image_actions.IMAGE
NANO = {'flavorid': '42', 'name': 'm1.nano', 'memory_mb': 128, 'vcpus': 1, 'root_gb': 1,
        'ephemeral_gb': 0, 'swap': 0, 'extra_specs': {}}


@pytest.fixture
def server(base_server):
    """The other tests' server row, with a whole flavor (2.47's embedded one, resize)."""
    def _make(**values):
        return base_server(**dict({'flavor': NANO, 'flavor_id': '42', 'memory_mb': 128}, **values))
    return _make


def _show(compute, demo, sid, version=None):
    headers = {'OpenStack-API-Version': 'compute %s' % version} if version else {}
    status, _, body = compute.request('GET', '/v2.1/servers/%s' % sid, token=demo[0],
                                      headers=headers)
    assert status == 200, body
    return body['server']


@pytest.mark.parametrize('version', [None, '2.1', '2.47', '2.75', '2.100'])
def test_views_show_auto_or_manual_at_every_microversion(compute, demo, server, version):
    assert _show(compute, demo, server(auto_disk_config=True),
                 version)['OS-DCF:diskConfig'] == 'AUTO'
    assert _show(compute, demo, server(auto_disk_config=False),
                 version)['OS-DCF:diskConfig'] == 'MANUAL'
    assert _show(compute, demo, server(), version)['OS-DCF:diskConfig'] == 'MANUAL'
    status, _, body = compute.request('GET', '/v2.1/servers/detail', token=demo[0])
    assert {s['OS-DCF:diskConfig'] for s in body['servers']} == {'AUTO', 'MANUAL'}


def test_update_sets_it(compute, demo, server):
    sid = server()
    status, _, body = compute.request('PUT', '/v2.1/servers/%s' % sid, token=demo[0],
                                      body={'server': {'OS-DCF:diskConfig': 'AUTO'}})
    assert status == 200 and body['server']['OS-DCF:diskConfig'] == 'AUTO'
    assert db_api.instance_get(sid)['auto_disk_config'] is True


def test_resize_takes_it(compute, demo, server, casts):
    sid = server(auto_disk_config=True)
    from novalite import seed
    seed.seed_flavors()
    status, _, resp = act(compute, demo, sid, {'resize': {'flavorRef': '84',
                                                          'OS-DCF:diskConfig': 'MANUAL'}})
    assert status == 202, resp
    assert db_api.instance_get(sid)['auto_disk_config'] is False
    assert [m for m, _ in casts()] == ['migrate_server']


def test_rebuild_takes_it_and_shows_it(compute, demo, server, casts, images):
    sid = server()
    status, _, resp = act(compute, demo, sid, {'rebuild': {'imageRef': IMAGE,
                                                           'OS-DCF:diskConfig': 'AUTO'}})
    assert status == 202 and resp['server']['OS-DCF:diskConfig'] == 'AUTO'
    assert db_api.instance_get(sid)['auto_disk_config'] is True


@pytest.mark.parametrize('method, path, body', [
    ('POST', '/action', {'rebuild': {'imageRef': IMAGE, 'OS-DCF:diskConfig': 'auto'}}),
    ('POST', '/action', {'resize': {'flavorRef': '84', 'OS-DCF:diskConfig': 'BOGUS'}}),
    ('POST', '/action', {'resize': {'flavorRef': '84', 'OS-DCF:diskConfig': None}}),
    ('PUT', '', {'server': {'OS-DCF:diskConfig': True}}),
])
def test_bad_values_are_400s(compute, demo, server, casts, images, method, path, body):
    sid = server()
    status, _, resp = compute.request(method, '/v2.1/servers/%s%s' % (sid, path),
                                      token=demo[0], body=body)
    assert status == 400, resp
    assert 'OS-DCF:diskConfig' in resp['badRequest']['message']
    assert db_api.instance_get(sid)['auto_disk_config'] is None
    assert casts() == []


def test_the_create_plugin(conf):
    ext = plugin.DiskConfig(conf)
    props, top, required = ext.schema(None)
    assert props == {'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']}}
    assert (top, required) == ({}, [])
    for value, expected in (('AUTO', True), ('MANUAL', False)):
        create_req = create_request.CreateRequest()
        ext.server_create({'OS-DCF:diskConfig': value}, create_req, None, None)
        assert create_req.auto_disk_config is expected
    create_req = create_request.CreateRequest()
    ext.server_create({}, create_req, None, None)
    assert create_req == create_request.CreateRequest()  # absent: compute.api takes the image's


def test_to_api():
    assert disk_config.to_api({'auto_disk_config': True}) == 'AUTO'
    assert disk_config.to_api({'auto_disk_config': None}) == 'MANUAL'
    assert disk_config.to_api({}) == 'MANUAL'
