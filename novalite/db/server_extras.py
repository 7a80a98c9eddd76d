"""Data access for the servers API of microversions 2.48 -> 2.100: a server's groups
(2.71) and instance actions with Nova's pagination and time filters (2.58, 2.66)."""
import sqlalchemy as sa

from novalite import exception
from novalite.db import models
from novalite.db import rows as db_rows
from novalite.db import session as db


_row_dict = db_rows.row_dict


def server_groups_of(instance_uuid):
    """Uuids of the groups the server is a member of (Nova: at most one)."""
    g, m = models.ServerGroup, models.ServerGroupMember
    with db.transaction() as session:
        return list(session.scalars(
            sa.select(g.uuid).join(m, m.group_id == g.id)
            .where(m.instance_uuid == instance_uuid).order_by(g.id)))


def actions_page(instance_uuid, limit=None, marker=None, changes_since=None,
                 changes_before=None):
    """The server's actions newest first (Nova's order), after the action whose request id
    is ``marker``, updated at or after ``changes_since`` / at or before ``changes_before``.
    Returns (actions, more)."""
    a = models.InstanceAction
    updated = sa.func.coalesce(a.updated_at, a.created_at)
    with db.transaction() as session:
        q = sa.select(a).where(a.instance_uuid == instance_uuid)
        if changes_since is not None:
            q = q.where(updated >= changes_since)
        if changes_before is not None:
            q = q.where(updated <= changes_before)
        q = q.order_by(a.start_time.desc(), a.id.desc())
        if marker is not None:
            row = session.scalars(sa.select(a).where(a.instance_uuid == instance_uuid,
                                                     a.request_id == marker)).first()
            if row is None:
                raise exception.Invalid('Marker %s could not be found.' % marker)
            q = q.where(sa.or_(a.start_time < row.start_time,
                               sa.and_(a.start_time == row.start_time, a.id < row.id)))
        if limit is not None:
            q = q.limit(limit + 1)
        rows = [_row_dict(r) for r in session.scalars(q)]
    more = limit is not None and len(rows) > limit
    return (rows[:limit] if more else rows), more
