"""Request bodies of /servers/{id}/metadata (Nova's server_metadata schemas)."""
import copy

from novalite.api import validation

# POST /servers/{id}/metadata (merge) and PUT /servers/{id}/metadata (replace all)
create = {
    'type': 'object',
    'properties': {'metadata': validation.metadata},
    'required': ['metadata'],
    'additionalProperties': False,
}
update_all = copy.deepcopy(create)

# PUT /servers/{id}/metadata/{key}: exactly one item
_one_item = dict(copy.deepcopy(validation.metadata), minProperties=1, maxProperties=1)
update = {
    'type': 'object',
    'properties': {'meta': _one_item},
    'required': ['meta'],
    'additionalProperties': False,
}
