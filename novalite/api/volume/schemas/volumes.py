"""Volume request bodies (Cinder's cinder/api/schemas/volumes.py and volume_actions.py),
per microversion: before 3.53 unknown volume keys are ignored, from 3.53 they are a 400."""
import copy

from novalite.api import validation as v

DB_MAX_INT = 0x7FFFFFFF
name = {'type': ['string', 'null'], 'maxLength': 255}
description = {'type': ['string', 'null'], 'maxLength': 255}
metadata = {'type': 'object',
            'patternProperties': {'^[a-zA-Z0-9-_:. /]{1,255}$': {'type': 'string',
                                                                  'maxLength': 255}},
            'additionalProperties': False}
metadata_allows_null = dict(metadata, type=['object', 'null'])
size = {'type': ['integer', 'string'], 'pattern': '^[0-9]+$', 'minimum': 1,
        'maximum': DB_MAX_INT}
optional_uuid = {'oneOf': [{'type': 'null'}, {'type': 'string', 'format': 'uuid'}]}
uuid = {'type': 'string', 'format': 'uuid'}
uuid_allow_null = {'oneOf': [uuid, {'type': 'null'}]}
boolean = v.boolean


def _wrap(key, props, required=(), additional=False, nullable=False, **extra):
    inner = {'type': ['object', 'null'] if nullable else 'object', 'properties': props,
             'additionalProperties': additional}
    if required:
        inner['required'] = list(required)
    inner.update(extra)
    return {'type': 'object', 'properties': {key: inner}, 'required': [key],
            'additionalProperties': False}


create = _wrap('volume', {
    'name': name, 'description': description, 'display_name': name,
    'display_description': description,
    'volume_type': {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255},
    'metadata': metadata_allows_null, 'snapshot_id': optional_uuid,
    'source_volid': optional_uuid, 'consistencygroup_id': optional_uuid,
    'size': dict(size, type=['integer', 'string', 'null']),
    'availability_zone': {'type': ['string', 'null'], 'minLength': 1, 'maxLength': 255},
    'multiattach': {'oneOf': [{'type': 'null'}, boolean]},
    'image_id': {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255},
    'imageRef': {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255},
}, additional=True)
create['properties']['OS-SCH-HNT:scheduler_hints'] = {'type': ['object', 'null']}
create_v313 = copy.deepcopy(create)
create_v313['properties']['volume']['properties']['group_id'] = {
    'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255}
create_v347 = copy.deepcopy(create_v313)
create_v347['properties']['volume']['properties']['backup_id'] = optional_uuid
create_v353 = copy.deepcopy(create_v347)
create_v353['properties']['volume']['additionalProperties'] = False

update = _wrap('volume', {'name': name, 'description': description, 'display_name': name,
                          'display_description': description, 'metadata': metadata})
update_v353 = copy.deepcopy(update)
update_v353['properties']['volume']['anyOf'] = [
    {'required': ['name']}, {'required': ['description']}, {'required': ['display_name']},
    {'required': ['display_description']}, {'required': ['metadata']}]

metadata_body = {'type': 'object', 'properties': {'metadata': metadata},
                 'required': ['metadata'], 'additionalProperties': False}
metadata_item = {'type': 'object',
                 'properties': {'meta': dict(metadata, minProperties=1, maxProperties=1)},
                 'required': ['meta'], 'additionalProperties': False}

# --------------------------------------------------------------------------- actions
ANY = {}
extend = _wrap('os-extend', {'new_size': size}, required=['new_size'])
reset_status = _wrap('os-reset_status', {
    'status': {'type': ['string', 'null']}, 'attach_status': {'type': ['string', 'null']},
    'migration_status': {'type': ['string', 'null']}})
set_bootable = _wrap('os-set_bootable', {'bootable': boolean}, required=['bootable'])
readonly = _wrap('os-update_readonly_flag', {'readonly': boolean}, required=['readonly'])
retype = _wrap('os-retype', {'new_type': {'type': 'string'},
                             'migration_policy': {'type': ['string', 'null'],
                                                  'enum': ['on-demand', 'never', None]}},
               required=['new_type'])
upload_image = _wrap('os-volume_upload_image', {
    'image_name': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    'force': boolean,
    'disk_format': {'type': 'string',
                    'enum': ['raw', 'vmdk', 'vdi', 'qcow2', 'vhd', 'vhdx', 'ploop']},
    'container_format': description}, required=['image_name'])
upload_image_v31 = copy.deepcopy(upload_image)
upload_image_v31['properties']['os-volume_upload_image']['properties'].update(
    visibility={'type': 'string', 'enum': ['community', 'public', 'private', 'shared']},
    protected=boolean)
attach = _wrap('os-attach', {
    'instance_uuid': uuid,
    'mountpoint': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    'host_name': {'type': 'string', 'maxLength': 255},
    'mode': {'type': 'string', 'enum': ['rw', 'ro']}}, required=['mountpoint'],
    anyOf=[{'required': ['instance_uuid']}, {'required': ['host_name']}])
detach = _wrap('os-detach', {'attachment_id': uuid_allow_null}, nullable=True)
initialize_connection = _wrap('os-initialize_connection',
                              {'connector': {'type': ['object', 'string']}},
                              required=['connector'])
terminate_connection = _wrap('os-terminate_connection',
                             {'connector': {'type': ['string', 'object', 'null']}},
                             required=['connector'])
revert = _wrap('revert', {'snapshot_id': {'type': ['string', 'null']}}, additional=True)
reimage = _wrap('os-reimage', {'image_id': uuid, 'reimage_reserved': boolean},
               required=['image_id'])
image_metadata = {'type': 'object',
                  'patternProperties': {'^[a-zA-Z0-9-_:. /]{1,255}$': {'type': 'string',
                                                                        'maxLength': 65535}},
                  'additionalProperties': False}
set_image_metadata = _wrap('os-set_image_metadata', {'metadata': image_metadata},
                           required=['metadata'])
unset_image_metadata = _wrap('os-unset_image_metadata',
                             {'key': {'type': 'string', 'minLength': 1, 'maxLength': 255}},
                             required=['key'])
migrate_volume_completion = _wrap('os-migrate_volume_completion', {
    'new_volume': uuid, 'error': {'type': ['string', 'null', 'boolean']}},
    required=['new_volume'])
force_detach = _wrap('os-force_detach', {
    'connector': {'type': ['string', 'object', 'null']},
    'attachment_id': {'type': ['string', 'null']}})


def bare(key):
    """An action whose value is not looked at ({"os-reserve": null} and the like)."""
    return {'type': 'object', 'properties': {key: ANY}, 'required': [key],
            'additionalProperties': False}
