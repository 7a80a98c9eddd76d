"""Request bodies of /types, their extra specs, access actions and /default-types
(Cinder's schemas)."""
import copy

from novalite.api.volume.schemas import common

create = {
    'type': 'object',
    'properties': {
        'volume_type': {
            'type': 'object',
            'properties': {
                'name': common.name,
                'description': common.description,
                'extra_specs': common.extra_specs_with_null,
                'os-volume-type-access:is_public': common.boolean,
            },
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['volume_type'],
    'additionalProperties': False,
}

update = {
    'type': 'object',
    'properties': {
        'volume_type': {
            'type': 'object',
            'properties': {
                'name': common.update_name,
                'description': common.description,
                'is_public': common.boolean,
            },
            'additionalProperties': False,
        },
    },
    'required': ['volume_type'],
    'additionalProperties': False,
}

extra_specs_create = {
    'type': 'object',
    'properties': {'extra_specs': common.extra_specs_with_no_spaces_key},
    'required': ['extra_specs'],
    'additionalProperties': False,
}

extra_spec_update = copy.deepcopy(common.extra_specs_with_no_spaces_key)
extra_spec_update.update({'minProperties': 1, 'maxProperties': 1})


def _project_access(action):
    return {
        'type': 'object',
        'properties': {
            action: {
                'type': 'object',
                'properties': {'project': {'type': 'string', 'minLength': 1,
                                           'maxLength': 255}},
                'required': ['project'],
                'additionalProperties': False,
            },
        },
        'required': [action],
        'additionalProperties': False,
    }


add_project_access = _project_access('addProjectAccess')
remove_project_access = _project_access('removeProjectAccess')

default_type = {
    'type': 'object',
    'properties': {
        'default_type': {
            'type': 'object',
            'properties': {'volume_type': common.name},
            'required': ['volume_type'],
            'additionalProperties': False,
        },
    },
    'required': ['default_type'],
}
