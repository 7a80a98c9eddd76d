"""Data access for get-me-a-network (``auto-allocated-topology``): one row per project
naming the network and router made for it; the primary key lets only one be recorded."""
import sqlalchemy as sa

from novalite.db import models as M
from novalite.db import session as db


def get(project_id):
    with db.transaction() as s:
        row = s.get(M.AutoAllocatedTopology, project_id)
        return {'project_id': row.project_id, 'network_id': row.network_id,
                'router_id': row.router_id} if row is not None else None


def save(project_id, network_id, router_id):
    """Record the topology; False if another request recorded one first."""
    try:
        with db.transaction() as s:
            s.add(M.AutoAllocatedTopology(project_id=project_id, network_id=network_id,
                                          router_id=router_id))
        return True
    except sa.exc.IntegrityError:
        return False


def forget(project_id):
    with db.transaction() as s:
        s.execute(sa.delete(M.AutoAllocatedTopology)
                  .where(M.AutoAllocatedTopology.project_id == project_id))
