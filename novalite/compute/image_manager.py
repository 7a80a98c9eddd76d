"""The compute host's side of the image-backed actions (Nova's ComputeManager methods of
the same names) and the periodic tasks that finish them.

- snapshot_instance / backup_instance: image_snapshot(_pending) or image_backup ->
  image_pending_upload -> image_uploading -> None; the driver uploads the guest's disk into
  the queued image; a backup then rotates (keeps the newest ``rotation`` of its type).
- shelve_instance: shelving -> power off -> shelving_image_pending_upload ->
  shelving_image_uploading -> SHELVED (shelved_at/_image_id/_host in system metadata);
  with shelved_offload_time 0 straight on to shelving_offloading -> SHELVED_OFFLOADED.
- shelve_offload_instance: destroy the guest, unbind its ports, free the host's claim,
  host/node cleared.
- unshelve_instance (on the host the conductor chose): unshelving -> spawning from the
  shelved image, which is then deleted.
- rebuild_instance: rebuilding -> rebuild_block_device_mapping -> rebuild_spawning ->
  ACTIVE (a stopped server is stopped again, through powering-off).
- soft_delete_instance / restore_instance: power off -> SOFT_DELETED; power on -> ACTIVE.

The periodic tasks (run by ComputeManager.periodic_tasks) offload
servers shelved longer than shelved_offload_time and reclaim servers soft-deleted longer
than reclaim_instance_interval.
"""
import datetime
import logging

from novalite import exception
from novalite import timeutils
from novalite.compute import instance_events
from novalite.compute import states
from novalite.db import models

LOG = logging.getLogger(__name__)

SHELVING_STATES = {states.IMAGE_PENDING_UPLOAD: states.SHELVING_IMAGE_PENDING_UPLOAD,
                   states.IMAGE_UPLOADING: states.SHELVING_IMAGE_UPLOADING}
SNAPSHOT_STATES = (states.IMAGE_SNAPSHOT, states.IMAGE_SNAPSHOT_PENDING,
                   states.IMAGE_PENDING_UPLOAD, states.IMAGE_UPLOADING)
BACKUP_STATES = (states.IMAGE_BACKUP, states.IMAGE_PENDING_UPLOAD, states.IMAGE_UPLOADING)
SHELVE_STATES = (states.SHELVING, states.SHELVING_IMAGE_PENDING_UPLOAD,
                 states.SHELVING_IMAGE_UPLOADING, states.SHELVING_OFFLOADING)
REBUILD_STATES = (states.REBUILDING, states.REBUILD_BLOCK_DEVICE_MAPPING,
                  states.REBUILD_SPAWNING, states.POWERING_OFF)


def _parse_time(value):
    """A datetime from the database or its ISO form after an RPC hop (naive UTC)."""
    if value is None or isinstance(value, datetime.datetime):
        return value
    try:
        return timeutils.parse_isotime(value)
    except ValueError:
        return None


def older_than(value, seconds):
    when = _parse_time(value)
    return when is None or (models.utcnow() - when).total_seconds() >= seconds


class ImageActionsManagerMixin:
    """Mixed into compute.manager.ComputeManager (uses its driver, conductor, image and
    network clients, locks, _update, _set_task and _action_failed)."""

    def _run(self, context, instance, method, task_states, work, failed='revert'):
        """Like ComputeManager._action, but ``work`` makes every state change itself (these
        actions pass through several task states and change more than the vm_state)."""
        instance_events.run(self, context, instance, method, work, lambda exc: (
            self._action_failed(context, instance, exc, task_states, failed)))

    def _current(self, context, uuid):
        return self.conductor.instance_get(context, uuid)

    def _task_updater(self, context, uuid, current, mapping=None):
        """The update_task_state callback a driver's snapshot calls (Nova's)."""
        state = {'task_state': current}

        def update_task_state(task_state, expected_state=None):
            task_state = (mapping or {}).get(task_state, task_state)
            self._set_task(context, uuid, task_state, state['task_state'])
            state['task_state'] = task_state
        return update_task_state

    def _snapshot_guest(self, context, instance, image_id, current, mapping=None):
        """driver.snapshot into ``image_id``; the queued image is deleted if it fails."""
        try:
            self.driver.snapshot(context, instance, image_id,
                                 self._task_updater(context, instance['uuid'], current,
                                                    mapping),
                                 lambda data: self.image.upload(image_id, data))
        except Exception:
            self._delete_image(image_id)
            raise

    def _delete_image(self, image_id):
        try:
            self.image.delete(image_id)
        except Exception:
            LOG.exception('Could not delete image %s', image_id)

    # ------------------------------------------------------------------ snapshot, backup
    def snapshot_instance(self, context, instance, image_id):
        uuid = instance['uuid']

        def work():
            inst = self._set_task(context, uuid, states.IMAGE_SNAPSHOT_PENDING,
                                  states.IMAGE_SNAPSHOT)
            self._snapshot_guest(context, inst, image_id, states.IMAGE_SNAPSHOT_PENDING)
            self._update(context, uuid, {'task_state': None,
                                         'power_state': self.driver.get_power_state(inst)},
                         expected=list(SNAPSHOT_STATES))
        self._run(context, instance, 'snapshot_instance', SNAPSHOT_STATES, work)

    def backup_instance(self, context, instance, image_id, backup_type, rotation):
        uuid = instance['uuid']

        def work():
            self._snapshot_guest(context, instance, image_id, states.IMAGE_BACKUP)
            self._update(context, uuid, {'task_state': None,
                                         'power_state': self.driver.get_power_state(instance)},
                         expected=list(BACKUP_STATES))
            self._rotate_backups(instance, backup_type, rotation, image_id)
        self._run(context, instance, 'backup_instance', BACKUP_STATES, work)

    def _rotate_backups(self, instance, backup_type, rotation, new_image_id):
        """Keep the newest ``rotation`` backups of this type of this instance."""
        images = self.image.list(instance_uuid=instance['uuid'], image_type='backup',
                                 backup_type=backup_type)
        # newest first, and the one just made is the newest whatever the clock says
        images.sort(key=lambda img: img['id'] != new_image_id)
        for img in images[int(rotation):]:
            LOG.info('Rotating out backup %s of instance %s', img['id'], instance['uuid'])
            self._delete_image(img['id'])

    # ------------------------------------------------------------------ shelve
    def shelve_instance(self, context, instance, image_id, clean_shutdown):
        uuid = instance['uuid']
        offload = self.conf.shelved_offload_time == 0

        def work():
            inst = self._current(context, uuid)
            self.driver.power_off(inst)
            if image_id:  # None: volume-backed, nothing to snapshot
                self._snapshot_guest(context, inst, image_id, states.SHELVING,
                                     SHELVING_STATES)
            inst = self._current(context, uuid)
            sysmeta = dict(inst['system_metadata'] or {},
                           shelved_at=models.utcnow().isoformat(), shelved_host=self.host)
            if image_id:
                sysmeta['shelved_image_id'] = image_id
            inst = self._update(context, uuid, {
                'vm_state': states.SHELVED, 'system_metadata': sysmeta,
                'task_state': states.SHELVING_OFFLOADING if offload else None,
                'power_state': self.driver.get_power_state(inst)},
                expected=[states.SHELVING, states.SHELVING_IMAGE_UPLOADING])
            if offload:
                self._offload(context, inst)
        self._run(context, instance, 'shelve_instance', SHELVE_STATES, work)

    def shelve_offload_instance(self, context, instance, clean_shutdown):
        self._run(context, instance, 'shelve_offload_instance', (states.SHELVING_OFFLOADING,),
                  lambda: self._offload(context, self._current(context, instance['uuid'])))

    def _offload(self, context, inst):
        """Free the host: the guest goes, the ports are unbound, the claim is released."""
        uuid = inst['uuid']
        power_state = self.driver.get_power_state(inst)
        self.driver.destroy(context, inst, inst.get('network_info') or [])
        self._disconnect_volumes(context, inst)
        for vif in inst.get('network_info') or []:
            try:
                self.network.update_port(vif['id'], {'binding:host_id': ''})
            except exception.NovaliteException:
                LOG.warning('Could not unbind port %s of %s', vif['id'], uuid)
        self._update(context, uuid, {'vm_state': states.SHELVED_OFFLOADED, 'task_state': None,
                                     'host': None, 'node': None,
                                     'power_state': power_state},
                     expected=[states.SHELVING_OFFLOADING])
        self.conductor.release_resources(context, uuid)

    def unshelve_instance(self, context, instance, image, request_spec):
        uuid = instance['uuid']

        def work():
            inst = self._update(context, uuid, {'task_state': states.SPAWNING},
                                expected=states.UNSHELVING)
            try:
                for vif in inst.get('network_info') or []:
                    self.network.update_port(vif['id'], {'binding:host_id': self.host})
                image_meta = self.image.get(image['id']) if image['id'] else {}
                bdi = self._prep_block_devices(
                    context, inst, self.conductor.bdm_get_by_instance(context, uuid))
                if bdi:
                    self.driver.spawn(context, inst, image_meta,
                                      inst.get('network_info') or [], block_device_info=bdi)
                else:
                    self.driver.spawn(context, inst, image_meta,
                                      inst.get('network_info') or [])
            except Exception:
                # Nova: the claim on this host goes; the server stays offloaded
                self.driver.destroy(context, inst, [])
                self._disconnect_volumes(context, inst)
                self.conductor.release_resources(context, uuid)
                self.conductor.instance_update(context, uuid, {'host': None, 'node': None})
                raise
            if image['id']:
                self._delete_image(image['id'])
            sysmeta = {k: v for k, v in (inst['system_metadata'] or {}).items()
                       if k not in ('shelved_at', 'shelved_image_id', 'shelved_host')}
            self._update(context, uuid, {
                'vm_state': states.ACTIVE, 'task_state': None, 'system_metadata': sysmeta,
                'power_state': self.driver.get_power_state(inst),
                'launched_at': models.utcnow()}, expected=states.SPAWNING)
        self._run(context, instance, 'unshelve_instance', (states.UNSHELVING, states.SPAWNING),
                  work)

    def _forget_shelved_image(self, context, instance):
        """After a SHELVED server was started again (unshelve): Nova's start_instance
        deletes the shelved image and the shelved_* system metadata."""
        try:
            inst = self._current(context, instance['uuid'])
        except exception.InstanceNotFound:
            return
        sysmeta = dict(inst['system_metadata'] or {})
        image_id = sysmeta.get('shelved_image_id')
        if inst['vm_state'] != states.ACTIVE or not image_id:
            return
        self._delete_image(image_id)
        for key in ('shelved_at', 'shelved_image_id', 'shelved_host'):
            sysmeta.pop(key, None)
        self.conductor.instance_update(context, inst['uuid'], {'system_metadata': sysmeta})

    # ------------------------------------------------------------------ rebuild
    def rebuild_instance(self, context, instance, new_pass, injected_files, image_ref,
                         orig_image_ref, preserve_ephemeral, reimage_boot_volume=False):
        uuid = instance['uuid']

        def work():
            inst = self._current(context, uuid)
            stopped = inst['vm_state'] == states.STOPPED
            image_meta = self.image.get(image_ref)
            bdms = self.conductor.bdm_get_by_instance(context, uuid)
            root = None if inst['image_ref'] else next(
                (b for b in bdms if b['boot_index'] == 0 and
                 b['destination_type'] == 'volume' and b.get('volume_id')), None)
            self._set_task(context, uuid, states.REBUILD_BLOCK_DEVICE_MAPPING,
                           states.REBUILDING)
            network_info = inst.get('network_info') or []
            if root is not None:
                # Nova's _rebuild_default_impl for a volume-backed server: the guest goes,
                # its volumes are disconnected (each keeps a reserved attachment), the
                # root volume is re-imaged (2.93) and all are connected again for spawn
                self.driver.destroy(context, inst, network_info)
                self._disconnect_volumes(context, inst)
                if reimage_boot_volume:
                    self._reimage_root_volume(context, inst, root['volume_id'], image_ref)
            inst = self._set_task(context, uuid, states.REBUILD_SPAWNING,
                                  states.REBUILD_BLOCK_DEVICE_MAPPING)
            if root is not None:
                bdi = self._prep_block_devices(
                    context, inst, self.conductor.bdm_get_by_instance(context, uuid))
                self.driver.spawn(context, inst, image_meta, network_info,
                                  block_device_info=bdi)
            else:
                try:
                    self.driver.rebuild(context, inst, image_meta, network_info,
                                        preserve_ephemeral)
                except NotImplementedError:
                    # Nova's _rebuild_default_impl
                    self.driver.destroy(context, inst, network_info)
                    self.driver.spawn(context, inst, image_meta, network_info)
            updates = {'vm_state': states.ACTIVE, 'task_state': None,
                       'power_state': self.driver.get_power_state(inst),
                       'launched_at': models.utcnow()}
            if stopped:  # Nova stops a server that was stopped before the rebuild
                updates['task_state'] = states.POWERING_OFF
            self._update(context, uuid, updates, expected=states.REBUILD_SPAWNING)
            if stopped:
                self.driver.power_off(inst)
                self._update(context, uuid, {
                    'vm_state': states.STOPPED, 'task_state': None,
                    'power_state': self.driver.get_power_state(inst)},
                    expected=states.POWERING_OFF)
        # Nova: a rebuild that fails leaves the server in ERROR
        self._run(context, instance, 'rebuild_instance', REBUILD_STATES, work, failed='error')

    # ------------------------------------------------------------------ soft delete
    def soft_delete_instance(self, context, instance):
        uuid = instance['uuid']

        def work():
            try:
                self.driver.soft_delete(instance)
            except NotImplementedError:
                self.driver.power_off(instance)
            self._update(context, uuid, {'vm_state': states.SOFT_DELETED, 'task_state': None,
                                         'power_state': self.driver.get_power_state(instance)},
                         expected=states.SOFT_DELETING)
        self._run(context, instance, 'soft_delete_instance', (states.SOFT_DELETING,), work,
                  failed='error')

    def restore_instance(self, context, instance):
        uuid = instance['uuid']

        def work():
            try:
                self.driver.restore(instance)
            except NotImplementedError:
                self.driver.power_on(context, instance, instance.get('network_info') or [])
            self._update(context, uuid, {'vm_state': states.ACTIVE, 'task_state': None,
                                         'power_state': self.driver.get_power_state(instance)},
                         expected=states.RESTORING)
        self._run(context, instance, 'restore_instance', (states.RESTORING,), work)

    # ------------------------------------------------------------------ periodic tasks
    def _poll_shelved_instances(self, context):
        """Offload servers shelved here longer than shelved_offload_time (> 0)."""
        timeout = self.conf.shelved_offload_time
        if timeout <= 0:
            return
        for inst in self.conductor.instances_on_host(context, self.host):
            if inst['vm_state'] != states.SHELVED or inst['task_state'] is not None:
                continue
            if not older_than((inst['system_metadata'] or {}).get('shelved_at'), timeout):
                continue
            try:
                inst = self._set_task(context, inst['uuid'], states.SHELVING_OFFLOADING, None)
            except (exception.InstanceNotFound, exception.UnexpectedStateError):
                continue
            LOG.info('Offloading instance %s, shelved for %d s', inst['uuid'], timeout)
            self._run(context, inst, 'shelve_offload_instance',
                      (states.SHELVING_OFFLOADING,), lambda inst=inst: self._offload(context,
                                                                                    inst))

    def _reclaim_queued_deletes(self, context):
        """Delete servers soft-deleted here longer than reclaim_instance_interval (> 0)."""
        interval = self.conf.reclaim_instance_interval
        if interval <= 0:
            return
        for inst in self.conductor.instances_on_host(context, self.host):
            if inst['vm_state'] != states.SOFT_DELETED or inst['task_state'] is not None:
                continue
            if not older_than(inst['deleted_at'], interval):
                continue
            try:
                inst = self._set_task(context, inst['uuid'], states.DELETING, None)
            except (exception.InstanceNotFound, exception.UnexpectedStateError):
                continue
            LOG.info('Reclaiming instance %s, soft-deleted for %d s', inst['uuid'], interval)
            self.terminate_instance(context, inst)
