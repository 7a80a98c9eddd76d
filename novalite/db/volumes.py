"""Data access for block storage: volumes, their metadata tables and attachments.

Rows are handed out as plain dicts (``metadata``, ``admin_metadata``, ``image_metadata`` and
``attachments`` included). Status changes that guard a transition are compare-and-swap
updates (``volume_update(..., expected_status=...)``), so two requests cannot both win.
"""
import contextlib
import uuid

import sqlalchemy as sa

from novalite.db import models
from novalite.db import session as db
from novalite import exception_volume as errors

COLUMNS = ('id', 'project_id', 'user_id', 'host', 'availability_zone', 'status',
           'previous_status', 'attach_status', 'migration_status', 'display_name',
           'display_description', 'size', 'volume_type_id', 'snapshot_id', 'source_volid',
           'bootable', 'multiattach', 'encryption_key_id', 'provider_location',
           'replication_status', 'use_quota', 'launched_at', 'created_at', 'updated_at')
ATTACHMENT_COLUMNS = ('id', 'volume_id', 'instance_uuid', 'attached_host', 'mountpoint',
                      'attach_time', 'detach_time', 'attach_status', 'attach_mode',
                      'connector', 'connection_info', 'created_at', 'updated_at')
KV_TABLES = {'metadata': models.VolumeMetadata, 'admin_metadata': models.VolumeAdminMetadata,
             'image_metadata': models.VolumeGlanceMetadata}


def _kv(s, model, volume_ids):
    out = {vid: {} for vid in volume_ids}
    if volume_ids:
        for row in s.scalars(sa.select(model).where(model.volume_id.in_(volume_ids))):
            out[row.volume_id][row.key] = row.value
    return out


def attachment_dict(row):
    return {name: getattr(row, name) for name in ATTACHMENT_COLUMNS}


def _to_dicts(s, rows):
    ids = [row.id for row in rows]
    kvs = {name: _kv(s, model, ids) for name, model in KV_TABLES.items()}
    attachments = {vid: [] for vid in ids}
    if ids:
        for att in s.scalars(sa.select(models.VolumeAttachment)
                             .where(models.VolumeAttachment.volume_id.in_(ids))
                             .order_by(models.VolumeAttachment.created_at)):
            attachments[att.volume_id].append(attachment_dict(att))
    out = []
    for row in rows:
        volume = {name: getattr(row, name) for name in COLUMNS}
        for name in KV_TABLES:
            volume[name] = kvs[name][row.id]
        volume['attachments'] = attachments[row.id]
        out.append(volume)
    return out


def _set_kv(s, model, volume_id, items, delete_others=False):
    if delete_others:
        s.execute(sa.delete(model).where(model.volume_id == volume_id))
        s.flush()
    for key, value in items.items():
        row = s.get(model, (volume_id, key))
        if row is None:
            s.add(model(volume_id=volume_id, key=key, value=value))
        else:
            row.value = value


# --------------------------------------------------------------------------- volumes

def _session(session):
    """The caller's session (e.g. one holding the project's quota lock) or a new
    transaction."""
    if session is not None:
        return contextlib.nullcontext(session)
    return db.transaction()


def volume_create(values, metadata=None, admin_metadata=None, image_metadata=None,
                  session=None):
    values = dict(values)
    values.setdefault('id', str(uuid.uuid4()))
    with _session(session) as s:
        row = models.Volume(**values)
        s.add(row)
        s.flush()
        for name, items in (('metadata', metadata), ('admin_metadata', admin_metadata),
                            ('image_metadata', image_metadata)):
            if items:
                _set_kv(s, KV_TABLES[name], row.id, items)
        s.flush()
        return _to_dicts(s, [row])[0]


def volume_get(volume_id, project_id=None):
    """The volume (of ``project_id`` when given) or VolumeNotFound."""
    with db.transaction() as s:
        row = s.get(models.Volume, volume_id)
        if row is None or (project_id is not None and row.project_id != project_id):
            raise errors.VolumeNotFound(volume_id=volume_id)
        return _to_dicts(s, [row])[0]


def _swap(s, volume_id, statuses, values):
    """The compare-and-swap every guarded transition starts with: one conditional UPDATE
    (the first statement of the transaction, so it takes the row's write lock on every
    backend); raises VolumeNotFound, or InvalidVolume with ``message`` % the current
    status when the volume is not in one of ``statuses``."""
    values = dict(values, updated_at=models.utcnow())
    done = s.execute(sa.update(models.Volume)
                     .where(models.Volume.id == volume_id,
                            models.Volume.status.in_(statuses))
                     .values(**values)).rowcount
    if done == 1:
        return None
    current = s.scalar(sa.select(models.Volume.status).where(models.Volume.id == volume_id))
    if current is None:
        raise errors.VolumeNotFound(volume_id=volume_id)
    return current


def _statuses(expected):
    return (expected,) if isinstance(expected, str) else tuple(expected)


def volume_update(volume_id, values, expected_status=None, metadata=None,
                  admin_metadata=None, image_metadata=None, session=None):
    """Update a volume; with ``expected_status`` (a status or a tuple of them) only when it is
    in one of them (compare-and-swap), else InvalidVolume. Returns the updated volume."""
    with _session(session) as s:
        if expected_status is not None:
            allowed = _statuses(expected_status)
            current = _swap(s, volume_id, allowed, values)
            if current is not None:
                raise errors.InvalidVolume(
                    reason='Volume status must be %s.' % ' or '.join(allowed))
            row = s.get(models.Volume, volume_id)
        else:
            row = s.get(models.Volume, volume_id)
            if row is None:
                raise errors.VolumeNotFound(volume_id=volume_id)
            for key, value in values.items():
                setattr(row, key, value)
        for name, items in (('metadata', metadata), ('admin_metadata', admin_metadata),
                            ('image_metadata', image_metadata)):
            if items is not None:
                _set_kv(s, KV_TABLES[name], row.id, items)
        s.flush()
        s.refresh(row)
        return _to_dicts(s, [row])[0]


def volume_destroy(volume_id):
    with db.transaction() as s:
        row = s.get(models.Volume, volume_id)
        if row is not None:
            for model in list(KV_TABLES.values()) + [models.VolumeAttachment]:
                s.execute(sa.delete(model).where(model.volume_id == volume_id))
            s.delete(row)


# Filters every user may give (Cinder's resource_filters.json for volumes); admins may give
# any column. ``name`` is display_name; ``metadata`` a dict; the rest compare as equal.
SORT_KEYS = ('id', 'created_at', 'updated_at', 'display_name', 'size', 'status',
             'availability_zone', 'bootable', 'project_id', 'user_id', 'volume_type_id',
             'display_description', 'attach_status')


def volume_get_all(project_id=None, filters=None, sort=(('created_at', 'desc'),),
                   limit=None, marker=None, offset=None, like=()):
    """Volumes (of ``project_id`` when given) matching ``filters`` (column -> value, or for
    ``metadata``/``image_metadata`` a dict; a column in ``like`` matches a substring; a
    column whose value is a dict {op: datetime} compares), sorted by ``sort`` ((key, dir)
    pairs; id breaks ties), paged by marker (an id; 404 if unknown) / offset / limit."""
    filters = dict(filters or {})
    with db.transaction() as s:
        q = sa.select(models.Volume)
        if project_id is not None:
            q = q.where(models.Volume.project_id == project_id)
        for name in ('metadata', 'image_metadata'):
            items = filters.pop(name, None) or {}
            model = KV_TABLES[name]
            for key, value in items.items():
                q = q.where(sa.exists().where(model.volume_id == models.Volume.id,
                                              model.key == key, model.value == str(value)))
        for key, value in filters.items():
            column = getattr(models.Volume, key)
            if isinstance(value, dict):
                ops = {'gt': column.__gt__, 'gte': column.__ge__, 'lt': column.__lt__,
                       'lte': column.__le__, 'eq': column.__eq__, 'neq': column.__ne__}
                for op, when in value.items():
                    q = q.where(ops[op](when))
            elif key in like:
                q = q.where(column.contains(str(value), autoescape=True))
            elif isinstance(value, (list, tuple)):
                q = q.where(column.in_(value))
            else:
                q = q.where(column == value)
        order = list(sort)
        if not any(key == 'id' for key, _ in order):
            order.append(('id', order[-1][1] if order else 'desc'))
        if marker is not None:
            row = s.get(models.Volume, marker)
            if row is None:
                raise errors.MarkerNotFound(marker=marker)
            q = q.where(_after(row, order))
        q = q.order_by(*[getattr(getattr(models.Volume, key), d)() for key, d in order])
        if offset:
            q = q.offset(offset)
        if limit is not None:
            q = q.limit(limit)
        return _to_dicts(s, s.scalars(q).all())


def _after(row, order):
    """The keyset condition "comes after ``row``" for a multi-key order."""
    clauses = []
    for index, (key, direction) in enumerate(order):
        column = getattr(models.Volume, key)
        value = getattr(row, key)
        equal = [getattr(models.Volume, k) == getattr(row, k) for k, _ in order[:index]]
        past = column > value if direction == 'asc' else column < value
        if value is None:
            past = column.isnot(None) if direction == 'asc' else sa.false()
        clauses.append(sa.and_(*equal, past))
    return sa.or_(*clauses)


def volume_count(project_id=None, filters=None, like=()):
    return len(volume_get_all(project_id, filters, like=like))


def volume_summary(project_id=None):
    """(count, total size, {metadata key: [values]}) of the project's volumes."""
    volumes = volume_get_all(project_id)
    metadata = {}
    for volume in volumes:
        for key, value in volume['metadata'].items():
            if value not in metadata.setdefault(key, []):
                metadata[key].append(value)
    return len(volumes), sum(v['size'] for v in volumes), metadata


def volume_delete_metadata(volume_id, key, table='metadata'):
    """Remove one key; VolumeMetadataNotFound when it is not there."""
    model = KV_TABLES[table]
    with db.transaction() as s:
        row = s.get(model, (volume_id, key))
        if row is None:
            raise errors.VolumeMetadataNotFound(volume_id=volume_id, metadata_key=key)
        s.delete(row)


def volume_set_metadata(volume_id, items, replace=False, table='metadata'):
    with db.transaction() as s:
        _set_kv(s, KV_TABLES[table], volume_id, items, delete_others=replace)
        s.flush()
        return _kv(s, KV_TABLES[table], [volume_id])[volume_id]


# --------------------------------------------------------------------------- attachments

def attachment_create(values):
    values = dict(values)
    values.setdefault('id', str(uuid.uuid4()))
    with db.transaction() as s:
        row = models.VolumeAttachment(**values)
        s.add(row)
        s.flush()
        return attachment_dict(row)


def attachment_get(attachment_id, project_id=None):
    """The attachment (of a volume of ``project_id`` when given) or VolumeAttachmentNotFound."""
    with db.transaction() as s:
        row = s.get(models.VolumeAttachment, attachment_id)
        if row is not None and project_id is not None:
            volume = s.get(models.Volume, row.volume_id)
            if volume is None or volume.project_id != project_id:
                row = None
        if row is None:
            raise errors.VolumeAttachmentNotFound(filter='attachment_id = %s' % attachment_id)
        return attachment_dict(row)


def attachment_get_all(project_id=None, filters=None, limit=None, marker=None, offset=None,
                       sort=(('created_at', 'desc'),)):
    filters = dict(filters or {})
    with db.transaction() as s:
        q = sa.select(models.VolumeAttachment)
        if project_id is not None:
            q = q.join(models.Volume, models.Volume.id == models.VolumeAttachment.volume_id) \
                .where(models.Volume.project_id == project_id)
        for key, value in filters.items():
            q = q.where(getattr(models.VolumeAttachment, key) == value)
        order = list(sort) + [('id', 'desc')]
        if marker is not None:
            row = s.get(models.VolumeAttachment, marker)
            if row is None:
                raise errors.MarkerNotFound(marker=marker)
            q = q.where(models.VolumeAttachment.created_at <= row.created_at,
                        models.VolumeAttachment.id != row.id)
        q = q.order_by(*[getattr(getattr(models.VolumeAttachment, key), d)()
                         for key, d in order])
        if offset:
            q = q.offset(offset)
        if limit is not None:
            q = q.limit(limit)
        return [attachment_dict(row) for row in s.scalars(q)]


def attachment_update(attachment_id, values, volume_values=None, expected_volume_status=None,
                      admin_metadata=None):
    """Update an attachment and (``volume_values``) its volume in one transaction; with
    ``expected_volume_status`` only when the volume is in one of those states."""
    with db.transaction() as s:
        # the first statement writes (the attachment's own row): the transaction holds the
        # write lock before it reads anything, on every backend
        touched = s.execute(sa.update(models.VolumeAttachment)
                            .where(models.VolumeAttachment.id == attachment_id)
                            .values(updated_at=models.utcnow())).rowcount
        row = s.get(models.VolumeAttachment, attachment_id) if touched else None
        if row is None:
            raise errors.VolumeAttachmentNotFound(filter='attachment_id = %s' % attachment_id)
        volume = s.get(models.Volume, row.volume_id, with_for_update=True)
        if expected_volume_status is not None and volume.status not in expected_volume_status:
            raise errors.InvalidVolume(reason='Volume status must be %s.'
                                       % ' or '.join(expected_volume_status))
        for key, value in values.items():
            setattr(row, key, value)
        for key, value in (volume_values or {}).items():
            setattr(volume, key, value)
        if admin_metadata:
            _set_kv(s, models.VolumeAdminMetadata, volume.id, admin_metadata)
        s.flush()
        return attachment_dict(row)


def volume_reserve(volume_id, statuses, new_status, attachment=None, override=None):
    """Compare-and-swap the volume's status from one of ``statuses`` to ``new_status`` and,
    with ``attachment`` (values), create that attachment in the same transaction. A volume in
    another state raises InvalidVolume with ``override`` (a message format with %(vol_id)s,
    %(statuses)s, %(current)s) or Cinder's generic text. Returns (volume, attachment)."""
    with db.transaction() as s:
        current = _swap(s, volume_id, tuple(statuses), {'status': new_status})
        if current is not None:
            fmt = override or 'Volume status must be %(statuses)s, but the current status ' \
                              'is %(current)s.'
            raise errors.InvalidVolume(reason=fmt % {
                'vol_id': volume_id, 'statuses': ' or '.join(statuses), 'current': current})
        created = None
        if attachment is not None:
            att = models.VolumeAttachment(id=str(uuid.uuid4()), volume_id=volume_id,
                                          **attachment)
            s.add(att)
            s.flush()
            created = attachment_dict(att)
        row = s.get(models.Volume, volume_id)
        s.refresh(row)
        return _to_dicts(s, [row])[0], created


def volume_detached(volume_id, attachment_id):
    """Cinder's volume_detached: the attachment goes; the volume is available (detached)
    when it was the last one, else as the most attached of the others (in-use, attaching,
    detaching, reserved). Returns (volume, remaining attachments)."""
    with db.transaction() as s:
        # write first (the volume's row), so concurrent detaches of two attachments of one
        # volume run one after the other and the last one sees none left
        if not s.execute(sa.update(models.Volume).where(models.Volume.id == volume_id)
                         .values(updated_at=models.utcnow())).rowcount:
            raise errors.VolumeNotFound(volume_id=volume_id)
        row = s.get(models.Volume, volume_id, with_for_update=True)
        s.execute(sa.delete(models.VolumeAttachment).where(
            models.VolumeAttachment.id == attachment_id))
        s.flush()
        remaining = s.scalars(sa.select(models.VolumeAttachment).where(
            models.VolumeAttachment.volume_id == volume_id)).all()
        if not remaining:
            if row.status != 'uploading':
                row.status = 'available'
            row.attach_status = 'detached'
            s.execute(sa.delete(models.VolumeAdminMetadata).where(
                models.VolumeAdminMetadata.volume_id == volume_id,
                models.VolumeAdminMetadata.key == 'attached_mode'))
        else:
            # Cinder: the most attached of the remaining attachments decides (one left
            # reserved, e.g. by Nova's rebuild or shelve, leaves the volume reserved)
            kinds = {a.attach_status for a in remaining}
            status, attach_status = next(
                ((st, kind) for kind, st in (('attached', 'in-use'),
                                             ('attaching', 'attaching'),
                                             ('detaching', 'detaching'),
                                             ('reserved', 'reserved')) if kind in kinds),
                ('in-use', 'attached'))
            row.status, row.attach_status = status, attach_status
        s.flush()
        return _to_dicts(s, [row])[0], [attachment_dict(a) for a in remaining]
