"""A hypervisor in memory. Failure injection is data, not code paths:

- ``novalite:fail`` = ``<step>[,<step>...]`` (flavor extra spec, image property or server
  metadata) makes that step raise, e.g. ``spawn``; every driver call is a step named after
  it (``reboot``, ``power_off``, ``power_on``, ``pause``, ``unpause``, ``suspend``,
  ``resume``, ``rescue``, ``unrescue``, ``set_admin_password``, ``trigger_crash_dump``,
  ``inject_network_info``, ``snapshot``, ``rebuild``, ``soft_delete``, ``restore``),
  shelving adds ``shelve`` (its power off) and ``unshelve`` (its spawn), and moving a
  server's disk away adds ``resize`` (a new flavor) and ``migrate`` (a cold migration);
  the server sub-resources add ``diagnostics``, ``attach_interface`` and ``detach_interface``;
  volumes add ``attach_volume``, ``detach_volume`` and ``swap_volume``;
- ``novalite:delay_<step>`` = ``<seconds>`` slows that step down.
"""
import datetime
import threading

from novalite import concurrency
from novalite import exception
from novalite import qcow2
from novalite import timeutils
from novalite import trace
from novalite.compute import states
from novalite.virt import driver

FAIL_KEY = 'novalite:fail'
DELAY_PREFIX = 'novalite:delay_'
# What a guest prints on its serial console when it first boots (a real one prints far
# more: firmware, kernel, init, cloud-init); clients expect more than a line or two.
BOOT_LINES = driver.STAND_IN_BOOT_LINES
SNAPSHOT_VIRTUAL_SIZE = 112 * 1024 * 1024  # as the seeded cirros stand-in's


def _knobs(instance, image_meta=None):
    merged = {}
    merged.update((image_meta or {}).get('properties') or {})
    merged.update((instance.get('flavor') or {}).get('extra_specs') or {})
    merged.update(instance.get('metadata') or instance.get('instance_metadata') or {})
    return merged


def inject(step, instance, image_meta=None):
    """Apply the delay and failure the instance's data asks for at ``step``."""
    knobs = _knobs(instance, image_meta)
    delay = knobs.get(DELAY_PREFIX + step)
    if delay:
        try:
            seconds = min(float(delay), 3600.0)
        except ValueError:
            seconds = None
        if seconds is not None:
            with trace.span('injected delay %ss at %s' % (seconds, step), 'inject',
                            step=step, delay=seconds):
                concurrency.sleep(seconds)
    failing = [s.strip() for s in str(knobs.get(FAIL_KEY, '')).split(',')]
    if step in failing:
        trace.event('injected failure at %s' % step, 'inject', outcome='error injected',
                    step=step)
        raise exception.VirtDriverError(reason='injected failure at step %s' % step)


class FakeDriver(driver.ComputeDriver):

    def __init__(self, conf, host):
        super().__init__(conf, host)
        self._guests = {}
        self._lock = threading.Lock()

    def get_available_nodes(self):
        return [self.host]

    def get_available_resource(self, nodename):
        fake = self.conf.fake_driver
        return {'vcpus': fake.vcpus, 'memory_mb': fake.memory_mb, 'local_gb': fake.local_gb,
                'hypervisor_type': 'fake', 'hypervisor_version': 1000}

    def init_host(self, instances):
        """A hypervisor outlives its compute service: guests the database says run here
        are still there after a restart, in the power state they had."""
        with self._lock:
            for inst in instances:
                if inst['vm_state'] != states.BUILDING and not inst['deleted']:
                    self._guests.setdefault(inst['uuid'], {
                        'power_state': inst['power_state'], 'image': inst['image_ref'],
                        'vifs': [v['id'] for v in inst.get('network_info') or []],
                        'console': [], 'rescued': inst['vm_state'] == states.RESCUED})

    def spawn(self, context, instance, image_meta, network_info, block_device_info=None):
        if instance.get('vm_state') in (states.SHELVED, states.SHELVED_OFFLOADED):
            inject('unshelve', instance, image_meta)
        inject('spawn', instance, image_meta)
        volumes = {v['mountpoint']: {'volume_id': v['connection_info'].get('serial'),
                                     'driver_volume_type': v['connection_info'].get(
                                         'driver_volume_type'),
                                     'bus': v.get('disk_bus') or 'virtio'}
                   for v in (block_device_info or {}).get('volumes') or []}
        with self._lock:
            self._guests[instance['uuid']] = {'power_state': states.RUNNING,
                                              'image': image_meta.get('id'),
                                              'vifs': [v['id'] for v in network_info],
                                              'console': [], 'rescued': False,
                                              'volumes': volumes}
            for line in BOOT_LINES:
                self._log(instance, line)

    def destroy(self, context, instance, network_info):
        inject('destroy', instance)
        with self._lock:
            self._guests.pop(instance['uuid'], None)

    def get_power_state(self, instance):
        guest = self._guests.get(instance['uuid'])
        return guest['power_state'] if guest else states.NOSTATE

    def list_instance_uuids(self):
        return list(self._guests)

    # ------------------------------------------------------------------ server actions
    def _guest(self, instance):
        guest = self._guests.get(instance['uuid'])
        if guest is None:
            raise exception.VirtDriverError(reason='no guest for instance %s on %s'
                                            % (instance['uuid'], self.host))
        return guest

    def _log(self, instance, what):
        """A console line, as a guest would print it (caller holds the lock)."""
        self._guests[instance['uuid']].setdefault('console', []).append(
            '[%s] %s' % (instance.get('hostname') or instance['uuid'], what))

    def _set_power(self, instance, step, allowed, power_state, line, **extra):
        """The common shape of an action: inject, check the guest may do it, change it."""
        inject(step, instance)
        with self._lock:
            guest = self._guest(instance)
            if allowed is not None and guest['power_state'] not in allowed:
                raise exception.VirtDriverError(
                    reason='cannot %s a guest in power state %s'
                    % (step, states.POWER_STATES.get(guest['power_state'])))
            guest['power_state'] = power_state
            guest.update(extra)
            if line:
                self._log(instance, line)

    def reboot(self, context, instance, network_info, reboot_type):
        allowed = (states.RUNNING,) if reboot_type == 'SOFT' else None
        self._set_power(instance, 'reboot', allowed, states.RUNNING,
                        '%s reboot' % reboot_type.lower(), rescued=False)

    def power_off(self, instance):
        if str(instance.get('task_state') or '').startswith(states.SHELVING):
            inject('shelve', instance)
        self._set_power(instance, 'power_off', None, states.SHUTDOWN, 'power off')

    def power_on(self, context, instance, network_info):
        self._set_power(instance, 'power_on', None, states.RUNNING, 'boot')

    def pause(self, instance):
        self._set_power(instance, 'pause', (states.RUNNING,), states.PAUSED_POWER, None)

    def unpause(self, instance):
        self._set_power(instance, 'unpause', (states.PAUSED_POWER,), states.RUNNING, None)

    def suspend(self, context, instance):
        self._set_power(instance, 'suspend', (states.RUNNING,), states.SUSPENDED_POWER,
                        'suspend to disk')

    def resume(self, context, instance, network_info):
        self._set_power(instance, 'resume', (states.SUSPENDED_POWER,), states.RUNNING,
                        'resume from disk')

    def rescue(self, context, instance, network_info, image_meta, rescue_password):
        self._set_power(instance, 'rescue', None, states.RUNNING, 'rescue boot',
                        rescued=True, rescue_image=(image_meta or {}).get('id'))

    def unrescue(self, context, instance):
        self._set_power(instance, 'unrescue', None, states.RUNNING, 'boot', rescued=False,
                        rescue_image=None)

    def set_admin_password(self, instance, new_pass):
        inject('set_admin_password', instance)
        with self._lock:
            guest = self._guest(instance)
            if guest['power_state'] != states.RUNNING:
                raise exception.VirtDriverError(reason='the guest is not running')
            guest['admin_password'] = new_pass
            self._log(instance, 'admin password changed')

    def trigger_crash_dump(self, instance):
        inject('trigger_crash_dump', instance)
        with self._lock:
            guest = self._guest(instance)
            if guest['power_state'] not in (states.RUNNING, states.PAUSED_POWER):
                raise exception.VirtDriverError(reason='the guest is not running')
            self._log(instance, 'NMI received, kernel crash dump')

    def inject_network_info(self, instance, network_info):
        """The guest is handed its interfaces again; it keeps the list it was given."""
        inject('inject_network_info', instance)
        with self._lock:
            guest = self._guest(instance)
            guest['injected_network_info'] = [v['id'] for v in network_info]
            self._log(instance, 'network info injected')

    def get_console_output(self, context, instance):
        with self._lock:
            guest = self._guests.get(instance['uuid'])
            if guest is None:
                raise exception.ConsoleNotAvailable()
            return '\n'.join(guest.get('console', [])) + '\n'

    # ------------------------------------------------------------------ image-backed actions
    def snapshot(self, context, instance, image_id, update_task_state, upload):
        """The guest's disk as a small valid qcow2 that names the instance and its image,
        uploaded into ``image_id``."""
        with self._lock:
            guest = dict(self._guest(instance))
        update_task_state(task_state=states.IMAGE_PENDING_UPLOAD)
        inject('snapshot', instance)
        data = snapshot_bytes(instance, guest.get('image'))
        update_task_state(task_state=states.IMAGE_UPLOADING,
                          expected_state=states.IMAGE_PENDING_UPLOAD)
        upload(data)
        with self._lock:
            if instance['uuid'] in self._guests:
                self._log(instance, 'snapshot %s taken' % image_id)

    def rebuild(self, context, instance, image_meta, network_info, preserve_ephemeral):
        """Reimage in place: the new image, a fresh console, running."""
        inject('rebuild', instance, image_meta)
        with self._lock:
            guest = self._guest(instance)
            guest.update(power_state=states.RUNNING, image=image_meta.get('id'),
                         rescued=False, console=[],
                         preserved_ephemeral=bool(preserve_ephemeral))
            self._log(instance, 'rebuilt from image %s' % image_meta.get('id'))

    def soft_delete(self, instance):
        self._set_power(instance, 'soft_delete', None, states.SHUTDOWN, 'power off')

    def restore(self, instance):
        self._set_power(instance, 'restore', None, states.RUNNING, 'boot')

    # ------------------------------------------------------------------ server moves
    def migrate_disk_and_power_off(self, context, instance, dest, flavor, network_info):
        """Step ``resize`` (a new flavor) or ``migrate`` (the same flavor, a cold
        migration): power off and hand over the guest's disk (its image and console)."""
        same = flavor.get('flavorid') == (instance.get('flavor') or {}).get('flavorid')
        inject('migrate' if same else 'resize', instance)
        with self._lock:
            guest = self._guest(instance)
            guest['power_state'] = states.SHUTDOWN
            self._log(instance, 'power off for %s to %s' % ('migration' if same else 'resize',
                                                            dest))
            return {'image': guest.get('image'), 'console': list(guest.get('console', []))}

    def finish_migration(self, context, migration, instance, disk_info, network_info,
                         image_meta, resize_instance, power_on):
        with self._lock:
            source = self._guests.get(instance['uuid'])   # a resize on the same host
            guest = {'power_state': states.RUNNING if power_on else states.SHUTDOWN,
                     'image': (disk_info or {}).get('image'),
                     'vifs': [v['id'] for v in network_info],
                     'console': list((disk_info or {}).get('console') or []),
                     'rescued': False, 'flavor': (instance.get('flavor') or {}).get('name')}
            if source is not None:
                guest['resize_source'] = source
            self._guests[instance['uuid']] = guest
            self._log(instance, 'boot' if power_on else 'defined (%s)' % (
                'resized' if resize_instance else 'migrated'))

    def confirm_migration(self, context, migration, instance, network_info):
        with self._lock:
            guest = self._guests.get(instance['uuid'])
            if migration.get('dest_compute') == self.host:
                if guest is not None:
                    guest.pop('resize_source', None)
            else:
                self._guests.pop(instance['uuid'], None)

    def finish_revert_migration(self, context, instance, network_info, migration, power_on):
        with self._lock:
            guest = self._guests.get(instance['uuid'])
            if guest is not None and 'resize_source' in guest:
                guest = self._guests[instance['uuid']] = guest['resize_source']
            if guest is None:
                raise exception.VirtDriverError(reason='no guest for instance %s on %s'
                                                % (instance['uuid'], self.host))
            guest['power_state'] = states.RUNNING if power_on else states.SHUTDOWN
            self._log(instance, 'boot (resize reverted)' if power_on else 'resize reverted')

    # ------------------------------------------------------------------ sub-resources
    def get_diagnostics(self, instance):
        """A libvirt-like blob (API below 2.48), from the domain's vifs and flavor."""
        inject('diagnostics', instance)
        with self._lock:
            guest = dict(self._guest(instance))
        uptime = uptime_of(instance)
        diags = {'cpu%d_time' % i: uptime * 10 ** 9 for i in range(instance['vcpus'])}
        diags.update({'memory': instance['memory_mb'] * 1024,
                      'memory-actual': instance['memory_mb'] * 1024,
                      'vda_read': 262144, 'vda_read_req': 112, 'vda_write': 5778432,
                      'vda_write_req': 488, 'vda_errors': -1})
        for vif in guest.get('vifs') or []:
            tap = 'tap' + vif[:11]
            diags.update({tap + '_rx': 0, tap + '_rx_drop': 0, tap + '_rx_errors': 0,
                          tap + '_rx_packets': 0, tap + '_tx': 0, tap + '_tx_drop': 0,
                          tap + '_tx_errors': 0, tap + '_tx_packets': 0})
        return diags

    def get_instance_diagnostics(self, instance):
        """Nova's standardized diagnostics from the domain: its power state, the flavor's
        vCPUs and memory, one NIC per plugged vif, the root disk."""
        inject('diagnostics', instance)
        with self._lock:
            guest = dict(self._guest(instance))
        uptime = uptime_of(instance)
        macs = {v['id']: v.get('address') for v in instance.get('network_info') or []}
        nic_fields = ('rx_octets', 'rx_errors', 'rx_drop', 'rx_packets', 'rx_rate',
                      'tx_octets', 'tx_errors', 'tx_drop', 'tx_packets', 'tx_rate')
        nics = [dict(dict.fromkeys(nic_fields, 0), mac_address=macs.get(vif))
                for vif in guest.get('vifs') or []]
        disks = [{'read_bytes': 262144, 'read_requests': 112, 'write_bytes': 5778432,
                  'write_requests': 488, 'errors_count': 0}]
        return {
            'state': states.POWER_STATES.get(guest['power_state'], 'pending'),
            'driver': 'libvirt', 'hypervisor': 'fake', 'hypervisor_os': 'linux',
            'uptime': uptime, 'config_drive': bool(instance.get('config_drive')),
            'num_cpus': instance['vcpus'], 'num_nics': len(nics), 'num_disks': len(disks),
            'memory_details': {'maximum': instance['memory_mb'],
                               'used': min(instance['memory_mb'], 64)},
            'cpu_details': [{'id': i, 'time': uptime * 10 ** 9, 'utilisation': None}
                            for i in range(instance['vcpus'])],
            'nic_details': nics, 'disk_details': disks}

    def attach_interface(self, context, instance, vif):
        inject('attach_interface', instance)
        with self._lock:
            guest = self._guest(instance)
            guest['vifs'] = list(guest.get('vifs') or []) + [vif['id']]
            self._log(instance, 'NIC %s plugged' % vif['address'])

    def detach_interface(self, context, instance, vif):
        inject('detach_interface', instance)
        with self._lock:
            guest = self._guest(instance)
            guest['vifs'] = [v for v in guest.get('vifs') or [] if v != vif['id']]
            self._log(instance, 'NIC %s unplugged' % vif['address'])

    # ------------------------------------------------------------------ volumes
    def attach_volume(self, context, connection_info, instance, mountpoint, disk_bus=None,
                      device_type=None):
        """The guest gains a disk at ``mountpoint`` backed by the volume (recorded with
        its connection info, as the domain would name the source)."""
        inject('attach_volume', instance)
        with self._lock:
            guest = self._guest(instance)
            volumes = dict(guest.get('volumes') or {})
            if mountpoint in volumes:
                raise exception.VirtDriverError(reason='device %s of %s is in use'
                                                % (mountpoint, instance['uuid']))
            volumes[mountpoint] = {'volume_id': connection_info.get('serial'),
                                   'driver_volume_type': connection_info.get(
                                       'driver_volume_type'),
                                   'bus': disk_bus or 'virtio'}
            guest['volumes'] = volumes
            self._log(instance, 'disk %s attached (volume %s)'
                      % (mountpoint, connection_info.get('serial')))

    def detach_volume(self, context, connection_info, instance, mountpoint):
        inject('detach_volume', instance)
        with self._lock:
            guest = self._guests.get(instance['uuid'])
            if guest is None or mountpoint not in (guest.get('volumes') or {}):
                return
            guest['volumes'] = {k: v for k, v in guest['volumes'].items() if k != mountpoint}
            self._log(instance, 'disk %s detached' % mountpoint)

    def swap_volume(self, context, old_connection_info, new_connection_info, instance,
                    mountpoint):
        inject('swap_volume', instance)
        with self._lock:
            guest = self._guest(instance)
            volumes = dict(guest.get('volumes') or {})
            volumes[mountpoint] = dict(volumes.get(mountpoint) or {},
                                       volume_id=new_connection_info.get('serial'))
            guest['volumes'] = volumes

    def guest(self, uuid):
        """A copy of the in-memory domain (for tests and debugging)."""
        with self._lock:
            guest = self._guests.get(uuid)
            return dict(guest) if guest else None


def uptime_of(instance):
    """Seconds since the guest was launched (0 when unknown)."""
    launched = instance.get('launched_at')
    if not launched:
        return 0
    if isinstance(launched, str):
        launched = timeutils.parse_isotime(launched)
    return max(0, int((datetime.datetime.utcnow() - launched).total_seconds()))


def snapshot_bytes(instance, image_id):
    """A valid qcow2 (the seeded cirros stand-in's size) with a banner naming the instance, so
    a snapshot differs from its base image and boots as any other."""
    banner = ('novalite snapshot of instance %s (image %s)\n'
              % (instance['uuid'], image_id)).encode()
    return qcow2.empty(SNAPSHOT_VIRTUAL_SIZE, banner[:qcow2.BANNER_MAX])
