"""/v3/groups, group membership (/v3/groups/{id}/users[/{user_id}]) and /v3/users/{id}/groups.

Role grants to groups are in grants.py; what a group's roles give its members is counted by
novalite.db.identity.effective_roles (tokens, /v3/auth/projects, role_assignments?effective).
"""
from novalite import exception_identity as errors
from novalite.api.identity import common
from novalite.api.identity import schemas
from novalite.api.identity import views
from novalite.api import wsgi
from novalite.db import identity as db
from novalite.db import identity_groups as groups_db

_FILTERS = ('domain_id', 'name')
_USER_FILTERS = ('domain_id', 'enabled', 'name', 'password_expires_at')


def _group_target(group_id):
    row = groups_db.get_group(group_id)
    return row, common.target(group=row) or {'target.group.id': group_id}


def _membership(req, action, group_id, user_id):
    """Policy (with the group and user as target), then 404s: group first, then user."""
    group, user = groups_db.get_group(group_id), db.get_user(user_id)
    common.authorize(req, action, dict(common.target(group=group, user=user),
                                       **{'target.group.id': group_id,
                                          'target.user.id': user_id}))
    if group is None:
        raise errors.GroupNotFound(group_id=group_id)
    if user is None:
        raise errors.UserNotFound(user_id=user_id)
    return group, user


class GroupsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        scoped_domain = common.token_info(req).get('domain', {}).get('id')
        domain_id = req.GET.get('domain_id') or scoped_domain
        common.authorize(req, 'identity:list_groups', {'target.group.domain_id': domain_id})
        rows = groups_db.list_groups(name=req.GET.get('name'),
                                     domain_id=scoped_domain or domain_id)
        rows = common.filtered(req, _FILTERS, rows)
        return common.collection(req, 'groups', [views.group(req, r) for r in rows])

    def show(self, req, id):
        row, target = _group_target(id)
        common.authorize(req, 'identity:get_group', target)
        if row is None:
            raise errors.GroupNotFound(group_id=id)
        return {'group': views.group(req, row)}

    def create(self, req, body=None):
        entity = common.member(body, 'group')
        common.authorize(req, 'identity:create_group',
                         {'target.group.domain_id': entity.get('domain_id')})
        common.validate(schemas.group_create, entity)
        values, extra = common.split(entity, ('name', 'description', 'domain_id'))
        values['domain_id'] = common.domain_or_404(
            values.get('domain_id') or common.creating_domain_id(req)).id
        values.update(name=values['name'].strip(), extra=extra)
        row = groups_db.create_group(values)
        return wsgi.ResponseObject({'group': views.group(req, row)}, status=201)

    def update(self, req, id, body=None):
        row, target = _group_target(id)
        common.authorize(req, 'identity:update_group', target)
        entity = common.member(body, 'group')
        common.validate(schemas.group_update, entity)
        common.require_matching_id(entity, id)
        if row is None:
            raise errors.GroupNotFound(group_id=id)
        if 'domain_id' in entity and entity['domain_id'] != row.domain_id:
            raise errors.ValidationError('Cannot change Domain ID')
        values, extra = common.split(entity, ('name', 'description'))
        extra.pop('domain_id', None)
        if 'name' in values:
            values['name'] = values['name'].strip()
        values['extra'] = dict(row.extra or {}, **extra)
        return {'group': views.group(req, groups_db.update_group(id, values))}

    @wsgi.response(204)
    def delete(self, req, id):
        _row, target = _group_target(id)
        common.authorize(req, 'identity:delete_group', target)
        if not groups_db.delete_group(id):
            raise errors.GroupNotFound(group_id=id)

    # -------------------------------------------------------------------- membership
    def list_users(self, req, id):
        row, target = _group_target(id)
        common.authorize(req, 'identity:list_users_in_group', target)
        if row is None:
            raise errors.GroupNotFound(group_id=id)
        ids = groups_db.member_ids(id)
        scoped_domain = common.token_info(req).get('domain', {}).get('id')
        users = db.list_users(name=req.GET.get('name'),
                              domain_id=scoped_domain or req.GET.get('domain_id'),
                              enabled=common.query_bool(req, 'enabled'),
                              ids=ids) if ids else []
        users = common.filtered(req, _USER_FILTERS, users)
        return common.collection(req, 'users', [views.user(req, u) for u in users],
                                 path='groups/%s/users' % id)

    @wsgi.response(204)
    def check_user(self, req, id, user_id):
        _membership(req, 'identity:check_user_in_group', id, user_id)
        if not groups_db.is_member(id, user_id):
            raise errors.MembershipNotFound(user_id=user_id, group_id=id)

    @wsgi.response(204)
    def add_user(self, req, id, user_id):
        _membership(req, 'identity:add_user_to_group', id, user_id)
        groups_db.add_member(id, user_id)

    @wsgi.response(204)
    def remove_user(self, req, id, user_id):
        _membership(req, 'identity:remove_user_from_group', id, user_id)
        if not groups_db.remove_member(id, user_id):
            raise errors.MembershipNotFound(user_id=user_id, group_id=id)

    def list_for_user(self, req, user_id):
        user = db.get_user(user_id)
        common.authorize(req, 'identity:list_groups_for_user',
                         common.target(user=user) or {'target.user.id': user_id})
        if user is None:
            raise errors.UserNotFound(user_id=user_id)
        rows = common.filtered(req, _FILTERS, groups_db.groups_of_user(user_id))
        rows = [r for r in rows if common.name_matches(req, r.name)
                and req.GET.get('domain_id') in (None, r.domain_id)]
        items = [dict(views.group(req, r), membership_expires_at=None) for r in rows]
        return common.collection(req, 'groups', items, path='users/%s/groups' % user_id)
