"""The server-move functional tests (resize, confirm, revert, cold migration, evacuation,
os-migrations) again, on a cloud of their own with ``compute_driver = libvirt`` on libvirt's
test hypervisor, plus the files a resize leaves on the shared instances path.

Every ``test_*`` of tests/functional/test_server_moves.py that takes ``cloud`` is collected
here a second time, with this module's ``cloud``.
"""
import os
import time

import pytest

from tests.functional import conftest

pytest.importorskip('libvirt', reason='libvirt-python is not installed')

_modules = conftest.reuse_tests(globals(), ('test_server_moves',), fixtures=('cloud',))
_moves_config = getattr(_modules[0], 'CONFIG', '') if _modules else ''


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    state = tmp_path_factory.mktemp('novalite-libvirt-moves')
    c = conftest.start_cloud(state, config=conftest.merge_configs(conftest.LIBVIRT_CONFIG,
                                                                   _moves_config))
    c.driver = 'libvirt'
    yield c
    conftest.stop_cloud(c.process)


def _wait_status(cloud, sid, status):
    server, seen = cloud.wait_server(sid, statuses=(status, 'ERROR'), token='admin',
                                     version='2.47')
    assert server['status'] == status, (server, seen)
    return server


@pytest.mark.skipif(not _modules, reason='server moves are not there yet')
def test_resize_keeps_the_old_files_until_confirmed(cloud):
    from tests.functional.test_boot_flow import _boot
    _, body = _boot(cloud, 'lv-resize')
    sid = body['server']['id']
    _wait_status(cloud, sid, 'ACTIVE')
    path = os.path.join(cloud.state_dir, 'instances', sid)
    status, _, resp = cloud.request('POST', '/compute/v2.1/servers/%s/action' % sid,
                                    body={'resize': {'flavorRef': '84'}})
    assert status == 202, resp
    _wait_status(cloud, sid, 'VERIFY_RESIZE')
    assert os.path.isdir(path + '_resize')  # the old guest's files, for a revert
    with open(os.path.join(path, 'libvirt.xml')) as f:
        assert '<memory unit="KiB">196608</memory>' in f.read()  # m1.micro
    status, _, resp = cloud.request('POST', '/compute/v2.1/servers/%s/action' % sid,
                                    body={'confirmResize': None})
    assert status == 204, resp
    _wait_status(cloud, sid, 'ACTIVE')
    deadline = time.monotonic() + 10
    while os.path.isdir(path + '_resize'):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    cloud.request('DELETE', '/compute/v2.1/servers/%s' % sid)
    cloud.wait_gone(sid)
    assert not os.path.exists(path)
