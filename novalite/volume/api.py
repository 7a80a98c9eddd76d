"""The block-storage facade the REST layer calls (Cinder's ``cinder.volume.api.API``): state
checks and database rows here, the backend work cast to the volume manager."""
from novalite.db import volumes as db
from novalite.volume import rpcapi


class API:
    def __init__(self, conf):
        self.conf = conf
        self.rpc = rpcapi.VolumeAPI()

    def get(self, context, volume_id):
        project = None if context.is_admin else context.project_id
        return db.volume_get(volume_id, project)
