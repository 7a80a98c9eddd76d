"""os-keypairs request bodies, per microversion (Nova's schemas)."""
from novalite.api import validation as v

_TYPE = {'type': 'string', 'enum': ['ssh', 'x509']}


def _create(name, with_type=False, with_user=False, import_only=False):
    props = {'name': name, 'public_key': {'type': 'string'}}
    if with_type:
        props['type'] = _TYPE
    if with_user:
        props['user_id'] = {'type': 'string'}
    return {'type': 'object',
            'properties': {'keypair': {'type': 'object', 'properties': props,
                                       'required': ['name'] + (['public_key'] if import_only
                                                               else []),
                                       'additionalProperties': False}},
            'required': ['keypair'], 'additionalProperties': False}


create = _create(v.name)
# legacy v2 accepts (and strips) leading and trailing spaces
create_v20 = _create(v.name_with_leading_trailing_spaces)
create_v22 = _create(v.name, with_type=True)
create_v210 = _create(v.name, with_type=True, with_user=True)
# 2.92: import only (public_key required); names may also hold '@' and '.'
name_v292 = {'type': 'string', 'minLength': 1, 'maxLength': 255,
             'pattern': '^[a-zA-Z0-9 @._-]+$'}
create_v292 = _create(name_v292, with_type=True, with_user=True, import_only=True)
