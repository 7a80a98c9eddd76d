"""os-services of the block-storage service (admin): its service rows (the volume
manager, ``cinder-volume``, and any other ``cinder-*`` row), filtered by host and binary;
PUT /os-services/enable, /disable and /disable-log-reason."""
from novalite import exception
from novalite import policy
from novalite.api import validation
from novalite.api.volume import microversion as mv
from novalite.api.volume import query
from novalite.db import api as db_api
from novalite.policies import volume_extras as P

ZONE = 'nova'  # Cinder's [DEFAULT] storage_availability_zone
_host = {'type': ['string', 'null'], 'minLength': 1, 'maxLength': 255,
         'pattern': r'^[a-zA-Z0-9-._#@:/+\[\]]*$'}
_enable = {
    'type': 'object',
    'properties': {'binary': {'type': 'string', 'minLength': 1, 'maxLength': 255},
                   'host': _host,
                   'cluster': {'type': ['string', 'null'], 'maxLength': 255},
                   'service': {'type': 'string', 'minLength': 1, 'maxLength': 255}},
    'anyOf': [{'required': ['binary']}, {'required': ['service']}],
    'additionalProperties': False,
}
_disable_log_reason = {
    'type': 'object',
    'properties': dict(_enable['properties'], disabled_reason={
        'type': 'string', 'minLength': 1, 'maxLength': 255}),
    'anyOf': _enable['anyOf'],
    'additionalProperties': False,
}


def services():
    return db_api.service_get_all(prefix='cinder-')


def zone_of(conf):
    volume = getattr(conf, 'volume', None)
    return getattr(volume, 'storage_availability_zone', None) or ZONE


class ServicesController:

    def __init__(self, conf):
        self.conf = conf

    def _up(self, service):
        return db_api.service_is_up(service, self.conf.service_down_time)

    def _view(self, req, service):
        up = self._up(service)
        item = {'binary': service['binary'], 'host': service['host'],
                'zone': zone_of(self.conf),
                'status': 'disabled' if service['disabled'] else 'enabled',
                'state': 'up' if up else 'down',
                'updated_at': query.isotime(service['updated_at'] or service['created_at']),
                'disabled_reason': service['disabled_reason']}
        if req.api_version >= mv.CLUSTER:
            item['cluster'] = None
        if service['binary'] == 'cinder-volume':
            item.update(replication_status='disabled', active_backend_id=None, frozen=False)
            if req.api_version >= mv.BACKEND_STATE:
                item['backend_state'] = 'up' if up else 'down'
        return item

    def index(self, req):
        policy.authorize(req.context, P.SERVICES_INDEX)
        host, binary = req.GET.get('host'), req.GET.get('binary')
        rows = [s for s in services()
                if (not host or s['host'] == host) and (not binary or s['binary'] == binary)]
        return {'services': [self._view(req, s) for s in rows]}

    def update(self, req, id, body):
        policy.authorize(req.context, P.SERVICES_UPDATE)
        if id not in ('enable', 'disable', 'disable-log-reason'):
            raise exception.NotFound('Unknown action')
        validation.validate(_disable_log_reason if id == 'disable-log-reason' else _enable,
                            body or {})
        binary = body.get('binary') or body.get('service')
        host = body.get('host')
        if not host:
            raise exception.Invalid('Missing required element "host" in request body.')
        disabled = id != 'enable'
        reason = body.get('disabled_reason') if id == 'disable-log-reason' else None
        try:
            db_api.service_update_by_host_binary(host, binary, {
                'disabled': disabled, 'disabled_reason': reason})
        except exception.NotFound:
            raise exception.NotFound('Service %s could not be found.' % binary)
        result = {'host': host, 'service': binary, 'disabled': disabled, 'binary': binary,
                  'status': 'disabled' if disabled else 'enabled'}
        if id != 'disable':
            result['disabled_reason'] = reason
        return result


class AvailabilityZonesController:
    """GET /os-availability-zone: the zone of the volume services, available while one of
    them is up and enabled."""

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        policy.authorize(req.context, P.AZ_LIST)
        available = any(s['binary'] == 'cinder-volume' and not s['disabled']
                        and db_api.service_is_up(s, self.conf.service_down_time)
                        for s in services())
        return {'availabilityZoneInfo': [{'zoneName': zone_of(self.conf),
                                          'zoneState': {'available': available}}]}


# (alias, name, description, updated) of the Cinder API extensions served here
EXTENSIONS = [
    ('os-admin-actions', 'AdminActions', 'Enable admin actions.', '2012-08-25T00:00:00+00:00'),
    ('os-availability-zone', 'AvailabilityZones', 'Describe Availability Zones.',
     '2013-06-27T00:00:00+00:00'),
    ('os-extended-snapshot-attributes', 'ExtendedSnapshotAttributes',
     'Extended SnapshotAttributes support.', '2012-06-19T00:00:00+00:00'),
    ('os-quota-class-sets', 'QuotaClasses', 'Quota classes management support.',
     '2012-03-12T00:00:00+00:00'),
    ('os-quota-sets', 'Quotas', 'Quota management support.', '2011-08-08T00:00:00+00:00'),
    ('os-services', 'Services', 'Services support.', '2012-10-28T00:00:00-00:00'),
    ('os-snapshot-actions', 'SnapshotActions', 'Enable snapshot manager actions.',
     '2013-07-16T00:00:00+00:00'),
    ('os-types-extra-specs', 'TypesExtraSpecs', 'Type extra specs support.',
     '2011-08-24T00:00:00+00:00'),
    ('os-types-manage', 'TypesManage', 'Types manage support.', '2011-08-24T00:00:00+00:00'),
    ('os-used-limits', 'UsedLimits', 'Provide data on limited resources that are being used.',
     '2013-10-03T00:00:00+00:00'),
    ('os-vol-host-attr', 'VolumeHostAttribute', 'Expose host as an attribute of a volume.',
     '2011-11-03T00:00:00+00:00'),
    ('os-vol-image-meta', 'VolumeImageMetadata',
     'Show image metadata associated with the volume.', '2012-12-07T00:00:00+00:00'),
    ('os-vol-mig-status-attr', 'VolumeMigStatusAttribute',
     'Expose migration_status as an attribute of a volume.', '2013-08-08T00:00:00+00:00'),
    ('os-vol-tenant-attr', 'VolumeTenantAttribute',
     'Expose the internal project_id as an attribute of a volume.',
     '2011-11-03T00:00:00+00:00'),
    ('os-volume-actions', 'VolumeActions', 'Enable volume actions.',
     '2012-05-31T00:00:00+00:00'),
    ('os-volume-type-access', 'VolumeTypeAccess', 'Volume type access support.',
     '2014-06-26T00:00:00Z'),
]


class ExtensionsController:
    """GET /extensions: the Cinder API extensions this service serves."""

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        policy.authorize(req.context, P.EXTENSIONS)
        return {'extensions': [{'alias': alias, 'name': name, 'description': description,
                                'updated': updated, 'links': []}
                               for alias, name, description, updated in EXTENSIONS]}
