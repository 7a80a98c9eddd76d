"""Block storage: snapshots (and their metadata and admin actions), volume types (extra
specs, access, default types), quotas, quota classes, limits, availability zones and
services, with Cinder's rule names and its defaults: readers read, members write, admins
manage types, quotas and services."""
from oslo_policy import policy

from novalite.policies import base

# snapshots
SNAPSHOT_GET = 'volume:get_snapshot'
SNAPSHOT_GET_ALL = 'volume:get_all_snapshots'
SNAPSHOT_CREATE = 'volume:create_snapshot'
SNAPSHOT_UPDATE = 'volume:update_snapshot'
SNAPSHOT_DELETE = 'volume:delete_snapshot'
SNAPSHOT_EXTENDED = 'volume_extension:extended_snapshot_attributes'
SNAPSHOT_META_GET = 'volume:get_snapshot_metadata'
SNAPSHOT_META_UPDATE = 'volume:update_snapshot_metadata'
SNAPSHOT_META_DELETE = 'volume:delete_snapshot_metadata'
SNAPSHOT_RESET_STATUS = 'volume_extension:snapshot_admin_actions:reset_status'
SNAPSHOT_FORCE_DELETE = 'volume_extension:snapshot_admin_actions:force_delete'
SNAPSHOT_UPDATE_STATUS = 'snapshot_extension:snapshot_actions:update_snapshot_status'
# volume types
TYPE_GET = 'volume_extension:type_get'
TYPE_GET_ALL = 'volume_extension:type_get_all'
TYPE_CREATE = 'volume_extension:type_create'
TYPE_UPDATE = 'volume_extension:type_update'
TYPE_DELETE = 'volume_extension:type_delete'
TYPE_EXTRA_SPECS = 'volume_extension:access_types_extra_specs'
TYPE_QOS = 'volume_extension:access_types_qos_specs_id'
TYPE_ACCESS = 'volume_extension:volume_type_access'
TYPE_ACCESS_ADD = 'volume_extension:volume_type_access:addProjectAccess'
TYPE_ACCESS_REMOVE = 'volume_extension:volume_type_access:removeProjectAccess'
TYPE_ACCESS_LIST = 'volume_extension:volume_type_access:get_all_for_type'
SPECS_INDEX = 'volume_extension:types_extra_specs:index'
SPECS_SHOW = 'volume_extension:types_extra_specs:show'
SPECS_CREATE = 'volume_extension:types_extra_specs:create'
SPECS_UPDATE = 'volume_extension:types_extra_specs:update'
SPECS_DELETE = 'volume_extension:types_extra_specs:delete'
SPECS_READ_SENSITIVE = 'volume_extension:types_extra_specs:read_sensitive'
DEFAULT_SET = 'volume_extension:default_set_or_update'
DEFAULT_GET = 'volume_extension:default_get'
DEFAULT_GET_ALL = 'volume_extension:default_get_all'
DEFAULT_UNSET = 'volume_extension:default_unset'
# quotas, limits, zones, services
QUOTA_SHOW = 'volume_extension:quotas:show'
QUOTA_UPDATE = 'volume_extension:quotas:update'
QUOTA_DELETE = 'volume_extension:quotas:delete'
QUOTA_CLASS_GET = 'volume_extension:quota_classes:get'
QUOTA_CLASS_UPDATE = 'volume_extension:quota_classes:update'
LIMITS = 'limits_extension:used_limits'
AZ_LIST = 'volume_extension:availability_zone_list'
SERVICES_INDEX = 'volume_extension:services:index'
SERVICES_UPDATE = 'volume_extension:services:update'
EXTENSIONS = 'volume_extension:extensions_list'

# extra specs a non-admin sees (Cinder's USER_VISIBLE_EXTRA_SPECS)
USER_VISIBLE_EXTRA_SPECS = ('RESKEY:availability_zones', 'multiattach', 'sharedtargets')

READER = base.PROJECT_READER_OR_ADMIN
MEMBER = base.PROJECT_MEMBER_OR_ADMIN


def _rule(name, check, description, *operations):
    return policy.DocumentedRuleDefault(
        name, check, description,
        [{'method': method, 'path': path} for method, path in operations])


RULES = [
    _rule(SNAPSHOT_GET_ALL, READER, 'List snapshots.', ('GET', '/snapshots'),
          ('GET', '/snapshots/detail')),
    _rule(SNAPSHOT_EXTENDED, READER, 'List or show snapshots with extended attributes.',
          ('GET', '/snapshots/{snapshot_id}'), ('GET', '/snapshots/detail')),
    _rule(SNAPSHOT_CREATE, MEMBER, 'Create snapshot.', ('POST', '/snapshots')),
    _rule(SNAPSHOT_GET, READER, 'Show snapshot.', ('GET', '/snapshots/{snapshot_id}')),
    _rule(SNAPSHOT_UPDATE, MEMBER, 'Update snapshot.', ('PUT', '/snapshots/{snapshot_id}')),
    _rule(SNAPSHOT_DELETE, MEMBER, 'Delete snapshot.', ('DELETE', '/snapshots/{snapshot_id}')),
    _rule(SNAPSHOT_META_GET, READER, "Show snapshot's metadata or one specified metadata "
          "with a given key.", ('GET', '/snapshots/{snapshot_id}/metadata'),
          ('GET', '/snapshots/{snapshot_id}/metadata/{key}')),
    _rule(SNAPSHOT_META_UPDATE, MEMBER, "Update snapshot's metadata or one specified "
          "metadata with a given key.", ('POST', '/snapshots/{snapshot_id}/metadata'),
          ('PUT', '/snapshots/{snapshot_id}/metadata/{key}')),
    _rule(SNAPSHOT_META_DELETE, MEMBER, "Delete snapshot's specified metadata with a given "
          "key.", ('DELETE', '/snapshots/{snapshot_id}/metadata/{key}')),
    _rule(SNAPSHOT_RESET_STATUS, base.ADMIN, 'Reset status of a snapshot.',
          ('POST', '/snapshots/{snapshot_id}/action (os-reset_status)')),
    _rule(SNAPSHOT_FORCE_DELETE, base.ADMIN, 'Force delete a snapshot.',
          ('POST', '/snapshots/{snapshot_id}/action (os-force_delete)')),
    _rule(SNAPSHOT_UPDATE_STATUS, MEMBER, 'Update database fields of snapshot.',
          ('POST', '/snapshots/{snapshot_id}/action (update_snapshot_status)')),
    _rule(TYPE_CREATE, base.ADMIN, 'Create volume type.', ('POST', '/types')),
    _rule(TYPE_UPDATE, base.ADMIN, 'Update volume type.', ('PUT', '/types')),
    _rule(TYPE_DELETE, base.ADMIN, 'Delete volume type.', ('DELETE', '/types')),
    _rule(TYPE_GET, READER, 'Get one specific volume type.', ('GET', '/types/{type_id}')),
    _rule(TYPE_GET_ALL, READER, 'List volume types.', ('GET', '/types/')),
    _rule(TYPE_EXTRA_SPECS, READER, 'Include the volume type\'s extra_specs attribute in '
          'the volume type list or show requests.', ('GET', '/types/{type_id}'),
          ('GET', '/types')),
    _rule(TYPE_QOS, base.ADMIN, 'Include the volume type\'s QoS specifications ID '
          'attribute in the volume type list or show requests.',
          ('GET', '/types/{type_id}'), ('GET', '/types')),
    _rule(TYPE_ACCESS, MEMBER, 'Adds the boolean field \'os-volume-type-access:is_public\' '
          'to the responses for these API calls.', ('GET', '/types'),
          ('GET', '/types/{type_id}'), ('POST', '/types')),
    _rule(TYPE_ACCESS_ADD, base.ADMIN, 'Add volume type access for project.',
          ('POST', '/types/{type_id}/action (addProjectAccess)')),
    _rule(TYPE_ACCESS_REMOVE, base.ADMIN, 'Remove volume type access for project.',
          ('POST', '/types/{type_id}/action (removeProjectAccess)')),
    _rule(TYPE_ACCESS_LIST, base.ADMIN, 'List private volume type access detail, that is, '
          'list the projects that have access to this volume type.',
          ('GET', '/types/{type_id}/os-volume-type-access')),
    _rule(SPECS_INDEX, READER, 'List type extra specs.',
          ('GET', '/types/{type_id}/extra_specs')),
    _rule(SPECS_CREATE, base.ADMIN, 'Create type extra specs.',
          ('POST', '/types/{type_id}/extra_specs')),
    _rule(SPECS_SHOW, READER, 'Show one specified type extra specs.',
          ('GET', '/types/{type_id}/extra_specs/{extra_spec_key}')),
    _rule(SPECS_READ_SENSITIVE, base.ADMIN, 'Include extra_specs fields that may reveal '
          'sensitive information about the deployment that should not be exposed to end '
          'users in various volume-type responses that show extra_specs.',
          ('GET', '/types'), ('GET', '/types/{type_id}'),
          ('GET', '/types/{type_id}/extra_specs'),
          ('GET', '/types/{type_id}/extra_specs/{extra_spec_key}')),
    _rule(SPECS_UPDATE, base.ADMIN, 'Update type extra specs.',
          ('PUT', '/types/{type_id}/extra_specs/{extra_spec_key}')),
    _rule(SPECS_DELETE, base.ADMIN, 'Delete type extra specs.',
          ('DELETE', '/types/{type_id}/extra_specs/{extra_spec_key}')),
    _rule(DEFAULT_SET, base.ADMIN, 'Set or update default volume type.',
          ('PUT', '/default-types')),
    _rule(DEFAULT_GET, base.ADMIN, 'Get default types.',
          ('GET', '/default-types/{project-id}')),
    _rule(DEFAULT_GET_ALL, base.ADMIN, 'Get all default types.', ('GET', '/default-types/')),
    _rule(DEFAULT_UNSET, base.ADMIN, 'Unset default type.',
          ('DELETE', '/default-types/{project-id}')),
    _rule(QUOTA_SHOW, READER, 'Show project quota (including usage and default).',
          ('GET', '/os-quota-sets/{project_id}'),
          ('GET', '/os-quota-sets/{project_id}/default'),
          ('GET', '/os-quota-sets/{project_id}?usage=True')),
    _rule(QUOTA_UPDATE, base.ADMIN, 'Update project quota.',
          ('PUT', '/os-quota-sets/{project_id}')),
    _rule(QUOTA_DELETE, base.ADMIN, 'Delete project quota.',
          ('DELETE', '/os-quota-sets/{project_id}')),
    _rule(QUOTA_CLASS_GET, base.ADMIN, 'Show project quota class.',
          ('GET', '/os-quota-class-sets/{project_id}')),
    _rule(QUOTA_CLASS_UPDATE, base.ADMIN, 'Update project quota class.',
          ('PUT', '/os-quota-class-sets/{project_id}')),
    _rule(LIMITS, READER, 'Show limits with used limit attributes.', ('GET', '/limits')),
    _rule(AZ_LIST, '@', 'List availability zones.', ('GET', '/os-availability-zone')),
    _rule(SERVICES_INDEX, base.ADMIN, 'List all services.', ('GET', '/os-services')),
    _rule(SERVICES_UPDATE, base.ADMIN, 'Update service, including failover_host, thaw, '
          'freeze, disable, enable, set-log and get-log actions.',
          ('PUT', '/os-services/{action}')),
    _rule(EXTENSIONS, '@', 'List volume extensions.', ('GET', '/extensions')),
]
