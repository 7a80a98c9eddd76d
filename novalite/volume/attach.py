"""Attaching volumes, both ways Cinder offers (mixed into :class:`novalite.volume.api.API`).

The attachments API (3.27+): create (reserve; with a connector also connect), update with a
connector (connection_info from the backend; attachment and volume ``attaching``), os-complete
(3.44: ``attached``/``in-use``), delete (the volume ``available`` again after its last one).

The older actions Nova used before: os-reserve (``attaching``), os-unreserve,
os-initialize_connection (connection_info), os-attach (``in-use``), os-begin_detaching
(``detaching``), os-roll_detaching, os-terminate_connection, os-detach (``available``).
"""
import logging

from novalite import policy
from novalite.db import models
from novalite.db import volumes as db
from novalite import exception_volume as errors
from novalite.volume import nova
from novalite.volume import states

LOG = logging.getLogger(__name__)


def _target(volume):
    return {'project_id': volume['project_id'], 'user_id': volume['user_id']}


def _is_service_request(context):
    return 'service' in (getattr(context, 'service_roles', None) or [])


class AttachMixin:

    # ------------------------------------------------------------------ attachments API
    def attachment_get(self, context, attachment_id):
        project = None if context.is_admin else context.project_id
        return db.attachment_get(attachment_id, project)

    def attachment_list(self, context, all_projects=False, **kwargs):
        project = None if context.is_admin and all_projects else context.project_id
        return db.attachment_get_all(project, **kwargs)

    def attachment_create(self, context, volume, instance_uuid, connector=None,
                          mode='null'):
        policy.authorize(context, 'volume:attachment_create', _target(volume))
        if 'error' in volume['status']:
            raise errors.InvalidVolume(
                reason='Volume attachments can not be created if the volume is in an error '
                       'state. The Volume %s currently has a status of: %s '
                       % (volume['id'], volume['status']))
        if volume['multiattach'] and volume['status'] == states.IN_USE \
                and volume['bootable']:
            policy.authorize(context, 'volume:multiattach_bootable_volume', _target(volume))
        readonly = volume['admin_metadata'].get('readonly') == 'True'
        attachment = self._attachment_reserve(volume, instance_uuid,
                                              'ro' if readonly else mode)
        values = {}
        if connector:
            info = self.rpc.attachment_update(context, volume['id'], connector,
                                              attachment['id'])
            values['connection_info'] = info
        else:
            values['connection_info'] = {}
        return db.attachment_update(attachment['id'], values)

    def _attachment_reserve(self, volume, instance_uuid, mode):
        statuses = (states.AVAILABLE, states.IN_USE, states.DOWNLOADING) \
            if volume['multiattach'] else (states.AVAILABLE, states.DOWNLOADING)
        values = {'instance_uuid': instance_uuid, 'attached_host': None,
                  'attach_status': states.ATTACH_RESERVED, 'attach_mode': mode}
        override = instance_uuid and volume['status'] in (states.IN_USE, states.RESERVED) \
            and any(a['instance_uuid'] == instance_uuid for a in volume['attachments'])
        if override:
            # Cinder: the same server may reserve again (e.g. a rebuild, a swap)
            statuses = (volume['status'],)
        _, attachment = db.volume_reserve(
            volume['id'], statuses,
            volume['status'] if override else states.RESERVED, attachment=values,
            override='Volume %(vol_id)s status must be %(statuses)s to reserve, but the '
                     'current status is %(current)s.')
        return attachment

    def attachment_update(self, context, attachment, connector):
        volume = db.volume_get(attachment['volume_id'])
        policy.authorize(context, 'volume:attachment_update', _target(volume))
        if 'error' in volume['status']:
            raise errors.ResourceConflict(
                reason='Volume attachments can not be updated if the volume is in an error '
                       'state. The Volume %s currently has a status of: %s '
                       % (volume['id'], volume['status']))
        others = [a for a in volume['attachments']
                  if a['id'] != attachment['id'] and a['connection_info']]
        if others and not volume['multiattach']:
            raise errors.ResourceConflict(
                reason='duplicate connectors detected on volume %s' % volume['id'])
        info = self.rpc.attachment_update(context, volume['id'], connector, attachment['id'])
        return db.attachment_update(attachment['id'], {'connection_info': info})

    def attachment_complete(self, context, attachment):
        volume = db.volume_get(attachment['volume_id'])
        policy.authorize(context, 'volume:attachment_complete', _target(volume))
        return db.attachment_update(
            attachment['id'], {'attach_status': states.ATTACHED},
            volume_values={'status': states.IN_USE, 'attach_status': states.ATTACHED})

    def attachment_delete(self, context, attachment):
        """Returns the volume's remaining attachments."""
        volume = db.volume_get(attachment['volume_id'])
        policy.authorize(context, 'volume:attachment_delete', _target(volume))
        self._deletion_allowed(context, attachment, volume)
        if attachment['attach_status'] != states.ATTACH_RESERVED:
            self.rpc.attachment_delete(context, volume['id'], attachment['id'])
        _, remaining = db.volume_detached(volume['id'], attachment['id'])
        return remaining

    def _deletion_allowed(self, context, attachment, volume):
        """Cinder's attachment_deletion_allowed (bug #2004555): a user may not remove an
        attachment Nova still uses; only a request with Nova's service token may."""
        if _is_service_request(context):
            return
        server_id = attachment['instance_uuid']
        if not server_id or not attachment['connection_info']:
            return
        try:
            used = nova.server_volume(self.conf, server_id, volume['id'])
        except Exception as exc:  # compute unreachable: as Cinder, do not block the user
            LOG.warning('Could not ask compute about attachment %s: %s', attachment['id'],
                        exc)
            return
        if used is None or used.get('attachment_id', attachment['id']) != attachment['id']:
            return
        raise errors.ConflictNovaUsingAttachment(instance_id=server_id)

    # ------------------------------------------------------------------ legacy actions
    def reserve_volume(self, context, volume):
        policy.authorize(context, 'volume_extension:volume_actions:reserve', _target(volume))
        statuses = (states.AVAILABLE, states.IN_USE) if volume['multiattach'] \
            else (states.AVAILABLE,)
        db.volume_reserve(volume['id'], statuses, states.ATTACHING,
                          override='Volume status must be %(statuses)s to reserve, but the '
                                   'status is %(current)s.')

    def unreserve_volume(self, context, volume):
        policy.authorize(context, 'volume_extension:volume_actions:unreserve',
                         _target(volume))
        if volume['status'] != states.ATTACHING:
            return  # Cinder: not reserved, nothing to do
        status = states.IN_USE if volume['attachments'] else states.AVAILABLE
        try:
            db.volume_update(volume['id'], {'status': status},
                             expected_status=states.ATTACHING)
        except errors.InvalidVolume:
            pass

    def begin_detaching(self, context, volume):
        policy.authorize(context, 'volume_extension:volume_actions:begin_detaching',
                         _target(volume))
        if volume['attach_status'] != states.ATTACHED:
            raise errors.InvalidVolume(
                reason="Unable to detach volume. Volume status must be 'in-use' and "
                       "attach_status must be 'attached' to detach.")
        try:
            db.volume_update(volume['id'], {'status': states.DETACHING},
                             expected_status=states.IN_USE)
        except errors.InvalidVolume:
            raise errors.InvalidVolume(
                reason="Unable to detach volume. Volume status must be 'in-use' and "
                       "attach_status must be 'attached' to detach.")

    def roll_detaching(self, context, volume):
        policy.authorize(context, 'volume_extension:volume_actions:roll_detaching',
                         _target(volume))
        try:
            db.volume_update(volume['id'], {'status': states.IN_USE},
                             expected_status=states.DETACHING)
        except errors.InvalidVolume:
            pass

    def initialize_connection(self, context, volume, connector):
        policy.authorize(context, 'volume_extension:volume_actions:initialize_connection',
                         _target(volume))
        if volume['status'] == states.MAINTENANCE:
            raise errors.InvalidVolume(reason='The volume connection cannot be initialized '
                                              'in maintenance mode.')
        return self.rpc.initialize_connection(context, volume['id'], connector)

    def terminate_connection(self, context, volume, connector, force=False):
        policy.authorize(context, 'volume_extension:volume_actions:terminate_connection',
                         _target(volume))
        if len(volume['attachments']) == 1:
            self._deletion_allowed(context, volume['attachments'][0], volume)
        self.rpc.terminate_connection(context, volume['id'], connector, force)
        self.unreserve_volume(context, db.volume_get(volume['id']))

    def attach(self, context, volume, instance_uuid, host_name, mountpoint, mode):
        policy.authorize(context, 'volume_extension:volume_actions:attach', _target(volume))
        if volume['status'] == states.MAINTENANCE:
            raise errors.InvalidVolume(
                reason='The volume cannot be attached in maintenance mode.')
        if volume['admin_metadata'].get('readonly') == 'True' and mode != 'ro':
            raise errors.InvalidVolumeAttachMode(mode=mode, volume_id=volume['id'])
        statuses = (states.AVAILABLE, states.ATTACHING, states.IN_USE) \
            if volume['multiattach'] else (states.AVAILABLE, states.ATTACHING)
        if volume['status'] not in statuses:
            raise errors.InvalidVolume(reason='Volume status must be %s to reserve, but the '
                                              'status is %s.'
                                       % (' or '.join(statuses), volume['status']))
        if not volume['multiattach'] and any(
                a['instance_uuid'] and a['instance_uuid'] != instance_uuid
                for a in volume['attachments']):
            raise errors.InvalidVolume(reason='Volume %s is already attached to another '
                                              'instance.' % volume['id'])
        existing = [a for a in volume['attachments']
                    if a['instance_uuid'] == instance_uuid and instance_uuid]
        attachment = existing[0] if existing else db.attachment_create({
            'volume_id': volume['id'], 'instance_uuid': instance_uuid,
            'attach_status': states.ATTACH_ATTACHING})
        return db.attachment_update(
            attachment['id'],
            {'attach_status': states.ATTACHED, 'attached_host': host_name,
             'mountpoint': mountpoint, 'attach_mode': mode, 'attach_time': models.utcnow()},
            volume_values={'status': states.IN_USE, 'attach_status': states.ATTACHED},
            admin_metadata={'attached_mode': mode})

    def detach(self, context, volume, attachment_id=None):
        policy.authorize(context, 'volume_extension:volume_actions:detach', _target(volume))
        if volume['status'] == states.MAINTENANCE:
            raise errors.InvalidVolume(
                reason='The volume cannot be detached in maintenance mode.')
        attachments = volume['attachments']
        if attachment_id is None:
            if len(attachments) > 1:
                raise errors.InvalidVolume(
                    reason='Detach volume failed: More than one attachment, but no '
                           'attachment_id provided.')
            if not attachments:
                # Cinder: nothing attached, the volume just becomes available
                db.volume_update(volume['id'], {'status': states.AVAILABLE,
                                                'attach_status': states.DETACHED})
                return
            attachment_id = attachments[0]['id']
        elif attachment_id not in [a['id'] for a in attachments]:
            raise errors.VolumeAttachmentNotFound(filter='attachment_id = %s'
                                                  % attachment_id)
        db.volume_detached(volume['id'], attachment_id)
