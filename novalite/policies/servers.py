from oslo_policy import policy

from novalite.policies import base

P = 'os_compute_api:servers:%s'


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault(P % name, check, description,
                                        [{'method': method, 'path': path}])


RULES = [
    _rule('index', base.PROJECT_READER_OR_ADMIN, 'GET', '/servers', 'List servers'),
    _rule('detail', base.PROJECT_READER_OR_ADMIN, 'GET', '/servers/detail',
          'List servers with details'),
    _rule('index:get_all_tenants', base.ADMIN, 'GET', '/servers',
          'List servers of all projects'),
    _rule('detail:get_all_tenants', base.ADMIN, 'GET', '/servers/detail',
          'List servers of all projects with details'),
    _rule('allow_all_filters', base.ADMIN, 'GET', '/servers', 'Use all list filters'),
    _rule('show', base.PROJECT_READER_OR_ADMIN, 'GET', '/servers/{id}', 'Show a server'),
    _rule('show:host_status', base.ADMIN, 'GET', '/servers/{id}', 'Show host_status'),
    _rule('create', base.PROJECT_MEMBER_OR_ADMIN, 'POST', '/servers', 'Create a server'),
    _rule('create:forced_host', base.ADMIN, 'POST', '/servers',
          'Create a server on a given host'),
    _rule('create:attach_network', base.PROJECT_MEMBER_OR_ADMIN, 'POST', '/servers',
          'Create a server with requested networks'),
    _rule('update', base.PROJECT_MEMBER_OR_ADMIN, 'PUT', '/servers/{id}', 'Update a server'),
    _rule('delete', base.PROJECT_MEMBER_OR_ADMIN, 'DELETE', '/servers/{id}',
          'Delete a server'),
    policy.DocumentedRuleDefault(
        'os_compute_api:os-extended-server-attributes', base.ADMIN,
        'Show OS-EXT-SRV-ATTR fields', [{'method': 'GET', 'path': '/servers/{id}'}]),
    policy.DocumentedRuleDefault(
        'os_compute_api:os-instance-actions:list', base.PROJECT_READER_OR_ADMIN,
        'List instance actions',
        [{'method': 'GET', 'path': '/servers/{server_id}/os-instance-actions'}]),
    policy.DocumentedRuleDefault(
        'os_compute_api:os-instance-actions:show', base.PROJECT_READER_OR_ADMIN,
        'Show an instance action',
        [{'method': 'GET', 'path': '/servers/{server_id}/os-instance-actions/{request_id}'}]),
    policy.DocumentedRuleDefault(
        'os_compute_api:os-instance-actions:events', base.ADMIN,
        'Show instance action events with tracebacks',
        [{'method': 'GET', 'path': '/servers/{server_id}/os-instance-actions/{request_id}'}]),
]
