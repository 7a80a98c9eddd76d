"""The volume manager (Cinder's ``cinder-volume``): the RPC server behind
``novalite/volume/rpcapi.py``. It drives the backend and records each step's outcome; a
failure leaves the volume in ``error`` (Cinder's ``error_deleting`` on delete)."""
import logging

from oslo_messaging import Target

from novalite.db import models
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
