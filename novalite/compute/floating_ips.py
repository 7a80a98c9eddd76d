"""Floating IPs as compute sees them: the floating addresses in a server's network info
cache (Nova's info cache, refreshed from the network service on ``network-changed`` and after
the floating IP actions), and the lookups the os-floating-ips API and the server actions
make (Nova's nova.network.neutron floating IP calls)."""
import logging

from novalite import exception
from novalite import service_client
from novalite.db import api as db_api
from novalite.network import api as network_api

LOG = logging.getLogger(__name__)
_AUTH = {}


def _network(conf):
    """The network service's client with the service user's token (one auth per conf)."""
    if id(conf) not in _AUTH:
        _AUTH[id(conf)] = service_client.ServiceAuth(conf)
    return network_api.NetworkAPI(conf, _AUTH[id(conf)])


def with_floating_ips(vifs, floating_ips):
    """The VIFs with each fixed IP's ``floating_ips`` taken from ``floating_ips``."""
    result = []
    for vif in vifs:
        vif = dict(vif, ips=[dict(ip, floating_ips=network_api.floating_for(
            floating_ips, vif['id'], ip['address'])) for ip in vif.get('ips', [])])
        result.append(vif)
    return result


def refresh_cache(conf, instance_uuid):
    """Re-read the floating IPs of the server's ports into its network info (the service
    user's view, as Nova's cache refresh); False when the server is gone."""
    try:
        inst = db_api.instance_get(instance_uuid)
    except exception.InstanceNotFound:
        return False
    vifs = inst.get('network_info') or []
    if not vifs:
        return True
    client = _network(conf)
    fips = client.list_floating_ips(port_id=[v['id'] for v in vifs])
    try:
        db_api.instance_update(instance_uuid,
                               {'network_info': with_floating_ips(vifs, fips)})
    except exception.InstanceNotFound:
        return False
    return True


def get_by_address(client, context, address):
    fips = client.list_floating_ips(context, floating_ip_address=address)
    if not fips:
        raise exception.FloatingIpNotFoundForAddress(address=address)
    if len(fips) > 1:
        raise exception.FloatingIpMultipleFoundForAddress(address=address)
    return fips[0]
