"""Resource claims: what Placement's allocations do for Nova, as atomic SQL.

A claim is one conditional UPDATE of the compute node's usage plus the allocation row, in one
transaction: two concurrent claims can never take a host past its capacity times the
allocation ratio, on SQLite, PostgreSQL or MySQL alike.
"""
import sqlalchemy as sa

from novalite.db import models
from novalite.db import session as db


def resources_of(flavor):
    return {'vcpus': int(flavor['vcpus']), 'memory_mb': int(flavor['memory_mb']),
            'disk_gb': int(flavor['root_gb']) + int(flavor.get('ephemeral_gb') or 0)
            + (int(flavor.get('swap') or 0) + 1023) // 1024}


_NODES = models.ComputeNode.__table__
_ALLOCS = models.Allocation.__table__


def _claim_statements():
    node = _NODES.c
    v, m, d = sa.bindparam('b_v'), sa.bindparam('b_m'), sa.bindparam('b_d')
    take = (sa.update(_NODES)
            .where(node.id == sa.bindparam('b_node'), node.deleted.is_(False),
                   node.vcpus_used + v <= node.vcpus * node.cpu_allocation_ratio,
                   node.memory_mb_used + m <= node.memory_mb * node.ram_allocation_ratio,
                   node.local_gb_used + d <= node.local_gb * node.disk_allocation_ratio)
            .values(vcpus_used=node.vcpus_used + v, memory_mb_used=node.memory_mb_used + m,
                    local_gb_used=node.local_gb_used + d, running_vms=node.running_vms + 1))
    record = _ALLOCS.insert().values(
        instance_uuid=sa.bindparam('b_uuid'), compute_node_id=sa.bindparam('b_node'),
        vcpus=v, memory_mb=m, disk_gb=d, created_at=sa.bindparam('b_now'))
    return take, record


def _release_statements():
    node, alloc = _NODES.c, _ALLOCS.c
    held = sa.select(_ALLOCS).where(alloc.instance_uuid == sa.bindparam('b_uuid'))
    drop = sa.delete(_ALLOCS).where(alloc.instance_uuid == sa.bindparam('b_uuid'),
                                    alloc.compute_node_id == sa.bindparam('b_node'))
    give = (sa.update(_NODES).where(node.id == sa.bindparam('b_node'))
            .values(vcpus_used=node.vcpus_used - sa.bindparam('b_v'),
                    memory_mb_used=node.memory_mb_used - sa.bindparam('b_m'),
                    local_gb_used=node.local_gb_used - sa.bindparam('b_d'),
                    running_vms=node.running_vms - 1))
    return held, drop, give


# Built once (every boot claims, every delete releases): Core statements with bound
# parameters (b_*: a parameter named as a column would become a SET of that column), so
# SQLAlchemy compiles each of them once per process.
_TAKE, _RECORD = _claim_statements()
_HELD, _DROP, _GIVE = _release_statements()


def claim(node_id, instance_uuid, resources):
    """Take ``resources`` on node ``node_id`` for the instance; False if they don't fit."""
    params = {'b_node': node_id, 'b_uuid': instance_uuid, 'b_v': resources['vcpus'],
              'b_m': resources['memory_mb'], 'b_d': resources['disk_gb']}
    with db.get_engine().begin() as conn:
        if conn.execute(_TAKE, params).rowcount != 1:
            return False
        conn.execute(_RECORD, dict(params, b_now=models.utcnow()))
        return True


def release(instance_uuid):
    """Give back everything the instance holds; releasing twice is harmless."""
    with db.get_engine().begin() as conn:
        rows = conn.execute(_HELD, {'b_uuid': instance_uuid}).all()
        for row in rows:
            params = {'b_uuid': instance_uuid, 'b_node': row.compute_node_id}
            if conn.execute(_DROP, params).rowcount:
                conn.execute(_GIVE, dict(params, b_v=row.vcpus, b_m=row.memory_mb,
                                         b_d=row.disk_gb))
        return len(rows)


def allocations_of(instance_uuid):
    alloc = models.Allocation.__table__.c
    with db.transaction() as session:
        return [dict(r._mapping) for r in session.execute(
            sa.select(models.Allocation.__table__).where(alloc.instance_uuid == instance_uuid))]
