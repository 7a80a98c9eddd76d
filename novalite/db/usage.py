"""Usage queries: the instances active in a time window (Nova's
InstanceList.get_active_by_window_joined), deleted ones included."""
import sqlalchemy as sa

from novalite.db import api as db_api
from novalite.db import models
from novalite.db import session as db

_I = models.Instance


def instances_active_in_window(begin, end, project_id=None):
    """Instances launched before ``end`` and not terminated before ``begin``, oldest
    first (created_at, id)."""
    q = sa.select(*db_api._INSTANCE_COLUMNS).where(
        _I.launched_at.is_not(None), _I.launched_at < end,
        sa.or_(_I.terminated_at.is_(None), _I.terminated_at > begin))
    if project_id is not None:
        q = q.where(_I.project_id == project_id)
    with db.get_engine().connect() as conn:
        return [dict(r) for r in conn.execute(q.order_by(_I.created_at.asc(), _I.id.asc()))
                .mappings()]

