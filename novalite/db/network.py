"""Data access for the network service (Neutron v2.0).

Functions return plain dicts already named as Neutron names the attributes ("router:external",
"binding:host_id", ...). IP allocation is race-safe: the primary key (ip_address, subnet_id)
of IPAllocation lets only one transaction take an address; the loser rolls back and retries
with a fresh view of what is free. Each project's ``default`` security group has an id
derived from the project id, so two first uses cannot create two of them.
"""
import ipaddress
import random
import types
import uuid

import netaddr
import sqlalchemy as sa

from novalite import exception_network as errors
from novalite.db import models
from novalite.db import network_segments
from novalite.db import network_tags as tags
from novalite.db import session as db
from novalite.db import subnetpools

M = models
ATTEMPTS = 50
DEFAULT_SG_NAMESPACE = uuid.UUID('1b2b84a1-6a3e-4a4f-9c55-2f4bd3b0d6c1')
BOUND_VIF_DETAILS = {'port_filter': True, 'connectivity': 'l2', 'bridge_name': 'br-int',
                     'datapath_type': 'system', 'ovs_hybrid_plug': False}
SLAAC_MODES = ('slaac', 'dhcpv6-stateless')


def _revision(row):
    return (row.extra or {}).get('revision_number', 0)


def _bump(row, **extra):
    values = dict(row.extra or {})
    values.update(extra)
    values['revision_number'] = values.get('revision_number', 0) + 1
    row.extra = values


# --------------------------------------------------------------------------- networks

def _net(row, subnet_ids):
    extra = row.extra or {}
    segment = extra.get('segment') or {}
    result = {key: segment.get(key) for key in network_segments.KEYS}
    if row.external:
        result['is_default'] = extra.get('is_default', False)
    return dict(result, **{'id': row.id, 'name': row.name, 'project_id': row.project_id,
            'description': row.description, 'admin_state_up': row.admin_state_up,
            'status': row.status, 'shared': row.shared, 'router:external': row.external,
            'mtu': row.mtu, 'subnets': subnet_ids,
            'port_security_enabled': extra.get('port_security_enabled', True),
            'availability_zone_hints': list(extra.get('availability_zone_hints', [])),
            'availability_zones': [], 'revision_number': _revision(row),
            'created_at': row.created_at, 'updated_at': row.updated_at or row.created_at})


_SUBNET_IDS_OF = (sa.select(M.Subnet.id, M.Subnet.network_id)
                  .where(M.Subnet.network_id.in_(sa.bindparam('network_ids', expanding=True)))
                  .order_by(M.Subnet.created_at, M.Subnet.id))


def _subnet_ids(s, network_ids):
    ids = {nid: [] for nid in network_ids}
    rows = s.execute(_SUBNET_IDS_OF, {'network_ids': list(ids)}) if ids else []
    for subnet_id, network_id in rows:
        ids[network_id].append(subnet_id)
    return ids


@tags.with_tags('network')
def network_get(network_id):
    with db.transaction() as s:
        row = s.get(M.Network, network_id)
        return _net(row, _subnet_ids(s, [row.id])[row.id]) if row is not None else None


@tags.with_tags('network')
def network_list(visible_to=None, **filters):
    """Networks visible to project ``visible_to`` (all when None): own, shared, external."""
    query, params = _prebuilt(_network_query, M.Network, visible_to, filters)
    with db.get_engine().connect() as conn:     # Core rows, as port_list
        rows = conn.execute(query, params).all()
        subnets = _subnet_ids(conn, [r.id for r in rows])
    return [_net(r, subnets[r.id]) for r in rows]


def _network_query(visible):
    query = sa.select(*_columns(M.Network)).order_by(M.Network.created_at, M.Network.id)
    if visible:
        query = query.where(sa.or_(M.Network.project_id == sa.bindparam('visible_to'),
                                   M.Network.shared.is_(True), M.Network.external.is_(True)))
    return query


def _columns(model):
    """The model's columns labelled by attribute name (Core rows read like its objects)."""
    return [prop.columns[0].label(prop.key) for prop in sa.inspect(model).column_attrs]


@tags.with_tags('network')
def network_create(values, quota=None):
    """``quota``: the network quota check to run first in the transaction, or None."""
    extra = {k: values.pop(k) for k in ('port_security_enabled', 'availability_zone_hints')
             if k in values}
    extra['revision_number'] = 1
    segment = values.pop('segment', None)
    is_default = values.pop('is_default', None)
    external = values.pop('router:external', False)
    now = M.utcnow()
    with db.transaction() as s:
        if quota is not None:
            quota(s)
        if segment:
            extra['segment'] = network_segments.reserve(s, segment)
        if external:
            extra['is_default'] = network_segments.default_external(s, None, is_default)
        row = M.Network(id=values.pop('id', None) or str(uuid.uuid4()),
                        external=external, extra=extra,
                        created_at=now, updated_at=now, status='ACTIVE', **values)
        s.add(row)
        s.flush()
        return _net(row, [])


@tags.with_tags('network')
def network_update(network_id, values):
    with db.transaction() as s:
        row = s.get(M.Network, network_id)
        if row is None:
            raise errors.NetworkNotFound(net_id=network_id)
        extra = {}
        for name, value in values.items():
            if name == 'router:external':
                row.external = value
            elif name == 'port_security_enabled':
                extra[name] = value
            elif name == 'segment':
                extra[name] = network_segments.reserve(s, value, network_id)
            elif name != 'is_default':
                setattr(row, name, value)
        if row.external and values.get('is_default') is not None:
            extra['is_default'] = network_segments.default_external(s, network_id,
                                                                    values['is_default'])
        _bump(row, **extra)
        row.updated_at = M.utcnow()
        s.flush()
        return _net(row, _subnet_ids(s, [row.id])[row.id])


def network_delete(network_id):
    with db.transaction() as s:
        row = s.get(M.Network, network_id)
        if row is None:
            raise errors.NetworkNotFound(net_id=network_id)
        if s.scalar(sa.select(sa.func.count()).select_from(M.Port)
                    .where(M.Port.network_id == network_id)):
            raise errors.NetworkInUse(net_id=network_id)
        subnet_ids = list(s.scalars(sa.select(M.Subnet.id)
                                    .where(M.Subnet.network_id == network_id)))
        tags.purge(s, 'subnet', subnet_ids)
        tags.purge(s, 'network', [network_id])
        s.execute(sa.delete(M.Subnet).where(M.Subnet.network_id == network_id))
        s.delete(row)


# --------------------------------------------------------------------------- subnets

def _subnet(row, net):
    extra = row.extra or {}
    return {'id': row.id, 'name': row.name, 'project_id': row.project_id,
            'network_id': row.network_id, 'description': row.description,
            'ip_version': row.ip_version, 'cidr': row.cidr, 'gateway_ip': row.gateway_ip,
            'enable_dhcp': row.enable_dhcp,
            'allocation_pools': [dict(p) for p in row.allocation_pools or []],
            'dns_nameservers': list(row.dns_nameservers or []),
            'host_routes': [dict(r) for r in row.host_routes or []],
            'ipv6_ra_mode': extra.get('ipv6_ra_mode'),
            'ipv6_address_mode': extra.get('ipv6_address_mode'),
            'subnetpool_id': row.subnetpool_id,
            'service_types': list(extra.get('service_types', [])),
            'revision_number': _revision(row),
            'created_at': row.created_at, 'updated_at': row.updated_at or row.created_at,
            '_network': _net_ref(net)}


def _net_ref(net):
    if net is None:
        return {'project_id': None, 'shared': False, 'router:external': False}
    return {'project_id': net.project_id, 'shared': net.shared, 'router:external': net.external}


@tags.with_tags('subnet')
def subnet_get(subnet_id):
    with db.transaction() as s:
        row = s.get(M.Subnet, subnet_id)
        return _subnet(row, s.get(M.Network, row.network_id)) if row is not None else None


@tags.with_tags('subnet')
def subnet_list(visible_to=None, **filters):
    """Subnets visible to ``visible_to``: its own, and those of networks it can see."""
    query, params = _prebuilt(_subnet_query, M.Subnet, visible_to, filters)
    with db.get_engine().connect() as conn:     # Core rows, as port_list
        rows = conn.execute(query, params).all()
    return [_subnet(row, types.SimpleNamespace(
        project_id=row.net_project_id, shared=row.net_shared, external=row.net_external))
        for row in rows]


def _subnet_query(visible):
    query = sa.select(*_columns(M.Subnet), *_PORT_NETWORK).join(
        M.Network, M.Network.id == M.Subnet.network_id).order_by(M.Subnet.created_at,
                                                                 M.Subnet.id)
    if visible:
        query = query.where(sa.or_(M.Subnet.project_id == sa.bindparam('visible_to'),
                                   M.Network.project_id == sa.bindparam('visible_to'),
                                   M.Network.shared.is_(True), M.Network.external.is_(True)))
    return query


@tags.with_tags('subnet')
def subnet_create(values, quota=None):
    """Insert a subnet; 400 if its CIDR overlaps another subnet of the network."""
    extra = {k: values.pop(k, None) for k in ('ipv6_ra_mode', 'ipv6_address_mode')}
    extra['service_types'] = values.pop('service_types', None) or []
    extra['revision_number'] = 1
    cidr = netaddr.IPNetwork(values['cidr'])
    now = M.utcnow()
    with db.transaction() as s:
        if quota is not None:
            quota(s)
        net = s.get(M.Network, values['network_id'])
        if net is None:
            raise errors.NetworkNotFound(net_id=values['network_id'])
        for other in s.scalars(sa.select(M.Subnet.cidr)
                               .where(M.Subnet.network_id == net.id)):
            other = netaddr.IPNetwork(other)
            if other.version == cidr.version and (cidr.first <= other.last
                                                  and other.first <= cidr.last):
                raise errors.InvalidInput(error_message=(
                    'Requested subnet with cidr: %s for network: %s overlaps with another '
                    'subnet' % (values['cidr'], net.id)))
        subnetpools.check_affinity(s, net.id, values)
        if values.get('subnetpool_id'):
            subnetpools.check_free(s, values['subnetpool_id'], values.get('project_id'),
                                   values['cidr'])
        row = M.Subnet(id=str(uuid.uuid4()), extra=extra, created_at=now, updated_at=now,
                       **values)
        s.add(row)
        _bump(net)
        s.flush()
        return _subnet(row, net)


@tags.with_tags('subnet')
def subnet_update(subnet_id, values):
    with db.transaction() as s:
        row = s.get(M.Subnet, subnet_id)
        if row is None:
            raise errors.SubnetNotFound(subnet_id=subnet_id)
        extra = {}
        for name, value in values.items():
            if name == 'service_types':
                extra[name] = value
            else:
                setattr(row, name, value)
        _bump(row, **extra)
        row.updated_at = M.utcnow()
        s.flush()
        return _subnet(row, s.get(M.Network, row.network_id))


def subnet_delete(subnet_id):
    with db.transaction() as s:
        row = s.get(M.Subnet, subnet_id)
        if row is None:
            raise errors.SubnetNotFound(subnet_id=subnet_id)
        if s.scalar(sa.select(sa.func.count()).select_from(M.IPAllocation)
                    .where(M.IPAllocation.subnet_id == subnet_id)):
            raise errors.SubnetInUse(subnet_id=subnet_id)
        tags.purge(s, 'subnet', [subnet_id])
        s.delete(row)


# --------------------------------------------------------------------------- ports

def _port(row, allocations, net):
    extra = row.extra or {}
    bound = bool(row.binding_host_id)
    return {'id': row.id, 'name': row.name, 'network_id': row.network_id,
            'project_id': row.project_id, 'description': row.description,
            'mac_address': row.mac_address, 'admin_state_up': row.admin_state_up,
            'status': row.status, 'device_id': row.device_id,
            'device_owner': row.device_owner, 'fixed_ips': allocations,
            'security_groups': list(row.security_groups or []),
            'binding:host_id': row.binding_host_id,
            'binding:vif_type': 'ovs' if bound else 'unbound',
            'binding:vif_details': dict(BOUND_VIF_DETAILS) if bound else {},
            'binding:vnic_type': extra.get('binding:vnic_type', 'normal'),
            'binding:profile': dict(extra.get('binding:profile', {})),
            'port_security_enabled': extra.get('port_security_enabled', True),
            'allowed_address_pairs': list(extra.get('allowed_address_pairs', [])),
            'extra_dhcp_opts': list(extra.get('extra_dhcp_opts', [])),
            'revision_number': _revision(row),
            'created_at': row.created_at, 'updated_at': row.updated_at or row.created_at,
            '_network': _net_ref(net)}


PORT_EXTRA = ('binding:vnic_type', 'binding:profile', 'port_security_enabled',
              'allowed_address_pairs', 'extra_dhcp_opts')


_ALLOCATIONS_OF = (sa.select(M.IPAllocation.port_id, M.IPAllocation.subnet_id,
                             M.IPAllocation.ip_address, M.Subnet.created_at)
                   .join(M.Subnet, M.Subnet.id == M.IPAllocation.subnet_id)
                   .where(M.IPAllocation.port_id.in_(sa.bindparam('port_ids', expanding=True))))


def _allocations(s, port_ids):
    result = {pid: [] for pid in port_ids}
    rows = s.execute(_ALLOCATIONS_OF, {'port_ids': list(port_ids)}) if result else []
    for port_id, subnet_id, ip, created in sorted(
            rows, key=lambda r: (r[3], netaddr.IPAddress(r[2]).version,
                                 int(netaddr.IPAddress(r[2])))):
        result[port_id].append({'subnet_id': subnet_id, 'ip_address': ip})
    return result


@tags.with_tags('port')
def port_get(port_id):
    with db.transaction() as s:
        row = s.get(M.Port, port_id)
        if row is None:
            return None
        return _port(row, _allocations(s, [row.id])[row.id], s.get(M.Network, row.network_id))


# A port list reads Core rows (the port's columns by attribute name, and what _net_ref
# needs of its network), not ORM objects: a server list asks for the ports of all its
# servers, on every request.
_PORT_COLUMNS = [prop.columns[0].label(prop.key) for prop in sa.inspect(M.Port).column_attrs]
_PORT_NETWORK = (M.Network.project_id.label('net_project_id'),
                 M.Network.shared.label('net_shared'),
                 M.Network.external.label('net_external'))


@tags.with_tags('port')
def port_list(visible_to=None, **filters):
    """Ports visible to ``visible_to``: its own, and those on networks it owns."""
    query, params = _prebuilt(_port_query, M.Port, visible_to, filters)
    with db.get_engine().connect() as conn:
        rows = conn.execute(query, params).all()
        ips = _allocations(conn, [p.id for p in rows])
    return [_port(p, ips[p.id], types.SimpleNamespace(
        project_id=p.net_project_id, shared=p.net_shared, external=p.net_external))
        for p in rows]


def _port_query(visible):
    query = sa.select(*_PORT_COLUMNS, *_PORT_NETWORK).join(
        M.Network, M.Network.id == M.Port.network_id).order_by(M.Port.created_at, M.Port.id)
    if visible:
        query = query.where(sa.or_(M.Port.project_id == sa.bindparam('visible_to'),
                                   M.Network.project_id == sa.bindparam('visible_to')))
    return query


@tags.with_tags('port')
def port_create(values, fixed_ips=None, quota=None):
    """Create a port and allocate its addresses, atomically.

    ``fixed_ips`` is None (one address from an IPv4 subnet, one from an IPv6 subnet, every
    SLAAC subnet, as Neutron's IPAM does) or the requested list of {subnet_id, ip_address}.
    """
    values = dict(values)
    new_tags = values.pop('tags', None) or []
    requested_mac = values.pop('mac_address', None)
    extra = {k: values.pop(k) for k in PORT_EXTRA if k in values}
    extra['revision_number'] = 1
    host = values.pop('binding:host_id', '') or ''
    for _attempt in range(ATTEMPTS):
        try:
            with db.transaction() as s:
                if quota is not None:
                    quota(s)
                net = s.get(M.Network, values['network_id'])
                if net is None:
                    raise errors.NetworkNotFound(net_id=values['network_id'])
                mac = requested_mac or _random_mac()
                if requested_mac and s.scalar(sa.select(M.Port.id)
                                              .where(M.Port.mac_address == mac)):
                    raise errors.MacAddressInUse(net_id=net.id, mac=mac)
                now = M.utcnow()
                row = M.Port(id=str(uuid.uuid4()), mac_address=mac, extra=extra,
                             binding_host_id=host, created_at=now, updated_at=now,
                             status=_status(host, values.get('admin_state_up', True)),
                             **values)
                s.add(row)
                s.flush()
                plan = _plan(s, net, mac, fixed_ips, [])
                _allocate(s, row, net, plan)
                for tag in sorted(set(new_tags)):
                    s.add(M.NetworkTag(resource_type='port', resource_id=row.id, tag=tag))
                s.flush()
                return _port(row, _allocations(s, [row.id])[row.id], net)
        except sa.exc.IntegrityError:
            continue
    raise errors.IpAddressGenerationFailure(net_id=values['network_id'])


@tags.with_tags('port')
def port_update(port_id, values, fixed_ips=None):
    """Update a port; ``fixed_ips`` (when given) is the complete new list of addresses."""
    network_id = None
    for _attempt in range(ATTEMPTS):
        try:
            with db.transaction() as s:
                row = s.get(M.Port, port_id)
                if row is None:
                    raise errors.PortNotFound(port_id=port_id)
                net = s.get(M.Network, row.network_id)
                network_id = net.id
                mac = values.get('mac_address')
                if mac and mac != row.mac_address and s.scalar(
                        sa.select(M.Port.id).where(M.Port.mac_address == mac)):
                    raise errors.MacAddressInUse(net_id=net.id, mac=mac)
                extra = {k: values[k] for k in PORT_EXTRA if k in values}
                for name, value in values.items():
                    if name == 'binding:host_id':
                        row.binding_host_id = value or ''
                    elif name not in PORT_EXTRA:
                        setattr(row, name, value)
                row.status = _status(row.binding_host_id, row.admin_state_up)
                if fixed_ips is not None:
                    current = _allocations(s, [row.id])[row.id]
                    plan = _plan(s, net, row.mac_address, fixed_ips, current)
                    s.execute(sa.delete(M.IPAllocation).where(
                        M.IPAllocation.port_id == row.id))
                    s.flush()
                    _allocate(s, row, net, plan)
                _bump(row, **extra)
                row.updated_at = M.utcnow()
                s.flush()
                return _port(row, _allocations(s, [row.id])[row.id], net)
        except sa.exc.IntegrityError:
            continue
    raise errors.IpAddressGenerationFailure(net_id=network_id)


def port_delete(port_id):
    with db.transaction() as s:
        row = s.get(M.Port, port_id)
        if row is None:
            raise errors.PortNotFound(port_id=port_id)
        s.execute(sa.delete(M.IPAllocation).where(M.IPAllocation.port_id == port_id))
        # floating IPs of the port are disassociated with it (Neutron's port delete)
        s.execute(sa.update(M.FloatingIP).where(M.FloatingIP.fixed_port_id == port_id)
                  .values(fixed_port_id=None, fixed_ip_address=None, router_id=None,
                          status='DOWN', updated_at=M.utcnow()))
        tags.purge(s, 'port', [port_id])
        s.delete(row)


def _status(host, admin_state_up):
    return 'ACTIVE' if host and admin_state_up else 'DOWN'


def _random_mac():
    return 'fa:16:3e:%02x:%02x:%02x' % tuple(random.randint(0, 255) for _ in range(3))


# --------------------------------------------------------------------------- IPAM

def _plan(s, net, mac, requested, current):
    """[(subnet_row, ip or None)]: what to allocate; None means "the first free address"."""
    subnets = s.scalars(sa.select(M.Subnet).where(M.Subnet.network_id == net.id)
                        .order_by(M.Subnet.created_at, M.Subnet.id)).all()
    if requested is None:
        return _default_plan(subnets, mac)
    by_id = {sub.id: sub for sub in subnets}
    plan, kept = [], [dict(c) for c in current]
    for item in requested:
        subnet, ip = _resolve(s, net, by_id, subnets, item)
        if ip is None and _is_slaac(subnet):
            ip = _slaac_ip(subnet, mac)
        if ip is None:
            old = [c for c in kept if c['subnet_id'] == subnet.id]
            ip = old[0]['ip_address'] if old else None
        if ip is not None:
            kept = [c for c in kept if c['ip_address'] != ip]
        plan.append((subnet, ip))
    return plan


def _default_plan(subnets, mac):
    plan, v4, v6 = [], [], []
    for subnet in subnets:
        if _is_slaac(subnet):
            plan.append((subnet, _slaac_ip(subnet, mac)))
        else:
            (v4 if subnet.ip_version == 4 else v6).append(subnet)
    for group in (v4, v6):
        if group:
            plan.append((group, None))
    return plan


def _resolve(s, net, by_id, subnets, item):
    ip = item.get('ip_address')
    if ip is not None:
        ip = str(netaddr.IPAddress(ip))
    if item.get('subnet_id'):
        subnet = by_id.get(item['subnet_id'])
        if subnet is None:
            if s.get(M.Subnet, item['subnet_id']) is None:
                raise errors.SubnetNotFound(subnet_id=item['subnet_id'])
            raise errors.InvalidInput(error_message=(
                'Failed to create port on network %s, because fixed_ips included invalid '
                'subnet %s' % (net.id, item['subnet_id'])))
        if ip is not None and not valid_ip_for_subnet(subnet.cidr, ip):
            raise errors.InvalidIpForSubnet(ip_address=ip)
        return subnet, ip
    for subnet in subnets:
        if valid_ip_for_subnet(subnet.cidr, ip):
            return subnet, ip
    raise errors.InvalidIpForNetwork(ip_address=ip)


def valid_ip_for_subnet(cidr, ip):
    """In the subnet, and (IPv4) neither its network nor its broadcast address."""
    net, addr = netaddr.IPNetwork(cidr), netaddr.IPAddress(ip)
    if addr.version != net.version or addr not in net:
        return False
    if net.version == 4 and net.size > 2:
        return addr not in (net.network, net.broadcast)
    return True


def _is_slaac(subnet):
    return subnet.ip_version == 6 and (subnet.extra or {}).get('ipv6_address_mode') in \
        SLAAC_MODES


def _slaac_ip(subnet, mac):
    return str(netaddr.EUI(mac).ipv6(netaddr.IPNetwork(subnet.cidr).network))


def _allocate(s, port, net, plan):
    for subnet, ip in plan:
        if ip is None:
            subnet, ip = _first_free(s, subnet if isinstance(subnet, list) else [subnet],
                                     net.id)
        elif s.get(M.IPAllocation, (ip, subnet.id)) is not None:
            raise errors.IpAddressAlreadyAllocated(ip=ip, subnet_id=subnet.id)
        s.add(M.IPAllocation(port_id=port.id, ip_address=ip, subnet_id=subnet.id,
                             network_id=net.id))
    s.flush()


def _first_free(s, subnets, network_id):
    """The lowest free address of the subnets' pools (integers: a subnet may hold
    thousands of ports, and this runs for every one of them)."""
    for subnet in subnets:
        used = {int(ipaddress.ip_address(a)) for a in s.scalars(
            sa.select(M.IPAllocation.ip_address)
            .where(M.IPAllocation.subnet_id == subnet.id))}
        for pool in subnet.allocation_pools or []:
            start = int(ipaddress.ip_address(pool['start']))
            end = int(ipaddress.ip_address(pool['end']))
            for number in range(start, end + 1):
                if number not in used:
                    return subnet, str(ipaddress.ip_address(number))
    raise errors.IpAddressGenerationFailure(net_id=network_id)


# --------------------------------------------------------------------------- security groups

def default_sg_id(project_id):
    return str(uuid.uuid5(DEFAULT_SG_NAMESPACE, project_id or ''))


def _sg(row, rules):
    return {'id': row.id, 'name': row.name, 'project_id': row.project_id,
            'description': row.description, 'stateful': row.stateful,
            'security_group_rules': rules,
            'revision_number': row.revision_number or 0,
            'created_at': row.created_at, 'updated_at': row.updated_at or row.created_at}


def _rule(row):
    return {'id': row.id, 'security_group_id': row.security_group_id,
            'project_id': row.project_id, 'direction': row.direction,
            'ethertype': row.ethertype, 'protocol': row.protocol,
            'port_range_min': row.port_range_min, 'port_range_max': row.port_range_max,
            'remote_ip_prefix': row.remote_ip_prefix, 'remote_group_id': row.remote_group_id,
            'description': row.description, 'revision_number': 0,
            'created_at': row.created_at, 'updated_at': row.updated_at or row.created_at}


def _rules_by_group(s, group_ids):
    rules = {gid: [] for gid in group_ids}
    for row in s.scalars(sa.select(M.SecurityGroupRule)
                         .where(M.SecurityGroupRule.security_group_id.in_(list(group_ids)))
                         .order_by(M.SecurityGroupRule.created_at, M.SecurityGroupRule.id)):
        rules[row.security_group_id].append(_rule(row))
    return rules


def ensure_default_sg(project_id):
    """The project's ``default`` group, created with Neutron's four rules on first use."""
    sg_id = default_sg_id(project_id)
    with db.get_engine().connect() as conn:     # every group list asks: a Core read
        if conn.execute(_SG_EXISTS, {'id': sg_id}).first() is not None:
            return sg_id
    now = M.utcnow()
    try:
        with db.transaction() as s:
            s.add(M.SecurityGroup(id=sg_id, name='default', project_id=project_id,
                                  description='Default security group', created_at=now,
                                  updated_at=now))
            s.flush()
            for direction in ('egress', 'ingress'):
                for ethertype in ('IPv4', 'IPv6'):
                    s.add(M.SecurityGroupRule(
                        id=str(uuid.uuid4()), security_group_id=sg_id, project_id=project_id,
                        direction=direction, ethertype=ethertype, created_at=now,
                        updated_at=now,
                        remote_group_id=sg_id if direction == 'ingress' else None))
    except sa.exc.IntegrityError:
        pass
    return sg_id


@tags.with_tags('security_group')
def sg_get(sg_id):
    with db.transaction() as s:
        row = s.get(M.SecurityGroup, sg_id)
        return _sg(row, _rules_by_group(s, [sg_id])[sg_id]) if row is not None else None


@tags.with_tags('security_group')
def sg_list(visible_to=None, with_rules=True, **filters):
    """Groups visible to ``visible_to``; ``with_rules=False`` leaves their rules unread
    (``security_group_rules`` empty), for a caller that does not show them."""
    # Core rows, as port_list (every server view asks)
    query, params = _prebuilt(_sg_query, M.SecurityGroup, visible_to, filters)
    with db.get_engine().connect() as conn:
        rows = conn.execute(query, params).all()
        rules = {row.id: [] for row in rows}
        if rules and with_rules:
            for rule in conn.execute(_RULES_OF, {'group_ids': list(rules)}):
                rules[rule.security_group_id].append(_rule(rule))
    return [_sg(r, rules[r.id]) for r in rows]


_SG_EXISTS = sa.select(M.SecurityGroup.id).where(M.SecurityGroup.id == sa.bindparam('id'))
_SG_COLUMNS = [prop.columns[0].label(prop.key)
               for prop in sa.inspect(M.SecurityGroup).column_attrs]
_RULES_OF = sa.select(*[prop.columns[0].label(prop.key)
                        for prop in sa.inspect(M.SecurityGroupRule).column_attrs]).where(
    M.SecurityGroupRule.security_group_id.in_(sa.bindparam('group_ids', expanding=True))
).order_by(M.SecurityGroupRule.created_at, M.SecurityGroupRule.id)


def _sg_query(visible):
    query = sa.select(*_SG_COLUMNS).order_by(M.SecurityGroup.created_at, M.SecurityGroup.id)
    if visible:
        query = query.where(M.SecurityGroup.project_id == sa.bindparam('visible_to'))
    return query


def sg_create(values, quota=None):
    now = M.utcnow()
    sg_id = str(uuid.uuid4())
    with db.transaction() as s:
        if quota is not None:
            quota(s)
        s.add(M.SecurityGroup(id=sg_id, created_at=now, updated_at=now, **values))
        s.flush()
        for ethertype in ('IPv4', 'IPv6'):
            s.add(M.SecurityGroupRule(id=str(uuid.uuid4()), security_group_id=sg_id,
                                      project_id=values.get('project_id'),
                                      direction='egress', ethertype=ethertype,
                                      created_at=now, updated_at=now))
    return sg_get(sg_id)


def sg_update(sg_id, values):
    with db.transaction() as s:
        row = s.get(M.SecurityGroup, sg_id)
        if row is None:
            raise errors.SecurityGroupNotFound(id=sg_id)
        for name, value in values.items():
            setattr(row, name, value)
        row.revision_number = (row.revision_number or 0) + 1
        row.updated_at = M.utcnow()
    return sg_get(sg_id)


def sg_delete(sg_id):
    with db.transaction() as s:
        row = s.get(M.SecurityGroup, sg_id)
        if row is None:
            raise errors.SecurityGroupNotFound(id=sg_id)
        for groups in s.scalars(sa.select(M.Port.security_groups)):
            if sg_id in (groups or []):
                raise errors.SecurityGroupInUse(id=sg_id)
        # its own rules, and the other groups' rules naming it as their remote group (the
        # cascade of Neutron's foreign key)
        s.execute(sa.delete(M.SecurityGroupRule)
                  .where(sa.or_(M.SecurityGroupRule.security_group_id == sg_id,
                                M.SecurityGroupRule.remote_group_id == sg_id)))
        tags.purge(s, 'security_group', [sg_id])
        s.delete(row)


def rule_get(rule_id):
    with db.transaction() as s:
        row = s.get(M.SecurityGroupRule, rule_id)
        return _rule(row) if row is not None else None


def rule_list(visible_to=None, **filters):
    query = sa.select(M.SecurityGroupRule)
    if visible_to is not None:
        owned = sa.select(M.SecurityGroup.id).where(M.SecurityGroup.project_id == visible_to)
        query = query.where(sa.or_(M.SecurityGroupRule.project_id == visible_to,
                                   M.SecurityGroupRule.security_group_id.in_(owned)))
    query = _where(query, M.SecurityGroupRule, filters).order_by(
        M.SecurityGroupRule.created_at, M.SecurityGroupRule.id)
    with db.transaction() as s:
        return [_rule(r) for r in s.scalars(query)]


RULE_KEYS = ('direction', 'ethertype', 'protocol', 'port_range_min', 'port_range_max',
             'remote_ip_prefix', 'remote_group_id')


def rule_create(values, quota=None):
    """Insert a rule; 409 SecurityGroupRuleExists if an identical rule is in the group."""
    now = M.utcnow()
    with db.transaction() as s:
        if quota is not None:
            quota(s)
        if s.get(M.SecurityGroup, values['security_group_id']) is None:
            raise errors.SecurityGroupNotFound(id=values['security_group_id'])
        for other in s.scalars(sa.select(M.SecurityGroupRule).where(
                M.SecurityGroupRule.security_group_id == values['security_group_id'])):
            if all(getattr(other, k) == values.get(k) for k in RULE_KEYS):
                raise errors.SecurityGroupRuleExists(rule_id=other.id)
        row = M.SecurityGroupRule(id=str(uuid.uuid4()), created_at=now, updated_at=now,
                                  **values)
        s.add(row)
        _bump_group(s, values['security_group_id'])
        s.flush()
        return _rule(row)


def rule_delete(rule_id):
    with db.transaction() as s:
        row = s.get(M.SecurityGroupRule, rule_id)
        if row is None:
            raise errors.SecurityGroupRuleNotFound(id=rule_id)
        _bump_group(s, row.security_group_id)
        s.delete(row)


def _bump_group(s, sg_id):
    """A rule created or deleted is a new revision of its group (as in Neutron)."""
    group = s.get(M.SecurityGroup, sg_id)
    if group is not None:
        group.revision_number = (group.revision_number or 0) + 1
        group.updated_at = M.utcnow()


# --------------------------------------------------------------------------- helpers

_PREBUILT = {}


def _prebuilt(base, model, visible_to, filters):
    """(statement, parameters) of a list query: ``base(visible)`` (which binds
    ``visible_to``) with _where's filters as expanding parameters. The statement is built
    once per (base, visibility, filter names) and reused, so SQLAlchemy neither rebuilds it
    nor recomputes its cache key on every list."""
    params = {} if visible_to is None else {'visible_to': visible_to}
    if any(value is None for value in filters.values()):    # IS NULL: not an IN list
        return _where(base(visible_to is not None), model, filters), params
    names = tuple(sorted(filters))
    key = (base, visible_to is not None, names)
    query = _PREBUILT.get(key)
    if query is None:
        query = base(visible_to is not None)
        for name in names:
            query = query.where(getattr(model, name).in_(
                sa.bindparam('f_' + name, expanding=True)))
        query = _PREBUILT.setdefault(key, query)
    params.update({'f_' + name: list(value) if isinstance(value, (list, tuple, set))
                   else [value] for name, value in filters.items()})
    return query, params


def _where(query, model, filters):
    """Exact-match SQL filters on columns (a list means "any of")."""
    for name, value in filters.items():
        column = getattr(model, name)
        query = query.where(column.in_(value) if isinstance(value, (list, tuple, set))
                            else column == value)
    return query


# --------------------------------------------------------------------------- seed

def _seed_network(name, project_id, external, subnet_name, cidr, gateway):
    with db.transaction() as s:
        row = s.scalars(sa.select(M.Network).where(M.Network.name == name)).first()
        net_id = row.id if row is not None else None
    if net_id is None:
        # devstack: public is the default external network (--is-default), flat on the
        # physical network "public"; private a project (Geneve) network
        segment = ({'provider:network_type': 'flat', 'provider:physical_network': 'public',
                    'provider:segmentation_id': None} if external else
                   {'provider:network_type': network_segments.TENANT_TYPE,
                    'provider:physical_network': None, 'provider:segmentation_id': None})
        net_id = network_create({'name': name, 'project_id': project_id,
                                 'router:external': external, 'shared': False,
                                 'admin_state_up': True, 'mtu': 1500, 'description': '',
                                 'port_security_enabled': True, 'is_default': external,
                                 'segment': segment})['id']
    with db.transaction() as s:
        exists = s.scalar(sa.select(M.Subnet.id).where(M.Subnet.name == subnet_name,
                                                       M.Subnet.network_id == net_id))
    if exists is None:
        net = netaddr.IPNetwork(cidr)
        subnet_create({'name': subnet_name, 'network_id': net_id, 'project_id': project_id,
                       'ip_version': 4, 'cidr': cidr, 'gateway_ip': gateway,
                       'enable_dhcp': True, 'dns_nameservers': [], 'host_routes': [],
                       'description': '', 'ipv6_ra_mode': None, 'ipv6_address_mode': None,
                       'allocation_pools': [{'start': str(net[2]), 'end': str(net[-2])}]})
    return net_id


def seed_networks(admin_project_id, demo_project_id):
    """``private`` (demo, 10.0.0.0/24) and external ``public`` (admin, 172.24.4.0/24)."""
    return {
        'private': _seed_network('private', demo_project_id, False, 'private-subnet',
                                 '10.0.0.0/24', '10.0.0.1'),
        'public': _seed_network('public', admin_project_id, True, 'public-subnet',
                                '172.24.4.0/24', '172.24.4.1'),
    }
