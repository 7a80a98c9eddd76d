"""The ``provider`` extension: provider:network_type, provider:physical_network and
provider:segmentation_id of a network, checked as ML2's type drivers check them (admins only
by policy; novalite/db/network_segments.py has the ranges)."""
from novalite import exception_network as errors
from novalite.db import network_segments

TYPE, PHYSNET, SEG_ID = network_segments.KEYS
TYPES = ('flat', 'vlan', 'vxlan', 'geneve', 'gre', 'local')


def _invalid(msg):
    return errors.InvalidInput(error_message=msg)


def requested(data):
    """The provider attributes of a request (popped), or None when it names none."""
    given = {k: data.pop(k) for k in network_segments.KEYS if k in data}
    return given or None


def segment_for_create(given):
    """ML2's _process_provider_create + validate_provider_segment: the segment to reserve
    (a project network without provider attributes gets a Geneve one)."""
    if given is None:
        return {TYPE: network_segments.TENANT_TYPE, PHYSNET: None, SEG_ID: None}
    kind = given.get(TYPE)
    if not kind:
        raise _invalid('network_type required')
    if kind not in TYPES:
        raise _invalid("network_type value '%s' not supported" % kind)
    segment = {TYPE: kind, PHYSNET: given.get(PHYSNET) or None, SEG_ID: given.get(SEG_ID)}
    _validate(segment)
    return segment


def _validate(segment):
    kind, physnet, seg_id = segment[TYPE], segment[PHYSNET], segment[SEG_ID]
    if kind == 'flat':
        if not physnet:
            raise _invalid('physical_network required for flat provider network')
        if seg_id is not None:
            raise _invalid('%s prohibited for flat provider network' % SEG_ID)
    elif kind == 'vlan':
        if physnet and seg_id is not None and not 1 <= seg_id <= 4094:
            raise _invalid('segmentation_id out of range (1 through 4094)')
        if not physnet and seg_id is not None:
            raise _invalid('segmentation_id requires physical_network for VLAN provider '
                           'network')
    elif kind == 'local':
        for key in (PHYSNET, SEG_ID):
            if segment[key] is not None:
                raise _invalid('%s prohibited for local provider network' % key)
    else:
        if physnet:
            raise _invalid('provider:physical_network specified for %s network' % kind)
        if seg_id is not None and not 1 <= seg_id <= 2 ** 24 - 1:
            raise _invalid('segmentation_id out of range (1 through %s)' % (2 ** 24 - 1))


def check_update(given, net):
    """ML2 updates no provider attribute but a VLAN network's segmentation id."""
    for key in (TYPE, PHYSNET):
        if key in given and given[key] is not None and given[key] != net.get(key):
            raise _invalid('Plugin does not support updating the following provider network '
                           'attributes: %s' % ', '.join((TYPE, PHYSNET)))
    if SEG_ID in given and given[SEG_ID] != net.get(SEG_ID):
        if net.get(TYPE) != 'vlan':
            raise _invalid('Only VLAN type networks can be updated.')
        segment = {TYPE: 'vlan', PHYSNET: net.get(PHYSNET), SEG_ID: given[SEG_ID]}
        _validate(segment)
        return segment
    return None
