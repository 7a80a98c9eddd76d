"""Client side of the volume manager's RPC API (Cinder's ``cinder.volume.rpcapi``).

Version history:
    1.0 - create_volume(volume_id), delete_volume(volume_id)
"""
from novalite import rpc

RPC_API_VERSION = '1.0'
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
