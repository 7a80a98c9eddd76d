"""Server group data access: groups, their live members and the hosts those are on."""
import sqlalchemy as sa

from novalite import exception
from novalite.db import models
from novalite.db import rows as db_rows
from novalite.db import session as db


def _group_members(session, group_ids):
    """{group_id: [instance uuids]}: members whose instances are not deleted."""
    m, i = models.ServerGroupMember, models.Instance
    out = {gid: [] for gid in group_ids}
    if not group_ids:
        return out
    rows = session.execute(sa.select(m.group_id, m.instance_uuid)
                           .join(i, i.uuid == m.instance_uuid)
                           .where(m.group_id.in_(group_ids), i.deleted.is_(False))
                           .order_by(m.id)).all()
    for gid, uuid in rows:
        out[gid].append(uuid)
    return out


def _group_dicts(session, rows):
    members = _group_members(session, [r.id for r in rows])
    return [dict(db_rows.row_dict(r), members=members[r.id]) for r in rows]


def server_group_create(session, values):
    row = models.ServerGroup(**values)
    session.add(row)
    session.flush()
    return dict(db_rows.row_dict(row), members=[])


def server_group_get(uuid, project_id=None, session=None):
    """The group (with its live members); 404 when it is missing or, with ``project_id``,
    another project's."""
    if session is None:
        with db.transaction() as session:
            return server_group_get(uuid, project_id, session)
    g = models.ServerGroup
    q = sa.select(g).where(g.uuid == uuid)
    if project_id is not None:
        q = q.where(g.project_id == project_id)
    row = session.scalars(q).first()
    if row is None:
        raise exception.InstanceGroupNotFound(group_uuid=uuid)
    return _group_dicts(session, [row])[0]


def server_group_get_all(project_id=None):
    """Groups of the project (all projects when None), oldest first."""
    g = models.ServerGroup
    with db.transaction() as session:
        q = sa.select(g).order_by(g.id)
        if project_id is not None:
            q = q.where(g.project_id == project_id)
        return _group_dicts(session, list(session.scalars(q)))


def server_group_destroy(uuid):
    g, m = models.ServerGroup, models.ServerGroupMember
    with db.transaction() as session:
        gid = session.scalar(sa.select(g.id).where(g.uuid == uuid))
        if gid is None:
            raise exception.InstanceGroupNotFound(group_uuid=uuid)
        session.execute(sa.delete(m).where(m.group_id == gid))
        session.execute(sa.delete(g).where(g.id == gid))


def server_group_count(session, project_id, user_id=None):
    g = models.ServerGroup
    q = sa.select(sa.func.count(g.id)).where(g.project_id == project_id)
    if user_id is not None:
        q = q.where(g.user_id == user_id)
    return int(session.scalar(q) or 0)


def server_group_members_add(session, group_uuid, instance_uuids):
    """Add instances to the group in the caller's transaction; 404 if the group is gone."""
    g = models.ServerGroup
    gid = session.scalar(sa.select(g.id).where(g.uuid == group_uuid))
    if gid is None:
        raise exception.InstanceGroupNotFound(group_uuid=group_uuid)
    for uuid in instance_uuids:
        session.add(models.ServerGroupMember(group_id=gid, instance_uuid=uuid))
    session.flush()


def server_group_hosts(group_uuid, exclude=()):
    """One host per placed live member of the group (a host repeats for each member on it):
    the instance's host, else the host of the node it is claimed on (still scheduling)."""
    g, m, i = models.ServerGroup, models.ServerGroupMember, models.Instance
    a, n = models.Allocation, models.ComputeNode
    with db.transaction() as session:
        rows = session.execute(
            sa.select(i.uuid, i.host, n.host)
            .select_from(m)
            .join(g, g.id == m.group_id)
            .join(i, i.uuid == m.instance_uuid)
            .outerjoin(a, a.instance_uuid == i.uuid)
            .outerjoin(n, n.id == a.compute_node_id)
            .where(g.uuid == group_uuid, i.deleted.is_(False))).all()
    hosts = {}
    for uuid, host, node_host in rows:
        if uuid not in exclude and (host or node_host):
            hosts[uuid] = host or node_host
    return sorted(hosts.values())
