"""os-keypairs: a user's own key pairs; admins may act for any user (2.10)."""
from oslo_policy import policy

from novalite.policies import base

POLICY_ROOT = 'os_compute_api:os-keypairs:%s'
_OWNER_OR_ADMIN = '(' + base.ADMIN + ') or user_id:%(user_id)s'


def _rule(action, method, path, description):
    return policy.DocumentedRuleDefault(POLICY_ROOT % action, _OWNER_OR_ADMIN, description,
                                        [{'method': method, 'path': path}])


RULES = [
    _rule('index', 'GET', '/os-keypairs', 'List all keypairs'),
    _rule('create', 'POST', '/os-keypairs', 'Create a keypair'),
    _rule('delete', 'DELETE', '/os-keypairs/{keypair_name}', 'Delete a keypair'),
    _rule('show', 'GET', '/os-keypairs/{keypair_name}', 'Show details of a keypair'),
]
