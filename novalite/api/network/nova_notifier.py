"""The network service tells compute when a server's port changed (Neutron's nova notifier):
a floating IP associated with or released from a port of a server is a ``network-changed``
event for that server (tag: the port id), so Nova refreshes the server's network info and the
floating address shows in its ``addresses``. Sent after the change committed; a compute
service that cannot be reached is logged, never an error of the network request."""
import logging

from novalite import service_client

LOG = logging.getLogger(__name__)
_AUTH = {}


class ComputeClient(service_client.Client):
    service_type = 'compute'
    service_name = 'compute'


def _client(conf):
    key = id(conf)
    if key not in _AUTH:
        _AUTH[key] = service_client.ServiceAuth(conf)
    return ComputeClient(conf, _AUTH[key])


def port_changed(conf, *port_details):
    """``port_details``: the ports (``port_details`` views, None allowed) that changed."""
    events, seen = [], set()
    for port in port_details:
        if not port or not (port.get('device_owner') or '').startswith('compute:') or \
                not port.get('device_id') or port['device_id'] in seen:
            continue
        seen.add(port['device_id'])
        events.append({'name': 'network-changed', 'server_uuid': port['device_id']})
    if not events:
        return
    try:
        _client(conf).request('POST', '/os-server-external-events', json={'events': events},
                              ok=(200, 207))
    except Exception:
        LOG.warning('Could not tell compute about %s', events, exc_info=True)
