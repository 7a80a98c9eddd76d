"""Glance's JSON schemas (GET /v2/schemas/image[s], member[s]); image bodies are validated
with them."""
import copy

import jsonschema

from novalite import exception_image as errors

DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso',
                'ploop']
CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed']
STATUSES = ['queued', 'saving', 'active', 'killed', 'deleted', 'uploading', 'importing',
            'pending_delete', 'deactivated']
VISIBILITIES = ['community', 'public', 'private', 'shared']
UUID_PATTERN = ('^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}'
                '-([0-9a-fA-F]){12}$')


def _prop(kind, description, read_only=False, **extra):
    prop = {'type': kind, 'description': description}
    if read_only:
        prop['readOnly'] = True
    prop.update(extra)
    return prop


def _base_properties():
    nullable_string = ['null', 'string']
    return {
        'id': _prop('string', 'An identifier for the image', pattern=UUID_PATTERN),
        'name': _prop(nullable_string, 'Descriptive name for the image', maxLength=255),
        'status': _prop('string', 'Status of the image', True, enum=STATUSES),
        'visibility': _prop('string', 'Scope of image accessibility', enum=VISIBILITIES),
        'protected': _prop('boolean', 'If true, image will not be deletable.'),
        'os_hidden': _prop('boolean', 'If true, image will not appear in default image '
                                      'list response.'),
        'checksum': _prop(nullable_string, 'md5 hash of image contents.', True,
                          maxLength=32),
        'os_hash_algo': _prop(nullable_string, 'Algorithm to calculate the os_hash_value',
                              True, maxLength=64),
        'os_hash_value': _prop(nullable_string, 'Hexdigest of the image contents using the '
                                                'algorithm specified by the os_hash_algo',
                               True, maxLength=128),
        'owner': _prop(nullable_string, 'Owner of the image', maxLength=255),
        'size': _prop(['null', 'integer'], 'Size of image file in bytes', True),
        'virtual_size': _prop(['null', 'integer'], 'Virtual size of image in bytes', True),
        'container_format': _prop(nullable_string, 'Format of the container',
                                  enum=[None] + CONTAINER_FORMATS),
        'disk_format': _prop(nullable_string, 'Format of the disk',
                             enum=[None] + DISK_FORMATS),
        'created_at': _prop('string', 'Date and time of image registration', True),
        'updated_at': _prop('string', 'Date and time of the last image modification', True),
        'tags': _prop('array', 'List of strings related to the image',
                      items={'type': 'string', 'maxLength': 255}),
        'direct_url': _prop('string', 'URL to access the image file kept in external store',
                            True),
        'min_ram': _prop('integer', 'Amount of ram (in MB) required to boot image.'),
        'min_disk': _prop('integer', 'Amount of disk space (in GB) required to boot image.'),
        'self': _prop('string', 'An image self url', True),
        'file': _prop('string', 'An image file url', True),
        'stores': _prop('string', 'Store in which image data resides.', True),
        'schema': _prop('string', 'An image schema url', True),
        'locations': _prop('array', 'A set of URLs to access the image file kept in '
                                    'external store',
                           items={'type': 'object', 'required': ['url', 'metadata'],
                                  'properties': {'url': {'type': 'string', 'maxLength': 255},
                                                 'metadata': {'type': 'object'}}}),
    }


def _custom_properties():
    """The well-known optional properties Glance ships in schema-image.json."""
    uuid_or_null = {'type': ['null', 'string'], 'pattern': UUID_PATTERN}
    props = {
        'kernel_id': dict(uuid_or_null, description='ID of image stored in Glance that '
                          'should be used as the kernel when booting an AMI-style image.'),
        'ramdisk_id': dict(uuid_or_null, description='ID of image stored in Glance that '
                           'should be used as the ramdisk when booting an AMI-style image.'),
        'instance_uuid': {'type': 'string', 'description': 'Metadata which can be used to '
                          'record which instance this image is associated with.'},
        'architecture': {'type': 'string', 'description': 'Operating system architecture'},
        'os_distro': {'type': 'string', 'description': 'Common name of operating system '
                      'distribution'},
        'os_version': {'type': 'string', 'description': 'Operating system version as '
                       'specified by the distributor'},
        'description': {'type': 'string', 'description': 'A human-readable string '
                        'describing this image.'},
    }
    for prop in props.values():
        prop['is_base'] = False
    return props


BASE_PROPERTIES = frozenset(_base_properties())


def image_schema():
    properties = _base_properties()
    properties.update(_custom_properties())
    return {
        'name': 'image',
        'properties': properties,
        'additionalProperties': {'type': 'string'},
        'links': [{'rel': 'self', 'href': '{self}'},
                  {'rel': 'enclosure', 'href': '{file}'},
                  {'rel': 'describedby', 'href': '{schema}'}],
    }


def images_schema():
    return {
        'name': 'images',
        'properties': {
            'images': {'type': 'array', 'items': image_schema()},
            'first': {'type': 'string'},
            'next': {'type': 'string'},
            'schema': {'type': 'string'},
        },
        'links': [{'rel': 'first', 'href': '{first}'},
                  {'rel': 'next', 'href': '{next}'},
                  {'rel': 'describedby', 'href': '{schema}'}],
    }


def member_schema():
    """GET /v2/schemas/member: Glance's member schema (no extra properties)."""
    return {
        'name': 'member',
        'properties': {
            'member_id': {'type': 'string',
                          'description': 'An identifier for the image member (tenantId)'},
            'image_id': {'type': 'string', 'description': 'An identifier for the image',
                         'pattern': UUID_PATTERN},
            'created_at': {'type': 'string',
                           'description': 'Date and time of image member creation'},
            'updated_at': {'type': 'string', 'description': 'Date and time of last '
                                                            'modification of image member'},
            'status': {'type': 'string', 'description': 'The status of this image member',
                       'enum': ['pending', 'accepted', 'rejected']},
            'schema': {'readOnly': True, 'type': 'string'},
        },
        'additionalProperties': False,
    }


def members_schema():
    return {
        'name': 'members',
        'properties': {
            'members': {'type': 'array', 'items': member_schema()},
            'first': {'type': 'string'},
            'next': {'type': 'string'},
            'schema': {'type': 'string'},
        },
        'links': [{'rel': 'first', 'href': '{first}'},
                  {'rel': 'next', 'href': '{next}'},
                  {'rel': 'describedby', 'href': '{schema}'}],
    }


_VALIDATOR = jsonschema.Draft4Validator(image_schema())


def validate(obj):
    """Validate (part of) an image against the image schema; 400 as Glance words it."""
    error = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(obj))
    if error is not None:
        raise errors.InvalidObject(schema='image', reason=error.message)


class SchemasController:

    def __init__(self, conf):
        self.conf = conf
        self._image = image_schema()
        self._images = images_schema()
        self._member = member_schema()
        self._members = members_schema()

    def image(self, req):
        return copy.deepcopy(self._image)

    def images(self, req):
        return copy.deepcopy(self._images)

    def member(self, req):
        return copy.deepcopy(self._member)

    def members(self, req):
        return copy.deepcopy(self._members)
