"""Quota data access: the limits of projects, users and quota classes, the live usage a
create counts, and the per-project lock that serialises quota-checked creates."""
import sqlalchemy as sa

from novalite.db import models
from novalite.db import session as db


def instance_usage_in_session(session, project_id, user_id=None):
    """(instances, cores, ram) of the project's (or one user's) live instances, read in the
    caller's transaction (the quota check of a create, under the project's quota lock)."""
    i = models.Instance
    q = sa.select(sa.func.count(i.id), sa.func.sum(i.vcpus), sa.func.sum(i.memory_mb)).where(
        i.project_id == project_id, i.deleted.is_(False))
    if user_id is not None:
        q = q.where(i.user_id == user_id)
    row = session.execute(q).one()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)


def quota_lock_project(session, project_id):
    """Serialise quota-checked creates of one project until the caller's transaction ends.

    SQLite has one writer: BEGIN IMMEDIATE takes the write lock before the count (this must
    be the first statement of the transaction). Elsewhere the project's row in
    quota_usage_locks is locked with SELECT ... FOR UPDATE (created on first use).
    """
    bind = session.get_bind()
    if bind.dialect.name == 'sqlite':
        if bind.url.database not in (None, '', ':memory:'):
            session.execute(sa.text('BEGIN IMMEDIATE'))
        return
    lock = models.QuotaUsageLock
    stmt = sa.select(lock.project_id).where(lock.project_id == project_id)
    # a plain read first: on MySQL/MariaDB a FOR UPDATE of a missing row takes a gap lock
    # that the insert below (another transaction) would wait on until lock_wait_timeout
    if session.execute(stmt).first() is None:
        try:
            with db.transaction() as other:
                other.add(lock(project_id=project_id, updated_at=models.utcnow()))
        except sa.exc.IntegrityError:
            pass  # a concurrent first create made it
    session.execute(stmt.with_for_update()).first()


def quota_get_all(project_id, user_id=None):
    """{resource: hard_limit} set for the project (user_id None) or for one of its users."""
    q = models.Quota
    with db.get_engine().connect() as conn:
        rows = conn.execute(sa.select(q.resource, q.hard_limit).where(
            q.project_id == project_id, q.user_id == (user_id or ''))).all()
    return {r[0]: r[1] for r in rows}


def _limits_statement():
    q, qc = models.Quota.__table__, models.QuotaClass.__table__
    # the scope names inline, not bound: a bound value in a select list has no type for
    # PostgreSQL (psycopg binds on the server)
    classes = sa.select(sa.literal_column("'class'").label('scope'), qc.c.resource,
                        qc.c.hard_limit).where(qc.c.class_name == sa.bindparam('b_class'))
    sets = sa.select(sa.case((q.c.user_id == '', sa.literal_column("'project'")),
                             else_=sa.literal_column("'user'")).label('scope'),
                     q.c.resource, q.c.hard_limit) \
        .where(q.c.project_id == sa.bindparam('b_project'),
               q.c.user_id.in_([sa.literal(''), sa.bindparam('b_user')]))
    return sa.union_all(classes, sets)


_LIMITS = _limits_statement()


def quota_limits(class_name, project_id, user_id=None):
    """({resource: limit} of the quota class, of the project, of the user in it) in one
    statement: what a quota check reads (quota_class_get + quota_get_all twice)."""
    out = {'class': {}, 'project': {}, 'user': {}}
    with db.get_engine().connect() as conn:
        for scope, resource, limit in conn.execute(_LIMITS, {
                'b_class': class_name, 'b_project': project_id, 'b_user': user_id or ''}):
            out[scope][resource] = limit
    return out['class'], out['project'], out['user']


def quota_sum_of_users(project_id):
    """{resource: sum of the per-user limits set in the project} (unlimited ones left out)."""
    q = models.Quota
    with db.get_engine().connect() as conn:
        rows = conn.execute(sa.select(q.resource, sa.func.sum(q.hard_limit)).where(
            q.project_id == project_id, q.user_id != '', q.hard_limit >= 0)
            .group_by(q.resource)).all()
    return {r[0]: int(r[1] or 0) for r in rows}


def quota_set(project_id, values, user_id=None):
    """Create or update the project's (or a user's) limits from {resource: limit}."""
    q = models.Quota
    with db.transaction() as session:
        rows = {r.resource: r for r in session.scalars(sa.select(q).where(
            q.project_id == project_id, q.user_id == (user_id or '')))}
        for resource, limit in values.items():
            if resource in rows:
                rows[resource].hard_limit = limit
            else:
                session.add(q(project_id=project_id, user_id=user_id or '',
                              resource=resource, hard_limit=limit))


def quota_destroy_all(project_id, user_id=None):
    """Forget the limits of a project (and of all its users), or of one user in it."""
    q = models.Quota
    stmt = sa.delete(q).where(q.project_id == project_id)
    if user_id:
        stmt = stmt.where(q.user_id == user_id)
    with db.transaction() as session:
        session.execute(stmt)


def quota_class_get(class_name):
    qc = models.QuotaClass
    with db.get_engine().connect() as conn:
        rows = conn.execute(sa.select(qc.resource, qc.hard_limit)
                            .where(qc.class_name == class_name)).all()
    return {r[0]: r[1] for r in rows}


def quota_class_set(class_name, values):
    qc = models.QuotaClass
    with db.transaction() as session:
        rows = {r.resource: r for r in session.scalars(
            sa.select(qc).where(qc.class_name == class_name))}
        for resource, limit in values.items():
            if resource in rows:
                rows[resource].hard_limit = limit
            else:
                session.add(qc(class_name=class_name, resource=resource, hard_limit=limit))
