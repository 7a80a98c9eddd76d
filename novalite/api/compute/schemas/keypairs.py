"""os-keypairs request bodies, per microversion (Nova's schemas)."""
from novalite.api import validation as v

_TYPE = {'type': 'string', 'enum': ['ssh', 'x509']}


def _create(name, with_type=False, with_user=False):
    props = {'name': name, 'public_key': {'type': 'string'}}
    if with_type:
        props['type'] = _TYPE
    if with_user:
        props['user_id'] = {'type': 'string'}
    return {'type': 'object',
            'properties': {'keypair': {'type': 'object', 'properties': props,
                                       'required': ['name'], 'additionalProperties': False}},
            'required': ['keypair'], 'additionalProperties': False}


create = _create(v.name)
# legacy v2 accepts (and strips) leading and trailing spaces
create_v20 = _create(v.name_with_leading_trailing_spaces)
create_v22 = _create(v.name, with_type=True)
create_v210 = _create(v.name, with_type=True, with_user=True)
