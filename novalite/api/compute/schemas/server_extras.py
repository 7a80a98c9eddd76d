"""Request schemas of the servers API from microversion 2.48 on (Nova's schemas/servers.py,
interfaces.py, lock_server.py): create tags, personality, trusted certificates, requested
destination, hostname; server update hostname; lock reason; os-interface attach."""
import copy

from novalite.api import validation as v
from novalite.api.compute.schemas import server_tags

create_tags = {'type': 'array', 'items': server_tags.tag,
               'maxItems': server_tags.MAX_TAG_COUNT}

personality = {
    'type': 'array',
    'items': {'type': 'object',
              'properties': {'path': {'type': 'string'},
                             'contents': {'type': 'string'}},
              'required': ['path', 'contents'],
              'additionalProperties': False},
}

trusted_certs = {'type': ['array', 'null'], 'minItems': 1, 'maxItems': 50,
                 'uniqueItems': True,
                 'items': {'type': 'string', 'minLength': 1}}

# a compute host or node name
host = {'type': 'string', 'minLength': 1, 'maxLength': 255, 'pattern': '^[a-zA-Z0-9-._]*$'}

# 2.90: a hostname label; 2.94: a fully qualified domain name
hostname = {'type': 'string', 'minLength': 2, 'maxLength': 63,
            'pattern': r'^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$'}
_label = r'[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?'
fqdn = {'type': 'string', 'minLength': 2, 'maxLength': 255,
        'pattern': r'^%s(\.%s)*$' % (_label, _label)}

# POST /servers/{id}/action {"lock": {"locked_reason": ...}} (2.73)
lock_v273 = {
    'type': 'object',
    'properties': {'lock': {
        'type': ['object', 'null'],
        'properties': {'locked_reason': {'type': 'string', 'minLength': 1,
                                         'maxLength': 255}},
        'additionalProperties': False}},
    'required': ['lock'],
    'additionalProperties': False,
}

# POST /servers/{id}/os-interface
_fixed_ip = {'type': 'object',
             'properties': {'ip_address': {'type': 'string', 'oneOf': [{'format': 'ipv4'},
                                                                       {'format': 'ipv6'}]}},
             'required': ['ip_address'], 'additionalProperties': False}
interface_create = {
    'type': 'object',
    'properties': {'interfaceAttachment': {
        'type': 'object',
        'properties': {'net_id': v.uuid_type, 'port_id': v.uuid_type,
                       'fixed_ips': {'type': 'array', 'minItems': 1, 'maxItems': 1,
                                     'items': _fixed_ip}},
        'additionalProperties': False}},
    'additionalProperties': False,
}
interface_create_v249 = copy.deepcopy(interface_create)
interface_create_v249['properties']['interfaceAttachment']['properties']['tag'] = {
    'type': 'string', 'maxLength': 60, 'pattern': '^[^,/]*$'}
