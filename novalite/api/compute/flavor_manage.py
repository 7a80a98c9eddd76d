"""os-flavor-manage: create (POST /flavors), delete and (2.55) update flavors. Admin only."""
import uuid

from novalite import exception
from novalite import policy
from novalite.api import validation
from novalite.api import wsgi
from novalite.api import microversion as mv
from novalite.api.compute.schemas import flavor_manage as schemas
from novalite.api.compute.views import flavors as views
from novalite.compute import flavors as flavor_api

POLICY = 'os_compute_api:os-flavor-manage:%s'


class FlavorManageController:

    def __init__(self, conf):
        self.conf = conf

    def create(self, req, body):
        """200, not 201: Nova keeps the v2 status code."""
        ctx = req.context
        policy.authorize(ctx, POLICY % 'create', {})
        with_description = req.api_version >= mv.FLAVOR_DESCRIPTION
        schema = (schemas.create_v20 if req.legacy_v2 else
                  schemas.create_v2102 if req.api_version >= mv.STRICT_QUERY else
                  schemas.create_v255 if with_description else schemas.create)
        validation.validate(schema, body)
        vals = body['flavor']
        flavorid = vals.get('id')
        if flavorid is None or flavorid == 'auto':
            flavorid = str(uuid.uuid4())
        flavor = flavor_api.create({
            'flavorid': str(flavorid),
            'name': vals['name'].strip() if req.legacy_v2 else vals['name'],
            'memory_mb': int(vals['ram']), 'vcpus': int(vals['vcpus']),
            'root_gb': int(vals['disk']),
            'ephemeral_gb': int(vals.get('OS-FLV-EXT-DATA:ephemeral', 0)),
            'swap': int(vals.get('swap', 0)),
            'rxtx_factor': float(vals.get('rxtx_factor', 1.0)),
            'is_public': validation.to_bool(vals.get('os-flavor-access:is_public', True)),
            'description': vals.get('description') if with_description else None,
            'extra_specs': {}})
        return {'flavor': _view(req, flavor)}

    def update(self, req, id, body):
        """PUT /flavors/{id}: the description, from 2.55 (404 below, as Nova)."""
        if req.api_version < mv.FLAVOR_DESCRIPTION or req.legacy_v2:
            raise exception.NotFound('The resource could not be found.')
        ctx = req.context
        policy.authorize(ctx, POLICY % 'update', {})
        validation.validate(schemas.update_v255, body)
        flavor = flavor_api.update(id, {'description': body['flavor']['description']})
        return {'flavor': _view(req, flavor)}

    @wsgi.response(202)
    def delete(self, req, id):
        policy.authorize(req.context, POLICY % 'delete', {})
        flavor_api.destroy(id)


def _view(req, flavor):
    view = views.detail(req, flavor)
    if req.api_version >= mv.FLAVOR_DESCRIPTION and not req.legacy_v2:
        view['description'] = flavor.get('description')
    return view
