"""os-availability-zone: anyone lists zones; the detail with hosts is the admin's."""
from oslo_policy import policy

from novalite.policies import base

POLICY_ROOT = 'os_compute_api:os-availability-zone:%s'

RULES = [
    policy.DocumentedRuleDefault(POLICY_ROOT % 'list', '@',
                                 'List availability zone information without host information',
                                 [{'method': 'GET', 'path': '/os-availability-zone'}]),
    policy.DocumentedRuleDefault(POLICY_ROOT % 'detail', base.ADMIN,
                                 'List detailed availability zone information with host '
                                 'information',
                                 [{'method': 'GET', 'path': '/os-availability-zone/detail'}]),
]
