"""Neutron ports: /v2.0/ports[/{id}], with IP allocation, binding and security groups."""
from novalite import exception_network as errors
from novalite.api import wsgi
from novalite.api.network import attributes
from novalite.api.network import common
from novalite.api.network import revisions
from novalite.api.network import networks
from novalite.db import network as network_db
from novalite.db import network_quotas

FILTERABLE = ('id', 'name', 'network_id', 'admin_state_up', 'mac_address', 'fixed_ips',
              'device_id', 'device_owner', 'tenant_id', 'project_id', 'status',
              'security_groups', 'description', 'binding:host_id', 'binding:vnic_type',
              'revision_number', 'port_security_enabled')
PUSHDOWN = {'id': 'id', 'network_id': 'network_id', 'device_id': 'device_id',
            'device_owner': 'device_owner', 'mac_address': 'mac_address', 'name': 'name',
            'project_id': 'project_id', 'tenant_id': 'project_id'}
ROUTER_OWNED = ('network:router_interface', 'network:router_gateway', 'network:floatingip')
BINDING_ATTRS = ('binding:host_id', 'binding:vif_type', 'binding:vif_details',
                 'binding:profile')


def _not_found(port_id):
    return errors.PortNotFound(port_id=port_id)


class PortsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        ctx = req.context
        fields = common.requested_fields(req)
        ports = network_db.port_list(common.scope(ctx), with_tags=common.wants_tags(req, fields),
                                     **common.pushdown(req, PUSHDOWN))
        ports = [p for p in ports if common.allowed(ctx, 'get_port', common.child_target(p))]
        return common.index(req, 'ports', ports, lambda p: _view(ctx, p, fields), FILTERABLE,
                            _not_found)

    def show(self, req, id):
        port = self._get(req.context, id)
        return {'port': common.select_fields(req, _view(req.context, port))}

    def create(self, req, body=None):
        return common.create(req, body, 'port', 'ports', self._create, self._undo)

    def _create(self, ctx, data):
        data = attributes.prepare(attributes.PORT, data, ctx, create=True)
        net = networks.get_visible(ctx, data['network_id'])
        target = common.child_target(data, common.net_ref(net))
        common.authorize(ctx, 'create_port', target)
        _authorize_attributes(ctx, 'create_port', data, target)
        data.setdefault('port_security_enabled', net['port_security_enabled'])
        data['security_groups'] = _security_groups(ctx, data, data.get('security_groups'))
        fixed_ips = data.pop('fixed_ips', None)
        return _view(ctx, network_db.port_create(
            data, fixed_ips, quota=network_quotas.guard('port', data['project_id'])))

    def _undo(self, ctx, port_id):
        network_db.port_delete(port_id)

    def update(self, req, id, body=None):
        ctx = req.context
        values = common.update_body(body, 'port', attributes.PORT, ctx)
        port = network_db.port_get(id)
        if port is None:
            raise _not_found(id)
        target = common.child_target(port)
        common.check_writable(ctx, 'update_port', target, 'get_port', _not_found(id))
        revisions.check(req, port)
        _authorize_attributes(ctx, 'update_port', values, target)
        if 'security_groups' in values or 'port_security_enabled' in values:
            merged = dict(port, **values)
            values['security_groups'] = _security_groups(
                ctx, merged, values.get('security_groups', port['security_groups']),
                updating=True)
        fixed_ips = values.pop('fixed_ips', None)
        return {'port': _view(ctx, network_db.port_update(id, values, fixed_ips))}

    @wsgi.response(204)
    def delete(self, req, id):
        ctx = req.context
        port = network_db.port_get(id)
        if port is None:
            raise _not_found(id)
        common.check_writable(ctx, 'delete_port', common.child_target(port), 'get_port',
                              _not_found(id))
        revisions.check(req, port)
        if port['device_owner'] in ROUTER_OWNED:
            raise errors.ServicePortInUse(port_id=id, reason='has device owner %s'
                                          % port['device_owner'])
        network_db.port_delete(id)

    @staticmethod
    def _get(ctx, port_id):
        port = network_db.port_get(port_id)
        if port is None or not common.allowed(ctx, 'get_port', common.child_target(port)):
            raise _not_found(port_id)
        return port


def _view(ctx, port, fields=()):
    """The port as the caller may see it; with ``fields`` only the binding attributes among
    them are checked against the policy (the others are not shown anyway)."""
    target = common.child_target(port)
    hidden = [name for name in BINDING_ATTRS if common.shown(fields, name)
              and not common.allowed(ctx, 'get_port:' + name, target)]
    return common.view(port, hidden)


def _authorize_attributes(ctx, action, data, target):
    """The attribute rules Neutron enforces when the attribute is in the request."""
    checks = {
        'mac_address': 'mac_address' in data,
        'fixed_ips:ip_address': any('ip_address' in ip for ip in data.get('fixed_ips') or []),
        'binding:host_id': bool(data.get('binding:host_id'))
        if action == 'create_port' else 'binding:host_id' in data,
        'binding:profile': bool(data.get('binding:profile'))
        if action == 'create_port' else 'binding:profile' in data,
    }
    for name, present in checks.items():
        if present:
            common.authorize(ctx, '%s:%s' % (action, name), target)


def _security_groups(ctx, port, requested, updating=False):
    """The groups of a port: the project's default unless it asks for others."""
    enabled = port['port_security_enabled']
    if requested is None and not updating:
        if not enabled or port.get('device_owner', '').startswith('network:'):
            return []
        return [network_db.ensure_default_sg(port['project_id'])]
    if requested and not enabled:
        raise (errors.PortSecurityPortHasSecurityGroup() if updating
               else errors.PortSecurityAndIPRequiredForSecurityGroups())
    for sg_id in requested:
        sg = network_db.sg_get(sg_id)
        if sg is None or (sg['project_id'] != port['project_id'] and not ctx.is_admin):
            raise errors.SecurityGroupNotFound(id=sg_id)
    return list(requested)
