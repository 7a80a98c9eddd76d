"""Block-storage exceptions, with Cinder's messages. A ground-floor module: the data layer,
the volume service and the REST layer all raise them; faultwrap renders them in Cinder's
fault format."""
from novalite import exception


class VolumeNotFound(exception.NotFound):
    msg_fmt = 'Volume %(volume_id)s could not be found.'


class VolumeAttachmentNotFound(exception.NotFound):
    msg_fmt = 'Volume attachment could not be found with filter: %(filter)s.'


class InvalidVolume(exception.Invalid):
    msg_fmt = 'Invalid volume: %(reason)s'


class InvalidVolumeAttachMode(exception.Invalid):
    msg_fmt = ("Invalid attaching mode '%(mode)s' for volume %(volume_id)s.")


class VolumeBackendError(exception.NovaliteException):
    msg_fmt = 'Volume backend error: %(reason)s'


class VolumeMetadataNotFound(exception.NotFound):
    msg_fmt = 'Volume %(volume_id)s has no metadata with key %(metadata_key)s.'


class MarkerNotFound(exception.NotFound):
    msg_fmt = 'Marker %(marker)s could not be found.'


class InvalidVolumeMetadata(exception.Invalid):
    msg_fmt = 'Invalid metadata: %(reason)s'


class InvalidInput(exception.Invalid):
    msg_fmt = 'Invalid input received: %(reason)s'


class ResourceConflict(exception.Conflict):
    msg_fmt = 'Resource conflict: %(reason)s'


class InvalidAvailabilityZone(exception.Invalid):
    msg_fmt = "Availability zone '%(az)s' is invalid."


class ConflictNovaUsingAttachment(exception.Conflict):
    msg_fmt = ('Detach volume from instance %(instance_id)s using the Compute API')


class InvalidSnapshot(exception.Invalid):
    msg_fmt = 'Invalid snapshot: %(reason)s'


class GlanceMetadataNotFound(exception.NotFound):
    msg_fmt = 'Glance metadata for volume/snapshot %(id)s cannot be found.'
