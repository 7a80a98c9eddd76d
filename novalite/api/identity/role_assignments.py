"""User grants (/v3/{projects,domains}/{id}/users/{user_id}/roles[/{role_id}],
/v3/system/users/{user_id}/roles[/{role_id}]; the rules are in grants.py) and
/v3/role_assignments as Keystone lists it: filters ``user.id``, ``group.id``, ``role.id``,
``scope.project.id``, ``scope.domain.id``, ``scope.system``, ``include_subtree``,
``effective`` (group assignments become one per member, implied roles are added, group entries
are dropped) and ``include_names``."""
from novalite import exception_identity as errors
from novalite.api.identity import common
from novalite.api.identity import grants
from novalite.api import wsgi
from novalite.db import identity as db
from novalite.db import identity_groups as groups_db
from novalite.identity import tokens

_SCOPE_OF = {'Project': 'project', 'Domain': 'domain', 'System': 'system'}


def _implied(roles_by_name, role):
    """[(implied_role, prior_role)] for role, following Keystone's default inference rules."""
    found, todo = [], [role]
    while todo:
        prior = todo.pop(0)
        if prior.domain_id is not None:
            continue
        for name in groups_db.IMPLIED_ROLES.get(prior.name, ()):
            implied = roles_by_name.get(name)
            if implied is not None and implied.id not in [f[0].id for f in found]:
                found.append((implied, prior))
                todo.append(implied)
    return found


def _entry(row, role, user_id=None, group_id=None, prior=None):
    """One assignment as Keystone's driver gives it: actor, target, role, and what it came
    from (a group for an expanded group grant, a prior role for an implied one)."""
    actor, scope = ('group', row.type[5:]) if row.type.startswith('Group') else \
        ('user', row.type[4:])
    return {'row': row, 'role': role, 'prior': prior, 'scope': _SCOPE_OF[scope],
            'user_id': user_id if user_id else (row.actor_id if actor == 'user' else None),
            'group_id': group_id if group_id else (row.actor_id if actor == 'group' else None),
            'via_group': actor == 'group' and user_id is not None}


class RoleAssignmentsController:

    def __init__(self, conf):
        self.conf = conf

    # -------------------------------------------------------------------- user grants
    @wsgi.response(204)
    def grant_project_user_role(self, req, id, user_id, role_id):
        grants.grant(req, 'user', 'project', id, user_id, role_id)

    @wsgi.response(204)
    def check_project_user_role(self, req, id, user_id, role_id):
        grants.check(req, 'user', 'project', id, user_id, role_id)

    @wsgi.response(204)
    def revoke_project_user_role(self, req, id, user_id, role_id):
        grants.revoke(req, 'user', 'project', id, user_id, role_id)

    def list_project_user_roles(self, req, id, user_id):
        return grants.list_roles(req, 'user', 'project', id, user_id)

    @wsgi.response(204)
    def grant_domain_user_role(self, req, id, user_id, role_id):
        grants.grant(req, 'user', 'domain', id, user_id, role_id)

    @wsgi.response(204)
    def check_domain_user_role(self, req, id, user_id, role_id):
        grants.check(req, 'user', 'domain', id, user_id, role_id)

    @wsgi.response(204)
    def revoke_domain_user_role(self, req, id, user_id, role_id):
        grants.revoke(req, 'user', 'domain', id, user_id, role_id)

    def list_domain_user_roles(self, req, id, user_id):
        return grants.list_roles(req, 'user', 'domain', id, user_id)

    @wsgi.response(204)
    def grant_system_user_role(self, req, user_id, role_id):
        grants.grant(req, 'user', 'system', db.SYSTEM, user_id, role_id)

    @wsgi.response(204)
    def check_system_user_role(self, req, user_id, role_id):
        grants.check(req, 'user', 'system', db.SYSTEM, user_id, role_id)

    @wsgi.response(204)
    def revoke_system_user_role(self, req, user_id, role_id):
        grants.revoke(req, 'user', 'system', db.SYSTEM, user_id, role_id)

    def list_system_user_roles(self, req, user_id):
        return grants.list_roles(req, 'user', 'system', db.SYSTEM, user_id)

    # -------------------------------------------------------------------- /v3/role_assignments
    def index(self, req):
        info = common.token_info(req)
        get = req.GET.get
        if common.flag(req, 'include_subtree'):
            project = db.get_project(get('scope.project.id')) if get('scope.project.id') \
                else None
            if get('scope.project.id') and (project is None or project.is_domain):
                raise errors.ProjectNotFound(project_id=get('scope.project.id'))
            common.authorize(req, 'identity:list_role_assignments_for_tree', {
                'target.domain_id': project.domain_id if project else None,
                'target.project.id': get('scope.project.id')})
            if project is None:
                raise errors.ValidationError('scope.project.id must be specified if '
                                             'include_subtree is also specified')
        else:
            common.authorize(req, 'identity:list_role_assignments', {
                'target.domain_id': get('scope.domain.id') or info.get('domain', {}).get('id')})
        self._check_filters(req)
        entries = self._entries(req)
        if info.get('domain'):
            entries = [e for e in entries if self._in_domain(e, info['domain']['id'])]
        names = common.flag(req, 'include_names')
        return common.collection(req, 'role_assignments',
                                 [self._render(req, e, names) for e in entries])

    @staticmethod
    def _check_filters(req):
        """Keystone's invalid combinations (400), in its order."""
        get = req.GET.get
        if get('scope.domain.id') and get('scope.project.id'):
            raise errors.ValidationError('Specify a domain or project, not both')
        if get('scope.domain.id') and get('scope.system'):
            raise errors.ValidationError('Specify system or domain, not both')
        if get('scope.project.id') and get('scope.system'):
            raise errors.ValidationError('Specify system or project, not both')
        if get('user.id') and get('group.id'):
            raise errors.ValidationError('Specify a user or group, not both')
        if common.flag(req, 'effective') and get('group.id'):
            raise errors.ValidationError('Combining effective and group filter will always '
                                         'result in an empty list.')

    @staticmethod
    def _targets(req):
        """(kinds suffix, target ids or None for any) from the scope filters."""
        get = req.GET.get
        if get('scope.project.id'):
            ids = [get('scope.project.id')]
            if common.flag(req, 'include_subtree'):
                ids += [p.id for p in db.subtree(ids[0])]
            return ('Project',), ids
        if get('scope.domain.id'):
            return ('Domain',), [get('scope.domain.id')]
        if get('scope.system'):
            return ('System',), [db.SYSTEM]
        return ('Project', 'Domain', 'System'), None

    def _entries(self, req):
        get = req.GET.get
        if get('scope.OS-INHERIT:inherited_to') == 'projects':
            return []  # novalite has no inherited grants
        effective = common.flag(req, 'effective')
        scopes, target_ids = self._targets(req)
        user_id, group_id = get('user.id'), get('group.id')
        kinds = []
        if not group_id:
            kinds += ['User' + s for s in scopes]
        if group_id or not user_id or effective:
            kinds += ['Group' + s for s in scopes]
        actor_ids = None
        if group_id:
            actor_ids = [group_id]
        elif user_id:
            actor_ids = [user_id] + (list(groups_db.groups_of_user_ids(user_id))
                                     if effective else [])
        rows = db.list_assignments(actor_ids=actor_ids, target_ids=target_ids, kinds=kinds)
        roles = {r.id: r for r in db.list_roles(ids={a.role_id for a in rows})} if rows else {}
        entries = []
        for a in rows:
            role = roles.get(a.role_id)
            if role is None:
                continue
            if effective and a.type.startswith('Group'):
                members = groups_db.member_ids(a.actor_id)
                entries += [_entry(a, role, user_id=m, group_id=a.actor_id) for m in members
                            if user_id in (None, m)]
            else:
                entries.append(_entry(a, role))
        if effective:
            entries = self._add_implied(entries)
        role_id = get('role.id')
        return [e for e in entries if role_id in (None, e['role'].id)]

    @staticmethod
    def _add_implied(entries):
        by_name = {r.name: r for r in db.list_roles()}
        seen = {(e['user_id'], e['group_id'], e['row'].target_id, e['role'].id)
                for e in entries}
        for entry in list(entries):
            for implied, prior in _implied(by_name, entry['role']):
                key = (entry['user_id'], entry['group_id'], entry['row'].target_id,
                       implied.id)
                if key not in seen:
                    seen.add(key)
                    entries.append(dict(entry, role=implied, prior=prior))
        return entries

    @staticmethod
    def _in_domain(entry, domain_id):
        target_id = entry['row'].target_id
        if entry['scope'] == 'domain':
            return target_id == domain_id
        if entry['scope'] == 'project':
            project = db.get_project(target_id)
            return project is not None and project.domain_id == domain_id
        return False

    @staticmethod
    def _render(req, entry, names):
        a, role, scope = entry['row'], entry['role'], entry['scope']
        if scope == 'system':
            link = '/system'
            body = {'scope': {'system': {'all': True}}}
        else:
            link = '/%ss/%s' % (scope, a.target_id)
            body = {'scope': {scope: {'id': a.target_id}}}
        body['links'] = {}
        if entry['user_id']:
            body['user'] = {'id': entry['user_id']}
            if entry['via_group']:
                body['links']['membership'] = common.v3_url(
                    req, 'groups', entry['group_id'], 'users', entry['user_id'])
                link += '/groups/%s' % entry['group_id']
            else:
                link += '/users/%s' % entry['user_id']
        else:
            body['group'] = {'id': entry['group_id']}
            link += '/groups/%s' % entry['group_id']
        body['role'] = {'id': role.id}
        if entry['prior'] is not None:
            link += '/roles/%s' % entry['prior'].id
            body['links']['prior_role'] = common.v3_url(
                req, 'prior_role', role.id, 'implies', entry['prior'].id)
        else:
            link += '/roles/%s' % role.id
        body['links']['assignment'] = common.base_url(req) + '/v3' + link
        if names:
            _add_names(body, entry)
        return body


def _domain_ref(domain_id):
    row = db.get_domain(domain_id)
    if row is None and domain_id == db.DEFAULT_DOMAIN_ID:
        return dict(tokens.DEFAULT_DOMAIN)
    return {'id': domain_id, 'name': row.name if row is not None else domain_id}


def _add_names(body, entry):
    role = entry['role']
    body['role']['name'] = role.name
    if role.domain_id is not None:
        body['role']['domain'] = _domain_ref(role.domain_id)
    if 'user' in body:
        user = db.get_user(entry['user_id'])
        if user is not None:
            body['user'].update(name=user.name, domain=_domain_ref(user.domain_id))
    else:
        group = groups_db.get_group(entry['group_id'])
        if group is not None:
            body['group'].update(name=group.name, domain=_domain_ref(group.domain_id))
    target_id = entry['row'].target_id
    if entry['scope'] == 'project':
        project = db.get_project(target_id)
        if project is not None:
            body['scope']['project'].update(name=project.name,
                                            domain=_domain_ref(project.domain_id))
    elif entry['scope'] == 'domain':
        body['scope']['domain']['name'] = _domain_ref(target_id)['name']
