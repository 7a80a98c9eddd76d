"""The volume manager (Cinder's ``cinder-volume``): the RPC server behind
``novalite/volume/rpcapi.py``. It drives the backend and records how each step ended: a
failed create leaves the volume ``error``, a failed delete ``error_deleting``, a failed extend
``error_extending``; a failed upload or retype puts the volume back where it was.

Failure injection is data, as with the fake compute driver: the volume's metadata (or its
type's extra specs) ``novalite:fail`` = ``<step>[,<step>...]`` makes that step fail and
``novalite:delay_<step>`` = ``<seconds>`` slows it down. Steps: ``create``, ``delete``,
``extend``, ``attach`` (connecting: attachment update, os-initialize_connection),
``detach``, ``upload_image``, ``retype``, ``reimage``, ``revert``, ``create_snapshot``,
``delete_snapshot`` (a snapshot's own metadata counts too). ``novalite:format`` =
``qcow2`` makes the backend keep the volume as a qcow2 file (qemu-img), else raw.
"""
import logging
import os
import tempfile

from oslo_messaging import Target

from novalite import concurrency
from novalite import exception
from novalite.db import models
from novalite.db import volume_snapshots
from novalite.db import volume_types
from novalite.db import volumes as db
from novalite import exception_volume as errors
from novalite.volume import images
from novalite.volume import nova
from novalite.volume import rpcapi
from novalite.volume import states
from novalite.volume.backends import fake

LOG = logging.getLogger(__name__)
FAIL_KEY = 'novalite:fail'
DELAY_PREFIX = 'novalite:delay_'
FORMAT_KEY = 'novalite:format'


def _knobs(volume):
    knobs = {}
    knobs.update(_type_specs(volume.get('volume_type_id')))
    knobs.update(volume.get('metadata') or {})
    return knobs


def _type_specs(type_id):
    """The extra specs of the volume's type."""
    if not type_id:
        return {}
    try:
        return dict(volume_types.extra_specs_get(type_id) or {})
    except exception.NotFound:
        return {}


def inject(step, volume):
    knobs = _knobs(volume)
    delay = knobs.get(DELAY_PREFIX + step)
    if delay:
        concurrency.sleep(float(delay))
    if step in [s.strip() for s in str(knobs.get(FAIL_KEY, '')).split(',')]:
        raise errors.VolumeBackendError(reason='injected failure at %s' % step)


class VolumeManager:
    target = Target(version=rpcapi.RPC_API_VERSION)

    def __init__(self, conf, host):
        self.conf = conf
        self.host = host
        self.backend = fake.FakeBackend(conf)

    @property
    def backend_host(self):
        return '%s@%s#%s' % (self.host, self.backend.name, self.backend.name)

    def init_host(self):
        """Settle the volumes a previous run left half-done (Cinder's _do_cleanup): creating
        or downloading ones end in error, uploading ones go back to available/in-use,
        deleting ones are deleted. Volumes no manager picked up yet (no host) count as
        ours: there is one volume backend."""
        from novalite import context as nl_context
        ctx = nl_context.get_admin_context()
        busy = [states.CREATING, states.DOWNLOADING, states.UPLOADING, states.DELETING]
        for host in (self.backend_host, None):
            for volume in db.volume_get_all(filters={'host': host, 'status': busy}):
                LOG.info('Volume %s was %s when the volume service stopped', volume['id'],
                         volume['status'])
                if volume['status'] == states.DELETING:
                    self.delete_volume(ctx, volume['id'])
                elif volume['status'] == states.UPLOADING:
                    db.volume_update(volume['id'], {
                        'status': states.IN_USE if volume['attachments'] else states.AVAILABLE,
                        'previous_status': None})
                else:
                    self.backend.delete(volume['id'])
                    db.volume_update(volume['id'], {'status': states.ERROR})
        self._cleanup_snapshots(ctx)

    # ------------------------------------------------------------------ lifecycle
    def create_volume(self, context, volume_id, image_id=None, source_volid=None,
                      snapshot_id=None):
        volume = db.volume_update(volume_id, {'host': self.backend_host})
        image_meta = None
        try:
            inject('create', volume)
            fmt = _knobs(volume).get(FORMAT_KEY, 'raw')
            if image_id:
                image_meta = self._from_image(context, volume, image_id)
            elif source_volid:
                self.backend.copy_from_file(volume_id, self.backend.path(source_volid),
                                            volume['size'])
            elif snapshot_id:
                self.backend.copy_from_file(volume_id, self._snapshot_path(snapshot_id),
                                            volume['size'])
            else:
                self.backend.create(volume_id, volume['size'], fmt)
        except Exception as exc:
            LOG.warning('Creating volume %s failed: %s', volume_id, exc)
            self.backend.delete(volume_id)
            db.volume_update(volume_id, {'status': states.ERROR})
            return
        values = {'status': states.AVAILABLE, 'provider_location': self.backend.path(volume_id),
                  'launched_at': models.utcnow()}
        if image_meta is not None:
            values['bootable'] = True
        try:
            db.volume_update(volume_id, values, expected_status=states.CREATING,
                             image_metadata=image_meta)
        except errors.VolumeNotFound:
            self.backend.delete(volume_id)  # deleted meanwhile (force)
        except errors.InvalidVolume:
            LOG.info('Volume %s left creating meanwhile; not marked available', volume_id)

    def _from_image(self, context, volume, image_id):
        image = images.client(self.conf).get(image_id)
        fd, tmp = tempfile.mkstemp(prefix='image-', dir=self.backend.ensure_root())
        os.close(fd)
        try:
            images.download(self.conf, image_id, tmp)
            self.backend.create_from_image(volume['id'], tmp, image.get('disk_format'),
                                           volume['size'])
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return images.volume_image_metadata(image)

    def _snapshot_path(self, snapshot_id):
        return self.backend.snapshot_path(snapshot_id)

    def delete_volume(self, context, volume_id):
        try:
            volume = db.volume_get(volume_id)
        except errors.VolumeNotFound:
            return
        try:
            inject('delete', volume)
            # a cascade delete takes the volume's snapshots along (the API refused the
            # delete otherwise)
            for snap in volume_snapshots.for_volume(volume_id):
                self.backend.delete_snapshot(snap['id'])
                volume_snapshots.destroy(snap['id'])
            self.backend.delete(volume_id)
        except Exception as exc:
            LOG.warning('Deleting volume %s failed: %s', volume_id, exc)
            db.volume_update(volume_id, {'status': states.ERROR_DELETING})
            return
        db.volume_destroy(volume_id)

    def extend_volume(self, context, volume_id, new_size):
        volume = db.volume_get(volume_id)
        try:
            inject('extend', volume)
            self.backend.extend(volume_id, new_size)
        except Exception as exc:
            LOG.warning('Extending volume %s failed: %s', volume_id, exc)
            db.volume_update(volume_id, {'status': states.ERROR_EXTENDING,
                                         'previous_status': None})
            return
        db.volume_update(volume_id, {'size': new_size,
                                     'status': volume['previous_status'] or states.AVAILABLE,
                                     'previous_status': None})
        servers = [a['instance_uuid'] for a in volume['attachments'] if a['instance_uuid']]
        if servers:
            self._tell_compute('volume-extended', servers, volume_id)

    def _tell_compute(self, name, servers, volume_id, status='completed'):
        """Cinder's nova.extend_volume: an os-server-external-events call (2.51) with the
        service user's token, so the guests see the new size."""
        try:
            nova.external_events(self.conf, name, servers, volume_id, status)
        except Exception as exc:
            LOG.warning('Could not tell compute that volume %s changed (%s): %s', volume_id,
                        name, exc)

    def retype(self, context, volume_id, new_type_id):
        volume = db.volume_get(volume_id)
        values = {'status': volume['previous_status'] or states.AVAILABLE,
                  'previous_status': None}
        try:
            inject('retype', volume)
            values['volume_type_id'] = new_type_id
        except Exception as exc:
            LOG.warning('Retyping volume %s failed: %s', volume_id, exc)
        db.volume_update(volume_id, values)

    def copy_volume_to_image(self, context, volume_id, image_id, disk_format):
        volume = db.volume_get(volume_id)
        try:
            inject('upload_image', volume)
            path = self.backend.path(volume_id)
            tmp = None
            if disk_format not in ('raw', None) or self.backend.format(volume_id) != 'raw':
                tmp = self.backend.export(volume_id, disk_format or 'raw')
            try:
                images.upload(self.conf, image_id, tmp or path)
            finally:
                if tmp and os.path.exists(tmp):
                    os.unlink(tmp)
        except Exception as exc:
            LOG.warning('Uploading volume %s to image %s failed: %s', volume_id, image_id,
                        exc)
            try:
                images.delete(self.conf, image_id)
            except Exception:
                LOG.exception('Could not delete image %s', image_id)
        db.volume_update(volume_id, {'status': volume['previous_status'] or states.AVAILABLE,
                                     'previous_status': None})

    def reimage(self, context, volume_id, image_id):
        """Cinder's reimage: the image's data over the volume, its image metadata renewed;
        back to the status before (a reserved volume's server hears volume-reimaged)."""
        volume = db.volume_get(volume_id)
        previous = volume['previous_status'] or states.AVAILABLE
        servers = [a['instance_uuid'] for a in volume['attachments'] if a['instance_uuid']]
        try:
            inject('reimage', volume)
            image_meta = self._from_image(context, volume, image_id)
        except Exception as exc:
            LOG.warning('Re-imaging volume %s with image %s failed: %s', volume_id, image_id,
                        exc)
            db.volume_update(volume_id, {'status': states.ERROR, 'previous_status': previous})
            if previous == states.RESERVED and servers:
                self._tell_compute('volume-reimaged', servers, volume_id, status='failed')
            return
        db.volume_update(volume_id, {'status': previous, 'previous_status': None,
                                     'bootable': True})
        db.volume_set_metadata(volume_id, image_meta, replace=True, table='image_metadata')
        if previous == states.RESERVED and servers:
            self._tell_compute('volume-reimaged', servers, volume_id)

    def revert_to_snapshot(self, context, volume_id, snapshot_id):
        """The snapshot's file copied back over the volume's; both end available (the
        volume error when the backend fails)."""
        volume = db.volume_get(volume_id)
        try:
            inject('revert', volume)
            self.backend.copy_from_file(volume_id, self.backend.snapshot_path(snapshot_id),
                                        volume['size'])
            status = states.AVAILABLE
        except Exception as exc:
            LOG.warning('Reverting volume %s to snapshot %s failed: %s', volume_id,
                        snapshot_id, exc)
            status = states.ERROR
        db.volume_update(volume_id, {'status': status})
        volume_snapshots.status_update(snapshot_id, {'status': volume_snapshots.AVAILABLE},
                                       ('restoring',))

    # ------------------------------------------------------------------ connections
    def _connection_info(self, volume, connector, mode):
        inject('attach', volume)
        return {'driver_volume_type': 'local',
                'data': {'device_path': self.backend.path(volume['id']),
                         'volume_id': volume['id'], 'name': 'volume-%s' % volume['id'],
                         'format': self.backend.format(volume['id']), 'access_mode': mode,
                         'encrypted': bool(volume['encryption_key_id']),
                         'discard': False, 'qos_specs': None}}

    def attachment_update(self, context, volume_id, connector, attachment_id):
        """Cinder's attachment_update: connection info for the connector; the attachment
        and the volume become ``attaching`` (os-complete makes them attached/in-use)."""
        volume = db.volume_get(volume_id)
        attachment = db.attachment_get(attachment_id)
        mode = connector.get('mode') or 'rw'
        if attachment['attach_mode'] not in (None, 'null'):
            mode = attachment['attach_mode']
        try:
            info = self._connection_info(volume, connector, mode)
        except Exception:
            db.attachment_update(attachment_id, {'attach_status': states.ERROR_ATTACHING})
            raise
        db.attachment_update(
            attachment_id,
            {'attach_status': states.ATTACH_ATTACHING, 'connector': connector,
             'attached_host': connector.get('host', ''),
             'mountpoint': connector.get('mountpoint', 'na'), 'attach_mode': mode,
             'attach_time': models.utcnow()},
            volume_values={'status': states.ATTACHING, 'attach_status': states.ATTACHING},
            admin_metadata={'attached_mode': mode})
        flat = dict(info['data'], driver_volume_type=info['driver_volume_type'],
                    attachment_id=attachment_id,
                    enforce_multipath=bool(connector.get('enforce_multipath', False)))
        return flat

    def attachment_delete(self, context, volume_id, attachment_id):
        volume = db.volume_get(volume_id)
        try:
            inject('detach', volume)
        except Exception as exc:
            # as Cinder: a backend that fails to detach does not keep the attachment
            LOG.warning('Failed to detach volume %s on the backend, ignoring: %s',
                        volume_id, exc)

    def initialize_connection(self, context, volume_id, connector):
        volume = db.volume_get(volume_id)
        mode = volume['admin_metadata'].get('attached_mode') or (
            'ro' if volume['admin_metadata'].get('readonly') == 'True' else 'rw')
        return self._connection_info(volume, connector or {}, mode)

    def terminate_connection(self, context, volume_id, connector, force=False):
        volume = db.volume_get(volume_id)
        inject('detach', volume)

    # ------------------------------------------------------------------ snapshots
    @staticmethod
    def _snapshot_knobs(snap):
        """What injects a snapshot step's failure: the volume's type extra specs and the
        volume's metadata, then the snapshot's own metadata."""
        try:
            volume = db.volume_get(snap['volume_id'])
        except errors.VolumeNotFound:
            volume = {}
        metadata = dict(volume.get('metadata') or {})
        metadata.update(snap['metadata'] or {})
        return {'volume_type_id': snap['volume_type_id'], 'metadata': metadata}

    def _cleanup_snapshots(self, ctx):
        """Snapshots a previous run left half-done: creating ones end in error (their
        partial file removed), deleting ones are deleted (Cinder's snapshot cleanup)."""
        for snap in volume_snapshots.list_snapshots(filters={'status': volume_snapshots.CREATING}):
            LOG.info('Snapshot %s was creating when the volume service stopped', snap['id'])
            self.backend.delete_snapshot(snap['id'])
            volume_snapshots.status_update(snap['id'], {'status': volume_snapshots.ERROR},
                                           (volume_snapshots.CREATING,))
        for snap in volume_snapshots.list_snapshots(filters={'status': volume_snapshots.DELETING}):
            LOG.info('Snapshot %s was deleting when the volume service stopped', snap['id'])
            self.delete_snapshot(ctx, snap['id'])

    def create_snapshot(self, context, snapshot_id, volume_id):
        """creating -> available (progress 100%), or error when the backend fails (or
        ``novalite:fail`` names the ``create_snapshot`` step)."""
        snap = volume_snapshots.get(snapshot_id)
        try:
            inject('create_snapshot', self._snapshot_knobs(snap))
            path = self.backend.create_snapshot(snapshot_id, volume_id)
        except Exception:
            LOG.exception('Creating snapshot %s failed', snapshot_id)
            volume_snapshots.status_update(snapshot_id, {'status': volume_snapshots.ERROR},
                                           (volume_snapshots.CREATING,))
            return
        volume_snapshots.status_update(snapshot_id, {'status': volume_snapshots.AVAILABLE,
                                                     'progress': '100%',
                                                     'provider_location': path},
                                       (volume_snapshots.CREATING,))

    def delete_snapshot(self, context, snapshot_id):
        """The snapshot's data, then its row; error_deleting when the backend fails (or
        ``novalite:fail`` names the ``delete_snapshot`` step)."""
        try:
            snap = volume_snapshots.get(snapshot_id)
        except errors.SnapshotNotFound:
            return
        try:
            inject('delete_snapshot', self._snapshot_knobs(snap))
            self.backend.delete_snapshot(snapshot_id)
        except Exception:
            LOG.exception('Deleting snapshot %s failed', snapshot_id)
            volume_snapshots.status_update(snapshot_id,
                                           {'status': volume_snapshots.ERROR_DELETING})
            return
        volume_snapshots.destroy(snapshot_id)
