"""Grants (/v3/{projects,domains}/{id}/users/{user_id}/roles[/{role_id}] and
/v3/system/users/{user_id}/roles[/{role_id}]) and /v3/role_assignments, with Keystone's
``effective`` (implied roles) and ``include_names``."""
from novalite.api.identity import common
from novalite.api.identity import errors
from novalite.api.identity import views
from novalite.api import wsgi
from novalite.db import identity as db
from novalite.identity import tokens

_KINDS = {'project': db.USER_PROJECT, 'domain': db.USER_DOMAIN, 'system': db.USER_SYSTEM}
_SCOPES = {kind: scope for scope, kind in _KINDS.items()}


def _target_row(scope, target_id):
    if scope == 'project':
        row = db.get_project(target_id)
        return row if row is not None and not row.is_domain else None
    row = db.get_domain(target_id)
    if row is None and target_id == db.DEFAULT_DOMAIN_ID:
        row = common.domain_or_404(target_id)
    return row


def _grant(req, action, scope, target_id, user_id, role_id=None):
    """Policy first (as Keystone), then 404s for role, target and user in that order."""
    target_row, user = _target_row(scope, target_id), db.get_user(user_id)
    role = db.get_role(role_id) if role_id is not None else None
    policy_target = {'target.%s.id' % scope: target_id, 'target.user.id': user_id}
    policy_target.update(common.target(user=user, role=role, **{scope: target_row}))
    common.authorize(req, action, policy_target)
    if role_id is not None and role is None:
        raise errors.RoleNotFound(role_id=role_id)
    if target_row is None:
        if scope == 'project':
            raise errors.ProjectNotFound(project_id=target_id)
        raise errors.DomainNotFound(domain_id=target_id)
    if user is None:
        raise errors.UserNotFound(user_id=user_id)
    return target_row, user, role


def _assignment_url(req, kind, target_id, user_id, role_id):
    if kind == db.USER_SYSTEM:
        return common.v3_url(req, 'system', 'users', user_id, 'roles', role_id)
    collection = 'projects' if kind == db.USER_PROJECT else 'domains'
    return common.v3_url(req, collection, target_id, 'users', user_id, 'roles', role_id)


def _implied(roles_by_name, role):
    """[(implied_role, prior_role)] for role, following Keystone's default inference rules."""
    found, todo = [], [role]
    while todo:
        prior = todo.pop(0)
        if prior.domain_id is not None:
            continue
        for name in tokens.IMPLIED_ROLES.get(prior.name, ()):
            implied = roles_by_name.get(name)
            if implied is not None and implied.id not in [f[0].id for f in found]:
                found.append((implied, prior))
                todo.append(implied)
    return found


class RoleAssignmentsController:

    def __init__(self, conf):
        self.conf = conf

    # -------------------------------------------------------------------- grants
    def _grant_role(self, req, scope, id, user_id, role_id):
        target_row, _user, role = _grant(req, 'identity:create_grant', scope, id, user_id,
                                         role_id)
        role_domain = target_row.domain_id if scope == 'project' else target_row.id
        if role.domain_id is not None and role.domain_id != role_domain:
            raise errors.DomainSpecificRoleMismatch(project_id=id, role_id=role_id)
        db.add_assignment(_KINDS[scope], user_id, id, role_id)

    def _check_role(self, req, scope, id, user_id, role_id):
        _grant(req, 'identity:check_grant', scope, id, user_id, role_id)
        if not db.has_assignment(_KINDS[scope], user_id, id, role_id):
            raise errors.RoleAssignmentNotFound(role_id=role_id, actor_id=user_id,
                                                target_id=id)

    def _revoke_role(self, req, scope, id, user_id, role_id):
        _grant(req, 'identity:revoke_grant', scope, id, user_id, role_id)
        if not db.remove_assignment(_KINDS[scope], user_id, id, role_id):
            raise errors.RoleAssignmentNotFound(role_id=role_id, actor_id=user_id,
                                                target_id=id)

    def _list_roles(self, req, scope, id, user_id):
        _grant(req, 'identity:list_grants', scope, id, user_id)
        roles = db.direct_roles(user_id, id, _KINDS[scope])
        path = '%ss/%s/users/%s/roles' % (scope, id, user_id)
        return common.collection(req, 'roles', [views.grant_role(req, r) for r in roles],
                                 path=path)

    @wsgi.response(204)
    def grant_project_user_role(self, req, id, user_id, role_id):
        self._grant_role(req, 'project', id, user_id, role_id)

    @wsgi.response(204)
    def check_project_user_role(self, req, id, user_id, role_id):
        self._check_role(req, 'project', id, user_id, role_id)

    @wsgi.response(204)
    def revoke_project_user_role(self, req, id, user_id, role_id):
        self._revoke_role(req, 'project', id, user_id, role_id)

    def list_project_user_roles(self, req, id, user_id):
        return self._list_roles(req, 'project', id, user_id)

    @wsgi.response(204)
    def grant_domain_user_role(self, req, id, user_id, role_id):
        self._grant_role(req, 'domain', id, user_id, role_id)

    @wsgi.response(204)
    def check_domain_user_role(self, req, id, user_id, role_id):
        self._check_role(req, 'domain', id, user_id, role_id)

    @wsgi.response(204)
    def revoke_domain_user_role(self, req, id, user_id, role_id):
        self._revoke_role(req, 'domain', id, user_id, role_id)

    def list_domain_user_roles(self, req, id, user_id):
        return self._list_roles(req, 'domain', id, user_id)

    # -------------------------------------------------------------------- system grants
    @staticmethod
    def _system(req, action, user_id, role_id=None):
        user = db.get_user(user_id)
        role = db.get_role(role_id) if role_id is not None else None
        policy_target = {'target.user.id': user_id}
        policy_target.update(common.target(user=user, role=role))
        common.authorize(req, action, policy_target)
        if role_id is not None and role is None:
            raise errors.RoleNotFound(role_id=role_id)
        if user is None:
            raise errors.UserNotFound(user_id=user_id)
        return role

    @wsgi.response(204)
    def grant_system_user_role(self, req, user_id, role_id):
        role = self._system(req, 'identity:create_system_grant_for_user', user_id, role_id)
        if role.domain_id is not None:
            raise errors.ValidationError('Role %s is a domain-specific role and cannot be '
                                         'granted on the system.' % role_id)
        db.add_assignment(db.USER_SYSTEM, user_id, db.SYSTEM, role_id)

    @wsgi.response(204)
    def check_system_user_role(self, req, user_id, role_id):
        self._system(req, 'identity:check_system_grant_for_user', user_id, role_id)
        if not db.has_assignment(db.USER_SYSTEM, user_id, db.SYSTEM, role_id):
            raise errors.RoleAssignmentNotFound(role_id=role_id, actor_id=user_id,
                                                target_id=db.SYSTEM)

    @wsgi.response(204)
    def revoke_system_user_role(self, req, user_id, role_id):
        self._system(req, 'identity:revoke_system_grant_for_user', user_id, role_id)
        if not db.remove_assignment(db.USER_SYSTEM, user_id, db.SYSTEM, role_id):
            raise errors.RoleAssignmentNotFound(role_id=role_id, actor_id=user_id,
                                                target_id=db.SYSTEM)

    def list_system_user_roles(self, req, user_id):
        self._system(req, 'identity:list_system_grants_for_user', user_id)
        roles = db.direct_roles(user_id, db.SYSTEM, db.USER_SYSTEM)
        return common.collection(req, 'roles', [views.grant_role(req, r) for r in roles],
                                 path='system/users/%s/roles' % user_id)

    # -------------------------------------------------------------------- /v3/role_assignments
    @staticmethod
    def _filters(req):
        get = req.GET.get
        project_id, domain_id = get('scope.project.id'), get('scope.domain.id')
        system = get('scope.system')
        if project_id and domain_id:
            raise errors.ValidationError('Specify a domain or project, not both')
        if system and (project_id or domain_id):
            raise errors.ValidationError('Specify system or %s, not both'
                                         % ('project' if project_id else 'domain'))
        if common.flag(req, 'effective') and get('group.id'):
            raise errors.ValidationError('Combining effective and group filter will always '
                                         'result in an empty list.')
        kinds, target_id = None, None
        if project_id:
            kinds, target_id = [db.USER_PROJECT], project_id
        elif domain_id:
            kinds, target_id = [db.USER_DOMAIN], domain_id
        elif system:
            kinds, target_id = [db.USER_SYSTEM], db.SYSTEM
        return kinds, target_id

    def index(self, req):
        info = common.token_info(req)
        domain_id = req.GET.get('scope.domain.id') or info.get('domain', {}).get('id')
        common.authorize(req, 'identity:list_role_assignments', {'target.domain_id': domain_id})
        kinds, target_id = self._filters(req)
        if req.GET.get('group.id'):
            return common.collection(req, 'role_assignments', [])
        rows = db.list_assignments(actor_id=req.GET.get('user.id'), target_id=target_id,
                                   kinds=kinds)
        entries = self._expand(rows, common.flag(req, 'effective'))
        role_id = req.GET.get('role.id')
        entries = [e for e in entries if role_id in (None, e['role'].id)]
        names = common.flag(req, 'include_names')
        items = [self._render(req, e, names) for e in entries]
        return common.collection(req, 'role_assignments', items)

    @staticmethod
    def _expand(rows, effective):
        roles = {r.id: r for r in db.list_roles(ids={a.role_id for a in rows})} if rows else {}
        entries = [{'row': a, 'role': roles[a.role_id], 'prior': None}
                   for a in rows if a.role_id in roles]
        if not effective:
            return entries
        by_name = {r.name: r for r in db.list_roles()}
        seen = {(e['row'].type, e['row'].actor_id, e['row'].target_id, e['role'].id)
                for e in entries}
        for entry in list(entries):
            a = entry['row']
            for implied, prior in _implied(by_name, entry['role']):
                key = (a.type, a.actor_id, a.target_id, implied.id)
                if key not in seen:
                    seen.add(key)
                    entries.append({'row': a, 'role': implied, 'prior': prior})
        return entries

    @staticmethod
    def _render(req, entry, names):
        a, role = entry['row'], entry['role']
        links = {'assignment': _assignment_url(req, a.type, a.target_id, a.actor_id,
                                               a.role_id)}
        if entry['prior'] is not None:
            links['prior_role'] = common.v3_url(req, 'roles', entry['prior'].id)
        scope_name = _SCOPES.get(a.type, 'project')
        body = {'role': {'id': role.id}, 'user': {'id': a.actor_id},
                'scope': {scope_name: {'id': a.target_id}}, 'links': links}
        if scope_name == 'system':
            body['scope'] = {'system': {'all': True}}
        if names:
            _add_names(body, role, a, scope_name)
        return body


def _domain_ref(domain_id):
    row = db.get_domain(domain_id)
    return {'id': domain_id, 'name': row.name if row is not None else domain_id}


def _add_names(body, role, assignment, scope_name):
    body['role']['name'] = role.name
    if role.domain_id is not None:
        body['role']['domain'] = _domain_ref(role.domain_id)
    user = db.get_user(assignment.actor_id)
    if user is not None:
        body['user'].update(name=user.name, domain=_domain_ref(user.domain_id))
    if scope_name == 'project':
        project = db.get_project(assignment.target_id)
        if project is not None:
            body['scope']['project'].update(name=project.name,
                                            domain=_domain_ref(project.domain_id))
    elif scope_name == 'domain':
        body['scope']['domain']['name'] = _domain_ref(assignment.target_id)['name']
