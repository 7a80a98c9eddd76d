"""os-hosts (deprecated in favour of os-hypervisors and os-services): all admin, with
Nova's rule names."""
from oslo_policy import policy

from novalite.policies import base

POLICY_NAME = 'os_compute_api:os-hosts:%s'


def _rule(name, description, method, path):
    return policy.DocumentedRuleDefault(POLICY_NAME % name, base.ADMIN, description,
                                        [{'method': method, 'path': path}])


RULES = [
    _rule('list', 'List physical hosts.', 'GET', '/os-hosts'),
    _rule('show', 'Show physical host.', 'GET', '/os-hosts/{host_name}'),
    _rule('update', 'Update physical host.', 'PUT', '/os-hosts/{host_name}'),
    _rule('reboot', 'Reboot physical host.', 'GET', '/os-hosts/{host_name}/reboot'),
    _rule('shutdown', 'Shutdown physical host.', 'GET', '/os-hosts/{host_name}/shutdown'),
    _rule('start', 'Start physical host.', 'GET', '/os-hosts/{host_name}/startup'),
]
