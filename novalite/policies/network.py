"""Network service (Neutron v2.0) rules, named as Neutron names them.

Targets are the resource as Neutron builds them: ``project_id`` of the resource, and for
subnets and ports ``network:project_id``, ``network:shared`` and ``network:router:external``
of the network they belong to; networks carry ``shared`` and ``router:external``.
"""
from oslo_policy import policy

from novalite.policies import base

OWNER = 'rule:neutron_admin_or_owner'
NET_OWNER = 'rule:neutron_admin_or_network_owner'
ADMIN = base.ADMIN


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
    policy.RuleDefault('neutron_shared', 'True:%(shared)s', 'The network is shared.'),
    policy.RuleDefault('neutron_external', 'True:%(router:external)s',
                       'The network is external.'),
    policy.RuleDefault('neutron_network_shared',
                       'True:%(network:shared)s or True:%(network:router:external)s',
                       'The network of the resource is shared or external.'),
    # networks
    _rule('create_network', OWNER, 'POST', _NETWORKS),
    _rule('create_network:shared', ADMIN, 'POST', _NETWORKS),
    _rule('create_network:router:external', ADMIN, 'POST', _NETWORKS),
    _rule('get_network', OWNER + ' or rule:neutron_shared or rule:neutron_external', 'GET',
          _NETWORKS + '/{id}'),
    _rule('update_network', OWNER, 'PUT', _NETWORKS + '/{id}'),
    _rule('update_network:shared', ADMIN, 'PUT', _NETWORKS + '/{id}'),
    _rule('update_network:router:external', ADMIN, 'PUT', _NETWORKS + '/{id}'),
    _rule('delete_network', OWNER, 'DELETE', _NETWORKS + '/{id}'),
    # subnets
    _rule('create_subnet', NET_OWNER, 'POST', _SUBNETS),
    _rule('get_subnet', OWNER + ' or rule:neutron_network_shared', 'GET',
          _SUBNETS + '/{id}'),
    _rule('update_subnet', NET_OWNER, 'PUT', _SUBNETS + '/{id}'),
    _rule('delete_subnet', NET_OWNER, 'DELETE', _SUBNETS + '/{id}'),
    # ports
    _rule('create_port', OWNER + ' or ' + NET_OWNER + ' or rule:neutron_network_shared',
          'POST', _PORTS),
    _rule('create_port:fixed_ips:ip_address', NET_OWNER, 'POST', _PORTS),
    _rule('create_port:mac_address', NET_OWNER, 'POST', _PORTS),
    _rule('create_port:binding:host_id', ADMIN, 'POST', _PORTS),
    _rule('create_port:binding:profile', ADMIN, 'POST', _PORTS),
    _rule('get_port', OWNER + ' or ' + NET_OWNER, 'GET', _PORTS + '/{id}'),
    _rule('get_port:binding:host_id', ADMIN, 'GET', _PORTS + '/{id}'),
    _rule('get_port:binding:vif_type', ADMIN, 'GET', _PORTS + '/{id}'),
    _rule('get_port:binding:vif_details', ADMIN, 'GET', _PORTS + '/{id}'),
    _rule('get_port:binding:profile', ADMIN, 'GET', _PORTS + '/{id}'),
    _rule('update_port', OWNER + ' or ' + NET_OWNER, 'PUT', _PORTS + '/{id}'),
    _rule('update_port:fixed_ips:ip_address', NET_OWNER, 'PUT', _PORTS + '/{id}'),
    _rule('update_port:mac_address', ADMIN, 'PUT', _PORTS + '/{id}'),
    _rule('update_port:binding:host_id', ADMIN, 'PUT', _PORTS + '/{id}'),
    _rule('update_port:binding:profile', ADMIN, 'PUT', _PORTS + '/{id}'),
    _rule('delete_port', OWNER + ' or ' + NET_OWNER, 'DELETE', _PORTS + '/{id}'),
    # security groups and their rules
    _rule('create_security_group', OWNER, 'POST', _SGS),
    _rule('get_security_group', OWNER, 'GET', _SGS + '/{id}'),
    _rule('update_security_group', OWNER, 'PUT', _SGS + '/{id}'),
    _rule('delete_security_group', OWNER, 'DELETE', _SGS + '/{id}'),
    _rule('create_security_group_rule', OWNER, 'POST', _RULES),
    _rule('get_security_group_rule', OWNER, 'GET', _RULES + '/{id}'),
    _rule('delete_security_group_rule', OWNER, 'DELETE', _RULES + '/{id}'),
    # routers
    _rule('create_router', OWNER, 'POST', _ROUTERS),
    _rule('create_router:external_gateway_info', OWNER, 'POST', _ROUTERS),
    _rule('create_router:external_gateway_info:enable_snat', ADMIN, 'POST', _ROUTERS),
    _rule('create_router:external_gateway_info:external_fixed_ips', ADMIN, 'POST', _ROUTERS),
    _rule('create_router:distributed', ADMIN, 'POST', _ROUTERS),
    _rule('create_router:ha', ADMIN, 'POST', _ROUTERS),
    _rule('get_router', OWNER, 'GET', _ROUTERS + '/{id}'),
    _rule('update_router', OWNER, 'PUT', _ROUTERS + '/{id}'),
    _rule('update_router:external_gateway_info', OWNER, 'PUT', _ROUTERS + '/{id}'),
    _rule('update_router:external_gateway_info:enable_snat', ADMIN, 'PUT',
          _ROUTERS + '/{id}'),
    _rule('update_router:external_gateway_info:external_fixed_ips', ADMIN, 'PUT',
          _ROUTERS + '/{id}'),
    _rule('update_router:distributed', ADMIN, 'PUT', _ROUTERS + '/{id}'),
    _rule('update_router:ha', ADMIN, 'PUT', _ROUTERS + '/{id}'),
    _rule('delete_router', OWNER, 'DELETE', _ROUTERS + '/{id}'),
    _rule('add_router_interface', OWNER, 'PUT', _ROUTERS + '/{id}/add_router_interface'),
    _rule('remove_router_interface', OWNER, 'PUT',
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
    _rule('create_subnetpool', OWNER, 'POST', _POOLS),
    _rule('create_subnetpool:shared', ADMIN, 'POST', _POOLS),
    _rule('create_subnetpool:is_default', ADMIN, 'POST', _POOLS),
    _rule('get_subnetpool', OWNER + ' or rule:neutron_shared', 'GET', _POOLS + '/{id}'),
    _rule('update_subnetpool', OWNER, 'PUT', _POOLS + '/{id}'),
    _rule('update_subnetpool:is_default', ADMIN, 'PUT', _POOLS + '/{id}'),
    _rule('delete_subnetpool', OWNER, 'DELETE', _POOLS + '/{id}'),
    _rule('create_address_scope', OWNER, 'POST', _SCOPES),
    _rule('create_address_scope:shared', ADMIN, 'POST', _SCOPES),
    _rule('get_address_scope', OWNER + ' or rule:neutron_shared', 'GET', _SCOPES + '/{id}'),
    _rule('update_address_scope', OWNER, 'PUT', _SCOPES + '/{id}'),
    _rule('update_address_scope:shared', ADMIN, 'PUT', _SCOPES + '/{id}'),
    _rule('delete_address_scope', OWNER, 'DELETE', _SCOPES + '/{id}'),
    # get-me-a-network
    _rule('get_auto_allocated_topology', OWNER, 'GET', '/v2.0/auto-allocated-topology/{id}'),
    _rule('delete_auto_allocated_topology', OWNER, 'DELETE',
          '/v2.0/auto-allocated-topology/{id}'),
    # tags of each tagged resource: read as the resource is read, changed by its owner
    *[_rule('%s_%s:tags' % (action, kind), check, method, path + '/{id}/tags')
      for kind, path, read in (
          ('network', _NETWORKS, OWNER + ' or rule:neutron_shared or rule:neutron_external'),
          ('subnet', _SUBNETS, OWNER + ' or rule:neutron_network_shared'),
          ('port', _PORTS, OWNER + ' or ' + NET_OWNER),
          ('router', _ROUTERS, OWNER),
          ('security_group', _SGS, OWNER),
          ('subnetpool', _POOLS, OWNER + ' or rule:neutron_shared'),
          ('floatingip', '/v2.0/floatingips', OWNER))
      for action, check, method in (('get', read, 'GET'), ('update', OWNER, 'PUT'),
                                    ('delete', OWNER, 'DELETE'))],
]
