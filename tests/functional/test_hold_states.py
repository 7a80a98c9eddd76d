"""`novalite serve --hold-states SECONDS` ([DEFAULT] transitional_state_hold): every host
holds each transitional state long enough for a client polling at a normal pace to see it
(REBOOT, HARD_REBOOT, REBUILD, RESIZE/VERIFY_RESIZE, the snapshot's SAVING image); the
default cloud moves on at once."""
import time

import pytest

from tests.functional.conftest import start_cloud, stop_cloud

C = '/compute/v2.1'
SERVERS = C + '/servers'
HOLD = 1.0


@pytest.fixture(scope='module')
def held(tmp_path_factory):
    cloud = start_cloud(tmp_path_factory.mktemp('held'), ['--hold-states', str(HOLD)])
    yield cloud
    stop_cloud(cloud.process)


def _boot(cloud):
    image = cloud.request('GET', '/image/v2/images?name=cirros')[2]['images'][0]['id']
    status, _, body = cloud.request('POST', SERVERS, body={'server': {
        'name': 'held', 'imageRef': image, 'flavorRef': '42', 'networks': 'none'}},
        version='2.37')
    assert status == 202, body
    server, seen = cloud.wait_server(body['server']['id'])
    assert server['status'] == 'ACTIVE', seen
    return server['id'], image


def _statuses(cloud, sid, until, timeout=60):
    """The statuses a client polling every 0.2 s sees until ``until``."""
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = cloud.request('GET', '%s/%s' % (SERVERS, sid))[2]['server']['status']
        if not seen or seen[-1] != status:
            seen.append(status)
        if status == until and len(seen) > 1:
            return seen
        time.sleep(0.2)
    raise AssertionError('no %s within %ss: %s' % (until, timeout, seen))


def _act(cloud, sid, body):
    status, _, resp = cloud.request('POST', '%s/%s/action' % (SERVERS, sid), body=body)
    assert status == 202, resp


def test_transitional_states_are_seen_when_held(held):
    sid, image = _boot(held)
    try:
        _act(held, sid, {'reboot': {'type': 'SOFT'}})
        assert _statuses(held, sid, 'ACTIVE') == ['REBOOT', 'ACTIVE']
        _act(held, sid, {'reboot': {'type': 'HARD'}})
        assert _statuses(held, sid, 'ACTIVE') == ['HARD_REBOOT', 'ACTIVE']
        _act(held, sid, {'rebuild': {'imageRef': image}})
        assert _statuses(held, sid, 'ACTIVE') == ['REBUILD', 'ACTIVE']
        _act(held, sid, {'resize': {'flavorRef': '1'}})
        assert _statuses(held, sid, 'VERIFY_RESIZE')[0] == 'RESIZE'
        status, _, _ = held.request('POST', '%s/%s/action' % (SERVERS, sid),
                                    body={'confirmResize': None})
        assert status == 204
        held.wait_server(sid, statuses=('ACTIVE',))
        status, _, body = held.request('POST', '%s/%s/action' % (SERVERS, sid),
                                       version='2.45', body={'createImage': {'name': 'h'}})
        assert status == 202
        proxy = '%s/images/%s' % (C, body['image_id'])
        assert held.request('GET', proxy)[2]['image']['status'] == 'SAVING'
        deadline = time.monotonic() + 60
        while held.request('GET', proxy)[2]['image']['status'] != 'ACTIVE':
            assert time.monotonic() < deadline
            time.sleep(0.2)
        held.request('DELETE', '/image/v2/images/%s' % body['image_id'], token='admin')
    finally:
        held.request('DELETE', '%s/%s' % (SERVERS, sid))
        held.wait_gone(sid)


def test_the_default_moves_on_at_once(cloud):
    sid, _ = _boot(cloud)
    try:
        started = time.monotonic()
        _act(cloud, sid, {'reboot': {'type': 'SOFT'}})
        server, _ = cloud.wait_server(sid, statuses=('ACTIVE',))
        assert time.monotonic() - started < HOLD
    finally:
        cloud.request('DELETE', '%s/%s' % (SERVERS, sid))
        cloud.wait_gone(sid)
