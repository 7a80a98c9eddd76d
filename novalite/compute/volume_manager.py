"""Compute manager side of volumes (compute RPC 1.5): Nova's attach_volume, detach_volume
and swap_volume on the host, and the volume steps of build and delete.

Attach: the host's connector goes into the attachment (PUT /attachments/{id}), the block
storage answers with the connection info, the driver plugs the disk, the attachment is
completed (volume in-use) and the mapping keeps the connection info. A failure gives the
attachment back (volume available), drops the mapping and leaves a fault, as Nova's
wrap_instance_fault. Detach: the driver unplugs, the attachment is deleted, the mapping
goes; a failure rolls the volume back to in-use (os-roll_detaching).
"""
import logging
import traceback

from novalite import exception
from novalite import exception_volume
from novalite.compute import instance_events

LOG = logging.getLogger(__name__)


class VolumesManagerMixin:
    """Needs ``driver``, ``conductor``, ``volume_api``, ``locks``, ``host``."""

    def _connect_volume(self, context, instance, bdm, attachment_id=None):
        """Connect one volume mapping (its attachment) to this host and plug it into the
        guest; returns the connection info."""
        attachment_id = attachment_id or bdm['attachment_id']
        connector = self.driver.get_volume_connector(instance)
        attachment = self.volume_api.attachment_update(context, attachment_id, connector,
                                                       bdm['device_name'])
        connection_info = dict(attachment.get('connection_info') or {})
        connection_info.setdefault('serial', bdm['volume_id'])
        self.driver.attach_volume(context, connection_info, instance, bdm['device_name'],
                                  disk_bus=bdm.get('disk_bus'),
                                  device_type=bdm.get('device_type'))
        return connection_info

    def attach_volume(self, context, instance, bdm):
        def work():
            current = self.conductor.instance_get(context, instance['uuid'])
            connection_info = None
            try:
                connection_info = self._connect_volume(context, current, bdm)
                self.volume_api.attachment_complete(context, bdm['attachment_id'])
                self.conductor.bdm_update(context, bdm['uuid'],
                                          {'connection_info': connection_info})
            except Exception:
                if connection_info is not None:
                    with _logged('unplug volume %s' % bdm['volume_id']):
                        self.driver.detach_volume(context, connection_info, current,
                                                  bdm['device_name'])
                raise

        def failed(exc):
            self._record_fault(context, instance, exc)
            with _logged('delete attachment %s' % bdm['attachment_id']):
                self.volume_api.attachment_delete(context, bdm['attachment_id'])
            with _logged('drop the mapping of volume %s' % bdm['volume_id']):
                self.conductor.bdm_destroy(context, bdm['uuid'])
        instance_events.run(self, context, instance, 'attach_volume', work, failed)

    def detach_volume(self, context, instance, volume_id, attachment_id):
        def work():
            current = self.conductor.instance_get(context, instance['uuid'])
            bdms = self.conductor.bdm_get_by_instance(context, instance['uuid'])
            bdm = next((b for b in bdms if b['volume_id'] == volume_id), None)
            if bdm is not None:
                self.driver.detach_volume(context, bdm.get('connection_info') or {},
                                          current, bdm['device_name'])
            self.volume_api.attachment_delete(context, attachment_id)
            if bdm is not None:
                self.conductor.bdm_destroy(context, bdm['uuid'])

        def failed(exc):
            self._record_fault(context, instance, exc)
            with _logged('roll back the detach of volume %s' % volume_id):
                self.volume_api.roll_detaching(context, volume_id)
        instance_events.run(self, context, instance, 'detach_volume', work, failed)

    def swap_volume(self, context, instance, bdm, new_volume_id, new_attachment_id):
        """Nova's swap_volume for a volume migration: connect the new volume, let the
        driver move the guest's disk onto it, complete the migration in the block
        storage, then the mapping names the new volume and attachment."""
        def work():
            current = self.conductor.instance_get(context, instance['uuid'])
            new_bdm = dict(bdm, volume_id=new_volume_id)
            connector = self.driver.get_volume_connector(current)
            attachment = self.volume_api.attachment_update(
                context, new_attachment_id, connector, bdm['device_name'])
            new_info = dict(attachment.get('connection_info') or {}, serial=new_volume_id)
            self.driver.swap_volume(context, bdm.get('connection_info') or {}, new_info,
                                    current, bdm['device_name'])
            self.volume_api.attachment_complete(context, new_attachment_id)
            saved = self.volume_api.migrate_volume_completion(
                context, bdm['volume_id'], new_volume_id, error=False)
            self.volume_api.attachment_delete(context, bdm['attachment_id'])
            self.conductor.bdm_update(context, bdm['uuid'], {
                'volume_id': saved or new_bdm['volume_id'],
                'attachment_id': new_attachment_id, 'connection_info': new_info})

        def failed(exc):
            self._record_fault(context, instance, exc)
            with _logged('give back attachment %s' % new_attachment_id):
                self.volume_api.attachment_delete(context, new_attachment_id)
            with _logged('roll back the detach of volume %s' % bdm['volume_id']):
                self.volume_api.roll_detaching(context, bdm['volume_id'])
        instance_events.run(self, context, instance, 'swap_volume', work, failed)

    # ------------------------------------------------------------------ build
    def _prep_block_devices(self, context, instance, bdms):
        """Nova's _prep_block_device: each volume mapping gets its volume (a new one from
        its image, snapshot or nothing, made as the user and awaited), an attachment
        connected to this host and completed. Returns the driver's block_device_info:
        {'root': the boot volume or None, 'volumes': [{'mountpoint', 'connection_info',
        'boot_index', 'disk_bus'}]}; None when the server has no volumes."""
        volumes = [b for b in bdms if b['destination_type'] == 'volume']
        if not volumes:
            return None
        info = {'root': None, 'volumes': []}
        for bdm in volumes:
            if not bdm.get('volume_id'):
                bdm = self._create_volume(context, instance, bdm)
            if not bdm.get('attachment_id'):  # (an unshelve reuses the reserved one)
                attachment = self.volume_api.attachment_create(context, bdm['volume_id'],
                                                               instance['uuid'])
                bdm = self.conductor.bdm_update(context, bdm['uuid'],
                                                {'attachment_id': attachment['id']})
            attachment = {'id': bdm['attachment_id']}
            connector = self.driver.get_volume_connector(instance)
            connected = self.volume_api.attachment_update(context, attachment['id'],
                                                          connector, bdm['device_name'])
            connection_info = dict(connected.get('connection_info') or {},
                                   serial=bdm['volume_id'])
            self.volume_api.attachment_complete(context, attachment['id'])
            self.conductor.bdm_update(context, bdm['uuid'],
                                      {'connection_info': connection_info})
            entry = {'mountpoint': bdm['device_name'], 'connection_info': connection_info,
                     'boot_index': bdm['boot_index'], 'disk_bus': bdm.get('disk_bus')}
            info['volumes'].append(entry)
            if bdm['boot_index'] == 0:
                info['root'] = entry
        return info

    def _create_volume(self, context, instance, bdm):
        """A new volume for a mapping (image, snapshot or blank source), made as the user
        who asked for the server; the mapping names it before it is awaited, so a failure
        leaves it to the delete."""
        name = '%s-%s' % (instance.get('display_name') or instance['uuid'],
                          'blank' if bdm['source_type'] == 'blank' else 'volume')
        volume = self.volume_api.create(
            context, bdm['volume_size'], name, '', snapshot_id=bdm.get('snapshot_id'),
            image_id=bdm.get('image_id'), volume_type=bdm.get('volume_type'),
            availability_zone=instance.get('availability_zone'))
        bdm = self.conductor.bdm_update(context, bdm['uuid'], {'volume_id': volume['id']})
        try:
            self.volume_api.wait_for_status(
                context, volume['id'], ('available',),
                timeout=self.conf.block_device_allocate_retries_interval *
                self.conf.block_device_allocate_retries)
        except exception_volume.VolumeNotCreated as exc:
            raise exception.BuildAbortException(instance_uuid=instance['uuid'],
                                                reason=exc.format_message())
        return bdm

    def _reimage_root_volume(self, context, instance, volume_id, image_id):
        """Nova 2.93: os-reimage of the reserved root volume (Cinder 3.68,
        reimage_reserved), awaited until the block storage has written the image (it
        then sends volume-reimaged); a failed re-image fails the rebuild."""
        self.volume_api.reimage(context, volume_id, image_id, reimage_reserved=True)
        try:
            self.volume_api.wait_for_status(
                context, volume_id, ('reserved',),
                timeout=self.conf.block_device_allocate_retries_interval *
                self.conf.block_device_allocate_retries)
        except exception_volume.VolumeNotCreated:
            raise exception.NovaliteException(
                'Failed to re-image volume %s with image %s for server %s.'
                % (volume_id, image_id, instance['uuid']))

    def _disconnect_volumes(self, context, instance):
        """Nova's _terminate_volume_connections (shelve offload): each volume keeps a
        reserved attachment for the server, without a host; the connected one goes."""
        for bdm in self.conductor.bdm_get_by_instance(context, instance['uuid']):
            if not bdm.get('volume_id') or not bdm.get('connection_info'):
                continue
            with _logged('disconnect volume %s' % bdm['volume_id']):
                new = self.volume_api.attachment_create(context, bdm['volume_id'],
                                                        instance['uuid'])
                if bdm.get('attachment_id'):
                    self.volume_api.attachment_delete(context, bdm['attachment_id'])
                self.conductor.bdm_update(context, bdm['uuid'], {
                    'attachment_id': new['id'], 'connection_info': None})

    def _release_build_volumes(self, context, instance):
        """After a failed build: the attachments given back (the volumes stay, named by
        the mappings, for a reschedule or the delete)."""
        try:
            bdms = self.conductor.bdm_get_by_instance(context, instance['uuid'])
        except Exception:
            return
        for bdm in bdms:
            if bdm.get('attachment_id'):
                with _logged('delete attachment %s' % bdm['attachment_id']):
                    self.volume_api.attachment_delete(context, bdm['attachment_id'])
                with _logged('forget attachment %s' % bdm['attachment_id']):
                    self.conductor.bdm_update(context, bdm['uuid'], {
                        'attachment_id': None, 'connection_info': None})

    # ------------------------------------------------------------------ delete
    def _release_volumes(self, context, instance, bdms):
        """Nova's _cleanup_volumes at delete: every attachment given back, volumes marked
        delete_on_termination deleted, the mappings dropped."""
        for bdm in bdms:
            if bdm.get('attachment_id'):
                with _logged('delete attachment %s' % bdm['attachment_id']):
                    self.volume_api.attachment_delete(context, bdm['attachment_id'])
            if bdm.get('volume_id') and bdm.get('delete_on_termination'):
                with _logged('delete volume %s' % bdm['volume_id']):
                    self.volume_api.delete(context, bdm['volume_id'])
            with _logged('drop mapping %s' % bdm['uuid']):
                self.conductor.bdm_destroy(context, bdm['uuid'])

    def _record_fault(self, context, instance, exc):
        self.conductor.instance_fault_create(
            context, instance['uuid'], getattr(exc, 'code', 500) or 500,
            instance_events.message(exc),
            ''.join(traceback.format_exception(type(exc), exc, exc.__traceback__)), self.host)


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
