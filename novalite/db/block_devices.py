"""Data access for block device mappings (Nova's BlockDeviceMapping objects).

A mapping is returned as a plain dict of its row. ``(instance_uuid, volume_id)`` is unique:
the same volume cannot be mapped twice to one server, even by two concurrent attaches.
"""
import uuid as uuidlib

import sqlalchemy as sa

from novalite.exception_volume import VolumeAlreadyMapped, VolumeBDMNotFound
from novalite.db import models
from novalite.db import session as db

_BDM = models.BlockDeviceMapping.__table__
_FIELDS = frozenset(c.name for c in _BDM.columns) - {'id', 'created_at', 'updated_at'}


def _rows(conn, where, order=(_BDM.c.id,)):
    stmt = sa.select(_BDM).where(where).order_by(*order)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def create(values, session=None):
    """Insert a mapping (a uuid is made when none is given); returns it."""
    values = {k: v for k, v in values.items() if k in _FIELDS}
    values.setdefault('uuid', str(uuidlib.uuid4()))
    values.setdefault('delete_on_termination', False)
    values['created_at'] = models.utcnow()
    if session is not None:
        return _insert(session.connection(), values)
    try:
        with db.transaction() as s:
            return _insert(s.connection(), values)
    except sa.exc.IntegrityError:
        raise VolumeAlreadyMapped(volume_id=values.get('volume_id'))


def _insert(conn, values):
    conn.execute(sa.insert(_BDM).values(**values))
    return _rows(conn, _BDM.c.uuid == values['uuid'])[0]


def get_by_instance(instance_uuid):
    """The server's mappings, root (boot_index 0) first, then in the order they were made."""
    with db.transaction() as s:
        rows = _rows(s.connection(), _BDM.c.instance_uuid == instance_uuid)
    return sorted(rows, key=lambda r: (r['boot_index'] != 0, r['id']))


def get_by_instances(instance_uuids):
    """{instance_uuid: [mappings]} for many servers in one query (server views)."""
    out = {u: [] for u in instance_uuids}
    if not instance_uuids:
        return out
    with db.transaction() as s:
        for row in _rows(s.connection(), _BDM.c.instance_uuid.in_(list(instance_uuids))):
            out[row['instance_uuid']].append(row)
    return out


def get_by_volume_and_instance(volume_id, instance_uuid):
    with db.transaction() as s:
        rows = _rows(s.connection(), sa.and_(_BDM.c.volume_id == volume_id,
                                             _BDM.c.instance_uuid == instance_uuid))
    if not rows:
        raise VolumeBDMNotFound(volume_id=volume_id)
    return rows[0]


def get_by_volume(volume_id):
    """Every mapping of a volume (one per server it is attached to)."""
    with db.transaction() as s:
        return _rows(s.connection(), _BDM.c.volume_id == volume_id)


def get(bdm_uuid):
    with db.transaction() as s:
        rows = _rows(s.connection(), _BDM.c.uuid == bdm_uuid)
    if not rows:
        raise VolumeBDMNotFound(volume_id=bdm_uuid)
    return rows[0]


def update(bdm_uuid, values):
    values = {k: v for k, v in values.items() if k in _FIELDS and k != 'uuid'}
    values['updated_at'] = models.utcnow()
    with db.transaction() as s:
        conn = s.connection()
        if not conn.execute(sa.update(_BDM).where(_BDM.c.uuid == bdm_uuid)
                            .values(**values)).rowcount:
            raise VolumeBDMNotFound(volume_id=bdm_uuid)
        return _rows(conn, _BDM.c.uuid == bdm_uuid)[0]


def destroy(bdm_uuid):
    """Remove one mapping; one already gone is not an error."""
    with db.transaction() as s:
        s.connection().execute(sa.delete(_BDM).where(_BDM.c.uuid == bdm_uuid))


def destroy_by_instance(instance_uuid):
    with db.transaction() as s:
        s.connection().execute(sa.delete(_BDM).where(_BDM.c.instance_uuid == instance_uuid))
