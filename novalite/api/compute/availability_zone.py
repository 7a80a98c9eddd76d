"""os-availability-zone: the zones (anyone) and, in detail, their hosts' services (admin)."""
from novalite import policy
from novalite.api.compute import services as services_api
from novalite.db import api as db_api

POLICY = 'os_compute_api:os-availability-zone:%s'
_API_SERVICES = ('nova-osapi_compute', 'nova-metadata')


class AvailabilityZoneController:

    def __init__(self, conf):
        self.conf = conf

    def _zones(self, services):
        """(available, not available): a zone is available when it has an enabled
        service; zones with only disabled services are not."""
        available, unavailable = [], []
        for svc in services:
            zone = services_api.zone_of(self.conf, svc)
            if not svc['disabled'] and zone not in available:
                available.append(zone)
        for svc in services:
            zone = services_api.zone_of(self.conf, svc)
            if svc['disabled'] and zone not in available and zone not in unavailable:
                unavailable.append(zone)
        return sorted(available), sorted(unavailable)

    def index(self, req):
        policy.authorize(req.context, POLICY % 'list', {})
        available, unavailable = self._zones(db_api.service_get_all())
        info = [{'zoneName': z, 'zoneState': {'available': True}, 'hosts': None}
                for z in available if z != services_api.INTERNAL_ZONE]
        info += [{'zoneName': z, 'zoneState': {'available': False}, 'hosts': None}
                 for z in unavailable if z != services_api.INTERNAL_ZONE]
        return {'availabilityZoneInfo': info}

    def detail(self, req):
        policy.authorize(req.context, POLICY % 'detail', {})
        services = db_api.service_get_all()
        available, unavailable = self._zones(services)
        hosts = {}
        for svc in services:
            if svc['disabled'] or svc['binary'] in _API_SERVICES:
                continue
            zone = services_api.zone_of(self.conf, svc)
            hosts.setdefault(zone, {}).setdefault(svc['host'], {})[svc['binary']] = {
                'available': db_api.service_is_up(svc, self.conf.service_down_time),
                'active': not svc['disabled'], 'updated_at': svc['updated_at']}
        info = [{'zoneName': z, 'zoneState': {'available': True}, 'hosts': hosts.get(z, {})}
                for z in available]
        info += [{'zoneName': z, 'zoneState': {'available': False}, 'hosts': None}
                 for z in unavailable]
        return {'availabilityZoneInfo': info}
