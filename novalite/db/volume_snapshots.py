"""Volume snapshots and their metadata (Cinder's snapshots, snapshot_metadata).

A snapshot is a dict: ``id, volume_id, project_id, user_id, status, progress, volume_size,
display_name, display_description, volume_type_id, use_quota, created_at, updated_at,
metadata``. Status changes are conditional updates (``status_update``): only one of two
racing requests can move a snapshot out of the state they both saw.
"""
import sqlalchemy as sa

from novalite.exception_volume import SnapshotMetadataNotFound, SnapshotNotFound
from novalite.db import models as M
from novalite.db import session as db
from novalite.db import volume_paging

# Cinder's SnapshotStatus
CREATING, AVAILABLE, DELETING, ERROR, ERROR_DELETING = (
    'creating', 'available', 'deleting', 'error', 'error_deleting')
STATUSES = (CREATING, AVAILABLE, DELETING, ERROR, ERROR_DELETING, 'unmanaging', 'backing-up',
            'restoring')
# list filters (the API names name -> display_name) and sort keys
FILTERS = ('status', 'volume_id', 'display_name', 'metadata', 'use_quota', 'project_id')
SORT_KEYS = {'name': 'display_name', 'description': 'display_description',
             'size': 'volume_size'}


_FIELDS = ('id', 'volume_id', 'project_id', 'user_id', 'status', 'progress', 'volume_size',
           'display_name', 'display_description', 'volume_type_id', 'use_quota',
           'provider_location', 'created_at', 'updated_at')


def _metadata(session, ids):
    out = {i: {} for i in ids}
    if ids:
        sm = M.SnapshotMetadata
        for sid, key, value in session.execute(
                sa.select(sm.snapshot_id, sm.key, sm.value).where(sm.snapshot_id.in_(ids))
                .order_by(sm.id)):
            out[sid][key] = value
    return out


def _dicts(session, rows):
    metadata = _metadata(session, [r.id for r in rows])
    return [dict({f: getattr(r, f) for f in _FIELDS}, metadata=metadata[r.id]) for r in rows]


def _row(session, snapshot_id, project_id=None):
    q = sa.select(M.Snapshot).where(M.Snapshot.id == snapshot_id)
    if project_id is not None:
        q = q.where(M.Snapshot.project_id == project_id)
    row = session.scalars(q).first()
    if row is None:
        raise SnapshotNotFound(snapshot_id=snapshot_id)
    return row


# ----------------------------------------------------------------------------- snapshots

def create(session, values, metadata=None):
    """Insert a snapshot (status creating) in the caller's transaction, the one that holds
    the project's quota lock; returns its dict."""
    row = M.Snapshot(**dict({'status': CREATING, 'progress': '0%', 'use_quota': True},
                            **values))
    session.add(row)
    session.flush()
    for key, value in (metadata or {}).items():
        session.add(M.SnapshotMetadata(snapshot_id=row.id, key=key, value=value))
    session.flush()
    return _dicts(session, [row])[0]


def get(snapshot_id, project_id=None, session=None):
    """The snapshot; 404 when missing or (with ``project_id``) another project's."""
    if session is None:
        with db.transaction() as session:
            return get(snapshot_id, project_id, session)
    return _dicts(session, [_row(session, snapshot_id, project_id)])[0]


snapshot_get = get


def list_snapshots(project_id=None, filters=None, sort_keys=None, sort_dirs=None,
                   marker=None, limit=None, offset=None):
    """Snapshots of ``project_id`` (every project's when None) matching ``filters`` (exact
    matches of FILTERS; ``metadata``: {key: value} all present)."""
    s, sm = M.Snapshot, M.SnapshotMetadata
    with db.transaction() as session:
        query = sa.select(s)
        if project_id is not None:
            query = query.where(s.project_id == project_id)
        for key, value in (filters or {}).items():
            if key == 'metadata':
                for mkey, mvalue in value.items():
                    query = query.where(sa.select(sm.id).where(
                        sm.snapshot_id == s.id, sm.key == mkey,
                        sm.value == str(mvalue)).exists())
            elif key in FILTERS:
                query = query.where(getattr(s, key) == value)
        query = volume_paging.paginate(session, query, s, sort_keys, sort_dirs, marker, limit,
                                       offset, key_map=SORT_KEYS)
        return _dicts(session, list(session.scalars(query)))


def count(project_id=None, filters=None):
    """How many snapshots list_snapshots would give without paging (3.45 with_count)."""
    return len(list_snapshots(project_id, filters))


def update(snapshot_id, values, project_id=None):
    with db.transaction() as session:
        row = _row(session, snapshot_id, project_id)
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = M.utcnow()
        session.flush()
        return _dicts(session, [row])[0]


def status_update(snapshot_id, values, expected=None):
    """Set ``values`` when the status is one of ``expected`` (any, when None); False when
    it was not (or the snapshot is gone)."""
    s = M.Snapshot
    stmt = sa.update(s).where(s.id == snapshot_id)
    if expected is not None:
        stmt = stmt.where(s.status.in_(tuple(expected)))
    with db.transaction() as session:
        return bool(session.execute(stmt.values(updated_at=M.utcnow(), **values)).rowcount)


def destroy(snapshot_id):
    """Forget a snapshot (and its metadata); False when it was already gone."""
    with db.transaction() as session:
        session.execute(sa.delete(M.SnapshotMetadata)
                        .where(M.SnapshotMetadata.snapshot_id == snapshot_id))
        return bool(session.execute(sa.delete(M.Snapshot)
                                    .where(M.Snapshot.id == snapshot_id)).rowcount)


def for_volume(volume_id, session=None):
    """The snapshots of a volume, oldest first."""
    if session is None:
        with db.transaction() as session:
            return for_volume(volume_id, session)
    rows = session.scalars(sa.select(M.Snapshot).where(M.Snapshot.volume_id == volume_id)
                           .order_by(M.Snapshot.created_at, M.Snapshot.id)).all()
    return _dicts(session, list(rows))


snapshot_get_all_for_volume = for_volume


def count_for_volume(session, volume_id):
    """How many snapshots a volume has (a volume with snapshots cannot be deleted)."""
    return int(session.scalar(sa.select(sa.func.count(M.Snapshot.id))
                              .where(M.Snapshot.volume_id == volume_id)) or 0)


def usage_in_session(session, project_id):
    """{'snapshots': n, 'gigabytes': sum of sizes, 'by_type': {type_id: (n, gigabytes)}}
    of the project's snapshots that consume quota, read in the caller's transaction."""
    s = M.Snapshot
    rows = session.execute(
        sa.select(s.volume_type_id, sa.func.count(s.id), sa.func.sum(s.volume_size))
        .where(s.project_id == project_id, s.use_quota.is_(True))
        .group_by(s.volume_type_id)).all()
    by_type = {tid: (int(n or 0), int(gb or 0)) for tid, n, gb in rows}
    return {'snapshots': sum(n for n, _ in by_type.values()),
            'gigabytes': sum(gb for _, gb in by_type.values()), 'by_type': by_type}


# ----------------------------------------------------------------------------- metadata

def metadata_get(snapshot_id, project_id=None):
    return get(snapshot_id, project_id)['metadata']


def metadata_update(snapshot_id, metadata, delete=False, project_id=None,
                    max_items=None):
    """Merge ``metadata`` into the snapshot's (replace it all with ``delete``); returns the
    whole metadata."""
    sm = M.SnapshotMetadata
    with db.transaction() as session:
        row = _row(session, snapshot_id, project_id)
        current = {r.key: r for r in session.scalars(
            sa.select(sm).where(sm.snapshot_id == snapshot_id))}
        if delete:
            for key in set(current) - set(metadata):
                session.delete(current.pop(key))
        for key, value in metadata.items():
            if key in current:
                current[key].value = value
            else:
                session.add(sm(snapshot_id=snapshot_id, key=key, value=value))
        row.updated_at = M.utcnow()
        session.flush()
        return _metadata(session, [snapshot_id])[snapshot_id]


def metadata_delete(snapshot_id, key, project_id=None):
    sm = M.SnapshotMetadata
    with db.transaction() as session:
        _row(session, snapshot_id, project_id)
        result = session.execute(sa.delete(sm).where(sm.snapshot_id == snapshot_id,
                                                     sm.key == key))
        if not result.rowcount:
            raise SnapshotMetadataNotFound(snapshot_id=snapshot_id, metadata_key=key)
