"""Policies of the rest of the compute API: simple tenant usage, external events, the usage
audit log, the extension list and the deprecated proxies (images, networks, security
groups, floating IP pools), with Nova's defaults."""
from oslo_policy import policy

from novalite.policies import base

ANY = '@'


def _rule(name, check, description, method, path):
    return policy.DocumentedRuleDefault(name, check, description,
                                        [{'method': method, 'path': path}])


_USAGE = 'os_compute_api:os-simple-tenant-usage:%s'
_AUDIT = 'os_compute_api:os-instance-usage-audit-log:%s'
_IMAGES = 'os_compute_api:image-metadata:%s'
_NETWORKS = 'os_compute_api:os-networks:%s'
_TENANT_NETWORKS = 'os_compute_api:os-tenant-networks:%s'
_SG = 'os_compute_api:os-security-groups:%s'

RULES = [
    _rule(_USAGE % 'list', base.ADMIN, 'List per tenant usage statistics for all tenants',
          'GET', '/os-simple-tenant-usage'),
    _rule(_USAGE % 'show', base.PROJECT_READER_OR_ADMIN, 'Show usage statistics for a '
          'specific tenant', 'GET', '/os-simple-tenant-usage/{tenant_id}'),
    _rule('os_compute_api:os-server-external-events:create', base.ADMIN, 'Create one or '
          'more external events', 'POST', '/os-server-external-events'),
    _rule(_AUDIT % 'list', base.ADMIN, 'List all usage audits.', 'GET',
          '/os-instance_usage_audit_log'),
    _rule(_AUDIT % 'show', base.ADMIN, 'List all usage audits occurred before a specified '
          'time for all servers on all compute hosts where usage auditing is configured',
          'GET', '/os-instance_usage_audit_log/{before_timestamp}'),
    _rule('os_compute_api:extensions', ANY, 'List available extensions and show '
          'information for an extension by alias.', 'GET', '/extensions'),
    # deprecated proxies (below 2.36); the image and network services check visibility
    _rule(_IMAGES % 'list', ANY, 'List images (proxy)', 'GET', '/images'),
    _rule(_IMAGES % 'show', ANY, 'Show an image (proxy)', 'GET', '/images/{image_id}'),
    _rule(_IMAGES % 'delete', ANY, 'Delete an image (proxy)', 'DELETE', '/images/{image_id}'),
    _rule(_IMAGES % 'create', ANY, 'Create image metadata (proxy)', 'POST',
          '/images/{image_id}/metadata'),
    _rule(_IMAGES % 'update_all', ANY, 'Replace image metadata (proxy)', 'PUT',
          '/images/{image_id}/metadata'),
    _rule(_IMAGES % 'update', ANY, 'Update an image metadata item (proxy)', 'PUT',
          '/images/{image_id}/metadata/{key}'),
    _rule(_NETWORKS % 'list', base.PROJECT_READER_OR_ADMIN, 'List networks for the project',
          'GET', '/os-networks'),
    _rule(_NETWORKS % 'show', base.PROJECT_READER_OR_ADMIN, 'Show network details', 'GET',
          '/os-networks/{network_id}'),
    _rule(_TENANT_NETWORKS % 'list', base.PROJECT_READER_OR_ADMIN, 'List project networks',
          'GET', '/os-tenant-networks'),
    _rule(_TENANT_NETWORKS % 'show', base.PROJECT_READER_OR_ADMIN, 'Show project network '
          'details', 'GET', '/os-tenant-networks/{network_id}'),
    _rule('os_compute_api:os-floating-ip-pools:list', ANY, 'List floating IP pools.', 'GET',
          '/os-floating-ip-pools'),
    _rule(_SG % 'get', base.PROJECT_READER_OR_ADMIN, 'List security groups.', 'GET',
          '/os-security-groups'),
    _rule(_SG % 'show', base.PROJECT_READER_OR_ADMIN, 'Show security group.', 'GET',
          '/os-security-groups/{security_group_id}'),
    _rule(_SG % 'create', base.PROJECT_MEMBER_OR_ADMIN, 'Create security group.', 'POST',
          '/os-security-groups'),
    _rule(_SG % 'update', base.PROJECT_MEMBER_OR_ADMIN, 'Update security group.', 'PUT',
          '/os-security-groups/{security_group_id}'),
    _rule(_SG % 'delete', base.PROJECT_MEMBER_OR_ADMIN, 'Delete security group.', 'DELETE',
          '/os-security-groups/{security_group_id}'),
    _rule(_SG % 'rule:create', base.PROJECT_MEMBER_OR_ADMIN, 'Create security group Rule.',
          'POST', '/os-security-group-rules'),
    _rule(_SG % 'rule:delete', base.PROJECT_MEMBER_OR_ADMIN, 'Delete security group Rule.',
          'DELETE', '/os-security-group-rules/{security_group_id}'),
    _rule(_SG % 'list', base.PROJECT_READER_OR_ADMIN, 'List security groups of server.',
          'GET', '/servers/{server_id}/os-security-groups'),
    # the server actions, served at every microversion
    _rule(_SG % 'add', base.PROJECT_MEMBER_OR_ADMIN, 'Add security groups to server.',
          'POST', '/servers/{server_id}/action (addSecurityGroup)'),
    _rule(_SG % 'remove', base.PROJECT_MEMBER_OR_ADMIN, 'Remove security groups from '
          'server.', 'POST', '/servers/{server_id}/action (removeSecurityGroup)'),
]
