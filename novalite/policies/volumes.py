"""Rules of the compute API's volume pieces: os-volume_attachments and the deprecated
os-volumes / os-snapshots proxies (Nova's names and defaults)."""
from oslo_policy import policy

from novalite.policies import base


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault(name, check, description,
                                        [{'method': method, 'path': path}])


_VA = '/servers/{server_id}/os-volume_attachments'
P = 'os_compute_api:os-volumes-attachments:%s'

RULES = [
    _rule(P % 'index', base.PROJECT_READER_OR_ADMIN, 'GET', _VA,
          'List the volume attachments of a server'),
    _rule(P % 'show', base.PROJECT_READER_OR_ADMIN, 'GET', _VA + '/{volume_id}',
          'Show a volume attachment of a server'),
    _rule(P % 'create', base.PROJECT_MEMBER_OR_ADMIN, 'POST', _VA,
          'Attach a volume to a server'),
    _rule(P % 'update', base.PROJECT_MEMBER_OR_ADMIN, 'PUT', _VA + '/{volume_id}',
          "Update a volume attachment (2.85: delete_on_termination)"),
    _rule(P % 'swap', base.ADMIN, 'PUT', _VA + '/{volume_id}',
          'Swap the volume of an attachment (called by the block-storage service while it '
          'migrates the volume)'),
    _rule(P % 'delete', base.PROJECT_MEMBER_OR_ADMIN, 'DELETE', _VA + '/{volume_id}',
          'Detach a volume from a server'),
    _rule('os_compute_api:os-volumes:list', base.PROJECT_READER_OR_ADMIN, 'GET',
          '/os-volumes', 'List volumes (deprecated proxy, below 2.36)'),
    _rule('os_compute_api:os-volumes:detail', base.PROJECT_READER_OR_ADMIN, 'GET',
          '/os-volumes/detail', 'List volumes in detail (deprecated proxy)'),
    _rule('os_compute_api:os-volumes:show', base.PROJECT_READER_OR_ADMIN, 'GET',
          '/os-volumes/{volume_id}', 'Show a volume (deprecated proxy)'),
    _rule('os_compute_api:os-volumes:create', base.PROJECT_MEMBER_OR_ADMIN, 'POST',
          '/os-volumes', 'Create a volume (deprecated proxy)'),
    _rule('os_compute_api:os-volumes:delete', base.PROJECT_MEMBER_OR_ADMIN, 'DELETE',
          '/os-volumes/{volume_id}', 'Delete a volume (deprecated proxy)'),
    _rule('os_compute_api:os-volumes:snapshots:list', base.PROJECT_READER_OR_ADMIN, 'GET',
          '/os-snapshots', 'List snapshots (deprecated proxy)'),
    _rule('os_compute_api:os-volumes:snapshots:detail', base.PROJECT_READER_OR_ADMIN, 'GET',
          '/os-snapshots/detail', 'List snapshots in detail (deprecated proxy)'),
    _rule('os_compute_api:os-volumes:snapshots:show', base.PROJECT_READER_OR_ADMIN, 'GET',
          '/os-snapshots/{snapshot_id}', 'Show a snapshot (deprecated proxy)'),
    _rule('os_compute_api:os-volumes:snapshots:create', base.PROJECT_MEMBER_OR_ADMIN,
          'POST', '/os-snapshots', 'Create a snapshot (deprecated proxy)'),
    _rule('os_compute_api:os-volumes:snapshots:delete', base.PROJECT_MEMBER_OR_ADMIN,
          'DELETE', '/os-snapshots/{snapshot_id}', 'Delete a snapshot (deprecated proxy)'),
]
