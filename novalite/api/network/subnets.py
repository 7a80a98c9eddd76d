"""Neutron subnets: /v2.0/subnets[/{id}], with Neutron's CIDR, gateway and pool rules."""
import netaddr

from novalite import exception_network as errors
from novalite.api import wsgi
from novalite.api.network import attributes
from novalite.api.network import common
from novalite.api.network import revisions
from novalite.api.network import networks
from novalite.api.network import subnetpools
from novalite.db import network as network_db
from novalite.db import network_quotas

FILTERABLE = ('id', 'name', 'ip_version', 'network_id', 'cidr', 'gateway_ip', 'enable_dhcp',
              'tenant_id', 'project_id', 'ipv6_ra_mode', 'ipv6_address_mode',
              'subnetpool_id', 'description', 'revision_number', 'service_types')
PUSHDOWN = {'id': 'id', 'network_id': 'network_id', 'name': 'name',
            'project_id': 'project_id', 'tenant_id': 'project_id'}


def _not_found(subnet_id):
    return errors.SubnetNotFound(subnet_id=subnet_id)


class SubnetsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        ctx = req.context
        fields = common.requested_fields(req)
        subnets = network_db.subnet_list(common.scope(ctx),
                                         with_tags=common.wants_tags(req, fields),
                                         **common.pushdown(req, PUSHDOWN))
        subnets = [s for s in subnets
                   if common.allowed(ctx, 'get_subnet', common.child_target(s))]
        return common.index(req, 'subnets', subnets, common.view, FILTERABLE, _not_found)

    def show(self, req, id):
        subnet = network_db.subnet_get(id)
        if subnet is None or not common.allowed(req.context, 'get_subnet',
                                                common.child_target(subnet)):
            raise _not_found(id)
        return {'subnet': common.select_fields(req, common.view(subnet))}

    def create(self, req, body=None):
        return common.create(req, body, 'subnet', 'subnets', self._create, self._undo)

    def _create(self, ctx, data):
        data = attributes.prepare(attributes.SUBNET, data, ctx, create=True)
        net = networks.get_visible(ctx, data['network_id'])
        common.authorize(ctx, 'create_subnet',
                         common.child_target(data, common.net_ref(net)))
        subnetpools.allocate_cidr(ctx, data)
        validate_new(data)
        return common.view(network_db.subnet_create(
            data, quota=network_quotas.guard('subnet', data['project_id'])))

    def _undo(self, ctx, subnet_id):
        network_db.subnet_delete(subnet_id)

    def update(self, req, id, body=None):
        ctx = req.context
        values = common.update_body(body, 'subnet', attributes.SUBNET, ctx)
        subnet = network_db.subnet_get(id)
        if subnet is None:
            raise _not_found(id)
        common.check_writable(ctx, 'update_subnet', common.child_target(subnet),
                              'get_subnet', _not_found(id))
        revisions.check(req, subnet)
        merged = dict(subnet, **values)
        if 'gateway_ip' in values or 'allocation_pools' in values:
            check_gateway(merged['cidr'], merged['gateway_ip'])
            check_pools(merged['cidr'], merged['allocation_pools'], merged['gateway_ip'])
        return {'subnet': common.view(network_db.subnet_update(id, values))}

    @wsgi.response(204)
    def delete(self, req, id):
        ctx = req.context
        subnet = network_db.subnet_get(id)
        if subnet is None:
            raise _not_found(id)
        common.check_writable(ctx, 'delete_subnet', common.child_target(subnet),
                              'get_subnet', _not_found(id))
        revisions.check(req, subnet)
        network_db.subnet_delete(id)


# --------------------------------------------------------------------------- IPAM rules

def validate_new(data):
    """Fill in and check cidr, gateway and allocation pools of a new subnet."""
    if 'cidr' not in data:
        raise errors.SubnetBadRequest(resource='subnets', msg='a subnetpool must be '
                                                              'specified in the absence of a cidr')
    cidr = netaddr.IPNetwork(data['cidr'])
    if cidr.version != data['ip_version']:
        raise errors.InvalidInput(error_message='Cidr %s does not match ip_version %s'
                                  % (data['cidr'], data['ip_version']))
    _check_ipv6_modes(data)
    if 'gateway_ip' not in data:
        data['gateway_ip'] = str(netaddr.IPAddress(cidr.first + 1, cidr.version)) \
            if cidr.size > 1 else None
    check_gateway(data['cidr'], data['gateway_ip'])
    if 'allocation_pools' not in data:
        data['allocation_pools'] = default_pools(data['cidr'], data['gateway_ip'])
    check_pools(data['cidr'], data['allocation_pools'], data['gateway_ip'])


def _check_ipv6_modes(data):
    ra, addr = data.get('ipv6_ra_mode'), data.get('ipv6_address_mode')
    if data['ip_version'] == 4 and (ra or addr):
        raise errors.InvalidInput(error_message='ipv6_ra_mode or ipv6_address_mode cannot be '
                                                'set when ip_version is 4')
    if ra and addr and ra != addr:
        raise errors.InvalidInput(error_message=(
            "ipv6_ra_mode set to '%s' with ipv6_address_mode set to '%s' is not valid. If "
            "both attributes are set, they must be the same value" % (ra, addr)))


def default_pools(cidr, gateway_ip):
    """Neutron's default pools: the usable range (no network/broadcast) minus the gateway."""
    net = netaddr.IPNetwork(cidr)
    first, last = net.first, net.last
    if first == last:
        return [{'start': str(net.network), 'end': str(net.network)}]
    first += 1
    last -= 1 if net.version == 4 else 0
    if first >= last and net.version == 4:
        return []
    usable = netaddr.IPSet(netaddr.IPRange(netaddr.IPAddress(first, net.version),
                                           netaddr.IPAddress(last, net.version)))
    if gateway_ip:
        usable.remove(netaddr.IPAddress(gateway_ip))
    return [{'start': str(netaddr.IPAddress(r.first, net.version)),
             'end': str(netaddr.IPAddress(r.last, net.version))}
            for r in usable.iter_ipranges()]


def check_gateway(cidr, gateway_ip):
    if gateway_ip is None:
        return
    net, gateway = netaddr.IPNetwork(cidr), netaddr.IPAddress(gateway_ip)
    if gateway.version != net.version:
        raise errors.bad_request("Invalid input for gateway_ip. Reason: '%s' is not a valid "
                                 "IP address for an IPv%d subnet." % (gateway_ip, net.version))
    if gateway in net and net.size > 2 and (
            gateway == net.network or (net.version == 4 and gateway == net.broadcast)):
        raise errors.InvalidInput(error_message='Gateway is not valid on subnet')


def check_pools(cidr, pools, gateway_ip):
    net = netaddr.IPNetwork(cidr)
    ranges = []
    for pool in pools:
        try:
            start, end = netaddr.IPAddress(pool['start']), netaddr.IPAddress(pool['end'])
            rng = netaddr.IPRange(start, end)
        except (netaddr.AddrFormatError, ValueError):
            raise errors.InvalidAllocationPool(pool='%s-%s' % (pool['start'], pool['end']))
        if start.version != net.version or end.version != net.version:
            raise errors.InvalidAllocationPool(pool=str(rng))
        if rng not in net or (net.version == 4 and net.size > 2 and (
                net.network in rng or net.broadcast in rng)):
            raise errors.OutOfBoundsAllocationPool(pool=str(rng), subnet_cidr=cidr)
        ranges.append(rng)
    for i, first in enumerate(ranges):
        for second in ranges[i + 1:]:
            if first.first <= second.last and second.first <= first.last:
                raise errors.OverlappingAllocationPools(pool_1=first, pool_2=second,
                                                        subnet_cidr=cidr)
    if gateway_ip is not None:
        for rng in ranges:
            if netaddr.IPAddress(gateway_ip) in rng:
                raise errors.GatewayConflictWithAllocationPools(ip_address=gateway_ip,
                                                                pool=rng)
