"""Request schemas of the server moves (Nova's schemas/server_actions.py resize,
migrate_server.py and evacuate.py), per microversion."""
import copy

from novalite.api import validation as v

hostname = {'type': 'string', 'minLength': 1, 'maxLength': 255,
            'pattern': '^[a-zA-Z0-9-._]*$'}


def _action(name, body):
    return {'type': 'object', 'properties': {name: body}, 'required': [name],
            'additionalProperties': False}


RESIZE = _action('resize', {
    'type': 'object',
    'properties': {
        'flavorRef': v.flavor_ref,
        'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
    },
    'required': ['flavorRef'],
    'additionalProperties': False,
})
# Nova accepts any value here ({} from tempest/novaclient, null from the SDK); only
# the action key itself is checked (Nova notes it may restrict the value to null later).
CONFIRM_RESIZE = _action('confirmResize', {})
REVERT_RESIZE = _action('revertResize', {})

MIGRATE = _action('migrate', {'type': ['object', 'null']})          # below 2.56: anything
MIGRATE_V256 = _action('migrate', {
    'type': ['object', 'null'],
    'properties': {'host': {'anyOf': [hostname, {'type': 'null'}]}},
    'additionalProperties': False,
})

EVACUATE = _action('evacuate', {
    'type': 'object',
    'properties': {
        'host': hostname,
        'onSharedStorage': v.boolean,
        'adminPass': v.admin_password,
    },
    'required': ['onSharedStorage'],
    'additionalProperties': False,
})
EVACUATE_V214 = copy.deepcopy(EVACUATE)
del EVACUATE_V214['properties']['evacuate']['properties']['onSharedStorage']
del EVACUATE_V214['properties']['evacuate']['required']
EVACUATE_V229 = copy.deepcopy(EVACUATE_V214)
EVACUATE_V229['properties']['evacuate']['properties']['force'] = v.boolean
EVACUATE_V268 = copy.deepcopy(EVACUATE_V214)
