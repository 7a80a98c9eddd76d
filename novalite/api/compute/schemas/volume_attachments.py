"""Request schemas of os-volume_attachments (Nova's schemas/volume_attachments.py)."""
import copy

from novalite.api import validation as v

# Nova's match_device() pattern of nova/block_device.py
device = {'type': ['string', 'null'],
          'pattern': '(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$'}
tag = {'type': 'string', 'maxLength': 60, 'pattern': '^[^,/]*$'}

create = {
    'type': 'object',
    'properties': {'volumeAttachment': {
        'type': 'object',
        'properties': {'volumeId': v.uuid_type, 'device': device},
        'required': ['volumeId'],
        'additionalProperties': False}},
    'required': ['volumeAttachment'],
    'additionalProperties': False,
}
create_v249 = copy.deepcopy(create)
create_v249['properties']['volumeAttachment']['properties']['tag'] = tag
create_v279 = copy.deepcopy(create_v249)
create_v279['properties']['volumeAttachment']['properties']['delete_on_termination'] = \
    v.boolean

update = copy.deepcopy(create)
del update['properties']['volumeAttachment']['properties']['device']

# 2.85: what GET shows may be sent back; only delete_on_termination (and volumeId, a swap)
# may differ
update_v285 = copy.deepcopy(create)
update_v285['properties']['volumeAttachment']['properties'].update(
    tag=tag, delete_on_termination=v.boolean, serverId=v.uuid_type, id=v.uuid_type)

index_query = {'type': 'object',
               'properties': {'limit': v.non_negative_integer,
                              'offset': v.non_negative_integer},
               'additionalProperties': True}
index_query_v275 = dict(index_query, additionalProperties=False)
