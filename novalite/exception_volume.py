"""Volume errors: the block-storage service's (Cinder's codes and messages) and compute's
side of volumes (Nova's). A ground-floor module: the data layer, the volume service, compute
and the REST layer all raise them; faultwrap renders them in the fault format of the service
that answers (Cinder's for the block storage, Nova's for compute)."""
from novalite import exception


# ----------------------------------------------------------------------------- volumes

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


class GlanceMetadataNotFound(exception.NotFound):
    msg_fmt = 'Glance metadata for volume/snapshot %(id)s cannot be found.'


# ----------------------------------------------------------------------------- list paging

class InvalidSortKey(exception.InvalidInput):
    msg_fmt = "Invalid input received: Invalid sort key %(key)s"


class MarkerNotFound(exception.NotFound):
    msg_fmt = 'Marker %(marker)s could not be found.'


# ----------------------------------------------------------------------------- snapshots

class SnapshotNotFound(exception.NotFound):
    msg_fmt = 'Snapshot %(snapshot_id)s could not be found.'


class SnapshotMetadataNotFound(exception.NotFound):
    msg_fmt = "Snapshot %(snapshot_id)s has no metadata with key %(metadata_key)s."


class InvalidSnapshot(exception.Invalid):
    msg_fmt = 'Invalid snapshot: %(reason)s'


# ----------------------------------------------------------------------------- volume types

class VolumeTypeNotFound(exception.NotFound):
    msg_fmt = "Volume type %(volume_type_id)s could not be found."


class VolumeTypeNotFoundByName(VolumeTypeNotFound):
    msg_fmt = "Volume type with name %(volume_type_name)s could not be found."


class VolumeTypeExists(exception.Conflict):
    msg_fmt = "Volume Type %(id)s already exists."


class VolumeTypeInUse(exception.Invalid):
    # Cinder answers 400 'Target volume type is still in use.' for this one
    msg_fmt = "Target volume type is still in use."


class VolumeTypeDefaultDeletionError(exception.Invalid):
    msg_fmt = ("The volume type %(volume_type_id)s is a default volume type and cannot be "
               "deleted.")


class VolumeTypeDeletionError(exception.Invalid):
    msg_fmt = ("The volume type %(volume_type_id)s is the only currently defined volume "
               "type and cannot be deleted.")


class VolumeTypeExtraSpecsNotFound(exception.NotFound):
    msg_fmt = "Volume Type %(volume_type_id)s has no extra specs with key %(extra_specs_key)s."


class VolumeTypeAccessNotFound(exception.NotFound):
    msg_fmt = ("Volume type access not found for %(volume_type_id)s / %(project_id)s "
               "combination.")


class VolumeTypeAccessExists(exception.Conflict):
    msg_fmt = ("Volume type access for %(volume_type_id)s / %(project_id)s combination "
               "already exists.")


class InvalidVolumeType(exception.Invalid):
    msg_fmt = "Invalid volume type: %(reason)s"


class VolumeTypeProjectDefaultNotFound(exception.NotFound):
    msg_fmt = "Default type for project %(project_id)s not found."


# ----------------------------------------------------------------------------- quotas

class QuotaError(exception.NovaliteException):
    """413 with Cinder's Retry-After: 0 (Cinder's QuotaError); the message starts with
    the exception's name, as Cinder's fault middleware shows it."""
    code = 413
    headers = {'Retry-After': '0'}

    def __init__(self, message=None, **kwargs):
        super().__init__(message, **kwargs)
        self.message = '%s: %s' % (type(self).__name__, self.message)


class VolumeSizeExceedsAvailableQuota(QuotaError):
    msg_fmt = ("Requested volume or snapshot exceeds allowed %(name)s quota. Requested "
               "%(requested)sG, quota is %(quota)sG and %(consumed)sG has been consumed.")


class VolumeSizeExceedsLimit(QuotaError):
    msg_fmt = "Requested volume size %(size)dG is larger than maximum allowed limit %(limit)dG."


class VolumeLimitExceeded(QuotaError):
    msg_fmt = "Maximum number of volumes allowed (%(allowed)d) exceeded for quota '%(name)s'."


class SnapshotLimitExceeded(QuotaError):
    msg_fmt = "Maximum number of snapshots allowed (%(allowed)d) exceeded"


class ProjectQuotaNotFound(exception.NotFound):
    msg_fmt = "Quota for project %(project_id)s could not be found."


# ----------------------------------------------------------------------------- compute's side
# (Nova's names and messages: what compute raises about the volumes of a server, and what its
# REST client of the block storage, volume/cinder.py, turns Cinder's answers into.
# VolumeNotFound, SnapshotNotFound and InvalidVolume above are Nova's too: same message.)

class AttachmentNotFound(exception.NotFound):
    """Nova's VolumeAttachmentNotFound: an attachment id the block storage does not know
    (the block storage's own, above, names the filter it searched with)."""
    msg_fmt = 'Volume attachment %(attachment_id)s could not be found.'


class VolumeOverQuota(exception.Forbidden):
    msg_fmt = 'Volume resource quota exceeded: %(reason)s'


class VolumeNotCreated(exception.NovaliteException):
    msg_fmt = ('Volume %(volume_id)s did not finish being created even after we waited '
               '%(seconds)s seconds or %(attempts)s attempts. And its status is '
               '%(volume_status)s.')


class DevicePathInUse(exception.Conflict):
    msg_fmt = 'The supplied device path (%(path)s) is in use.'


class TooManyDiskDevices(exception.Forbidden):
    msg_fmt = ('The maximum allowed number of disk devices (%(maximum)d) to attach to a '
               'single instance has been exceeded.')


class MultiattachNotSupportedOldMicroversion(exception.Invalid):
    msg_fmt = ('Multiattach volumes are only supported starting with compute API version '
               '2.60.')


class MultiattachToShelvedNotSupported(exception.Invalid):
    msg_fmt = ('Attaching multiattach volumes is not supported for shelved-offloaded '
               'instances.')


class VolumeNotMigrating(exception.Conflict):
    msg_fmt = ('volume %(volume_id)s is not migrating; this API should only be called by '
               'Cinder')


class VolumeBDMNotFound(exception.NotFound):
    msg_fmt = 'No volume Block Device Mapping with id %(volume_id)s.'


class VolumeAlreadyMapped(exception.Invalid):
    msg_fmt = 'volume %(volume_id)s already attached'


class NotAttached(exception.NotFound):
    msg_fmt = 'Instance %(instance)s is not attached to volume %(volume)s'
