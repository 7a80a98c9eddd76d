"""os-hypervisors: every view of the hypervisors is the admin's."""
from oslo_policy import policy

from novalite.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-hypervisors:%s'


def _rule(action, path, description):
    return policy.DocumentedRuleDefault(BASE_POLICY_NAME % action, base.ADMIN, description,
                                        [{'method': 'GET', 'path': path}])


RULES = [
    _rule('list', '/os-hypervisors', 'List all hypervisors.'),
    _rule('list-detail', '/os-hypervisors/detail', 'List all hypervisors with details'),
    _rule('statistics', '/os-hypervisors/statistics',
          'Show summary statistics for all hypervisors over all compute nodes.'),
    _rule('show', '/os-hypervisors/{hypervisor_id}', 'Show details for a hypervisor.'),
    _rule('uptime', '/os-hypervisors/{hypervisor_id}/uptime',
          'Show the uptime of a hypervisor.'),
    _rule('search', '/os-hypervisors/{hypervisor_hostname_pattern}/search',
          'Search hypervisor by hypervisor_hostname pattern.'),
    _rule('servers', '/os-hypervisors/{hypervisor_hostname_pattern}/servers',
          'List all servers on hypervisors that can match the provided '
          'hypervisor_hostname pattern.'),
]
