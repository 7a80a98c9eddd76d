"""PUT /os-hosts/{host_name} body (Nova's schemas/hosts.py update): ``status`` and/or
``maintenance_mode``, each enable/disable in one of three spellings. Nova nests its anyOf
inside ``properties`` (so it checks nothing and ``{}`` is a 200 with only the host);
novalite applies it, and an empty body is the 400 the API reference promises."""

_enable_disable = {'type': 'string',
                   'enum': ['enable', 'disable', 'Enable', 'Disable', 'ENABLE', 'DISABLE']}

update = {
    'type': 'object',
    'properties': {
        'status': _enable_disable,
        'maintenance_mode': _enable_disable,
    },
    'anyOf': [{'required': ['status']}, {'required': ['maintenance_mode']}],
    'additionalProperties': False,
}
