"""Data access for block storage: volumes, their metadata tables and attachments.

Rows are handed out as plain dicts (``metadata``, ``admin_metadata``, ``image_metadata`` and
``attachments`` included). Status changes that guard a transition are compare-and-swap
updates (``volume_update(..., expected_status=...)``), so two requests cannot both win.
"""
import uuid

import sqlalchemy as sa

from novalite.db import models
from novalite.db import session as db
from novalite.volume import errors

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

def volume_create(values, metadata=None, admin_metadata=None, image_metadata=None):
    values = dict(values)
    values.setdefault('id', str(uuid.uuid4()))
    with db.transaction() as s:
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


def volume_update(volume_id, values, expected_status=None, metadata=None,
                  admin_metadata=None, image_metadata=None):
    """Update a volume; with ``expected_status`` (a status or a tuple of them) only when it is
    in one of them, else InvalidVolume. Returns the updated volume."""
    with db.transaction() as s:
        row = s.get(models.Volume, volume_id, with_for_update=expected_status is not None)
        if row is None:
            raise errors.VolumeNotFound(volume_id=volume_id)
        if expected_status is not None:
            allowed = (expected_status,) if isinstance(expected_status, str) \
                else tuple(expected_status)
            if row.status not in allowed:
                raise errors.InvalidVolume(
                    reason='Volume status must be %s.' % ' or '.join(allowed))
        for key, value in values.items():
            setattr(row, key, value)
        for name, items in (('metadata', metadata), ('admin_metadata', admin_metadata),
                            ('image_metadata', image_metadata)):
            if items is not None:
                _set_kv(s, KV_TABLES[name], row.id, items)
        s.flush()
        return _to_dicts(s, [row])[0]


def volume_destroy(volume_id):
    with db.transaction() as s:
        row = s.get(models.Volume, volume_id)
        if row is not None:
            for model in list(KV_TABLES.values()) + [models.VolumeAttachment]:
                s.execute(sa.delete(model).where(model.volume_id == volume_id))
            s.delete(row)
