"""os-services: listing, enabling, disabling and deleting services is the admin's."""
from oslo_policy import policy

from novalite.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-services:%s'

RULES = [
    policy.DocumentedRuleDefault(BASE_POLICY_NAME % 'list', base.ADMIN, 'List all running '
                                 'Compute services in a region.',
                                 [{'method': 'GET', 'path': '/os-services'}]),
    policy.DocumentedRuleDefault(BASE_POLICY_NAME % 'update', base.ADMIN, 'Update a Compute '
                                 'service.',
                                 [{'method': 'PUT', 'path': '/os-services/{service_id}'}]),
    policy.DocumentedRuleDefault(BASE_POLICY_NAME % 'delete', base.ADMIN, 'Delete a Compute '
                                 'service.',
                                 [{'method': 'DELETE', 'path': '/os-services/{service_id}'}]),
]
