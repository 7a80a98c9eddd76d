"""The catalog API: /v3/regions, /v3/services and /v3/endpoints, as Keystone serves them.

Changes show in the next token's catalog and in /v3/auth/catalog. novalite's own services and
endpoints (``seeded``) may be changed too; the seed rewrites their URLs at the next start.
"""
from novalite import exception_identity as errors
from novalite.api.identity import common
from novalite.api.identity import schemas
from novalite.api.identity import views
from novalite.api import wsgi
from novalite.db import identity_catalog as db

# Keystone's utils.WHITELISTED_PROPERTIES: the $(name)s substitutions an endpoint URL may use
_URL_SUBSTITUTIONS = ('tenant_id', 'project_id', 'user_id', 'compute_host', 'public_endpoint')
_SERVICE_FILTERS = ('type', 'name')
_ENDPOINT_FILTERS = ('interface', 'service_id', 'region_id')


def _check_url(url):
    """Keystone's check_endpoint_url: %-substitution of $(...)s with the allowed names."""
    try:
        url.replace('$(', '%(') % {name: '' for name in _URL_SUBSTITUTIONS}
    except (KeyError, TypeError, ValueError):
        raise errors.URLValidationError(url=url)


def _endpoint_values(entity):
    """(columns, extras, legacy) of an endpoint document. legacy: the region given only as
    the deprecated ``region``, which the db call creates when missing, as Keystone does."""
    entity = dict(entity)
    legacy = None
    if entity.get('region_id') is None and entity.get('region') is not None:
        legacy = entity['region_id'] = entity.pop('region')
    entity.pop('region', None)
    values, extra = common.split(entity, ('interface', 'region_id', 'service_id', 'url',
                                          'enabled'))
    return values, extra, legacy


class CatalogController:

    def __init__(self, conf):
        self.conf = conf

    # -------------------------------------------------------------------- regions
    def list_regions(self, req):
        common.authorize(req, 'identity:list_regions')
        rows = db.list_regions(parent_region_id=req.GET.get('parent_region_id'))
        return common.collection(req, 'regions', [views.region(req, r) for r in rows])

    def show_region(self, req, id):
        common.authorize(req, 'identity:get_region', {'target.region.id': id})
        row = db.get_region(id)
        if row is None:
            raise errors.RegionNotFound(region_id=id)
        return {'region': views.region(req, row)}

    def create_region(self, req, body=None, id=None):
        common.authorize(req, 'identity:create_region')
        entity = common.member(body, 'region')
        common.validate(schemas.region_create, entity)
        if id is not None and entity.get('id') not in (None, id):
            raise errors.ValidationError('Conflicting region IDs specified: "%s" != "%s"'
                                         % (id, entity['id']))
        values, extra = common.split(entity, ('description', 'parent_region_id'))
        values.update(id=id or entity.get('id') or db.new_id(), extra=extra,
                      description=values.get('description') or '')
        row = db.create_region(values)
        return wsgi.ResponseObject({'region': views.region(req, row)}, status=201)

    def put_region(self, req, id, body=None):
        return self.create_region(req, body=body, id=id)

    def update_region(self, req, id, body=None):
        common.authorize(req, 'identity:update_region', {'target.region.id': id})
        entity = common.member(body, 'region')
        common.validate(schemas.region_update, entity)
        common.require_matching_id(entity, id)
        row = db.get_region(id)
        if row is None:
            raise errors.RegionNotFound(region_id=id)
        values, extra = common.split(entity, ('description', 'parent_region_id'))
        if 'description' in values:
            values['description'] = values['description'] or ''
        values['extra'] = dict(row.extra or {}, **extra)
        return {'region': views.region(req, db.update_region(id, values))}

    @wsgi.response(204)
    def delete_region(self, req, id):
        common.authorize(req, 'identity:delete_region', {'target.region.id': id})
        db.delete_region(id)

    # -------------------------------------------------------------------- services
    def list_services(self, req):
        common.authorize(req, 'identity:list_services')
        rows = db.list_services(type=req.GET.get('type'), name=req.GET.get('name'))
        rows = common.filtered(req, _SERVICE_FILTERS, rows)
        return common.collection(req, 'services', [views.service(req, r) for r in rows])

    def show_service(self, req, id):
        common.authorize(req, 'identity:get_service', {'target.service.id': id})
        row = db.get_service(id)
        if row is None:
            raise errors.ServiceNotFound(service_id=id)
        return {'service': views.service(req, row)}

    def create_service(self, req, body=None):
        common.authorize(req, 'identity:create_service')
        entity = common.member(body, 'service')
        common.validate(schemas.service_create, entity)
        values, extra = common.split(entity, ('type', 'name', 'enabled', 'description'))
        values.setdefault('enabled', True)
        values.setdefault('name', '')
        row = db.create_service(dict(values, extra=extra))
        return wsgi.ResponseObject({'service': views.service(req, row)}, status=201)

    def update_service(self, req, id, body=None):
        common.authorize(req, 'identity:update_service', {'target.service.id': id})
        entity = common.member(body, 'service')
        common.validate(schemas.service_update, entity)
        common.require_matching_id(entity, id)
        row = db.get_service(id)
        if row is None:
            raise errors.ServiceNotFound(service_id=id)
        values, extra = common.split(entity, ('type', 'name', 'enabled', 'description'))
        values['extra'] = dict(row.extra or {}, **extra)
        return {'service': views.service(req, db.update_service(id, values))}

    @wsgi.response(204)
    def delete_service(self, req, id):
        common.authorize(req, 'identity:delete_service', {'target.service.id': id})
        db.delete_service(id)

    # -------------------------------------------------------------------- endpoints
    def list_endpoints(self, req):
        common.authorize(req, 'identity:list_endpoints')
        common.validate(schemas.endpoint_list_query, dict(req.GET))
        rows = db.list_endpoints(interface=req.GET.get('interface'),
                                 service_id=req.GET.get('service_id'),
                                 region_id=req.GET.get('region_id'))
        rows = common.filtered(req, _ENDPOINT_FILTERS, rows)
        return common.collection(req, 'endpoints', [views.endpoint(req, r) for r in rows])

    def show_endpoint(self, req, id):
        common.authorize(req, 'identity:get_endpoint', {'target.endpoint.id': id})
        row = db.get_endpoint(id)
        if row is None:
            raise errors.EndpointNotFound(endpoint_id=id)
        return {'endpoint': views.endpoint(req, row)}

    def create_endpoint(self, req, body=None):
        common.authorize(req, 'identity:create_endpoint')
        entity = common.member(body, 'endpoint')
        common.validate(schemas.endpoint_create, entity)
        _check_url(entity['url'])
        values, extra, legacy = _endpoint_values(entity)
        values.setdefault('enabled', True)
        row = db.create_endpoint(dict(values, extra=extra), legacy_region=legacy)
        return wsgi.ResponseObject({'endpoint': views.endpoint(req, row)}, status=201)

    def update_endpoint(self, req, id, body=None):
        common.authorize(req, 'identity:update_endpoint', {'target.endpoint.id': id})
        entity = common.member(body, 'endpoint')
        common.validate(schemas.endpoint_update, entity)
        common.require_matching_id(entity, id)
        row = db.get_endpoint(id)
        if row is None:
            raise errors.EndpointNotFound(endpoint_id=id)
        if 'url' in entity:
            _check_url(entity['url'])
        values, extra, legacy = _endpoint_values(entity)
        values['extra'] = dict(row.extra or {}, **extra)
        return {'endpoint': views.endpoint(req, db.update_endpoint(id, values,
                                                                   legacy_region=legacy))}

    @wsgi.response(204)
    def delete_endpoint(self, req, id):
        common.authorize(req, 'identity:delete_endpoint', {'target.endpoint.id': id})
        db.delete_endpoint(id)

