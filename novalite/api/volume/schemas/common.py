"""Schema fragments of the block-storage API (Cinder's parameter_types)."""
import copy

from novalite.api import validation

name = {'type': 'string', 'minLength': 1, 'maxLength': 255,
        'pattern': r'^[^\x00-\x1f\x7f]*$'}
update_name = {'type': ['string', 'null'], 'minLength': 1, 'maxLength': 255}
name_allow_zero_min_length = {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255}
description = {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255,
               'pattern': r'^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$'}
boolean = validation.boolean
uuid = {'type': 'string', 'format': 'uuid'}
uuid_allow_null = {'oneOf': [uuid, {'type': 'null'}]}

extra_specs = {
    'type': 'object',
    'patternProperties': {'^[a-zA-Z0-9-_:. /]{1,255}$': {'type': 'string',
                                                          'maxLength': 255}},
    'additionalProperties': False,
}
extra_specs_with_null = copy.deepcopy(extra_specs)
extra_specs_with_null['patternProperties']['^[a-zA-Z0-9-_:. /]{1,255}$']['type'] = [
    'string', 'null']
extra_specs_with_no_spaces_key = {
    'type': 'object',
    'patternProperties': {'^[a-zA-Z0-9-_:.]{1,255}$': {'type': ['string', 'null'],
                                                        'minLength': 0, 'maxLength': 255}},
    'additionalProperties': False,
}
metadata_allows_null = copy.deepcopy(extra_specs)
metadata_allows_null['type'] = ['object', 'null']
