"""LibvirtDriver against libvirt's in-process test hypervisor (test:///default): every
action's libvirt calls and the power states they leave, the files it keeps, init_host."""
import os
import struct
import uuid
import xml.etree.ElementTree as ET

import pytest

from novalite import exception
from novalite.compute import states
from novalite.db import image as image_db
from novalite.virt import driver
from novalite.virt.libvirt import config
from novalite.virt.libvirt import host as libvirt_host
from novalite.virt.libvirt import imagebackend

libvirt = pytest.importorskip('libvirt', reason='libvirt-python is not installed')

IMAGE = {'id': 'img-1', 'status': 'active', 'properties': {}}
VIFS = [{'id': 'abcdef01-2345-6789-abcd-ef0123456789', 'address': 'fa:16:3e:00:00:01',
         'network': {'id': 'net', 'mtu': None}, 'ips': []}]


@pytest.fixture(params=['copy', 'qemu-img'])
def lvconf(request, conf, monkeypatch):
    """Both ways of making disks: a copy of the image (no qemu-img) and a qcow2 overlay."""
    if request.param == 'copy':
        monkeypatch.setattr(imagebackend, 'qemu_img', lambda: None)
    elif imagebackend.qemu_img() is None:
        pytest.skip('qemu-img is not installed')
    conf.set_override('compute_driver', 'libvirt')
    conf.set_override('connection_uri', 'test:///default', group='libvirt')
    conf.set_override('shutdown_timeout', 1, group='libvirt')
    conf.set_override('wait_soft_reboot_seconds', 1, group='libvirt')
    base = os.path.join(conf.instances_path, '_base')
    os.makedirs(base)
    with open(os.path.join(base, IMAGE['id']), 'wb') as f:  # the image cache, filled
        f.write(image_db.cirros_bytes())
    return conf


@pytest.fixture
def drv(lvconf):
    # test:///default is one hypervisor per process (reset only when every connection and
    # domain object is gone), so tests look at their own instances only
    d = driver.load(lvconf, 'host1')
    yield d
    d.hyp.close()


_IDS = iter(range(1, 10 ** 6))


def _instance(**extra):
    inst = {'id': next(_IDS), 'uuid': str(uuid.uuid4()), 'display_name': 'vm',
            'hostname': 'vm', 'user_id': 'u', 'project_id': 'p', 'image_ref': IMAGE['id'],
            'vm_state': states.BUILDING, 'task_state': None, 'power_state': 0,
            'metadata': {},
            'flavor': {'flavorid': '42', 'name': 'm1.nano', 'memory_mb': 128, 'vcpus': 1,
                       'root_gb': 1, 'ephemeral_gb': 0, 'swap': 0, 'extra_specs': {}}}
    inst.update(extra)
    return inst


@pytest.fixture
def booted(drv):
    inst = _instance()
    drv.spawn(None, inst, IMAGE, VIFS)
    return inst


def _dom_xml(drv, inst):
    return ET.fromstring(drv.hyp.lookup(inst['uuid']).XMLDesc(0))


def _files(drv, inst):
    return sorted(os.listdir(drv.disks.instance_dir(inst['uuid'])))


def test_is_the_driver_stevedore_loads(drv):
    assert type(drv).__name__ == 'LibvirtDriver'
    assert drv.uri == 'test:///default' and drv.emulated


def test_default_uri_is_qemu_system(conf):
    conf.set_override('compute_driver', 'libvirt')
    assert driver.load(conf, 'h').uri == 'qemu:///system'


def test_resources_from_the_hypervisor(drv):
    res = drv.get_available_resource('host1')
    assert (res['vcpus'], res['memory_mb']) == (16, 3072)  # the test hypervisor's node
    assert res['hypervisor_type'] == 'TEST' and res['hypervisor_version'] >= 1
    assert res['local_gb'] > 0
    assert drv.get_available_nodes() == ['host1']


def test_unreachable_hypervisor_is_a_driver_error(lvconf):
    lvconf.set_override('connection_uri', 'test:///nonexistent/file.xml', group='libvirt')
    d = driver.load(lvconf, 'host1')
    with pytest.raises(exception.VirtDriverError, match='cannot connect to libvirt'):
        d.get_power_state(_instance())


def test_spawn_defines_and_starts_the_domain(drv, booted):
    assert drv.get_power_state(booted) == states.RUNNING
    uuids = drv.list_instance_uuids()
    assert booted['uuid'] in uuids
    builtin = drv.hyp.get_connection().lookupByName('test').UUIDString()
    assert builtin not in uuids  # the test hypervisor's own domain 'test' is not ours
    dom = _dom_xml(drv, booted)
    assert dom.findtext('name') == config.instance_name(booted)
    assert dom.findtext('memory') == '131072'
    assert dom.find('devices/interface/mac').get('address') == VIFS[0]['address']
    assert config.read_metadata(ET.tostring(dom, encoding='unicode'))['uuid'] == \
        booted['uuid']
    assert _files(drv, booted) == ['console.log', 'disk', 'image_meta.json', 'libvirt.xml']
    with open(drv.disks.path(booted['uuid']), 'rb') as f:
        assert f.read(4) == b'QFI\xfb'


def test_root_disk_is_an_overlay_grown_to_the_flavor_or_a_copy(drv, booted):
    disk = drv.disks.path(booted['uuid'])
    base = os.path.join(drv.disks.root, '_base', IMAGE['id'])
    with open(disk, 'rb') as f:
        head = f.read(32)
    if imagebackend.qemu_img() is None:
        with open(disk, 'rb') as f, open(base, 'rb') as b:
            assert f.read() == b.read()
        return
    offset, length = struct.unpack('>QI', head[8:20])
    with open(disk, 'rb') as f:
        f.seek(offset)
        assert f.read(length).decode() == base  # backed by the cached image
    assert imagebackend.virtual_size(disk) == imagebackend.GiB  # m1.nano's root_gb


def test_ephemeral_and_swap_disks(drv):
    inst = _instance()
    inst['flavor'].update(ephemeral_gb=1, swap=512)
    drv.spawn(None, inst, IMAGE, VIFS)
    disks = config.disks_of(drv.hyp.lookup(inst['uuid']).XMLDesc(0))
    assert [(dev, os.path.basename(p)) for dev, p in disks] == [
        ('vda', 'disk'), ('vdb', 'disk.local'), ('vdc', 'disk.swap')]
    assert os.path.getsize(drv.disks.path(inst['uuid'], 'disk.local')) == imagebackend.GiB


def test_spawn_without_image_gets_a_blank_root_disk(drv):
    inst = _instance(image_ref='')
    drv.spawn(None, inst, {}, [])
    assert imagebackend.detect_format(drv.disks.path(inst['uuid'])) == 'raw'
    assert drv.get_power_state(inst) == states.RUNNING


def test_flavor_disk_smaller_than_image(drv, monkeypatch):
    monkeypatch.setattr(imagebackend, 'virtual_size', lambda path: 2 * imagebackend.GiB)
    with pytest.raises(exception.VirtDriverError, match='too small'):
        drv.spawn(None, _instance(), IMAGE, VIFS)


def test_destroy_undefines_and_removes_files(drv, booted):
    drv.destroy(None, booted, VIFS)
    assert drv.hyp.lookup(booted['uuid']) is None
    assert drv.get_power_state(booted) == states.NOSTATE
    assert not os.path.exists(drv.disks.instance_dir(booted['uuid']))
    drv.destroy(None, booted, VIFS)  # a guest that is gone is not an error


def test_destroy_a_suspended_guest_drops_its_saved_memory(drv, booted):
    drv.suspend(None, booted)
    drv.destroy(None, booted, VIFS)
    assert drv.hyp.lookup(booted['uuid']) is None


def test_power_off_and_on(drv, booted):
    drv.power_off(booted)
    assert drv.get_power_state(booted) == states.SHUTDOWN
    drv.power_off(booted)  # already off: nothing to do
    drv.power_on(None, booted, VIFS)
    assert drv.get_power_state(booted) == states.RUNNING


def test_pause_unpause(drv, booted):
    drv.pause(booted)
    assert drv.get_power_state(booted) == states.PAUSED_POWER
    with pytest.raises(exception.VirtDriverError, match='cannot pause'):
        drv.pause(booted)
    drv.unpause(booted)
    assert drv.get_power_state(booted) == states.RUNNING
    with pytest.raises(exception.VirtDriverError, match='cannot unpause'):
        drv.unpause(booted)


def test_suspend_is_managed_save_and_resume_restores(drv, booted):
    drv.suspend(None, booted)
    dom = drv.hyp.lookup(booted['uuid'])
    assert dom.hasManagedSaveImage(0)
    assert drv.get_power_state(booted) == states.SHUTDOWN  # Nova's mapping of SHUTOFF
    drv.resume(None, booted, VIFS)
    assert drv.get_power_state(booted) == states.RUNNING and not dom.hasManagedSaveImage(0)
    with pytest.raises(exception.VirtDriverError, match='cannot resume'):
        drv.resume(None, booted, VIFS)


def test_resume_without_saved_memory_fails(drv, booted):
    drv.power_off(booted)
    with pytest.raises(exception.VirtDriverError, match='no saved memory'):
        drv.resume(None, booted, VIFS)


def test_soft_reboot_needs_a_running_guest(drv, booted):
    drv.reboot(None, booted, VIFS, 'SOFT')
    assert drv.get_power_state(booted) == states.RUNNING
    drv.pause(booted)
    with pytest.raises(exception.VirtDriverError, match='cannot reboot'):
        drv.reboot(None, booted, VIFS, 'SOFT')


def test_soft_reboot_falls_back_to_hard_when_the_guest_ignores_it(drv, booted,
                                                                   monkeypatch):
    monkeypatch.setattr(drv, '_wait_power', lambda dom, wanted, timeout: False)
    monkeypatch.setattr(libvirt.virDomain, 'shutdown', lambda self: 0)
    drv.reboot(None, booted, VIFS, 'SOFT')
    assert drv.get_power_state(booted) == states.RUNNING
    assert drv.get_console_output(None, booted).splitlines()[-1] == '[vm] hard reboot'


@pytest.mark.parametrize('before', ['pause', 'power_off', 'suspend'])
def test_hard_reboot_starts_the_guest_from_any_state(drv, booted, before):
    getattr(drv, before)(*((None, booted) if before == 'suspend' else (booted,)))
    drv.reboot(None, booted, VIFS, 'HARD')
    assert drv.get_power_state(booted) == states.RUNNING
    assert not drv.hyp.lookup(booted['uuid']).hasManagedSaveImage(0)


def test_power_off_destroys_a_guest_that_ignores_acpi(drv, booted, monkeypatch):
    monkeypatch.setattr(libvirt.virDomain, 'shutdown', lambda self: 0)
    monkeypatch.setattr(drv, '_wait_power', lambda dom, wanted, timeout: False)
    drv.power_off(booted)
    assert drv.get_power_state(booted) == states.SHUTDOWN


def test_rescue_and_unrescue(drv, booted):
    drv.rescue(None, booted, VIFS, IMAGE, 'pw')
    disks = config.disks_of(drv.hyp.lookup(booted['uuid']).XMLDesc(0))
    assert [os.path.basename(p) for _, p in disks] == ['disk.rescue', 'disk']
    assert drv.get_power_state(booted) == states.RUNNING
    assert 'unrescue.xml' in _files(drv, booted)
    drv.unrescue(None, booted)
    disks = config.disks_of(drv.hyp.lookup(booted['uuid']).XMLDesc(0))
    assert [os.path.basename(p) for _, p in disks] == ['disk']
    assert 'disk.rescue' not in _files(drv, booted)
    assert 'unrescue.xml' not in _files(drv, booted)


def test_hard_reboot_ends_a_rescue(drv, booted):
    drv.rescue(None, booted, VIFS, IMAGE, None)
    drv.reboot(None, booted, VIFS, 'HARD')
    assert 'disk.rescue' not in _files(drv, booted)


def test_set_admin_password_and_crash_dump(drv, booted):
    drv.set_admin_password(booted, 'secret')
    drv.trigger_crash_dump(booted)
    drv.power_off(booted)
    with pytest.raises(exception.VirtDriverError):
        drv.set_admin_password(booted, 'secret')
    with pytest.raises(exception.VirtDriverError):
        drv.trigger_crash_dump(booted)


def test_set_admin_password_needs_the_guest_agent_on_a_real_hypervisor(drv, booted):
    drv._is_test = False
    with pytest.raises(exception.VirtDriverError, match='guest agent'):
        drv.set_admin_password(booted, 'secret')


def test_console_output_is_the_log_file(drv, booted):
    drv.reboot(None, booted, VIFS, 'SOFT')
    lines = list(driver.STAND_IN_BOOT_LINES) + ['soft reboot']
    assert drv.get_console_output(None, booted) == ''.join('[vm] %s\n' % line
                                                           for line in lines)
    with open(drv.disks.console_log(booted['uuid']), 'w') as f:
        f.write('x' * 10 + 'y' * (200 * 1024))
    assert drv.get_console_output(None, booted) == 'y' * (100 * 1024)  # the last 100 KiB
    os.unlink(drv.disks.console_log(booted['uuid']))
    assert drv.get_console_output(None, booted) == ''
    with pytest.raises(exception.ConsoleNotAvailable):
        drv.get_console_output(None, _instance())


def test_actions_on_a_missing_domain_are_driver_errors(drv):
    inst = _instance()
    for call in (lambda: drv.pause(inst), lambda: drv.power_off(inst),
                 lambda: drv.reboot(None, inst, [], 'SOFT')):
        with pytest.raises(exception.VirtDriverError, match='no domain'):
            call()


def test_snapshot_uploads_the_disk_and_keeps_the_guest_running(drv, booted):
    calls = []
    drv.snapshot(None, booted, 'snap-1', lambda **kw: calls.append(kw), calls.append)
    assert calls[:2] == [{'task_state': states.IMAGE_PENDING_UPLOAD},
                         {'task_state': states.IMAGE_UPLOADING,
                          'expected_state': states.IMAGE_PENDING_UPLOAD}]
    assert calls[2][:4] == b'QFI\xfb'
    assert struct.unpack('>Q', calls[2][8:16]) == (0,)  # standalone: no backing file
    if imagebackend.qemu_img() is None:
        with open(drv.disks.path(booted['uuid']), 'rb') as f:
            assert calls[2] == f.read()
    assert drv.get_power_state(booted) == states.RUNNING
    assert not [n for n in _files(drv, booted) if n.startswith('snapshot-')]


def test_snapshot_of_a_paused_guest_leaves_it_paused(drv, booted):
    drv.pause(booted)
    drv.snapshot(None, booted, 'snap-1', lambda **kw: None, lambda data: None)
    assert drv.get_power_state(booted) == states.PAUSED_POWER


def test_rebuild_recreates_the_root_disk(drv, booted):
    with open(drv.disks.path(booted['uuid']), 'ab') as f:
        f.write(b'guest writes')
    drv.rebuild(None, booted, IMAGE, VIFS, False)
    with open(drv.disks.path(booted['uuid']), 'rb') as f:
        assert b'guest writes' not in f.read()
    assert drv.get_power_state(booted) == states.RUNNING
    assert drv.get_console_output(None, booted) == '[vm] rebuilt from image img-1\n'


def test_soft_delete_and_restore(drv, booted):
    drv.soft_delete(booted)
    assert drv.get_power_state(booted) == states.SHUTDOWN
    drv.restore(booted)
    assert drv.get_power_state(booted) == states.RUNNING


def test_failure_injection_only_when_enabled(lvconf, drv):
    inst = _instance(metadata={'novalite:fail': 'spawn'})
    drv.spawn(None, inst, IMAGE, VIFS)  # off by default: a real host ignores the knob
    lvconf.set_override('failure_injection', True, group='libvirt')
    with pytest.raises(exception.VirtDriverError, match='injected failure at step spawn'):
        drv.spawn(None, _instance(metadata={'novalite:fail': 'spawn'}), IMAGE, VIFS)


def test_init_host_defines_lost_domains_again(lvconf, drv, booted):
    paused, stopped = _instance(), _instance()
    for inst in (paused, stopped):
        drv.spawn(None, inst, IMAGE, VIFS)
    drv.pause(paused)
    drv.power_off(stopped)
    for inst in (booted, paused, stopped):  # the hypervisor lost them (a restart)
        dom = drv.hyp.lookup(inst['uuid'])
        drv._stop(dom)
        drv.hyp.undefine(dom)
    drv.hyp.close()
    fresh = driver.load(lvconf, 'host1')
    rows = [dict(booted, vm_state=states.ACTIVE, power_state=states.RUNNING),
            dict(paused, vm_state=states.PAUSED, power_state=states.PAUSED_POWER),
            dict(stopped, vm_state=states.STOPPED, power_state=states.SHUTDOWN),
            dict(_instance(), vm_state=states.ACTIVE, power_state=states.RUNNING)]  # no disk
    fresh.init_host(rows)
    assert {booted['uuid'], paused['uuid'], stopped['uuid']} <= set(
        fresh.list_instance_uuids())
    assert [fresh.get_power_state(r) for r in rows] == [
        states.RUNNING, states.PAUSED_POWER, states.SHUTDOWN, states.NOSTATE]
    fresh.hyp.close()


def test_init_host_resumes_guests_state_when_asked(lvconf, drv, booted):
    drv.power_off(booted)
    row = dict(booted, vm_state=states.ACTIVE, power_state=states.RUNNING)
    drv.init_host([row])
    assert drv.get_power_state(booted) == states.SHUTDOWN
    lvconf.set_override('resume_guests_state_on_host_boot', True)
    drv.init_host([row])
    assert drv.get_power_state(booted) == states.RUNNING


def test_missing_libvirt_python_is_reported(monkeypatch):
    monkeypatch.setattr(libvirt_host, 'libvirt', None)
    with pytest.raises(exception.VirtDriverError, match='libvirt-python is not installed'):
        libvirt_host.require_libvirt()


# ---------------------------------------------------------------------- resize / migrate
MICRO = {'flavorid': '84', 'name': 'm1.micro', 'memory_mb': 192, 'vcpus': 2, 'root_gb': 2,
         'ephemeral_gb': 1, 'swap': 0, 'extra_specs': {}}


def _resized(inst, flavor=MICRO):
    return dict(inst, flavor=dict(flavor))


def test_resize_on_the_same_host_then_confirm(drv, booted):
    info = drv.migrate_disk_and_power_off(None, booted, 'host1', MICRO, VIFS)
    assert drv.get_power_state(booted) == states.SHUTDOWN
    assert os.path.isdir(drv.disks.instance_dir(booted['uuid']) + '_resize')
    new = _resized(booted)
    drv.finish_migration(None, {'dest_compute': 'host1'}, new, info, VIFS, IMAGE, True, True)
    dom = _dom_xml(drv, new)
    assert (dom.findtext('memory'), dom.findtext('vcpu')) == ('196608', '2')
    assert drv.get_power_state(new) == states.RUNNING
    if imagebackend.qemu_img() is not None:
        assert imagebackend.virtual_size(drv.disks.path(new['uuid'])) == 2 * imagebackend.GiB
    assert 'disk.local' in _files(drv, new)
    drv.confirm_migration(None, {'dest_compute': 'host1'}, new, VIFS)
    assert not os.path.exists(drv.disks.instance_dir(new['uuid']) + '_resize')
    assert drv.get_power_state(new) == states.RUNNING  # same host: the new domain stays


def test_resize_on_the_same_host_then_revert(drv, booted):
    info = drv.migrate_disk_and_power_off(None, booted, 'host1', MICRO, VIFS)
    drv.finish_migration(None, {}, _resized(booted), info, VIFS, IMAGE, True, True)
    drv.finish_revert_migration(None, booted, VIFS, {'dest_compute': 'host1'}, True)
    dom = _dom_xml(drv, booted)
    assert (dom.findtext('memory'), dom.findtext('vcpu')) == ('131072', '1')
    assert 'disk.local' not in _files(drv, booted)
    assert not os.path.exists(drv.disks.instance_dir(booted['uuid']) + '_resize')
    assert drv.get_power_state(booted) == states.RUNNING


def test_cold_migration_to_another_host_then_confirm(lvconf, drv, booted):
    # host2 shares the test hypervisor (one per process) and the instances_path, as the
    # all-in-one's hosts do
    dest = driver.load(lvconf, 'host2')
    mig = {'source_compute': 'host1', 'dest_compute': 'host2'}
    flavor = booted['flavor']
    info = drv.migrate_disk_and_power_off(None, booted, 'host2', flavor, VIFS)
    dest.finish_migration(None, mig, booted, info, VIFS, IMAGE, False, False)
    assert dest.get_power_state(booted) == states.SHUTDOWN  # a stopped server stays off
    assert booted['uuid'] not in drv.list_instance_uuids()
    assert booted['uuid'] in dest.list_instance_uuids()
    drv.confirm_migration(None, mig, booted, VIFS)
    # the source leaves the domain alone: on a shared hypervisor it is host2's now
    assert drv._owner(drv.hyp.lookup(booted['uuid'])) == 'host2'
    assert dest.get_power_state(booted) == states.SHUTDOWN
    assert os.path.exists(dest.disks.path(booted['uuid']))
    dest.hyp.close()


def test_migration_to_another_host_then_revert(lvconf, drv, booted):
    dest = driver.load(lvconf, 'host2')
    mig = {'source_compute': 'host1', 'dest_compute': 'host2'}
    info = drv.migrate_disk_and_power_off(None, booted, 'host2', MICRO, VIFS)
    dest.finish_migration(None, mig, _resized(booted), info, VIFS, IMAGE, True, True)
    # revert_resize on the destination destroys its guest (and only its files)
    dest.destroy(None, dict(booted, task_state=states.RESIZE_REVERTING), VIFS)
    assert os.path.isdir(drv.disks.instance_dir(booted['uuid']) + '_resize')
    drv.finish_revert_migration(None, booted, VIFS, mig, True)
    assert drv.get_power_state(booted) == states.RUNNING
    assert _dom_xml(drv, booted).findtext('memory') == '131072'
    assert booted['uuid'] in drv.list_instance_uuids()
    assert booted['uuid'] not in dest.list_instance_uuids()
    dest.hyp.close()


def test_finish_migration_needs_the_disks(drv):
    with pytest.raises(exception.VirtDriverError, match='shared instances_path'):
        drv.finish_migration(None, {}, _instance(), {}, VIFS, IMAGE, True, True)


def test_delete_while_resized_removes_the_kept_files(drv, booted):
    info = drv.migrate_disk_and_power_off(None, booted, 'host1', MICRO, VIFS)
    drv.finish_migration(None, {}, _resized(booted), info, VIFS, IMAGE, True, True)
    drv.destroy(None, booted, VIFS)
    assert not os.path.exists(drv.disks.instance_dir(booted['uuid']) + '_resize')


def test_resize_and_migrate_are_injection_steps(lvconf, drv, booted):
    lvconf.set_override('failure_injection', True, group='libvirt')
    failing = dict(booted, metadata={'novalite:fail': 'resize'})
    with pytest.raises(exception.VirtDriverError, match='step resize'):
        drv.migrate_disk_and_power_off(None, failing, 'host1', MICRO, VIFS)
    drv.migrate_disk_and_power_off(None, failing, 'host1', booted['flavor'], VIFS)  # migrate


def test_evacuation_onto_a_shared_hypervisor_replaces_the_old_domain(lvconf, drv, booted):
    dest = driver.load(lvconf, 'host2')
    dest.spawn(None, booted, IMAGE, VIFS)  # the failed host1's domain still runs there
    assert dest.get_power_state(booted) == states.RUNNING
    assert dest._owner(dest.hyp.lookup(booted['uuid'])) == 'host2'
    assert booted['uuid'] not in drv.list_instance_uuids()
    dest.hyp.close()


# ---------------------------------------------------------------------- interfaces
VIF2 = {'id': '12345678-9abc-def0-1234-56789abcdef0', 'address': 'fa:16:3e:00:00:02',
        'network': {'id': 'net', 'mtu': 1450}, 'ips': []}


def _macs(xml_text):
    return [i.find('mac').get('address') for i in ET.fromstring(xml_text).iter('interface')]


def _config_macs(drv, inst):
    dom = drv.hyp.lookup(inst['uuid'])
    return _macs(dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE))


def _saved_macs(drv, inst):
    with open(drv.disks.path(inst['uuid'], 'libvirt.xml')) as f:
        return _macs(f.read())


def test_interface_xml_is_the_domain_xmls_interface():
    iface = ET.fromstring(config.interface_xml(VIF2))
    assert iface.get('type') == 'ethernet'
    assert iface.find('mac').get('address') == VIF2['address']
    assert iface.find('target').get('dev') == config.tap_name(VIF2['id'])
    assert iface.find('mtu').get('size') == '1450'
    dom = ET.fromstring(config.domain_xml(_instance(), 'test', [], [VIF2], '/c.log'))
    placed = dom.find('devices/interface')
    assert [(e.tag, e.attrib) for e in placed.iter()] == \
        [(e.tag, e.attrib) for e in iface.iter()]


def test_attach_and_detach_interface_on_a_running_guest(drv, booted):
    drv.attach_interface(None, booted, VIF2)
    assert _config_macs(drv, booted) == [VIFS[0]['address'], VIF2['address']]
    assert _saved_macs(drv, booted) == [VIFS[0]['address'], VIF2['address']]
    assert drv.get_power_state(booted) == states.RUNNING
    drv.detach_interface(None, booted, VIF2)
    assert _config_macs(drv, booted) == [VIFS[0]['address']]
    assert _saved_macs(drv, booted) == [VIFS[0]['address']]
    drv.detach_interface(None, booted, VIF2)  # no longer on the guest: only logged
    assert _config_macs(drv, booted) == [VIFS[0]['address']]


def test_attach_to_a_stopped_guest_survives_a_hard_reboot(drv, booted):
    drv.power_off(booted)
    drv.attach_interface(None, booted, VIF2)
    assert _macs(_dom_xml_text(drv, booted)) == [VIFS[0]['address'], VIF2['address']]
    # the compute manager adds the vif to network_info, which power_on/reboot hand back
    drv.power_on(None, booted, VIFS + [VIF2])
    assert drv.get_power_state(booted) == states.RUNNING
    assert _macs(_dom_xml_text(drv, booted)) == [VIFS[0]['address'], VIF2['address']]
    drv.detach_interface(None, booted, VIFS[0])
    drv.reboot(None, booted, [VIF2], 'HARD')
    assert _macs(_dom_xml_text(drv, booted)) == [VIF2['address']]
    assert _saved_macs(drv, booted) == [VIF2['address']]


def _dom_xml_text(drv, inst):
    return drv.hyp.lookup(inst['uuid']).XMLDesc(0)


def test_attach_uses_attach_device_flags_live_when_running(drv, booted, monkeypatch):
    calls = []
    dom = drv.hyp.lookup(booted['uuid'])
    monkeypatch.setattr(drv, '_domain', lambda inst: dom)
    monkeypatch.setattr(dom, 'attachDeviceFlags', lambda xml, flags: calls.append(
        ('attach', ET.fromstring(xml).find('mac').get('address'), flags)))
    monkeypatch.setattr(dom, 'detachDeviceFlags', lambda xml, flags: calls.append(
        ('detach', ET.fromstring(xml).find('mac').get('address'), flags)))
    both = libvirt.VIR_DOMAIN_AFFECT_CONFIG | libvirt.VIR_DOMAIN_AFFECT_LIVE
    drv.attach_interface(None, booted, VIF2)
    drv.detach_interface(None, booted, VIFS[0])
    assert calls == [('attach', VIF2['address'], both), ('detach', VIFS[0]['address'], both)]


def test_attach_failure_is_a_driver_error(drv, booted, monkeypatch):
    dom = drv.hyp.lookup(booted['uuid'])
    monkeypatch.setattr(drv, '_domain', lambda inst: dom)

    def broken(xml, flags):
        raise libvirt.libvirtError('device busy')
    monkeypatch.setattr(dom, 'attachDeviceFlags', broken)
    with pytest.raises(exception.VirtDriverError, match='attachDeviceFlags'):
        drv.attach_interface(None, booted, VIF2)
    assert _saved_macs(drv, booted) == [VIFS[0]['address']]


def test_interface_steps_honour_failure_injection(lvconf, drv, booted):
    lvconf.set_override('failure_injection', True, group='libvirt')
    booted['metadata'] = {'novalite:fail': 'attach_interface,detach_interface,diagnostics'}
    for call in (lambda: drv.attach_interface(None, booted, VIF2),
                 lambda: drv.detach_interface(None, booted, VIFS[0]),
                 lambda: drv.get_diagnostics(booted),
                 lambda: drv.get_instance_diagnostics(booted)):
        with pytest.raises(exception.VirtDriverError, match='injected failure'):
            call()
    assert _config_macs(drv, booted) == [VIFS[0]['address']]


# ---------------------------------------------------------------------- diagnostics
def test_get_diagnostics_is_the_libvirt_blob(drv, booted):
    diags = drv.get_diagnostics(booted)
    tap = config.tap_name(VIFS[0]['id'])
    assert diags['memory'] == 128 * 1024 and diags['memory-actual'] == 128 * 1024
    assert diags['cpu0_time'] > 0 and 'cpu1_time' not in diags
    for key in ('vda_read', 'vda_read_req', 'vda_write', 'vda_write_req', 'vda_errors',
                tap + '_rx', tap + '_rx_packets', tap + '_rx_errors', tap + '_rx_drop',
                tap + '_tx', tap + '_tx_packets', tap + '_tx_errors', tap + '_tx_drop'):
        assert isinstance(diags[key], int), key


def test_get_diagnostics_skips_counters_it_cannot_read(drv, booted, monkeypatch):
    dom = drv.hyp.lookup(booted['uuid'])
    monkeypatch.setattr(drv, '_domain', lambda inst: dom)

    def unsupported(*args):
        raise libvirt.libvirtError('this function is not supported')
    for name in ('interfaceStats', 'blockStats', 'memoryStats', 'vcpus'):
        monkeypatch.setattr(dom, name, unsupported)
    assert drv.get_diagnostics(booted) == {'memory': 128 * 1024}
    diags = drv.get_instance_diagnostics(booted)
    assert diags['num_disks'] == 0 and diags['cpu_details'] == []
    assert diags['nic_details'][0]['mac_address'] == VIFS[0]['address']
    assert diags['nic_details'][0]['rx_octets'] is None


def test_get_instance_diagnostics_has_the_fake_drivers_keys(drv, booted):
    from novalite.virt import fake
    booted.update(vcpus=1, memory_mb=128, launched_at=None)
    diags = drv.get_instance_diagnostics(booted)
    fake_drv = fake.FakeDriver(drv.conf, 'host1')
    fake_drv.spawn(None, booted, IMAGE, VIFS)
    expected = fake_drv.get_instance_diagnostics(booted)
    assert set(diags) == set(expected)
    assert set(diags['nic_details'][0]) == set(expected['nic_details'][0])
    assert set(diags['disk_details'][0]) == set(expected['disk_details'][0])
    assert set(diags['cpu_details'][0]) == set(expected['cpu_details'][0])
    assert diags['state'] == 'running' and diags['driver'] == 'libvirt'
    assert diags['hypervisor'] == 'test' and diags['hypervisor_os'] == 'linux'
    assert diags['num_cpus'] == 1 and diags['num_disks'] == 1 and diags['num_nics'] == 1
    assert diags['memory_details'] == {'maximum': 128, 'used': 128}
    assert diags['nic_details'][0]['mac_address'] == VIFS[0]['address']
    assert diags['nic_details'][0]['rx_octets'] > 0
    assert diags['disk_details'][0]['read_bytes'] > 0
    assert diags['config_drive'] is False and diags['uptime'] == 0
    drv.pause(booted)
    assert drv.get_instance_diagnostics(booted)['state'] == 'paused'


# ---------------------------------------------------------------------- volumes
def _disk_devs(drv, inst, flags=0):
    return [d for d, _ in config.disks_of(drv.hyp.lookup(inst['uuid']).XMLDesc(flags))]


def test_attach_and_detach_volume_kept_in_the_definition(drv, booted, tmp_path):
    vol = tmp_path / 'vol-1'
    vol.write_bytes(b'\0' * 1024)
    info = {'driver_volume_type': 'local', 'serial': 'vol-1',
            'data': {'device_path': str(vol), 'format': 'raw'}}
    drv.attach_volume(None, info, booted, '/dev/vdb')
    inactive = libvirt.VIR_DOMAIN_XML_INACTIVE
    assert _disk_devs(drv, booted, inactive) == ['vda', 'vdb']
    with pytest.raises(exception.VirtDriverError, match='in use'):
        drv.attach_volume(None, info, booted, '/dev/vdb')
    # a regenerated domain (hard reboot) keeps the volume
    drv.reboot(None, booted, VIFS, 'HARD')
    assert 'vdb' in _disk_devs(drv, booted)
    drv.detach_volume(None, info, booted, '/dev/vdb')
    assert _disk_devs(drv, booted, inactive) == ['vda']
    drv.reboot(None, booted, VIFS, 'HARD')
    assert _disk_devs(drv, booted) == ['vda']
    drv.detach_volume(None, info, booted, '/dev/vdb')  # gone already: only logged


def test_volume_attach_uses_attach_device_flags_live(drv, booted, monkeypatch, tmp_path):
    calls = []
    dom = drv.hyp.lookup(booted['uuid'])
    monkeypatch.setattr(drv, '_domain', lambda inst: dom)
    monkeypatch.setattr(dom, 'attachDeviceFlags', lambda xml, flags: calls.append(
        ('attach', ET.fromstring(xml).find('target').get('dev'), flags)))
    info = {'data': {'device_path': str(tmp_path / 'v')}, 'serial': 'v'}
    drv.attach_volume(None, info, booted, '/dev/vdc')
    both = libvirt.VIR_DOMAIN_AFFECT_CONFIG | libvirt.VIR_DOMAIN_AFFECT_LIVE
    assert calls == [('attach', 'vdc', both)]
