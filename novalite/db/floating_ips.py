"""Data access for Neutron floating IPs (the ``router`` extension's floatingips).

A floating IP is a row and a port of its own on the external network (device_owner
``network:floatingip``, no project, device_id the floating IP's id) that holds the address,
as in Neutron: the address is reserved by the same IP allocation as any port's. An association
names an internal port, one of its fixed IPv4 addresses, and the router that reaches it: a
router with its gateway on the floating IP's network and an interface on that fixed IP's
subnet. The unique key (network, fixed port, fixed IP) makes a second floating IP for the
same fixed IP on the same network lose, whatever the timing.
"""
import uuid

import netaddr
import sqlalchemy as sa

from novalite import exception_network as errors
from novalite.db import models as M
from novalite.db import network as network_db
from novalite.db import network_tags as tags
from novalite.db import session as db

OWNER = 'network:floatingip'
INTERFACE = 'network:router_interface'
PORT_DETAILS = ('name', 'network_id', 'mac_address', 'admin_state_up', 'status', 'device_id',
                'device_owner')


def _details(port):
    return {name: port[name] for name in PORT_DETAILS} if port is not None else None


def _fip(row, port=None):
    extra = row.extra or {}
    return {'id': row.id, 'project_id': row.project_id, 'description': row.description,
            'floating_ip_address': row.floating_ip_address,
            'floating_network_id': row.floating_network_id, 'router_id': row.router_id,
            'port_id': row.fixed_port_id, 'fixed_ip_address': row.fixed_ip_address,
            'status': row.status, 'qos_policy_id': None, 'port_details': _details(port),
            'revision_number': extra.get('revision_number', 0),
            'created_at': row.created_at, 'updated_at': row.updated_at or row.created_at}


def _ports_by_id(port_ids):
    ids = sorted({p for p in port_ids if p})
    if not ids:
        return {}
    return {p['id']: p for p in network_db.port_list(None, id=ids)}


@tags.with_tags('floatingip')
def fip_get(fip_id):
    with db.transaction() as s:
        row = s.get(M.FloatingIP, fip_id)
    if row is None:
        return None
    return _fip(row, _ports_by_id([row.fixed_port_id]).get(row.fixed_port_id))


@tags.with_tags('floatingip')
def fip_list(visible_to=None, **filters):
    query = sa.select(M.FloatingIP)
    if visible_to is not None:
        query = query.where(M.FloatingIP.project_id == visible_to)
    for name, value in filters.items():
        column = getattr(M.FloatingIP, name)
        query = query.where(column.in_(value) if isinstance(value, (list, tuple))
                            else column == value)
    with db.transaction() as s:
        rows = s.scalars(query.order_by(M.FloatingIP.created_at, M.FloatingIP.id)).all()
    ports = _ports_by_id([r.fixed_port_id for r in rows])
    return [_fip(r, ports.get(r.fixed_port_id)) for r in rows]


# --------------------------------------------------------------------------- association

def router_for(network_id, subnet_id):
    """The id of the first router with its gateway on ``network_id`` and an interface on
    ``subnet_id``, or None."""
    query = (sa.select(M.Router.id)
             .join(M.Port, M.Port.device_id == M.Router.id)
             .join(M.IPAllocation, M.IPAllocation.port_id == M.Port.id)
             .where(M.Router.gw_network_id == network_id, M.Port.device_owner == INTERFACE,
                    M.IPAllocation.subnet_id == subnet_id)
             .order_by(M.Router.created_at, M.Router.id))
    with db.transaction() as s:
        return s.scalars(query).first()


def _bad(msg):
    return errors.FloatingIPBadRequest(msg=msg)


def _fixed_ip(port, fixed_ip):
    """(address, subnet_id) of the port the floating IP is to reach (Neutron's rules)."""
    ips = port['fixed_ips']
    if fixed_ip is not None:
        found = [ip for ip in ips if ip['ip_address'] == fixed_ip]
        if not found:
            raise _bad('Port %s does not have fixed ip %s' % (port['id'], fixed_ip))
        if netaddr.IPAddress(fixed_ip).version != 4:
            raise _bad('Cannot process floating IP association with %s, since that is not an '
                       'IPv4 address' % fixed_ip)
        return fixed_ip, found[0]['subnet_id']
    v4 = [ip for ip in ips if netaddr.IPAddress(ip['ip_address']).version == 4]
    if not v4:
        raise _bad('Cannot add floating IP to port %s that has no fixed IPv4 addresses'
                   % port['id'])
    if len(v4) > 1:
        raise _bad('Port %s has multiple fixed IPv4 addresses.  Must provide a specific IPv4 '
                   'address when assigning a floating IP' % port['id'])
    return v4[0]['ip_address'], v4[0]['subnet_id']


def association(fip_project_id, network_id, port, fixed_ip, is_admin):
    """{port_id, fixed_ip_address, router_id} for associating a floating IP of
    ``network_id`` with ``port`` (400 / 404 ExternalGatewayForFloatingIPNotFound)."""
    if port['project_id'] != fip_project_id and not is_admin:
        raise _bad('Cannot process floating IP association with Port %s, since that port is '
                   'owned by a different tenant' % port['id'])
    if port['network_id'] == network_id:
        raise _bad('Port %s is on the external network %s' % (port['id'], network_id))
    address, subnet_id = _fixed_ip(port, fixed_ip)
    router_id = router_for(network_id, subnet_id)
    if router_id is None:
        raise errors.ExternalGatewayForFloatingIPNotFound(
            external_network_id=network_id, subnet_id=subnet_id, port_id=port['id'])
    return {'port_id': port['id'], 'fixed_ip_address': address, 'router_id': router_id}


def _already_associated(network_id, assoc):
    with db.transaction() as s:
        other = s.scalars(sa.select(M.FloatingIP).where(
            M.FloatingIP.floating_network_id == network_id,
            M.FloatingIP.fixed_port_id == assoc['port_id'],
            M.FloatingIP.fixed_ip_address == assoc['fixed_ip_address'])).first()
    if other is None:
        return None
    return errors.FloatingIPPortAlreadyAssociated(
        floating_ip_address=other.floating_ip_address, fip_id=other.id,
        port_id=assoc['port_id'], fixed_ip=assoc['fixed_ip_address'], net_id=network_id)


def _associate(row, assoc):
    if assoc:
        row.fixed_port_id = assoc['port_id']
        row.fixed_ip_address = assoc['fixed_ip_address']
        row.router_id = assoc['router_id']
        row.status = 'ACTIVE'
    else:
        row.fixed_port_id = row.fixed_ip_address = row.router_id = None
        row.status = 'DOWN'


# --------------------------------------------------------------------------- create/update

def _port_fixed_ips(net, subnet_id, address):
    if subnet_id:
        fixed = {'subnet_id': subnet_id}
        if address:
            fixed['ip_address'] = address
        return [fixed]
    if address:
        return [{'ip_address': address}]
    subnets = [network_db.subnet_get(sid) for sid in net['subnets']]
    v4 = [sub for sub in subnets if sub is not None and sub['ip_version'] == 4]
    if not v4:
        raise _bad('Network %s does not contain any IPv4 subnet' % net['id'])
    return [{'subnet_id': sub['id']} for sub in v4[:1]] if len(v4) < len(subnets) else None


def fip_create(values, assoc=None, quota=None):
    """Allocate the address (a port on the external network) and insert the floating IP;
    on any failure the port goes again, so nothing is left half-made."""
    net = network_db.network_get(values['floating_network_id'])
    if net is None:
        raise errors.NetworkNotFound(net_id=values['floating_network_id'])
    if not net['router:external']:
        raise _bad('Network %s is not a valid external network' % net['id'])
    fip_id = str(uuid.uuid4())
    port = network_db.port_create(
        {'network_id': net['id'], 'project_id': '', 'name': '', 'device_id': fip_id,
         'device_owner': OWNER, 'admin_state_up': True, 'security_groups': []},
        _port_fixed_ips(net, values.get('subnet_id'), values.get('floating_ip_address')))
    now = M.utcnow()
    try:
        with db.transaction() as s:
            if quota is not None:
                quota(s)
            row = M.FloatingIP(
                id=fip_id, project_id=values['project_id'],
                description=values.get('description') or '',
                floating_ip_address=port['fixed_ips'][0]['ip_address'],
                floating_network_id=net['id'], floating_port_id=port['id'],
                extra={'revision_number': 0}, created_at=now, updated_at=now)
            _associate(row, assoc)
            s.add(row)
    except BaseException as exc:
        network_db.port_delete(port['id'])
        if isinstance(exc, sa.exc.IntegrityError) and assoc:
            raise _already_associated(net['id'], assoc) or exc
        raise
    return fip_get(fip_id)


def fip_update(fip_id, values, assoc=False):
    """``assoc``: False leaves the association, None clears it, a dict sets it."""
    try:
        with db.transaction() as s:
            row = s.get(M.FloatingIP, fip_id)
            if row is None:
                raise errors.FloatingIPNotFound(floatingip_id=fip_id)
            network_id = row.floating_network_id
            if 'description' in values:
                row.description = values['description']
            if assoc is not False:
                _associate(row, assoc)
            row.extra = dict(row.extra or {}, revision_number=(row.extra or {}).get(
                'revision_number', 0) + 1)
            row.updated_at = M.utcnow()
    except sa.exc.IntegrityError as exc:
        raise _already_associated(network_id, assoc) or exc
    return fip_get(fip_id)


def fip_delete(fip_id):
    """The floating IP, its port and the address, in one transaction."""
    with db.transaction() as s:
        row = s.get(M.FloatingIP, fip_id)
        if row is None:
            raise errors.FloatingIPNotFound(floatingip_id=fip_id)
        port_id = row.floating_port_id
        tags.purge(s, 'floatingip', [fip_id])
        s.delete(row)
        s.flush()
        s.execute(sa.delete(M.IPAllocation).where(M.IPAllocation.port_id == port_id))
        s.execute(sa.delete(M.Port).where(M.Port.id == port_id))


# --------------------------------------------------------------------------- routers

def check_gateway_change(router_id, network_id, new_network_id=None):
    """409 when a router's gateway on ``network_id`` goes (or moves) while floating IPs of
    that network reach their ports through the router."""
    if not network_id or network_id == new_network_id:
        return
    with db.transaction() as s:
        used = s.scalar(sa.select(M.FloatingIP.id).where(
            M.FloatingIP.router_id == router_id,
            M.FloatingIP.floating_network_id == network_id))
    if used:
        raise errors.RouterExternalGatewayInUseByFloatingIp(router_id=router_id,
                                                            net_id=network_id)


def check_interface_removal(router_id, subnet_ids):
    """409 when floating IPs reach a fixed IP in one of these subnets through the router."""
    with db.transaction() as s:
        fixed = s.scalars(sa.select(M.FloatingIP.fixed_ip_address).where(
            M.FloatingIP.router_id == router_id)).all()
    for subnet_id in subnet_ids:
        subnet = network_db.subnet_get(subnet_id)
        if subnet is None:
            continue
        cidr = netaddr.IPNetwork(subnet['cidr'])
        if any(ip and netaddr.IPAddress(ip) in cidr for ip in fixed):
            raise errors.RouterInterfaceInUseByFloatingIP(router_id=router_id,
                                                          subnet_id=subnet_id)
