"""novalite/qcow2.py: the small, empty qcow2 images novalite writes."""
import struct

import pytest

from novalite import qcow2


def test_an_empty_image_has_a_v3_header_its_size_and_the_banner():
    data = qcow2.empty(64 * 1024 * 1024, b'hello')
    magic, version = struct.unpack('>4sI', data[:8])
    assert (magic, version) == (qcow2.MAGIC, 3)
    assert struct.unpack('>Q', data[24:32])[0] == 64 * 1024 * 1024
    assert struct.unpack('>I', data[20:24])[0] == 13  # 8 KiB clusters
    assert len(data) == 4 * qcow2.CLUSTER
    assert data[1024:1029] == b'hello' and data[1029] == 0


def test_a_banner_longer_than_the_free_header_space_is_refused():
    with pytest.raises(ValueError):
        qcow2.empty(1024 * 1024, b'x' * (qcow2.BANNER_MAX + 1))
