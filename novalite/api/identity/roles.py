"""/v3/roles: global roles (and domain-specific ones with ``domain_id``)."""
from novalite import exception_identity as errors
from novalite.api.identity import common
from novalite.api.identity import schemas
from novalite.api.identity import views
from novalite.api import wsgi
from novalite.db import identity as db


class RolesController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        common.authorize(req, 'identity:list_roles',
                         {'target.domain_id': req.GET.get('domain_id')})
        rows = db.list_roles(name=req.GET.get('name'), domain_id=req.GET.get('domain_id'))
        rows = common.filtered(req, ('name', 'domain_id'), rows)
        return common.collection(req, 'roles', [views.role(req, r) for r in rows])

    def show(self, req, id):
        common.authorize(req, 'identity:get_role', {'target.role.id': id})
        return {'role': views.role(req, common.role_or_404(id))}

    def create(self, req, body=None):
        common.authorize(req, 'identity:create_role')
        entity = common.member(body, 'role')
        common.validate(schemas.role_create, entity)
        domain_id = entity.get('domain_id')
        if domain_id:
            common.domain_or_404(domain_id)
        row = db.create_role({'name': entity['name'], 'domain_id': domain_id or None,
                              'description': entity.get('description')})
        return wsgi.ResponseObject({'role': views.role(req, row)}, status=201)

    def update(self, req, id, body=None):
        common.authorize(req, 'identity:update_role', {'target.role.id': id})
        entity = common.member(body, 'role')
        common.validate(schemas.role_update, entity)
        common.require_matching_id(entity, id)
        row = common.role_or_404(id)
        if 'domain_id' in entity and entity['domain_id'] != row.domain_id:
            raise errors.ValidationError('Update of `domain_id` is not allowed.')
        values = {k: entity[k] for k in ('name', 'description') if k in entity}
        return {'role': views.role(req, db.update_role(id, values))}

    @wsgi.response(204)
    def delete(self, req, id):
        common.authorize(req, 'identity:delete_role', {'target.role.id': id})
        common.role_or_404(id)
        db.delete_role(id)
