"""Data access for Neutron routers (the ``router`` extension).

A router is a row; its interfaces and its gateway are ports, as in Neutron: an interface is a
port on the subnet's network holding the subnet's gateway IP, with device_owner
``network:router_interface`` and device_id the router's id; the gateway is a port on the
external network with device_owner ``network:router_gateway``. Nothing is routed: there are
no packets in the box, but tenants get the resources Tempest and Terraform create.
"""
import socket
import uuid

import netaddr
import sqlalchemy as sa

from novalite import exception_network as errors
from novalite.db import floating_ips as fip_db
from novalite.db import models as M
from novalite.db import network as network_db
from novalite.db import network_tags as tags
from novalite.db import session as db

# router ports are bound (ACTIVE, vif_type ovs) to the L3 agent's host, this one, as
# devstack's L3 agent runs on the controller
L3_AGENT_HOST = socket.gethostname()
INTERFACE = 'network:router_interface'
GATEWAY = 'network:router_gateway'
ROUTER_OWNERS = (INTERFACE, GATEWAY, 'network:router_interface_distributed',
                 'network:ha_router_replicated_interface', 'network:router_centralized_snat')


def _ports(router_id, owner):
    return network_db.port_list(None, device_id=[router_id], device_owner=[owner])


def _router(row, gw_port=None):
    extra = row.extra or {}
    gateway = None
    if row.gw_network_id:
        gateway = {'network_id': row.gw_network_id,
                   'enable_snat': extra.get('enable_snat', True),
                   'external_fixed_ips': [dict(ip) for ip in (gw_port or {}).get('fixed_ips',
                                                                                 [])]}
    return {'id': row.id, 'name': row.name, 'project_id': row.project_id,
            'description': row.description, 'admin_state_up': row.admin_state_up,
            'status': row.status, 'external_gateway_info': gateway,
            'routes': [dict(r) for r in extra.get('routes', [])],
            'distributed': False, 'ha': False, 'flavor_id': None,
            'availability_zone_hints': [], 'availability_zones': ['nova'],
            'revision_number': extra.get('revision_number', 0),
            'created_at': row.created_at, 'updated_at': row.updated_at or row.created_at}


def _with_gateway(row):
    gw = _ports(row.id, GATEWAY) if row.gw_network_id else []
    return _router(row, gw[0] if gw else None)


@tags.with_tags('router')
def router_get(router_id):
    with db.transaction() as s:
        row = s.get(M.Router, router_id)
    return _with_gateway(row) if row is not None else None


@tags.with_tags('router')
def router_list(visible_to=None, **filters):
    query = sa.select(M.Router)
    if visible_to is not None:
        query = query.where(M.Router.project_id == visible_to)
    for name, value in filters.items():
        column = getattr(M.Router, name)
        query = query.where(column.in_(value) if isinstance(value, (list, tuple))
                            else column == value)
    with db.transaction() as s:
        rows = s.scalars(query.order_by(M.Router.created_at, M.Router.id)).all()
    return [_with_gateway(row) for row in rows]


def router_create(values, gateway=None, quota=None):
    now = M.utcnow()
    extra = {'revision_number': 1, 'routes': []}
    with db.transaction() as s:
        if quota is not None:
            quota(s)
        row = M.Router(id=str(uuid.uuid4()), status='ACTIVE', extra=extra, created_at=now,
                       updated_at=now, gw_network_id=None, **values)
        s.add(row)
    if gateway:
        try:
            _set_gateway(row.id, gateway)
        except Exception:
            router_delete(row.id)
            raise
    return router_get(row.id)


def router_update(router_id, values, gateway=False):
    """``gateway``: False leaves it, None clears it, a dict sets it."""
    if gateway is not False:
        current = router_get(router_id)
        fip_db.check_gateway_change(router_id, (current or {}).get('external_gateway_info')
                                    and current['external_gateway_info']['network_id'],
                                    (gateway or {}).get('network_id'))
    with db.transaction() as s:
        row = s.get(M.Router, router_id)
        if row is None:
            raise errors.RouterNotFound(router_id=router_id)
        extra = dict(row.extra or {})
        for name, value in values.items():
            if name == 'routes':
                extra['routes'] = value
            else:
                setattr(row, name, value)
        extra['revision_number'] = extra.get('revision_number', 0) + 1
        row.extra = extra
        row.updated_at = M.utcnow()
    if gateway is not False:
        current = _ports(router_id, GATEWAY)
        if gateway and current and current[0]['network_id'] == gateway['network_id']:
            _update_gateway(router_id, current[0], gateway)
        else:
            _clear_gateway(router_id)
            if gateway:
                _set_gateway(router_id, gateway)
    return router_get(router_id)


def _update_gateway(router_id, port, gateway):
    """The gateway stays on the same external network: its port is updated in place, as
    Neutron's _update_current_gw_port does. Requested external_fixed_ips become the port's
    complete list (a subnet named without an address keeps the address it has there); none
    requested leaves the addresses alone."""
    if gateway.get('external_fixed_ips'):
        requested = [dict(ip) for ip in gateway['external_fixed_ips']]
        current = [{'subnet_id': ip['subnet_id'], 'ip_address': ip['ip_address']}
                   for ip in port['fixed_ips']]
        if requested != current:
            network_db.port_update(port['id'], {}, requested)
    if 'enable_snat' in gateway:
        with db.transaction() as s:
            row = s.get(M.Router, router_id)
            row.extra = dict(row.extra or {}, enable_snat=gateway['enable_snat'])


def _set_gateway(router_id, gateway):
    net = network_db.network_get(gateway['network_id'])
    if net is None:
        raise errors.NetworkNotFound(net_id=gateway['network_id'])
    if not net['router:external']:
        raise errors.RouterBadRequest(msg='Network %s is not an external network'
                                      % net['id'])
    fixed_ips = gateway.get('external_fixed_ips') or None
    network_db.port_create({'network_id': net['id'], 'project_id': '', 'name': '',
                            'device_id': router_id, 'device_owner': GATEWAY,
                            'admin_state_up': True, 'security_groups': [],
                            'binding:host_id': L3_AGENT_HOST}, fixed_ips)
    with db.transaction() as s:
        row = s.get(M.Router, router_id)
        row.gw_network_id = net['id']
        row.extra = dict(row.extra or {}, enable_snat=gateway.get('enable_snat', True))


def _clear_gateway(router_id):
    for port in _ports(router_id, GATEWAY):
        network_db.port_delete(port['id'])
    with db.transaction() as s:
        row = s.get(M.Router, router_id)
        row.gw_network_id = None


def router_delete(router_id):
    if router_get(router_id) is None:
        raise errors.RouterNotFound(router_id=router_id)
    if _ports(router_id, INTERFACE):
        raise errors.RouterInUse(router_id=router_id, reason='still has ports')
    with db.transaction() as s:
        row = s.get(M.Router, router_id)
        fip_db.check_gateway_change(router_id, row.gw_network_id if row else None)
    _clear_gateway(router_id)
    with db.transaction() as s:
        tags.purge(s, 'router', [router_id])
        s.execute(sa.delete(M.Router).where(M.Router.id == router_id))


def interfaces(router_id):
    return _ports(router_id, INTERFACE)


def _info(router, port, subnet_id):
    return {'id': router['id'], 'tenant_id': router['project_id'],
            'project_id': router['project_id'], 'port_id': port['id'],
            'network_id': port['network_id'], 'subnet_id': subnet_id,
            'subnet_ids': [ip['subnet_id'] for ip in port['fixed_ips']]}


def _check_overlap(router, subnet):
    cidr = netaddr.IPNetwork(subnet['cidr'])
    for port in interfaces(router['id']):
        for ip in port['fixed_ips']:
            if ip['subnet_id'] == subnet['id']:
                raise errors.RouterBadRequest(msg='Router already has a port on subnet %s'
                                              % subnet['id'])
            other = network_db.subnet_get(ip['subnet_id'])
            if other is None:
                continue
            theirs = netaddr.IPNetwork(other['cidr'])
            if theirs.version == cidr.version and cidr.first <= theirs.last and \
                    theirs.first <= cidr.last:
                raise errors.RouterBadRequest(msg=(
                    'Cidr %s of subnet %s overlaps with cidr %s of subnet %s'
                    % (subnet['cidr'], subnet['id'], other['cidr'], other['id'])))


def add_interface_by_subnet(router, subnet):
    if not subnet['gateway_ip']:
        raise errors.RouterBadRequest(msg='Subnet for router interface must have a gateway IP')
    _check_overlap(router, subnet)
    port = network_db.port_create(
        {'network_id': subnet['network_id'], 'project_id': subnet['project_id'], 'name': '',
         'device_id': router['id'], 'device_owner': INTERFACE, 'admin_state_up': True,
         'security_groups': [], 'binding:host_id': L3_AGENT_HOST},
        [{'subnet_id': subnet['id'], 'ip_address': subnet['gateway_ip']}])
    _bump(router['id'])
    return _info(router, port, subnet['id'])


def add_interface_by_port(router, port):
    if port['device_id'] or port['device_owner']:
        raise errors.PortInUse(net_id=port['network_id'], port_id=port['id'],
                               device_id=port['device_id'] or port['device_owner'])
    if not port['fixed_ips']:
        raise errors.RouterBadRequest(msg='Router port must have at least one fixed IP')
    for ip in port['fixed_ips']:
        _check_overlap(router, network_db.subnet_get(ip['subnet_id']))
    port = network_db.port_update(port['id'], {'device_id': router['id'],
                                               'device_owner': INTERFACE,
                                               'security_groups': [],
                                               'binding:host_id': L3_AGENT_HOST})
    _bump(router['id'])
    return _info(router, port, port['fixed_ips'][0]['subnet_id'])


def _bump(router_id):
    """An interface added or removed is a new revision of the router (Neutron's router
    ports revise their router)."""
    with db.transaction() as s:
        row = s.get(M.Router, router_id)
        if row is not None:
            extra = dict(row.extra or {})
            extra['revision_number'] = extra.get('revision_number', 0) + 1
            row.extra = extra
            row.updated_at = M.utcnow()


def remove_interface(router, subnet_id=None, port_id=None):
    ports = interfaces(router['id'])
    if port_id is not None:
        found = [p for p in ports if p['id'] == port_id]
        if not found:
            raise errors.RouterInterfaceNotFound(router_id=router['id'], port_id=port_id)
        if subnet_id is not None and subnet_id not in [ip['subnet_id']
                                                       for ip in found[0]['fixed_ips']]:
            raise errors.SubnetMismatchForPort(port_id=port_id, subnet_id=subnet_id)
    else:
        found = [p for p in ports if subnet_id in [ip['subnet_id'] for ip in p['fixed_ips']]]
        if not found:
            raise errors.RouterInterfaceNotFoundForSubnet(router_id=router['id'],
                                                          subnet_id=subnet_id)
    port = found[0]
    fip_db.check_interface_removal(router['id'], [ip['subnet_id'] for ip in port['fixed_ips']
                                                  if subnet_id in (None, ip['subnet_id'])])
    network_db.port_delete(port['id'])
    _bump(router['id'])
    return _info(router, port, subnet_id or port['fixed_ips'][0]['subnet_id'])


def seed_router(name, project_id, external_net_id, subnet_name):
    """devstack's ``router1``: the project's router with its gateway on the external network
    and an interface on ``subnet_name`` (made once; found again on later starts)."""
    with db.transaction() as s:
        found = s.scalar(sa.select(M.Router.id).where(M.Router.name == name,
                                                      M.Router.project_id == project_id))
    if found is not None:
        return found
    router = router_create({'name': name, 'project_id': project_id, 'description': '',
                            'admin_state_up': True}, {'network_id': external_net_id})
    subnets = [sub for sub in network_db.subnet_list(None, name=[subnet_name])
               if sub['project_id'] == project_id]
    if subnets:
        add_interface_by_subnet(router, subnets[0])
    return router['id']
