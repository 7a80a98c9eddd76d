"""os-flavor-access: who may use a private flavor is the admin's to say."""
from oslo_policy import policy

from novalite.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-flavor-access'
POLICY_ROOT = 'os_compute_api:os-flavor-access:%s'

RULES = [
    policy.DocumentedRuleDefault(POLICY_ROOT % 'add_tenant_access', base.ADMIN,
                                 'Add flavor access to a tenant',
                                 [{'method': 'POST',
                                   'path': '/flavors/{flavor_id}/action (addTenantAccess)'}]),
    policy.DocumentedRuleDefault(POLICY_ROOT % 'remove_tenant_access', base.ADMIN,
                                 'Remove flavor access from a tenant',
                                 [{'method': 'POST',
                                   'path': '/flavors/{flavor_id}/action (removeTenantAccess)'}]),
    policy.DocumentedRuleDefault(BASE_POLICY_NAME, base.ADMIN,
                                 'List flavor access information',
                                 [{'method': 'GET',
                                   'path': '/flavors/{flavor_id}/os-flavor-access'}]),
]
