"""Glance v2 image sharing: /v2/images/{id}/members[/{member}].

Only ``shared`` images have members. The owner (or an admin) adds and removes members; a
member changes its own ``status`` (pending -> accepted / rejected, and back). A member sees
the image at once, whatever its status; the status only decides whether the image shows
up in that project's default image list. The checks run in Glance's order, with its codes
and messages: image lookup (404), visibility (403, on show 404), membership lookup (404),
the policy (403), the request's values (400), quota (413), duplicates (409).
"""
from novalite import exception
from novalite import exception_image as errors
from novalite.api import wsgi
from novalite.api.image import access
from novalite.api.image import images
from novalite.api.image import views
from novalite.db import image as image_db

MEMBER_QUOTA = 128       # Glance's image_member_quota
MEMBER_ID_MAX = 255      # the width of Glance's image_members.member


def _image(ctx, image_id):
    return images.get_visible(ctx, image_id, 'Image %s not found.')


def _viewer(ctx, img):
    """None when the caller sees every membership (admin, owner), else its own project."""
    if ctx.is_admin or img['owner'] == ctx.project_id:
        return None
    return ctx.project_id


def _member(ctx, img, member_id):
    """Glance's _lookup_member: get_member policy, then the membership the caller sees."""
    if not access.allowed(ctx, 'get_member', img):
        raise errors.MemberLookupForbidden(image_id=img['id'])
    viewer = _viewer(ctx, img)
    member = image_db.get_member(img['id'], member_id)
    if member is None or viewer not in (None, member_id):
        raise errors.MemberNotFound(member_id=member_id, image_id=img['id'])
    return member


def _body(body, key, missing, wrong_type):
    if body is None:
        raise errors.BadRequest(reason='Body expected in request.')
    if not isinstance(body, dict):
        raise errors.BadRequest(reason=wrong_type)
    if key not in body:
        raise errors.BadRequest(reason=missing)
    return body[key]


class MembersController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req, id):
        ctx = req.context
        img = _image(ctx, id)
        if img['visibility'] != 'shared':
            raise errors.MemberListForbidden(image_id=id, reason=errors.ONLY_SHARED)
        if not access.allowed(ctx, 'get_members', img):
            raise errors.MemberListForbidden(
                image_id=id, reason='You are not authorized to complete get_members action.')
        members = image_db.list_members(id, viewer=_viewer(ctx, img))
        return {'members': [views.member(m) for m in members], 'schema': '/v2/schemas/members'}

    def create(self, req, id, body=None):
        ctx = req.context
        member_id = _body(body, 'member', 'Member to be added not specified',
                          'Expected a member in the form: {"member": "image_id"}')
        if not member_id:
            raise errors.BadRequest(reason="Member can't be empty")
        if not isinstance(member_id, str):
            raise errors.BadRequest(reason='Expected a member in the form: '
                                           '{"member": "image_id"}')
        if len(member_id) > MEMBER_ID_MAX:
            raise errors.BadRequest(reason='Member %s is longer than %d characters'
                                    % (member_id, MEMBER_ID_MAX))
        img = _image(ctx, id)
        if img['visibility'] != 'shared' or not access.allowed(ctx, 'add_member', img):
            raise errors.MemberForbidden(action='create', image_id=id)
        try:
            member = image_db.add_member(id, member_id, MEMBER_QUOTA)
        except exception.RequestEntityTooLarge as exc:
            raise errors.MemberLimitExceeded(image_id=id, reason=exc.message)
        except exception.Conflict:
            raise errors.DuplicateMember(member_id=member_id, image_id=id)
        return views.member(member)

    def show(self, req, id, member):
        ctx = req.context
        img = _image(ctx, id)
        if img['visibility'] != 'shared':
            raise exception.NotFound(errors.ONLY_SHARED)
        try:
            found = _member(ctx, img, member)
        except errors.MemberLookupForbidden as exc:   # Glance hides it: 404, same words
            raise exception.NotFound(exc.message)
        return views.member(found)

    def update(self, req, id, member, body=None):
        ctx = req.context
        status = _body(body, 'status', 'Status not specified',
                       'Expected a status in the form: {"status": "status"}')
        img = _image(ctx, id)
        if img['visibility'] != 'shared':
            raise errors.MemberForbidden(action='update', image_id=id)
        _member(ctx, img, member)
        if not access.allowed(ctx, 'modify_member', img):
            raise errors.MemberForbidden(action='update', image_id=id)
        if status not in image_db.MEMBER_STATUSES:
            raise errors.BadRequest(reason='Incorrect request: Status must be "pending", '
                                           '"accepted" or "rejected".')
        updated = image_db.set_member_status(id, member, status)
        if updated is None:
            raise errors.MemberNotFound(member_id=member, image_id=id)
        return views.member(updated)

    @wsgi.response(204)
    def delete(self, req, id, member):
        ctx = req.context
        img = _image(ctx, id)
        if img['visibility'] != 'shared':
            raise errors.MemberForbidden(action='delete', image_id=id)
        _member(ctx, img, member)
        if not access.allowed(ctx, 'delete_member', img):
            raise errors.MemberForbidden(action='delete', image_id=id)
        if not image_db.delete_member(id, member):
            raise errors.MemberNotFound(member_id=member, image_id=id)
