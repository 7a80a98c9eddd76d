"""The fake driver's server actions: in-memory domain state, console log, injection."""
import uuid

import pytest

from novalite import concurrency
from novalite import context
from novalite import exception
from novalite.compute import states
from novalite.virt import driver
from novalite.virt import fake


@pytest.fixture
def drv(conf):
    return fake.FakeDriver(conf, 'host1')


@pytest.fixture
def ctx():
    return context.get_admin_context()


def _running(drv, ctx, **metadata):
    inst = {'uuid': str(uuid.uuid4()), 'hostname': 'vm', 'flavor': {'extra_specs': {}},
            'metadata': metadata}
    drv.spawn(ctx, inst, {'id': 'img'}, [])
    return inst


def test_power_cycle(drv, ctx):
    inst = _running(drv, ctx)
    drv.power_off(inst)
    assert drv.get_power_state(inst) == states.SHUTDOWN
    drv.power_on(ctx, inst, [])
    assert drv.get_power_state(inst) == states.RUNNING


def test_pause_unpause_suspend_resume(drv, ctx):
    inst = _running(drv, ctx)
    drv.pause(inst)
    assert drv.get_power_state(inst) == states.PAUSED_POWER
    with pytest.raises(exception.VirtDriverError):
        drv.suspend(ctx, inst)  # a paused guest cannot be suspended
    drv.unpause(inst)
    drv.suspend(ctx, inst)
    assert drv.get_power_state(inst) == states.SUSPENDED_POWER
    drv.resume(ctx, inst, [])
    assert drv.get_power_state(inst) == states.RUNNING


def test_soft_reboot_needs_a_running_guest_hard_reboot_starts_it(drv, ctx):
    inst = _running(drv, ctx)
    drv.power_off(inst)
    with pytest.raises(exception.VirtDriverError):
        drv.reboot(ctx, inst, [], 'SOFT')
    drv.reboot(ctx, inst, [], 'HARD')
    assert drv.get_power_state(inst) == states.RUNNING


def test_rescue_and_unrescue(drv, ctx):
    inst = _running(drv, ctx)
    drv.rescue(ctx, inst, [], {'id': 'rescue-img'}, 'pw')
    assert drv.guest(inst['uuid'])['rescued'] is True
    assert drv.guest(inst['uuid'])['rescue_image'] == 'rescue-img'
    drv.unrescue(ctx, inst)
    assert drv.guest(inst['uuid'])['rescued'] is False


def test_console_log_records_boot_and_reboots(drv, ctx):
    inst = _running(drv, ctx)
    drv.reboot(ctx, inst, [], 'SOFT')
    drv.reboot(ctx, inst, [], 'HARD')
    drv.trigger_crash_dump(inst)
    lines = drv.get_console_output(ctx, inst).splitlines()
    boot = ['[vm] %s' % line for line in fake.BOOT_LINES]
    assert len(boot) > 3  # a first boot prints a few lines, as a guest does
    assert lines == boot + ['[vm] soft reboot', '[vm] hard reboot',
                            '[vm] NMI received, kernel crash dump']


def test_set_admin_password_needs_a_running_guest(drv, ctx):
    inst = _running(drv, ctx)
    drv.set_admin_password(inst, 'secret')
    assert drv.guest(inst['uuid'])['admin_password'] == 'secret'
    drv.power_off(inst)
    with pytest.raises(exception.VirtDriverError):
        drv.set_admin_password(inst, 'other')


@pytest.mark.parametrize('step, call', [
    ('reboot', lambda d, c, i: d.reboot(c, i, [], 'HARD')),
    ('power_off', lambda d, c, i: d.power_off(i)),
    ('pause', lambda d, c, i: d.pause(i)),
    ('suspend', lambda d, c, i: d.suspend(c, i)),
    ('rescue', lambda d, c, i: d.rescue(c, i, [], {}, 'pw')),
    ('set_admin_password', lambda d, c, i: d.set_admin_password(i, 'pw')),
    ('trigger_crash_dump', lambda d, c, i: d.trigger_crash_dump(i)),
])
def test_injected_failure_leaves_the_guest_as_it_was(drv, ctx, step, call):
    inst = _running(drv, ctx, **{'novalite:fail': step})
    before = drv.guest(inst['uuid'])
    with pytest.raises(exception.VirtDriverError) as caught:
        call(drv, ctx, inst)
    assert step in caught.value.format_message()
    assert drv.guest(inst['uuid']) == before


def test_delay_slows_the_step(drv, ctx, monkeypatch):
    sleeps = []
    monkeypatch.setattr(concurrency, 'sleep', lambda seconds=0: sleeps.append(seconds))
    inst = _running(drv, ctx, **{'novalite:delay_pause': '0.5'})
    drv.pause(inst)
    assert sleeps == [0.5]


def test_unknown_guest_is_a_driver_error(drv, ctx):
    with pytest.raises(exception.VirtDriverError):
        drv.power_off({'uuid': 'nope', 'metadata': {}})


def test_base_driver_actions_are_not_implemented(conf):
    class Minimal(driver.ComputeDriver):
        get_available_nodes = get_available_resource = spawn = destroy = \
            get_power_state = lambda *a: None
    with pytest.raises(NotImplementedError):
        Minimal(conf, 'h').pause({'uuid': 'x'})
