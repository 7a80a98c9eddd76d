"""Client side of the volume manager's RPC API (Cinder's ``cinder.volume.rpcapi``).

Casts for the long work (the volume's status tells how it ended), calls where the caller
needs the answer (connection info, detaching from the backend).

Version history:
    1.0 - create_volume(volume_id, image_id, source_volid, snapshot_id),
          delete_volume(volume_id), extend_volume(volume_id, new_size),
          retype(volume_id, new_type_id), copy_volume_to_image(volume_id, image_id,
          disk_format), attachment_update(volume_id, connector, attachment_id),
          attachment_delete(volume_id, attachment_id), initialize_connection(volume_id,
          connector), terminate_connection(volume_id, connector, force)
    1.1 - create_snapshot(snapshot_id, volume_id), delete_snapshot(snapshot_id)
    1.2 - reimage(volume_id, image_id), revert_to_snapshot(volume_id, snapshot_id)
"""
from novalite import rpc

RPC_API_VERSION = '1.2'
TOPIC = 'cinder-volume'


class VolumeAPI:
    def __init__(self):
        self.client = rpc.get_client(TOPIC, RPC_API_VERSION)

    def create_volume(self, context, volume_id, image_id=None, source_volid=None,
                      snapshot_id=None):
        """Make the volume's data on the backend (empty, from an image, a volume or a
        snapshot); the volume ends available or error."""
        self.client.prepare().cast(context, 'create_volume', volume_id=volume_id,
                                   image_id=image_id, source_volid=source_volid,
                                   snapshot_id=snapshot_id)

    def delete_volume(self, context, volume_id):
        """Remove the volume's data and its row (error_deleting on failure)."""
        self.client.prepare().cast(context, 'delete_volume', volume_id=volume_id)

    def extend_volume(self, context, volume_id, new_size):
        self.client.prepare().cast(context, 'extend_volume', volume_id=volume_id,
                                   new_size=new_size)

    def retype(self, context, volume_id, new_type_id):
        self.client.prepare().cast(context, 'retype', volume_id=volume_id,
                                   new_type_id=new_type_id)

    def copy_volume_to_image(self, context, volume_id, image_id, disk_format):
        self.client.prepare().cast(context, 'copy_volume_to_image', volume_id=volume_id,
                                   image_id=image_id, disk_format=disk_format)

    def reimage(self, context, volume_id, image_id):
        """Write the image's data over the volume (os-reimage, 3.68); it goes back to its
        status before, or error."""
        self.client.prepare(version='1.2').cast(context, 'reimage', volume_id=volume_id,
                                                image_id=image_id)

    def revert_to_snapshot(self, context, volume_id, snapshot_id):
        """The snapshot's data back into the volume (revert, 3.40)."""
        self.client.prepare(version='1.2').cast(context, 'revert_to_snapshot',
                                                volume_id=volume_id, snapshot_id=snapshot_id)

    def attachment_update(self, context, volume_id, connector, attachment_id):
        """Connect the volume for ``connector``; returns the connection info."""
        return self.client.prepare().call(context, 'attachment_update', volume_id=volume_id,
                                          connector=connector, attachment_id=attachment_id)

    def attachment_delete(self, context, volume_id, attachment_id):
        return self.client.prepare().call(context, 'attachment_delete', volume_id=volume_id,
                                          attachment_id=attachment_id)

    def initialize_connection(self, context, volume_id, connector):
        return self.client.prepare().call(context, 'initialize_connection',
                                          volume_id=volume_id, connector=connector)

    def terminate_connection(self, context, volume_id, connector, force=False):
        return self.client.prepare().call(context, 'terminate_connection',
                                          volume_id=volume_id, connector=connector,
                                          force=force)

    def create_snapshot(self, context, snapshot_id, volume_id):
        """Copy the volume's data into the snapshot; it ends available or error."""
        self.client.prepare().cast(context, 'create_snapshot', snapshot_id=snapshot_id,
                                   volume_id=volume_id)

    def delete_snapshot(self, context, snapshot_id):
        """Remove the snapshot's data and its row (error_deleting when that fails)."""
        self.client.prepare().cast(context, 'delete_snapshot', snapshot_id=snapshot_id)
