"""The volume manager (Cinder's ``cinder-volume``): the RPC server behind
``novalite/volume/rpcapi.py``. It drives the backend and records each step's outcome; a
failure leaves the volume in ``error`` (Cinder's ``error_deleting`` on delete)."""
import logging

from oslo_messaging import Target

from novalite.db import models
from novalite.db import volume_snapshots
from novalite.db import volumes as db
from novalite.volume import rpcapi
from novalite.volume.backends import fake

LOG = logging.getLogger(__name__)


class VolumeManager:
    target = Target(version=rpcapi.RPC_API_VERSION)

    def __init__(self, conf, host):
        self.conf = conf
        self.host = host
        self.backend = fake.FakeBackend(conf)

    def create_volume(self, context, volume_id):
        volume = db.volume_get(volume_id)
        try:
            path = self.backend.create(volume_id, volume['size'])
        except Exception:
            LOG.exception('Creating volume %s failed', volume_id)
            db.volume_update(volume_id, {'status': 'error'})
            return
        db.volume_update(volume_id, {'status': 'available', 'provider_location': path,
                                     'launched_at': models.utcnow()},
                         expected_status='creating')

    def delete_volume(self, context, volume_id):
        try:
            self.backend.delete(volume_id)
        except Exception:
            LOG.exception('Deleting volume %s failed', volume_id)
            db.volume_update(volume_id, {'status': 'error_deleting'})
            return
        db.volume_destroy(volume_id)

    # ------------------------------------------------------------------ snapshots
    def create_snapshot(self, context, snapshot_id, volume_id):
        """creating -> available (progress 100%), or error when the backend fails (or the
        snapshot's metadata asks it to: ``novalite:fail_create_snapshot``)."""
        snap = volume_snapshots.get(snapshot_id)
        try:
            if 'novalite:fail_create_snapshot' in snap['metadata']:
                raise RuntimeError('failure injected by novalite:fail_create_snapshot')
            self.backend.create_snapshot(snapshot_id, volume_id)
        except Exception:
            LOG.exception('Creating snapshot %s failed', snapshot_id)
            volume_snapshots.status_update(snapshot_id, {'status': volume_snapshots.ERROR},
                                           (volume_snapshots.CREATING,))
            return
        volume_snapshots.status_update(snapshot_id, {'status': volume_snapshots.AVAILABLE,
                                                     'progress': '100%'},
                                       (volume_snapshots.CREATING,))

    def delete_snapshot(self, context, snapshot_id):
        """The snapshot's data, then its row; error_deleting when the backend fails (or
        ``novalite:fail_delete_snapshot`` is in its metadata)."""
        try:
            snap = volume_snapshots.get(snapshot_id)
        except volume_snapshots.SnapshotNotFound:
            return
        try:
            if 'novalite:fail_delete_snapshot' in snap['metadata']:
                raise RuntimeError('failure injected by novalite:fail_delete_snapshot')
            self.backend.delete_snapshot(snapshot_id)
        except Exception:
            LOG.exception('Deleting snapshot %s failed', snapshot_id)
            volume_snapshots.status_update(snapshot_id,
                                           {'status': volume_snapshots.ERROR_DELETING})
            return
        volume_snapshots.destroy(snapshot_id)
