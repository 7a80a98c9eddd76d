"""Neutron routers: /v2.0/routers[/{id}] and PUT .../add_router_interface,
.../remove_router_interface (the ``router`` extension)."""
from novalite import exception_network as errors
from novalite.api import wsgi
from novalite.api.network import attributes
from novalite.api.network import common
from novalite.api.network import revisions
from novalite.api.network import networks
from novalite.db import network as network_db
from novalite.db import network_quotas
from novalite.db import routers as router_db

FILTERABLE = ('id', 'name', 'admin_state_up', 'status', 'tenant_id', 'project_id',
              'description', 'revision_number', 'distributed', 'ha', 'flavor_id')
PUSHDOWN = {'id': 'id', 'name': 'name', 'project_id': 'project_id',
            'tenant_id': 'project_id'}
HIDDEN_FROM_USERS = ('distributed', 'ha')


def _not_found(router_id):
    return errors.RouterNotFound(router_id=router_id)


def _view(ctx, router):
    return common.view(router, () if ctx.is_admin else HIDDEN_FROM_USERS)


class RoutersController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        ctx = req.context
        routers = router_db.router_list(common.scope(ctx), **common.pushdown(req, PUSHDOWN))
        routers = [r for r in routers
                   if common.allowed(ctx, 'get_router', common.owned_target(r))]
        return common.index(req, 'routers', routers, lambda r: _view(ctx, r), FILTERABLE,
                            _not_found)

    def show(self, req, id):
        return {'router': common.select_fields(req, _view(req.context,
                                                          self._get(req.context, id)))}

    def create(self, req, body=None):
        return common.create(req, body, 'router', 'routers', self._create, self._undo)

    def _create(self, ctx, data):
        data = attributes.prepare(attributes.ROUTER, data, ctx, create=True)
        target = common.owned_target(data)
        common.authorize(ctx, 'create_router', target)
        gateway = data.pop('external_gateway_info', None)
        self._check_gateway(ctx, 'create_router', gateway, target)
        for name in ('distributed', 'ha'):
            if data.pop(name, None) is not None:
                common.authorize(ctx, 'create_router:' + name, target)
        data.pop('availability_zone_hints', None)
        data.pop('flavor_id', None)
        return _view(ctx, router_db.router_create(
            data, gateway, quota=network_quotas.guard('router', data['project_id'])))

    def _undo(self, ctx, router_id):
        router_db.router_delete(router_id)

    def update(self, req, id, body=None):
        ctx = req.context
        values = common.update_body(body, 'router', attributes.ROUTER, ctx)
        router = router_db.router_get(id)
        if router is None:
            raise _not_found(id)
        target = common.owned_target(router)
        common.check_writable(ctx, 'update_router', target, 'get_router', _not_found(id))
        revisions.check(req, router)
        gateway = False
        if 'external_gateway_info' in values:
            gateway = values.pop('external_gateway_info') or None
            self._check_gateway(ctx, 'update_router', gateway, target)
        for name in ('distributed', 'ha'):
            if values.pop(name, None) is not None:
                common.authorize(ctx, 'update_router:' + name, target)
        return {'router': _view(ctx, router_db.router_update(id, values, gateway))}

    @wsgi.response(204)
    def delete(self, req, id):
        ctx = req.context
        router = router_db.router_get(id)
        if router is None:
            raise _not_found(id)
        common.check_writable(ctx, 'delete_router', common.owned_target(router),
                              'get_router', _not_found(id))
        revisions.check(req, router)
        router_db.router_delete(id)

    def add_router_interface(self, req, id, body=None):
        ctx = req.context
        router, subnet_id, port_id = self._interface_request(ctx, id, body,
                                                             'add_router_interface')
        if port_id is not None:
            if subnet_id is not None:
                raise errors.RouterBadRequest(msg='Cannot specify both subnet-id and port-id')
            port = network_db.port_get(port_id)
            if port is None or not common.allowed(ctx, 'get_port', common.child_target(port)):
                raise errors.PortNotFound(port_id=port_id)
            return router_db.add_interface_by_port(router, port)
        subnet = network_db.subnet_get(subnet_id)
        if subnet is None or not common.allowed(ctx, 'get_subnet',
                                                common.child_target(subnet)):
            raise errors.SubnetNotFound(subnet_id=subnet_id)
        networks.get_visible(ctx, subnet['network_id'])
        return router_db.add_interface_by_subnet(router, subnet)

    def remove_router_interface(self, req, id, body=None):
        ctx = req.context
        router, subnet_id, port_id = self._interface_request(ctx, id, body,
                                                             'remove_router_interface')
        return router_db.remove_interface(router, subnet_id=subnet_id, port_id=port_id)

    def _interface_request(self, ctx, router_id, body, action):
        router = router_db.router_get(router_id)
        if router is None:
            raise _not_found(router_id)
        common.check_writable(ctx, action, common.owned_target(router), 'get_router',
                              _not_found(router_id))
        if not isinstance(body, dict) or not ('subnet_id' in body or 'port_id' in body):
            raise errors.RouterBadRequest(msg='Either subnet_id or port_id must be specified')
        unknown = set(body) - {'subnet_id', 'port_id'}
        if unknown:
            raise errors.RouterBadRequest(msg='Unrecognized attribute(s) %s'
                                          % ', '.join(sorted(unknown)))
        for name in ('subnet_id', 'port_id'):
            if name in body:
                message = attributes.is_uuid(body[name])
                if message:
                    raise errors.RouterBadRequest(msg=message)
        return router, body.get('subnet_id'), body.get('port_id')

    @staticmethod
    def _check_gateway(ctx, action, gateway, target):
        if not gateway:
            return
        common.authorize(ctx, action + ':external_gateway_info', target)
        for name in ('enable_snat', 'external_fixed_ips'):
            if name in gateway:
                common.authorize(ctx, '%s:external_gateway_info:%s' % (action, name), target)
        net = network_db.network_get(gateway['network_id'])
        if net is None or not common.allowed(ctx, 'get_network',
                                             common.network_target(net)):
            raise errors.NetworkNotFound(net_id=gateway['network_id'])

    def _get(self, ctx, router_id):
        router = router_db.router_get(router_id)
        if router is None or not common.allowed(ctx, 'get_router',
                                                common.owned_target(router)):
            raise _not_found(router_id)
        return router
