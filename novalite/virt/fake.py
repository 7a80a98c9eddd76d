"""A hypervisor in memory. Failure injection is data, not code paths:

- ``novalite:fail`` = ``<step>[,<step>...]`` (flavor extra spec, image property or server
  metadata) makes that step raise, e.g. ``spawn``;
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
                        'vifs': [v['id'] for v in inst.get('network_info') or []]})

    def spawn(self, context, instance, image_meta, network_info):
        inject('spawn', instance, image_meta)
        with self._lock:
            self._guests[instance['uuid']] = {'power_state': states.RUNNING,
                                              'image': image_meta.get('id'),
                                              'vifs': [v['id'] for v in network_info]}

    def destroy(self, context, instance, network_info):
        inject('destroy', instance)
        with self._lock:
            self._guests.pop(instance['uuid'], None)

    def get_power_state(self, instance):
        guest = self._guests.get(instance['uuid'])
        return guest['power_state'] if guest else states.NOSTATE

    def list_instance_uuids(self):
        return list(self._guests)
