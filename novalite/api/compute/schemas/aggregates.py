"""os-aggregates bodies (Nova's schemas/aggregates.py)."""
import copy

from novalite.api import validation as v

# Nova's az_name: a name without ':' (zone:host:node is the forced-host form)
_az_name = {'type': 'string', 'minLength': 1, 'maxLength': 255,
            'pattern': r'^(?! )[^\x00-\x1f\x7f:]*(?<! )$'}
_az_name_spaces = {'type': 'string', 'minLength': 1, 'maxLength': 255,
                   'pattern': r'^[^\x00-\x1f\x7f:]*$'}
_availability_zone = {'oneOf': [_az_name, {'type': 'null'}]}
_availability_zone_spaces = {'oneOf': [_az_name_spaces, {'type': 'null'}]}

create = {
    'type': 'object',
    'properties': {
        'aggregate': {
            'type': 'object',
            'properties': {'name': v.name, 'availability_zone': _availability_zone},
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['aggregate'],
    'additionalProperties': False,
}

create_v20 = copy.deepcopy(create)
create_v20['properties']['aggregate']['properties'] = {
    'name': v.name_with_leading_trailing_spaces,
    'availability_zone': _availability_zone_spaces}

update = {
    'type': 'object',
    'properties': {
        'aggregate': {
            'type': 'object',
            'properties': {'name': v.name_with_leading_trailing_spaces,
                           'availability_zone': _availability_zone},
            'additionalProperties': False,
            'anyOf': [{'required': ['name']}, {'required': ['availability_zone']}],
        },
    },
    'required': ['aggregate'],
    'additionalProperties': False,
}

update_v20 = copy.deepcopy(update)
update_v20['properties']['aggregate']['properties']['availability_zone'] = \
    _availability_zone_spaces

_host = {'type': 'string', 'minLength': 1, 'maxLength': 255,
         'pattern': r'^[a-zA-Z0-9-._]*$'}


def _host_action(name):
    return {
        'type': 'object',
        'properties': {
            name: {
                'type': 'object',
                'properties': {'host': _host},
                'required': ['host'],
                'additionalProperties': False,
            },
        },
        'required': [name],
        'additionalProperties': False,
    }


add_host = _host_action('add_host')
remove_host = _host_action('remove_host')

set_metadata = {
    'type': 'object',
    'properties': {
        'set_metadata': {
            'type': 'object',
            'properties': {
                'metadata': {
                    'type': 'object',
                    'patternProperties': {
                        '^[a-zA-Z0-9-_:. ]{1,255}$': {'type': ['string', 'null'],
                                                       'maxLength': 255}},
                    'additionalProperties': False,
                },
            },
            'required': ['metadata'],
            'additionalProperties': False,
        },
    },
    'required': ['set_metadata'],
    'additionalProperties': False,
}

images = {
    'type': 'object',
    'properties': {
        'cache': {
            'type': 'array',
            'minItems': 1,
            'items': {
                'type': 'object',
                'properties': {'id': v.uuid_type},
                'required': ['id'],
                'additionalProperties': False,
            },
        },
    },
    'required': ['cache'],
    'additionalProperties': False,
}
