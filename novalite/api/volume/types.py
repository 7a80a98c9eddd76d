"""/types: volume types (list and show for everyone who may read; create, update, delete
for admins), their extra specs, private types' project access (POST /types/{id}/action:
addProjectAccess, removeProjectAccess; GET /types/{id}/os-volume-type-access) and the
project default types of 3.62 (/default-types)."""
import sqlalchemy as sa

from novalite import exception
from novalite import exception_volume as errors
from novalite import policy
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.volume import microversion as mv
from novalite.api.volume import query
from novalite.api.volume.schemas import types as schemas
from novalite.api.volume.views import types as views
from novalite.db import models
from novalite.db import session as db_session
from novalite.db import volume_types as db
from novalite.policies import volume_extras as P


def _visible_to(ctx):
    """The project whose view of the types the requester gets (None: an admin's, all)."""
    return None if ctx.is_admin else ctx.project_id


def _check_name(name):
    if name is not None and not name.strip():
        raise exception.InvalidInput(reason='Name has a minimum character requirement of 1.')


def _volumes_of_type(session, type_id):
    """Whether a volume uses the type (the volume service's rows)."""
    v = getattr(models, 'Volume', None)
    if v is None:
        return False
    return session.scalar(sa.select(v.id).where(v.volume_type_id == type_id).limit(1)) \
        is not None


class VolumeTypesController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        ctx = req.context
        policy.authorize(ctx, P.TYPE_GET_ALL)
        params = query.params(req)
        marker, limit, offset = query.pagination(params)
        sort_keys, sort_dirs = query.sort(params)
        is_public = True  # the public types and the private ones shared with the project
        if ctx.is_admin:
            is_public = _is_public(params.get('is_public'))
        filters = {}
        if params.get('extra_specs'):
            filters['extra_specs'] = _literal(params['extra_specs'])
        vtypes = db.list_types(ctx.project_id, is_public, filters, sort_keys, sort_dirs,
                               marker, limit, offset)
        result = views.index(req, vtypes)
        links = query.next_links(req, vtypes, 'types')
        if links:
            result['volume_type_links'] = links
        return result

    def show(self, req, id):
        ctx = req.context
        vtype = db.default_type(ctx.project_id) if id == 'default' \
            else db.get(id, _visible_to(ctx))
        policy.authorize(ctx, P.TYPE_GET, {'project_id': ctx.project_id})
        return {'volume_type': views.show(req, vtype)}

    def create(self, req, body):
        ctx = req.context
        policy.authorize(ctx, P.TYPE_CREATE)
        validation.validate(schemas.create, body)
        spec = body['volume_type']
        _check_name(spec['name'])
        is_public = validation.to_bool(spec.get('os-volume-type-access:is_public', True))
        vtype = db.create(spec['name'].strip(), spec.get('description'), is_public,
                          spec.get('extra_specs') or {})
        return {'volume_type': views.manage(req, vtype, created=True)}

    def update(self, req, id, body):
        ctx = req.context
        policy.authorize(ctx, P.TYPE_UPDATE)
        validation.validate(schemas.update, body)
        spec = body['volume_type']
        name, description = spec.get('name'), spec.get('description')
        is_public = spec.get('is_public')
        if name is not None and not name.strip():
            raise exception.Invalid('Volume type name can not be empty.')
        if name is None and description is None and is_public is None:
            raise exception.Invalid('Specify volume type name, description, is_public or a '
                                    'combination thereof.')
        vtype = db.update(id, name, description,
                          None if is_public is None else validation.to_bool(is_public))
        return {'volume_type': views.manage(req, vtype)}

    @wsgi.response(202)
    def delete(self, req, id):
        policy.authorize(req.context, P.TYPE_DELETE)
        db.destroy(id, in_use=_volumes_of_type)

    def action(self, req, id, body):
        ctx = req.context
        if isinstance(body, dict) and 'addProjectAccess' in body:
            policy.authorize(ctx, P.TYPE_ACCESS_ADD)
            validation.validate(schemas.add_project_access, body)
            db.access_add(id, body['addProjectAccess']['project'])
        elif isinstance(body, dict) and 'removeProjectAccess' in body:
            policy.authorize(ctx, P.TYPE_ACCESS_REMOVE)
            validation.validate(schemas.remove_project_access, body)
            db.access_remove(id, body['removeProjectAccess']['project'])
        else:
            raise exception.Invalid('There is no such action: %s'
                                    % (', '.join(body) if isinstance(body, dict) else body))
        return wsgi.ResponseObject(None, status=202)

    def access_index(self, req, type_id):
        policy.authorize(req.context, P.TYPE_ACCESS_LIST)
        return {'volume_type_access': db.access_list(type_id)}


def _is_public(value):
    """Cinder's _parse_is_public: absent -> True, 'none' -> None (all), else a boolean."""
    if value is None:
        return True
    if str(value).strip().lower() == 'none':
        return None
    try:
        return query.boolean('is_public', value)
    except exception.InvalidInput:
        raise exception.Invalid('Invalid is_public filter [%s]' % value)


def _literal(value):
    """A dict given in the query as Python/JSON text ("{'k': 'v'}"); 400 otherwise."""
    import ast
    try:
        result = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        result = None
    if not isinstance(result, dict):
        raise exception.InvalidInput(reason='Invalid filter: %s' % value)
    return result


class ExtraSpecsController:
    """/types/{type_id}/extra_specs[/{key}]."""

    def __init__(self, conf):
        self.conf = conf

    def _type(self, req, type_id):
        return db.get(type_id, _visible_to(req.context))

    def index(self, req, type_id):
        policy.authorize(req.context, P.SPECS_INDEX)
        vtype = self._type(req, type_id)
        return {'extra_specs': views._specs(req.context, vtype)}

    def show(self, req, type_id, id):
        ctx = req.context
        policy.authorize(ctx, P.SPECS_SHOW)
        specs = views._specs(ctx, self._type(req, type_id))
        if id not in specs:
            raise errors.VolumeTypeExtraSpecsNotFound(volume_type_id=type_id, extra_specs_key=id)
        return {id: specs[id]}

    def create(self, req, type_id, body):
        policy.authorize(req.context, P.SPECS_CREATE)
        validation.validate(schemas.extra_specs_create, body)
        specs = body['extra_specs']
        _check_in_use(type_id, specs)
        db.extra_specs_update(type_id, specs)
        return {'extra_specs': specs}

    def update(self, req, type_id, id, body):
        policy.authorize(req.context, P.SPECS_UPDATE)
        validation.validate(schemas.extra_spec_update, body)
        if id not in body:
            raise exception.Invalid('Request body and URI mismatch')
        _check_in_use(type_id, body)
        db.extra_specs_update(type_id, body)
        return body

    @wsgi.response(202)
    def delete(self, req, type_id, id):
        self._type(req, type_id)
        policy.authorize(req.context, P.SPECS_DELETE)
        _check_in_use(type_id, {})
        db.extra_spec_delete(type_id, id)


def _check_in_use(type_id, specs):
    """Cinder's _allow_update (the extra specs of a type volumes use cannot change) and
    _check_cacheable (cacheable and multiattach exclude each other)."""
    with db_session.transaction() as s:
        if _volumes_of_type(s, type_id):
            raise exception.Invalid('Volume Type is currently in use.')
    current = db.extra_specs_get(type_id)
    merged = dict(current, **{k: v for k, v in specs.items() if v is not None})
    if merged.get('multiattach') == '<is> True' and merged.get('cacheable') == '<is> True' \
            and ('multiattach' in specs or 'cacheable' in specs):
        raise exception.Invalid('cacheable cannot be set with multiattach.')


class DefaultTypesController:
    """/default-types (3.62): a project's own default volume type."""

    def __init__(self, conf):
        self.conf = conf

    @staticmethod
    def _check_version(req):
        if req.api_version < mv.DEFAULT_TYPES:
            raise exception.NotFound('The resource could not be found.')

    @staticmethod
    def _view(item):
        return {'project_id': item['project_id'], 'volume_type_id': item['volume_type_id']}

    def create_update(self, req, id, body):
        self._check_version(req)
        policy.authorize(req.context, P.DEFAULT_SET, {'project_id': id})
        validation.validate(schemas.default_type, body)
        item = db.project_default_set(id, body['default_type']['volume_type'])
        return {'default_type': self._view(item)}

    def show(self, req, id):
        self._check_version(req)
        policy.authorize(req.context, P.DEFAULT_GET, {'project_id': id})
        return {'default_type': self._view(db.project_default_get(id))}

    def index(self, req):
        self._check_version(req)
        policy.authorize(req.context, P.DEFAULT_GET_ALL)
        return {'default_types': [self._view(i) for i in db.project_default_list()]}

    @wsgi.response(204)
    def delete(self, req, id):
        self._check_version(req)
        policy.authorize(req.context, P.DEFAULT_UNSET, {'project_id': id})
        db.project_default_unset(id)
