"""/v3/users: users, their projects and self-service password changes."""
from novalite import exception_identity as errors
from novalite.api.identity import common
from novalite.api.identity import schemas
from novalite.api.identity import views
from novalite.api import wsgi
from novalite.db import identity as db
from novalite.identity import tokens

_COLUMNS = ('name', 'domain_id', 'enabled', 'default_project_id', 'description', 'email',
            'password')
_FILTERS = ('domain_id', 'enabled', 'idp_id', 'name', 'protocol_id', 'unique_id',
            'password_expires_at')


def _values(entity):
    """Column values (password hashed) and extra attributes of a user document."""
    values, extra = common.split(entity, _COLUMNS)
    if 'password' in values:
        password = values.pop('password')
        values['password_hash'] = tokens.hash_password(password) if password else None
    return values, extra


def _user_target(req, user_id):
    row = db.get_user(user_id)
    return row, common.target(user=row) or {'target.user.id': user_id}


class UsersController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        info = common.token_info(req)
        scoped_domain = info.get('domain', {}).get('id')
        domain_id = req.GET.get('domain_id') or scoped_domain
        common.authorize(req, 'identity:list_users', {'target.domain_id': domain_id})
        rows = db.list_users(name=req.GET.get('name'), domain_id=scoped_domain or domain_id,
                             enabled=common.query_bool(req, 'enabled'))
        rows = common.filtered(req, _FILTERS, rows)
        return common.collection(req, 'users', [views.user(req, r) for r in rows])

    def show(self, req, id):
        row, target = _user_target(req, id)
        common.authorize(req, 'identity:get_user', target)
        if row is None:
            raise errors.UserNotFound(user_id=id)
        return {'user': views.user(req, row)}

    def create(self, req, body=None):
        entity = common.member(body, 'user')
        common.authorize(req, 'identity:create_user',
                         {'target.user.domain_id': entity.get('domain_id')})
        common.validate(schemas.user_create, entity)
        values, extra = _values(entity)
        values['domain_id'] = common.domain_or_404(
            values.get('domain_id') or common.creating_domain_id(req)).id
        values.setdefault('enabled', True)
        values['extra'] = extra
        row = db.create_user(values)
        return wsgi.ResponseObject({'user': views.user(req, row)}, status=201)

    def update(self, req, id, body=None):
        row, target = _user_target(req, id)
        common.authorize(req, 'identity:update_user', target)
        entity = common.member(body, 'user')
        common.validate(schemas.user_update, entity)
        common.require_matching_id(entity, id)
        if row is None:
            raise errors.UserNotFound(user_id=id)
        if 'domain_id' in entity and entity['domain_id'] != row.domain_id:
            raise errors.ValidationError('Cannot change Domain ID')
        values, extra = _values(entity)
        values.pop('domain_id', None)
        values['extra'] = dict(row.extra or {}, **extra)
        return {'user': views.user(req, db.update_user(id, values))}

    @wsgi.response(204)
    def delete(self, req, id):
        row, target = _user_target(req, id)
        common.authorize(req, 'identity:delete_user', target)
        if row is None or not db.delete_user(id):
            raise errors.UserNotFound(user_id=id)

    def list_projects(self, req, id):
        row, target = _user_target(req, id)
        common.authorize(req, 'identity:list_user_projects', target)
        if row is None:
            raise errors.UserNotFound(user_id=id)
        rows = db.projects_for_user(id)
        enabled = common.query_bool(req, 'enabled')
        rows = [r for r in rows
                if common.name_matches(req, r.name)
                and req.GET.get('domain_id') in (None, r.domain_id)
                and enabled in (None, r.enabled)]
        rows = common.filtered(req, ('domain_id', 'enabled', 'name'), rows)
        return common.collection(req, 'projects', [views.project(req, r) for r in rows],
                                 path='users/%s/projects' % id)

    @wsgi.response(204)
    def change_password(self, req, id, body=None):
        """No token needed, as in Keystone: the original password is the proof."""
        entity = body.get('user', {}) if isinstance(body, dict) else None
        if not isinstance(entity, dict):
            raise errors.ValidationError(attribute='user', target='request body')
        common.validate(schemas.password_change, entity)
        row = db.get_user(id)
        if (row is None or not row.enabled
                or not tokens.check_password(entity['original_password'], row.password_hash)):
            raise errors.Unauthorized()
        db.update_user(id, {'password_hash': tokens.hash_password(entity['password'])})
