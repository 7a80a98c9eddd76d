"""os-availability-zone: the zones (anyone) and, in detail, their hosts' services (admin).

A compute host's zone is the ``availability_zone`` metadata of its aggregate, else
``[DEFAULT] default_availability_zone``; the other services are in the internal zone, which
only the detail shows.
"""
from novalite import policy
from novalite.compute import aggregates as aggregate_api
from novalite.compute import hosts as host_api
from novalite.api.compute import common

POLICY = 'os_compute_api:os-availability-zone:%s'
_API_SERVICES = ('nova-osapi_compute', 'nova-metadata')


class AvailabilityZoneController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        policy.authorize(req.context, POLICY % 'list', {})
        available, unavailable = aggregate_api.zones(self.conf)
        info = [{'zoneName': z, 'zoneState': {'available': True}, 'hosts': None}
                for z in available if z != aggregate_api.INTERNAL_ZONE]
        info += [{'zoneName': z, 'zoneState': {'available': False}, 'hosts': None}
                 for z in unavailable if z != aggregate_api.INTERNAL_ZONE]
        return {'availabilityZoneInfo': info}

    def detail(self, req):
        policy.authorize(req.context, POLICY % 'detail', {})
        services = host_api.services()
        host_zones = host_api.host_zones()
        available, unavailable = aggregate_api.zones(self.conf, services, host_zones)
        hosts = {}
        for svc in services:
            if svc['disabled'] or svc['binary'] in _API_SERVICES:
                continue
            zone = aggregate_api.service_zone(self.conf, svc, host_zones)
            hosts.setdefault(zone, {}).setdefault(svc['host'], {})[svc['binary']] = {
                'available': host_api.service_is_up(svc, self.conf.service_down_time),
                'active': not svc['disabled'], 'updated_at': common.timestamp(svc['updated_at'])}
        info = [{'zoneName': z, 'zoneState': {'available': True}, 'hosts': hosts.get(z, {})}
                for z in available]
        info += [{'zoneName': z, 'zoneState': {'available': False}, 'hosts': None}
                 for z in unavailable]
        return {'availabilityZoneInfo': info}
