"""Data access for the identity service: domains, projects, users, roles, grants.

Groups are in identity_groups.py, regions/services/endpoints in identity_catalog.py, name
matching and list filters in identity_names.py. Every function is one short transaction and
returns detached rows (or plain values). Domains
are ``Project`` rows with ``is_domain=True`` under the root pseudo-domain, as in Keystone.
Name clashes raise the identity ``Conflict`` with Keystone's wording.
"""
import uuid

import sqlalchemy as sa

from novalite import exception_identity as errors
from novalite.db import identity_catalog
from novalite.db import identity_groups as groups
from novalite.db import identity_names as names
from novalite.db import models
from novalite.db import session as db
from novalite.db import identity_credentials  # delegation rows of a deleted user
from novalite.db import token_cache

ROOT_DOMAIN = '<<keystone.domain.root>>'
DEFAULT_DOMAIN_ID = 'default'
SYSTEM = 'system'

USER_PROJECT = 'UserProject'
USER_DOMAIN = 'UserDomain'
USER_SYSTEM = 'UserSystem'


def new_id():
    return uuid.uuid4().hex


def _apply(row, values):
    for key, value in values.items():
        setattr(row, key, value)


# --------------------------------------------------------------------- projects and domains

def get_project(project_id):
    """Any project row, domains included."""
    if not project_id:
        return None
    with db.transaction() as s:
        return s.get(models.Project, project_id)


def get_domain(domain_id):
    row = get_project(domain_id)
    return row if row is not None and row.is_domain else None


def ensure_domain(domain_id, name, description=''):
    """The domain row, created if missing (used for the implicit default domain)."""
    try:
        with db.transaction() as s:
            row = s.get(models.Project, domain_id)
            if row is None:
                row = models.Project(id=domain_id, name=name, domain_id=ROOT_DOMAIN,
                                     description=description, enabled=True, is_domain=True,
                                     parent_id=None, extra={})
                s.add(row)
            return row
    except sa.exc.IntegrityError:
        return get_project(domain_id)


def get_domain_by_name(name):
    with db.transaction() as s:
        return s.scalars(sa.select(models.Project).where(
            models.Project.is_domain.is_(True), names.matches(models.Project.name, name))).first()


def get_project_by_name(name, domain_id):
    with db.transaction() as s:
        return s.scalars(sa.select(models.Project).where(
            models.Project.is_domain.is_(False), names.matches(models.Project.name, name),
            models.Project.domain_id == domain_id)).first()


def list_projects(name=None, domain_id=None, enabled=None, parent_id=None, is_domain=False,
                  ids=None):
    query = sa.select(models.Project).where(models.Project.is_domain.is_(bool(is_domain)))
    if name is not None:
        query = query.where(names.matches(models.Project.name, name))
    if domain_id is not None:
        query = query.where(models.Project.domain_id == domain_id)
    if enabled is not None:
        query = query.where(models.Project.enabled.is_(enabled))
    if parent_id is not None:
        if parent_id == domain_id or get_domain(parent_id) is not None:
            # top-level projects may have been stored without parent_id
            query = query.where(sa.or_(models.Project.parent_id == parent_id,
                                       sa.and_(models.Project.parent_id.is_(None),
                                               models.Project.domain_id == parent_id)))
        else:
            query = query.where(models.Project.parent_id == parent_id)
    if ids is not None:
        query = query.where(models.Project.id.in_(list(ids)))
    with db.transaction() as s:
        return s.scalars(query.order_by(models.Project.name, models.Project.id)).all()


def list_domains(name=None, enabled=None):
    return list_projects(name=name, enabled=enabled, is_domain=True)


def _project_conflict(values):
    if values.get('is_domain'):
        details = ('it is not permitted to have two projects acting as domains with the '
                   'same name: %s' % values['name'])
    else:
        details = ('it is not permitted to have two projects with either the same name or '
                   'same id in the same domain: name is %s, project id %s'
                   % (values['name'], values['id']))
    return errors.Conflict(type='project', details=details)


def _name_taken(s, name, domain_id, is_domain, exclude_id=None):
    query = sa.select(models.Project.id).where(
        names.matches(models.Project.name, name), models.Project.domain_id == domain_id,
        models.Project.is_domain.is_(bool(is_domain)))
    if exclude_id is not None:
        query = query.where(models.Project.id != exclude_id)
    return s.scalars(query).first() is not None


def create_project(values):
    """values: id, name, domain_id, description, enabled, is_domain, parent_id, extra."""
    values = dict(values)
    values.setdefault('id', new_id())
    try:
        with db.transaction() as s:
            if (s.get(models.Project, values['id']) is not None
                    or _name_taken(s, values['name'], values['domain_id'],
                                   values.get('is_domain'))):
                raise _project_conflict(values)
            row = models.Project(**values)
            s.add(row)
            s.flush()
            return row
    except sa.exc.IntegrityError:
        raise _project_conflict(values)


def update_project(project_id, values):
    """Returns the row; disabling a project or domain drops authtoken's cached tokens."""
    try:
        with db.transaction() as s:
            row = s.get(models.Project, project_id)
            if row is None:
                return None
            name = values.get('name', row.name)
            if not names.same(name, row.name) and _name_taken(s, name, row.domain_id, row.is_domain,
                                                exclude_id=row.id):
                raise _project_conflict({'name': name, 'id': row.id,
                                         'is_domain': row.is_domain})
            disabling = row.enabled and values.get('enabled') is False
            _apply(row, values)
            s.flush()
    except sa.exc.IntegrityError:
        raise _project_conflict({'name': values.get('name'), 'id': project_id,
                                 'is_domain': False})
    if disabling:
        token_cache.clear()
    return row


def children(project_id):
    with db.transaction() as s:
        return s.scalars(sa.select(models.Project).where(
            models.Project.parent_id == project_id,
            models.Project.is_domain.is_(False))).all()


def subtree(project_id):
    """All projects below project_id (not including it)."""
    found, todo = [], [project_id]
    while todo:
        kids = children(todo.pop())
        found.extend(kids)
        todo.extend(k.id for k in kids)
    return found


def _delete_assignments_on(s, target_ids):
    s.execute(sa.delete(models.RoleAssignment).where(
        models.RoleAssignment.target_id.in_(list(target_ids))))


def delete_project(project_id):
    with db.transaction() as s:
        row = s.get(models.Project, project_id)
        if row is None:
            return False
        _delete_assignments_on(s, [project_id])
        s.delete(row)
    token_cache.clear()
    return True


def delete_domain(domain_id):
    """The domain with its projects, users, domain-specific roles and all their grants."""
    with db.transaction() as s:
        row = s.get(models.Project, domain_id)
        if row is None or not row.is_domain:
            return False
        project_ids = s.scalars(sa.select(models.Project.id).where(
            models.Project.domain_id == domain_id, models.Project.is_domain.is_(False))).all()
        user_ids = s.scalars(sa.select(models.User.id).where(
            models.User.domain_id == domain_id)).all()
        role_ids = s.scalars(sa.select(models.Role.id).where(
            models.Role.domain_id == domain_id)).all()
        groups.delete_groups_in(s, domain_id)
        _delete_assignments_on(s, list(project_ids) + [domain_id])
        if user_ids:
            s.execute(sa.delete(models.RoleAssignment).where(
                models.RoleAssignment.actor_id.in_(user_ids)))
            groups.remove_user_everywhere(s, user_ids)
            s.execute(sa.update(models.Token).where(models.Token.user_id.in_(user_ids))
                      .values(revoked=True))
            s.execute(sa.delete(models.User).where(models.User.id.in_(user_ids)))
        if role_ids:
            s.execute(sa.delete(models.RoleAssignment).where(
                models.RoleAssignment.role_id.in_(role_ids)))
            s.execute(sa.delete(models.Role).where(models.Role.id.in_(role_ids)))
        if project_ids:
            s.execute(sa.delete(models.Project).where(models.Project.id.in_(project_ids)))
        s.delete(row)
    token_cache.clear()
    return True


# --------------------------------------------------------------------- users

def get_user(user_id):
    if not user_id:
        return None
    with db.transaction() as s:
        return s.get(models.User, user_id)


def get_user_by_name(name, domain_id):
    with db.transaction() as s:
        return s.scalars(sa.select(models.User).where(
            names.matches(models.User.name, name), models.User.domain_id == domain_id)).first()


def list_users(name=None, domain_id=None, enabled=None, ids=None):
    query = sa.select(models.User)
    if name is not None:
        query = query.where(names.matches(models.User.name, name))
    if domain_id is not None:
        query = query.where(models.User.domain_id == domain_id)
    if enabled is not None:
        query = query.where(models.User.enabled.is_(enabled))
    if ids is not None:
        query = query.where(models.User.id.in_(list(ids)))
    with db.transaction() as s:
        return s.scalars(query.order_by(models.User.name, models.User.id)).all()


def _user_conflict(name, domain_id):
    return errors.Conflict(type='user', details='Duplicate entry found with name %s at '
                                                'domain ID %s' % (name, domain_id))


def create_user(values):
    values = dict(values)
    values.setdefault('id', new_id())
    try:
        with db.transaction() as s:
            if s.scalars(sa.select(models.User.id).where(
                    names.matches(models.User.name, values['name']),
                    models.User.domain_id == values['domain_id'])).first() is not None:
                raise _user_conflict(values['name'], values['domain_id'])
            row = models.User(**values)
            s.add(row)
            s.flush()
            return row
    except sa.exc.IntegrityError:
        raise _user_conflict(values['name'], values['domain_id'])


def update_user(user_id, values):
    """Returns the row; revokes the user's tokens when disabled or the password changes."""
    revoke, domain_id = False, None
    try:
        with db.transaction() as s:
            row = s.get(models.User, user_id)
            if row is None:
                return None
            domain_id = row.domain_id
            name = values.get('name', row.name)
            if not names.same(name, row.name) and s.scalars(sa.select(models.User.id).where(
                    names.matches(models.User.name, name),
                    models.User.domain_id == row.domain_id,
                    models.User.id != row.id)).first():
                raise _user_conflict(name, row.domain_id)
            revoke = ('password_hash' in values
                      or (row.enabled and values.get('enabled') is False))
            _apply(row, values)
            s.flush()
    except sa.exc.IntegrityError:
        raise _user_conflict(values.get('name'), domain_id)
    if revoke:
        revoke_user_tokens(user_id)
    return row


def delete_user(user_id):
    with db.transaction() as s:
        row = s.get(models.User, user_id)
        if row is None:
            return False
        s.execute(sa.delete(models.RoleAssignment).where(
            models.RoleAssignment.actor_id == user_id,
            models.RoleAssignment.type.in_(groups.USER_KINDS)))
        groups.remove_user_everywhere(s, [user_id])
        s.delete(row)
    revoke_user_tokens(user_id)
    identity_credentials.delete_for_user(user_id)
    return True


def revoke_user_tokens(user_id):
    with db.transaction() as s:
        s.execute(sa.update(models.Token).where(models.Token.user_id == user_id)
                  .values(revoked=True))
    token_cache.clear()


# --------------------------------------------------------------------- roles

def get_role(role_id):
    if not role_id:
        return None
    with db.transaction() as s:
        return s.get(models.Role, role_id)


def get_role_by_name(name, domain_id=None):
    query = sa.select(models.Role).where(names.matches(models.Role.name, name))
    if domain_id is None:
        query = query.where(models.Role.domain_id.is_(None))
    else:
        query = query.where(models.Role.domain_id == domain_id)
    with db.transaction() as s:
        return s.scalars(query).first()


def list_roles(name=None, domain_id=None, ids=None):
    query = sa.select(models.Role)
    if ids is None:
        if domain_id is None:
            query = query.where(models.Role.domain_id.is_(None))
        else:
            query = query.where(models.Role.domain_id == domain_id)
    else:
        query = query.where(models.Role.id.in_(list(ids)))
    if name is not None:
        query = query.where(names.matches(models.Role.name, name))
    with db.transaction() as s:
        return s.scalars(query.order_by(models.Role.name, models.Role.id)).all()


def _role_conflict(name, domain_id):
    details = 'Duplicate entry found with name %s' % name
    if domain_id:
        details += ' at domain ID %s' % domain_id
    return errors.Conflict(type='role', details=details)


def create_role(values):
    values = dict(values)
    values.setdefault('id', new_id())
    if get_role_by_name(values['name'], values.get('domain_id')) is not None:
        raise _role_conflict(values['name'], values.get('domain_id'))
    try:
        with db.transaction() as s:
            row = models.Role(**values)
            s.add(row)
            s.flush()
            return row
    except sa.exc.IntegrityError:
        raise _role_conflict(values['name'], values.get('domain_id'))


def update_role(role_id, values):
    with db.transaction() as s:
        row = s.get(models.Role, role_id)
        if row is None:
            return None
        name = values.get('name', row.name)
        if not names.same(name, row.name):
            query = sa.select(models.Role.id).where(names.matches(models.Role.name, name),
                                                    models.Role.id != row.id)
            query = query.where(models.Role.domain_id.is_(None) if row.domain_id is None
                                else models.Role.domain_id == row.domain_id)
            if s.scalars(query).first():
                raise _role_conflict(name, row.domain_id)
        _apply(row, values)
        s.flush()
    token_cache.clear()
    return row


def delete_role(role_id):
    with db.transaction() as s:
        row = s.get(models.Role, role_id)
        if row is None:
            return False
        s.execute(sa.delete(models.RoleAssignment).where(
            models.RoleAssignment.role_id == role_id))
        s.delete(row)
    token_cache.clear()
    return True


# --------------------------------------------------------------------- role assignments

def add_assignment(kind, actor_id, target_id, role_id):
    with db.transaction() as s:
        key = (kind, actor_id, target_id, role_id)
        if s.get(models.RoleAssignment, key) is None:
            s.add(models.RoleAssignment(type=kind, actor_id=actor_id, target_id=target_id,
                                        role_id=role_id, inherited=False))
    token_cache.clear()


def has_assignment(kind, actor_id, target_id, role_id):
    with db.transaction() as s:
        return s.get(models.RoleAssignment, (kind, actor_id, target_id, role_id)) is not None


def remove_assignment(kind, actor_id, target_id, role_id):
    with db.transaction() as s:
        row = s.get(models.RoleAssignment, (kind, actor_id, target_id, role_id))
        if row is None:
            return False
        s.delete(row)
    token_cache.clear()
    return True


def list_assignments(actor_id=None, target_id=None, role_id=None, kinds=None,
                     actor_ids=None, target_ids=None):
    query = sa.select(models.RoleAssignment)
    if actor_id is not None:
        query = query.where(models.RoleAssignment.actor_id == actor_id)
    if actor_ids is not None:
        query = query.where(models.RoleAssignment.actor_id.in_(list(actor_ids)))
    if target_id is not None:
        query = query.where(models.RoleAssignment.target_id == target_id)
    if target_ids is not None:
        query = query.where(models.RoleAssignment.target_id.in_(list(target_ids)))
    if role_id is not None:
        query = query.where(models.RoleAssignment.role_id == role_id)
    if kinds is not None:
        query = query.where(models.RoleAssignment.type.in_(list(kinds)))
    query = query.order_by(models.RoleAssignment.type, models.RoleAssignment.actor_id,
                           models.RoleAssignment.target_id, models.RoleAssignment.role_id)
    with db.transaction() as s:
        return s.scalars(query).all()


def direct_roles(actor_id, target_id, kind):
    role_ids = [a.role_id for a in list_assignments(actor_id=actor_id, target_id=target_id,
                                                    kinds=[kind])]
    return list_roles(ids=role_ids) if role_ids else []


def effective_roles(user_id, target_id):
    """[{'id', 'name'}] sorted by name: the roles the user holds on target_id (a project id,
    a domain id or SYSTEM) directly or through their groups, with the roles those imply --
    what a token scoped to target_id carries. An empty list: no scope there."""
    with db.transaction() as s:
        return groups.expand_roles(s, groups.role_rows(s, user_id, target_id))


def projects_for_user(user_id):
    """The projects where the user has a role, directly or through a group."""
    ids = groups.target_ids(user_id, 'Project')
    return list_projects(ids=ids) if ids else []


def domains_for_user(user_id):
    ids = groups.target_ids(user_id, 'Domain')
    return list_projects(ids=ids, is_domain=True) if ids else []


def has_system_role(user_id):
    return SYSTEM in groups.target_ids(user_id, 'System')


# --------------------------------------------------------------------- catalog

def catalog(project_id=None, user_id=None):
    """The v3 service catalog (enabled services with their enabled endpoints) of a token
    (its project and user fill in the endpoint URLs' $(project_id)s and $(user_id)s)."""
    with db.transaction() as s:
        return identity_catalog.catalog(s, project_id=project_id, user_id=user_id)
