"""Image service (Glance v2) rules, named as Glance names them.

Visibility (public, community, shared with a membership, owned) is decided by the data
layer, as Glance's registry does; these rules decide who may change what. Targets carry the
image's ``owner`` (and ``visibility``).
"""
from oslo_policy import policy

from novalite.policies import base

# Glance's 2025.1 defaults (secure RBAC): changing an image takes the member role in the
# owning project, reading its members the reader role (admin implies member implies reader)
ADMIN_OR_OWNER = 'rule:glance_admin_or_owner'
# ``member_id`` in a target is the caller's project when that project is a member of the
# image (Glance's ``image.member``), else None
ADMIN_OR_SHARED_MEMBER = base.ADMIN + ' or (role:member and project_id:%(member_id)s)'
ADMIN_OR_OWNER_OR_SHARED_MEMBER = (base.ADMIN + ' or (role:reader and (project_id:%(owner)s'
                                   ' or project_id:%(member_id)s))')


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault(name, check, description,
                                        [{'method': method, 'path': path}])


RULES = [
    policy.RuleDefault('glance_admin_or_owner',
                       base.ADMIN + ' or (role:member and project_id:%(owner)s)',
                       'Admin, or a member of the project that owns the image.'),
    _rule('get_images', '@', 'GET', '/v2/images', 'List images'),
    _rule('get_image', '@', 'GET', '/v2/images/{image_id}', 'Show an image'),
    _rule('add_image', ADMIN_OR_OWNER, 'POST', '/v2/images', 'Create an image'),
    _rule('modify_image', ADMIN_OR_OWNER, 'PATCH', '/v2/images/{image_id}',
          'Update an image (also its tags)'),
    _rule('delete_image', ADMIN_OR_OWNER, 'DELETE', '/v2/images/{image_id}',
          'Delete an image'),
    _rule('publicize_image', base.ADMIN, 'PATCH', '/v2/images/{image_id}',
          'Make an image public'),
    _rule('communitize_image', ADMIN_OR_OWNER, 'PATCH', '/v2/images/{image_id}',
          'Make an image a community image'),
    _rule('upload_image', ADMIN_OR_OWNER, 'PUT', '/v2/images/{image_id}/file',
          'Upload image data'),
    _rule('download_image', '@', 'GET', '/v2/images/{image_id}/file',
          'Download image data'),
    _rule('add_member', ADMIN_OR_OWNER, 'POST', '/v2/images/{image_id}/members',
          'Create image member'),
    _rule('delete_member', ADMIN_OR_OWNER, 'DELETE',
          '/v2/images/{image_id}/members/{member_id}', 'Delete image member'),
    _rule('get_member', ADMIN_OR_OWNER_OR_SHARED_MEMBER, 'GET',
          '/v2/images/{image_id}/members/{member_id}', 'Show image member details'),
    _rule('get_members', ADMIN_OR_OWNER_OR_SHARED_MEMBER, 'GET',
          '/v2/images/{image_id}/members', 'List image members'),
    _rule('modify_member', ADMIN_OR_SHARED_MEMBER, 'PUT',
          '/v2/images/{image_id}/members/{member_id}', 'Update image member'),
    _rule('stores_info_detail', base.ADMIN, 'GET', '/v2/info/stores/detail',
          'Expose store specific information'),
    _rule('deactivate', base.ADMIN, 'POST', '/v2/images/{image_id}/actions/deactivate',
          'Deactivate an image'),
    _rule('reactivate', base.ADMIN, 'POST', '/v2/images/{image_id}/actions/reactivate',
          'Reactivate an image'),
]
