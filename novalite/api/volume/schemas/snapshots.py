"""Request bodies of /snapshots, their metadata and actions (Cinder's schemas)."""
import copy

from novalite.api.volume.schemas import common

create = {
    'type': 'object',
    'properties': {
        'snapshot': {
            'type': 'object',
            'properties': {
                'name': common.name_allow_zero_min_length,
                'display_name': common.name_allow_zero_min_length,
                'description': common.description,
                'volume_id': common.uuid_allow_null,
                'force': common.boolean,
                'metadata': common.metadata_allows_null,
            },
            'required': ['volume_id'],
            'additionalProperties': False,
        },
    },
    'required': ['snapshot'],
    'additionalProperties': False,
}

update = {
    'type': 'object',
    'properties': {
        'snapshot': {
            'type': 'object',
            'properties': {
                'name': common.name_allow_zero_min_length,
                'description': common.description,
                'display_name': common.name_allow_zero_min_length,
                'display_description': common.description,
            },
            'additionalProperties': False,
            'anyOf': [{'required': ['name']}, {'required': ['description']},
                      {'required': ['display_name']}, {'required': ['display_description']}],
        },
    },
    'required': ['snapshot'],
    'additionalProperties': False,
}

_metadata = {
    'type': 'object',
    'patternProperties': {'^[a-zA-Z0-9-_:. ]{1,255}$': {'type': 'string', 'maxLength': 255}},
    'additionalProperties': False,
}
_metadata_one = copy.deepcopy(_metadata)
_metadata_one.update({'minProperties': 1, 'maxProperties': 1})

metadata_create = {
    'type': 'object',
    'properties': {'metadata': _metadata},
    'required': ['metadata'],
    'additionalProperties': True,
}
metadata_update_all = metadata_create
metadata_update = {
    'type': 'object',
    'properties': {'meta': _metadata_one},
    'required': ['meta'],
    'additionalProperties': True,
}

reset_status = {
    'type': 'object',
    'properties': {
        'os-reset_status': {
            'type': 'object',
            'properties': {'status': {'type': 'string', 'minLength': 1,
                                      'maxLength': 255}},
            'required': ['status'],
            'additionalProperties': False,
        },
    },
    'required': ['os-reset_status'],
    'additionalProperties': False,
}

update_snapshot_status = {
    'type': 'object',
    'properties': {
        'os-update_snapshot_status': {
            'type': 'object',
            'properties': {
                'status': {'type': 'string'},
                'progress': {'type': 'string', 'pattern': r'^\d{1,3}%$'},
            },
            'required': ['status'],
            'additionalProperties': False,
        },
    },
    'required': ['os-update_snapshot_status'],
    'additionalProperties': False,
}
