"""The route tables: one literal table per service, path -> {METHOD: (controller, action)}.

Controller names are entry points in the service's stevedore namespace
(``novalite.api.<service>.controllers`` in setup.cfg); plugins never invent URLs. Path
variables are named ``{id}`` and the like; ``{project_id}`` is reserved for the compute URL
prefixes, which the Router checks against the token's project.
"""

# ----------------------------------------------------------------------------- compute
COMPUTE_ROOT = [
    ('', {'GET': ('versions', 'index')}),
    ('/v2', {'GET': ('versions', 'show_legacy')}),
]
# Served under /v2.1, /v2.1/{project_id} and (legacy v2, no microversions) /v2/{project_id}.
COMPUTE_PREFIXES = ('/v2.1', '/v2.1/{project_id}', '/v2/{project_id}')
COMPUTE = [
    ('', {'GET': ('versions', 'show')}),
    ('/servers', {'GET': ('servers', 'index'), 'POST': ('servers', 'create')}),
    ('/servers/detail', {'GET': ('servers', 'detail')}),
    ('/servers/{id}', {'GET': ('servers', 'show'), 'PUT': ('servers', 'update'),
                       'DELETE': ('servers', 'delete')}),
    ('/servers/{id}/action', {'POST': ('server_actions', 'action')}),
    ('/servers/{id}/os-instance-actions', {'GET': ('instance_actions', 'index')}),
    ('/servers/{id}/os-instance-actions/{request_id}', {'GET': ('instance_actions', 'show')}),
    ('/servers/{id}/metadata', {'GET': ('server_metadata', 'index'),
                                'POST': ('server_metadata', 'create'),
                                'PUT': ('server_metadata', 'update_all')}),
    ('/servers/{id}/metadata/{key}', {'GET': ('server_metadata', 'show'),
                                      'PUT': ('server_metadata', 'update'),
                                      'DELETE': ('server_metadata', 'delete')}),
    ('/servers/{id}/tags', {'GET': ('server_tags', 'index'),
                            'PUT': ('server_tags', 'update_all'),
                            'DELETE': ('server_tags', 'delete_all')}),
    ('/servers/{id}/tags/{tag}', {'GET': ('server_tags', 'show'),
                                  'PUT': ('server_tags', 'update'),
                                  'DELETE': ('server_tags', 'delete')}),
    ('/servers/{id}/ips', {'GET': ('ips', 'index')}),
    ('/servers/{id}/ips/{network_label}', {'GET': ('ips', 'show')}),
    ('/flavors', {'GET': ('flavors', 'index'), 'POST': ('flavor_manage', 'create')}),
    ('/flavors/detail', {'GET': ('flavors', 'detail')}),
    ('/flavors/{id}', {'GET': ('flavors', 'show'), 'PUT': ('flavor_manage', 'update'),
                       'DELETE': ('flavor_manage', 'delete')}),
    ('/flavors/{id}/action', {'POST': ('flavor_access', 'action')}),
    ('/flavors/{flavor_id}/os-flavor-access', {'GET': ('flavor_access', 'index')}),
    ('/flavors/{flavor_id}/os-extra_specs', {'GET': ('flavor_extra_specs', 'index'),
                                             'POST': ('flavor_extra_specs', 'create')}),
    ('/flavors/{flavor_id}/os-extra_specs/{id}', {'GET': ('flavor_extra_specs', 'show'),
                                                  'PUT': ('flavor_extra_specs', 'update'),
                                                  'DELETE': ('flavor_extra_specs', 'delete')}),
    ('/os-keypairs', {'GET': ('keypairs', 'index'), 'POST': ('keypairs', 'create')}),
    ('/os-keypairs/{id}', {'GET': ('keypairs', 'show'), 'DELETE': ('keypairs', 'delete')}),
    ('/os-server-groups', {'GET': ('server_groups', 'index'),
                           'POST': ('server_groups', 'create')}),
    ('/os-server-groups/{id}', {'GET': ('server_groups', 'show'),
                                'DELETE': ('server_groups', 'delete')}),
    ('/os-availability-zone', {'GET': ('availability_zone', 'index')}),
    ('/os-availability-zone/detail', {'GET': ('availability_zone', 'detail')}),
    ('/os-services', {'GET': ('services', 'index')}),
    ('/os-services/{id}', {'PUT': ('services', 'update'), 'DELETE': ('services', 'delete')}),
    ('/os-hypervisors', {'GET': ('hypervisors', 'index')}),
    ('/os-hypervisors/detail', {'GET': ('hypervisors', 'detail')}),
    ('/os-hypervisors/statistics', {'GET': ('hypervisors', 'statistics')}),
    ('/os-hypervisors/{id}', {'GET': ('hypervisors', 'show')}),
    ('/os-hypervisors/{id}/uptime', {'GET': ('hypervisors', 'uptime')}),
    ('/os-hypervisors/{id}/search', {'GET': ('hypervisors', 'search')}),
    ('/os-hypervisors/{id}/servers', {'GET': ('hypervisors', 'servers')}),
    ('/limits', {'GET': ('limits', 'index')}),
    ('/os-quota-sets/{id}', {'GET': ('quota_sets', 'show'), 'PUT': ('quota_sets', 'update'),
                             'DELETE': ('quota_sets', 'delete')}),
    ('/os-quota-sets/{id}/defaults', {'GET': ('quota_sets', 'defaults')}),
    ('/os-quota-sets/{id}/detail', {'GET': ('quota_sets', 'detail')}),
    ('/os-quota-class-sets/{id}', {'GET': ('quota_classes', 'show'),
                                   'PUT': ('quota_classes', 'update')}),
]

# ----------------------------------------------------------------------------- identity
IDENTITY_ROOT = [
    ('', {'GET': ('versions', 'index')}),
]
IDENTITY = [
    ('/v3', {'GET': ('versions', 'show_v3')}),
    ('/v3/auth/tokens', {'POST': ('auth', 'issue_token'), 'GET': ('auth', 'validate_token'),
                         'HEAD': ('auth', 'check_token'), 'DELETE': ('auth', 'revoke_token')}),
    ('/v3/auth/catalog', {'GET': ('auth', 'get_catalog')}),
    ('/v3/auth/projects', {'GET': ('auth', 'get_projects')}),
    ('/v3/auth/domains', {'GET': ('auth', 'get_domains')}),
    ('/v3/auth/system', {'GET': ('auth', 'get_system')}),
    ('/v3/domains', {'GET': ('domains', 'index'), 'POST': ('domains', 'create')}),
    ('/v3/domains/{id}', {'GET': ('domains', 'show'), 'PATCH': ('domains', 'update'),
                          'DELETE': ('domains', 'delete')}),
    ('/v3/domains/{id}/users/{user_id}/roles', {'GET': ('role_assignments',
                                                        'list_domain_user_roles')}),
    ('/v3/domains/{id}/users/{user_id}/roles/{role_id}', {
        'PUT': ('role_assignments', 'grant_domain_user_role'),
        'HEAD': ('role_assignments', 'check_domain_user_role'),
        'GET': ('role_assignments', 'check_domain_user_role'),
        'DELETE': ('role_assignments', 'revoke_domain_user_role')}),
    ('/v3/projects', {'GET': ('projects', 'index'), 'POST': ('projects', 'create')}),
    ('/v3/projects/{id}', {'GET': ('projects', 'show'), 'PATCH': ('projects', 'update'),
                           'DELETE': ('projects', 'delete')}),
    ('/v3/projects/{id}/users/{user_id}/roles', {'GET': ('role_assignments',
                                                         'list_project_user_roles')}),
    ('/v3/projects/{id}/users/{user_id}/roles/{role_id}', {
        'PUT': ('role_assignments', 'grant_project_user_role'),
        'HEAD': ('role_assignments', 'check_project_user_role'),
        'GET': ('role_assignments', 'check_project_user_role'),
        'DELETE': ('role_assignments', 'revoke_project_user_role')}),
    ('/v3/users', {'GET': ('users', 'index'), 'POST': ('users', 'create')}),
    ('/v3/users/{id}', {'GET': ('users', 'show'), 'PATCH': ('users', 'update'),
                        'DELETE': ('users', 'delete')}),
    ('/v3/users/{id}/projects', {'GET': ('users', 'list_projects')}),
    ('/v3/users/{id}/password', {'POST': ('users', 'change_password')}),
    ('/v3/roles', {'GET': ('roles', 'index'), 'POST': ('roles', 'create')}),
    ('/v3/roles/{id}', {'GET': ('roles', 'show'), 'PATCH': ('roles', 'update'),
                        'DELETE': ('roles', 'delete')}),
    ('/v3/role_assignments', {'GET': ('role_assignments', 'index')}),
    ('/v3/system/users/{user_id}/roles', {'GET': ('role_assignments',
                                                  'list_system_user_roles')}),
    ('/v3/system/users/{user_id}/roles/{role_id}', {
        'PUT': ('role_assignments', 'grant_system_user_role'),
        'HEAD': ('role_assignments', 'check_system_user_role'),
        'GET': ('role_assignments', 'check_system_user_role'),
        'DELETE': ('role_assignments', 'revoke_system_user_role')}),
    ('/v3/services', {'GET': ('catalog', 'list_services')}),
    ('/v3/services/{id}', {'GET': ('catalog', 'show_service')}),
    ('/v3/endpoints', {'GET': ('catalog', 'list_endpoints')}),
    ('/v3/endpoints/{id}', {'GET': ('catalog', 'show_endpoint')}),
    ('/v3/regions', {'GET': ('catalog', 'list_regions')}),
    ('/v2.0', {'GET': ('versions', 'show_v2')}),
    ('/v2.0/tokens', {'POST': ('v2_tokens', 'issue_token')}),
]

# ----------------------------------------------------------------------------- image
IMAGE_ROOT = [
    ('', {'GET': ('versions', 'index')}),
    ('/versions', {'GET': ('versions', 'index')}),
]
IMAGE = [
    ('/v2/images', {'GET': ('images', 'index'), 'POST': ('images', 'create')}),
    ('/v2/images/{id}', {'GET': ('images', 'show'), 'PATCH': ('images', 'update'),
                         'DELETE': ('images', 'delete')}),
    ('/v2/images/{id}/file', {'GET': ('image_data', 'download'),
                              'PUT': ('image_data', 'upload')}),
    ('/v2/images/{id}/tags/{tag}', {'PUT': ('images', 'add_tag'),
                                    'DELETE': ('images', 'delete_tag')}),
    ('/v2/images/{id}/actions/deactivate', {'POST': ('images', 'deactivate')}),
    ('/v2/images/{id}/actions/reactivate', {'POST': ('images', 'reactivate')}),
    ('/v2/schemas/image', {'GET': ('schemas', 'image')}),
    ('/v2/schemas/images', {'GET': ('schemas', 'images')}),
]

# ----------------------------------------------------------------------------- network
NETWORK_ROOT = [
    ('', {'GET': ('versions', 'index')}),
]
NETWORK = [
    ('/v2.0', {'GET': ('versions', 'show')}),
    ('/v2.0/extensions', {'GET': ('extensions', 'index')}),
    ('/v2.0/extensions/{id}', {'GET': ('extensions', 'show')}),
    ('/v2.0/networks', {'GET': ('networks', 'index'), 'POST': ('networks', 'create')}),
    ('/v2.0/networks/{id}', {'GET': ('networks', 'show'), 'PUT': ('networks', 'update'),
                             'DELETE': ('networks', 'delete')}),
    ('/v2.0/subnets', {'GET': ('subnets', 'index'), 'POST': ('subnets', 'create')}),
    ('/v2.0/subnets/{id}', {'GET': ('subnets', 'show'), 'PUT': ('subnets', 'update'),
                            'DELETE': ('subnets', 'delete')}),
    ('/v2.0/ports', {'GET': ('ports', 'index'), 'POST': ('ports', 'create')}),
    ('/v2.0/ports/{id}', {'GET': ('ports', 'show'), 'PUT': ('ports', 'update'),
                          'DELETE': ('ports', 'delete')}),
    ('/v2.0/security-groups', {'GET': ('security_groups', 'index'),
                               'POST': ('security_groups', 'create')}),
    ('/v2.0/security-groups/{id}', {'GET': ('security_groups', 'show'),
                                    'PUT': ('security_groups', 'update'),
                                    'DELETE': ('security_groups', 'delete')}),
    ('/v2.0/security-group-rules', {'GET': ('security_group_rules', 'index'),
                                    'POST': ('security_group_rules', 'create')}),
    ('/v2.0/security-group-rules/{id}', {'GET': ('security_group_rules', 'show'),
                                         'DELETE': ('security_group_rules', 'delete')}),
]
