"""Data access for identity groups: groups, user memberships, and the roles users hold through
them (with their own ones) -- what tokens, scopes and ``effective`` listings count.

Group names are unique per domain and compared case-insensitively (see identity_names.py).
"""
import uuid

import sqlalchemy as sa

from novalite import exception_identity as errors
from novalite.db import identity_names as names
from novalite.db import models
from novalite.db import session as db
from novalite.db import token_cache

USER_KINDS = ('UserProject', 'UserDomain', 'UserSystem')
GROUP_KINDS = ('GroupProject', 'GroupDomain', 'GroupSystem')

# Keystone's default implied roles: admin -> manager -> member -> reader.
IMPLIED_ROLES = {'admin': ['manager'], 'manager': ['member'], 'member': ['reader']}


def _conflict(name, domain_id):
    return errors.Conflict(type='group', details='Duplicate entry found with name %s at '
                                                 'domain ID %s' % (name, domain_id))


def _name_taken(s, name, domain_id, exclude_id=None):
    query = sa.select(models.Group.id).where(names.matches(models.Group.name, name),
                                             models.Group.domain_id == domain_id)
    if exclude_id is not None:
        query = query.where(models.Group.id != exclude_id)
    return s.scalars(query).first() is not None


# --------------------------------------------------------------------- groups

def get_group(group_id):
    if not group_id:
        return None
    with db.transaction() as s:
        return s.get(models.Group, group_id)


def get_group_by_name(name, domain_id):
    with db.transaction() as s:
        return s.scalars(sa.select(models.Group).where(
            names.matches(models.Group.name, name),
            models.Group.domain_id == domain_id)).first()


def list_groups(name=None, domain_id=None, ids=None):
    query = sa.select(models.Group)
    if name is not None:
        query = query.where(names.matches(models.Group.name, name))
    if domain_id is not None:
        query = query.where(models.Group.domain_id == domain_id)
    if ids is not None:
        query = query.where(models.Group.id.in_(list(ids)))
    with db.transaction() as s:
        return s.scalars(query.order_by(models.Group.name, models.Group.id)).all()


def create_group(values):
    """values: name, domain_id, description, extra (id optional)."""
    values = dict(values)
    values.setdefault('id', uuid.uuid4().hex)
    try:
        with db.transaction() as s:
            if _name_taken(s, values['name'], values['domain_id']):
                raise _conflict(values['name'], values['domain_id'])
            row = models.Group(**values)
            s.add(row)
            s.flush()
            return row
    except sa.exc.IntegrityError:
        raise _conflict(values['name'], values['domain_id'])


def update_group(group_id, values):
    try:
        with db.transaction() as s:
            row = s.get(models.Group, group_id)
            if row is None:
                return None
            name = values.get('name', row.name)
            if name != row.name and _name_taken(s, name, row.domain_id, exclude_id=row.id):
                raise _conflict(name, row.domain_id)
            for key, value in values.items():
                setattr(row, key, value)
            s.flush()
            return row
    except sa.exc.IntegrityError:
        raise _conflict(values.get('name'), None)


def delete_group(group_id):
    """The group, its memberships and its role assignments; False when there is none."""
    with db.transaction() as s:
        row = s.get(models.Group, group_id)
        if row is None:
            return False
        s.execute(sa.delete(models.UserGroupMembership).where(
            models.UserGroupMembership.group_id == group_id))
        s.execute(sa.delete(models.RoleAssignment).where(
            models.RoleAssignment.actor_id == group_id,
            models.RoleAssignment.type.in_(GROUP_KINDS)))
        s.delete(row)
    token_cache.clear()
    return True


def delete_groups_in(s, domain_id):
    """Inside a domain deletion's transaction: the domain's groups with what hangs on them."""
    group_ids = s.scalars(sa.select(models.Group.id).where(
        models.Group.domain_id == domain_id)).all()
    if not group_ids:
        return
    s.execute(sa.delete(models.UserGroupMembership).where(
        models.UserGroupMembership.group_id.in_(group_ids)))
    s.execute(sa.delete(models.RoleAssignment).where(
        models.RoleAssignment.actor_id.in_(group_ids),
        models.RoleAssignment.type.in_(GROUP_KINDS)))
    s.execute(sa.delete(models.Group).where(models.Group.id.in_(group_ids)))


# --------------------------------------------------------------------- memberships

def add_member(group_id, user_id):
    try:
        with db.transaction() as s:
            if s.get(models.UserGroupMembership, (user_id, group_id)) is None:
                s.add(models.UserGroupMembership(user_id=user_id, group_id=group_id))
    except sa.exc.IntegrityError:  # added meanwhile
        pass
    token_cache.clear()


def is_member(group_id, user_id):
    with db.transaction() as s:
        return s.get(models.UserGroupMembership, (user_id, group_id)) is not None


def remove_member(group_id, user_id):
    with db.transaction() as s:
        row = s.get(models.UserGroupMembership, (user_id, group_id))
        if row is None:
            return False
        s.delete(row)
    token_cache.clear()
    return True


def remove_user_everywhere(s, user_ids):
    """Inside a user deletion's transaction: the users' memberships."""
    s.execute(sa.delete(models.UserGroupMembership).where(
        models.UserGroupMembership.user_id.in_(list(user_ids))))


def member_ids(group_id):
    with db.transaction() as s:
        return s.scalars(sa.select(models.UserGroupMembership.user_id).where(
            models.UserGroupMembership.group_id == group_id)).all()


def group_ids_of(s, user_id):
    return s.scalars(sa.select(models.UserGroupMembership.group_id).where(
        models.UserGroupMembership.user_id == user_id)).all()


def groups_of_user_ids(user_id):
    with db.transaction() as s:
        return group_ids_of(s, user_id)


def groups_of_user(user_id):
    with db.transaction() as s:
        ids = group_ids_of(s, user_id)
    return list_groups(ids=ids) if ids else []


# --------------------------------------------------------------------- effective roles

def role_rows(s, user_id, target_id):
    """The Role rows assigned on target_id to the user directly or to one of their groups
    (implied roles not added: expand_roles does that)."""
    assignment = models.RoleAssignment
    actors = sa.or_(
        sa.and_(assignment.actor_id == user_id, assignment.type.in_(USER_KINDS)),
        sa.and_(assignment.type.in_(GROUP_KINDS),
                assignment.actor_id.in_(sa.select(models.UserGroupMembership.group_id).where(
                    models.UserGroupMembership.user_id == user_id))))
    return s.scalars(
        sa.select(models.Role).join(assignment, assignment.role_id == models.Role.id)
        .where(actors, assignment.target_id == target_id).distinct()).all()


def target_ids(user_id, kind):
    """Ids of the targets where the user holds a role directly or through a group.
    kind: 'Project', 'Domain' or 'System'."""
    assignment = models.RoleAssignment
    with db.transaction() as s:
        groups = group_ids_of(s, user_id)
        query = sa.select(assignment.target_id).where(sa.or_(
            sa.and_(assignment.type == 'User' + kind, assignment.actor_id == user_id),
            sa.and_(assignment.type == 'Group' + kind, assignment.actor_id.in_(groups))))
        return set(s.scalars(query.distinct()).all())


def expand_roles(session, role_rows):
    """The role rows plus the roles they imply, as [{'id', 'name'}], without duplicates."""
    by_name = {r.name: r for r in session.scalars(sa.select(models.Role))}
    result, todo = {}, list(role_rows)
    while todo:
        role = todo.pop()
        if role.id in result:
            continue
        result[role.id] = {'id': role.id, 'name': role.name}
        todo.extend(by_name[n] for n in IMPLIED_ROLES.get(role.name, ()) if n in by_name)
    return sorted(result.values(), key=lambda r: r['name'])
