"""Keystone's policy rules (names and defaults of keystone/common/policies).

Check strings are written out rather than named helper rules, so they cannot clash with the
rule names of the other services. Targets are flat dicts with Keystone's dotted keys
(``target.project.id``, ``target.user.domain_id``, ...).
"""
from oslo_policy import policy

ADMIN = 'role:admin'
SYSTEM_READER = 'role:reader and system_scope:all'
ADMIN_OR_SYSTEM_READER = '(%s) or (%s)' % (ADMIN, SYSTEM_READER)
SERVICE = 'role:service'
TOKEN_SUBJECT = 'user_id:%(target.token.user_id)s'
ANYONE = ''


def _domain_reader(key):
    return '(role:reader and domain_id:%%(%s)s)' % key


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault('identity:' + name, check, description,
                                        [{'method': m, 'path': path}
                                         for m in method.split(',')])


RULES = [
    # tokens and the /v3/auth helpers
    _rule('validate_token', '%s or %s or %s' % (ADMIN_OR_SYSTEM_READER, SERVICE, TOKEN_SUBJECT),
          'GET', '/v3/auth/tokens', 'Validate a token.'),
    _rule('check_token', '%s or %s or %s' % (ADMIN_OR_SYSTEM_READER, SERVICE, TOKEN_SUBJECT),
          'HEAD', '/v3/auth/tokens', 'Check a token.'),
    _rule('revoke_token', '%s or %s or %s' % (ADMIN, SERVICE, TOKEN_SUBJECT),
          'DELETE', '/v3/auth/tokens', 'Revoke a token.'),
    _rule('get_auth_catalog', ANYONE, 'GET,HEAD', '/v3/auth/catalog',
          'Get the service catalog of the token.'),
    _rule('get_auth_projects', ANYONE, 'GET,HEAD', '/v3/auth/projects',
          'List the projects the token may be scoped to.'),
    _rule('get_auth_domains', ANYONE, 'GET,HEAD', '/v3/auth/domains',
          'List the domains the token may be scoped to.'),
    _rule('get_auth_system', ANYONE, 'GET,HEAD', '/v3/auth/system',
          'List the system scopes the token may be scoped to.'),
    # domains
    _rule('get_domain', '%s or domain_id:%%(target.domain.id)s' % ADMIN_OR_SYSTEM_READER,
          'GET,HEAD', '/v3/domains/{domain_id}', 'Show domain details.'),
    _rule('list_domains', ADMIN_OR_SYSTEM_READER, 'GET,HEAD', '/v3/domains', 'List domains.'),
    _rule('create_domain', ADMIN, 'POST', '/v3/domains', 'Create domain.'),
    _rule('update_domain', ADMIN, 'PATCH', '/v3/domains/{domain_id}', 'Update domain.'),
    _rule('delete_domain', ADMIN, 'DELETE', '/v3/domains/{domain_id}', 'Delete domain.'),
    # projects
    _rule('get_project', '%s or %s or project_id:%%(target.project.id)s'
          % (ADMIN_OR_SYSTEM_READER, _domain_reader('target.project.domain_id')),
          'GET,HEAD', '/v3/projects/{project_id}', 'Show project details.'),
    _rule('list_projects', '%s or %s' % (ADMIN_OR_SYSTEM_READER,
                                         _domain_reader('target.domain_id')),
          'GET,HEAD', '/v3/projects', 'List projects.'),
    _rule('list_user_projects', '%s or %s or user_id:%%(target.user.id)s'
          % (ADMIN_OR_SYSTEM_READER, _domain_reader('target.user.domain_id')),
          'GET,HEAD', '/v3/users/{user_id}/projects', 'List projects for user.'),
    _rule('create_project', ADMIN, 'POST', '/v3/projects', 'Create project.'),
    _rule('update_project', ADMIN, 'PATCH', '/v3/projects/{project_id}', 'Update project.'),
    _rule('delete_project', ADMIN, 'DELETE', '/v3/projects/{project_id}', 'Delete project.'),
    # users
    _rule('get_user', '%s or %s or user_id:%%(target.user.id)s'
          % (ADMIN_OR_SYSTEM_READER, _domain_reader('target.user.domain_id')),
          'GET,HEAD', '/v3/users/{user_id}', 'Show user details.'),
    _rule('list_users', '%s or %s' % (ADMIN_OR_SYSTEM_READER,
                                      _domain_reader('target.domain_id')),
          'GET,HEAD', '/v3/users', 'List users.'),
    _rule('create_user', ADMIN, 'POST', '/v3/users', 'Create a user.'),
    _rule('update_user', ADMIN, 'PATCH', '/v3/users/{user_id}', 'Update a user.'),
    _rule('delete_user', ADMIN, 'DELETE', '/v3/users/{user_id}', 'Delete a user.'),
    # roles
    _rule('get_role', ADMIN_OR_SYSTEM_READER, 'GET,HEAD', '/v3/roles/{role_id}',
          'Show role details.'),
    _rule('list_roles', ADMIN_OR_SYSTEM_READER, 'GET,HEAD', '/v3/roles', 'List roles.'),
    _rule('create_role', ADMIN, 'POST', '/v3/roles', 'Create role.'),
    _rule('update_role', ADMIN, 'PATCH', '/v3/roles/{role_id}', 'Update role.'),
    _rule('delete_role', ADMIN, 'DELETE', '/v3/roles/{role_id}', 'Delete role.'),
    # grants and assignments
    _rule('check_grant', '%s or %s or %s'
          % (ADMIN_OR_SYSTEM_READER, _domain_reader('target.project.domain_id'),
             _domain_reader('target.domain.id')),
          'GET,HEAD', '/v3/projects/{project_id}/users/{user_id}/roles/{role_id}',
          'Check a role grant between a target and an actor.'),
    _rule('list_grants', '%s or %s or %s'
          % (ADMIN_OR_SYSTEM_READER, _domain_reader('target.project.domain_id'),
             _domain_reader('target.domain.id')),
          'GET,HEAD', '/v3/projects/{project_id}/users/{user_id}/roles',
          'List roles granted to an actor on a target.'),
    _rule('create_grant', ADMIN, 'PUT',
          '/v3/projects/{project_id}/users/{user_id}/roles/{role_id}',
          'Create a role grant between a target and an actor.'),
    _rule('revoke_grant', ADMIN, 'DELETE',
          '/v3/projects/{project_id}/users/{user_id}/roles/{role_id}',
          'Revoke a role grant between a target and an actor.'),
    _rule('check_system_grant_for_user', ADMIN_OR_SYSTEM_READER, 'GET,HEAD',
          '/v3/system/users/{user_id}/roles/{role_id}', 'Check a system role of a user.'),
    _rule('list_system_grants_for_user', ADMIN_OR_SYSTEM_READER, 'GET,HEAD',
          '/v3/system/users/{user_id}/roles', 'List the system roles of a user.'),
    _rule('create_system_grant_for_user', ADMIN, 'PUT',
          '/v3/system/users/{user_id}/roles/{role_id}', 'Grant a user a role on the system.'),
    _rule('revoke_system_grant_for_user', ADMIN, 'DELETE',
          '/v3/system/users/{user_id}/roles/{role_id}', 'Revoke a system role of a user.'),
    _rule('list_role_assignments', '%s or %s' % (ADMIN_OR_SYSTEM_READER,
                                                 _domain_reader('target.domain_id')),
          'GET,HEAD', '/v3/role_assignments', 'List role assignments.'),
    # catalog
    _rule('get_service', ADMIN_OR_SYSTEM_READER, 'GET,HEAD', '/v3/services/{service_id}',
          'Show service details.'),
    _rule('list_services', ADMIN_OR_SYSTEM_READER, 'GET,HEAD', '/v3/services',
          'List services.'),
    _rule('get_endpoint', ADMIN_OR_SYSTEM_READER, 'GET,HEAD', '/v3/endpoints/{endpoint_id}',
          'Show endpoint details.'),
    _rule('list_endpoints', ADMIN_OR_SYSTEM_READER, 'GET,HEAD', '/v3/endpoints',
          'List endpoints.'),
    _rule('get_region', ANYONE, 'GET,HEAD', '/v3/regions/{region_id}', 'Show region details.'),
    _rule('list_regions', ANYONE, 'GET,HEAD', '/v3/regions', 'List regions.'),
]

# identity administration (issue 15, idadmin): groups, group and tree assignment listings,
# catalog writes
_GROUP_READER = _domain_reader('target.group.domain_id')
_GROUP_USER_READER = ('(role:reader and domain_id:%(target.group.domain_id)s and '
                      'domain_id:%(target.user.domain_id)s)')
RULES += [
    _rule('get_group', '%s or %s' % (ADMIN_OR_SYSTEM_READER, _GROUP_READER),
          'GET,HEAD', '/v3/groups/{group_id}', 'Show group details.'),
    _rule('list_groups', '%s or %s' % (ADMIN_OR_SYSTEM_READER, _GROUP_READER),
          'GET,HEAD', '/v3/groups', 'List groups.'),
    _rule('list_groups_for_user', '%s or %s or user_id:%%(target.user.id)s'
          % (ADMIN_OR_SYSTEM_READER, _domain_reader('target.user.domain_id')),
          'GET,HEAD', '/v3/users/{user_id}/groups', 'List groups to which a user belongs.'),
    _rule('create_group', ADMIN, 'POST', '/v3/groups', 'Create group.'),
    _rule('update_group', ADMIN, 'PATCH', '/v3/groups/{group_id}', 'Update group.'),
    _rule('delete_group', ADMIN, 'DELETE', '/v3/groups/{group_id}', 'Delete group.'),
    _rule('list_users_in_group', '%s or %s' % (ADMIN_OR_SYSTEM_READER, _GROUP_READER),
          'GET,HEAD', '/v3/groups/{group_id}/users', 'List members of a specific group.'),
    _rule('check_user_in_group', '%s or %s' % (ADMIN_OR_SYSTEM_READER, _GROUP_USER_READER),
          'GET,HEAD', '/v3/groups/{group_id}/users/{user_id}',
          'Check whether a user is a member of a group.'),
    _rule('add_user_to_group', ADMIN, 'PUT', '/v3/groups/{group_id}/users/{user_id}',
          'Add user to group.'),
    _rule('remove_user_from_group', ADMIN, 'DELETE', '/v3/groups/{group_id}/users/{user_id}',
          'Remove user from group.'),
    _rule('check_system_grant_for_group', ADMIN_OR_SYSTEM_READER, 'GET,HEAD',
          '/v3/system/groups/{group_id}/roles/{role_id}', 'Check a system role of a group.'),
    _rule('list_system_grants_for_group', ADMIN_OR_SYSTEM_READER, 'GET,HEAD',
          '/v3/system/groups/{group_id}/roles', 'List the system roles of a group.'),
    _rule('create_system_grant_for_group', ADMIN, 'PUT',
          '/v3/system/groups/{group_id}/roles/{role_id}',
          'Grant a group a role on the system.'),
    _rule('revoke_system_grant_for_group', ADMIN, 'DELETE',
          '/v3/system/groups/{group_id}/roles/{role_id}', 'Revoke a system role of a group.'),
    _rule('list_role_assignments_for_tree', '%s or %s' % (ADMIN_OR_SYSTEM_READER,
                                                          _domain_reader('target.domain_id')),
          'GET,HEAD', '/v3/role_assignments?include_subtree',
          'List all role assignments for a given tree of hierarchical projects.'),
    _rule('create_region', ADMIN, 'POST,PUT', '/v3/regions', 'Create region.'),
    _rule('update_region', ADMIN, 'PATCH', '/v3/regions/{region_id}', 'Update region.'),
    _rule('delete_region', ADMIN, 'DELETE', '/v3/regions/{region_id}', 'Delete region.'),
    _rule('create_service', ADMIN, 'POST', '/v3/services', 'Create service.'),
    _rule('update_service', ADMIN, 'PATCH', '/v3/services/{service_id}', 'Update service.'),
    _rule('delete_service', ADMIN, 'DELETE', '/v3/services/{service_id}', 'Delete service.'),
    _rule('create_endpoint', ADMIN, 'POST', '/v3/endpoints', 'Create endpoint.'),
    _rule('update_endpoint', ADMIN, 'PATCH', '/v3/endpoints/{endpoint_id}',
          'Update endpoint.'),
    _rule('delete_endpoint', ADMIN, 'DELETE', '/v3/endpoints/{endpoint_id}',
          'Delete endpoint.'),
]
