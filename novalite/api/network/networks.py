"""Neutron networks: /v2.0/networks[/{id}]."""
from novalite import exception_network as errors
from novalite.api import wsgi
from novalite.api.network import attributes
from novalite.api.network import common
from novalite.api.network import provider
from novalite.api.network import revisions
from novalite.db import network as network_db
from novalite.db import network_quotas

FILTERABLE = ('id', 'name', 'admin_state_up', 'status', 'tenant_id', 'project_id', 'shared',
              'router:external', 'mtu', 'description', 'revision_number',
              'port_security_enabled', 'subnets', 'availability_zones', 'is_default',
              'provider:network_type', 'provider:physical_network',
              'provider:segmentation_id')
PROVIDER = ('provider:network_type', 'provider:physical_network', 'provider:segmentation_id')
PUSHDOWN = {'id': 'id', 'name': 'name', 'project_id': 'project_id',
            'tenant_id': 'project_id'}


def get_visible(ctx, network_id):
    """The network, or 404 NetworkNotFound if it does not exist or the caller can't see it."""
    net = network_db.network_get(network_id)
    if net is None or not common.allowed(ctx, 'get_network', common.network_target(net)):
        raise errors.NetworkNotFound(net_id=network_id)
    return net


class NetworksController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        ctx = req.context
        fields = common.requested_fields(req)
        nets = network_db.network_list(common.scope(ctx),
                                       with_tags=common.wants_tags(req, fields),
                                       **common.pushdown(req, PUSHDOWN))
        nets = [n for n in nets
                if common.allowed(ctx, 'get_network', common.network_target(n))]
        return common.index(req, 'networks', nets, lambda n: view(ctx, n, fields), FILTERABLE,
                            lambda marker: errors.NetworkNotFound(net_id=marker))

    def show(self, req, id):
        net = get_visible(req.context, id)
        return {'network': common.select_fields(req, view(req.context, net))}

    def create(self, req, body=None):
        return common.create(req, body, 'network', 'networks', self._create, self._undo)

    def _create(self, ctx, data):
        data = attributes.prepare(attributes.NETWORK, data, ctx, create=True)
        target = common.network_target(data)
        common.authorize(ctx, 'create_network', target)
        for name in ('shared', 'router:external'):
            if data[name]:
                common.authorize(ctx, 'create_network:' + name, target)
        given = provider.requested(data)
        for name in list(given or ()) + (['is_default'] if 'is_default' in data else []):
            common.authorize(ctx, 'create_network:' + name, target)
        data['segment'] = provider.segment_for_create(given)
        return view(ctx, network_db.network_create(
            data, quota=network_quotas.guard('network', data['project_id'])))

    def _undo(self, ctx, network_id):
        network_db.network_delete(network_id)

    def update(self, req, id, body=None):
        ctx = req.context
        values = common.update_body(body, 'network', attributes.NETWORK, ctx)
        net = network_db.network_get(id)
        if net is None:
            raise errors.NetworkNotFound(net_id=id)
        target = common.network_target(net)
        common.check_writable(ctx, 'update_network', target, 'get_network',
                              errors.NetworkNotFound(net_id=id))
        given = provider.requested(values) or {}
        for name in ('shared', 'router:external', 'is_default') + tuple(given):
            if name in values or name in given:
                common.authorize(ctx, 'update_network:' + name, target)
        revisions.check(req, net)
        segment = provider.check_update(given, net)
        if segment:
            values['segment'] = segment
        if net['shared'] and values.get('shared') is False:
            self._check_unshare(net)
        return {'network': view(ctx, network_db.network_update(id, values))}

    @staticmethod
    def _check_unshare(net):
        owners = {p['project_id'] for p in network_db.port_list(None, network_id=[net['id']])}
        if owners - {net['project_id']}:
            raise errors.InvalidSharedSetting(network=net['name'] or net['id'])

    @wsgi.response(204)
    def delete(self, req, id):
        ctx = req.context
        net = network_db.network_get(id)
        if net is None:
            raise errors.NetworkNotFound(net_id=id)
        common.check_writable(ctx, 'delete_network', common.network_target(net),
                              'get_network', errors.NetworkNotFound(net_id=id))
        revisions.check(req, net)
        network_db.network_delete(id)


def view(ctx, net, fields=()):
    """The network as the caller may see it (provider attributes: admins, by policy); with
    ``fields`` only the provider attributes among them are checked."""
    target = common.network_target(net)
    hidden = [name for name in PROVIDER if common.shown(fields, name)
              and not common.allowed(ctx, 'get_network:' + name, target)]
    return common.view(net, hidden)
