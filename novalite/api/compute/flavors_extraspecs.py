"""os-extra_specs of a flavor: /flavors/{flavor_id}/os-extra_specs[/{id}]."""
from novalite import exception
from novalite import policy
from novalite.api import validation
from novalite.api.compute.schemas import flavors_extraspecs as schemas
from novalite.compute import flavors as flavor_api

POLICY = 'os_compute_api:os-flavor-extra-specs:%s'


class FlavorExtraSpecsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req, flavor_id):
        self._authorize(req, 'index')
        flavor = flavor_api.get(flavor_id, req.context)
        return {'extra_specs': dict(flavor['extra_specs'] or {})}

    def show(self, req, flavor_id, id):
        self._authorize(req, 'show')
        specs = flavor_api.get(flavor_id, req.context)['extra_specs'] or {}
        if id not in specs:
            raise exception.NotFound('Flavor %s has no extra specs with key %s.'
                                     % (flavor_id, id))
        return {id: specs[id]}

    def create(self, req, flavor_id, body):
        """200 with the request body echoed, as Nova."""
        self._authorize(req, 'create')
        validation.validate(schemas.create, body)
        specs = body['extra_specs']
        flavor_api.update_extra_specs(flavor_id, _stringify(specs), req.context)
        return body

    def update(self, req, flavor_id, id, body):
        self._authorize(req, 'update')
        validation.validate(schemas.update, body)
        if id not in body:
            raise exception.Invalid('Request body and URI mismatch')
        flavor_api.update_extra_specs(flavor_id, _stringify(body), req.context)
        return body

    def delete(self, req, flavor_id, id):
        self._authorize(req, 'delete')
        flavor_api.delete_extra_spec(flavor_id, id, req.context)

    @staticmethod
    def _authorize(req, action):
        ctx = req.context
        policy.authorize(ctx, POLICY % action,
                         {'project_id': ctx.project_id, 'user_id': ctx.user_id})


def _stringify(specs):
    """Numbers are accepted and stored as strings; they too may have 255 characters."""
    out = {}
    for key, value in specs.items():
        if not isinstance(value, str):
            value = str(value)
            if len(value) > 255:
                raise exception.Invalid('extra_specs value has more than 255 characters.')
        out[key] = value
    return out
