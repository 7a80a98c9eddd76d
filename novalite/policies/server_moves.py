"""Rules of the server moves and migration lists, with Nova's names and defaults: resize,
confirm and revert are the owner's; cold migration, evacuation and the migration lists are
the admin's."""
from oslo_policy import policy

from novalite.policies import base


def _action_rule(name, check, action, description):
    return policy.DocumentedRuleDefault('os_compute_api:' + name, check, description, [
        {'method': 'POST', 'path': '/servers/{server_id}/action (%s)' % action}])


RULES = [
    _action_rule('servers:resize', base.PROJECT_MEMBER_OR_ADMIN, 'resize',
                 'Resize a server'),
    _action_rule('servers:confirm_resize', base.PROJECT_MEMBER_OR_ADMIN, 'confirmResize',
                 'Confirm a server resize'),
    _action_rule('servers:revert_resize', base.PROJECT_MEMBER_OR_ADMIN, 'revertResize',
                 'Revert a server resize'),
    _action_rule('os-migrate-server:migrate', base.ADMIN, 'migrate',
                 'Cold migrate a server to a host chosen by the scheduler'),
    _action_rule('os-migrate-server:migrate:host', base.ADMIN, 'migrate',
                 'Cold migrate a server to a given host (2.56)'),
    _action_rule('os-evacuate', base.ADMIN, 'evacuate',
                 'Evacuate a server from a failed host to a new host'),
    policy.DocumentedRuleDefault('os_compute_api:os-migrations:index', base.ADMIN,
                                 'List migrations',
                                 [{'method': 'GET', 'path': '/os-migrations'}]),
    policy.DocumentedRuleDefault('os_compute_api:servers:migrations:index', base.ADMIN,
                                 'List the in-progress live migrations of a server',
                                 [{'method': 'GET', 'path': '/servers/{server_id}/migrations'},
                                  {'method': 'GET', 'path':
                                   '/servers/{server_id}/migrations/{migration_id}'}]),
]
