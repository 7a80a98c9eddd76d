"""Floating IPs and quotas of the network service (Neutron's names and defaults), and Nova's
os-floating-ips proxy and floating IP server actions (Nova's defaults)."""
from oslo_policy import policy

from novalite.policies import base
from novalite.policies import network

READER = network.READER
MEMBER = network.MEMBER
ADMIN = base.ADMIN
_FIPS = '/v2.0/floatingips'
_QUOTAS = '/v2.0/quotas'
_NOVA_FIPS = 'os_compute_api:os-floating-ips:%s'


def _rule(name, check, description, method, path):
    return policy.DocumentedRuleDefault(name, check, description,
                                        [{'method': method, 'path': path}])


RULES = [
    # Neutron floating IPs
    _rule('create_floatingip', MEMBER, 'Create a floating IP', 'POST', _FIPS),
    _rule('create_floatingip:floating_ip_address', ADMIN,
          'Create a floating IP with a specific IP address', 'POST', _FIPS),
    _rule('get_floatingip', READER, 'Get a floating IP', 'GET', _FIPS + '/{id}'),
    _rule('update_floatingip', MEMBER, 'Update a floating IP', 'PUT', _FIPS + '/{id}'),
    _rule('delete_floatingip', MEMBER, 'Delete a floating IP', 'DELETE', _FIPS + '/{id}'),
    # Neutron quotas (a project may always read its own)
    _rule('get_quota', ADMIN, 'Get a resource quota', 'GET', _QUOTAS + '/{id}'),
    _rule('update_quota', ADMIN, 'Update a resource quota', 'PUT', _QUOTAS + '/{id}'),
    _rule('delete_quota', ADMIN, 'Delete a resource quota', 'DELETE', _QUOTAS + '/{id}'),
    # Nova's proxy and actions
    _rule(_NOVA_FIPS % 'add', base.PROJECT_MEMBER_OR_ADMIN,
          'Associate floating IPs to server. This API is deprecated.', 'POST',
          '/servers/{server_id}/action (addFloatingIp)'),
    _rule(_NOVA_FIPS % 'remove', base.PROJECT_MEMBER_OR_ADMIN,
          'Disassociate floating IPs to server. This API is deprecated.', 'POST',
          '/servers/{server_id}/action (removeFloatingIp)'),
    _rule(_NOVA_FIPS % 'list', base.PROJECT_READER_OR_ADMIN,
          'List floating IPs. This API is deprecated.', 'GET', '/os-floating-ips'),
    _rule(_NOVA_FIPS % 'create', base.PROJECT_MEMBER_OR_ADMIN,
          'Create floating IPs. This API is deprecated.', 'POST', '/os-floating-ips'),
    _rule(_NOVA_FIPS % 'show', base.PROJECT_READER_OR_ADMIN,
          'Show floating IPs. This API is deprecated.', 'GET',
          '/os-floating-ips/{floating_ip_id}'),
    _rule(_NOVA_FIPS % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
          'Delete floating IPs. This API is deprecated.', 'DELETE',
          '/os-floating-ips/{floating_ip_id}'),
]
