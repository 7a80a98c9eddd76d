"""JSON Schemas of the identity request bodies (Keystone's, trimmed to what novalite keeps)."""

_NAME = {'type': 'string', 'minLength': 1, 'maxLength': 64, 'pattern': r'[\S]+'}
_USER_NAME = {'type': 'string', 'minLength': 1, 'maxLength': 255, 'pattern': r'[\S]+'}
_ID = {'type': 'string', 'minLength': 1, 'maxLength': 64, 'pattern': r'^[a-zA-Z0-9_-]+$'}
_NULLABLE_ID = {'type': ['string', 'null'], 'minLength': 1, 'maxLength': 64,
                'pattern': r'^[a-zA-Z0-9_-]+$'}
_DESCRIPTION = {'type': ['string', 'null']}
_BOOLEAN = {'type': 'boolean'}
_TAGS = {'type': 'array', 'maxItems': 80, 'uniqueItems': True,
         'items': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                   'pattern': '^[^,/]*$'}}
_OPTIONS = {'type': 'object'}
_STR = {'type': 'string'}
_NAMED = {'type': 'object', 'properties': {'id': _STR, 'name': _STR}}

# ----------------------------------------------------------------------------- auth
token_issue = {
    'type': 'object',
    'properties': {
        'identity': {
            'type': 'object',
            'properties': {
                'methods': {'type': 'array', 'items': _STR},
                'password': {
                    'type': 'object',
                    'properties': {
                        'user': {
                            'type': 'object',
                            'properties': {'id': _STR, 'name': _STR, 'password': _STR,
                                           'domain': _NAMED},
                        },
                    },
                },
                'token': {'type': 'object', 'properties': {'id': _STR},
                          'required': ['id']},
            },
            'required': ['methods'],
        },
        'scope': {
            'type': ['object', 'string'],
            'properties': {
                'project': {'type': 'object',
                            'properties': {'id': _STR, 'name': _STR, 'domain': _NAMED}},
                'domain': _NAMED,
                'OS-TRUST:trust': {'type': 'object', 'properties': {'id': _STR}},
                'system': {'type': 'object', 'properties': {'all': _BOOLEAN}},
            },
        },
    },
    'required': ['identity'],
}

v2_token_issue = {
    'type': 'object',
    'properties': {
        'passwordCredentials': {
            'type': 'object',
            'properties': {'username': _STR, 'userId': _STR, 'password': _STR},
        },
        'token': {'type': 'object', 'properties': {'id': _STR}, 'required': ['id']},
        'tenantId': _STR,
        'tenantName': _STR,
    },
}

# ----------------------------------------------------------------------------- resources
_domain_properties = {
    'name': _NAME, 'description': _DESCRIPTION, 'enabled': _BOOLEAN, 'tags': _TAGS,
    'options': _OPTIONS,
}
domain_create = {
    'type': 'object',
    'properties': dict(_domain_properties, explicit_domain_id=_ID),
    'required': ['name'],
    'additionalProperties': True,
}
domain_update = {
    'type': 'object',
    'properties': _domain_properties,
    'minProperties': 1,
    'additionalProperties': True,
}

_project_properties = {
    'name': _NAME, 'description': _DESCRIPTION, 'enabled': _BOOLEAN, 'is_domain': _BOOLEAN,
    'domain_id': _NULLABLE_ID, 'parent_id': _NULLABLE_ID, 'tags': _TAGS, 'options': _OPTIONS,
}
project_create = {
    'type': 'object',
    'properties': _project_properties,
    'required': ['name'],
    'additionalProperties': True,
}
project_update = {
    'type': 'object',
    'properties': _project_properties,
    'minProperties': 1,
    'additionalProperties': True,
}

_user_properties = {
    'name': _USER_NAME, 'description': _DESCRIPTION, 'enabled': _BOOLEAN,
    'domain_id': _ID, 'default_project_id': _NULLABLE_ID,
    'password': {'type': ['string', 'null']}, 'email': {'type': ['string', 'null']},
    'options': _OPTIONS,
}
user_create = {
    'type': 'object',
    'properties': _user_properties,
    'required': ['name'],
    'additionalProperties': True,
}
user_update = {
    'type': 'object',
    'properties': _user_properties,
    'minProperties': 1,
    'additionalProperties': True,
}
password_change = {
    'type': 'object',
    'properties': {'original_password': _STR, 'password': _STR},
    'required': ['original_password', 'password'],
    'additionalProperties': False,
}

_role_properties = {
    'name': {'type': 'string', 'minLength': 1, 'maxLength': 255, 'pattern': r'[\S]+'},
    'description': _DESCRIPTION, 'domain_id': _NULLABLE_ID, 'options': _OPTIONS,
}
role_create = {
    'type': 'object',
    'properties': _role_properties,
    'required': ['name'],
    'additionalProperties': True,
}
role_update = {
    'type': 'object',
    'properties': _role_properties,
    'minProperties': 1,
    'additionalProperties': True,
}

_group_properties = {'name': _USER_NAME, 'description': _DESCRIPTION, 'domain_id': _ID}
group_create = {
    'type': 'object',
    'properties': _group_properties,
    'required': ['name'],
    'additionalProperties': True,
}
group_update = {
    'type': 'object',
    'properties': {'name': _USER_NAME, 'description': _DESCRIPTION},
    'minProperties': 1,
    'additionalProperties': True,
}

# ----------------------------------------------------------------------------- catalog
_REGION_ID = {'type': ['string', 'null'], 'minLength': 1, 'maxLength': 255}
_region_properties = {'description': _DESCRIPTION, 'id': _REGION_ID,
                      'parent_region_id': _REGION_ID}
region_create = {
    'type': 'object',
    'properties': dict(_region_properties, id={'type': ['string', 'null'], 'minLength': 0,
                                               'maxLength': 255}),
    'additionalProperties': True,
}
region_update = {
    'type': 'object',
    'properties': _region_properties,
    'minProperties': 1,
    'additionalProperties': True,
}

_service_properties = {
    'enabled': _BOOLEAN,
    'type': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    'name': {'type': 'string', 'minLength': 1, 'maxLength': 255},
}
service_create = {
    'type': 'object',
    'properties': _service_properties,
    'required': ['type'],
    'additionalProperties': True,
}
service_update = {
    'type': 'object',
    'properties': _service_properties,
    'minProperties': 1,
    'additionalProperties': True,
}

_INTERFACES = ['admin', 'internal', 'public']
_endpoint_properties = {
    'enabled': _BOOLEAN,
    'interface': {'type': 'string', 'enum': _INTERFACES},
    'region_id': {'type': ['string', 'null']},
    'region': {'type': ['string', 'null']},
    'service_id': _STR,
    'url': {'type': 'string', 'minLength': 0, 'maxLength': 225,
            'pattern': '^[a-zA-Z0-9+.-]+:.+'},
    'name': _STR,
    'description': _DESCRIPTION,
}
endpoint_create = {
    'type': 'object',
    'properties': dict(_endpoint_properties, id=_STR),
    'required': ['interface', 'service_id', 'url'],
    'additionalProperties': True,
}
endpoint_update = {
    'type': 'object',
    'properties': _endpoint_properties,
    'minProperties': 1,
    'additionalProperties': True,
}
endpoint_list_query = {
    'type': 'object',
    'properties': {'interface': {'type': 'string', 'enum': _INTERFACES}},
}
