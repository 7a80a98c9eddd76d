"""Image service errors with Glance's codes and messages (faultwrap renders them as text)."""
from novalite import exception


class ImageNotFound(exception.NotFound):
    msg_fmt = 'No image found with ID %(image_id)s'


class NotAuthorized(exception.Forbidden):
    msg_fmt = 'You are not authorized to complete %(action)s action.'


class ReadOnlyProperty(exception.Forbidden):
    msg_fmt = "Attribute '%(name)s' is read-only."


class ReservedProperty(exception.Forbidden):
    msg_fmt = "Attribute '%(name)s' is reserved."


class ProtectedImageDelete(exception.Forbidden):
    msg_fmt = 'Image %(image_id)s is protected and cannot be deleted.'


class InvalidStatusTransition(exception.Conflict):
    msg_fmt = 'Image status transition from %(cur)s to %(new)s is not allowed'


class BadRequest(exception.Invalid):
    msg_fmt = '%(reason)s'


class InvalidObject(exception.Invalid):
    msg_fmt = "Provided object does not match schema '%(schema)s': %(reason)s"


class UnsupportedMediaType(exception.NovaliteException):
    msg_fmt = 'The request media type %(content_type)s is not supported by this server.'
    code = 415


class Gone(exception.NovaliteException):
    msg_fmt = '%(reason)s'
    code = 410


class MemberNotFound(exception.NotFound):
    msg_fmt = '%(member_id)s not found in the member list of the image %(image_id)s.'


class MemberForbidden(exception.Forbidden):
    """Glance's answer when a member call is refused (``action``: create, update, delete)."""
    msg_fmt = 'Not allowed to %(action)s members for image %(image_id)s.'


class MemberListForbidden(exception.Forbidden):
    msg_fmt = 'Not allowed to list members for image %(image_id)s: %(reason)s'


class MemberLookupForbidden(exception.Forbidden):
    msg_fmt = 'You are not authorized to lookup the members of the image %(image_id)s.'


class DuplicateMember(exception.Conflict):
    msg_fmt = 'Member %(member_id)s is duplicated for image %(image_id)s'


class MemberLimitExceeded(exception.RequestEntityTooLarge):
    msg_fmt = 'Image member limit exceeded for image %(image_id)s: %(reason)s:'


ONLY_SHARED = 'Only shared images have members.'
