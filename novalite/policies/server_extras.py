"""Rules of the servers API pieces of microversions 2.48 -> 2.100 and the server
sub-resources os-server-password, diagnostics, topology and os-interface (Nova's names and
defaults)."""
from oslo_policy import policy

from novalite.policies import base


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault(name, check, description,
                                        [{'method': method, 'path': path}])


_IFACE = '/servers/{server_id}/os-interface'

RULES = [
    # Nova's default is admin only: the details may tell about the deployment
    _rule('os_compute_api:os-instance-actions:events:details', base.ADMIN,
          'GET', '/servers/{server_id}/os-instance-actions/{request_id}',
          'Show the details of failed action events (2.84)'),
    _rule('os_compute_api:servers:create:trusted_certs', base.PROJECT_MEMBER_OR_ADMIN,
          'POST', '/servers', 'Create a server with trusted image certificate ids'),
    _rule('compute:servers:create:requested_destination', base.ADMIN, 'POST', '/servers',
          'Create a server on a requested host or hypervisor node (2.74)'),
    _rule('os_compute_api:os-server-password:show', base.PROJECT_READER_OR_ADMIN, 'GET',
          '/servers/{server_id}/os-server-password', 'Show the encrypted admin password'),
    _rule('os_compute_api:os-server-password:clear', base.PROJECT_MEMBER_OR_ADMIN, 'DELETE',
          '/servers/{server_id}/os-server-password', 'Clear the encrypted admin password'),
    _rule('os_compute_api:os-server-diagnostics', base.ADMIN, 'GET',
          '/servers/{server_id}/diagnostics', 'Show the diagnostics of a server'),
    _rule('compute:server:topology:index', base.PROJECT_READER_OR_ADMIN, 'GET',
          '/servers/{server_id}/topology', 'Show the NUMA topology of a server'),
    _rule('compute:server:topology:host:index', base.ADMIN, 'GET',
          '/servers/{server_id}/topology',
          'Show the host side of the topology (host NUMA node, pinning, page size)'),
    _rule('os_compute_api:os-attach-interfaces:list', base.PROJECT_READER_OR_ADMIN, 'GET',
          _IFACE, 'List the interfaces attached to a server'),
    _rule('os_compute_api:os-attach-interfaces:show', base.PROJECT_READER_OR_ADMIN, 'GET',
          _IFACE + '/{port_id}', 'Show an interface attached to a server'),
    _rule('os_compute_api:os-attach-interfaces:create', base.PROJECT_MEMBER_OR_ADMIN,
          'POST', _IFACE, 'Attach an interface to a server'),
    _rule('os_compute_api:os-attach-interfaces:delete', base.PROJECT_MEMBER_OR_ADMIN,
          'DELETE', _IFACE + '/{port_id}', 'Detach an interface from a server'),
]
