"""OS-DCF:diskConfig against `novalite serve`: create with AUTO, MANUAL and without (the
image's auto_disk_config property decides), Nova's 400 for AUTO on an image that disables
it, rebuild and resize changing it, bad values."""
import pytest

from tests.functional.test_aggregates import _image
from tests.functional.test_boot_flow import _boot

SERVERS = '/compute/v2.1/servers'
DCF = 'OS-DCF:diskConfig'


@pytest.fixture(scope='module')
def images(cloud):
    made = {'auto': _image(cloud, 'dcf-auto', auto_disk_config='True'),
            'manual': _image(cloud, 'dcf-manual', auto_disk_config='False'),
            'off': _image(cloud, 'dcf-off', auto_disk_config='Disabled')}
    yield made
    for image_id in made.values():
        cloud.request('DELETE', '/image/v2/images/%s' % image_id, token='admin')


def _create(cloud, name, expect=202, version=None, **extra):
    return _boot(cloud, name, expect=expect, version=version, **extra)[1]


def _show(cloud, sid):
    return cloud.request('GET', '%s/%s' % (SERVERS, sid))[2]['server']


def _active(cloud, sid):
    server, seen = cloud.wait_server(sid)
    assert server['status'] == 'ACTIVE', (server, seen)
    return server


def _act(cloud, sid, body, expect=202):
    status, _, resp = cloud.request('POST', '%s/%s/action' % (SERVERS, sid), body=body)
    assert status == expect, (body, resp)
    return resp


def _delete(cloud, *sids):
    for sid in sids:
        cloud.request('DELETE', '%s/%s' % (SERVERS, sid))
    for sid in sids:
        cloud.wait_gone(sid)


@pytest.mark.parametrize('image, requested, expected', [
    (None, 'AUTO', 'AUTO'), (None, 'MANUAL', 'MANUAL'), (None, None, 'MANUAL'),
    ('auto', None, 'AUTO'), ('auto', 'MANUAL', 'MANUAL'), ('manual', None, 'MANUAL'),
    ('manual', 'AUTO', 'AUTO'), ('off', None, 'MANUAL'), ('off', 'MANUAL', 'MANUAL'),
])
def test_create(cloud, images, image, requested, expected):
    extra = {DCF: requested} if requested else {}
    if image:
        extra['imageRef'] = images[image]
    body = _create(cloud, 'dcf-create', version='2.1', **extra)
    sid = body['server']['id']
    try:
        assert body['server'][DCF] == expected
        assert _active(cloud, sid)[DCF] == expected
        status, _, listed = cloud.request('GET', SERVERS + '/detail?name=dcf-create')
        assert {s[DCF] for s in listed['servers'] if s['id'] == sid} == {expected}
    finally:
        _delete(cloud, sid)


def test_auto_on_a_disabled_image_is_a_400(cloud, images):
    body = _create(cloud, 'dcf-off', expect=400, imageRef=images['off'], **{DCF: 'AUTO'})
    assert body['badRequest']['message'] == (
        'Requested image %s has automatic disk resize disabled.' % images['off'])


@pytest.mark.parametrize('value', ['auto', 'BOGUS', '', None, True])
def test_bad_values_are_400s(cloud, value):
    body = _create(cloud, 'dcf-bad', expect=400, **{DCF: value})
    assert DCF in body['badRequest']['message']


def test_rebuild_changes_and_rechecks_it(cloud, images):
    sid = _create(cloud, 'dcf-rebuild', **{DCF: 'AUTO'})['server']['id']
    try:
        _active(cloud, sid)
        resp = _act(cloud, sid, {'rebuild': {'imageRef': images['auto'], DCF: 'MANUAL'}})
        assert resp['server'][DCF] == 'MANUAL'
        assert _active(cloud, sid)[DCF] == 'MANUAL'
        resp = _act(cloud, sid, {'rebuild': {'imageRef': images['off'], DCF: 'AUTO'}},
                    expect=400)
        assert resp['badRequest']['message'] == (
            'Requested image %s has automatic disk resize disabled.' % images['off'])
        resp = _act(cloud, sid, {'rebuild': {'imageRef': images['manual'], DCF: 'AUTO'}})
        assert resp['server'][DCF] == 'AUTO'
        _active(cloud, sid)
        resp = _act(cloud, sid, {'rebuild': {'imageRef': images['manual']}})   # kept
        assert resp['server'][DCF] == 'AUTO'
        _active(cloud, sid)
        _act(cloud, sid, {'rebuild': {'imageRef': images['auto'], DCF: 'x'}}, expect=400)
    finally:
        _delete(cloud, sid)


def test_resize_changes_it(cloud, images):
    sid = _create(cloud, 'dcf-resize', imageRef=images['off'])['server']['id']
    try:
        assert _active(cloud, sid)[DCF] == 'MANUAL'
        resp = _act(cloud, sid, {'resize': {'flavorRef': '84', DCF: 'AUTO'}}, expect=400)
        assert resp['badRequest']['message'] == (
            'Requested image %s has automatic disk resize disabled.' % images['off'])
        _act(cloud, sid, {'resize': {'flavorRef': '84', DCF: 'manual'}}, expect=400)
    finally:
        _delete(cloud, sid)
    sid = _create(cloud, 'dcf-resize', **{DCF: 'MANUAL'})['server']['id']
    try:
        _active(cloud, sid)
        _act(cloud, sid, {'resize': {'flavorRef': '84', DCF: 'AUTO'}})
        server, seen = cloud.wait_server(sid, statuses=('VERIFY_RESIZE', 'ERROR'))
        assert server['status'] == 'VERIFY_RESIZE', (server, seen)
        assert server[DCF] == 'AUTO'
        _act(cloud, sid, {'confirmResize': None}, expect=204)
        assert _active(cloud, sid)[DCF] == 'AUTO'
    finally:
        _delete(cloud, sid)
