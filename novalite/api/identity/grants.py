"""Role grants: /v3/{projects,domains}/{id}/{users,groups}/{actor_id}/roles[/{role_id}] and
/v3/system/{users,groups}/{actor_id}/roles[/{role_id}], as Keystone's assignment manager.

Keystone checks a role's domain only for domain-specific roles granted on a project (the
project must be in the role's domain); global roles may be granted anywhere, domain grants do
not look at the role's domain at all.
"""
from novalite import exception_identity as errors
from novalite.api.identity import common
from novalite.api.identity import views
from novalite.api import wsgi
from novalite.db import identity as db
from novalite.db import identity_groups as groups_db

KINDS = {('user', 'project'): 'UserProject', ('user', 'domain'): 'UserDomain',
         ('user', 'system'): 'UserSystem', ('group', 'project'): 'GroupProject',
         ('group', 'domain'): 'GroupDomain', ('group', 'system'): 'GroupSystem'}


def _target_row(scope, target_id):
    if scope == 'project':
        row = db.get_project(target_id)
        return row if row is not None and not row.is_domain else None
    row = db.get_domain(target_id)
    if row is None and target_id == db.DEFAULT_DOMAIN_ID:
        row = common.domain_or_404(target_id)
    return row


def _actor_row(actor, actor_id):
    return db.get_user(actor_id) if actor == 'user' else groups_db.get_group(actor_id)


def _lookup(req, action, actor, scope, target_id, actor_id, role_id=None):
    """Policy first (as Keystone), then 404s for role, target and actor in that order."""
    target_row = _target_row(scope, target_id) if scope != 'system' else None
    actor_row = _actor_row(actor, actor_id)
    role = db.get_role(role_id) if role_id is not None else None
    policy_target = {'target.%s.id' % actor: actor_id}
    if scope != 'system':
        policy_target['target.%s.id' % scope] = target_id
    policy_target.update(common.target(role=role, **{actor: actor_row, scope: target_row}))
    common.authorize(req, action, policy_target)
    if role_id is not None and role is None:
        raise errors.RoleNotFound(role_id=role_id)
    if scope == 'project' and target_row is None:
        raise errors.ProjectNotFound(project_id=target_id)
    if scope == 'domain' and target_row is None:
        raise errors.DomainNotFound(domain_id=target_id)
    if actor_row is None:
        if actor == 'user':
            raise errors.UserNotFound(user_id=actor_id)
        raise errors.GroupNotFound(group_id=actor_id)
    return target_row, role


def _action(verb, actor, scope):
    if scope == 'system':
        return 'identity:%s_system_grant%s_for_%s' % (verb, 's' if verb == 'list' else '',
                                                      actor)
    return {'create': 'identity:create_grant', 'check': 'identity:check_grant',
            'revoke': 'identity:revoke_grant', 'list': 'identity:list_grants'}[verb]


def grant(req, actor, scope, target_id, actor_id, role_id):
    target_row, role = _lookup(req, _action('create', actor, scope), actor, scope, target_id,
                               actor_id, role_id)
    if scope == 'project' and role.domain_id is not None and \
            role.domain_id != target_row.domain_id:
        raise errors.DomainSpecificRoleMismatch(project_id=target_id, role_id=role_id)
    if scope == 'system' and role.domain_id is not None:
        raise errors.ValidationError('Role %s is a domain-specific role and cannot be '
                                     'granted on the system.' % role_id)
    db.add_assignment(KINDS[actor, scope], actor_id, target_id, role_id)


def check(req, actor, scope, target_id, actor_id, role_id):
    _lookup(req, _action('check', actor, scope), actor, scope, target_id, actor_id, role_id)
    if not db.has_assignment(KINDS[actor, scope], actor_id, target_id, role_id):
        raise errors.RoleAssignmentNotFound(role_id=role_id, actor_id=actor_id,
                                            target_id=target_id)


def revoke(req, actor, scope, target_id, actor_id, role_id):
    _lookup(req, _action('revoke', actor, scope), actor, scope, target_id, actor_id, role_id)
    if not db.remove_assignment(KINDS[actor, scope], actor_id, target_id, role_id):
        raise errors.RoleAssignmentNotFound(role_id=role_id, actor_id=actor_id,
                                            target_id=target_id)


def list_roles(req, actor, scope, target_id, actor_id):
    _lookup(req, _action('list', actor, scope), actor, scope, target_id, actor_id)
    roles = db.direct_roles(actor_id, target_id, KINDS[actor, scope])
    if scope == 'system':
        path = 'system/%ss/%s/roles' % (actor, actor_id)
    else:
        path = '%ss/%s/%ss/%s/roles' % (scope, target_id, actor, actor_id)
    return common.collection(req, 'roles', [views.grant_role(req, r) for r in roles],
                             path=path)


class GrantsController:
    """One action per route: <verb>_<scope>_<actor>_role(s)."""

    def __init__(self, conf):
        self.conf = conf

    # project
    @wsgi.response(204)
    def grant_project_group_role(self, req, id, group_id, role_id):
        grant(req, 'group', 'project', id, group_id, role_id)

    @wsgi.response(204)
    def check_project_group_role(self, req, id, group_id, role_id):
        check(req, 'group', 'project', id, group_id, role_id)

    @wsgi.response(204)
    def revoke_project_group_role(self, req, id, group_id, role_id):
        revoke(req, 'group', 'project', id, group_id, role_id)

    def list_project_group_roles(self, req, id, group_id):
        return list_roles(req, 'group', 'project', id, group_id)

    # domain
    @wsgi.response(204)
    def grant_domain_group_role(self, req, id, group_id, role_id):
        grant(req, 'group', 'domain', id, group_id, role_id)

    @wsgi.response(204)
    def check_domain_group_role(self, req, id, group_id, role_id):
        check(req, 'group', 'domain', id, group_id, role_id)

    @wsgi.response(204)
    def revoke_domain_group_role(self, req, id, group_id, role_id):
        revoke(req, 'group', 'domain', id, group_id, role_id)

    def list_domain_group_roles(self, req, id, group_id):
        return list_roles(req, 'group', 'domain', id, group_id)

    # system
    @wsgi.response(204)
    def grant_system_group_role(self, req, group_id, role_id):
        grant(req, 'group', 'system', db.SYSTEM, group_id, role_id)

    @wsgi.response(204)
    def check_system_group_role(self, req, group_id, role_id):
        check(req, 'group', 'system', db.SYSTEM, group_id, role_id)

    @wsgi.response(204)
    def revoke_system_group_role(self, req, group_id, role_id):
        revoke(req, 'group', 'system', db.SYSTEM, group_id, role_id)

    def list_system_group_roles(self, req, group_id):
        return list_roles(req, 'group', 'system', db.SYSTEM, group_id)
