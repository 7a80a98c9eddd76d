"""Request schemas of the servers resource. The create schema is the base below plus the
fragments of the server-create plugins (novalite/api/compute/server_create/)."""
import copy

from novalite.api import microversion as mv
from novalite.api import validation as v
from novalite.api.compute.schemas import server_extras


def base_create(version):
    server = {
        'type': 'object',
        'properties': {
            'name': v.name,
            'imageRef': v.image_ref,
            'flavorRef': v.flavor_ref,
            'adminPass': v.admin_password,
        },
        'required': ['name', 'flavorRef'],
        'additionalProperties': False,
    }
    return {
        'type': 'object',
        'properties': {'server': server},
        'required': ['server'],
        'additionalProperties': False,
    }


def create(version, legacy_v2, fragments):
    """The whole create schema for one microversion; ``fragments`` are the plugins'
    (server properties, top-level properties, required server properties)."""
    schema = base_create(version)
    server = schema['properties']['server']
    for server_props, top_props, required in fragments:
        server['properties'].update(copy.deepcopy(server_props))
        schema['properties'].update(copy.deepcopy(top_props))
        server['required'].extend(required)
    if legacy_v2:
        server['additionalProperties'] = True
        schema['additionalProperties'] = True
    return schema


def update(version):
    props = {'name': v.name, 'accessIPv4': v.ipv4, 'accessIPv6': v.ipv6,
             'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']}}
    if version >= mv.DESCRIPTION:
        props['description'] = v.description
    if version >= mv.HOSTNAME:  # 2.90 a hostname, 2.94 an FQDN
        props['hostname'] = (server_extras.fqdn if version >= mv.HOSTNAME_FQDN
                             else server_extras.hostname)
    if version >= mv.PIN_AZ_UPDATE:  # 2.104: null unpins, the current zone re-pins
        props['pinned_availability_zone'] = {'oneOf': [v.name, {'type': 'null'}]}
    return {'type': 'object',
            'properties': {'server': {'type': 'object', 'properties': props,
                                      'additionalProperties': False}},
            'required': ['server'], 'additionalProperties': False}
