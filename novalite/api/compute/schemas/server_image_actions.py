"""Request schemas of the image-backed server actions, per microversion (Nova's
create_image, create_backup, shelve/unshelve (2.77, 2.91) and rebuild (2.19, 2.54, 2.57,
2.63, 2.90, 2.94) schemas)."""
import copy

from novalite.api import microversion as mv
from novalite.api import validation as v


def _action(name, body):
    return {'type': 'object', 'properties': {name: body}, 'required': [name],
            'additionalProperties': False}


CREATE_IMAGE = _action('createImage', {
    'type': 'object',
    'properties': {'name': v.name, 'metadata': v.metadata},
    'required': ['name'],
    'additionalProperties': False,
})

CREATE_BACKUP = _action('createBackup', {
    'type': 'object',
    'properties': {'name': v.name, 'backup_type': {'type': 'string'},
                   'rotation': v.non_negative_integer, 'metadata': v.metadata},
    'required': ['name', 'backup_type', 'rotation'],
    'additionalProperties': False,
})

UNSHELVE_V277 = _action('unshelve', {
    'type': ['object', 'null'],
    'properties': {'availability_zone': v.name},
    # {"unshelve": {}} is not allowed: null, or an object that names the zone
    'required': ['availability_zone'],
    'additionalProperties': False,
})

UNSHELVE_V291 = _action('unshelve', {
    'oneOf': [
        {'type': 'object',
         'properties': {'availability_zone': {'oneOf': [{'type': 'null'},
                                                        {'type': 'string'}]},
                        'host': {'type': 'string'}},
         'additionalProperties': False},
        {'type': 'null'},
    ],
})


def unshelve(version):
    """None below 2.77: Nova validates nothing there."""
    if version >= mv.UNSHELVE_HOST:
        return UNSHELVE_V291
    if version >= mv.UNSHELVE_AZ:
        return UNSHELVE_V277
    return None


PERSONALITY = {
    'type': 'array',
    'items': {
        'type': 'object',
        'properties': {'path': {'type': 'string'},
                       'contents': {'type': 'string', 'format': 'base64'}},
        'additionalProperties': False,
    },
}
HOSTNAME = {'type': 'string', 'minLength': 2, 'maxLength': 63,
            'pattern': '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$'}
FQDN = {'type': 'string', 'minLength': 2, 'maxLength': 255,
        'pattern': '^[a-zA-Z0-9]+[a-zA-Z0-9-._]*[a-zA-Z0-9]+$'}
TRUSTED_CERTS = {'type': ['array', 'null'], 'minItems': 1, 'maxItems': 50,
                 'uniqueItems': True,
                 'items': {'type': 'string', 'minLength': 1}}


def rebuild(version):
    props = {
        'name': v.name,
        'imageRef': v.image_ref,
        'adminPass': v.admin_password,
        'metadata': v.metadata,
        'preserve_ephemeral': v.boolean,
        'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
        'accessIPv4': v.ipv4,
        'accessIPv6': v.ipv6,
        'personality': PERSONALITY,
    }
    if version >= mv.DESCRIPTION:
        props['description'] = v.description
    if version >= mv.REBUILD_KEY_NAME:
        props['key_name'] = {'anyOf': [{'type': 'null'}, v.name]}
    if version >= mv.NO_PERSONALITY:
        del props['personality']
        props['user_data'] = {'type': ['string', 'null'], 'format': 'base64',
                              'maxLength': 65535}
    if version >= mv.TRUSTED_CERTS:
        props['trusted_image_certificates'] = TRUSTED_CERTS
    if version >= mv.HOSTNAME:
        props['hostname'] = FQDN if version >= mv.HOSTNAME_FQDN else HOSTNAME
    return _action('rebuild', {
        'type': 'object',
        'properties': copy.deepcopy(props),
        'required': ['imageRef'],
        'additionalProperties': False,
    })
