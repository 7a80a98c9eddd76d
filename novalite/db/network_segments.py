"""Provider segments of networks (the ``provider`` extension), kept in the network's
``extra`` document: network_type, physical_network, segmentation_id; and which external
network is the default one (``is_default``, also in ``extra``).

What ML2 would take from its type driver configuration is fixed here, as a devstack cloud
has it: flat networks on any physical network (flat_networks = *), VLAN 1-4094 on any
physical network, VXLAN VNIs 1-1000 (devstack's tenant tunnel range), Geneve VNIs 1-65536
(the OVN default); project networks get the next free Geneve VNI.
"""
import sqlalchemy as sa

from novalite import exception_network as errors
from novalite.db import models as M
from novalite.db import session as db

TENANT_TYPE = 'geneve'
RANGES = {'vlan': (1, 4094), 'vxlan': (1, 1000), 'geneve': (1, 65536)}
KEYS = ('provider:network_type', 'provider:physical_network', 'provider:segmentation_id')


def _segments(s, exclude=None):
    for net_id, extra in s.execute(sa.select(M.Network.id, M.Network.extra)):
        segment = (extra or {}).get('segment')
        if segment and net_id != exclude:
            yield segment


def reserve(s, segment, network_id=None):
    """Fill in a missing segmentation id and check the segment is free (409 otherwise)."""
    kind = segment['provider:network_type']
    physnet = segment.get('provider:physical_network')
    seg_id = segment.get('provider:segmentation_id')
    taken = [g for g in _segments(s, network_id) if g['provider:network_type'] == kind]
    if kind == 'flat':
        if any(g['provider:physical_network'] == physnet for g in taken):
            raise errors.FlatNetworkInUse(physical_network=physnet)
        return segment
    if kind not in RANGES:
        return segment
    if kind == 'vlan':
        taken = [g for g in taken if g['provider:physical_network'] == physnet]
    used = {g['provider:segmentation_id'] for g in taken}
    if seg_id is not None:
        if seg_id in used:
            if kind == 'vlan':
                raise errors.SegmentationIdInUse(vlan_id=seg_id, physical_network=physnet)
            raise errors.TunnelIdInUse(tunnel_id=seg_id)
        return segment
    low, high = RANGES[kind]
    for number in range(low, high + 1):
        if number not in used:
            return dict(segment, **{'provider:segmentation_id': number})
    raise errors.NoNetworkAvailable()


def default_external(s, network_id, is_default):
    """is_default of an external network; only one may be the default (Neutron's
    _ensure_external_network_default_value_callback)."""
    if not is_default:
        return False
    for other_id, extra in s.execute(sa.select(M.Network.id, M.Network.extra)
                                     .where(M.Network.external.is_(True))):
        if (extra or {}).get('is_default') and other_id != network_id:
            raise errors.DefaultExternalNetworkExists(net_id=other_id)
    return True


def default_external_networks():
    with db.transaction() as s:
        return [net_id for net_id, extra in s.execute(
            sa.select(M.Network.id, M.Network.extra).where(M.Network.external.is_(True))
            .order_by(M.Network.created_at)) if (extra or {}).get('is_default')]
