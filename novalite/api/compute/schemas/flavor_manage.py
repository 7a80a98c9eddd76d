"""Flavor create (POST /flavors) and update (PUT /flavors/{id}, 2.55) bodies."""
import copy

from novalite.api import validation as v

MAX_INT = 2147483647
SQL_SP_FLOAT_MAX = 3.40282e+38

_positive = {'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 1,
             'maximum': MAX_INT, 'minLength': 1}
_non_negative = {'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 0,
                 'maximum': MAX_INT, 'minLength': 1}

create = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {
                'name': v.name,
                # no leading or trailing spaces; null (or absent) asks for a generated id
                'id': {'type': ['string', 'number', 'null'], 'minLength': 1,
                       'maxLength': 255, 'pattern': '^(?! )[a-zA-Z0-9. _-]+(?<! )$'},
                'ram': _positive,
                'vcpus': _positive,
                'disk': _non_negative,
                'OS-FLV-EXT-DATA:ephemeral': _non_negative,
                'swap': _non_negative,
                'rxtx_factor': {'type': ['number', 'string'], 'pattern': r'^[0-9]+(\.[0-9]+)?$',
                                'minimum': 0, 'exclusiveMinimum': True,
                                'maximum': SQL_SP_FLOAT_MAX},
                'os-flavor-access:is_public': v.boolean,
            },
            'required': ['name', 'ram', 'vcpus', 'disk'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}

create_v20 = copy.deepcopy(create)
create_v20['properties']['flavor']['properties']['name'] = v.name_with_leading_trailing_spaces

# 2.55: an optional description (a TEXT column, so up to 64 KiB)
description = {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 65535,
               'pattern': r'^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$'}

create_v255 = copy.deepcopy(create)
create_v255['properties']['flavor']['properties']['description'] = description

# 2.102: rxtx_factor is refused
create_v2102 = copy.deepcopy(create_v255)
del create_v2102['properties']['flavor']['properties']['rxtx_factor']

update_v255 = {
    'type': 'object',
    'properties': {
        'flavor': {'type': 'object', 'properties': {'description': description},
                   'required': ['description'], 'additionalProperties': False},
    },
    'required': ['flavor'],
    'additionalProperties': False,
}
