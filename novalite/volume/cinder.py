"""The block-storage service as compute sees it (Nova's nova/volume/cinder.py), over REST.

Reached through the catalog (type ``block-storage``, else ``volumev3``) with Cinder's v3 API
at microversion 3.70: the new-style attachments (3.27 create/update/delete, 3.44
os-complete, 3.54 mode) and URLs without the project id (3.67), so a call made as the user
and one made as the service user name the same resources. With a context that carries a
token the call is the user's (plus the service token, Nova's send_service_user_token),
otherwise the service user's.
"""
import re
import time
import urllib.parse

from novalite import exception
from novalite.exception_volume import (
    AttachmentNotFound, InvalidVolume, SnapshotNotFound, VolumeNotCreated, VolumeNotFound,
    VolumeOverQuota)
from novalite import service_client

MICROVERSION = '3.70'
_PROJECT_SUFFIX = re.compile(r'/v3/(?:[0-9a-fA-F]{32}|[0-9a-fA-F-]{36})$')


class VolumeAPI(service_client.Client):
    service_type = 'block-storage'
    service_name = 'block-storage'

    def endpoint(self):
        try:
            url = self.auth.endpoint('block-storage')
        except exception.ServiceUnavailable:
            url = self.auth.endpoint('volumev3')
        return _PROJECT_SUFFIX.sub('/v3', url.rstrip('/'))

    def _call(self, method, path, context=None, body=None, not_found=None, ok=(200, 201,
                                                                               202, 204)):
        """One call; Cinder's 400/409 become InvalidVolume (its message kept), 413
        (OverLimit) a quota error."""
        ctx = context if context is not None and context.auth_token else None
        headers = {'OpenStack-API-Version': 'volume ' + MICROVERSION}
        if ctx is None:
            # the service user's own calls carry its token as the service token too, so the
            # block storage knows compute asks (Cinder's attachment_deletion_allowed)
            headers['X-Service-Token'] = self.auth.token()
        try:
            return self.request(method, path, context=ctx, json=body, ok=ok,
                                not_found=not_found, headers=headers)
        except exception.RemoteServiceError as exc:
            status = exc.kwargs.get('status')
            if status in (400, 409):
                raise InvalidVolume(reason=exc.kwargs.get('reason'))
            if status == 413:
                raise VolumeOverQuota(reason=exc.kwargs.get('reason'))
            raise

    # ------------------------------------------------------------------ volumes
    def get(self, context, volume_id):
        if not volume_id or '/' in str(volume_id):
            raise VolumeNotFound(volume_id=volume_id)
        return self._call('GET', '/volumes/%s' % urllib.parse.quote(str(volume_id)), context,
                          not_found=VolumeNotFound(volume_id=volume_id))['volume']

    def get_all(self, context, **filters):
        query = urllib.parse.urlencode(filters)
        return self._call('GET', '/volumes/detail' + ('?' + query if query else ''),
                          context)['volumes']

    def create(self, context, size, name, description, snapshot_id=None, image_id=None,
               volume_type=None, availability_zone=None, source_volid=None, metadata=None):
        body = {'size': size, 'name': name, 'description': description}
        for key, value in (('snapshot_id', snapshot_id), ('imageRef', image_id),
                           ('volume_type', volume_type), ('source_volid', source_volid),
                           ('availability_zone', availability_zone),
                           ('metadata', metadata)):
            if value:
                body[key] = value
        return self._call('POST', '/volumes', context, {'volume': body})['volume']

    def delete(self, context, volume_id):
        try:
            self._call('DELETE', '/volumes/%s' % volume_id, context,
                       not_found=VolumeNotFound(volume_id=volume_id))
        except VolumeNotFound:
            pass

    def wait_for_status(self, context, volume_id, wanted, timeout=300.0, interval=0.5,
                        sleep=time.sleep):
        """Nova's _await_block_device_map_created: poll until the volume reaches one of
        ``wanted``; 'error' or the timeout raise VolumeNotCreated."""
        started, attempts = time.monotonic(), 0
        while True:
            attempts += 1
            volume = self.get(context, volume_id)
            if volume['status'] in wanted:
                return volume
            elapsed = time.monotonic() - started
            if volume['status'] == 'error' or elapsed > timeout:
                raise VolumeNotCreated(volume_id=volume_id, seconds=int(elapsed),
                                       attempts=attempts, volume_status=volume['status'])
            sleep(interval)

    def _action(self, context, volume_id, action, args=None):
        return self._call('POST', '/volumes/%s/action' % volume_id, context,
                          {action: args if args is not None else {}},
                          not_found=VolumeNotFound(volume_id=volume_id))

    def begin_detaching(self, context, volume_id):
        self._action(context, volume_id, 'os-begin_detaching')

    def roll_detaching(self, context, volume_id):
        self._action(context, volume_id, 'os-roll_detaching')

    def reimage(self, context, volume_id, image_id, reimage_reserved=True):
        """Cinder 3.68 os-reimage (rebuild of a volume-backed server, Nova 2.93)."""
        self._action(context, volume_id, 'os-reimage',
                     {'image_id': image_id, 'reimage_reserved': reimage_reserved})

    def migrate_volume_completion(self, context, old_volume_id, new_volume_id, error=False):
        """os-migrate_volume_completion (a swap during a volume migration): the id the
        server's mapping keeps."""
        body = self._action(context, old_volume_id, 'os-migrate_volume_completion',
                            {'new_volume': new_volume_id, 'error': error})
        return (body or {}).get('save_volume_id')

    # ------------------------------------------------------------------ attachments
    def attachment_create(self, context, volume_id, instance_uuid, connector=None,
                          mountpoint=None):
        """A reserved attachment (volume 'reserved'); with a connector it is connected."""
        body = {'volume_uuid': volume_id, 'instance_uuid': instance_uuid}
        if connector:
            body['connector'] = dict(connector, **({'mountpoint': mountpoint}
                                                   if mountpoint else {}))
        return self._call('POST', '/attachments', context, {'attachment': body},
                          not_found=VolumeNotFound(volume_id=volume_id))['attachment']

    def attachment_get(self, context, attachment_id):
        return self._call('GET', '/attachments/%s' % attachment_id, context,
                          not_found=AttachmentNotFound(attachment_id=attachment_id)
                          )['attachment']

    def attachment_update(self, context, attachment_id, connector, mountpoint=None):
        """Connect the attachment to a host (the connector); returns it with its
        connection_info."""
        connector = dict(connector, **({'mountpoint': mountpoint} if mountpoint else {}))
        attachment = self._call('PUT', '/attachments/%s' % attachment_id, context,
                                {'attachment': {'connector': connector}},
                                not_found=AttachmentNotFound(
                                    attachment_id=attachment_id))['attachment']
        attachment['connection_info'] = driver_connection_info(
            attachment.get('connection_info'))
        return attachment

    def attachment_complete(self, context, attachment_id):
        """3.44 os-complete: the volume becomes in-use."""
        self._call('POST', '/attachments/%s/action' % attachment_id, context,
                   {'os-complete': None},
                   not_found=AttachmentNotFound(attachment_id=attachment_id))

    def attachment_delete(self, context, attachment_id):
        """Delete the attachment (volume back to available when it was the last one); one
        already gone is not an error."""
        try:
            self._call('DELETE', '/attachments/%s' % attachment_id, context,
                       not_found=AttachmentNotFound(attachment_id=attachment_id))
        except AttachmentNotFound:
            pass

    # ------------------------------------------------------------------ snapshots
    def create_snapshot(self, context, volume_id, name, description, force=False):
        body = {'volume_id': volume_id, 'name': name, 'description': description}
        if force:  # from 3.66 an in-use volume needs no force, and force false is a 400
            body['force'] = True
        return self._call('POST', '/snapshots', context, {'snapshot': body},
                          not_found=VolumeNotFound(volume_id=volume_id))['snapshot']

    def create_snapshot_force(self, context, volume_id, name, description):
        """A snapshot of a volume even while it is in use (createImage of a volume-backed
        server)."""
        return self.create_snapshot(context, volume_id, name, description, force=True)

    def get_snapshot(self, context, snapshot_id):
        return self._call('GET', '/snapshots/%s' % snapshot_id, context,
                          not_found=SnapshotNotFound(snapshot_id=snapshot_id))['snapshot']

    def get_all_snapshots(self, context):
        return self._call('GET', '/snapshots/detail', context)['snapshots']

    def delete_snapshot(self, context, snapshot_id):
        try:
            self._call('DELETE', '/snapshots/%s' % snapshot_id, context,
                       not_found=SnapshotNotFound(snapshot_id=snapshot_id))
        except SnapshotNotFound:
            pass


def driver_connection_info(flat):
    """The attachments API answers the connection info flattened (the driver's type beside
    its data, as Cinder does); the virt drivers take Nova's shape, ``{'driver_volume_type':
    ..., 'data': {...}}`` (Nova's _translate_attachment_ref)."""
    if not flat:
        return {}
    if 'data' in flat:
        return dict(flat)
    data = dict(flat)
    return {'driver_volume_type': data.pop('driver_volume_type', None), 'data': data}
