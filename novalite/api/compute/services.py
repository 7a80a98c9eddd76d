"""os-services: list, enable/disable (with a reason), force down (2.11) and delete.

The 2.1 update form, ``PUT /os-services/{action}`` with host and binary in the body; the
2.53 form (``PUT /os-services/{service_uuid}``) is above the advertised maximum.
"""
from novalite import exception
from novalite import policy
from novalite.api import validation
from novalite.api import wsgi
from novalite.api import microversion as mv
from novalite.api.compute.schemas import services as schemas
from novalite.db import api as db_api

POLICY = 'os_compute_api:os-services:%s'
INTERNAL_ZONE = 'internal'


def zone_of(conf, service):
    """Compute services are in the default zone; the others in the internal one."""
    if service['binary'] == 'nova-compute':
        return conf.default_availability_zone
    return INTERNAL_ZONE


class ServicesController:

    def __init__(self, conf):
        self.conf = conf
        self.actions = {'enable': self._enable, 'disable': self._disable,
                        'disable-log-reason': self._disable_log_reason}

    def index(self, req):
        policy.authorize(req.context, POLICY % 'list', {})
        services = db_api.service_get_all()
        host, binary = req.GET.get('host'), req.GET.get('binary')
        if host:
            services = [s for s in services if s['host'] == host]
        if binary:
            services = [s for s in services if s['binary'] == binary]
        return {'services': [self._view(req, s) for s in services]}

    def update(self, req, id, body):
        policy.authorize(req.context, POLICY % 'update', {})
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
        try:
            service_id = int(id)
        except ValueError:
            raise exception.Invalid('Invalid input received: id must be an integer')
        try:
            db_api.service_destroy(service_id)
        except exception.NotFound:
            raise exception.NotFound('Service %s not found.' % id)

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
        if binary != 'nova-compute':
            raise exception.Invalid('Updating a %s service is not supported. Only '
                                    'nova-compute services can be updated.' % binary)
        db_api.service_update_by_host_binary(host, binary, values)

    def _view(self, req, svc):
        up = db_api.service_is_up(svc, self.conf.service_down_time)
        view = {'id': svc['id'], 'binary': svc['binary'], 'host': svc['host'],
                'zone': zone_of(self.conf, svc),
                'status': 'disabled' if svc['disabled'] else 'enabled',
                'state': 'up' if up else 'down', 'updated_at': svc['updated_at'],
                'disabled_reason': svc['disabled_reason']}
        if req.api_version >= mv.SERVICE_FORCED_DOWN:
            view['forced_down'] = bool(svc['forced_down'])
        return view
