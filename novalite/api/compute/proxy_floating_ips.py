"""/os-floating-ips: Nova's floating IP proxy over the network service's floating IPs,
below 2.36 only (404 from 2.36, as Nova). Shapes, codes and messages are Nova's
(nova/api/openstack/compute/floating_ips.py)."""
import urllib.parse

from novalite import exception
from novalite import policy
from novalite import service_client
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute import proxy_common as proxy
from novalite.compute import floating_ips

POLICY = 'os_compute_api:os-floating-ips:%s'
CREATE = {
    'type': 'object',
    'properties': {'pool': {'type': ['string', 'null']}},
    'additionalProperties': False,
}


def translate(fip, pools):
    """Nova's floating IP view: the pool is the name (or id) of the floating network."""
    details = fip.get('port_details') or {}
    net = pools.get(fip['floating_network_id']) or {}
    return {'id': fip['id'], 'ip': fip['floating_ip_address'],
            'pool': net.get('name') or fip['floating_network_id'],
            'fixed_ip': fip['fixed_ip_address'],
            'instance_id': details.get('device_id') if fip.get('port_details') else None}


class FloatingIPsController(proxy.ProxyController):

    service = 'network'

    @validation.query(None)  # the proxy APIs are gone from 2.36 (404)
    def index(self, req):
        ctx = self._authorize(req, 'list')
        fips = proxy.call(self.client, 'GET', '/v2.0/floatingips?' + urllib.parse.urlencode(
            {'project_id': ctx.project_id}), ctx)['floatingips']
        pools = self._pools(ctx)
        return {'floating_ips': [translate(f, pools) for f in fips]}

    @validation.query(None)  # the proxy APIs are gone from 2.36 (404)
    def show(self, req, id):
        ctx = self._authorize(req, 'show')
        return {'floating_ip': translate(self._get(ctx, id), self._pools(ctx))}

    def create(self, req, body=None):
        ctx = self._authorize(req, 'create')
        validation.validate(CREATE, body or {})
        pool = (body or {}).get('pool')
        net = self._pool(ctx, pool or self.conf.default_floating_pool)
        try:
            fip = self.client.request('POST', '/v2.0/floatingips', context=ctx,
                                      json={'floatingip': {'floating_network_id': net['id']}})
        except exception.RemoteServiceError as exc:
            raise self._allocation_error(exc, pool)
        return {'floating_ip': translate(fip['floatingip'], {net['id']: net})}

    @wsgi.response(202)
    def delete(self, req, id):
        ctx = self._authorize(req, 'delete')
        fip = self._get(ctx, id)
        proxy.call(self.client, 'DELETE', service_client.path('/v2.0/floatingips/%s', fip['id']),
                   ctx,
                   not_found=exception.NotFound('Floating IP not found for ID %s' % id))
        if fip.get('port_details'):
            floating_ips.refresh_cache(self.conf, fip['port_details']['device_id'])

    @staticmethod
    def _authorize(req, rule):
        proxy.check_version(req)
        ctx = req.context
        policy.authorize(ctx, POLICY % rule, {'project_id': ctx.project_id})
        return ctx

    def _get(self, ctx, fip_id):
        return proxy.call(self.client, 'GET', service_client.path('/v2.0/floatingips/%s', fip_id),
                          ctx,
                          not_found=exception.NotFound('Floating IP not found for ID %s'
                                                       % fip_id))['floatingip']

    def _pools(self, ctx):
        nets = proxy.call(self.client, 'GET', '/v2.0/networks?router%3Aexternal=True',
                          ctx)['networks']
        return {n['id']: n for n in nets}

    def _pool(self, ctx, name_or_id):
        """Nova's pool lookup: an external network by name, else by id."""
        for key in ('name', 'id'):
            query = urllib.parse.urlencode({'router:external': 'True', key: name_or_id})
            nets = proxy.call(self.client, 'GET', '/v2.0/networks?' + query,
                              ctx)['networks']
            if len(nets) == 1:
                return nets[0]
            if len(nets) > 1:
                raise exception.Conflict('Multiple floating IP pools matches found for name '
                                         "'%s'" % name_or_id)
        raise exception.FloatingIpPoolNotFound()

    @staticmethod
    def _allocation_error(exc, pool):
        status, reason = exc.kwargs.get('status'), exc.kwargs.get('reason') or ''
        if status == 409 and reason.startswith('Quota exceeded'):
            return exception.Forbidden('IP allocation over quota in pool %s.' % pool if pool
                                       else 'IP allocation over quota.')
        if status == 409 and 'No more IP addresses' in reason:
            return exception.NotFound('No more floating IPs in pool %s.' % pool if pool
                                      else 'No more floating IPs available.')
        if status == 400:
            return exception.Invalid(reason)
        if status == 403:
            return exception.Forbidden(reason)
        return exc
