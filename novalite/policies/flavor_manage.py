"""os-flavor-manage: creating, updating and deleting flavors is the admin's."""
from oslo_policy import policy

from novalite.policies import base

POLICY_ROOT = 'os_compute_api:os-flavor-manage:%s'

RULES = [
    policy.DocumentedRuleDefault(POLICY_ROOT % 'create', base.ADMIN, 'Create a flavor',
                                 [{'method': 'POST', 'path': '/flavors'}]),
    policy.DocumentedRuleDefault(POLICY_ROOT % 'update', base.ADMIN, 'Update a flavor',
                                 [{'method': 'PUT', 'path': '/flavors/{flavor_id}'}]),
    policy.DocumentedRuleDefault(POLICY_ROOT % 'delete', base.ADMIN, 'Delete a flavor',
                                 [{'method': 'DELETE', 'path': '/flavors/{flavor_id}'}]),
]
