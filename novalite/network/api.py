"""The network service as compute sees it (Nova's nova.network.neutron), over REST."""
import urllib.parse

from novalite import exception
from novalite import service_client


class NetworkAPI(service_client.Client):
    service_type = 'network'
    service_name = 'network'

    def get_network(self, network_id, context=None):
        return self.request('GET', service_client.path('/v2.0/networks/%s', network_id),
                            context=context,
                            not_found=exception.NetworkNotFound(network_id=network_id)
                            )['network']

    def list_networks(self, context=None, **filters):
        filters = {k: str(v) if isinstance(v, bool) else v for k, v in filters.items()}
        query = urllib.parse.urlencode(filters, doseq=True)
        return self.request('GET', '/v2.0/networks' + ('?' + query if query else ''),
                            context=context)['networks']

    def available_networks(self, context, auto_allocate=False):
        """Networks a server of this project may use when none is named: its own unshared
        ones (only those up when auto-allocation is asked for: a topology being built is
        down) and the shared ones (Nova's _get_available_networks)."""
        own = {'project_id': context.project_id, 'shared': False}
        if auto_allocate:
            own['admin_state_up'] = True
        return self.list_networks(context, **own) + self.list_networks(context, shared=True)

    def can_auto_allocate(self, context):
        """Neutron's dry run of get-me-a-network (409 when it cannot be done)."""
        try:
            self.request('GET', service_client.path(
                '/v2.0/auto-allocated-topology/%s?fields=dry-run', context.project_id),
                context=context)
        except exception.RemoteServiceError as exc:
            if exc.kwargs.get('status') == 409:
                return False
            raise
        return True

    def auto_allocated_network(self, project_id):
        """The project's auto-allocated network, built on first use (Nova's
        _auto_allocate_network)."""
        try:
            topology = self.request(
                'GET', service_client.path('/v2.0/auto-allocated-topology/%s', project_id))
        except exception.RemoteServiceError as exc:
            if exc.kwargs.get('status') == 409:
                raise exception.UnableToAutoAllocateNetwork(project_id=project_id)
            raise
        return topology['auto_allocated_topology']['id']

    def get_port(self, port_id, context=None):
        return self.request('GET', service_client.path('/v2.0/ports/%s', port_id), context=context,
                            not_found=exception.PortNotFound(port_id=port_id))['port']

    def create_port(self, body):
        return self.request('POST', '/v2.0/ports', json={'port': body})['port']

    def update_port(self, port_id, body):
        return self.request('PUT', service_client.path('/v2.0/ports/%s', port_id),
                            json={'port': body},
                            not_found=exception.PortNotFound(port_id=port_id))['port']

    def delete_port(self, port_id):
        try:
            self.request('DELETE', service_client.path('/v2.0/ports/%s', port_id),
                         not_found=exception.PortNotFound(port_id=port_id))
        except exception.PortNotFound:
            pass

    def list_ports(self, **filters):
        query = urllib.parse.urlencode(filters, doseq=True)
        return self.request('GET', '/v2.0/ports?' + query)['ports']

    def list_floating_ips(self, context=None, **filters):
        query = urllib.parse.urlencode(filters, doseq=True)
        return self.request('GET', '/v2.0/floatingips' + ('?' + query if query else ''),
                            context=context)['floatingips']

    def list_security_groups(self, context, **filters):
        query = urllib.parse.urlencode(filters, doseq=True)
        return self.request('GET', '/v2.0/security-groups?' + query,
                            context=context)['security_groups']


def network_info(ports, networks, floating_ips=()):
    """Nova's network_info (a VIF per port) from ports and their networks' names; a fixed
    IP carries the floating IPs associated with it, as in Nova's network model."""
    subnets_cidr = {}
    vifs = []
    for port in ports:
        net = networks.get(port['network_id'], {})
        ips = [{'address': ip['ip_address'], 'subnet_id': ip['subnet_id'],
                'version': 6 if ':' in ip['ip_address'] else 4, 'type': 'fixed',
                'floating_ips': floating_for(floating_ips, port['id'], ip['ip_address'])}
               for ip in port.get('fixed_ips', [])]
        vifs.append({'id': port['id'], 'address': port['mac_address'],
                     'network': {'id': port['network_id'], 'label': net.get('name', ''),
                                 'mtu': net.get('mtu')},
                     'ips': ips, 'subnets': subnets_cidr.get(port['network_id'], [])})
    return vifs


def floating_for(floating_ips, port_id, fixed_address):
    """The floating IPs (network model entries) associated with one fixed IP of a port."""
    return [{'address': fip['floating_ip_address'], 'type': 'floating',
             'version': 6 if ':' in fip['floating_ip_address'] else 4}
            for fip in floating_ips
            if fip.get('port_id') == port_id and fip.get('fixed_ip_address') == fixed_address]


def addresses_by_label(network_info):
    """[(label, vif, ip)] of a network info: per network, its fixed IPs and then its
    floating IPs (Nova's get_networks_for_instance)."""
    fixed, floating, order = {}, {}, []
    for vif in network_info or []:
        label = vif['network']['label']
        if label not in fixed:
            order.append(label)
            fixed[label], floating[label] = [], []
        for ip in vif.get('ips', []):
            fixed[label].append((vif, ip))
            floating[label].extend((vif, f) for f in ip.get('floating_ips') or [])
    return [(label, fixed[label] + floating[label]) for label in order]
