"""os-server-groups request bodies (Nova's schemas): one policy, soft ones from 2.15."""
import copy

from novalite.api import validation as v

POLICIES = ['anti-affinity', 'affinity']
SOFT_POLICIES = ['soft-anti-affinity', 'soft-affinity']


def _create(name, policies):
    return {'type': 'object',
            'properties': {'server_group': {
                'type': 'object',
                'properties': {'name': name,
                               'policies': {'type': 'array',
                                            'items': [{'type': 'string', 'enum': policies}],
                                            'uniqueItems': True, 'minItems': 1,
                                            'maxItems': 1, 'additionalItems': False}},
                'required': ['name', 'policies'], 'additionalProperties': False}},
            'required': ['server_group'], 'additionalProperties': False}


create = _create(v.name, POLICIES)
create_v20 = _create(copy.deepcopy(v.name_with_leading_trailing_spaces), POLICIES)
create_v215 = _create(v.name, POLICIES + SOFT_POLICIES)


# 2.64: one policy and its rules (max_server_per_host, anti-affinity only)
create_v264 = {
    'type': 'object',
    'properties': {'server_group': {
        'type': 'object',
        'properties': {
            'name': v.name,
            'policy': {'type': 'string', 'enum': POLICIES + SOFT_POLICIES},
            'rules': {'type': 'object',
                      'properties': {'max_server_per_host': {
                          'type': ['integer', 'string'], 'pattern': '^[0-9]*$',
                          'minimum': 1, 'minLength': 1}},
                      'additionalProperties': False},
        },
        'required': ['name', 'policy'], 'additionalProperties': False}},
    'required': ['server_group'], 'additionalProperties': False}
