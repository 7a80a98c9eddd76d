"""Driver steps as spans of the request's trace (novalite/trace.py): the compute manager
talks to a :class:`TracedDriver`, which records a ``step`` span around each action the
hypervisor performs (spawn, power_off, snapshot, ...); queries pass straight through."""
from novalite import trace

STEPS = frozenset([
    'spawn', 'destroy', 'reboot', 'power_off', 'power_on', 'pause', 'unpause', 'suspend',
    'resume', 'rescue', 'unrescue', 'set_admin_password', 'trigger_crash_dump',
    'inject_network_info', 'snapshot', 'rebuild', 'soft_delete', 'restore',
    'migrate_disk_and_power_off', 'finish_migration', 'confirm_migration',
    'finish_revert_migration', 'attach_interface', 'detach_interface', 'attach_volume',
    'detach_volume', 'extend_volume', 'swap_volume'])


def _server_id(args, kwargs):
    instance = kwargs.get('instance')
    if not isinstance(instance, dict):
        instance = next((a for a in args if isinstance(a, dict) and 'uuid' in a), None)
    return instance.get('uuid') if isinstance(instance, dict) else None


class TracedDriver:

    def __init__(self, driver):
        self.__dict__['_driver'] = driver

    @property
    def wrapped(self):
        return self._driver

    def __getattr__(self, name):
        attr = getattr(self._driver, name)
        if name not in STEPS or not callable(attr):
            return attr
        driver_name = type(self._driver).__name__

        def step(*args, **kwargs):
            with trace.span(name, 'step', server_id=_server_id(args, kwargs),
                            driver=driver_name):
                return attr(*args, **kwargs)
        return step

    def __setattr__(self, name, value):
        setattr(self._driver, name, value)

    def __delattr__(self, name):
        delattr(self._driver, name)
