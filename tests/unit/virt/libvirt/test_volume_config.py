"""A volume as a libvirt <disk>: file or block source, serial, added after the last disk and
removed by its target."""
from novalite.virt.libvirt import config

DOMAIN = ('<domain type="test"><devices><disk type="file" device="disk">'
          '<source file="/i/disk"/><target dev="vda" bus="virtio"/></disk>'
          '<interface type="ethernet"><mac address="fa:16:3e:00:00:01"/></interface>'
          '</devices></domain>')


def test_volume_disk_xml_file_and_block():
    info = {'driver_volume_type': 'local', 'serial': 'vol-1',
            'data': {'device_path': '/state/volumes/vol-1', 'format': 'qcow2'}}
    xml = config.volume_disk_xml(info, 'vdb')
    assert 'type="file"' in xml and 'file="/state/volumes/vol-1"' in xml
    assert 'type="qcow2"' in xml and '<serial>vol-1</serial>' in xml and 'dev="vdb"' in xml
    block = config.volume_disk_xml({'data': {'device_path': '/dev/loop3'}}, 'vdc')
    assert 'type="block"' in block and 'dev="/dev/loop3"' in block and 'type="raw"' in block


def test_with_and_without_disk():
    disk = config.volume_disk_xml({'data': {'device_path': '/v/1'}}, 'vdb')
    added = config.with_disk(DOMAIN, disk)
    assert [d for d, _ in config.disks_of(added)] == ['vda', 'vdb']
    assert added.index('vdb') < added.index('<interface')
    assert config.disk_by_target(added, 'vdb') is not None
    removed = config.without_disk(added, 'vdb')
    assert config.disk_by_target(removed, 'vdb') is None
    assert [d for d, _ in config.disks_of(removed)] == ['vda']
