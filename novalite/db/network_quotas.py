"""Network quotas (Neutron's ``quotas`` extension with its DB driver).

Limits: Neutron's built-in defaults ([QUOTAS] quota_<resource>), overridden by a project's own
limits; -1 is unlimited. Usage is counted from the project's live rows, never stored.

``guard(resource, project_id)`` is what a create passes to the data layer: called with the
create's session as its first statement, it takes the project's quota lock (the one compute
quotas take), counts, and raises 409 OverQuota when one more does not fit; the insert then
happens in that same transaction, so concurrent creates cannot pass the limit together.
Resources made by the service itself (router gateway and floating IP ports, a project's
default security group) are counted but not checked, as in Neutron, whose API layer checks.
"""
import sqlalchemy as sa

from novalite import exception_network as errors
from novalite.db import models as M
from novalite.db import quotas as quota_db
from novalite.db import session as db

# Neutron's defaults (neutron/conf/quota.py), in the order `openstack quota show` lists them
DEFAULTS = {
    'network': 100, 'subnet': 100, 'subnetpool': -1, 'port': 500, 'router': 10,
    'floatingip': 50, 'security_group': 10, 'security_group_rule': 100, 'rbac_policy': 10,
}
RESOURCES = tuple(DEFAULTS)
MAX_LIMIT = 2147483647
# resource -> the model whose rows of a project count (subnet pools and RBAC policies are
# not served here: nothing of them exists, they count 0)
COUNTED = {
    'network': M.Network, 'subnet': M.Subnet, 'port': M.Port, 'router': M.Router,
    'floatingip': M.FloatingIP, 'security_group': M.SecurityGroup, 'subnetpool': M.SubnetPool,
    'security_group_rule': M.SecurityGroupRule,
}


def _unlimited(value):
    return value is None or value < 0


def defaults():
    return dict(DEFAULTS)


def _own(session, project_id):
    rows = session.execute(sa.select(M.NetworkQuota.resource, M.NetworkQuota.hard_limit)
                           .where(M.NetworkQuota.project_id == project_id))
    return {resource: limit for resource, limit in rows if resource in DEFAULTS}


def limits(project_id):
    values = defaults()
    with db.get_engine().connect() as conn:  # one read: no ORM session (every port create)
        values.update(_own(conn, project_id))
    return values


def _count(session, resource, project_id):
    model = COUNTED.get(resource)
    if model is None:
        return 0
    return session.scalar(sa.select(sa.func.count()).select_from(model)
                          .where(model.project_id == project_id)) or 0


def usage(project_id):
    with db.transaction() as s:
        return {resource: _count(s, resource, project_id) for resource in RESOURCES}


def projects():
    """[(project_id, limits)] of every project with a limit of its own."""
    with db.transaction() as s:
        ids = s.scalars(sa.select(M.NetworkQuota.project_id).distinct()
                        .order_by(M.NetworkQuota.project_id)).all()
        result = []
        for project_id in ids:
            values = defaults()
            values.update(_own(s, project_id))
            result.append((project_id, values))
    return result


def update(project_id, values):
    """Set limits of a project, all in one transaction (a concurrent first set of the same
    resource loses on the unique key and is retried once)."""
    for attempt in (1, 2):
        try:
            with db.transaction() as s:
                existing = {row.resource: row for row in s.scalars(
                    sa.select(M.NetworkQuota).where(M.NetworkQuota.project_id == project_id))}
                for resource, limit in values.items():
                    if resource in existing:
                        existing[resource].hard_limit = limit
                    else:
                        s.add(M.NetworkQuota(project_id=project_id, resource=resource,
                                             hard_limit=limit))
            return
        except sa.exc.IntegrityError:
            if attempt == 2:
                raise


def delete(project_id):
    """Back to the defaults; False when the project had no limits of its own."""
    with db.transaction() as s:
        result = s.execute(sa.delete(M.NetworkQuota)
                           .where(M.NetworkQuota.project_id == project_id))
        return bool(result.rowcount)


def guard(resource, project_id):
    """The check a create runs first in its transaction (see the module docstring), or
    None when nothing is to be checked (no project, an unlimited resource)."""
    if not project_id:
        return None
    limit = limits(project_id)[resource]
    if _unlimited(limit):
        return None

    def check(session):
        quota_db.quota_lock_project(session, project_id)
        if _count(session, resource, project_id) + 1 > limit:
            raise errors.OverQuota(overs=[resource])
    return check
