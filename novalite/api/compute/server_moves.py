"""The server moves of POST /servers/{id}/action: resize, confirmResize, revertResize,
migrate (admin; a host at 2.56) and evacuate (admin; onSharedStorage below 2.14, force
2.29-2.67, the server ends stopped from 2.95).

Mixed into ServerActionsController (its ACTIONS table in server_actions.py names them);
each handler is policy -> schema (per microversion) -> compute.api -> response.
"""
from novalite import exception
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute import disk_config
from novalite.api.compute.schemas import server_moves as schemas
from novalite.compute import api as compute_api
from novalite.compute import hosts as host_api


def _evacuate_schema(version):
    if version >= mv.EVACUATE_NO_FORCE:
        return schemas.EVACUATE_V268
    if version >= mv.EVACUATE_FORCE:
        return schemas.EVACUATE_V229
    if version >= mv.EVACUATE_NO_SHARED_STORAGE:
        return schemas.EVACUATE_V214
    return schemas.EVACUATE


class MovesController:

    # ------------------------------------------------------------------ resize
    def _resize(self, req, inst, body):
        self._authorize(req, 'os_compute_api:servers:resize', inst)
        validation.validate(schemas.RESIZE, {'resize': body})
        flavor_id = str(body['flavorRef']).rstrip('/').rsplit('/', 1)[-1]
        self.compute_api.resize(req.context, inst, flavor_id=flavor_id,
                                **disk_config.from_api(body, {}))

    def _confirm_resize(self, req, inst, body):
        self._authorize(req, 'os_compute_api:servers:confirm_resize', inst)
        validation.validate(schemas.CONFIRM_RESIZE, {'confirmResize': body})
        self.compute_api.confirm_resize(req.context, inst)
        return wsgi.ResponseObject(None, status=204)

    def _revert_resize(self, req, inst, body):
        self._authorize(req, 'os_compute_api:servers:revert_resize', inst)
        validation.validate(schemas.REVERT_RESIZE, {'revertResize': body})
        self.compute_api.revert_resize(req.context, inst)

    # ------------------------------------------------------------------ migrate
    def _migrate(self, req, inst, body):
        host = None
        if req.api_version >= mv.MIGRATE_HOST:
            validation.validate(schemas.MIGRATE_V256, {'migrate': body})
            host = (body or {}).get('host')
        if host:
            self._authorize(req, 'os_compute_api:os-migrate-server:migrate:host', inst)
        else:
            self._authorize(req, 'os_compute_api:os-migrate-server:migrate', inst)
        self.compute_api.resize(req.context, inst, host_name=host)

    # ------------------------------------------------------------------ evacuate
    def _evacuate(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-evacuate', inst)
        version = req.api_version
        validation.validate(_evacuate_schema(version), {'evacuate': body})
        host = body.get('host')
        force = False
        if mv.EVACUATE_FORCE <= version < mv.EVACUATE_NO_FORCE:
            force = validation.to_bool(body.get('force', False))
            if force and not host:
                raise exception.Invalid("Can't force to a non-provided destination")
        if version < mv.EVACUATE_NO_SHARED_STORAGE:
            on_shared_storage = validation.to_bool(body['onSharedStorage'])
            if 'adminPass' in body and on_shared_storage:
                raise exception.Invalid("admin password can't be changed on existing disk")
            password = body.get('adminPass') or (
                None if on_shared_storage else compute_api.generate_password())
        else:
            password = body.get('adminPass') or compute_api.generate_password()
        if host is not None and not any(s['host'] == host for s in
                                        host_api.services('nova-compute')):
            raise exception.NotFound('Compute host %s not found.' % host)
        if inst['host'] == host:
            raise exception.Invalid("The target host can't be the same one.")
        target_state = 'stopped' if version >= mv.EVACUATE_STOPPED else None
        self.compute_api.evacuate(req.context, inst, host, password, force=force,
                                  target_state=target_state)
        if version < mv.EVACUATE_NO_SHARED_STORAGE:   # Nova: enable_instance_password
            return wsgi.ResponseObject({'adminPass': password}, status=200)
        return wsgi.ResponseObject(None, status=200)
