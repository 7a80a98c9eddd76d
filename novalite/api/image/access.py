"""Glance's policy checks: the target of an image call, and the 403 its
refusal answers (``NotAuthorized``)."""
from novalite import exception_image as errors
from novalite import policy


def target(context, image=None):
    """The policy target of an image call: the image's owner and visibility, and
    ``member_id``, the caller's project when it is a member of the image (Glance's
    ``image.member``)."""
    if image is None:
        return {'project_id': context.project_id, 'owner': context.project_id}
    return {'project_id': image.get('owner'), 'owner': image.get('owner'),
            'visibility': image.get('visibility'),
            'member_id': (context.project_id if image.get('member_status') is not None
                          else None)}


def allowed(context, action, image=None):
    return policy.authorize(context, action, target(context, image), fatal=False)


def authorize(context, action, image=None):
    """Glance's policy check: raise 403 "You are not authorized to complete ... action."."""
    if not allowed(context, action, image):
        raise errors.NotAuthorized(action=action)
