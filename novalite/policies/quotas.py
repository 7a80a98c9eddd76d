"""os-quota-sets and os-quota-class-sets: members read their project's quotas, admins
change them; quota classes are admin only (Nova's defaults)."""
from oslo_policy import policy

from novalite.policies import base

QUOTA_SETS = 'os_compute_api:os-quota-sets:%s'
QUOTA_CLASS_SETS = 'os_compute_api:os-quota-class-sets:%s'
_PATH = '/os-quota-sets/{tenant_id}'


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault(name, check, description,
                                        [{'method': method, 'path': path}])


RULES = [
    _rule(QUOTA_SETS % 'update', base.ADMIN, 'PUT', _PATH, 'Update the quotas'),
    _rule(QUOTA_SETS % 'defaults', '@', 'GET', _PATH + '/defaults',
          'List default quotas'),
    _rule(QUOTA_SETS % 'show', base.PROJECT_READER_OR_ADMIN, 'GET', _PATH, 'Show a quota'),
    _rule(QUOTA_SETS % 'delete', base.ADMIN, 'DELETE', _PATH, 'Revert quotas to defaults'),
    _rule(QUOTA_SETS % 'detail', base.PROJECT_READER_OR_ADMIN, 'GET', _PATH + '/detail',
          'Show the detail of quota'),
    _rule(QUOTA_CLASS_SETS % 'show', base.ADMIN, 'GET', '/os-quota-class-sets/{quota_class}',
          'List quotas for specific quota classs'),
    _rule(QUOTA_CLASS_SETS % 'update', base.ADMIN, 'PUT',
          '/os-quota-class-sets/{quota_class}', 'Update quotas for specific quota class'),
]
