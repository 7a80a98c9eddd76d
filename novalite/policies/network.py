"""Network service (Neutron v2.0) rules, named as Neutron names them.

Roles count as in Neutron 2025.1 (secure RBAC): a project's reader may read what the project
owns, only a member (or admin) may create, change or delete it.

Targets are the resource as Neutron builds them: ``project_id`` of the resource, and for
subnets and ports ``network:project_id``, ``network:shared`` and ``network:router:external``
of the network they belong to; networks carry ``shared`` and ``router:external``.
"""
from oslo_policy import policy

from novalite.policies import base

OWNER = 'rule:neutron_admin_or_owner'
NET_OWNER = 'rule:neutron_admin_or_network_owner'
ADMIN = base.ADMIN
# Neutron's 2025.1 defaults: reading takes the reader role in the owning project, changing
# takes the member role (admin implies member implies reader)
READER = 'rule:neutron_admin_or_project_reader'
MEMBER = 'rule:neutron_admin_or_project_member'
NET_READER = 'rule:neutron_admin_or_network_owner_reader'
NET_MEMBER = 'rule:neutron_admin_or_network_owner_member'


def _rule(name, check, method, path):
    return policy.DocumentedRuleDefault(name, check, name.replace('_', ' ').capitalize(),
                                        [{'method': method, 'path': path}])


_NETWORKS = '/v2.0/networks'
_SUBNETS = '/v2.0/subnets'
_PORTS = '/v2.0/ports'
_SGS = '/v2.0/security-groups'
_RULES = '/v2.0/security-group-rules'
_ROUTERS = '/v2.0/routers'
_POOLS = '/v2.0/subnetpools'
_SCOPES = '/v2.0/address-scopes'

RULES = [
    policy.RuleDefault('neutron_admin_or_owner', ADMIN + ' or project_id:%(project_id)s',
                       'Admin, or the project that owns the resource.'),
    policy.RuleDefault('neutron_admin_or_network_owner',
                       ADMIN + ' or project_id:%(network:project_id)s',
                       'Admin, or the project that owns the network of the resource.'),
    policy.RuleDefault('neutron_admin_or_project_reader',
                       ADMIN + ' or (role:reader and project_id:%(project_id)s)',
                       'Admin, or a reader of the project that owns the resource.'),
    policy.RuleDefault('neutron_admin_or_project_member',
                       ADMIN + ' or (role:member and project_id:%(project_id)s)',
                       'Admin, or a member of the project that owns the resource.'),
    policy.RuleDefault('neutron_admin_or_network_owner_reader',
                       ADMIN + ' or (role:reader and project_id:%(network:project_id)s)',
                       'Admin, or a reader of the project that owns the network.'),
    policy.RuleDefault('neutron_admin_or_network_owner_member',
                       ADMIN + ' or (role:member and project_id:%(network:project_id)s)',
                       'Admin, or a member of the project that owns the network.'),
    policy.RuleDefault('neutron_shared', 'True:%(shared)s', 'The network is shared.'),
    policy.RuleDefault('neutron_external', 'True:%(router:external)s',
                       'The network is external.'),
    policy.RuleDefault('neutron_network_shared',
                       'True:%(network:shared)s or True:%(network:router:external)s',
                       'The network of the resource is shared or external.'),
    # networks
    _rule('create_network', MEMBER, 'POST', _NETWORKS),
    _rule('create_network:shared', ADMIN, 'POST', _NETWORKS),
    _rule('create_network:router:external', ADMIN, 'POST', _NETWORKS),
    _rule('get_network', READER + ' or rule:neutron_shared or rule:neutron_external', 'GET',
          _NETWORKS + '/{id}'),
    _rule('update_network', MEMBER, 'PUT', _NETWORKS + '/{id}'),
    _rule('update_network:shared', ADMIN, 'PUT', _NETWORKS + '/{id}'),
    _rule('update_network:router:external', ADMIN, 'PUT', _NETWORKS + '/{id}'),
    _rule('delete_network', MEMBER, 'DELETE', _NETWORKS + '/{id}'),
    # subnets
    _rule('create_subnet', NET_MEMBER, 'POST', _SUBNETS),
    _rule('get_subnet', READER + ' or rule:neutron_network_shared', 'GET',
          _SUBNETS + '/{id}'),
    _rule('update_subnet', NET_MEMBER, 'PUT', _SUBNETS + '/{id}'),
    _rule('delete_subnet', NET_MEMBER, 'DELETE', _SUBNETS + '/{id}'),
    # ports
    _rule('create_port', MEMBER + ' or ' + NET_MEMBER,
          'POST', _PORTS),
    _rule('create_port:fixed_ips:ip_address', NET_MEMBER, 'POST', _PORTS),
    _rule('create_port:mac_address', NET_MEMBER, 'POST', _PORTS),
    _rule('create_port:binding:host_id', ADMIN, 'POST', _PORTS),
    _rule('create_port:binding:profile', ADMIN, 'POST', _PORTS),
    _rule('get_port', READER + ' or ' + NET_READER, 'GET', _PORTS + '/{id}'),
    _rule('get_port:binding:host_id', ADMIN, 'GET', _PORTS + '/{id}'),
    _rule('get_port:binding:vif_type', ADMIN, 'GET', _PORTS + '/{id}'),
    _rule('get_port:binding:vif_details', ADMIN, 'GET', _PORTS + '/{id}'),
    _rule('get_port:binding:profile', ADMIN, 'GET', _PORTS + '/{id}'),
    _rule('update_port', MEMBER + ' or ' + NET_MEMBER, 'PUT', _PORTS + '/{id}'),
    _rule('update_port:fixed_ips:ip_address', NET_MEMBER, 'PUT', _PORTS + '/{id}'),
    _rule('update_port:mac_address', ADMIN, 'PUT', _PORTS + '/{id}'),
    _rule('update_port:binding:host_id', ADMIN, 'PUT', _PORTS + '/{id}'),
    _rule('update_port:binding:profile', ADMIN, 'PUT', _PORTS + '/{id}'),
    _rule('delete_port', MEMBER + ' or ' + NET_MEMBER, 'DELETE', _PORTS + '/{id}'),
    # security groups and their rules
    _rule('create_security_group', MEMBER, 'POST', _SGS),
    _rule('get_security_group', READER, 'GET', _SGS + '/{id}'),
    _rule('update_security_group', MEMBER, 'PUT', _SGS + '/{id}'),
    _rule('delete_security_group', MEMBER, 'DELETE', _SGS + '/{id}'),
    _rule('create_security_group_rule', MEMBER, 'POST', _RULES),
    _rule('get_security_group_rule', READER, 'GET', _RULES + '/{id}'),
    _rule('delete_security_group_rule', MEMBER, 'DELETE', _RULES + '/{id}'),
    # routers
    _rule('create_router', MEMBER, 'POST', _ROUTERS),
    _rule('create_router:external_gateway_info', MEMBER, 'POST', _ROUTERS),
    _rule('create_router:external_gateway_info:enable_snat', ADMIN, 'POST', _ROUTERS),
    _rule('create_router:external_gateway_info:external_fixed_ips', ADMIN, 'POST', _ROUTERS),
    _rule('create_router:distributed', ADMIN, 'POST', _ROUTERS),
    _rule('create_router:ha', ADMIN, 'POST', _ROUTERS),
    _rule('get_router', READER, 'GET', _ROUTERS + '/{id}'),
    _rule('update_router', MEMBER, 'PUT', _ROUTERS + '/{id}'),
    _rule('update_router:external_gateway_info', MEMBER, 'PUT', _ROUTERS + '/{id}'),
    _rule('update_router:external_gateway_info:enable_snat', ADMIN, 'PUT',
          _ROUTERS + '/{id}'),
    _rule('update_router:external_gateway_info:external_fixed_ips', ADMIN, 'PUT',
          _ROUTERS + '/{id}'),
    _rule('update_router:distributed', ADMIN, 'PUT', _ROUTERS + '/{id}'),
    _rule('update_router:ha', ADMIN, 'PUT', _ROUTERS + '/{id}'),
    _rule('delete_router', MEMBER, 'DELETE', _ROUTERS + '/{id}'),
    _rule('add_router_interface', MEMBER, 'PUT', _ROUTERS + '/{id}/add_router_interface'),
    _rule('remove_router_interface', MEMBER, 'PUT',
          _ROUTERS + '/{id}/remove_router_interface'),
    # provider networks and the default external network (admins)
    *[_rule('%s_network:%s' % (action, attr), ADMIN, method, path)
      for attr in ('provider:network_type', 'provider:physical_network',
                   'provider:segmentation_id')
      for action, method, path in (('create', 'POST', _NETWORKS),
                                   ('get', 'GET', _NETWORKS + '/{id}'),
                                   ('update', 'PUT', _NETWORKS + '/{id}'))],
    _rule('create_network:is_default', ADMIN, 'POST', _NETWORKS),
    _rule('update_network:is_default', ADMIN, 'PUT', _NETWORKS + '/{id}'),
    # subnet pools and address scopes
    _rule('create_subnetpool', MEMBER, 'POST', _POOLS),
    _rule('create_subnetpool:shared', ADMIN, 'POST', _POOLS),
    _rule('create_subnetpool:is_default', ADMIN, 'POST', _POOLS),
    _rule('get_subnetpool', READER + ' or rule:neutron_shared', 'GET', _POOLS + '/{id}'),
    _rule('update_subnetpool', MEMBER, 'PUT', _POOLS + '/{id}'),
    _rule('update_subnetpool:is_default', ADMIN, 'PUT', _POOLS + '/{id}'),
    _rule('delete_subnetpool', MEMBER, 'DELETE', _POOLS + '/{id}'),
    _rule('create_address_scope', MEMBER, 'POST', _SCOPES),
    _rule('create_address_scope:shared', ADMIN, 'POST', _SCOPES),
    _rule('get_address_scope', READER + ' or rule:neutron_shared', 'GET', _SCOPES + '/{id}'),
    _rule('update_address_scope', MEMBER, 'PUT', _SCOPES + '/{id}'),
    _rule('update_address_scope:shared', ADMIN, 'PUT', _SCOPES + '/{id}'),
    _rule('delete_address_scope', MEMBER, 'DELETE', _SCOPES + '/{id}'),
    # get-me-a-network
    _rule('get_auto_allocated_topology', READER, 'GET', '/v2.0/auto-allocated-topology/{id}'),
    _rule('delete_auto_allocated_topology', MEMBER, 'DELETE',
          '/v2.0/auto-allocated-topology/{id}'),
    # tags of each tagged resource: read as the resource is read, changed by its owner
    *[_rule('%s_%s:tags' % (action, kind), check, method, path + '/{id}/tags')
      for kind, path, read in (
          ('network', _NETWORKS, READER + ' or rule:neutron_shared or rule:neutron_external'),
          ('subnet', _SUBNETS, READER + ' or rule:neutron_network_shared'),
          ('port', _PORTS, READER + ' or ' + NET_READER),
          ('router', _ROUTERS, READER),
          ('security_group', _SGS, READER),
          ('subnetpool', _POOLS, READER + ' or rule:neutron_shared'),
          ('floatingip', '/v2.0/floatingips', READER))
      for action, check, method in (('get', read, 'GET'), ('update', MEMBER, 'PUT'),
                                    ('delete', MEMBER, 'DELETE'))],
]
