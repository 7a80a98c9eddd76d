"""PUT /os-services/{action} bodies (the 2.1 form; 2.11 adds forced_down)."""
import copy

from novalite.api import validation as v

_host = {'type': 'string', 'minLength': 1, 'maxLength': 255, 'pattern': '^[a-zA-Z0-9-._]*$'}

service_update = {
    'type': 'object',
    'properties': {
        'host': _host,
        'binary': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'disabled_reason': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    },
    'required': ['host', 'binary'],
    'additionalProperties': False,
}

service_update_v211 = copy.deepcopy(service_update)
service_update_v211['properties']['forced_down'] = v.boolean

# 2.53: PUT /os-services/{service_uuid}
service_update_v253 = {
    'type': 'object',
    'properties': {
        'status': {'type': 'string', 'enum': ['enabled', 'disabled']},
        'disabled_reason': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'forced_down': v.boolean,
    },
    'additionalProperties': False,
}
