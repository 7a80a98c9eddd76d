"""Attachment request bodies (Cinder's cinder/api/schemas/attachments.py)."""
import copy

_UUID = {'type': 'string', 'format': 'uuid'}

create = {
    'type': 'object',
    'properties': {'attachment': {
        'type': 'object',
        'properties': {'instance_uuid': _UUID, 'connector': {'type': ['object', 'null']},
                       'volume_uuid': _UUID},
        'required': ['volume_uuid'], 'additionalProperties': False}},
    'required': ['attachment'], 'additionalProperties': False,
}
create_v354 = copy.deepcopy(create)
create_v354['properties']['attachment']['properties']['mode'] = {'type': 'string',
                                                                 'enum': ['rw', 'ro']}
update = {
    'type': 'object',
    'properties': {'attachment': {
        'type': 'object',
        'properties': {'connector': {'type': 'object', 'minProperties': 1}},
        'required': ['connector'], 'additionalProperties': False}},
    'required': ['attachment'], 'additionalProperties': False,
}
complete = {'type': 'object', 'properties': {'os-complete': {}}, 'required': ['os-complete'],
            'additionalProperties': False}
