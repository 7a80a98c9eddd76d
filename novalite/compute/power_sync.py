"""Nova's ``_sync_power_states`` periodic task: the hypervisor is the authority on a
guest's power state; the database's is a snapshot of it.

Every ``[DEFAULT] sync_power_state_interval`` seconds (Nova's option: 600, negative
disables) a compute host compares, for each instance the database places on it with no
task in progress, the recorded power_state with the driver's:

- a different power_state is written back (compare-and-swap on task_state None, so an
  action that starts meanwhile wins);
- ACTIVE whose guest shut down or crashed, or was suspended by the hypervisor, and PAUSED
  whose guest is off, are stopped as Nova's stop API would: task_state powering-off, then
  the host's own stop_instance (the guest is powered off if needed, vm_state stopped);
- STOPPED whose guest runs is stopped the same way;
- the other cases (guest paused or gone under an ACTIVE instance, a guest still running
  under a deleted one) are only logged, as in Nova.
"""
import logging

from novalite import exception
from novalite.compute import states

LOG = logging.getLogger(__name__)

_IGNORED_VM_STATES = (states.BUILDING, states.RESCUED, states.RESIZED, states.SUSPENDED,
                      states.ERROR)
_OFF = (states.SHUTDOWN, states.CRASHED)


def sync_power_states(manager, context):
    """One pass over the host's instances; returns {uuid: what was done}."""
    done = {}
    for inst in manager.conductor.instances_on_host(context, manager.host):
        if inst['task_state'] is not None or inst.get('deleted'):
            continue
        try:
            vm_power = manager.driver.get_power_state(inst)
        except Exception:
            LOG.exception('Could not read the power state of instance %s', inst['uuid'])
            continue
        try:
            inst = manager.conductor.instance_get(context, inst['uuid'])  # Nova's refresh
            if inst['task_state'] is not None or inst['host'] != manager.host:
                done[inst['uuid']] = 'raced'
                continue
            done[inst['uuid']] = _sync_instance(manager, context, inst, vm_power)
        except (exception.InstanceNotFound, exception.UnexpectedStateError):
            done[inst['uuid']] = 'raced'  # deleted or acted on meanwhile: next time
    return done


def _sync_instance(manager, context, inst, vm_power):
    uuid, vm_state = inst['uuid'], inst['vm_state']
    result = 'in sync'
    if inst['power_state'] != vm_power:
        LOG.info('Instance %s: power_state %s in the database, %s on the hypervisor; '
                 'updating', uuid, inst['power_state'], vm_power)
        manager.conductor.instance_update(context, uuid, {'power_state': vm_power},
                                          expected_task_state=None, check_task_state=True)
        inst = dict(inst, power_state=vm_power)
        result = 'power_state updated'
    if vm_state in _IGNORED_VM_STATES:
        return result
    stop_reason = None
    if vm_state == states.ACTIVE:
        if vm_power in _OFF:
            stop_reason = 'shut down by itself'
        elif vm_power == states.SUSPENDED_POWER:
            stop_reason = 'suspended unexpectedly'
        elif vm_power == states.PAUSED_POWER:
            LOG.warning('Instance %s is paused unexpectedly; ignored', uuid)
        elif vm_power == states.NOSTATE:
            LOG.warning('Instance %s is unexpectedly not found on the hypervisor; ignored',
                        uuid)
    elif vm_state == states.STOPPED:
        if vm_power not in (states.NOSTATE,) + _OFF:
            stop_reason = 'not stopped'
    elif vm_state == states.PAUSED:
        if vm_power in _OFF:
            stop_reason = 'shut down while paused'
    elif vm_state in (states.SOFT_DELETED, states.DELETED):
        if vm_power not in (states.NOSTATE, states.SHUTDOWN):
            LOG.warning('Instance %s is not (soft-)deleted on the hypervisor', uuid)
    if stop_reason is None:
        return result
    LOG.warning('Instance %s is %s; calling the stop API', uuid, stop_reason)
    inst = manager.conductor.instance_update(context, uuid,
                                             {'task_state': states.POWERING_OFF},
                                             expected_task_state=None, check_task_state=True)
    manager.stop_instance(context, inst)
    return 'stopped'
