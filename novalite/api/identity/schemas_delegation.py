"""Request bodies of application credentials, trusts, credentials and policies (Keystone's
schemas: application_credential/schema.py, trust/schema.py, credential/schema.py,
policy/schema.py)."""

_NAME = {'type': 'string', 'minLength': 1, 'maxLength': 255, 'pattern': r'[\S]+'}
_ID = {'type': 'string', 'minLength': 1, 'maxLength': 64, 'pattern': r'^[a-zA-Z0-9_-]+$'}
_NULLABLE_STR = {'type': ['string', 'null']}
_ROLE_REF = {
    'type': 'object',
    'properties': {'id': _ID, 'name': _NAME},
    'minProperties': 1, 'maxProperties': 1, 'additionalProperties': False,
}

access_rule = {
    'type': 'object',
    'properties': {
        'id': _ID,
        'path': {'type': 'string', 'minLength': 0, 'maxLength': 225, 'pattern': r'^/.*'},
        'service': {'type': 'string', 'minLength': 1, 'maxLength': 64},
        'method': {'type': 'string', 'enum': ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT']},
    },
    'additionalProperties': False,
}

application_credential_create = {
    'type': 'object',
    'properties': {
        'id': {'type': 'string'},
        'name': _NAME,
        'description': _NULLABLE_STR,
        'secret': _NULLABLE_STR,
        'expires_at': _NULLABLE_STR,
        'roles': {'type': 'array', 'items': _ROLE_REF},
        'unrestricted': {'type': ['boolean', 'null']},
        'access_rules': {'type': 'array', 'items': access_rule},
        'system': _NULLABLE_STR,
    },
    'required': ['name'],
    'additionalProperties': False,
}

trust_create = {
    'type': 'object',
    'properties': {
        'trustor_user_id': {'type': 'string', 'minLength': 1},
        'trustee_user_id': {'type': 'string', 'minLength': 1},
        'impersonation': {'type': 'boolean'},
        'project_id': {'type': ['string', 'null'], 'minLength': 1, 'maxLength': 64},
        'roles': {'type': 'array', 'items': _ROLE_REF},
        'expires_at': _NULLABLE_STR,
        'remaining_uses': {'type': ['integer', 'null'], 'minimum': 1},
        'allow_redelegation': {'type': ['boolean', 'null']},
        'redelegation_count': {'type': ['integer', 'null'], 'minimum': 0},
    },
    'required': ['trustor_user_id', 'trustee_user_id', 'impersonation'],
    'additionalProperties': True,
}

_credential_properties = {
    'blob': {'type': 'string'},
    'project_id': {'type': 'string'},
    'type': {'type': 'string'},
    'user_id': {'type': 'string'},
}
credential_create = {
    'type': 'object',
    'properties': _credential_properties,
    'additionalProperties': True,
    'required': ['blob', 'type', 'user_id'],
}
credential_update = {
    'type': 'object',
    'properties': _credential_properties,
    'minProperties': 1,
    'additionalProperties': True,
}

ec2_credential_create = {
    'type': 'object',
    'properties': {'tenant_id': {'type': 'string'}},
    'required': ['tenant_id'],
    'additionalProperties': True,
}

_policy_properties = {
    'blob': {'type': 'string'},
    'type': {'type': 'string', 'maxLength': 255},
}
policy_create = {
    'type': 'object',
    'properties': _policy_properties,
    'required': ['blob', 'type'],
    'additionalProperties': True,
}
policy_update = {
    'type': 'object',
    'properties': _policy_properties,
    'minProperties': 1,
    'additionalProperties': True,
}
