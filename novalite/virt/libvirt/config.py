"""The guest's domain XML, built with xml.etree as Nova's LibvirtConfigGuest renders it.

``domain_xml`` takes plain data (the instance row, its flavor snapshot, the image record,
network_info and the disk files) and returns the XML text; ``read_metadata`` reads the
nova-like ``<metadata>`` block back.
"""
import datetime
import xml.etree.ElementTree as ET

NOVA_NS = 'http://openstack.org/xmlns/libvirt/nova/1.1'
NOVALITE_NS = 'http://novalite.openstack/xmlns/libvirt/1.0'  # which compute host owns it
PACKAGE = 'novalite'
GUEST_AGENT_CHANNEL = 'org.qemu.guest_agent.0'

ET.register_namespace('nova', NOVA_NS)
ET.register_namespace('novalite', NOVALITE_NS)


def instance_name(instance):
    """Nova's ``instance_name_template`` (``instance-%08x`` of the database id)."""
    if instance.get('id') is not None:
        return 'instance-%08x' % int(instance['id'])
    return 'instance-%s' % instance['uuid']


def flavor_of(instance):
    """The flavor snapshot the instance row carries, with the row's own sizes as fallback."""
    flavor = dict(instance.get('flavor') or {})
    for key, row_key in (('memory_mb', 'memory_mb'), ('vcpus', 'vcpus'),
                         ('root_gb', 'root_gb'), ('ephemeral_gb', 'ephemeral_gb')):
        if flavor.get(key) is None and instance.get(row_key) is not None:
            flavor[key] = instance[row_key]
    flavor.setdefault('name', instance.get('flavor_id') or '')
    flavor.setdefault('swap', 0)
    return flavor


def tap_name(port_id):
    """os-vif's tap device name for a port: ``tap`` + the first 11 characters of its id."""
    return ('tap' + port_id)[:14]


def _sub(parent, tag, text=None, **attrs):
    el = ET.SubElement(parent, tag, {k.rstrip('_'): str(v) for k, v in attrs.items()
                                     if v is not None})
    if text is not None:
        el.text = str(text)
    return el


def _nova(tag):
    return '{%s}%s' % (NOVA_NS, tag)


def _metadata(parent, instance, flavor, image_meta, vifs, owner, creation_time, host):
    metadata = _sub(parent, 'metadata')
    meta = _sub(metadata, _nova('instance'))
    if host:  # compute hosts that share a hypervisor tell their domains apart by it
        _sub(metadata, '{%s}host' % NOVALITE_NS, host)
    _sub(meta, _nova('package'), version='%s' % PACKAGE)
    _sub(meta, _nova('name'), instance.get('display_name') or instance.get('hostname') or '')
    _sub(meta, _nova('creationTime'), creation_time.strftime('%Y-%m-%d %H:%M:%S'))
    fl = _sub(meta, _nova('flavor'), name=flavor.get('name', ''),
              id=flavor.get('flavorid', instance.get('flavor_id')))
    for key, tag in (('memory_mb', 'memory'), ('root_gb', 'disk'), ('swap', 'swap'),
                     ('ephemeral_gb', 'ephemeral'), ('vcpus', 'vcpus')):
        _sub(fl, _nova(tag), int(flavor.get(key) or 0))
    who = _sub(meta, _nova('owner'))
    _sub(who, _nova('user'), owner.get('user_name') or instance.get('user_id', ''),
         uuid=instance.get('user_id', ''))
    _sub(who, _nova('project'), owner.get('project_name') or instance.get('project_id', ''),
         uuid=instance.get('project_id', ''))
    if (image_meta or {}).get('id') or instance.get('image_ref'):
        _sub(meta, _nova('root'), type='image',
             uuid=(image_meta or {}).get('id') or instance.get('image_ref'))
    ports = _sub(meta, _nova('ports'))
    for vif in vifs:
        port = _sub(ports, _nova('port'), uuid=vif['id'])
        for ip in vif.get('ips') or []:
            _sub(port, _nova('ip'), type=ip.get('type', 'fixed'), address=ip['address'],
                 ipVersion=ip.get('version', 4))
    _sub(meta, _nova('uuid'), instance['uuid'])  # novalite: the instance uuid, readable


def _interface(vif, vif_type, vif_source):
    """The ``<interface>`` element of one vif (network_info entry), not yet placed."""
    iface = ET.Element('interface', type=vif_type)
    _sub(iface, 'mac', address=vif['address'])
    if vif_type == 'bridge':
        _sub(iface, 'source', bridge=vif_source or 'virbr0')
    elif vif_type == 'network':
        _sub(iface, 'source', network=vif_source or 'default')
    _sub(iface, 'model', type_='virtio')
    if vif_type in ('ethernet', 'bridge'):
        _sub(iface, 'target', dev=tap_name(vif['id']))
    mtu = (vif.get('network') or {}).get('mtu')
    if mtu and vif_type != 'user':
        _sub(iface, 'mtu', size=int(mtu))
    return iface


def interface_xml(vif, vif_type='ethernet', vif_source=''):
    """The XML text of one vif's ``<interface>`` (what ``attachDeviceFlags`` takes), as
    ``domain_xml`` places it among the devices."""
    return ET.tostring(_interface(vif, vif_type, vif_source), encoding='unicode')


def interface_by_mac(xml_text, mac):
    """The XML text of the domain's ``<interface>`` with MAC ``mac``, or None."""
    for iface in ET.fromstring(xml_text).iter('interface'):
        el = iface.find('mac')
        if el is not None and (el.get('address') or '').lower() == mac.lower():
            return ET.tostring(iface, encoding='unicode').strip()
    return None


def with_interface(xml_text, iface_xml):
    """The domain XML with ``iface_xml`` added after its last interface (or disk)."""
    root = ET.fromstring(xml_text)
    devices = root.find('devices')
    if devices is None:
        devices = _sub(root, 'devices')
    children = list(devices)
    after = [i for i, el in enumerate(children) if el.tag in ('disk', 'interface')]
    devices.insert(after[-1] + 1 if after else len(children), ET.fromstring(iface_xml))
    ET.indent(root)
    return ET.tostring(root, encoding='unicode')


def without_interface(xml_text, mac):
    """The domain XML without the ``<interface>`` whose MAC is ``mac``."""
    root = ET.fromstring(xml_text)
    for devices in root.iter('devices'):
        for iface in devices.findall('interface'):
            el = iface.find('mac')
            if el is not None and (el.get('address') or '').lower() == mac.lower():
                devices.remove(iface)
    ET.indent(root)
    return ET.tostring(root, encoding='unicode')


def domain_type(xml_text):
    """The ``<domain type=...>`` of a domain XML (kvm, qemu, test)."""
    return ET.fromstring(xml_text).get('type')


def io_devices(xml_text):
    """Nova's ``_get_io_devices``: ([disk target devs], [(interface MAC, target dev or
    None)]) of a domain XML."""
    root = ET.fromstring(xml_text)
    disks = [t.get('dev') for t in root.findall('devices/disk/target') if t.get('dev')]
    nics = []
    for iface in root.findall('devices/interface'):
        mac, target = iface.find('mac'), iface.find('target')
        nics.append((None if mac is None else mac.get('address'),
                     None if target is None else target.get('dev')))
    return disks, nics


def domain_xml(instance, domain_type, disks, vifs, console_log, image_meta=None, owner=None,
               machine_type=None, cpu_mode=None, vif_type='ethernet', vif_source='',
               vnc=False, creation_time=None, host=None):
    """The domain XML text.

    ``disks``: dicts with ``path``, ``format`` (qcow2/raw), ``dev`` (vda, vdb, ...) and
    optionally ``bus`` (virtio) and ``device`` (disk/cdrom), in boot order;
    ``vifs``: network_info; ``console_log``: the serial console's log file; ``host``: the
    compute host, recorded in a ``<novalite:host>`` element beside Nova's block.
    """
    flavor = flavor_of(instance)
    props = (image_meta or {}).get('properties') or {}
    dom = ET.Element('domain', type=domain_type)
    _sub(dom, 'uuid', instance['uuid'])
    _sub(dom, 'name', instance_name(instance))
    _sub(dom, 'memory', int(flavor.get('memory_mb') or 0) * 1024, unit='KiB')
    _sub(dom, 'vcpu', int(flavor.get('vcpus') or 1))
    _metadata(dom, instance, flavor, image_meta, vifs, owner or {},
              creation_time or datetime.datetime.now(datetime.timezone.utc), host)
    sysinfo = _sub(_sub(dom, 'sysinfo', type_='smbios'), 'system')
    for name, value in (('manufacturer', 'OpenStack Foundation'),
                        ('product', 'OpenStack Nova'), ('version', PACKAGE),
                        ('serial', instance['uuid']), ('uuid', instance['uuid']),
                        ('family', 'Virtual Machine')):
        _sub(sysinfo, 'entry', value, name=name)
    os_el = _sub(dom, 'os')
    _sub(os_el, 'type', 'hvm', machine=props.get('hw_machine_type') or machine_type)
    _sub(os_el, 'boot', dev='hd')
    _sub(os_el, 'smbios', mode='sysinfo')
    features = _sub(dom, 'features')
    _sub(features, 'acpi')
    _sub(features, 'apic')
    _sub(dom, 'clock', offset='utc')
    if cpu_mode and cpu_mode != 'none':
        _sub(dom, 'cpu', mode=cpu_mode)
    devices = _sub(dom, 'devices')
    for disk in disks:
        el = _sub(devices, 'disk', type_='file', device=disk.get('device', 'disk'))
        _sub(el, 'driver', name='qemu', type_=disk['format'], cache='none')
        _sub(el, 'source', file=disk['path'])
        _sub(el, 'target', dev=disk['dev'], bus=disk.get('bus', 'virtio'))
    for vif in vifs:
        devices.append(_interface(vif, vif_type, vif_source))
    serial = _sub(devices, 'serial', type_='pty')
    _sub(serial, 'log', file=console_log, append='off')
    _sub(serial, 'target', port=0)
    console = _sub(devices, 'console', type_='pty')
    _sub(console, 'target', type_='serial', port=0)
    if str(props.get('hw_qemu_guest_agent', '')).lower() in ('yes', 'true', '1'):
        channel = _sub(devices, 'channel', type_='unix')
        _sub(channel, 'target', type_='virtio', name=GUEST_AGENT_CHANNEL)
    if vnc:
        _sub(devices, 'graphics', type_='vnc', autoport='yes', listen='127.0.0.1')
        _sub(_sub(devices, 'video'), 'model', type_='virtio')
    _sub(_sub(devices, 'memballoon', model='virtio'), 'stats', period=10)
    ET.indent(dom)
    return ET.tostring(dom, encoding='unicode')


def read_metadata(xml_text):
    """The ``<nova:instance>`` block of a domain XML as a dict (empty if none)."""
    root = ET.fromstring(xml_text)
    meta = root.find('metadata/{%s}instance' % NOVA_NS)
    if meta is None:
        return {}
    host = root.find('metadata/{%s}host' % NOVALITE_NS)

    def text(path):
        el = meta.find(path.replace('nova:', '{%s}' % NOVA_NS))
        return el.text if el is not None else None

    flavor = meta.find(_nova('flavor'))
    user = meta.find('%s/%s' % (_nova('owner'), _nova('user')))
    project = meta.find('%s/%s' % (_nova('owner'), _nova('project')))
    root_el = meta.find(_nova('root'))
    return {
        'uuid': text('nova:uuid') or (root.findtext('uuid') or '').strip(),
        'name': text('nova:name'),
        'flavor': None if flavor is None else dict(
            flavor.attrib, **{child.tag.split('}')[1]: int(child.text)
                              for child in flavor}),
        'user_id': None if user is None else user.get('uuid'),
        'project_id': None if project is None else project.get('uuid'),
        'image_id': None if root_el is None else root_el.get('uuid'),
        'ports': [p.get('uuid') for p in meta.iter(_nova('port'))],
        'host': None if host is None else host.text,
    }


def disks_of(xml_text):
    """[(target dev, source file)] of a domain XML's file disks."""
    root = ET.fromstring(xml_text)
    out = []
    for disk in root.iter('disk'):
        source, target = disk.find('source'), disk.find('target')
        if source is not None and target is not None and source.get('file'):
            out.append((target.get('dev'), source.get('file')))
    return out


# ---------------------------------------------------------------------- volumes
def volume_path(connection_info):
    """The host path a volume's connection info names (Nova's LibvirtVolumeDriver reads
    ``device_path`` of a local/file connection), and its format."""
    data = connection_info.get('data') or {}
    path = data.get('device_path') or data.get('path') or data.get('export')
    if not path:
        raise ValueError('connection info of type %s names no path'
                         % connection_info.get('driver_volume_type'))
    return path, data.get('format') or 'raw'


def volume_disk_xml(connection_info, dev, bus='virtio'):
    """The ``<disk>`` of an attached volume (what ``attachDeviceFlags`` takes): a file, or a
    block device under /dev, with the volume id as its serial, as Nova's
    LibvirtConfigGuestDisk renders a volume."""
    path, fmt = volume_path(connection_info)
    block = path.startswith('/dev/')
    disk = ET.Element('disk', type='block' if block else 'file', device='disk')
    _sub(disk, 'driver', name='qemu', type_=fmt, cache='none')
    _sub(disk, 'source', **({'dev': path} if block else {'file': path}))
    _sub(disk, 'target', dev=dev, bus=bus or 'virtio')
    if connection_info.get('serial'):
        _sub(disk, 'serial', connection_info['serial'])
    return ET.tostring(disk, encoding='unicode')


def disk_by_target(xml_text, dev):
    """The XML text of the domain's ``<disk>`` whose target is ``dev``, or None."""
    for disk in ET.fromstring(xml_text).iter('disk'):
        target = disk.find('target')
        if target is not None and target.get('dev') == dev:
            return ET.tostring(disk, encoding='unicode').strip()
    return None


def with_disk(xml_text, disk_xml):
    """The domain XML with ``disk_xml`` added after its last disk."""
    root = ET.fromstring(xml_text)
    devices = root.find('devices')
    if devices is None:
        devices = _sub(root, 'devices')
    children = list(devices)
    after = [i for i, el in enumerate(children) if el.tag == 'disk']
    devices.insert(after[-1] + 1 if after else 0, ET.fromstring(disk_xml))
    ET.indent(root)
    return ET.tostring(root, encoding='unicode')


def without_disk(xml_text, dev):
    """The domain XML without the ``<disk>`` whose target is ``dev``."""
    root = ET.fromstring(xml_text)
    for devices in root.iter('devices'):
        for disk in devices.findall('disk'):
            target = disk.find('target')
            if target is not None and target.get('dev') == dev:
                devices.remove(disk)
    ET.indent(root)
    return ET.tostring(root, encoding='unicode')
