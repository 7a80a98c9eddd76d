"""/v3/domains: domains are projects acting as domains (Keystone's model)."""
from novalite import exception_identity as errors
from novalite.api.identity import common
from novalite.api.identity import schemas
from novalite.api.identity import views
from novalite.api import wsgi
from novalite.db import identity as db

_COLUMNS = ('name', 'description', 'enabled')


def create_domain(entity, domain_id=None):
    """Create a domain from a validated domain (or is_domain project) document."""
    values, extra = common.split(entity, _COLUMNS)
    extra.pop('explicit_domain_id', None)
    extra.pop('is_domain', None)
    extra.pop('domain_id', None)
    extra.pop('parent_id', None)
    values.update(id=domain_id or db.new_id(), name=values['name'].strip(),
                  description=values.get('description') or '',
                  enabled=values.get('enabled', True), is_domain=True,
                  domain_id=db.ROOT_DOMAIN, parent_id=None, extra=extra)
    return db.create_project(values)


class DomainsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        common.authorize(req, 'identity:list_domains')
        rows = db.list_domains(name=req.GET.get('name'),
                               enabled=common.query_bool(req, 'enabled'))
        rows = common.filtered(req, ('enabled', 'name'), rows)
        return common.collection(req, 'domains', [views.domain(req, r) for r in rows])

    def show(self, req, id):
        common.authorize(req, 'identity:get_domain', {'target.domain.id': id})
        return {'domain': views.domain(req, common.domain_or_404(id))}

    def create(self, req, body=None):
        common.authorize(req, 'identity:create_domain')
        entity = common.member(body, 'domain')
        common.validate(schemas.domain_create, entity)
        row = create_domain(entity, entity.get('explicit_domain_id'))
        return wsgi.ResponseObject({'domain': views.domain(req, row)}, status=201)

    def update(self, req, id, body=None):
        common.authorize(req, 'identity:update_domain', {'target.domain.id': id})
        entity = common.member(body, 'domain')
        common.validate(schemas.domain_update, entity)
        common.require_matching_id(entity, id)
        row = common.domain_or_404(id)
        values, extra = common.split(entity, _COLUMNS)
        if 'name' in values:
            values['name'] = values['name'].strip()
        if 'description' in values:
            values['description'] = values['description'] or ''
        values['extra'] = dict(row.extra or {}, **extra)
        row = db.update_project(id, values)
        return {'domain': views.domain(req, row)}

    @wsgi.response(204)
    def delete(self, req, id):
        common.authorize(req, 'identity:delete_domain', {'target.domain.id': id})
        row = common.domain_or_404(id)
        if row.enabled:
            raise errors.ForbiddenNotSecurity(
                'Cannot delete a domain that is enabled, please disable it first.')
        db.delete_domain(id)
