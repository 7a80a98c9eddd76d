"""Request bodies and path values of /servers/{id}/tags (Nova's server_tags schemas, 2.26)."""

MAX_TAG_COUNT = 50
MAX_TAG_LENGTH = 60

# one tag: a non-empty string of at most 60 characters without '/' or ','
tag = {'type': 'string', 'minLength': 1, 'maxLength': MAX_TAG_LENGTH, 'pattern': '^[^,/]*$'}

# PUT /servers/{id}/tags
update_all = {
    'type': 'object',
    'properties': {
        'tags': {'type': 'array', 'items': tag, 'maxItems': MAX_TAG_COUNT},
    },
    'required': ['tags'],
    'additionalProperties': False,
}

# PUT /servers/{id}/tags/{tag}: no body
update = {'type': 'null'}
