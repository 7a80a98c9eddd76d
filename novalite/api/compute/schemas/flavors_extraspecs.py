"""os-extra_specs bodies: keys as server metadata keys; values strings or numbers."""
import copy

_KEY = '^[a-zA-Z0-9-_:. ]{1,255}$'

_specs = {'type': 'object',
          'patternProperties': {_KEY: {'type': ['string', 'number'], 'maxLength': 255}},
          'additionalProperties': False}

create = {
    'type': 'object',
    'properties': {'extra_specs': _specs},
    'required': ['extra_specs'],
    'additionalProperties': False,
}

update = copy.deepcopy(_specs)
update.update({'minProperties': 1, 'maxProperties': 1})
