"""limits: anyone sees their project's limits; an admin may ask for another project's."""
from oslo_policy import policy

from novalite.policies import base

BASE_POLICY_NAME = 'os_compute_api:limits'
OTHER_PROJECT_LIMIT_POLICY_NAME = 'os_compute_api:limits:other_project'

RULES = [
    policy.DocumentedRuleDefault(BASE_POLICY_NAME, '@', 'Show rate and absolute limits for '
                                 'the current user project',
                                 [{'method': 'GET', 'path': '/limits'}]),
    policy.DocumentedRuleDefault(OTHER_PROJECT_LIMIT_POLICY_NAME, base.ADMIN,
                                 'Show rate and absolute limits of other project.',
                                 [{'method': 'GET', 'path': '/limits'}]),
]
