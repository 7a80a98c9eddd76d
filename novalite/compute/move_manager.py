"""The compute hosts' side of server moves (Nova's ComputeManager methods of the same names).

Resize and cold migration, after the conductor has scheduled and claimed the destination:

    prep_resize (dest)      migration pre-migrating; casts resize_instance to the source
    resize_instance (src)   migrating, task resize_migrating; driver.migrate_disk_and_power_off;
                            post-migrating, task resize_migrated; casts finish_resize
    finish_resize (dest)    task resize_finish; host, node and flavor become the new ones,
                            ports bound here; driver.finish_migration; migration finished,
                            vm_state resized (VERIFY_RESIZE)
    confirm_resize (src)    driver.confirm_migration (the old guest goes), the migration's
                            allocation (the source's) is freed; confirmed; ACTIVE/SHUTOFF
    revert_resize (dest)    the new guest goes, the instance's (destination) allocation is
                            freed; casts finish_revert_resize
    finish_revert_resize    the migration's allocation is the instance's again, old flavor,
      (src)                 host and ports back; driver.finish_revert_migration; reverted

Evacuate: ``evacuate_instance`` rebuilds the server on this (destination) host: host and
ports move here, rebuild_block_device_mapping (its volumes connected here) ->
rebuild_spawning, spawn from the image;
migration done. A failed step leaves a fault, the migration in error (failed for an
evacuation), the server in ERROR on its source host with its old flavor, and the
allocations as they were before the move.

Periodic tasks: ``_poll_unconfirmed_resizes`` (resize_confirm_window) and the clean-up of
guests evacuated away from this host while its compute service was down.
"""
import logging
import traceback

from novalite import exception
from novalite.compute import instance_events
from novalite.compute import rpcapi
from novalite.compute import states
from novalite.db import models

LOG = logging.getLogger(__name__)

FLAVOR_COLUMNS = ('vcpus', 'memory_mb', 'root_gb', 'ephemeral_gb')


def flavor_updates(flavor):
    """The instance columns a flavor sets (Nova's instance.flavor and its copies)."""
    updates = {k: flavor[k] for k in FLAVOR_COLUMNS}
    updates.update(flavor=flavor, flavor_id=flavor['flavorid'])
    return updates


_message = instance_events.message


class MovesManagerMixin:
    """Mixed into compute.manager.ComputeManager (uses its driver, conductor, network and
    image clients, locks, _update and _set_task)."""

    @property
    def _compute_rpc(self):
        if getattr(self, '_moves_rpc', None) is None:
            self._moves_rpc = rpcapi.ComputeAPI()
        return self._moves_rpc

    def _move_step(self, context, instance, migration, method, work):
        """Nova's wrap_instance_event + wrap_instance_fault + errors_out_migration."""
        instance_events.run(self, context, instance, method, work, lambda exc: (
            self._move_failed(context, instance, migration, exc)))

    def _move_failed(self, context, instance, migration, exc):
        uuid = instance['uuid']
        self.conductor.instance_fault_create(
            context, uuid, getattr(exc, 'code', 500) or 500, _message(exc),
            ''.join(traceback.format_exception(type(exc), exc, exc.__traceback__)), self.host)
        evacuation = migration['migration_type'] == 'evacuation'
        self.conductor.migration_update(context, migration['id'],
                                        {'status': 'failed' if evacuation else 'error'})
        # the destination's claim goes, the source's allocation is the instance's again
        self.conductor.release_resources(context, uuid)
        self.conductor.allocations_move(context, migration['uuid'], uuid)
        updates = {'vm_state': states.ERROR, 'task_state': None,
                   'host': migration['source_compute'], 'node': migration['source_node']}
        if migration.get('old_flavor') and not evacuation:
            updates.update(flavor_updates(migration['old_flavor']))
        try:
            self.conductor.instance_update(context, uuid, updates)
        except exception.InstanceNotFound:
            pass

    def _bind_ports(self, instance):
        for vif in instance.get('network_info') or []:
            try:
                self.network.update_port(vif['id'], {'binding:host_id': self.host})
            except exception.NovaliteException:
                LOG.warning('Could not bind port %s of %s to %s', vif['id'],
                            instance['uuid'], self.host)

    @staticmethod
    def _was_stopped(instance):
        return (instance.get('system_metadata') or {}).get('old_vm_state') == states.STOPPED

    # ------------------------------------------------------------------ resize, migrate
    def prep_resize(self, context, instance, migration, flavor):
        """On the destination: the conductor's claim holds; hand over to the source."""
        def work():
            self._compute_rpc.resize_instance(context, migration['source_compute'], instance,
                                              migration, flavor)
        self._move_step(context, instance, migration, 'prep_resize', work)

    def resize_instance(self, context, instance, migration, flavor):
        """On the source: power the guest off and hand its disk over."""
        uuid = instance['uuid']

        def work():
            self.conductor.migration_update(context, migration['id'], {'status': 'migrating'})
            inst = self._update(context, uuid, {'task_state': states.RESIZE_MIGRATING},
                                expected=states.RESIZE_PREP)
            disk_info = self.driver.migrate_disk_and_power_off(
                context, inst, migration['dest_host'], flavor, inst.get('network_info') or [])
            self._disconnect_volumes(context, inst)  # Nova: reserved, no host, until finish
            mig = self.conductor.migration_update(context, migration['id'],
                                                  {'status': 'post-migrating'})
            inst = self._update(context, uuid, {'task_state': states.RESIZE_MIGRATED,
                                                'power_state': states.SHUTDOWN},
                                expected=states.RESIZE_MIGRATING)
            self._compute_rpc.finish_resize(context, migration['dest_compute'], inst, mig,
                                            flavor, disk_info)
        self._move_step(context, instance, migration, 'resize_instance', work)

    def finish_resize(self, context, instance, migration, flavor, disk_info):
        """On the destination: the server runs here now, with the new flavor."""
        uuid = instance['uuid']

        def work():
            updates = dict(flavor_updates(flavor), task_state=states.RESIZE_FINISH,
                           host=self.host, node=migration['dest_node'])
            inst = self._update(context, uuid, updates, expected=states.RESIZE_MIGRATED)
            self._bind_ports(inst)
            self._prep_block_devices(context, inst,  # the volumes connected to this host
                                     self.conductor.bdm_get_by_instance(context, uuid))
            image_meta = self.image.get(inst['image_ref']) if inst['image_ref'] else {}
            power_on = not self._was_stopped(inst)
            resized = flavor['flavorid'] != (migration.get('old_flavor') or {}).get('flavorid')
            self.driver.finish_migration(context, migration, inst, disk_info,
                                         inst.get('network_info') or [], image_meta,
                                         resized, power_on)
            self.conductor.migration_update(context, migration['id'], {'status': 'finished'})
            self._update(context, uuid, {
                'vm_state': states.RESIZED, 'task_state': None,
                'power_state': self.driver.get_power_state(inst)},
                expected=states.RESIZE_FINISH)
        self._move_step(context, instance, migration, 'finish_resize', work)

    def confirm_resize(self, context, instance, migration):
        """On the source: the old guest and the source's allocation go."""
        uuid = instance['uuid']

        def work():
            inst = self.conductor.instance_get(context, uuid)
            self.driver.confirm_migration(context, migration, inst,
                                          inst.get('network_info') or [])
            self.conductor.release_resources(context, migration['uuid'])
            self.conductor.migration_update(context, migration['id'], {'status': 'confirmed'})
            stopped = inst['power_state'] == states.SHUTDOWN
            sysmeta = dict(inst['system_metadata'] or {})
            sysmeta.pop('old_vm_state', None)
            self._update(context, uuid, {
                'vm_state': states.STOPPED if stopped else states.ACTIVE,
                'task_state': None, 'system_metadata': sysmeta}, expected=[None])
        self._move_step(context, instance, migration, 'confirm_resize', work)

    def revert_resize(self, context, instance, migration):
        """On the destination: the new guest and the destination's claim go."""
        uuid = instance['uuid']

        def work():
            inst = self.conductor.instance_get(context, uuid)
            if migration['source_compute'] != self.host:
                self.driver.destroy(context, inst, inst.get('network_info') or [])
            self._disconnect_volumes(context, inst)
            self.conductor.release_resources(context, uuid)
            self._compute_rpc.finish_revert_resize(context, migration['source_compute'],
                                                   inst, migration)
        self._move_step(context, instance, migration, 'revert_resize', work)

    def finish_revert_resize(self, context, instance, migration):
        """On the source: the server is back here with its old flavor."""
        uuid = instance['uuid']

        def work():
            self.conductor.allocations_move(context, migration['uuid'], uuid)
            old = migration['old_flavor']
            inst = self._update(context, uuid, dict(
                flavor_updates(old), host=self.host, node=migration['source_node']),
                expected=states.RESIZE_REVERTING)
            self._bind_ports(inst)
            self._prep_block_devices(context, inst,
                                     self.conductor.bdm_get_by_instance(context, uuid))
            power_on = not self._was_stopped(inst)
            self.driver.finish_revert_migration(context, inst, inst.get('network_info') or [],
                                                migration, power_on)
            self.conductor.migration_update(context, migration['id'], {'status': 'reverted'})
            sysmeta = dict(inst['system_metadata'] or {})
            sysmeta.pop('old_vm_state', None)
            self._update(context, uuid, {
                'vm_state': states.ACTIVE if power_on else states.STOPPED,
                'task_state': None, 'system_metadata': sysmeta,
                'power_state': self.driver.get_power_state(inst)},
                expected=states.RESIZE_REVERTING)
        self._move_step(context, instance, migration, 'finish_revert_resize', work)

    # ------------------------------------------------------------------ evacuate
    def evacuate_instance(self, context, instance, migration, new_pass, target_state):
        """On the destination: rebuild the server of a failed host here (Nova's
        rebuild_instance with evacuate=True)."""
        uuid = instance['uuid']

        def work():
            stopped = instance['vm_state'] == states.STOPPED or target_state == 'stopped'
            inst = self._update(context, uuid, {'host': self.host,
                                                'node': migration['dest_node']},
                                expected=states.REBUILDING)
            self._bind_ports(inst)
            image_meta = self.image.get(inst['image_ref']) if inst['image_ref'] else {}
            inst = self._set_task(context, uuid, states.REBUILD_BLOCK_DEVICE_MAPPING,
                                  states.REBUILDING)
            # the volumes move here: the failed host's connections go (each volume keeps a
            # reserved attachment), then they are connected to this host (Nova's
            # detach_block_devices + _prep_block_device of an evacuation)
            self._disconnect_volumes(context, inst)
            bdi = self._prep_block_devices(context, inst,
                                           self.conductor.bdm_get_by_instance(context, uuid))
            inst = self._set_task(context, uuid, states.REBUILD_SPAWNING,
                                  states.REBUILD_BLOCK_DEVICE_MAPPING)
            self.driver.spawn(context, inst, image_meta, inst.get('network_info') or [],
                              block_device_info=bdi)
            if new_pass:
                try:
                    self.driver.set_admin_password(inst, new_pass)
                except NotImplementedError:
                    pass
            if stopped:
                self.driver.power_off(inst)
            self.conductor.migration_update(context, migration['id'], {'status': 'done'})
            self._update(context, uuid, {
                'vm_state': states.STOPPED if stopped else states.ACTIVE, 'task_state': None,
                'power_state': self.driver.get_power_state(inst),
                'launched_at': models.utcnow()}, expected=states.REBUILD_SPAWNING)
        self._move_step(context, instance, migration, 'rebuild_instance', work)

    # ------------------------------------------------------------------ periodic
    def _poll_unconfirmed_resizes(self, context):
        confirmed = self.conductor.confirm_unconfirmed_resizes(
            context, self.host, self.conf.resize_confirm_window)
        for uuid in confirmed or ():
            LOG.info('Automatically confirmed migration %s', uuid)

    def _clean_evacuated_instances(self, context):
        """Nova's _destroy_evacuated_instances: guests evacuated away from this host while
        it was down are destroyed, and the source allocation freed."""
        for migration in self.conductor.evacuations_to_clean(context, self.host) or ():
            uuid = migration['instance_uuid']
            if uuid in self.driver.list_instance_uuids():
                LOG.info('Destroying instance %s evacuated from this host', uuid)
                try:
                    self.driver.destroy(context, {'uuid': uuid}, [])
                except Exception:
                    LOG.exception('Could not destroy the evacuated guest %s', uuid)
                    continue
            self.conductor.release_resources(context, migration['uuid'])
            self.conductor.migration_update(context, migration['id'], {'status': 'completed'})
