"""os-services: list, enable/disable (with a reason), force down (2.11) and delete.

Below 2.53 updates are ``PUT /os-services/{action}`` (enable, disable, disable-log-reason,
force-down at 2.11) with host and binary in the body, and ids are integers; from 2.53 ids
are the services' uuids and ``PUT /os-services/{uuid}`` takes status, disabled_reason and
forced_down. A compute service is ``down`` when its last heartbeat is older than
``[DEFAULT] service_down_time`` or it is forced down; the scheduler's ComputeFilter skips it.
"""
import uuid as uuidlib

from novalite import exception
from novalite import policy
from novalite.api import validation
from novalite.api import wsgi
from novalite.api import microversion as mv
from novalite.api.compute.schemas import services as schemas
from novalite.compute import aggregates as aggregate_api
from novalite.compute import hosts
from novalite.api.compute.schemas import queries
from novalite.api.compute import common

POLICY = 'os_compute_api:os-services:%s'
INTERNAL_ZONE = aggregate_api.INTERNAL_ZONE


def zone_of(conf, service, zones=None):
    """Compute services are in their host's zone (aggregates); the others in the internal
    one."""
    return aggregate_api.service_zone(conf, service, zones)


def _is_uuid(value):
    try:
        return str(uuidlib.UUID(value)) == value.lower()
    except (TypeError, ValueError, AttributeError):
        return False


class ServicesController:

    def __init__(self, conf):
        self.conf = conf
        self.actions = {'enable': self._enable, 'disable': self._disable,
                        'disable-log-reason': self._disable_log_reason}

    @validation.query(queries.SERVICES, strict_from=mv.API_CLEANUP)
    def index(self, req):
        policy.authorize(req.context, POLICY % 'list', {})
        services = hosts.services()
        host, binary = req.GET.get('host'), req.GET.get('binary')
        if host:
            services = [s for s in services if s['host'] == host]
        if binary:
            services = [s for s in services if s['binary'] == binary]
        zones = hosts.host_zones()
        return {'services': [self._view(req, s, zones) for s in services]}

    def update(self, req, id, body):
        policy.authorize(req.context, POLICY % 'update', {})
        if req.api_version >= mv.SERVICE_HYPERVISOR_UUIDS:
            return self._update_v253(req, id, body)
        forced_down = req.api_version >= mv.SERVICE_FORCED_DOWN
        validation.validate(schemas.service_update_v211 if forced_down
                            else schemas.service_update, body)
        actions = dict(self.actions)
        if forced_down:
            actions['force-down'] = self._force_down
        if id not in actions:
            raise exception.NotFound('Unknown action')
        return actions[id](body)

    @wsgi.response(204)
    def delete(self, req, id):
        policy.authorize(req.context, POLICY % 'delete', {})
        hosts.delete_service(self._get(req, id))

    # ------------------------------------------------------------------ helpers
    def _get(self, req, id):
        """The service named by ``id``: a uuid from 2.53, an integer below."""
        if req.api_version >= mv.SERVICE_HYPERVISOR_UUIDS:
            if not _is_uuid(id):
                raise exception.Invalid('Invalid uuid %s' % id)
            for svc in hosts.services():
                if svc['uuid'] == id.lower():
                    return svc
            raise exception.NotFound('Service %s could not be found.' % id)
        try:
            int(id)
        except ValueError:
            raise exception.InvalidInput(reason='id must be an integer')
        try:
            service_id = validation.db_int(id)
        except ValueError:
            raise exception.NotFound('Service %s not found.' % id)
        try:
            return hosts.service_get(service_id)
        except exception.NotFound:
            raise exception.NotFound('Service %s not found.' % id)

    def _update_v253(self, req, id, body):
        validation.validate(schemas.service_update_v253, body)
        service = self._get(req, id)
        if service['binary'] != aggregate_api.COMPUTE_BINARY:
            raise exception.Invalid('Updating a %s service is not supported. Only '
                                    'nova-compute services can be updated.'
                                    % service['binary'])
        status = body.get('status')
        reason = body.get('disabled_reason')
        forced_down = body.get('forced_down')
        if status is None and reason is None and forced_down is None:
            raise exception.Invalid("No updates were requested. Fields 'status' or "
                                    "'forced_down' should be specified.")
        if reason is not None and status != 'disabled':
            raise exception.Invalid("Specifying 'disabled_reason' with status 'enabled' "
                                    "is invalid.")
        values = {}
        if status == 'enabled':
            values.update(disabled=False, disabled_reason=None)
        elif status == 'disabled':
            values.update(disabled=True, disabled_reason=reason)
        if forced_down is not None:
            values['forced_down'] = validation.to_bool(forced_down)
        updated = hosts.update_service(service['host'], service['binary'], values)
        return {'service': self._view(req, updated)}

    # ------------------------------------------------------------------ actions
    def _enable(self, body):
        return self._enable_disable(body, 'enabled', {'disabled': False,
                                                      'disabled_reason': None})

    def _disable(self, body, reason=None):
        return self._enable_disable(body, 'disabled', {'disabled': True,
                                                       'disabled_reason': reason})

    def _disable_log_reason(self, body):
        if 'disabled_reason' not in body:
            raise exception.Invalid('Missing disabled reason field')
        return self._disable(body, body['disabled_reason'])

    def _enable_disable(self, body, status, values):
        self._update(body['host'], body['binary'], values)
        view = {'host': body['host'], 'binary': body['binary'], 'status': status}
        if values.get('disabled_reason'):
            view['disabled_reason'] = values['disabled_reason']
        return {'service': view}

    def _force_down(self, body):
        if 'forced_down' not in body:
            raise exception.Invalid('Missing forced_down field')
        forced_down = validation.to_bool(body['forced_down'])
        self._update(body['host'], body['binary'], {'forced_down': forced_down})
        return {'service': {'host': body['host'], 'binary': body['binary'],
                            'forced_down': body['forced_down']}}

    @staticmethod
    def _update(host, binary, values):
        if binary != aggregate_api.COMPUTE_BINARY:
            raise exception.Invalid('Updating a %s service is not supported. Only '
                                    'nova-compute services can be updated.' % binary)
        hosts.update_service(host, binary, values)

    def _view(self, req, svc, zones=None):
        up = hosts.service_is_up(svc, self.conf.service_down_time)
        uuids = req.api_version >= mv.SERVICE_HYPERVISOR_UUIDS
        view = {'id': svc['uuid'] if uuids else svc['id'], 'binary': svc['binary'],
                'host': svc['host'], 'zone': zone_of(self.conf, svc, zones),
                'status': 'disabled' if svc['disabled'] else 'enabled',
                'state': 'up' if up else 'down', 'updated_at': common.timestamp(svc['updated_at']),
                'disabled_reason': svc['disabled_reason']}
        if req.api_version >= mv.SERVICE_FORCED_DOWN:
            view['forced_down'] = bool(svc['forced_down'])
        return view
