"""The status the API shows for vm_state + task_state (novalite/compute/states.py)."""
import pytest

from novalite.compute import states


@pytest.mark.parametrize('vm_state, task_state, status', [
    (states.BUILDING, None, 'BUILD'),
    (states.BUILDING, states.SCHEDULING, 'BUILD'),
    (states.BUILDING, states.NETWORKING, 'BUILD'),
    (states.BUILDING, states.SPAWNING, 'BUILD'),
    (states.BUILDING, states.DELETING, 'BUILD'),
    (states.ACTIVE, None, 'ACTIVE'),
    (states.ACTIVE, states.DELETING, 'ACTIVE'),
    (states.ACTIVE, states.POWERING_OFF, 'ACTIVE'),
    (states.ACTIVE, states.REBOOTING, 'REBOOT'),
    (states.ACTIVE, states.REBOOT_STARTED, 'REBOOT'),
    (states.ACTIVE, states.REBOOTING_HARD, 'HARD_REBOOT'),
    (states.ACTIVE, states.REBOOT_PENDING_HARD, 'HARD_REBOOT'),
    (states.ACTIVE, states.REBUILDING, 'REBUILD'),
    (states.ACTIVE, states.RESIZE_PREP, 'RESIZE'),
    (states.ACTIVE, states.MIGRATING, 'MIGRATING'),
    (states.ACTIVE, states.UPDATING_PASSWORD, 'PASSWORD'),
    (states.STOPPED, None, 'SHUTOFF'),
    (states.STOPPED, states.POWERING_ON, 'SHUTOFF'),
    (states.STOPPED, states.RESIZE_MIGRATING, 'RESIZE'),
    (states.RESIZED, None, 'VERIFY_RESIZE'),
    (states.RESIZED, states.RESIZE_REVERTING, 'REVERT_RESIZE'),
    (states.PAUSED, None, 'PAUSED'),
    (states.SUSPENDED, None, 'SUSPENDED'),
    (states.RESCUED, None, 'RESCUE'),
    (states.ERROR, None, 'ERROR'),
    (states.ERROR, states.DELETING, 'ERROR'),
    (states.ERROR, states.REBUILDING, 'REBUILD'),
    (states.DELETED, None, 'DELETED'),
    (states.SOFT_DELETED, None, 'SOFT_DELETED'),
    (states.SHELVED, None, 'SHELVED'),
    (states.SHELVED_OFFLOADED, None, 'SHELVED_OFFLOADED'),
])
def test_status_from_state(vm_state, task_state, status):
    assert states.status_from_state(vm_state, task_state) == status


def test_task_state_is_optional():
    assert states.status_from_state(states.ACTIVE) == 'ACTIVE'
    assert states.status_from_state(states.STOPPED) == 'SHUTOFF'


@pytest.mark.parametrize('vm_state', ['no-such-state', None, ''])
def test_unknown_vm_state_is_unknown(vm_state):
    assert states.status_from_state(vm_state) == 'UNKNOWN'
    assert states.status_from_state(vm_state, states.REBOOTING) == 'UNKNOWN'


def test_vm_state_values_are_novas():
    # They are stored in the database and shown as OS-EXT-STS:vm_state.
    assert (states.ACTIVE, states.BUILDING, states.STOPPED, states.RESIZED, states.ERROR,
            states.SOFT_DELETED) == ('active', 'building', 'stopped', 'resized', 'error',
                                     'soft-delete')


def test_power_states_in_the_api():
    assert states.POWER_STATES[states.RUNNING] == 'running'
    assert states.POWER_STATES[states.NOSTATE] == 'pending'
    assert states.POWER_STATES[states.SHUTDOWN] == 'shutdown'
    assert (states.NOSTATE, states.RUNNING, states.SHUTDOWN) == (0, 1, 4)
