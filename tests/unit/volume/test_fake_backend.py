"""The fake backend's files: sparse raw, qcow2 through qemu-img, extend, copies that stay
sparse, conversion from images and for uploads."""
import os
import shutil
import types

import pytest

from novalite import exception_volume as errors
from novalite.volume.backends import fake

GiB = 1024 ** 3
needs_qemu_img = pytest.mark.skipif(shutil.which('qemu-img') is None,
                                    reason='qemu-img is not installed')


@pytest.fixture
def backend(tmp_path):
    return fake.FakeBackend(types.SimpleNamespace(state_dir=str(tmp_path)))


def _used(path):
    return os.stat(path).st_blocks * 512


def test_raw_volume_is_sparse_and_extends(backend):
    path = backend.create('v1', 2)
    assert os.path.getsize(path) == 2 * GiB and _used(path) < 1024 * 1024
    assert backend.format('v1') == 'raw'
    backend.extend('v1', 3)
    assert os.path.getsize(path) == 3 * GiB
    backend.delete('v1')
    backend.delete('v1')  # twice is fine
    assert not os.path.exists(path)


@needs_qemu_img
def test_qcow2_volume_clone_and_export(backend):
    backend.create('q1', 1, fmt='qcow2')
    assert backend.format('q1') == 'qcow2' and backend.virtual_size('q1') == GiB
    backend.extend('q1', 2)
    assert backend.virtual_size('q1') == 2 * GiB
    backend.create('r1', 1)
    with open(backend.path('r1'), 'r+b') as f:
        f.write(b'data')
    clone = backend.copy_from_file('r2', backend.path('r1'), 2)
    assert os.path.getsize(clone) == 2 * GiB and _used(clone) < 4 * 1024 * 1024
    with open(clone, 'rb') as f:
        assert f.read(4) == b'data'
    exported = backend.export('r1', 'qcow2')
    with open(exported, 'rb') as f:
        assert f.read(4) == b'QFI\xfb'
    raw = backend.create_from_image('r3', exported, 'qcow2', 1)
    with open(raw, 'rb') as f:
        assert f.read(4) == b'data'


@needs_qemu_img
def test_backend_errors_are_volume_backend_errors(backend, tmp_path):
    bogus = tmp_path / 'not-an-image'
    bogus.write_bytes(b'garbage')
    with pytest.raises(errors.VolumeBackendError):
        backend.create_from_image('x', str(bogus), 'qcow2', 1)
