"""Neutron floating IPs: /v2.0/floatingips[/{id}] (the ``router`` extension's floating IPs
with ``fip-port-details``): allocation from the external network, association with a port's
fixed IP through a router, release."""
from novalite import exception_network as errors
from novalite.api import wsgi
from novalite.api.network import attributes as A
from novalite.api.network import common
from novalite.api.network import networks
from novalite.api.network import nova_notifier
from novalite.api.network import revisions
from novalite.db import floating_ips as fip_db
from novalite.db import network as network_db
from novalite.db import network_quotas

FILTERABLE = ('id', 'floating_ip_address', 'floating_network_id', 'router_id', 'port_id',
              'fixed_ip_address', 'status', 'tenant_id', 'project_id', 'description',
              'revision_number')
PUSHDOWN = {'id': 'id', 'floating_ip_address': 'floating_ip_address',
            'floating_network_id': 'floating_network_id', 'project_id': 'project_id',
            'tenant_id': 'project_id'}


def _uuid_or_none(value):
    return None if value is None else A.is_uuid(value)


FLOATINGIP = dict(A.STANDARD, **{
    'floating_ip_address': A.Attr(put=False, default=A.UNSET, convert=A.canonical_ip,
                                  validate=A.ip_address_or_none),
    'subnet_id': A.Attr(put=False, default=A.UNSET, validate=_uuid_or_none),
    'floating_network_id': A.Attr(put=False, validate=A.is_uuid),
    'router_id': A.RO, 'status': A.RO, 'port_details': A.RO,
    'port_id': A.Attr(default=A.UNSET, validate=_uuid_or_none),
    'fixed_ip_address': A.Attr(default=A.UNSET, convert=A.canonical_ip,
                               validate=A.ip_address_or_none),
})


def _not_found(fip_id):
    return errors.FloatingIPNotFound(floatingip_id=fip_id)


def view(fip):
    return common.view(fip)


class FloatingIPsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        ctx = req.context
        fips = fip_db.fip_list(common.scope(ctx), **common.pushdown(req, PUSHDOWN))
        fips = [f for f in fips if common.allowed(ctx, 'get_floatingip',
                                                  common.owned_target(f))]
        return common.index(req, 'floatingips', fips, view, FILTERABLE, _not_found)

    def show(self, req, id):
        return {'floatingip': common.select_fields(req, view(self._get(req.context, id)))}

    def create(self, req, body=None):
        return common.create(req, body, 'floatingip', 'floatingips', self._create,
                             self._undo)

    def _create(self, ctx, data):
        data = A.prepare(FLOATINGIP, data, ctx, create=True)
        target = common.owned_target(data)
        common.authorize(ctx, 'create_floatingip', target)
        if data.get('floating_ip_address') is not None:
            common.authorize(ctx, 'create_floatingip:floating_ip_address', target)
        net = networks.get_visible(ctx, data['floating_network_id'])
        assoc = self._association(ctx, data['project_id'], net['id'], data.get('port_id'),
                                  data.get('fixed_ip_address'))
        fip = fip_db.fip_create(data, assoc,
                                quota=network_quotas.guard('floatingip', data['project_id']))
        nova_notifier.port_changed(self.conf, fip['port_details'])
        return view(fip)

    def _undo(self, ctx, fip_id):
        fip_db.fip_delete(fip_id)

    def update(self, req, id, body=None):
        ctx = req.context
        values = common.update_body(body, 'floatingip', FLOATINGIP, ctx)
        fip = self._writable(ctx, id, 'update_floatingip')
        revisions.check(req, fip)
        assoc = False
        if 'port_id' in values:
            assoc = self._association(ctx, fip['project_id'], fip['floating_network_id'],
                                      values['port_id'], values.get('fixed_ip_address'))
        elif values.get('fixed_ip_address') is not None:
            assoc = self._association(ctx, fip['project_id'], fip['floating_network_id'],
                                      fip['port_id'], values['fixed_ip_address'])
        updated = fip_db.fip_update(id, values, assoc)
        if assoc is not False and updated['port_id'] != fip['port_id']:
            nova_notifier.port_changed(self.conf, fip['port_details'],
                                       updated['port_details'])
        return {'floatingip': view(updated)}

    @wsgi.response(204)
    def delete(self, req, id):
        fip = self._writable(req.context, id, 'delete_floatingip')
        revisions.check(req, fip)
        fip_db.fip_delete(id)
        nova_notifier.port_changed(self.conf, fip['port_details'])

    @staticmethod
    def _association(ctx, project_id, network_id, port_id, fixed_ip):
        if port_id is None:
            if fixed_ip is not None:
                raise errors.FloatingIPBadRequest(
                    msg='fixed_ip_address cannot be specified without a port_id')
            return None
        port = network_db.port_get(port_id)
        if port is None or not common.allowed(ctx, 'get_port', common.child_target(port)):
            raise errors.PortNotFound(port_id=port_id)
        return fip_db.association(project_id, network_id, port, fixed_ip, ctx.is_admin)

    @staticmethod
    def _get(ctx, fip_id):
        fip = fip_db.fip_get(fip_id)
        if fip is None or not common.allowed(ctx, 'get_floatingip', common.owned_target(fip)):
            raise _not_found(fip_id)
        return fip

    @staticmethod
    def _writable(ctx, fip_id, action):
        fip = fip_db.fip_get(fip_id)
        if fip is None:
            raise _not_found(fip_id)
        common.check_writable(ctx, action, common.owned_target(fip), 'get_floatingip',
                              _not_found(fip_id))
        return fip
