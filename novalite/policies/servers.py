from oslo_policy import policy

from novalite.policies import base

P = 'os_compute_api:servers:%s'


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault(P % name, check, description,
                                        [{'method': method, 'path': path}])


def _sub_rule(name, check, method, path, description):
    """A rule of a server sub-resource (metadata, tags, ips) under Nova's own name."""
    return policy.DocumentedRuleDefault('os_compute_api:' + name, check, description,
                                        [{'method': method, 'path': path}])


def _action_rule(name, check, action, description):
    return policy.DocumentedRuleDefault('os_compute_api:' + name, check, description, [
        {'method': 'POST', 'path': '/servers/{server_id}/action (%s)' % action}])


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
    _rule('reboot', base.PROJECT_MEMBER_OR_ADMIN, 'POST', '/servers/{id}/action (reboot)',
          'Reboot a server'),
    _rule('start', base.PROJECT_MEMBER_OR_ADMIN, 'POST', '/servers/{id}/action (os-start)',
          'Start a server'),
    _rule('stop', base.PROJECT_MEMBER_OR_ADMIN, 'POST', '/servers/{id}/action (os-stop)',
          'Stop a server'),
    _rule('trigger_crash_dump', base.PROJECT_MEMBER_OR_ADMIN, 'POST',
          '/servers/{id}/action (trigger_crash_dump)', 'Trigger a crash dump in a server'),
    _action_rule('os-pause-server:pause', base.PROJECT_MEMBER_OR_ADMIN, 'pause',
                 'Pause a server'),
    _action_rule('os-pause-server:unpause', base.PROJECT_MEMBER_OR_ADMIN, 'unpause',
                 'Unpause a paused server'),
    _action_rule('os-suspend-server:suspend', base.PROJECT_MEMBER_OR_ADMIN, 'suspend',
                 'Suspend a server'),
    _action_rule('os-suspend-server:resume', base.PROJECT_MEMBER_OR_ADMIN, 'resume',
                 'Resume a suspended server'),
    _action_rule('os-lock-server:lock', base.PROJECT_MEMBER_OR_ADMIN, 'lock',
                 'Lock a server'),
    _action_rule('os-lock-server:unlock', base.PROJECT_MEMBER_OR_ADMIN, 'unlock',
                 'Unlock a server'),
    _action_rule('os-lock-server:unlock:unlock_override', base.ADMIN, 'unlock',
                 'Unlock a server locked by someone else (owner or admin)'),
    _action_rule('os-rescue', base.PROJECT_MEMBER_OR_ADMIN, 'rescue', 'Rescue a server'),
    _action_rule('os-unrescue', base.PROJECT_MEMBER_OR_ADMIN, 'unrescue',
                 'Unrescue a server'),
    _action_rule('os-admin-password', base.PROJECT_MEMBER_OR_ADMIN, 'changePassword',
                 'Change the administrator password of a server'),
    _action_rule('os-console-output', base.PROJECT_MEMBER_OR_ADMIN, 'os-getConsoleOutput',
                 'Show the console output of a server'),
    _action_rule('os-admin-actions:reset_state', base.ADMIN, 'os-resetState',
                 'Reset the state of a server'),
    _action_rule('os-admin-actions:inject_network_info', base.ADMIN, 'injectNetworkInfo',
                 'Inject network information into a server'),
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
    # server metadata
    _sub_rule('server-metadata:index', base.PROJECT_READER_OR_ADMIN, 'GET',
              '/servers/{server_id}/metadata', 'List all metadata of a server'),
    _sub_rule('server-metadata:show', base.PROJECT_READER_OR_ADMIN, 'GET',
              '/servers/{server_id}/metadata/{key}', 'Show a metadata item of a server'),
    _sub_rule('server-metadata:create', base.PROJECT_MEMBER_OR_ADMIN, 'POST',
              '/servers/{server_id}/metadata', 'Create or update metadata items of a server'),
    _sub_rule('server-metadata:update_all', base.PROJECT_MEMBER_OR_ADMIN, 'PUT',
              '/servers/{server_id}/metadata', 'Replace all metadata of a server'),
    _sub_rule('server-metadata:update', base.PROJECT_MEMBER_OR_ADMIN, 'PUT',
              '/servers/{server_id}/metadata/{key}', 'Create or update a metadata item'),
    _sub_rule('server-metadata:delete', base.PROJECT_MEMBER_OR_ADMIN, 'DELETE',
              '/servers/{server_id}/metadata/{key}', 'Delete a metadata item of a server'),
    # server tags (2.26)
    _sub_rule('os-server-tags:index', base.PROJECT_READER_OR_ADMIN, 'GET',
              '/servers/{server_id}/tags', 'List the tags of a server'),
    _sub_rule('os-server-tags:show', base.PROJECT_READER_OR_ADMIN, 'GET',
              '/servers/{server_id}/tags/{tag}', 'Check whether a server has a tag'),
    _sub_rule('os-server-tags:update', base.PROJECT_MEMBER_OR_ADMIN, 'PUT',
              '/servers/{server_id}/tags/{tag}', 'Add a tag to a server'),
    _sub_rule('os-server-tags:update_all', base.PROJECT_MEMBER_OR_ADMIN, 'PUT',
              '/servers/{server_id}/tags', 'Replace all tags of a server'),
    _sub_rule('os-server-tags:delete', base.PROJECT_MEMBER_OR_ADMIN, 'DELETE',
              '/servers/{server_id}/tags/{tag}', 'Delete a tag of a server'),
    _sub_rule('os-server-tags:delete_all', base.PROJECT_MEMBER_OR_ADMIN, 'DELETE',
              '/servers/{server_id}/tags', 'Delete all tags of a server'),
    # server addresses
    _sub_rule('ips:index', base.PROJECT_READER_OR_ADMIN, 'GET', '/servers/{server_id}/ips',
              'List the addresses of a server by network'),
    _sub_rule('ips:show', base.PROJECT_READER_OR_ADMIN, 'GET',
              '/servers/{server_id}/ips/{network_label}',
              'List the addresses of a server on one network'),
]
