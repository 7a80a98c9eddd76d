from novalite import exception
from novalite.api import microversion as mv
from novalite.api import validation as v
from novalite.api.compute import server_create


def _bdm_schema(version):
    props = {
        'source_type': {'type': 'string', 'enum': ['volume', 'image', 'snapshot', 'blank']},
        'destination_type': {'type': 'string', 'enum': ['local', 'volume']},
        'uuid': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                 'pattern': '^[a-zA-Z0-9._-]*$'},
        'boot_index': {'type': ['integer', 'string', 'null'], 'pattern': '^-?[0-9]+$'},
        'volume_size': {'type': ['integer', 'string', 'null'], 'pattern': '^[0-9]+$'},
        'delete_on_termination': v.boolean,
        'device_name': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'guest_format': {'type': 'string', 'maxLength': 255},
        'disk_bus': {'type': 'string', 'maxLength': 255},
        'device_type': {'type': 'string', 'maxLength': 255},
        'no_device': {},
        'connection_info': {'type': 'string', 'maxLength': 16777215},
    }
    if mv.DEVICE_TAGS <= version < mv.NETWORKS_REQUIRED or version >= mv.DEVICE_TAGS_RESTORED:
        props['tag'] = {'type': 'string', 'maxLength': 60, 'pattern': '^[^,/]*$'}
    if version >= mv.BDM_VOLUME_TYPE:
        props['volume_type'] = {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255}
    return {'type': 'array', 'items': {'type': 'object', 'properties': props,
                                       'additionalProperties': False}}


class BlockDeviceMapping(server_create.Plugin):
    """block_device_mapping_v2: the root disk from an image (local) or a volume (boot from
    volume: an existing volume, or a new one from an image, a snapshot or blank), and data
    volumes; compute.api.API.create checks what the mappings name (compute/block_device.py).
    """

    def schema(self, version):
        return {'block_device_mapping_v2': _bdm_schema(version)}, {}, []

    def server_create(self, server, create_req, body, req):
        bdms = server.get('block_device_mapping_v2')
        if not bdms:
            return
        for bdm in bdms:
            if bdm.get('source_type') in ('volume', 'snapshot') and \
                    bdm.get('destination_type') == 'local':
                raise exception.Invalid('Block Device Mapping is Invalid: Mapping image to '
                                        'local is not supported.')
            if bdm.get('source_type') == 'image' and not bdm.get('uuid'):
                raise exception.Invalid('Block Device Mapping is Invalid: image source needs '
                                        'a uuid.')
        boot = [b for b in bdms if str(b.get('boot_index')) == '0']
        if len(boot) > 1:
            raise exception.Invalid('Block Device Mapping is Invalid: Boot sequence for the '
                                    'instance and image/block device mapping combination is '
                                    'not valid.')
        create_req.block_device_mapping = bdms
