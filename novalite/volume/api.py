"""The block-storage facade the REST layer calls (Cinder's ``cinder.volume.api.API``): policy
on the volume, state checks as compare-and-swap updates of the volume row, then the backend
work handed to the volume manager over RPC (casts for long work, calls where the caller needs
the answer, as Cinder does). Attachments live in :mod:`novalite.volume.attach`.
"""
import logging

from novalite import exception
from novalite import policy
from novalite.db import volume_snapshots
from novalite.db import volumes as db
from novalite.volume import attach
from novalite import exception_volume as errors
from novalite.volume import quota
from novalite.volume import rpcapi
from novalite.volume import states
from novalite.volume import types

LOG = logging.getLogger(__name__)

DEFAULT_AZ = 'nova'   # Cinder's storage_availability_zone default


def target(volume):
    return {'project_id': volume['project_id'], 'user_id': volume['user_id']}


def _or(values):
    return ' or '.join(values) if not isinstance(values, str) else values


class API(attach.AttachMixin):
    def __init__(self, conf):
        self.conf = conf
        self.rpc = rpcapi.VolumeAPI()
        self._types = None

    # ------------------------------------------------------------------ reads
    def get(self, context, volume_id):
        """The volume as the caller may see it (another project's is a 404, as Cinder's
        get turns a policy refusal into VolumeNotFound)."""
        volume = db.volume_get(volume_id)
        if not policy.authorize(context, 'volume:get', target(volume), fatal=False):
            raise errors.VolumeNotFound(volume_id=volume_id)
        return volume

    def get_all(self, context, all_projects=False, project_id=None, **kwargs):
        policy.authorize(context, 'volume:get_all', {'project_id': context.project_id,
                                                     'user_id': context.user_id})
        if context.is_admin and all_projects:
            scope = project_id
        else:
            scope = context.project_id
        return db.volume_get_all(scope, **kwargs)

    def summary(self, context, all_projects=False):
        policy.authorize(context, 'volume:get_all', {'project_id': context.project_id,
                                                     'user_id': context.user_id})
        return db.volume_summary(None if context.is_admin and all_projects
                                 else context.project_id)

    # ------------------------------------------------------------------ create
    def create(self, context, size, name=None, description=None, volume_type=None,
               metadata=None, availability_zone=None, snapshot_id=None, source_volid=None,
               image_ref=None):
        """A volume row in ``creating`` and the backend work cast to the manager.
        ``volume_type`` is a type's name or id (the project's default type when None)."""
        policy.authorize(context, 'volume:create', {'project_id': context.project_id,
                                                    'user_id': context.user_id})
        snapshot = self._snapshot(context, snapshot_id) if snapshot_id else None
        source_volume = self.get(context, source_volid) if source_volid else None
        image = None
        if image_ref is not None:
            policy.authorize(context, 'volume:create_from_image',
                             {'project_id': context.project_id, 'user_id': context.user_id})
            image = self._image(context, image_ref)
        if volume_type is None and source_volume is not None:
            volume_type = source_volume['volume_type_id']
        if volume_type is None and snapshot is not None:
            volume_type = snapshot.get('volume_type_id')
        vtype = types.resolve(context, volume_type)
        size = _check_size(size, snapshot, source_volume, image)
        zone = availability_zone or (source_volume or {}).get('availability_zone') \
            or DEFAULT_AZ
        if zone != DEFAULT_AZ:
            raise errors.InvalidAvailabilityZone(az=zone)
        if source_volume is not None and source_volume['status'] not in (
                states.AVAILABLE, states.IN_USE):
            raise errors.InvalidVolume(reason="Originating source volume status must be one "
                                              "of 'available, in-use' values")
        if snapshot is not None and snapshot['status'] != 'available':
            raise errors.InvalidSnapshot(reason="Originating snapshot status must be one of "
                                                "'available' values")
        values = {
            'project_id': context.project_id, 'user_id': context.user_id,
            'availability_zone': zone, 'status': states.CREATING,
            'attach_status': states.DETACHED, 'display_name': name,
            'display_description': description, 'size': size,
            'volume_type_id': vtype['id'] if vtype else None,
            'snapshot_id': snapshot['id'] if snapshot else None,
            'source_volid': source_volume['id'] if source_volume else None,
            'bootable': bool(source_volume and source_volume['bootable']),
            'multiattach': _multiattach(vtype),
            'replication_status': None, 'use_quota': True,
        }
        if values['multiattach']:
            policy.authorize(context, 'volume:multiattach',
                             {'project_id': context.project_id, 'user_id': context.user_id})
        image_metadata = None
        if source_volume is not None and source_volume['image_metadata']:
            image_metadata = dict(source_volume['image_metadata'])
        with types.reserve(context, vtype, size) as session:
            volume = db.volume_create(values, metadata=metadata or {},
                                      image_metadata=image_metadata, session=session)
        self.rpc.create_volume(context, volume['id'], image_id=image['id'] if image else None,
                               source_volid=values['source_volid'],
                               snapshot_id=values['snapshot_id'])
        return volume

    @staticmethod
    def _snapshot(context, snapshot_id):
        project = None if context.is_admin else context.project_id
        return volume_snapshots.get(snapshot_id, project)

    def _image(self, context, image_ref):
        """Cinder's _image_uuid_from_ref: the image by id (the last part of a URL), else by
        name; 400 when the caller cannot see it, 409 when the name is ambiguous."""
        from novalite.volume import images
        image_id = str(image_ref).split('/')[-1]
        try:
            return images.get(self.conf, context, image_id)
        except exception.ImageNotFound:
            pass
        except exception.NovaliteException:
            pass
        found = images.client(self.conf).list(context=context, name=image_ref) \
            if image_ref else []
        if len(found) > 1:
            raise exception.Conflict("Multiple matches found for '%s', use an ID to be more "
                                     "specific." % image_ref)
        if found:
            return found[0]
        raise errors.InvalidInput(reason='Invalid image identifier or unable to access '
                                         'requested image.')

    # ------------------------------------------------------------------ update/delete
    def update(self, context, volume, values, metadata=None):
        policy.authorize(context, 'volume:update', target(volume))
        if volume['status'] == states.MAINTENANCE:
            raise errors.InvalidVolume(
                reason='The volume cannot be updated during maintenance.')
        return db.volume_update(volume['id'], values, metadata=metadata)

    def delete(self, context, volume, force=False, cascade=False):
        policy.authorize(context, 'volume:delete', target(volume))
        if force:
            policy.authorize(context, 'volume:force_delete', target(volume))
        if not volume['host'] and volume['status'] == states.ERROR:
            # never reached a backend: the row alone goes (Cinder's delete without host)
            db.volume_destroy(volume['id'])
            return
        allowed = None if force else states.DELETABLE
        status = ('status must be %s and ' % _or(allowed)) if allowed else ''
        message = ('Volume %smust not be migrating, attached, belong to a group, have '
                   'snapshots, awaiting a transfer, or be disassociated from snapshots '
                   'after volume transfer.' % status)
        if volume['attach_status'] == states.ATTACHED or volume['attachments'] \
                or volume['migration_status'] not in (None, 'success', 'error') \
                or self._has_snapshots(volume['id'], cascade):
            raise errors.InvalidVolume(reason=message)
        try:
            db.volume_update(volume['id'], {'status': states.DELETING,
                                            'previous_status': volume['status']},
                             expected_status=allowed or states.ALL + ('deleting',))
        except errors.InvalidVolume:
            raise errors.InvalidVolume(reason=message)
        self.rpc.delete_volume(context, volume['id'])

    @staticmethod
    def _has_snapshots(volume_id, cascade):
        """Whether snapshots hold the volume (with cascade: ones that cannot be deleted)."""
        snaps = volume_snapshots.for_volume(volume_id)
        if cascade:
            return any(s['status'] not in ('available', 'error') for s in snaps)
        return bool(snaps)

    # ------------------------------------------------------------------ metadata
    def get_metadata(self, context, volume):
        policy.authorize(context, 'volume:get_volume_metadata', target(volume))
        return dict(volume['metadata'])

    def set_metadata(self, context, volume, items, replace=False):
        policy.authorize(context, 'volume:%s_volume_metadata'
                         % ('update' if replace else 'create'), target(volume))
        if volume['status'] == states.MAINTENANCE:
            raise errors.InvalidVolume(
                reason='The volume metadata cannot be updated when the volume is in '
                       'maintenance mode.')
        return db.volume_set_metadata(volume['id'], items, replace=replace)

    def delete_metadata(self, context, volume, key):
        policy.authorize(context, 'volume:delete_volume_metadata', target(volume))
        db.volume_delete_metadata(volume['id'], key)

    # ------------------------------------------------------------------ actions
    def extend(self, context, volume, new_size):
        attached = volume['status'] == states.IN_USE
        policy.authorize(context, 'volume:extend_attached_volume' if attached
                         else 'volume:extend', target(volume))
        if new_size <= volume['size']:
            raise errors.InvalidInput(
                reason='New size for extend must be greater than current size. '
                       '(current: %s, extended: %s).' % (volume['size'], new_size))
        expected = states.IN_USE if attached else states.AVAILABLE
        quota.check_volume_size(volume['project_id'], new_size)
        try:
            with types.reserve_extend(volume, new_size - volume['size']) as session:
                db.volume_update(volume['id'], {'status': states.EXTENDING,
                                                'previous_status': volume['status']},
                                 expected_status=expected, session=session)
        except errors.InvalidVolume:
            raise errors.InvalidVolume(
                reason="Volume %s status must be '%s' to extend, currently %s."
                       % (volume['id'], {'status': expected}, volume['status']))
        self.rpc.extend_volume(context, volume['id'], new_size)

    def reset_status(self, context, volume, status=None, attach_status=None,
                     migration_status=None):
        policy.authorize(context, 'volume_extension:volume_admin_actions:reset_status',
                         target(volume))
        if status in (states.DELETING, states.ERROR_DELETING, states.DETACHING):
            raise exception.Invalid('Cannot reset-state to %s' % status)
        if status == states.IN_USE and not volume['attachments']:
            raise exception.Invalid('Cannot reset-state to in-use because volume does not '
                                    'have any attachments.')
        values = {}
        if status:
            values['status'] = status
        if attach_status:
            values['attach_status'] = attach_status
        if migration_status:
            values['migration_status'] = None if migration_status == 'none' \
                else migration_status
        db.volume_update(volume['id'], values)
        if attach_status == states.DETACHED:
            for att in volume['attachments']:
                db.volume_detached(volume['id'], att['id'])
            if status:
                db.volume_update(volume['id'], {'status': status})

    def force_delete(self, context, volume):
        policy.authorize(context, 'volume_extension:volume_admin_actions:force_delete',
                         target(volume))
        self.delete(context, volume, force=True)

    def set_bootable(self, context, volume, bootable):
        policy.authorize(context, 'volume:update', target(volume))
        return db.volume_update(volume['id'], {'bootable': bootable})

    def update_readonly_flag(self, context, volume, readonly):
        policy.authorize(context, 'volume:update_readonly_flag', target(volume))
        if volume['status'] != states.AVAILABLE:
            raise errors.InvalidVolume(reason='Volume status must be available to update '
                                              'readonly flag.')
        db.volume_update(volume['id'], {}, admin_metadata={'readonly': str(readonly)})

    def retype(self, context, volume, new_type, migration_policy='never'):
        policy.authorize(context, 'volume:retype', target(volume))
        if volume['status'] not in (states.AVAILABLE, states.IN_USE):
            raise errors.InvalidVolume(
                reason='Volume %s status must be available or in-use, but current status '
                       'is: %s.' % (volume['id'], volume['status']))
        if volume['volume_type_id'] == new_type['id']:
            raise errors.InvalidInput(reason='Retype requires a different volume type.')
        if _multiattach(new_type) != bool(volume['multiattach']) and volume['attachments']:
            raise errors.InvalidInput(
                reason='Retyping an attached volume to or from multiattach is not allowed.')
        db.volume_update(volume['id'], {'status': states.RETYPING,
                                        'previous_status': volume['status']},
                         expected_status=(states.AVAILABLE, states.IN_USE))
        self.rpc.retype(context, volume['id'], new_type['id'])

    def reimage(self, context, volume, image_id, reimage_reserved=False):
        """os-reimage (3.68): the volume ``downloading`` while the manager writes the
        image over it."""
        policy.authorize(context, 'volume:reimage_reserved' if volume['status'] ==
                         states.RESERVED else 'volume:reimage', target(volume))
        if len(volume['attachments']) > 1:
            raise exception.Conflict('Cannot re-image a volume which is attached to more '
                                     'than one server.')
        expected = (states.AVAILABLE, states.ERROR) + \
            ((states.RESERVED,) if reimage_reserved else ())
        image = self._image(context, image_id)
        _check_size(volume['size'], None, None, image)
        try:
            db.volume_update(volume['id'], {'status': states.DOWNLOADING,
                                            'previous_status': volume['status']},
                             expected_status=expected)
        except errors.InvalidVolume:
            raise errors.InvalidVolume(
                reason='Volume %s status must be %s, but current status is %s.'
                       % (volume['id'], _or(expected), volume['status']))
        self.rpc.reimage(context, volume['id'], image['id'])

    def revert_to_snapshot(self, context, volume, snapshot_id):
        """revert (3.40): only to the volume's latest snapshot, of the same size."""
        policy.authorize(context, 'volume:revert_to_snapshot', target(volume))
        snaps = volume_snapshots.for_volume(volume['id'])
        if not snaps:
            raise exception.Invalid("Volume %s doesn't have any snapshots." % volume['id'])
        latest = max(snaps, key=lambda s: (s['created_at'], s['id']))
        if snapshot_id is None or snapshot_id != latest['id']:
            raise exception.Invalid('Specified snapshot %s is None or not the latest one of '
                                    'volume %s.' % (snapshot_id, volume['id']))
        if volume['size'] != latest['volume_size']:
            raise exception.Invalid("Can't revert volume %s to its latest snapshot %s. The "
                                    "volume size must be equal to the snapshot size."
                                    % (volume['id'], snapshot_id))
        message = ("Can't revert volume %s to its latest snapshot %s. %%s's status must be "
                   "'available'." % (volume['id'], snapshot_id))
        try:
            db.volume_update(volume['id'], {'status': states.REVERTING},
                             expected_status=states.AVAILABLE)
        except errors.InvalidVolume:
            raise exception.Conflict('Invalid volume: ' + message % 'Volume')
        if not volume_snapshots.status_update(snapshot_id, {'status': 'restoring'},
                                              (volume_snapshots.AVAILABLE,)):
            db.volume_update(volume['id'], {'status': states.AVAILABLE})
            raise exception.Conflict('Invalid snapshot: ' + message % 'Snapshot')
        self.rpc.revert_to_snapshot(context, volume['id'], snapshot_id)

    def migrate_volume_completion(self, context, volume, new_volume, error):
        """Cinder's migrate_volume_completion, which Nova calls when it swapped a server's
        volume: outside a migration the server's attachments move to the new volume (none
        left with the new-style attachments Nova already moved); returns the id the server
        keeps. Volume migration itself is not served, so a volume mid-migration only gets
        Cinder's checks."""
        policy.authorize(context,
                         'volume_extension:volume_admin_actions:migrate_volume_completion',
                         target(volume))
        if not (volume['migration_status'] or new_volume['migration_status']):
            if not error:
                for att in volume['attachments']:
                    self.detach(context, volume, att['id'])
                    self.attach(context, db.volume_get(new_volume['id']),
                                att['instance_uuid'], att['attached_host'],
                                att['mountpoint'], 'rw')
            return new_volume['id']
        if not volume['migration_status']:
            raise errors.InvalidVolume(reason='Source volume not mid-migration.')
        if not new_volume['migration_status']:
            raise errors.InvalidVolume(reason='Destination volume not mid-migration.')
        expected = 'target:%s' % volume['id']
        if new_volume['migration_status'] != expected:
            raise errors.InvalidVolume(
                reason='Destination has migration_status %s, expected %s.'
                       % (new_volume['migration_status'], expected))
        status = 'error' if error else 'success'
        db.volume_update(volume['id'], {'migration_status': status})
        db.volume_update(new_volume['id'], {'migration_status': status})
        return volume['id'] if error else new_volume['id']

    # ------------------------------------------------------------------ image metadata
    def get_image_metadata(self, context, volume):
        policy.authorize(context, 'volume_extension:volume_image_metadata:show',
                         target(volume))
        return dict(volume['image_metadata'])

    def set_image_metadata(self, context, volume, items):
        policy.authorize(context, 'volume_extension:volume_image_metadata:set',
                         target(volume))
        if volume['status'] == states.MAINTENANCE:
            raise errors.InvalidVolume(
                reason='The volume metadata cannot be updated when the volume is in '
                       'maintenance mode.')
        return db.volume_set_metadata(volume['id'], items, table='image_metadata')

    def unset_image_metadata(self, context, volume, key):
        policy.authorize(context, 'volume_extension:volume_image_metadata:remove',
                         target(volume))
        if key not in volume['image_metadata']:
            raise errors.GlanceMetadataNotFound(id=volume['id'])
        db.volume_delete_metadata(volume['id'], key, table='image_metadata')

    def copy_volume_to_image(self, context, volume, image_meta, force=False):
        """os-volume_upload_image: an image record now, its data from the manager."""
        policy.authorize(context, 'volume_extension:volume_actions:upload_image',
                         target(volume))
        if image_meta.get('visibility') == 'public':
            policy.authorize(context, 'volume_extension:volume_actions:upload_public',
                             target(volume))
        expected = (states.AVAILABLE, states.IN_USE) if force else (states.AVAILABLE,)
        try:
            db.volume_update(volume['id'], {'status': states.UPLOADING,
                                            'previous_status': volume['status']},
                             expected_status=expected)
        except errors.InvalidVolume:
            raise errors.InvalidVolume(reason='Volume %s status must be %s'
                                       % (volume['id'], _or(expected)))
        from novalite.volume import images
        try:
            image = images.create_record(self.conf, context, volume, image_meta)
        except Exception:
            db.volume_update(volume['id'], {'status': volume['status'],
                                            'previous_status': None})
            raise
        self.rpc.copy_volume_to_image(context, volume['id'], image['id'],
                                      image.get('disk_format') or 'raw')
        return image


def _check_size(size, snapshot, source_volume, image):
    if size is None:
        if snapshot is not None:
            size = snapshot['volume_size']
        elif source_volume is not None:
            size = source_volume['size']
    try:
        size = int(size)
        if isinstance(size, bool) or size <= 0:
            raise ValueError
    except (TypeError, ValueError):
        raise errors.InvalidInput(
            reason='Invalid volume size provided for create request: %s (size argument '
                   'must be an integer (or string representation of an integer) and '
                   'greater than zero).' % size)
    if snapshot is not None and size < snapshot['volume_size']:
        raise errors.InvalidInput(
            reason='Volume size %sGB cannot be smaller than the snapshot size %sGB. They '
                   'must be >= original snapshot size.' % (size, snapshot['volume_size']))
    if source_volume is not None and size < source_volume['size']:
        raise errors.InvalidInput(
            reason='Volume size %sGB cannot be smaller than original volume size %sGB. '
                   'They must be >= original volume size.' % (size, source_volume['size']))
    if image is not None:
        gib = 1024 ** 3
        image_gb = -(-int(image.get('size') or 0) // gib)
        if image_gb > size:
            raise errors.InvalidInput(
                reason='Size of specified image %sGB is larger than volume size %sGB.'
                       % (image_gb, size))
        min_disk = int(image.get('min_disk') or 0)
        if min_disk > size:
            raise errors.InvalidInput(
                reason='Volume size %sGB cannot be smaller than the image minDisk size '
                       '%sGB.' % (size, min_disk))
    return size


def _multiattach(volume_type):
    specs = (volume_type or {}).get('extra_specs') or {}
    return str(specs.get('multiattach', '')).lower() in ('<is> true', 'true')
