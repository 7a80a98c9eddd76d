"""Block storage (Cinder v3) rules, named and defaulted as Cinder's: readers read, members
write, admins do the admin actions (Cinder's ``xena_system_admin_or_project_reader``,
``xena_system_admin_or_project_member`` and ``admin_api``).

Targets carry the volume's ``project_id`` (and ``user_id``). Other block-storage resources
(snapshots, types, quotas, ...) add their rules in their own modules using the base rules here.
"""
from oslo_policy import policy

READER = 'rule:xena_system_admin_or_project_reader'
MEMBER = 'rule:xena_system_admin_or_project_member'
ADMIN = 'rule:admin_api'  # registered in novalite/policies/base.py (role:admin)

_BASE = [
    policy.RuleDefault('xena_system_admin_or_project_reader',
                       '(role:admin) or (role:reader and project_id:%(project_id)s)',
                       'Cinder: an admin, or a reader of the project that owns the resource.'),
    policy.RuleDefault('xena_system_admin_or_project_member',
                       '(role:admin) or (role:member and project_id:%(project_id)s)',
                       'Cinder: an admin, or a member of the project that owns the resource.'),
]


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault(name, check, description,
                                        [{'method': method, 'path': path}])


_V = '/volumes'
_VID = '/volumes/{volume_id}'
_ACTION = '/volumes/{volume_id}/action'
_ATT = '/attachments'

RULES = _BASE + [
    _rule('volume:create', MEMBER, 'POST', _V, 'Create a volume'),
    _rule('volume:create_from_image', MEMBER, 'POST', _V, 'Create a volume from an image'),
    _rule('volume:get', READER, 'GET', _VID, 'Show a volume'),
    _rule('volume:get_all', READER, 'GET', _V + '/detail', 'List volumes (and summary)'),
    _rule('volume:update', MEMBER, 'PUT', _VID, 'Update a volume'),
    _rule('volume:delete', MEMBER, 'DELETE', _VID, 'Delete a volume'),
    _rule('volume:force_delete', ADMIN, 'DELETE', _VID, 'Force delete a volume (3.23)'),
    _rule('volume_extension:volume_host_attribute', ADMIN, 'GET', _VID,
          'os-vol-host-attr:host in volume views'),
    _rule('volume_extension:volume_tenant_attribute', READER, 'GET', _VID,
          'os-vol-tenant-attr:tenant_id in volume views'),
    _rule('volume_extension:volume_mig_status_attribute', ADMIN, 'GET', _VID,
          'os-vol-mig-status-attr in volume views'),
    _rule('volume_extension:volume_encryption_metadata', READER, 'GET',
          _VID + '/encryption', 'Show a volume\'s encryption metadata'),
    _rule('volume:multiattach', MEMBER, 'POST', _V, 'Create a multiattach volume'),
    _rule('volume:get_volume_metadata', READER, 'GET', _VID + '/metadata',
          'Show a volume\'s metadata'),
    _rule('volume:create_volume_metadata', MEMBER, 'POST', _VID + '/metadata',
          'Create volume metadata'),
    _rule('volume:update_volume_metadata', MEMBER, 'PUT', _VID + '/metadata',
          'Replace or update volume metadata'),
    _rule('volume:delete_volume_metadata', MEMBER, 'DELETE', _VID + '/metadata/{key}',
          'Delete a volume metadata item'),
    _rule('volume_extension:volume_image_metadata:show', READER, 'GET', _VID,
          'volume_image_metadata in volume views'),
    _rule('volume_extension:volume_image_metadata:set', MEMBER, 'POST', _ACTION,
          'os-set_image_metadata'),
    _rule('volume_extension:volume_image_metadata:remove', MEMBER, 'POST', _ACTION,
          'os-unset_image_metadata'),
    _rule('volume:update_volume_admin_metadata', ADMIN, 'POST', _ACTION,
          'Update a volume\'s admin metadata (readonly flag and attach mode)'),
    # volume actions
    _rule('volume:extend', MEMBER, 'POST', _ACTION, 'os-extend'),
    _rule('volume:extend_attached_volume', MEMBER, 'POST', _ACTION,
          'os-extend of an in-use volume (3.42)'),
    _rule('volume:extend_volume_completion', ADMIN, 'POST', _ACTION,
          'os-extend_volume_completion (3.71)'),
    _rule('volume:revert_to_snapshot', MEMBER, 'POST', _ACTION, 'revert (3.40)'),
    _rule('volume_extension:volume_admin_actions:reset_status', ADMIN, 'POST', _ACTION,
          'os-reset_status'),
    _rule('volume:retype', MEMBER, 'POST', _ACTION, 'os-retype'),
    _rule('volume:update_readonly_flag', MEMBER, 'POST', _ACTION, 'os-update_readonly_flag'),
    _rule('volume_extension:volume_admin_actions:force_delete', ADMIN, 'POST', _ACTION,
          'os-force_delete'),
    _rule('volume_extension:volume_admin_actions:force_detach', ADMIN, 'POST', _ACTION,
          'os-force_detach'),
    _rule('volume_extension:volume_admin_actions:migrate_volume_completion', ADMIN, 'POST',
          _ACTION, 'os-migrate_volume_completion (Nova swapping volumes)'),
    _rule('volume_extension:volume_actions:upload_public', ADMIN, 'POST', _ACTION,
          'os-volume_upload_image with visibility public'),
    _rule('volume_extension:volume_actions:upload_image', MEMBER, 'POST', _ACTION,
          'os-volume_upload_image'),
    _rule('volume_extension:volume_actions:detach', MEMBER, 'POST', _ACTION, 'os-detach'),
    _rule('volume_extension:volume_actions:attach', MEMBER, 'POST', _ACTION, 'os-attach'),
    _rule('volume_extension:volume_actions:begin_detaching', MEMBER, 'POST', _ACTION,
          'os-begin_detaching'),
    _rule('volume_extension:volume_actions:unreserve', MEMBER, 'POST', _ACTION,
          'os-unreserve'),
    _rule('volume_extension:volume_actions:reserve', MEMBER, 'POST', _ACTION, 'os-reserve'),
    _rule('volume_extension:volume_actions:roll_detaching', MEMBER, 'POST', _ACTION,
          'os-roll_detaching'),
    _rule('volume_extension:volume_actions:terminate_connection', MEMBER, 'POST', _ACTION,
          'os-terminate_connection'),
    _rule('volume_extension:volume_actions:initialize_connection', MEMBER, 'POST', _ACTION,
          'os-initialize_connection'),
    _rule('volume:reimage', MEMBER, 'POST', _ACTION, 'os-reimage (3.68)'),
    _rule('volume:reimage_reserved', MEMBER, 'POST', _ACTION,
          'os-reimage of a reserved volume (3.68)'),
    # attachments (3.27)
    _rule('volume:attachment_create', MEMBER, 'POST', _ATT, 'Create an attachment'),
    _rule('volume:attachment_update', MEMBER, 'PUT', _ATT + '/{attachment_id}',
          'Update an attachment (connector)'),
    _rule('volume:attachment_delete', MEMBER, 'DELETE', _ATT + '/{attachment_id}',
          'Delete an attachment'),
    _rule('volume:attachment_complete', MEMBER, 'POST', _ATT + '/{attachment_id}/action',
          'Mark an attachment complete (3.44)'),
    _rule('volume:multiattach_bootable_volume', MEMBER, 'POST', _ATT,
          'Attach a bootable multiattach volume'),
]
