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


def claim(node_id, instance_uuid, resources):
    """Take ``resources`` on node ``node_id`` for the instance; False if they don't fit."""
    node = models.ComputeNode.__table__.c
    v, m, d = resources['vcpus'], resources['memory_mb'], resources['disk_gb']
    with db.transaction() as session:
        stmt = (sa.update(models.ComputeNode.__table__)
                .where(node.id == node_id, node.deleted.is_(False),
                       node.vcpus_used + v <= node.vcpus * node.cpu_allocation_ratio,
                       node.memory_mb_used + m <= node.memory_mb * node.ram_allocation_ratio,
                       node.local_gb_used + d <= node.local_gb * node.disk_allocation_ratio)
                .values(vcpus_used=node.vcpus_used + v, memory_mb_used=node.memory_mb_used + m,
                        local_gb_used=node.local_gb_used + d,
                        running_vms=node.running_vms + 1))
        if session.execute(stmt).rowcount != 1:
            return False
        session.add(models.Allocation(instance_uuid=instance_uuid, compute_node_id=node_id,
                                      vcpus=v, memory_mb=m, disk_gb=d))
        return True


def release(instance_uuid):
    """Give back everything the instance holds; releasing twice is harmless."""
    node = models.ComputeNode.__table__.c
    alloc = models.Allocation.__table__.c
    with db.transaction() as session:
        rows = session.execute(sa.select(models.Allocation.__table__)
                               .where(alloc.instance_uuid == instance_uuid)).all()
        for row in rows:
            deleted = session.execute(
                sa.delete(models.Allocation.__table__)
                .where(alloc.instance_uuid == instance_uuid,
                       alloc.compute_node_id == row.compute_node_id)).rowcount
            if deleted:
                session.execute(
                    sa.update(models.ComputeNode.__table__)
                    .where(node.id == row.compute_node_id)
                    .values(vcpus_used=node.vcpus_used - row.vcpus,
                            memory_mb_used=node.memory_mb_used - row.memory_mb,
                            local_gb_used=node.local_gb_used - row.disk_gb,
                            running_vms=node.running_vms - 1))
        return len(rows)


def allocations_of(instance_uuid):
    alloc = models.Allocation.__table__.c
    with db.transaction() as session:
        return [dict(r._mapping) for r in session.execute(
            sa.select(models.Allocation.__table__).where(alloc.instance_uuid == instance_uuid))]
