"""The addFloatingIp / removeFloatingIp server actions (2.1 to 2.43; 404 from 2.44, as
Nova), over the network service's floating IPs. Codes and messages are Nova's
(nova/api/openstack/compute/floating_ips.py FloatingIPActionController)."""
import netaddr

from novalite import exception
from novalite import policy
from novalite import service_client
from novalite.api.compute import proxy_common as proxy
from novalite.compute import floating_ips

POLICY = 'os_compute_api:os-floating-ips:%s'


class FloatingIpActionsMixin:
    """Mixed into ServerActionsController (which gives conf)."""

    @property
    def _network(self):
        if getattr(self, '_network_client', None) is None:
            self._network_client = proxy.network(self.conf)
        return self._network_client

    def _add_floating_ip(self, req, inst, body):
        ctx = req.context
        policy.authorize(ctx, POLICY % 'add', {'project_id': inst['project_id']})
        address = body['address']
        vifs = inst.get('network_info') or []
        if not vifs:
            raise exception.Invalid('Instance network is not ready yet')
        fixed = [(vif, ip) for vif in vifs for ip in vif.get('ips', [])]
        if not fixed:
            raise exception.Invalid('No fixed IPs associated to instance')
        fixed_address = body.get('fixed_address')
        if fixed_address:
            chosen = [(v, ip) for v, ip in fixed if ip['address'] == fixed_address]
            if not chosen:
                raise exception.Invalid('Specified fixed address not assigned to instance')
        else:
            chosen = [(v, ip) for v, ip in fixed
                      if netaddr.IPAddress(ip['address']).version == 4]
            if not chosen:
                raise exception.Invalid(
                    'Unable to associate floating IP %s to any fixed IPs for instance %s. '
                    'Instance has no fixed IPv4 addresses to associate.'
                    % (address, inst['uuid']))
        vif, ip = chosen[0]
        try:
            fip = floating_ips.get_by_address(self._network, ctx, address)
        except exception.FloatingIpNotFoundForAddress:
            raise exception.NotFound('floating IP not found')
        try:
            self._network.request('PUT', service_client.path('/v2.0/floatingips/%s', fip['id']),
                                  context=ctx,
                                  json={'floatingip': {'port_id': vif['id'],
                                                       'fixed_ip_address': ip['address']}})
        except exception.RemoteServiceError as exc:
            status, reason = exc.kwargs.get('status'), exc.kwargs.get('reason')
            if status == 403:
                raise exception.Forbidden(reason)
            if status == 409:
                raise exception.Invalid(reason)
            raise exception.Invalid(
                'Unable to associate floating IP %s to fixed IP %s for instance %s. '
                'Error: %s' % (address, ip['address'], inst['uuid'], reason))
        previous = (fip.get('port_details') or {}).get('device_id')
        if previous and previous != inst['uuid']:
            floating_ips.refresh_cache(self.conf, previous)
        floating_ips.refresh_cache(self.conf, inst['uuid'])

    def _remove_floating_ip(self, req, inst, body):
        ctx = req.context
        address = body['address']
        try:
            fip = floating_ips.get_by_address(self._network, ctx, address)
        except exception.FloatingIpNotFoundForAddress as exc:
            raise exception.NotFound(exc.format_message())
        owner = fip['port_details']['device_id'] if fip.get('port_id') and \
            fip.get('port_details') else None
        # Nova's target: the associated server's project, else (an empty target) the caller's
        target = {'project_id': inst['project_id'] if owner == inst['uuid']
                  else ctx.project_id}
        policy.authorize(ctx, POLICY % 'remove', target)
        if owner != inst['uuid']:
            raise exception.Conflict('Floating IP %s is not associated with instance %s.'
                                     % (address, inst['uuid']))
        proxy.call(self._network, 'PUT', service_client.path('/v2.0/floatingips/%s', fip['id']),
                   ctx,
                   json={'floatingip': {'port_id': None}})
        floating_ips.refresh_cache(self.conf, inst['uuid'])
