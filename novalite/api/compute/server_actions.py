"""POST /servers/{id}/action: the server actions, one dispatch table (Nova's @wsgi.action).

``action`` reads the one key of the body, finds its handler and microversion gate, validates
the body against the action's schema (schemas/server_actions.py), looks the server up, and
the handler does policy -> ``compute.api`` -> response. Errors are exceptions; faultwrap
renders them.
"""
import re

from novalite import exception
from novalite import policy
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute import server_floating_ips
from novalite.api.compute import server_image_actions
from novalite.api.compute import server_moves
from novalite.api.compute.schemas import server_actions as schemas
from novalite.api.compute.schemas import server_extras as extra_schemas
from novalite.compute import api as compute_api
from novalite.compute import security_groups
from novalite.compute import states

# ACTIONS, the table of the actions and their handlers, is at the end of this module.
_CONTROL = re.compile('[\x00-\x08\x0b-\x1f]')
RESET_STATES = {'active': states.ACTIVE, 'error': states.ERROR}


def _group_name(body):
    if not body['name'].strip():
        raise exception.Invalid('Security group name cannot be empty')
    return body['name']


def action_name(body):
    """Nova's action_peek: the body is an object with exactly one key."""
    if not isinstance(body, dict) or len(body) != 1:
        raise exception.Invalid('Malformed request body')
    return next(iter(body))


class ServerActionsController(server_image_actions.ImageActionsController,
                              server_moves.MovesController,
                              server_floating_ips.FloatingIpActionsMixin):

    def __init__(self, conf):
        self.conf = conf
        self.compute_api = compute_api.API(conf)

    def action(self, req, id, body):
        name = action_name(body)
        if name not in ACTIONS:
            raise exception.Invalid('There is no such action: %s' % name)
        handler, since, *until = ACTIONS[name]
        if req.api_version < since or (until and req.api_version >= until[0]):
            raise exception.NotFound('The resource could not be found.')
        if name in schemas.BY_ACTION:
            validation.validate(schemas.BY_ACTION[name], body)
        inst = self._get(req.context, id)
        result = handler(self, req, inst, body[name])
        if isinstance(result, wsgi.ResponseObject):
            return result
        return wsgi.ResponseObject(None, status=202)

    def _get(self, ctx, uuid):
        return compute_api.get_instance(ctx, uuid)

    @staticmethod
    def _authorize(req, rule, inst):
        policy.authorize(req.context, rule, {'project_id': inst['project_id'],
                                             'user_id': inst['user_id']})

    # ------------------------------------------------------------------ power
    def _reboot(self, req, inst, body):
        self._authorize(req, 'os_compute_api:servers:reboot', inst)
        self.compute_api.reboot(req.context, inst, body['type'].upper())

    def _stop(self, req, inst, body):
        self._authorize(req, 'os_compute_api:servers:stop', inst)
        self.compute_api.stop(req.context, inst)

    def _start(self, req, inst, body):
        self._authorize(req, 'os_compute_api:servers:start', inst)
        self.compute_api.start(req.context, inst)

    def _pause(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-pause-server:pause', inst)
        self.compute_api.pause(req.context, inst)

    def _unpause(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-pause-server:unpause', inst)
        self.compute_api.unpause(req.context, inst)

    def _suspend(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-suspend-server:suspend', inst)
        self.compute_api.suspend(req.context, inst)

    def _resume(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-suspend-server:resume', inst)
        self.compute_api.resume(req.context, inst)

    def _trigger_crash_dump(self, req, inst, body):
        self._authorize(req, 'os_compute_api:servers:trigger_crash_dump', inst)
        self.compute_api.trigger_crash_dump(req.context, inst)

    def _console_output(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-console-output', inst)
        length = body.get('length')
        length = None if length is None or int(length) == -1 else int(length)
        output = self.compute_api.get_console_output(req.context, inst, length)
        # control characters other than tab and newline are not valid in the JSON text
        return wsgi.ResponseObject({'output': _CONTROL.sub('', output)}, status=200)

    # ------------------------------------------------------------------ lock
    def _lock(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-lock-server:lock', inst)
        reason = None
        if req.api_version >= mv.LOCK_REASON:  # {"lock": {"locked_reason": ...}}
            validation.validate(extra_schemas.lock_v273, {'lock': body})
            reason = (body or {}).get('locked_reason')
        self.compute_api.lock(req.context, inst, reason)

    def _unlock(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-lock-server:unlock', inst)
        if not self.compute_api.is_expected_locked_by(req.context, inst):
            self._authorize(req, 'os_compute_api:os-lock-server:unlock:unlock_override', inst)
        self.compute_api.unlock(req.context, inst)

    # ------------------------------------------------------------------ rescue, password
    def _rescue(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-rescue', inst)
        body = body or {}
        password = self.compute_api.rescue(req.context, inst, body.get('adminPass'),
                                           body.get('rescue_image_ref'))
        return wsgi.ResponseObject({'adminPass': password}, status=200)

    def _unrescue(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-unrescue', inst)
        self.compute_api.unrescue(req.context, inst)

    def _change_password(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-admin-password', inst)
        self.compute_api.set_admin_password(req.context, inst, body['adminPass'])

    # ------------------------------------------------------------------ security groups
    def _add_security_group(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-security-groups:add', inst)
        self._security_groups().add_to_instance(req.context, inst, _group_name(body))

    def _remove_security_group(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-security-groups:remove', inst)
        self._security_groups().remove_from_instance(req.context, inst, _group_name(body))

    def _security_groups(self):
        return security_groups.SecurityGroupAPI(self.compute_api.network)

    # ------------------------------------------------------------------ admin
    def _reset_state(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-admin-actions:reset_state', inst)
        self.compute_api.reset_state(req.context, inst, RESET_STATES[body['state']])

    def _inject_network_info(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-admin-actions:inject_network_info', inst)
        self.compute_api.inject_network_info(req.context, inst)


# The actions: the name in the body -> (the handler, the lowest microversion[, the first
# without it]). Each handler is named by its function, so go-to-definition leads to it;
# ``action`` calls it as ``handler(controller, req, instance, body[name])``.
ACTIONS = {
    'reboot': (ServerActionsController._reboot, mv.MIN),
    'os-stop': (ServerActionsController._stop, mv.MIN),
    'os-start': (ServerActionsController._start, mv.MIN),
    'pause': (ServerActionsController._pause, mv.MIN),
    'unpause': (ServerActionsController._unpause, mv.MIN),
    'suspend': (ServerActionsController._suspend, mv.MIN),
    'resume': (ServerActionsController._resume, mv.MIN),
    'lock': (ServerActionsController._lock, mv.MIN),
    'unlock': (ServerActionsController._unlock, mv.MIN),
    'rescue': (ServerActionsController._rescue, mv.MIN),
    'unrescue': (ServerActionsController._unrescue, mv.MIN),
    'changePassword': (ServerActionsController._change_password, mv.MIN),
    'trigger_crash_dump': (ServerActionsController._trigger_crash_dump, mv.TRIGGER_CRASH_DUMP),
    'os-getConsoleOutput': (ServerActionsController._console_output, mv.MIN),
    'os-resetState': (ServerActionsController._reset_state, mv.MIN),
    'injectNetworkInfo': (ServerActionsController._inject_network_info, mv.MIN),
    # image-backed actions (server_image_actions.py)
    'createImage': (server_image_actions.ImageActionsController._create_image, mv.MIN),
    'createBackup': (server_image_actions.ImageActionsController._create_backup, mv.MIN),
    'shelve': (server_image_actions.ImageActionsController._shelve, mv.MIN),
    'shelveOffload': (server_image_actions.ImageActionsController._shelve_offload, mv.MIN),
    'unshelve': (server_image_actions.ImageActionsController._unshelve, mv.MIN),
    'rebuild': (server_image_actions.ImageActionsController._rebuild, mv.MIN),
    'restore': (server_image_actions.ImageActionsController._restore, mv.MIN),
    'forceDelete': (server_image_actions.ImageActionsController._force_delete, mv.MIN),
    # moves (server_moves.py)
    'resize': (server_moves.MovesController._resize, mv.MIN),
    'confirmResize': (server_moves.MovesController._confirm_resize, mv.MIN),
    'revertResize': (server_moves.MovesController._revert_resize, mv.MIN),
    'migrate': (server_moves.MovesController._migrate, mv.MIN),
    'evacuate': (server_moves.MovesController._evacuate, mv.MIN),
    # a server's security groups (on its ports in the network service), at every version
    'addSecurityGroup': (ServerActionsController._add_security_group, mv.MIN),
    'removeSecurityGroup': (ServerActionsController._remove_security_group, mv.MIN),
    # floating IPs (server_floating_ips.py), up to 2.43
    'addFloatingIp': (server_floating_ips.FloatingIpActionsMixin._add_floating_ip,
                      mv.MIN, mv.NETWORK_ACTIONS_REMOVED),
    'removeFloatingIp': (server_floating_ips.FloatingIpActionsMixin._remove_floating_ip,
                         mv.MIN, mv.NETWORK_ACTIONS_REMOVED),
}
