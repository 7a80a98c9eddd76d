"""The image-backed server actions of the compute API (Nova's nova.compute.api.API):
createImage, createBackup, shelve, shelveOffload, unshelve, rebuild, and the soft delete
family (soft delete, restore, forceDelete).

Like the other actions (compute/api.py ActionsMixin), each checks lock and state as Nova's
decorators do, moves the instance to its task state with a compare-and-swap, records the
instance action and casts: to the instance's host, or to the conductor where Nova involves
it (unshelve schedules an offloaded server again; rebuild goes through the conductor).
Snapshot images are created here, queued, with the user's token (so the user's project
owns them); the compute host uploads their data.
"""
import functools
import logging

from novalite import exception
from novalite import quota
from novalite.compute import disk_config
from novalite.compute import states
from novalite.compute import volumes as volume_logic
from novalite.db import api as db_api
from novalite.db import models

LOG = logging.getLogger(__name__)
UNSET = object()

MAX_INJECTED_FILES = 5                 # Nova's injected_files quota
MAX_INJECTED_FILE_PATH = 255           # injected_file_path_bytes
MAX_INJECTED_FILE_CONTENT = 10240      # injected_file_content_bytes
SHELVED_KEYS = ('shelved_at', 'shelved_image_id', 'shelved_host')


def check_state(instance, method, vm_state=None, task_state=(None,)):
    """Nova's @check_instance_state (the same check as compute.api.check_state, which
    imports this module)."""
    for attr, allowed in (('vm_state', vm_state), ('task_state', task_state)):
        if allowed is not None and instance[attr] not in allowed:
            raise exception.InstanceInvalidState(method=method, instance_uuid=instance['uuid'],
                                                 attr=attr, state=instance[attr])


def guarded(method, vm_state=None, task_state=(None,), need_host=True):
    """Nova's @check_instance_lock and @check_instance_state, then that the instance has
    a host to cast to; ``method`` is the action name the 409 message shows."""
    def outer(func):
        @functools.wraps(func)
        def inner(self, context, instance, *args, **kwargs):
            if instance['locked'] and not context.is_admin:
                raise exception.InstanceIsLocked(instance_uuid=instance['uuid'])
            check_state(instance, method, vm_state, task_state)
            if need_host and not instance['host']:
                raise exception.InstanceNotReady(instance_id=instance['uuid'])
            return func(self, context, instance, *args, **kwargs)
        return inner
    return outer


# Nova's snapshot metadata: image_* system metadata that is an image field, not a property
_INHERITED_FIELDS = ('min_ram', 'min_disk', 'disk_format', 'container_format')
# never inherited: structured data, per-image signatures and keys, the cache/bittorrent
# defaults of Nova's non_inheritable_image_properties, the image service's own os_glance*
_NOT_INHERITED = frozenset((
    'mappings', 'block_device_mapping', 'img_mappings', 'img_block_device_mapping',
    'properties', 'cinder_encryption_key_id', 'cinder_encryption_key_deletion_policy',
    'img_signature', 'img_signature_hash_method', 'img_signature_key_type',
    'img_signature_certificate_uuid', 'cache_in_nova', 'bittorrent'))


def image_properties(context, instance, image_type, extra_properties=None):
    """Nova's initialize_instance_snapshot_metadata: what a snapshot inherits from the
    instance's image (its image_* system metadata: the image's properties, such as
    auto_disk_config, os_type, hw_*), and where it came from."""
    sysmeta = instance.get('system_metadata') or {}
    props = {}
    for key, value in sysmeta.items():
        if not key.startswith('image_') or value is None:
            continue
        name = key[len('image_'):]
        if (name in _INHERITED_FIELDS or name in _NOT_INHERITED
                or name.startswith('os_glance')):
            continue
        props[name] = str(value)
    props.update({'base_image_ref': instance['image_ref'] or '',
                  'image_type': image_type,
                  'instance_uuid': instance['uuid'],
                  'user_id': str(context.user_id),
                  'owner_project_name': context.project_name or '',
                  'owner_user_name': context.user_name or ''})
    props.update({k: str(v) for k, v in (extra_properties or {}).items()})
    return {'disk_format': sysmeta.get('image_disk_format') or 'qcow2',
            'container_format': sysmeta.get('image_container_format') or 'bare',
            'min_ram': int(sysmeta.get('image_min_ram') or 0),
            'min_disk': max(int(sysmeta.get('image_min_disk') or 0),
                            int(instance.get('root_gb') or 0)),
            'visibility': 'private', **props}


class ImageActionsMixin:
    """Mixed into compute.api.API (needs its image client, _start_action, compute_rpc and
    conductor)."""

    def _create_image(self, context, instance, name, image_type, extra_properties=None):
        body = dict(image_properties(context, instance, image_type, extra_properties),
                    name=name)
        return self.image.create(body, context=context)

    def _start_image_action(self, context, instance, action, updates, image):
        """_start_action, deleting the queued image when the state changed under us."""
        try:
            return self._start_action(context, instance, action, updates)
        except Exception:
            self.image.delete(image['id'], context=context)
            raise

    # ------------------------------------------------------------------ snapshots
    @guarded('createImage', vm_state=(
        states.ACTIVE, states.STOPPED, states.PAUSED, states.SUSPENDED))
    def snapshot(self, context, instance, name, extra_properties=None):
        """createImage: a queued image now; the host snapshots the guest into it. A
        volume-backed server's image is made here from snapshots of its volumes."""
        if volume_logic.is_volume_backed(instance):
            return self.snapshot_volume_backed(context, instance, name, extra_properties)
        image = self._create_image(context, instance, name, 'snapshot', extra_properties)
        inst = self._start_image_action(context, instance, 'createImage',
                                        {'task_state': states.IMAGE_SNAPSHOT}, image)
        self.compute_rpc.snapshot_instance(context, inst['host'], inst, image['id'])
        return image

    @guarded('createBackup', vm_state=(states.ACTIVE, states.STOPPED))
    def backup(self, context, instance, name, backup_type, rotation, extra_properties=None):
        """createBackup: a snapshot of type backup; the host then keeps only the newest
        ``rotation`` backups of ``backup_type``."""
        props = dict(extra_properties or {}, backup_type=backup_type)
        image = self._create_image(context, instance, name, 'backup', props)
        inst = self._start_image_action(context, instance, 'createBackup',
                                        {'task_state': states.IMAGE_BACKUP}, image)
        self.compute_rpc.backup_instance(context, inst['host'], inst, image['id'],
                                         backup_type, rotation)
        return image

    # ------------------------------------------------------------------ shelve
    @guarded('shelve', vm_state=(
        states.ACTIVE, states.STOPPED, states.PAUSED, states.SUSPENDED))
    def shelve(self, context, instance, clean_shutdown=True):
        """Snapshot into '<name>-shelved' and power off; offloaded at once when
        shelved_offload_time is 0."""
        if volume_logic.is_volume_backed(instance):
            # volume-backed (Nova): its volumes keep the disk; no image is made
            inst = self._start_action(context, instance, 'shelve',
                                      {'task_state': states.SHELVING})
            self.compute_rpc.shelve_instance(context, inst['host'], inst, None,
                                             clean_shutdown)
            return
        image = self._create_image(context, instance,
                                   '%s-shelved' % instance['display_name'], 'snapshot')
        inst = self._start_image_action(context, instance, 'shelve',
                                        {'task_state': states.SHELVING}, image)
        self.compute_rpc.shelve_instance(context, inst['host'], inst, image['id'],
                                         clean_shutdown)

    @guarded('shelveOffload', vm_state=(states.SHELVED,))
    def shelve_offload(self, context, instance, clean_shutdown=True):
        inst = self._start_action(context, instance, 'shelveOffload',
                                  {'task_state': states.SHELVING_OFFLOADING})
        self.compute_rpc.shelve_offload_instance(context, inst['host'], inst, clean_shutdown)

    @guarded('unshelve', vm_state=(states.SHELVED, states.SHELVED_OFFLOADED),
             need_host=False)
    def unshelve(self, context, instance, new_az=UNSET, host=None):
        """Back to ACTIVE: a SHELVED server is powered on where it is; an offloaded one is
        scheduled again (2.77 availability_zone, 2.91 host or availability_zone null)."""
        if instance['vm_state'] != states.SHELVED_OFFLOADED and (new_az is not UNSET
                                                                  or host):
            raise exception.UnshelveInstanceInvalidState(
                method='unshelve', instance_uuid=instance['uuid'], attr='vm_state',
                state=states.status_from_state(instance['vm_state']))
        zone = self.conf.default_availability_zone
        updates = {'task_state': states.UNSHELVING}
        if new_az is not UNSET and new_az is not None and new_az != zone:
            raise exception.Invalid('The requested availability zone is not available')
        if host:
            if not any(n['host'] == host for n in db_api.compute_nodes_get_all()):
                raise exception.Invalid(
                    exception.ComputeHostNotFound(host=host).format_message())
            if new_az not in (UNSET, None, zone) or (
                    new_az is UNSET and instance['availability_zone'] not in (None, zone)):
                raise exception.UnshelveHostNotInAZ(host=host, availability_zone=new_az)
        if new_az is not UNSET:
            updates['availability_zone'] = new_az
        inst = self._start_action(context, instance, 'unshelve', updates)
        self.conductor.unshelve_instance(context, inst['uuid'], {
            'availability_zone': inst['availability_zone'], 'host': host})
        return inst

    # ------------------------------------------------------------------ rebuild
    @guarded('rebuild', vm_state=(states.ACTIVE, states.STOPPED, states.ERROR))
    def rebuild(self, context, instance, image_href, admin_password, files_to_inject=None,
                reimage_boot_volume=False, **kwargs):
        """Reimage the server from ``image_href``; ``kwargs`` are the optional fields
        (name, metadata, access_ip_v4/v6, preserve_ephemeral, description, key_name,
        user_data, hostname, trusted_certs, auto_disk_config), absent when not given.
        A volume-backed server keeps its root volume: from 2.93 (``reimage_boot_volume``)
        the host re-images it; below, only its own image is accepted (Nova)."""
        try:
            image = self._image(context, image_href, None)
        except exception.Invalid as exc:
            if 'could not be found' in exc.format_message():
                raise exception.Invalid('Cannot find image for rebuild')
            raise
        root = volume_logic.root_bdm(instance)
        root_gb = instance['root_gb']
        if root is not None:
            volume = self.volume_api.get(context, root['volume_id'])
            root_gb = volume['size']
            orig = (volume.get('volume_image_metadata') or {}).get('image_id')
            if image['id'] != orig and not reimage_boot_volume:
                raise exception.Invalid(
                    'Image %s is unacceptable: Unable to rebuild with a different image '
                    'for a volume-backed server.' % image['id'])
        self._check_image_fits(image, {'memory_mb': instance['memory_mb'],
                                       'root_gb': root_gb})
        _check_injected_files(files_to_inject or [])
        # Nova checks a requested disk config against the new image; absent, it is kept
        image_disk_config = disk_config.image_value(image)
        disk_config.check(image_disk_config, kwargs.get('auto_disk_config'), image['id'])
        sysmeta = dict(instance['system_metadata'] or {})
        sysmeta.update({'image_base_image_ref': image['id'],
                        'image_disk_format': image.get('disk_format'),
                        'image_container_format': image.get('container_format'),
                        'image_min_disk': image.get('min_disk'),
                        'image_min_ram': image.get('min_ram')})
        sysmeta.pop(disk_config.SYSMETA_KEY, None)   # the new image's, read by resize
        if image_disk_config is not None:
            sysmeta[disk_config.SYSMETA_KEY] = image_disk_config
        updates = {'task_state': states.REBUILDING, 'progress': 0}
        if root is None:  # a volume-backed server's image stays '' (the volume's is new)
            updates['image_ref'] = image['id']
        if kwargs.get('auto_disk_config') is not None:
            updates['auto_disk_config'] = bool(kwargs['auto_disk_config'])
        if 'metadata' in kwargs:
            quota.check_metadata_items(context, len(kwargs['metadata'] or {}), self.conf)
            updates['instance_metadata'] = dict(kwargs['metadata'] or {})
        for key, column in (('name', 'display_name'), ('description', 'display_description'),
                            ('access_ip_v4', 'access_ip_v4'),
                            ('access_ip_v6', 'access_ip_v6'), ('hostname', 'hostname')):
            if key in kwargs:
                updates[column] = kwargs[key]
        if 'key_name' in kwargs:
            updates['key_name'], updates['key_data'] = self._keypair(context,
                                                                     kwargs['key_name'])
        if 'user_data' in kwargs:
            updates['user_data'] = self._user_data(kwargs['user_data'])
        if 'trusted_certs' in kwargs:
            if kwargs['trusted_certs']:
                sysmeta['trusted_image_certificates'] = list(kwargs['trusted_certs'])
            else:
                sysmeta.pop('trusted_image_certificates', None)
        updates['system_metadata'] = sysmeta
        inst = self._start_action(context, instance, 'rebuild', updates)
        self.conductor.rebuild_instance(context, inst['uuid'], {
            'new_pass': admin_password, 'injected_files': files_to_inject or [],
            'image_ref': image['id'], 'orig_image_ref': instance['image_ref'],
            'preserve_ephemeral': bool(kwargs.get('preserve_ephemeral')),
            'reimage_boot_volume': root is not None and reimage_boot_volume})
        return inst

    # ------------------------------------------------------------------ soft delete
    @guarded('soft_delete', need_host=False)
    def soft_delete(self, context, instance):
        """DELETE with reclaim_instance_interval > 0: power off, SOFT_DELETED; the host
        reclaims it later. A server that never ran, or has no live host, is deleted."""
        if not instance['launched_at']:
            raise exception.InstanceInvalidState(
                method='soft_delete', instance_uuid=instance['uuid'], attr='launched_at',
                state=None)
        if not instance['host'] or not self._host_is_up(instance['host']):
            raise exception.InstanceInvalidState(
                method='soft_delete', instance_uuid=instance['uuid'], attr='host',
                state=instance['host'])
        inst = self._start_action(context, instance, 'delete', {
            'task_state': states.SOFT_DELETING, 'deleted_at': models.utcnow()})
        self.compute_rpc.soft_delete_instance(context, inst['host'], inst)

    @guarded('restore', vm_state=(states.SOFT_DELETED,))
    def restore(self, context, instance):
        inst = self._start_action(context, instance, 'restore', {
            'task_state': states.RESTORING, 'deleted_at': None})
        self.compute_rpc.restore_instance(context, inst['host'], inst)

    @guarded('forceDelete', need_host=False)
    def force_delete(self, context, instance):
        """Nova's force_delete: delete now, whatever the vm_state (a SOFT_DELETED server
        skips the reclaim wait)."""
        self.delete(context, instance)

    def delete_shelved_image(self, context, instance):
        """Deleting a shelved server deletes its shelved image, as Nova does."""
        if instance['vm_state'] not in (states.SHELVED, states.SHELVED_OFFLOADED):
            return
        image_id = (instance['system_metadata'] or {}).get('shelved_image_id')
        if image_id:
            try:
                self.image.delete(image_id)
            except exception.NovaliteException:
                LOG.warning('Could not delete the shelved image %s of %s', image_id,
                            instance['uuid'])


def _check_injected_files(files):
    """Nova's personality limits (403 like its quota errors)."""
    if len(files) > MAX_INJECTED_FILES:
        raise exception.OverQuota(reason='Personality file limit exceeded')
    for path, contents in files:
        if len(path) > MAX_INJECTED_FILE_PATH:
            raise exception.Forbidden('Personality file path exceeds maximum %d'
                                      % MAX_INJECTED_FILE_PATH)
        if len(contents) > MAX_INJECTED_FILE_CONTENT:
            raise exception.Forbidden('Personality file content exceeds maximum %d'
                                      % MAX_INJECTED_FILE_CONTENT)
