"""The in-memory fake driver and its data-driven failure injection (novalite/virt/fake.py)."""
import uuid

import pytest

from novalite import concurrency
from novalite import context
from novalite import exception
from novalite.compute import states
from novalite.virt import driver
from novalite.virt import fake

IMAGE = {'id': 'img-1', 'status': 'active', 'properties': {}}
VIFS = [{'id': 'port-1'}, {'id': 'port-2'}]


@pytest.fixture
def drv(conf):
    return fake.FakeDriver(conf, 'host1')


@pytest.fixture
def ctx():
    return context.get_admin_context()


@pytest.fixture
def sleeps(monkeypatch):
    calls = []
    monkeypatch.setattr(concurrency, 'sleep', lambda seconds=0: calls.append(seconds))
    return calls


def _instance(extra_specs=None, metadata=None, key='metadata'):
    inst = {'uuid': str(uuid.uuid4()), 'flavor': {'extra_specs': extra_specs or {}}}
    inst[key] = metadata or {}
    return inst


def test_is_the_driver_stevedore_loads(conf):
    loaded = driver.load(conf, 'host1')
    assert isinstance(loaded, fake.FakeDriver)
    assert loaded.get_available_nodes() == ['host1']


def test_available_resource_comes_from_config(conf, drv):
    res = drv.get_available_resource('host1')
    assert (res['vcpus'], res['memory_mb'], res['local_gb']) == (
        conf.fake_driver.vcpus, conf.fake_driver.memory_mb, conf.fake_driver.local_gb)
    assert res['hypervisor_type'] == 'fake'


def test_spawn_runs_the_guest(drv, ctx, sleeps):
    inst = _instance()
    assert drv.get_power_state(inst) == states.NOSTATE
    drv.spawn(ctx, inst, IMAGE, VIFS)
    assert drv.get_power_state(inst) == states.RUNNING
    assert drv.list_instance_uuids() == [inst['uuid']]
    assert sleeps == []


def test_spawn_without_image_or_network(drv, ctx):
    inst = _instance()
    drv.spawn(ctx, inst, {}, [])
    assert drv.get_power_state(inst) == states.RUNNING


def test_destroy_removes_the_guest_and_is_idempotent(drv, ctx):
    kept, gone = _instance(), _instance()
    drv.spawn(ctx, kept, IMAGE, [])
    drv.spawn(ctx, gone, IMAGE, [])
    drv.destroy(ctx, gone, [])
    assert drv.get_power_state(gone) == states.NOSTATE
    assert drv.get_power_state(kept) == states.RUNNING
    assert drv.list_instance_uuids() == [kept['uuid']]
    drv.destroy(ctx, gone, [])  # a guest that does not exist is not an error


def test_drivers_do_not_share_guests(conf, ctx):
    a, b = fake.FakeDriver(conf, 'a'), fake.FakeDriver(conf, 'b')
    inst = _instance()
    a.spawn(ctx, inst, IMAGE, [])
    assert b.get_power_state(inst) == states.NOSTATE
    assert b.list_instance_uuids() == []


@pytest.mark.parametrize('where', ['extra_specs', 'metadata', 'instance_metadata', 'image'])
def test_fail_spawn_raises_and_leaves_no_guest(drv, ctx, where):
    knob = {'novalite:fail': 'spawn'}
    image = dict(IMAGE)
    if where == 'extra_specs':
        inst = _instance(extra_specs=knob)
    elif where == 'image':
        inst = _instance()
        image['properties'] = knob
    else:
        inst = _instance(metadata=knob, key=where)
    with pytest.raises(exception.VirtDriverError) as caught:
        drv.spawn(ctx, inst, image, VIFS)
    assert 'spawn' in caught.value.format_message()
    assert drv.get_power_state(inst) == states.NOSTATE
    assert drv.list_instance_uuids() == []


def test_fail_lists_several_steps(drv, ctx):
    inst = _instance(metadata={'novalite:fail': 'destroy, spawn'})
    with pytest.raises(exception.VirtDriverError):
        drv.spawn(ctx, inst, IMAGE, [])
    with pytest.raises(exception.VirtDriverError):
        drv.destroy(ctx, inst, [])


def test_failure_of_another_step_does_not_stop_spawn(drv, ctx):
    inst = _instance(extra_specs={'novalite:fail': 'destroy'})
    drv.spawn(ctx, inst, IMAGE, [])
    assert drv.get_power_state(inst) == states.RUNNING
    with pytest.raises(exception.VirtDriverError):
        drv.destroy(ctx, inst, [])
    assert drv.get_power_state(inst) == states.RUNNING


def test_fail_spawnx_is_not_spawn(drv, ctx):
    inst = _instance(metadata={'novalite:fail': 'spawning'})
    drv.spawn(ctx, inst, IMAGE, [])
    assert drv.get_power_state(inst) == states.RUNNING


def test_delay_spawn_sleeps(drv, ctx, sleeps):
    inst = _instance(extra_specs={'novalite:delay_spawn': '2.5'})
    drv.spawn(ctx, inst, IMAGE, [])
    assert sleeps == [2.5]
    assert drv.get_power_state(inst) == states.RUNNING


def test_delay_is_capped_at_an_hour(drv, ctx, sleeps):
    drv.spawn(ctx, _instance(metadata={'novalite:delay_spawn': '1e9'}), IMAGE, [])
    assert sleeps == [3600.0]


def test_delay_then_fail(drv, ctx, sleeps):
    inst = _instance(metadata={'novalite:delay_spawn': '1', 'novalite:fail': 'spawn'})
    with pytest.raises(exception.VirtDriverError):
        drv.spawn(ctx, inst, IMAGE, [])
    assert sleeps == [1.0]


def test_delay_of_another_step_does_not_slow_spawn(drv, ctx, sleeps):
    drv.spawn(ctx, _instance(metadata={'novalite:delay_destroy': '5'}), IMAGE, [])
    assert sleeps == []


def test_bad_delay_is_ignored(drv, ctx, sleeps):
    inst = _instance(metadata={'novalite:delay_spawn': 'soon'})
    drv.spawn(ctx, inst, IMAGE, [])
    assert sleeps == []
    assert drv.get_power_state(inst) == states.RUNNING
