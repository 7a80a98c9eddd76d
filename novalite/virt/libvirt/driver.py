"""LibvirtDriver: the server actions of novalite mapped onto libvirt, as Nova's libvirt
driver maps them.

| action | libvirt |
|---|---|
| spawn | disks from the cached image, ``defineXML`` + ``create`` |
| destroy | ``destroy`` + ``undefineFlags(MANAGED_SAVE|NVRAM)``, instance files removed |
| reboot SOFT | ``shutdown``, wait for SHUTOFF, ``create`` (HARD when the guest ignores it) |
| reboot HARD, power_on | ``destroy``, the XML regenerated and redefined, ``create`` |
| power_off | ``shutdown`` (ACPI), wait ``shutdown_timeout``, then ``destroy`` |
| pause / unpause | ``suspend`` / ``resume`` |
| suspend / resume | ``managedSave`` / ``create`` (restores the saved memory) |
| rescue / unrescue | redefined with ``disk.rescue`` first and the own disk second / the saved XML |
| snapshot | the guest saved (``managedSave``), its disk flattened and uploaded, restored |
| rebuild | the root disk recreated from the new image, redefined, ``create`` |
| resize, migrate | powered off, files kept in ``<uuid>_resize``, redefined: new flavor |
| confirm / revert | ``<uuid>_resize`` deleted / moved back and redefined: old flavor |
| changePassword | ``setUserPassword`` through the QEMU guest agent |
| trigger_crash_dump | ``injectNMI`` |
| console output | the serial console's ``<log file=...>`` |
| attach / detach interface | ``attachDeviceFlags`` / ``detachDeviceFlags`` (config, live) |
| attach / detach volume | the same, a ``<disk>`` of the volume's file (``volume.py``) |
| diagnostics | ``info``, ``vcpus``, ``memoryStats``, ``blockStats``, ``interfaceStats`` |

Power states come from the domain state (Nova's mapping: SHUTOFF, managed-saved too, is
SHUTDOWN). With ``test:///`` (libvirt's in-process test hypervisor, which every connection
of a process shares) the driver writes the console lines a guest would print itself, since
no guest runs. Each domain records its compute host (``<novalite:host>``), so hosts that
share a hypervisor keep apart.
"""
import json
import logging
import os
import shutil
import tempfile
import time

from novalite import concurrency
from novalite import exception
from novalite.compute import states
from novalite.virt import driver
from novalite.virt import fake
from novalite.virt.libvirt import config
from novalite.virt.libvirt import host as libvirt_host
from novalite.virt.libvirt import imagebackend
from novalite.virt.libvirt import volume

LOG = logging.getLogger(__name__)
MAX_CONSOLE_BYTES = 100 * 1024  # Nova's
_POLL = 0.5


def _power_map(lv):
    return {
        lv.VIR_DOMAIN_NOSTATE: states.NOSTATE,
        lv.VIR_DOMAIN_RUNNING: states.RUNNING,
        lv.VIR_DOMAIN_BLOCKED: states.RUNNING,  # running, its vCPUs idle
        lv.VIR_DOMAIN_PAUSED: states.PAUSED_POWER,
        lv.VIR_DOMAIN_SHUTDOWN: states.SHUTDOWN,  # being shut down: still running, as Nova
        lv.VIR_DOMAIN_SHUTOFF: states.SHUTDOWN,
        lv.VIR_DOMAIN_CRASHED: states.CRASHED,
        lv.VIR_DOMAIN_PMSUSPENDED: states.SUSPENDED_POWER,
    }


class LibvirtDriver(volume.LibvirtVolumeMixin, driver.ComputeDriver):

    def __init__(self, conf, host):
        super().__init__(conf, host)
        self._lv = libvirt_host.require_libvirt()
        self._power = _power_map(self._lv)
        self.uri = conf.libvirt.connection_uri or 'qemu:///system'
        self._host = None
        self._is_test = None
        self.disks = imagebackend.Disks(conf)

    # ------------------------------------------------------------------ plumbing
    @property
    def hyp(self):
        if self._host is None:
            self._host = libvirt_host.Host(self.uri)
        return self._host

    @property
    def emulated(self):
        """True on libvirt's test hypervisor, where no guest runs to print or shut down."""
        if self._is_test is None:
            self._is_test = self.hyp.is_test
        return self._is_test

    def _inject(self, step, instance, image_meta=None):
        if self.conf.libvirt.failure_injection:
            fake.inject(step, instance, image_meta)

    def _domain(self, instance):
        dom = self.hyp.lookup(instance['uuid'])
        if dom is None:
            raise exception.VirtDriverError(reason='no domain for instance %s on %s'
                                            % (instance['uuid'], self.host))
        return dom

    def _state(self, dom):
        return self._power.get(self.hyp.state(dom)[0], states.NOSTATE)

    def _require(self, step, dom, allowed):
        power = self._state(dom)
        if power not in allowed:
            raise exception.VirtDriverError(reason='cannot %s a guest in power state %s'
                                            % (step, states.POWER_STATES.get(power)))
        return power

    def _console(self, instance, line):
        """On the test hypervisor, the line a booting/rebooting guest would print."""
        if not self.emulated:
            return
        path = self.disks.console_log(instance['uuid'])
        if os.path.isdir(os.path.dirname(path)):
            with open(path, 'a') as f:
                f.write('[%s] %s\n' % (instance.get('hostname') or instance['uuid'], line))

    def _wait_power(self, dom, wanted, timeout):
        """Poll until the domain's power state is ``wanted`` (bounded by ``timeout``)."""
        deadline = time.monotonic() + timeout
        while True:
            if self._state(dom) == wanted:
                return True
            if time.monotonic() >= deadline:
                return False
            concurrency.sleep(_POLL)

    # ------------------------------------------------------------------ host
    def get_available_nodes(self):
        return [self.host]

    def get_available_resource(self, nodename):
        info = self.hyp.info()
        os.makedirs(self.disks.root, exist_ok=True)
        st = os.statvfs(self.disks.root)
        return {'vcpus': int(info[2]), 'memory_mb': int(info[1]),
                'local_gb': int(st.f_blocks * st.f_frsize // imagebackend.GiB),
                'hypervisor_type': self.hyp.hypervisor_type(),
                'hypervisor_version': self.hyp.hypervisor_version()}

    def _owner(self, dom):
        """The compute host a domain was defined by (None for a domain without it)."""
        try:
            return config.read_metadata(self.hyp.call(dom.XMLDesc, 0)).get('host')
        except exception.VirtDriverError:
            return None

    def list_instance_uuids(self):
        """This host's guests (hosts may share a hypervisor, as the all-in-one's do)."""
        return [dom.UUIDString() for dom in self.hyp.list_domains()
                if dom.name().startswith('instance-') and self._owner(dom) in (None, self.host)]

    def init_host(self, instances):
        """Connect, and bring back guests the database places here: a domain that is gone
        (the test hypervisor forgets them with the process) is defined again from its disk
        and put back in its power state; a shut-off guest that should run is started when
        [DEFAULT] resume_guests_state_on_host_boot is set."""
        self.hyp.get_connection()
        for inst in instances:
            if inst['vm_state'] == states.BUILDING or inst.get('deleted'):
                continue
            try:
                self._reconcile(inst)
            except Exception:
                LOG.exception('Could not restore the guest of instance %s', inst['uuid'])

    def _reconcile(self, inst):
        uuid = inst['uuid']
        dom = self.hyp.lookup(uuid)
        wanted = inst.get('power_state')
        if dom is None:
            if not os.path.exists(self.disks.path(uuid)):
                return
            rescued = inst['vm_state'] == states.RESCUED
            dom = self.hyp.define(self._guest_xml(inst, inst.get('network_info') or [],
                                                  rescue=rescued))
            LOG.info('Defined the domain of instance %s again', uuid)
            if wanted in (states.RUNNING, states.PAUSED_POWER):
                self.hyp.call(dom.create)
                if wanted == states.PAUSED_POWER:
                    self.hyp.call(dom.suspend)
        elif (self.conf.resume_guests_state_on_host_boot and wanted == states.RUNNING
              and self._state(dom) == states.SHUTDOWN):
            LOG.info('Starting the guest of instance %s again', uuid)
            self.hyp.call(dom.create)

    # ------------------------------------------------------------------ XML and disks
    def _save_image_meta(self, uuid, image_meta):
        meta = {'id': (image_meta or {}).get('id'),
                'properties': dict((image_meta or {}).get('properties') or {})}
        with open(self.disks.path(uuid, 'image_meta.json'), 'w') as f:
            json.dump(meta, f)

    def _image_meta(self, instance):
        try:
            with open(self.disks.path(instance['uuid'], 'image_meta.json')) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {'id': instance.get('image_ref'), 'properties': {}}

    def _disk_list(self, instance, rescue=False):
        uuid = instance['uuid']
        files = (['disk.rescue'] if rescue else []) + ['disk', 'disk.local', 'disk.swap']
        volumes = self._volume_disks(uuid)
        taken = {d['dev'] for d in volumes}
        disks, letter = [], 0
        for name in files:
            path = self.disks.path(uuid, name)
            if os.path.exists(path):
                while 'vd' + chr(ord('a') + letter) in taken:
                    letter += 1
                disks.append({'path': path, 'format': imagebackend.detect_format(path),
                              'dev': 'vd' + chr(ord('a') + letter)})
                letter += 1
        # the boot disk first: a volume root (vda) or the rescue/local root disk
        return sorted(disks + volumes, key=lambda d: d['dev'] != 'vda')

    def _create_disks(self, instance, image_meta, root=True):
        """The local disks; ``root`` False for a volume-backed guest (its root is a
        volume)."""
        uuid = instance['uuid']
        flavor = config.flavor_of(instance)
        self.disks.ensure_dir(uuid)
        if root and (image_meta or {}).get('id'):
            self.disks.create_from_image(uuid, image_meta['id'], flavor.get('root_gb'))
        elif root:
            self.disks.create_blank(uuid, 'disk', flavor.get('root_gb'))
        if int(flavor.get('ephemeral_gb') or 0):
            self.disks.create_blank(uuid, 'disk.local', flavor['ephemeral_gb'])
        if int(flavor.get('swap') or 0):
            self.disks.create_blank(uuid, 'disk.swap', -(-int(flavor['swap']) // 1024))

    def _guest_xml(self, instance, network_info, rescue=False, context=None):
        lvc = self.conf.libvirt
        domain_type = 'test' if self.emulated else lvc.virt_type
        cpu_mode = lvc.cpu_mode
        if cpu_mode is None:
            cpu_mode = 'host-model' if domain_type == 'kvm' else None
        owner = {'user_name': getattr(context, 'user_name', None),
                 'project_name': getattr(context, 'project_name', None)}
        xml = config.domain_xml(
            instance, domain_type, self._disk_list(instance, rescue), network_info,
            self.disks.console_log(instance['uuid']), image_meta=self._image_meta(instance),
            owner=owner, machine_type=lvc.hw_machine_type, cpu_mode=cpu_mode,
            vif_type=lvc.vif_type, vif_source=lvc.vif_source, vnc=lvc.vnc_enabled,
            host=self.host)
        with open(self.disks.path(instance['uuid'], 'libvirt.xml'), 'w') as f:
            f.write(xml)
        return xml

    def _define_and_start(self, instance, network_info, rescue=False, context=None):
        dom = self.hyp.define(self._guest_xml(instance, network_info, rescue, context))
        self.hyp.call(dom.create, what='create')
        return dom

    def _stop(self, dom):
        """destroy() a domain that runs or is paused; a shut-off one is left alone."""
        if self.hyp.call(dom.isActive):
            self.hyp.call(dom.destroy, what='destroy')

    # ------------------------------------------------------------------ build and delete
    def spawn(self, context, instance, image_meta, network_info, block_device_info=None):
        if instance.get('vm_state') in (states.SHELVED, states.SHELVED_OFFLOADED):
            self._inject('unshelve', instance, image_meta)
        self._inject('spawn', instance, image_meta)
        uuid = instance['uuid']
        stale = self.hyp.lookup(uuid)
        if stale is not None:  # an evacuation onto a hypervisor the failed host shared
            LOG.warning('Instance %s already has a domain (defined by %s); replacing it',
                        uuid, self._owner(stale))
            self._stop(stale)
            if self.hyp.call(stale.hasManagedSaveImage, 0):
                self.hyp.call(stale.managedSaveRemove, 0)
        self.disks.ensure_dir(uuid)
        self._save_image_meta(uuid, image_meta)
        self._save_block_device_info(uuid, block_device_info)
        self._create_disks(instance, image_meta,
                           root=not (block_device_info or {}).get('root'))
        self._define_and_start(instance, network_info, context=context)
        for line in driver.STAND_IN_BOOT_LINES:
            self._console(instance, line)

    def destroy(self, context, instance, network_info):
        self._inject('destroy', instance)
        dom = self.hyp.lookup(instance['uuid'])
        if dom is not None:
            self._stop(dom)
            self.hyp.undefine(dom)
        self.disks.remove(instance['uuid'])
        if instance.get('task_state') != states.RESIZE_REVERTING:  # else the source's
            shutil.rmtree(self._resize_dir(instance['uuid']), ignore_errors=True)

    def get_power_state(self, instance):
        dom = self.hyp.lookup(instance['uuid'])
        return states.NOSTATE if dom is None else self._state(dom)

    # ------------------------------------------------------------------ power
    def reboot(self, context, instance, network_info, reboot_type):
        self._inject('reboot', instance)
        dom = self._domain(instance)
        if reboot_type == 'SOFT':
            self._require('reboot', dom, (states.RUNNING,))
            if self._soft_reboot(dom):
                self._console(instance, 'soft reboot')
                return
            LOG.warning('Instance %s did not shut down within %s s; hard rebooting',
                        instance['uuid'], self.conf.libvirt.wait_soft_reboot_seconds)
        self._hard_reboot(context, instance, network_info)
        self._console(instance, 'hard reboot')

    def _soft_reboot(self, dom):
        """Nova's: ask the guest OS to shut down, then start the domain again."""
        self.hyp.call(dom.shutdown, what='shutdown')
        if not self._wait_power(dom, states.SHUTDOWN,
                                self.conf.libvirt.wait_soft_reboot_seconds):
            return False
        self.hyp.call(dom.create, what='create')
        return True

    def _hard_reboot(self, context, instance, network_info):
        """Destroy, regenerate the XML from the instance (and so drop a rescue), start."""
        dom = self.hyp.lookup(instance['uuid'])
        if dom is not None:
            self._stop(dom)
            if self.hyp.call(dom.hasManagedSaveImage, 0):
                self.hyp.call(dom.managedSaveRemove, 0)
        self._drop_rescue(instance)
        self._define_and_start(instance, network_info, context=context)

    def power_off(self, instance):
        if str(instance.get('task_state') or '').startswith(states.SHELVING):
            self._inject('shelve', instance)
        self._inject('power_off', instance)
        self._power_off(instance, self._domain(instance))
        self._console(instance, 'power off')

    def _power_off(self, instance, dom):
        power = self._state(dom)
        if power == states.RUNNING and self.conf.libvirt.shutdown_timeout:
            try:
                self.hyp.call(dom.shutdown, what='shutdown')
            except exception.VirtDriverError as exc:
                LOG.info('Clean shutdown of %s failed (%s)', instance['uuid'], exc)
            else:
                if self._wait_power(dom, states.SHUTDOWN, self.conf.libvirt.shutdown_timeout):
                    return
                LOG.warning('Instance %s did not shut down within %s s; destroying it',
                            instance['uuid'], self.conf.libvirt.shutdown_timeout)
        self._stop(dom)

    def power_on(self, context, instance, network_info):
        self._inject('power_on', instance)
        self._hard_reboot(context, instance, network_info)  # Nova's power_on
        self._console(instance, 'boot')

    def pause(self, instance):
        self._inject('pause', instance)
        dom = self._domain(instance)
        self._require('pause', dom, (states.RUNNING,))
        self.hyp.call(dom.suspend, what='suspend')

    def unpause(self, instance):
        self._inject('unpause', instance)
        dom = self._domain(instance)
        self._require('unpause', dom, (states.PAUSED_POWER,))
        self.hyp.call(dom.resume, what='resume')

    def suspend(self, context, instance):
        self._inject('suspend', instance)
        dom = self._domain(instance)
        self._require('suspend', dom, (states.RUNNING, states.PAUSED_POWER))
        self.hyp.call(dom.managedSave, 0, what='managedSave')
        self._console(instance, 'suspend to disk')

    def resume(self, context, instance, network_info):
        self._inject('resume', instance)
        dom = self._domain(instance)
        self._require('resume', dom, (states.SHUTDOWN,))
        if not self.hyp.call(dom.hasManagedSaveImage, 0):
            raise exception.VirtDriverError(reason='instance %s has no saved memory to '
                                                   'resume from' % instance['uuid'])
        self.hyp.call(dom.create, what='create')
        self._console(instance, 'resume from disk')

    def soft_delete(self, instance):
        self._inject('soft_delete', instance)
        self._power_off(instance, self._domain(instance))
        self._console(instance, 'power off')

    def restore(self, instance):
        self._inject('restore', instance)
        dom = self._domain(instance)
        if self._state(dom) != states.RUNNING:
            self.hyp.call(dom.create, what='create')
        self._console(instance, 'boot')

    # ------------------------------------------------------------------ rescue
    def rescue(self, context, instance, network_info, image_meta, rescue_password):
        """Boot from ``disk.rescue`` (the rescue image) with the own disk second; the
        domain's XML is kept in ``unrescue.xml`` for unrescue."""
        self._inject('rescue', instance)
        uuid = instance['uuid']
        dom = self._domain(instance)
        with open(self.disks.path(uuid, 'unrescue.xml'), 'w') as f:
            f.write(self.hyp.call(dom.XMLDesc, 0))
        image_id = (image_meta or {}).get('id') or instance.get('image_ref')
        if image_id:
            self.disks.create_from_image(uuid, image_id, 0, name='disk.rescue')
        else:
            self.disks.create_blank(uuid, 'disk.rescue', 1)
        self._stop(dom)
        self._define_and_start(instance, network_info, rescue=True, context=context)
        self._console(instance, 'rescue boot')

    def unrescue(self, context, instance):
        self._inject('unrescue', instance)
        uuid = instance['uuid']
        dom = self._domain(instance)
        self._stop(dom)
        saved = self.disks.path(uuid, 'unrescue.xml')
        if os.path.exists(saved):
            with open(saved) as f:
                xml = f.read()
            dom = self.hyp.define(xml)
            with open(self.disks.path(uuid, 'libvirt.xml'), 'w') as f:
                f.write(xml)
        else:
            dom = self.hyp.define(self._guest_xml(instance, instance.get('network_info') or []))
        self._drop_rescue(instance)
        self.hyp.call(dom.create, what='create')
        self._console(instance, 'boot')

    def _drop_rescue(self, instance):
        for name in ('disk.rescue', 'unrescue.xml'):
            path = self.disks.path(instance['uuid'], name)
            if os.path.exists(path):
                os.unlink(path)

    # ------------------------------------------------------------------ guest agent, NMI
    def set_admin_password(self, instance, new_pass):
        self._inject('set_admin_password', instance)
        dom = self._domain(instance)
        self._require('set the admin password of', dom, (states.RUNNING,))
        props = self._image_meta(instance).get('properties') or {}
        agent = str(props.get('hw_qemu_guest_agent', '')).lower() in ('yes', 'true', '1')
        if not agent and not self.emulated:
            raise exception.VirtDriverError(
                reason='QEMU guest agent is not enabled (image property '
                       'hw_qemu_guest_agent=yes)')
        user = props.get('os_admin_user') or self.conf.libvirt.admin_user
        self.hyp.call(dom.setUserPassword, user, new_pass, 0, what='setUserPassword')
        self._console(instance, 'admin password changed')

    def trigger_crash_dump(self, instance):
        self._inject('trigger_crash_dump', instance)
        dom = self._domain(instance)
        self._require('trigger a crash dump of', dom, (states.RUNNING, states.PAUSED_POWER))
        self.hyp.call(dom.injectNMI, 0, what='injectNMI')
        self._console(instance, 'NMI received, kernel crash dump')

    def get_console_output(self, context, instance):
        if self.hyp.lookup(instance['uuid']) is None:
            raise exception.ConsoleNotAvailable()
        path = self.disks.console_log(instance['uuid'])
        try:
            with open(path, 'rb') as f:
                f.seek(0, os.SEEK_END)
                size = f.tell()
                f.seek(max(0, size - MAX_CONSOLE_BYTES))
                data = f.read()
        except FileNotFoundError:
            return ''
        except PermissionError:
            raise exception.ConsoleNotAvailable()
        return data.decode('utf-8', 'replace')

    # ------------------------------------------------------------------ interfaces
    def _change_device(self, dom, method, xml, live):
        """``attachDeviceFlags``/``detachDeviceFlags`` with AFFECT_CONFIG (plus AFFECT_LIVE
        when ``live``). False when the hypervisor lacks the call (libvirt's test driver):
        the caller then redefines the persistent config itself."""
        lv = self._lv
        flags = lv.VIR_DOMAIN_AFFECT_CONFIG | (lv.VIR_DOMAIN_AFFECT_LIVE if live else 0)
        try:
            concurrency.native(getattr(dom, method), xml, flags)
            return True
        except lv.libvirtError as exc:
            if exc.get_error_code() == lv.VIR_ERR_NO_SUPPORT:
                return False
            raise exception.VirtDriverError(reason='%s: %s' % (
                method, exc.get_error_message() or exc))

    def _redefine(self, dom, edit):
        """The domain's persistent definition (and the saved libvirt.xml) through
        ``edit(xml_text)``."""
        inactive = self.hyp.call(dom.XMLDesc, self._lv.VIR_DOMAIN_XML_INACTIVE,
                                 what='XMLDesc')
        self.hyp.define(edit(inactive))

    def _edit_saved_xml(self, instance, edit):
        """Keep ``<instances_path>/<uuid>/libvirt.xml`` in step with a device change."""
        path = self.disks.path(instance['uuid'], 'libvirt.xml')
        if not os.path.exists(path):
            return
        with open(path) as f:
            xml = f.read()
        with open(path, 'w') as f:
            f.write(edit(xml))

    def attach_interface(self, context, instance, vif):
        """Nova's: the vif's ``<interface>`` attached with AFFECT_CONFIG, plus AFFECT_LIVE
        when the guest runs or is paused. libvirt's test driver has no
        ``attachDeviceFlags``: there the persistent definition is redefined with the
        interface instead (a running test domain shows it from its next start). The saved
        libvirt.xml gains it too; a hard reboot regenerates it from network_info, which
        the compute manager extends with the vif."""
        self._inject('attach_interface', instance)
        dom = self._domain(instance)
        lvc = self.conf.libvirt
        iface = config.interface_xml(vif, lvc.vif_type, lvc.vif_source)
        live = self._state(dom) in (states.RUNNING, states.PAUSED_POWER)
        if not self._change_device(dom, 'attachDeviceFlags', iface, live):
            self._redefine(dom, lambda xml: config.with_interface(xml, iface))
        self._edit_saved_xml(instance, lambda xml: config.with_interface(
            config.without_interface(xml, vif['address']), iface))

    def detach_interface(self, context, instance, vif):
        """Nova's: the guest's interface with the vif's MAC detached (AFFECT_CONFIG, plus
        AFFECT_LIVE while the guest runs or is paused); one no longer on the guest is only
        logged. On the test driver (no ``detachDeviceFlags``) the persistent definition
        is redefined without it."""
        self._inject('detach_interface', instance)
        dom = self._domain(instance)
        mac = vif['address']
        running = self._state(dom) in (states.RUNNING, states.PAUSED_POWER)
        live = running and config.interface_by_mac(
            self.hyp.call(dom.XMLDesc, 0, what='XMLDesc'), mac)
        persistent = config.interface_by_mac(self.hyp.call(
            dom.XMLDesc, self._lv.VIR_DOMAIN_XML_INACTIVE, what='XMLDesc'), mac)
        if not (live or persistent):
            LOG.warning('Detaching interface %s of %s failed because the device is no '
                        'longer found on the guest', mac, instance['uuid'])
        elif not self._change_device(dom, 'detachDeviceFlags', live or persistent,
                                     bool(live)):
            self._redefine(dom, lambda text: config.without_interface(text, mac))
        self._edit_saved_xml(instance, lambda text: config.without_interface(text, mac))

    # ------------------------------------------------------------------ diagnostics
    def _try(self, func, *args):
        """A statistics call, or None where the hypervisor cannot answer it (Nova skips
        the counters it cannot read)."""
        try:
            return concurrency.native(func, *args)
        except (self._lv.libvirtError, AttributeError):
            return None

    def get_diagnostics(self, instance):
        """Nova's libvirt blob (API below 2.48): ``cpuN_time`` (``vcpus()``), ``memory``
        (``maxMemory``), ``memory-<stat>`` (``memoryStats``), ``<disk>_read[_req]``,
        ``_write[_req]``, ``_errors`` (``blockStats``) and ``<tap>_rx``/``_tx`` counters
        (``interfaceStats``). A counter the hypervisor cannot read is left out (the test
        driver knows no interface attached after its domain started)."""
        self._inject('diagnostics', instance)
        dom = self._domain(instance)
        out = {}
        vcpus = self._try(dom.vcpus)
        for vcpu in (vcpus[0] if vcpus else []):
            out['cpu%d_time' % vcpu[0]] = vcpu[2]
        disks, nics = config.io_devices(self.hyp.call(dom.XMLDesc, 0, what='XMLDesc'))
        for dev in disks:
            stats = self._try(dom.blockStats, dev)
            if stats:
                out.update(zip(('%s_read_req' % dev, '%s_read' % dev, '%s_write_req' % dev,
                                '%s_write' % dev, '%s_errors' % dev), stats))
        for _, tap in nics:
            stats = self._try(dom.interfaceStats, tap) if tap else None
            if stats:
                out.update(zip([tap + s for s in ('_rx', '_rx_packets', '_rx_errors',
                                                  '_rx_drop', '_tx', '_tx_packets',
                                                  '_tx_errors', '_tx_drop')], stats))
        out['memory'] = self.hyp.call(dom.maxMemory, what='maxMemory')
        for key, value in (self._try(dom.memoryStats) or {}).items():
            out['memory-' + key] = value
        return out

    def get_instance_diagnostics(self, instance):
        """Nova's standardized diagnostics: state and memory from ``info()`` (MiB), one
        CPU per ``vcpus()`` entry, one NIC per ``<interface>`` (counters from
        ``interfaceStats``; a NIC without a target device, or one the hypervisor has no
        counters for, is listed with none), one disk per ``blockStats`` it can read."""
        self._inject('diagnostics', instance)
        dom = self._domain(instance)
        xml = self.hyp.call(dom.XMLDesc, 0, what='XMLDesc')
        state, max_kib, kib = self.hyp.call(dom.info, what='info')[:3]
        cpus = [{'id': v[0], 'time': v[2], 'utilisation': None}
                for v in (self._try(dom.vcpus) or [[]])[0]]
        disks, ifaces = config.io_devices(xml)
        disk_details = []
        for dev in disks:
            stats = self._try(dom.blockStats, dev)
            if stats:
                disk_details.append({'read_bytes': stats[1], 'read_requests': stats[0],
                                     'write_bytes': stats[3], 'write_requests': stats[2],
                                     'errors_count': stats[4]})
        nic_fields = ('rx_octets', 'rx_packets', 'rx_errors', 'rx_drop',
                      'tx_octets', 'tx_packets', 'tx_errors', 'tx_drop')
        nics = []
        for mac, tap in ifaces:
            nic = dict.fromkeys(nic_fields + ('rx_rate', 'tx_rate'))
            nic['mac_address'] = mac
            stats = self._try(dom.interfaceStats, tap) if tap else None
            if stats:
                nic.update(zip(nic_fields, stats))
            nics.append(nic)
        return {
            'state': states.POWER_STATES.get(self._power.get(state, states.NOSTATE),
                                             'pending'),
            'driver': 'libvirt',
            'hypervisor': config.domain_type(xml) or self.conf.libvirt.virt_type,
            'hypervisor_os': 'linux', 'uptime': fake.uptime_of(instance),
            'config_drive': bool(instance.get('config_drive')),
            'num_cpus': len(cpus), 'num_nics': len(nics), 'num_disks': len(disk_details),
            'memory_details': {'maximum': max_kib // 1024, 'used': kib // 1024},
            'cpu_details': cpus, 'nic_details': nics, 'disk_details': disk_details}

    # ------------------------------------------------------------------ image-backed
    def snapshot(self, context, instance, image_id, update_task_state, upload):
        """Nova's cold snapshot: the guest's memory saved if it runs, its root disk
        flattened into a standalone image, the guest restored, the image uploaded."""
        uuid = instance['uuid']
        dom = self._domain(instance)
        power = self._state(dom)
        disk = self.disks.path(uuid)
        workdir = tempfile.mkdtemp(prefix='snapshot-', dir=self.disks.instance_dir(uuid))
        try:
            if power in (states.RUNNING, states.PAUSED_POWER):
                self.hyp.call(dom.managedSave, 0, what='managedSave')
            try:
                update_task_state(task_state=states.IMAGE_PENDING_UPLOAD)
                self._inject('snapshot', instance)
                out = self.disks.flatten(disk, imagebackend.detect_format(disk),
                                         os.path.join(workdir, 'snapshot'))
            finally:
                if power in (states.RUNNING, states.PAUSED_POWER):
                    self.hyp.call(dom.create, what='create')
                    if power == states.PAUSED_POWER:
                        self.hyp.call(dom.suspend, what='suspend')
            update_task_state(task_state=states.IMAGE_UPLOADING,
                              expected_state=states.IMAGE_PENDING_UPLOAD)
            with open(out, 'rb') as f:
                upload(f.read())
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        self._console(instance, 'snapshot %s taken' % image_id)

    def rebuild(self, context, instance, image_meta, network_info, preserve_ephemeral):
        """Reimage in place: the root disk recreated from the new image, the domain
        redefined and started (a fresh console)."""
        self._inject('rebuild', instance, image_meta)
        uuid = instance['uuid']
        dom = self._domain(instance)
        self._stop(dom)
        if self.hyp.call(dom.hasManagedSaveImage, 0):
            self.hyp.call(dom.managedSaveRemove, 0)
        self._drop_rescue(instance)
        names = ['disk', 'console.log'] + ([] if preserve_ephemeral else ['disk.local'])
        for name in names:
            if os.path.exists(self.disks.path(uuid, name)):
                os.unlink(self.disks.path(uuid, name))
        self._save_image_meta(uuid, image_meta)
        self._create_disks(instance, image_meta)
        self._define_and_start(instance, network_info, context=context)
        self._console(instance, 'rebuilt from image %s' % (image_meta or {}).get('id'))

    # ------------------------------------------------------------------ resize / migrate
    # Nova's layout: the source keeps the old guest's files in <uuid>_resize until the move
    # is confirmed (deleted) or reverted (moved back); the destination works on <uuid>/.
    # Moves between hosts need a shared instances_path (the all-in-one's is).
    def _resize_dir(self, uuid):
        return self.disks.instance_dir(uuid) + '_resize'

    def migrate_disk_and_power_off(self, context, instance, dest, flavor, network_info):
        """Source: power off, keep the files in <uuid>_resize, hand a copy to ``dest``."""
        same = flavor.get('flavorid') == (instance.get('flavor') or {}).get('flavorid')
        self._inject('migrate' if same else 'resize', instance)
        uuid = instance['uuid']
        dom = self._domain(instance)
        self._power_off(instance, dom)
        if self.hyp.call(dom.hasManagedSaveImage, 0):
            self.hyp.call(dom.managedSaveRemove, 0)
        inst_dir, backup = self.disks.instance_dir(uuid), self._resize_dir(uuid)
        shutil.rmtree(backup, ignore_errors=True)
        os.rename(inst_dir, backup)
        imagebackend.copy_tree(backup, inst_dir)
        self._console(instance, 'power off for %s to %s' % ('migration' if same else 'resize',
                                                            dest))
        return {'source_host': self.host, 'instance_dir': inst_dir}

    def finish_migration(self, context, migration, instance, disk_info, network_info,
                         image_meta, resize_instance, power_on):
        """Destination: the disks grown to the new flavor, the domain (re)defined with it
        and started when ``power_on``."""
        uuid = instance['uuid']
        if not os.path.exists(self.disks.path(uuid)):
            raise exception.VirtDriverError(
                reason='the disks of instance %s are not on %s: moves between hosts need a '
                       'shared instances_path' % (uuid, self.host))
        flavor = config.flavor_of(instance)
        if resize_instance:
            disk = self.disks.path(uuid)
            self.disks.resize(disk, imagebackend.detect_format(disk), flavor.get('root_gb'))
            if int(flavor.get('ephemeral_gb') or 0):
                local = self.disks.path(uuid, 'disk.local')
                self.disks.create_blank(uuid, 'disk.local', flavor['ephemeral_gb'])
                self.disks.resize(local, 'raw', flavor['ephemeral_gb'])
        dom = self.hyp.define(self._guest_xml(instance, network_info, context=context))
        if power_on:
            self.hyp.call(dom.create, what='create')
        self._console(instance, 'boot' if power_on else 'defined (%s)' % (
            'resized' if resize_instance else 'migrated'))

    def confirm_migration(self, context, migration, instance, network_info):
        """Source: the old files go, and the old domain when the guest moved away."""
        uuid = instance['uuid']
        shutil.rmtree(self._resize_dir(uuid), ignore_errors=True)
        if migration.get('dest_compute') != self.host:
            dom = self.hyp.lookup(uuid)
            # a hypervisor shared with the destination holds the destination's domain now
            if dom is not None and self._owner(dom) in (None, self.host):
                self._stop(dom)
                self.hyp.undefine(dom)

    def finish_revert_migration(self, context, instance, network_info, migration, power_on):
        """Source: the old files back in place, the domain redefined with the old flavor
        (the instance carries it again) and started when ``power_on``."""
        uuid = instance['uuid']
        inst_dir, backup = self.disks.instance_dir(uuid), self._resize_dir(uuid)
        dom = self.hyp.lookup(uuid)
        if dom is not None:
            self._stop(dom)
        if os.path.isdir(backup):
            shutil.rmtree(inst_dir, ignore_errors=True)
            os.rename(backup, inst_dir)
        if not os.path.exists(self.disks.path(uuid)):
            raise exception.VirtDriverError(reason='no disks for instance %s on %s'
                                            % (uuid, self.host))
        dom = self.hyp.define(self._guest_xml(instance, network_info, context=context))
        if power_on:
            self.hyp.call(dom.create, what='create')
        self._console(instance, 'boot (resize reverted)' if power_on else 'resize reverted')
