"""Data access for server moves: migration records and the allocations a move shifts.

A resize, cold migration or evacuation moves the source host's allocation from the
instance to the migration's uuid (Nova's migration-based allocations) before the scheduler
claims the destination for the instance, so both hosts stay accounted for until the move is
confirmed (the migration's allocation goes) or reverted (the instance's destination
allocation goes and the migration's becomes the instance's again).
"""
import sqlalchemy as sa

from novalite import exception
from novalite.db import claims
from novalite.db import flavors as flavor_db
from novalite.db import models
from novalite.db import session as db

_MIG = models.Migration.__table__
_ALLOC = models.Allocation.__table__
_COLUMNS = [prop.columns[0].label(prop.key)
            for prop in sa.inspect(models.Migration).column_attrs]

# statuses of a move that still holds resources or expects more work
IN_PROGRESS = ('accepted', 'pre-migrating', 'migrating', 'post-migrating', 'finished',
               'confirming', 'reverting', 'queued', 'preparing', 'running')



def flavor_db_id(flavorid):
    """The flavor's integer id (Nova's instance_type_id) for a migration row, None when the
    flavor is gone."""
    try:
        return flavor_db.flavor_get(flavorid)['id']
    except exception.NotFound:
        return None

def migration_create(values):
    values = dict(values)
    values.setdefault('hidden', False)
    values.setdefault('created_at', models.utcnow())
    with db.get_engine().begin() as conn:
        new_id = conn.execute(sa.insert(_MIG).values(**values)).inserted_primary_key[0]
    return migration_get(new_id)


def migration_get(migration_id):
    with db.get_engine().connect() as conn:
        row = conn.execute(sa.select(*_COLUMNS).where(_MIG.c.id == migration_id)) \
            .mappings().first()
    if row is None:
        raise exception.MigrationNotFound(migration_id=migration_id)
    return dict(row)


def migration_update(migration_id, values, expected_status=None):
    """Update one migration; with ``expected_status`` (one or several) a compare-and-swap:
    None is returned when the migration is not in that status any more."""
    values = dict(values, updated_at=models.utcnow())
    stmt = sa.update(_MIG).where(_MIG.c.id == migration_id)
    if expected_status is not None:
        allowed = [expected_status] if isinstance(expected_status, str) \
            else list(expected_status)
        stmt = stmt.where(_MIG.c.status.in_(allowed))
    with db.get_engine().begin() as conn:
        if conn.execute(stmt.values(**values)).rowcount != 1:
            if expected_status is not None:
                return None
            raise exception.MigrationNotFound(migration_id=migration_id)
    return migration_get(migration_id)


def migration_get_by_instance_and_status(instance_uuid, status):
    with db.get_engine().connect() as conn:
        row = conn.execute(sa.select(*_COLUMNS)
                           .where(_MIG.c.instance_uuid == instance_uuid,
                                  _MIG.c.status == status)
                           .order_by(_MIG.c.created_at.desc(), _MIG.c.id.desc())) \
            .mappings().first()
    if row is None:
        raise exception.MigrationNotFoundByStatus(instance_id=instance_uuid, status=status)
    return dict(row)


def migration_list(filters=None, limit=None, marker=None, changes_since=None,
                   changes_before=None):
    """Migrations newest first (created_at, id desc), as Nova's get_migrations_sorted.

    ``filters``: host (source or destination), status, instance_uuid, migration_type,
    source_compute, user_id, project_id, hidden. ``marker`` is a migration uuid.
    """
    filters = dict(filters or {})
    q = sa.select(*_COLUMNS)
    host = filters.pop('host', None)
    if host is not None:
        q = q.where(sa.or_(_MIG.c.source_compute == host, _MIG.c.dest_compute == host))
    for key in ('status', 'instance_uuid', 'migration_type', 'source_compute', 'user_id',
                'project_id', 'hidden'):
        value = filters.get(key)
        if value is not None:
            q = q.where(_MIG.c[key] == value)
    if changes_since is not None:
        q = q.where(_MIG.c.updated_at >= changes_since)
    if changes_before is not None:
        q = q.where(_MIG.c.updated_at <= changes_before)
    q = q.order_by(_MIG.c.created_at.desc(), _MIG.c.id.desc())
    with db.get_engine().connect() as conn:
        rows = [dict(r) for r in conn.execute(q).mappings()]
    if marker is not None:
        # keyset pagination on the sort keys of the marker's row, as paginate_query
        with db.get_engine().connect() as conn:
            mark = conn.execute(sa.select(_MIG.c.created_at, _MIG.c.id)
                                .where(_MIG.c.uuid == marker)).first()
        if mark is None:
            raise exception.Invalid('Marker %s could not be found.' % marker)
        rows = [r for r in rows if (r['created_at'], r['id']) < (mark[0], mark[1])]
    if limit is not None:
        rows = rows[:limit]
    return rows


def migrations_unconfirmed(confirm_window, dest_compute):
    """Resizes/migrations finished on ``dest_compute`` more than ``confirm_window`` seconds
    ago (Nova's get_unconfirmed_by_dest_compute)."""
    import datetime
    before = models.utcnow() - datetime.timedelta(seconds=confirm_window)
    with db.get_engine().connect() as conn:
        return [dict(r) for r in conn.execute(
            sa.select(*_COLUMNS).where(_MIG.c.status == 'finished',
                                       _MIG.c.dest_compute == dest_compute,
                                       _MIG.c.updated_at <= before)).mappings()]


def migrations_evacuated_from(source_compute):
    """Evacuations off ``source_compute`` that are done but not cleaned up there yet."""
    with db.get_engine().connect() as conn:
        return [dict(r) for r in conn.execute(
            sa.select(*_COLUMNS).where(_MIG.c.migration_type == 'evacuation',
                                       _MIG.c.source_compute == source_compute,
                                       _MIG.c.status == 'done')
        ).mappings()]


# --------------------------------------------------------------------------- allocations

def allocations_move(from_consumer, to_consumer):
    """Hand every allocation of one consumer to another (instance <-> migration uuid);
    the compute nodes' usage does not change. Returns how many rows moved."""
    with db.transaction() as session:
        return session.execute(sa.update(_ALLOC)
                               .where(_ALLOC.c.instance_uuid == from_consumer)
                               .values(instance_uuid=to_consumer)).rowcount


def release_migration_allocations(instance_uuid):
    """Free whatever the instance's migrations still hold (the instance is gone)."""
    with db.get_engine().connect() as conn:
        uuids = [r[0] for r in conn.execute(
            sa.select(_MIG.c.uuid).where(_MIG.c.instance_uuid == instance_uuid))]
    for uuid in uuids:
        claims.release(uuid)
    return len(uuids)
