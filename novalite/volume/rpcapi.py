"""Client side of the volume manager's RPC API (Cinder's ``cinder.volume.rpcapi``).

Version history:
    1.0 - create_volume(volume_id), delete_volume(volume_id)
    1.1 - create_snapshot(snapshot_id, volume_id), delete_snapshot(snapshot_id)
"""
from novalite import rpc

RPC_API_VERSION = '1.1'
TOPIC = 'cinder-volume'


class VolumeAPI:
    def __init__(self):
        self.client = rpc.get_client(TOPIC, RPC_API_VERSION)

    def create_volume(self, context, volume_id):
        """Make the volume's data on the backend; the volume ends available or error."""
        self.client.prepare().cast(context, 'create_volume', volume_id=volume_id)

    def delete_volume(self, context, volume_id):
        """Remove the volume's data and its row."""
        self.client.prepare().cast(context, 'delete_volume', volume_id=volume_id)

    def create_snapshot(self, context, snapshot_id, volume_id):
        """Copy the volume's data into the snapshot; it ends available or error."""
        self.client.prepare().cast(context, 'create_snapshot', snapshot_id=snapshot_id,
                                   volume_id=volume_id)

    def delete_snapshot(self, context, snapshot_id):
        """Remove the snapshot's data and its row (error_deleting when that fails)."""
        self.client.prepare().cast(context, 'delete_snapshot', snapshot_id=snapshot_id)
