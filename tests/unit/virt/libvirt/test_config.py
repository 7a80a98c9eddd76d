"""The domain XML builder (novalite/virt/libvirt/config.py); pure xml.etree, no libvirt."""
import datetime
import xml.etree.ElementTree as ET

import pytest

from novalite.virt.libvirt import config

NS = '{%s}' % config.NOVA_NS
UUID = '6f1c4e0e-8a55-4b53-9d5e-0c1f6a1b2c3d'
PORT = 'abcdef01-2345-6789-abcd-ef0123456789'
FLAVOR = {'flavorid': '42', 'name': 'm1.nano', 'memory_mb': 128, 'vcpus': 2, 'root_gb': 1,
          'ephemeral_gb': 0, 'swap': 0, 'extra_specs': {}}
VIFS = [{'id': PORT, 'address': 'fa:16:3e:11:22:33', 'network': {'id': 'n', 'mtu': 1450},
         'ips': [{'address': '10.0.0.5', 'version': 4, 'type': 'fixed'}]}]
DISKS = [{'path': '/i/%s/disk' % UUID, 'format': 'qcow2', 'dev': 'vda'},
         {'path': '/i/%s/disk.local' % UUID, 'format': 'raw', 'dev': 'vdb'}]


def _instance(**extra):
    inst = {'id': 26, 'uuid': UUID, 'display_name': 'vm1', 'hostname': 'vm1',
            'user_id': 'user-id', 'project_id': 'project-id', 'image_ref': 'image-id',
            'flavor_id': '42', 'flavor': dict(FLAVOR)}
    inst.update(extra)
    return inst


def _xml(inst=None, **kwargs):
    kwargs.setdefault('image_meta', {'id': 'image-id', 'properties': {}})
    kwargs.setdefault('owner', {'user_name': 'demo', 'project_name': 'demo-project'})
    text = config.domain_xml(inst or _instance(), kwargs.pop('domain_type', 'kvm'),
                             kwargs.pop('disks', DISKS), kwargs.pop('vifs', VIFS),
                             '/i/%s/console.log' % UUID, **kwargs)
    return text, ET.fromstring(text)


def test_identity_and_sizes_come_from_instance_and_flavor():
    _, dom = _xml()
    assert dom.get('type') == 'kvm'
    assert dom.findtext('uuid') == UUID
    assert dom.findtext('name') == 'instance-0000001a'
    assert dom.find('memory').get('unit') == 'KiB' and dom.findtext('memory') == '131072'
    assert dom.findtext('vcpu') == '2'
    assert dom.find('os/type').text == 'hvm' and dom.find('os/boot').get('dev') == 'hd'
    entries = {e.get('name'): e.text for e in dom.iter('entry')}
    assert entries['serial'] == UUID and entries['product'] == 'OpenStack Nova'


def test_instance_name_without_database_id():
    assert config.instance_name({'uuid': UUID}) == 'instance-%s' % UUID


def test_nova_metadata_block():
    _, dom = _xml(creation_time=datetime.datetime(2024, 5, 6, 7, 8, 9))
    meta = dom.find('metadata/%sinstance' % NS)
    assert meta.findtext(NS + 'name') == 'vm1'
    assert meta.findtext(NS + 'creationTime') == '2024-05-06 07:08:09'
    flavor = meta.find(NS + 'flavor')
    assert flavor.get('name') == 'm1.nano' and flavor.get('id') == '42'
    assert {c.tag[len(NS):]: c.text for c in flavor} == {
        'memory': '128', 'disk': '1', 'swap': '0', 'ephemeral': '0', 'vcpus': '2'}
    user = meta.find('%sowner/%suser' % (NS, NS))
    project = meta.find('%sowner/%sproject' % (NS, NS))
    assert (user.get('uuid'), user.text) == ('user-id', 'demo')
    assert (project.get('uuid'), project.text) == ('project-id', 'demo-project')
    assert meta.find(NS + 'root').attrib == {'type': 'image', 'uuid': 'image-id'}
    ip = meta.find('%sports/%sport/%sip' % (NS, NS, NS))
    assert ip.attrib == {'type': 'fixed', 'address': '10.0.0.5', 'ipVersion': '4'}


def test_owner_names_fall_back_to_ids():
    _, dom = _xml(owner={})
    assert dom.find('.//%suser' % NS).text == 'user-id'


def test_read_metadata_round_trip():
    text, _ = _xml()
    meta = config.read_metadata(text)
    assert meta['uuid'] == UUID and meta['name'] == 'vm1'
    assert meta['flavor']['name'] == 'm1.nano' and meta['flavor']['memory'] == 128
    assert (meta['user_id'], meta['project_id'], meta['image_id']) == (
        'user-id', 'project-id', 'image-id')
    assert meta['ports'] == [PORT]
    assert config.read_metadata('<domain><name>x</name></domain>') == {}


def test_disks_in_boot_order():
    text, dom = _xml()
    disks = dom.findall('devices/disk')
    assert [d.find('target').get('dev') for d in disks] == ['vda', 'vdb']
    assert [d.find('driver').get('type') for d in disks] == ['qcow2', 'raw']
    assert all(d.find('target').get('bus') == 'virtio' for d in disks)
    assert config.disks_of(text) == [('vda', DISKS[0]['path']), ('vdb', DISKS[1]['path'])]


def test_serial_console_logs_to_file():
    _, dom = _xml()
    log = dom.find('devices/serial/log')
    assert log.get('file') == '/i/%s/console.log' % UUID and log.get('append') == 'off'
    assert dom.find('devices/console/target').get('type') == 'serial'


@pytest.mark.parametrize('vif_type, source, expected_source, tap', [
    ('ethernet', '', None, True),
    ('bridge', 'br-int', {'bridge': 'br-int'}, True),
    ('bridge', '', {'bridge': 'virbr0'}, True),
    ('network', '', {'network': 'default'}, False),
    ('user', '', None, False),
])
def test_interfaces_carry_the_port_mac(vif_type, source, expected_source, tap):
    _, dom = _xml(vif_type=vif_type, vif_source=source)
    (iface,) = dom.findall('devices/interface')
    assert iface.get('type') == vif_type
    assert iface.find('mac').get('address') == 'fa:16:3e:11:22:33'
    assert iface.find('model').get('type') == 'virtio'
    src = iface.find('source')
    assert (src.attrib if src is not None else None) == expected_source
    target = iface.find('target')
    assert (target.get('dev') if target is not None else None) == (
        'tapabcdef01-23' if tap else None)


def test_mtu_from_the_network():
    _, dom = _xml()
    assert dom.find('devices/interface/mtu').get('size') == '1450'


def test_no_ports_no_interfaces():
    _, dom = _xml(vifs=[])
    assert dom.findall('devices/interface') == []


def test_image_properties_guest_agent_and_machine_type():
    _, dom = _xml(image_meta={'id': 'i', 'properties': {'hw_qemu_guest_agent': 'yes',
                                                        'hw_machine_type': 'q35'}})
    channel = dom.find('devices/channel/target')
    assert channel.get('name') == config.GUEST_AGENT_CHANNEL
    assert dom.find('os/type').get('machine') == 'q35'
    _, dom = _xml(machine_type='pc')
    assert dom.find('devices/channel') is None
    assert dom.find('os/type').get('machine') == 'pc'


def test_cpu_mode_and_vnc():
    _, dom = _xml(cpu_mode='host-model', vnc=True)
    assert dom.find('cpu').get('mode') == 'host-model'
    assert dom.find('devices/graphics').attrib['listen'] == '127.0.0.1'
    _, dom = _xml(cpu_mode='none')
    assert dom.find('cpu') is None and dom.find('devices/graphics') is None


def test_flavor_of_falls_back_to_the_row():
    inst = _instance(flavor={}, memory_mb=256, vcpus=3, root_gb=2, ephemeral_gb=0)
    flavor = config.flavor_of(inst)
    assert (flavor['memory_mb'], flavor['vcpus'], flavor['name']) == (256, 3, '42')


def test_names_and_text_are_escaped():
    text, dom = _xml(_instance(display_name='<a & "b">'))
    assert dom.find('metadata/%sinstance/%sname' % (NS, NS)).text == '<a & "b">'
    assert '&lt;a &amp;' in text


def test_owning_host_beside_the_nova_block():
    text, dom = _xml(host='compute1')
    assert dom.findtext('metadata/{%s}host' % config.NOVALITE_NS) == 'compute1'
    assert config.read_metadata(text)['host'] == 'compute1'
    assert config.read_metadata(_xml()[0])['host'] is None
