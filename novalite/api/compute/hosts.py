"""os-hosts (admin; deprecated, gone at 2.43 where every route answers 404): list (``zone``
filter), show (per-host resource rows), update (``status`` enables/disables the compute
service; ``maintenance_mode`` is 501) and the power actions startup/shutdown/reboot (501).

Each handler is version gate -> policy -> schema -> compute.hosts -> view."""
from novalite import exception
from novalite import policy
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api.compute.schemas import hosts as schemas
from novalite.compute import hosts as host_api

POLICY = 'os_compute_api:os-hosts:%s'


def _check(req, rule):
    if req.api_version >= mv.HOSTS_REMOVED:
        raise exception.NotFound('The resource could not be found.')
    policy.authorize(req.context, POLICY % rule, {})


class HostsController:

    def __init__(self, conf):
        self.conf = conf

    @validation.query(None)  # os-hosts is gone from 2.43 (404)
    def index(self, req):
        _check(req, 'list')
        return {'hosts': host_api.list_hosts(self.conf, zone=req.GET.get('zone'))}

    @validation.query(None)  # os-hosts is gone from 2.43 (404)
    def show(self, req, id):
        _check(req, 'show')
        return {'host': host_api.show(id)}

    def update(self, req, id, body):
        _check(req, 'update')
        validation.validate(schemas.update, body)
        status, maintenance = body.get('status'), body.get('maintenance_mode')
        if maintenance is not None:          # checked first: no half-applied update
            host_api.check_maintenance(self.conf, id)
        result = {'host': id}
        if status is not None:
            result['status'] = host_api.set_enabled(id, status.lower() == 'enable')
        return result

    @validation.query(None)  # os-hosts is gone from 2.43 (404)
    def startup(self, req, id):
        return self._power_action(req, id, 'startup', 'start')

    @validation.query(None)  # os-hosts is gone from 2.43 (404)
    def shutdown(self, req, id):
        return self._power_action(req, id, 'shutdown', 'shutdown')

    @validation.query(None)  # os-hosts is gone from 2.43 (404)
    def reboot(self, req, id):
        return self._power_action(req, id, 'reboot', 'reboot')

    @staticmethod
    def _power_action(req, id, action, rule):
        _check(req, rule)
        return {'host': id, 'power_action': host_api.power_action(id, action)}
