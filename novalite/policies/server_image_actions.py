"""Rules of the image-backed server actions, with Nova's names and defaults (shelve,
unshelve, createImage, createBackup, rebuild, os-deferred-delete; shelveOffload and
unshelving to a given host are admin's)."""
from oslo_policy import policy

from novalite.policies import base


def _action_rule(name, check, action, description):
    return policy.DocumentedRuleDefault('os_compute_api:' + name, check, description, [
        {'method': 'POST', 'path': '/servers/{server_id}/action (%s)' % action}])


RULES = [
    _action_rule('os-shelve:shelve', base.PROJECT_MEMBER_OR_ADMIN, 'shelve',
                 'Shelve a server'),
    _action_rule('os-shelve:shelve_offload', base.ADMIN, 'shelveOffload',
                 'Offload a shelved server from its host'),
    _action_rule('os-shelve:unshelve', base.PROJECT_MEMBER_OR_ADMIN, 'unshelve',
                 'Unshelve a shelved or offloaded server'),
    _action_rule('os-shelve:unshelve_to_host', base.ADMIN, 'unshelve',
                 'Unshelve an offloaded server to a given host (2.91)'),
    _action_rule('servers:create_image', base.PROJECT_MEMBER_OR_ADMIN, 'createImage',
                 'Create an image from a server'),
    _action_rule('servers:create_image:allow_volume_backed', base.PROJECT_MEMBER_OR_ADMIN,
                 'createImage', 'Create an image from a volume-backed server'),
    _action_rule('os-create-backup', base.PROJECT_MEMBER_OR_ADMIN, 'createBackup',
                 'Create a backup image of a server'),
    _action_rule('servers:rebuild', base.PROJECT_MEMBER_OR_ADMIN, 'rebuild',
                 'Rebuild a server'),
    _action_rule('servers:rebuild:trusted_certs', base.PROJECT_MEMBER_OR_ADMIN, 'rebuild',
                 'Rebuild a server with trusted image certificates (2.63)'),
    _action_rule('os-deferred-delete:restore', base.PROJECT_MEMBER_OR_ADMIN, 'restore',
                 'Restore a soft-deleted server'),
    _action_rule('os-deferred-delete:force', base.PROJECT_MEMBER_OR_ADMIN, 'forceDelete',
                 'Delete a soft-deleted server now'),
]
