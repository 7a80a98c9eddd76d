"""os-aggregates: host aggregates are the admin's."""
from oslo_policy import policy

from novalite.policies import base

POLICY_ROOT = 'os_compute_api:os-aggregates:%s'


def _rule(action, method, path, description):
    return policy.DocumentedRuleDefault(POLICY_ROOT % action, base.ADMIN, description,
                                        [{'method': method, 'path': path}])


RULES = [
    _rule('index', 'GET', '/os-aggregates', 'List all aggregates'),
    _rule('create', 'POST', '/os-aggregates', 'Create an aggregate'),
    _rule('show', 'GET', '/os-aggregates/{aggregate_id}', 'Show details for an aggregate'),
    _rule('update', 'PUT', '/os-aggregates/{aggregate_id}', 'Update name and/or '
          'availability zone of an aggregate'),
    _rule('delete', 'DELETE', '/os-aggregates/{aggregate_id}', 'Delete an aggregate'),
    _rule('add_host', 'POST', '/os-aggregates/{aggregate_id}/action (add_host)',
          'Add a host to an aggregate'),
    _rule('remove_host', 'POST', '/os-aggregates/{aggregate_id}/action (remove_host)',
          'Remove a host from an aggregate'),
    _rule('set_metadata', 'POST', '/os-aggregates/{aggregate_id}/action (set_metadata)',
          'Create or replace metadata for an aggregate'),
    policy.DocumentedRuleDefault('compute:aggregates:images', base.ADMIN,
                                 'Request image caching for an aggregate',
                                 [{'method': 'POST',
                                   'path': '/os-aggregates/{aggregate_id}/images'}]),
]
