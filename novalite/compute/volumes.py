"""The compute API for volumes (Nova's attach_volume, detach_volume, swap_volume and the
volume attachment update of nova.compute.api), mixed into compute.api.API.

Attach: the volume as the user sees it, Nova's checks (state, lock, multiattach, already
attached, device in use), a block device mapping row with the device name, a reserved
attachment in the block-storage service (as the user), the instance action, then a cast
to the host, which connects the attachment, plugs the disk and completes it. A server
that is shelved offloaded has no host: the API completes the attachment itself, as Nova.
Detach: os-begin_detaching, the action, a cast (or, offloaded, the API deletes the
attachment and the mapping).
"""
import json
import logging
import re

from novalite import exception
from novalite import exception_volume
from novalite.compute import states
from novalite.db import api as db_api
from novalite.db import block_devices
from novalite.db import session as db

LOG = logging.getLogger(__name__)

# Nova's @check_instance_state of attach_volume / detach_volume; the shelved states need
# 2.20 (the controller checks that)
ATTACH_VM_STATES = (states.ACTIVE, states.PAUSED, states.STOPPED, states.RESIZED,
                    states.SOFT_DELETED, states.SHELVED, states.SHELVED_OFFLOADED)
SWAP_VM_STATES = (states.ACTIVE, states.PAUSED, states.RESIZED)
MAX_DEVICES = 26 * 26  # vda..vdzz, as Nova's libvirt blockinfo


def get_attachments(instance):
    """The server's block device mappings (volumes and its image disk), in order."""
    return block_devices.get_by_instance(instance['uuid'])


def get_attachment(instance, volume_id):
    """The mapping of ``volume_id`` on the server; 404 (Nova's) when it is not attached."""
    try:
        return block_devices.get_by_volume_and_instance(volume_id, instance['uuid'])
    except exception_volume.VolumeBDMNotFound:
        raise exception_volume.NotAttached(instance=instance['uuid'], volume=volume_id)


def device_letters(index):
    """vda, vdb, ... vdz, vdaa, ... (Nova's block_device.generate_device_name)."""
    if index < 26:
        return chr(ord('a') + index)
    return chr(ord('a') + index // 26 - 1) + chr(ord('a') + index % 26)


def _letters_of(device_name):
    match = re.match(r'^(?:/dev/)?(?:x?v|s|h)?d([a-z]+)\d*$', device_name or '')
    return match.group(1) if match else None


def next_device_name(instance, bdms, requested=None):
    """The device the volume gets: the one asked for unless in use (409), else the first
    free /dev/vdX after the root disk, the flavor's ephemeral and swap disks."""
    used = {_letters_of(b['device_name']) for b in bdms if b.get('device_name')}
    used.add(_letters_of(instance.get('root_device_name') or '/dev/vda'))
    flavor = instance.get('flavor') or {}
    index = 1
    for size in (instance.get('ephemeral_gb') or flavor.get('ephemeral_gb'),
                 flavor.get('swap')):
        if size:
            used.add(device_letters(index))
            index += 1
    if requested:
        if _letters_of(requested) in used:
            raise exception_volume.DevicePathInUse(path=requested)
        return requested
    for i in range(MAX_DEVICES):
        if device_letters(i) not in used:
            return '/dev/vd' + device_letters(i)
    raise exception_volume.TooManyDiskDevices(maximum=MAX_DEVICES)


def is_volume_backed(instance):
    """Nova's is_volume_backed_instance: the boot device (boot_index 0) is a volume."""
    if instance.get('image_ref'):
        return False
    return any(b['boot_index'] == 0 and b['destination_type'] == 'volume'
               for b in block_devices.get_by_instance(instance['uuid']))


def root_bdm(instance):
    """The boot mapping of a volume-backed server (boot_index 0, a volume), or None."""
    if instance.get('image_ref'):
        return None
    return next((b for b in block_devices.get_by_instance(instance['uuid'])
                 if b['boot_index'] == 0 and b['destination_type'] == 'volume'), None)


def _check_state(instance, method, vm_states):
    for attr, allowed in (('vm_state', vm_states), ('task_state', (None,))):
        if instance[attr] not in allowed:
            raise exception.InstanceInvalidState(method=method, instance_uuid=instance['uuid'],
                                                 attr=attr, state=instance[attr])


def _check_lock(context, instance):
    if instance['locked'] and not context.is_admin:
        raise exception.InstanceIsLocked(instance_uuid=instance['uuid'])


class VolumesMixin:
    """Needs ``volume_api`` (novalite.volume.cinder.VolumeAPI), ``compute_rpc``."""

    # ------------------------------------------------------------------ attach
    def attach_volume(self, context, instance, volume_id, device=None, tag=None,
                      delete_on_termination=False, supports_multiattach=False):
        """Returns the mapping made (its device_name is the device the API answers)."""
        _check_lock(context, instance)
        _check_state(instance, 'attach_volume', ATTACH_VM_STATES)
        volume = self.volume_api.get(context, volume_id)
        offloaded = instance['vm_state'] == states.SHELVED_OFFLOADED
        if volume.get('multiattach'):
            if not supports_multiattach:
                raise exception_volume.MultiattachNotSupportedOldMicroversion()
            if offloaded:
                raise exception_volume.MultiattachToShelvedNotSupported()
        bdms = block_devices.get_by_instance(instance['uuid'])
        if any(b['volume_id'] == volume_id for b in bdms):
            raise exception_volume.InvalidVolume(reason='volume %s already attached' % volume_id)
        device_name = next_device_name(instance, bdms, device)
        bdm = block_devices.create({
            'instance_uuid': instance['uuid'], 'source_type': 'volume',
            'destination_type': 'volume', 'volume_id': volume_id, 'boot_index': None,
            'device_name': device_name, 'tag': tag, 'volume_size': volume.get('size'),
            'delete_on_termination': bool(delete_on_termination),
            'device_type': 'disk', 'disk_bus': 'virtio'})
        try:
            attachment = self.volume_api.attachment_create(context, volume_id,
                                                           instance['uuid'])
            bdm = block_devices.update(bdm['uuid'], {'attachment_id': attachment['id']})
            with db.transaction() as session:
                db_api.action_start(session, context, instance['uuid'], 'attach_volume')
            if offloaded:
                # Nova's _attach_volume_shelved_offloaded: no host to connect it; the
                # unshelve connects it on the new host
                self.volume_api.attachment_complete(context, attachment['id'])
                db_api.action_finish(context, instance['uuid'])
            else:
                self.compute_rpc.attach_volume(context, instance['host'], instance, bdm)
        except Exception:
            with _logged('undo the attachment of %s' % volume_id):
                if bdm.get('attachment_id'):
                    self.volume_api.attachment_delete(context, bdm['attachment_id'])
            block_devices.destroy(bdm['uuid'])
            raise
        return bdm

    # ------------------------------------------------------------------ detach
    def detach_volume(self, context, instance, volume, bdm):
        _check_lock(context, instance)
        _check_state(instance, 'detach_volume', ATTACH_VM_STATES)
        self.volume_api.begin_detaching(context, volume['id'])
        with db.transaction() as session:
            db_api.action_start(session, context, instance['uuid'], 'detach_volume')
        if instance['vm_state'] == states.SHELVED_OFFLOADED or not instance['host']:
            if bdm.get('attachment_id'):
                self.volume_api.attachment_delete(context, bdm['attachment_id'])
            block_devices.destroy(bdm['uuid'])
            db_api.action_finish(context, instance['uuid'])
            return
        try:
            self.compute_rpc.detach_volume(context, instance['host'], instance, volume['id'],
                                           bdm['attachment_id'])
        except Exception:
            with _logged('roll back the detach of %s' % volume['id']):
                self.volume_api.roll_detaching(context, volume['id'])
            raise

    def release_volumes_locally(self, context, instance):
        """Nova's local delete of volumes (no host will do it): each attachment given back,
        volumes marked delete_on_termination deleted, the mappings dropped."""
        for bdm in block_devices.get_by_instance(instance['uuid']):
            if bdm['attachment_id']:
                with _logged('delete attachment %s' % bdm['attachment_id']):
                    self.volume_api.attachment_delete(context, bdm['attachment_id'])
            if bdm['volume_id'] and bdm['delete_on_termination']:
                with _logged('delete volume %s' % bdm['volume_id']):
                    self.volume_api.delete(context, bdm['volume_id'])
        block_devices.destroy_by_instance(instance['uuid'])

    # ------------------------------------------------------------------ createImage
    def snapshot_volume_backed(self, context, instance, name, extra_properties=None):
        """Nova's snapshot_volume_backed: a snapshot (forced: the volume is in use) of each
        volume, and an image without data that names them in its block_device_mapping
        (bdm_v2), which a server booted from the image turns into new volumes."""
        from novalite.compute import image_actions  # the snapshot metadata (same floor)
        bdms = block_devices.get_by_instance(instance['uuid'])
        mapping = []
        for bdm in bdms:
            if not bdm['volume_id']:
                continue
            volume = self.volume_api.get(context, bdm['volume_id'])
            snapshot = self.volume_api.create_snapshot_force(
                context, volume['id'], 'snapshot for %s' % name,
                volume.get('description') or '')
            mapping.append({
                'source_type': 'snapshot', 'destination_type': 'volume',
                'snapshot_id': snapshot['id'], 'volume_size': bdm['volume_size'] or
                volume['size'], 'boot_index': bdm['boot_index'],
                'device_name': bdm['device_name'], 'disk_bus': bdm['disk_bus'],
                'device_type': bdm['device_type'], 'guest_format': bdm['guest_format'],
                'delete_on_termination': bool(bdm['delete_on_termination']),
                'volume_type': bdm['volume_type'], 'tag': None, 'image_id': None,
                'volume_id': None, 'no_device': None})
        body = dict(image_actions.image_properties(context, instance, 'snapshot',
                                                   extra_properties), name=name)
        body.update(disk_format=body.get('disk_format') or 'raw', min_disk=0,
                    root_device_name=instance.get('root_device_name') or '/dev/vda')
        if mapping:
            body.update(block_device_mapping=json.dumps(mapping), bdm_v2='True')
        image = self.image.create(body, context=context)
        try:
            self.image.upload(image['id'], b'')  # a bucket of properties, no data
        except Exception:
            self.image.delete(image['id'], context=context)
            raise
        with db.transaction() as session:
            db_api.action_start(session, context, instance['uuid'], 'createImage')
        db_api.action_finish(context, instance['uuid'])
        return image

    # ------------------------------------------------------------------ update / swap
    @staticmethod
    def update_volume_attachment(context, instance, bdm, delete_on_termination):
        """2.85: delete_on_termination of an attachment (the one field that may change)."""
        if delete_on_termination is None:
            return bdm
        return block_devices.update(bdm['uuid'],
                                    {'delete_on_termination': delete_on_termination})

    def swap_volume(self, context, instance, old_volume, new_volume):
        """Nova's swap_volume, which only the block-storage service calls while it
        migrates ``old_volume`` (its migration_status set); otherwise 409."""
        if not old_volume.get('migration_status'):
            raise exception_volume.VolumeNotMigrating(volume_id=old_volume['id'])
        _check_lock(context, instance)
        _check_state(instance, 'swap_volume', SWAP_VM_STATES)
        bdm = block_devices.get_by_volume_and_instance(old_volume['id'], instance['uuid'])
        if new_volume.get('status') != 'available':
            raise exception_volume.InvalidVolume(reason='volume %s is not available'
                                                 % new_volume['id'])
        if old_volume.get('multiattach') and len(old_volume.get('attachments') or []) > 1:
            raise exception_volume.InvalidVolume(
                reason='Swapping multi-attach volumes with more than one read/write attachment '
                       'is not supported.')
        self.volume_api.begin_detaching(context, old_volume['id'])
        try:
            attachment = self.volume_api.attachment_create(context, new_volume['id'],
                                                           instance['uuid'])
        except Exception:
            with _logged('roll back the swap of %s' % old_volume['id']):
                self.volume_api.roll_detaching(context, old_volume['id'])
            raise
        with db.transaction() as session:
            db_api.action_start(session, context, instance['uuid'], 'swap_volume')
        self.compute_rpc.swap_volume(context, instance['host'], instance, bdm,
                                     new_volume['id'], attachment['id'])


class _logged:
    """A clean-up step whose failure is logged, not raised (the first error wins)."""

    def __init__(self, what):
        self.what = what

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is not None:
            LOG.warning('Could not %s: %s', self.what, exc)
        return True
