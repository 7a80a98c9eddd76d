from novalite import policy
from novalite.api import validation as v
from novalite.api.compute import server_create
from novalite.compute import aggregates as aggregate_api


class AvailabilityZone(server_create.Plugin):
    """``availability_zone`` = zone, or zone:host[:node] for admins (forced host)."""

    def schema(self, version):
        return {'availability_zone': v.name}, {}, []

    def server_create(self, server, create_req, body, req):
        value = server.get('availability_zone')
        if value is None:
            return
        zone, _, rest = value.partition(':')
        host, _, node = rest.partition(':')
        if host or node:
            policy.authorize(req.context, 'os_compute_api:servers:create:forced_host',
                             {'project_id': req.context.project_id})
        if zone:
            # 400 unless the zone has an enabled compute service (aggregates make zones)
            aggregate_api.check_requested_zone(self.conf, zone)
        create_req.availability_zone = zone or self.conf.default_availability_zone
        if host:
            create_req.forced_host = host
        if node:
            create_req.forced_node = node
