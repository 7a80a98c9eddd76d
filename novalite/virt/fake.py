"""A hypervisor in memory. Failure injection is data, not code paths:

- ``novalite:fail`` = ``<step>[,<step>...]`` (flavor extra spec, image property or server
  metadata) makes that step raise, e.g. ``spawn``; every driver call is a step named after
  it (``reboot``, ``power_off``, ``power_on``, ``pause``, ``unpause``, ``suspend``,
  ``resume``, ``rescue``, ``unrescue``, ``set_admin_password``, ``trigger_crash_dump``);
- ``novalite:delay_<step>`` = ``<seconds>`` slows that step down.
"""
import threading

from novalite import concurrency
from novalite import exception
from novalite.compute import states
from novalite.virt import driver

FAIL_KEY = 'novalite:fail'
DELAY_PREFIX = 'novalite:delay_'


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
            concurrency.sleep(min(float(delay), 3600.0))
        except ValueError:
            pass
    failing = [s.strip() for s in str(knobs.get(FAIL_KEY, '')).split(',')]
    if step in failing:
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

    def spawn(self, context, instance, image_meta, network_info):
        inject('spawn', instance, image_meta)
        with self._lock:
            self._guests[instance['uuid']] = {'power_state': states.RUNNING,
                                              'image': image_meta.get('id'),
                                              'vifs': [v['id'] for v in network_info],
                                              'console': [], 'rescued': False}
            self._log(instance, 'boot')

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

    def get_console_output(self, context, instance):
        with self._lock:
            guest = self._guests.get(instance['uuid'])
            if guest is None:
                raise exception.ConsoleNotAvailable()
            return '\n'.join(guest.get('console', [])) + '\n'

    def guest(self, uuid):
        """A copy of the in-memory domain (for tests and debugging)."""
        with self._lock:
            guest = self._guests.get(uuid)
            return dict(guest) if guest else None
