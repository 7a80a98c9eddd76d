"""Request schemas of POST /servers/{id}/action, one per action key, with Nova's rules
(reboot type, changePassword adminPass, rescue, os-resetState state, trigger_crash_dump null).
Actions without an entry take any value under their key, as Nova validates none for them
at the microversions served (lock gains a reason only at 2.73)."""
from novalite.api import validation as v


def _action(name, body, required=True):
    return {
        'type': 'object',
        'properties': {name: body},
        'required': [name] if required else [],
        'additionalProperties': False,
    }


REBOOT = _action('reboot', {
    'type': 'object',
    'properties': {
        'type': {'type': 'string', 'enum': ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']},
    },
    'required': ['type'],
    'additionalProperties': False,
})

CHANGE_PASSWORD = _action('changePassword', {
    'type': 'object',
    'properties': {'adminPass': v.admin_password},
    'required': ['adminPass'],
    'additionalProperties': False,
})

RESCUE = _action('rescue', {
    'type': ['object', 'null'],
    'properties': {
        'adminPass': v.admin_password,
        'rescue_image_ref': v.uuid_type,
    },
    'additionalProperties': False,
})

RESET_STATE = _action('os-resetState', {
    'type': 'object',
    'properties': {'state': {'type': 'string', 'enum': ['active', 'error']}},
    'required': ['state'],
    'additionalProperties': False,
})

TRIGGER_CRASH_DUMP = _action('trigger_crash_dump', {'type': 'null'})

CONSOLE_OUTPUT = _action('os-getConsoleOutput', {
    'type': 'object',
    'properties': {'length': {'type': ['integer', 'string', 'null'], 'pattern': '^-?[0-9]+$',
                              'minimum': -1}},
    'additionalProperties': False,
})

# addSecurityGroup / removeSecurityGroup: {"name": <group name or id>}
_SECURITY_GROUP = {
    'type': 'object',
    'properties': {'name': {'type': 'string', 'minLength': 1}},
    'required': ['name'],
}
ADD_SECURITY_GROUP = _action('addSecurityGroup', _SECURITY_GROUP)
REMOVE_SECURITY_GROUP = _action('removeSecurityGroup', _SECURITY_GROUP)

_IP = {'type': 'string', 'oneOf': [{'format': 'ipv4'}, {'format': 'ipv6'}]}


def _floating_ip(action, optional=()):
    props = dict({'address': _IP}, **{name: _IP for name in optional})
    return _action(action, {'type': 'object', 'properties': props, 'required': ['address'],
                            'additionalProperties': False})


# addFloatingIp / removeFloatingIp (up to 2.43)
ADD_FLOATING_IP = _floating_ip('addFloatingIp', ('fixed_address',))
REMOVE_FLOATING_IP = _floating_ip('removeFloatingIp')

BY_ACTION = {
    'addFloatingIp': ADD_FLOATING_IP,
    'removeFloatingIp': REMOVE_FLOATING_IP,
    'addSecurityGroup': ADD_SECURITY_GROUP,
    'removeSecurityGroup': REMOVE_SECURITY_GROUP,
    'os-getConsoleOutput': CONSOLE_OUTPUT,
    'reboot': REBOOT,
    'changePassword': CHANGE_PASSWORD,
    'rescue': RESCUE,
    'os-resetState': RESET_STATE,
    'trigger_crash_dump': TRIGGER_CRASH_DUMP,
}
