from oslo_policy import policy

RULES = [
    policy.DocumentedRuleDefault('os_compute_api:flavors', '@', 'List and show flavors',
                                 [{'method': 'GET', 'path': '/flavors'}]),
]
