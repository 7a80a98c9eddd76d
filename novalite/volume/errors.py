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
