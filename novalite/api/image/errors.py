"""Image service errors with Glance's codes and messages (faultwrap renders them as text)."""
from novalite import exception
from novalite import policy


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


def authorize(context, action, image=None):
    """Glance's policy check: raise 403 "You are not authorized to complete ... action."."""
    target = {'project_id': context.project_id, 'owner': context.project_id}
    if image is not None:
        target = {'project_id': image.get('owner'), 'owner': image.get('owner'),
                  'visibility': image.get('visibility')}
    if not policy.authorize(context, action, target, fatal=False):
        raise NotAuthorized(action=action)
