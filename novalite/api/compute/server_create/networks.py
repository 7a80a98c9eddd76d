from novalite import exception
from novalite import policy
from novalite.api import microversion as mv
from novalite.api.compute import server_create


def _schema(version):
    item = {'type': 'object',
            'properties': {
                'fixed_ip': {'type': 'string', 'oneOf': [{'format': 'ipv4'},
                                                         {'format': 'ipv6'}]},
                'port': {'type': ['string', 'null'], 'format': 'uuid'},
                'uuid': {'type': 'string'},
            },
            'additionalProperties': False}
    if mv.DEVICE_TAGS <= version < mv.NETWORKS_REQUIRED or version >= mv.DEVICE_TAGS_RESTORED:
        item['properties']['tag'] = {'type': 'string', 'maxLength': 60,
                                     'pattern': '^[^,/]*$'}
    array = {'type': 'array', 'items': item}
    if version >= mv.NETWORKS_REQUIRED:
        return {'oneOf': [array, {'type': 'string', 'enum': ['none', 'auto']}]}
    return array


class Networks(server_create.Plugin):
    """networks: a list of {uuid | port, fixed_ip}, or (2.37) "auto" / "none"."""

    def schema(self, version):
        required = ['networks'] if version >= mv.NETWORKS_REQUIRED else []
        return {'networks': _schema(version)}, {}, required

    def server_create(self, server, create_req, body, req):
        requested = server.get('networks')
        if requested is None or isinstance(requested, str):
            create_req.requested_networks = requested
            return
        policy.authorize(req.context, 'os_compute_api:servers:create:attach_network',
                         {'project_id': req.context.project_id})
        result = []
        for net in requested:
            if not net.get('uuid') and not net.get('port'):
                raise exception.Invalid('Bad networks format: network uuid is not in proper '
                                        'format (%s)' % net.get('uuid'))
            result.append({'network_id': net.get('uuid'), 'port_id': net.get('port'),
                           'fixed_ip': net.get('fixed_ip')})
        ports = [r['port_id'] for r in result if r['port_id']]
        if len(set(ports)) != len(ports):
            raise exception.Invalid('Duplicate networks (%s) are not allowed' % ports)
        if ports and int(server.get('max_count', 1)) > 1:
            raise exception.Invalid('Unable to launch multiple instances with a single '
                                    'configured port ID. Please launch your instance one by '
                                    'one with different ports.')
        create_req.requested_networks = result
