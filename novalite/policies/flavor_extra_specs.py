"""os-flavor-extra-specs: readers see them, admins change them."""
from oslo_policy import policy

from novalite.policies import base

POLICY_ROOT = 'os_compute_api:os-flavor-extra-specs:%s'
_ONE = '/flavors/{flavor_id}/os-extra_specs/{flavor_extra_spec_key}'
_ALL = '/flavors/{flavor_id}/os-extra_specs/'

RULES = [
    policy.DocumentedRuleDefault(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
                                 'Show an extra spec for a flavor',
                                 [{'method': 'GET', 'path': _ONE}]),
    policy.DocumentedRuleDefault(POLICY_ROOT % 'create', base.ADMIN,
                                 'Create extra specs for a flavor',
                                 [{'method': 'POST', 'path': _ALL}]),
    policy.DocumentedRuleDefault(POLICY_ROOT % 'update', base.ADMIN,
                                 'Update an extra spec for a flavor',
                                 [{'method': 'PUT', 'path': _ONE}]),
    policy.DocumentedRuleDefault(POLICY_ROOT % 'delete', base.ADMIN,
                                 'Delete an extra spec for a flavor',
                                 [{'method': 'DELETE', 'path': _ONE}]),
    policy.DocumentedRuleDefault(POLICY_ROOT % 'index', base.PROJECT_READER_OR_ADMIN,
                                 'List extra specs for a flavor',
                                 [{'method': 'GET', 'path': _ALL}]),
]
