"""The qcow2 image format, as far as novalite writes it: a small, valid, empty image.

The seeded ``cirros`` stand-in (novalite/db/image.py) and the fake driver's snapshots
(novalite/virt/fake.py) are both such images; this module sits below both, so neither reads
the other. Pure: no I/O, no novalite imports.
"""
import struct

MAGIC = b'QFI\xfb'
CLUSTER = 8192                 # 8 KiB clusters (cluster_bits 13)
BANNER_OFFSET, BANNER_MAX = 1024, 200  # free bytes of the header cluster


def empty(virtual_size, banner=b''):
    """A valid, empty qcow2 v3 image of ``virtual_size`` bytes (four clusters: header, refcount
    table, refcount block, L1 table), with ``banner`` (at most 200 bytes) at offset 1024."""
    if len(banner) > BANNER_MAX:
        raise ValueError('banner longer than %d bytes' % BANNER_MAX)
    l1_entries = -(-virtual_size // (CLUSTER * (CLUSTER // 8)))
    header = struct.pack(
        '>4sIQIIQIIQQIIQQQQII', MAGIC, 3, 0, 0, 13, virtual_size, 0, l1_entries,
        3 * CLUSTER, CLUSTER, 1, 0, 0, 0, 0, 0, 4, 104)
    clusters = [bytearray(CLUSTER) for _ in range(4)]
    clusters[0][:len(header)] = header
    clusters[0][BANNER_OFFSET:BANNER_OFFSET + len(banner)] = banner
    clusters[1][:8] = struct.pack('>Q', 2 * CLUSTER)          # refcount table -> block
    for index in range(4):                                     # 16-bit refcounts
        clusters[2][index * 2:index * 2 + 2] = struct.pack('>H', 1)
    return b''.join(bytes(c) for c in clusters)
