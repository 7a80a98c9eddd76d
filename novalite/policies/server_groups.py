"""os-server-groups: a project's server groups; admins list every project's."""
from oslo_policy import policy

from novalite.policies import base

POLICY_ROOT = 'os_compute_api:os-server-groups:%s'


def _rule(action, check_str, method, path, description):
    return policy.DocumentedRuleDefault(POLICY_ROOT % action, check_str, description,
                                        [{'method': method, 'path': path}])


RULES = [
    _rule('create', base.PROJECT_MEMBER, 'POST', '/os-server-groups',
          'Create a new server group'),
    _rule('delete', base.PROJECT_MEMBER_OR_ADMIN, 'DELETE', '/os-server-groups/{server_group_id}',
          'Delete a server group'),
    _rule('index', base.PROJECT_READER_OR_ADMIN, 'GET', '/os-server-groups',
          'List all server groups'),
    _rule('index:all_projects', base.ADMIN, 'GET', '/os-server-groups',
          'List all server groups for all projects'),
    _rule('show', base.PROJECT_READER_OR_ADMIN, 'GET', '/os-server-groups/{server_group_id}',
          'Show details of a server group'),
]
