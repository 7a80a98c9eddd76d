"""/os-networks, /os-tenant-networks and /os-floating-ip-pools: Nova's network proxies over
the network service, served below 2.36 only (404 from 2.36, as Nova). Creating, deleting
and associating networks went with nova-network: 410 Gone, as Nova answers."""
import urllib.parse

from novalite import exception
from novalite import policy
from novalite import service_client
from novalite.api.compute import proxy_common as proxy
from novalite.api import validation

POLICY = 'os_compute_api:os-networks:%s'
TENANT_POLICY = 'os_compute_api:os-tenant-networks:%s'
POOLS_POLICY = 'os_compute_api:os-floating-ip-pools:list'
_NOT_FOUND = 'Network could not be found.'
_ADMIN_FIELDS = ('bridge', 'bridge_interface', 'created_at', 'deleted', 'deleted_at',
                 'dhcp_server', 'dhcp_start', 'enable_dhcp', 'host', 'injected', 'mtu',
                 'multi_host', 'priority', 'project_id', 'rxtx_base', 'share_address',
                 'updated_at', 'vlan', 'vpn_private_address', 'vpn_public_address',
                 'vpn_public_port')
_FIELDS = ('id', 'cidr', 'netmask', 'gateway', 'broadcast', 'dns1', 'dns2', 'cidr_v6',
           'gateway_v6', 'label', 'netmask_v6')


def network_view(ctx, net):
    """Nova's network_dict for a Neutron network: id and label; the nova-network fields
    are null (admins see more of them)."""
    fields = _FIELDS + (_ADMIN_FIELDS if ctx.is_admin else ())
    view = dict.fromkeys(fields)
    view.update(id=net['id'], label=net.get('name'))
    return view


class _Base(proxy.ProxyController):

    service = 'network'

    def _networks(self, req, **filters):
        query = urllib.parse.urlencode(filters)
        return proxy.call(self.client, 'GET', '/v2.0/networks' + ('?' + query if query
                                                                  else ''),
                          req.context)['networks']

    def _network(self, req, id):
        return proxy.call(self.client, 'GET', service_client.path('/v2.0/networks/%s', id),
                          req.context, not_found=exception.NotFound(_NOT_FOUND))['network']


class NetworksController(_Base):

    @validation.query(None)  # the proxy APIs are gone from 2.36 (404)
    def index(self, req):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'list', {'project_id': req.context.project_id})
        return {'networks': [network_view(req.context, n) for n in self._networks(req)]}

    @validation.query(None)  # the proxy APIs are gone from 2.36 (404)
    def show(self, req, id):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'show', {'project_id': req.context.project_id})
        return {'network': network_view(req.context, self._network(req, id))}

    def create(self, req, body=None):
        proxy.check_version(req)
        raise exception.Gone()

    def delete(self, req, id):
        proxy.check_version(req)
        raise exception.Gone()

    def action(self, req, id, body=None):
        proxy.check_version(req)
        raise exception.Gone()


def _tenant_view(net):
    # Nova's tenant network view of a Neutron network: the cidr is not known ("None")
    return {'id': net['id'], 'label': net.get('name'), 'cidr': str(None)}


class TenantNetworksController(_Base):

    @validation.query(None)  # the proxy APIs are gone from 2.36 (404)
    def index(self, req):
        proxy.check_version(req)
        ctx = req.context
        policy.authorize(ctx, TENANT_POLICY % 'list', {'project_id': ctx.project_id})
        nets = [n for n in self._networks(req) if not n.get('router:external')
                and (n.get('project_id') == ctx.project_id or n.get('shared'))]
        return {'networks': [_tenant_view(n) for n in nets]}

    @validation.query(None)  # the proxy APIs are gone from 2.36 (404)
    def show(self, req, id):
        proxy.check_version(req)
        ctx = req.context
        policy.authorize(ctx, TENANT_POLICY % 'show', {'project_id': ctx.project_id})
        return {'network': _tenant_view(self._network(req, id))}

    def create(self, req, body=None):
        proxy.check_version(req)
        raise exception.Gone()

    def delete(self, req, id):
        proxy.check_version(req)
        raise exception.Gone()


class FloatingIPPoolsController(_Base):

    @validation.query(None)  # the proxy APIs are gone from 2.36 (404)
    def index(self, req):
        proxy.check_version(req)
        ctx = req.context
        policy.authorize(ctx, POOLS_POLICY, {'project_id': ctx.project_id})
        pools = [n for n in self._networks(req) if n.get('router:external')]
        return {'floating_ip_pools': [{'name': n.get('name') or n['id']} for n in pools]}
