"""Block-storage quotas, as Cinder shows and enforces them (os-quota-sets, limits).

Resources: volumes, per_volume_gigabytes, snapshots, gigabytes, backups, backup_gigabytes,
groups, and for every volume type ``volumes_<type>``, ``gigabytes_<type>``,
``snapshots_<type>`` (unlimited unless set). Limits: Cinder's defaults, overridden by the
``default`` quota class, overridden by the project's own; -1 is unlimited.

Usage is never stored: volumes and their gigabytes are counted from the project's volumes,
snapshots (and their gigabytes, which count against ``gigabytes`` too) from its snapshots
that consume quota. A create checks and inserts in one transaction that holds the
project's quota lock (``novalite.db.api.quota_lock_project``, the lock compute creates
take), so concurrent creates cannot pass a limit together; deleting the row is what
releases the quota. No backups or groups are served: they count 0.
"""
import contextlib

import sqlalchemy as sa

from novalite.exception_volume import (
    SnapshotLimitExceeded, VolumeLimitExceeded, VolumeSizeExceedsAvailableQuota,
    VolumeSizeExceedsLimit)
from novalite.db import quotas as quota_db
from novalite.db import models as M
from novalite.db import session as db
from novalite.db import volume_snapshots
from novalite.db import volume_types

# Cinder's defaults ([DEFAULT] quota_* and per_volume_size_limit), in Cinder's order
DEFAULTS = {
    'volumes': 10, 'per_volume_gigabytes': -1, 'snapshots': 10, 'gigabytes': 1000,
    'backups': 10, 'backup_gigabytes': 1000, 'groups': 10,
}
RESOURCES = tuple(DEFAULTS)
TYPE_PARTS = ('volumes', 'gigabytes', 'snapshots')
NON_QUOTA_KEYS = ('tenant_id', 'id')
DEFAULT_CLASS = 'default'
MAX_LIMIT = 0x7FFFFFFF


def _unlimited(value):
    return value is None or value < 0


def type_resources(type_names=None):
    """The per-type resource names of every volume type (or of the given type names)."""
    if type_names is None:
        type_names = [t['name'] for t in volume_types.list_types(sort_keys=('name',),
                                                                 sort_dirs=('asc',))]
    return ['%s_%s' % (part, name) for name in type_names for part in TYPE_PARTS]


def resources():
    """Every quota resource name: the global ones, then each type's."""
    return list(RESOURCES) + type_resources()


# ----------------------------------------------------------------------------- limits

def _class_limits(session, class_name):
    qc = M.VolumeQuotaClass
    return dict(session.execute(sa.select(qc.resource, qc.hard_limit)
                                .where(qc.class_name == class_name)).all())


def _project_limits(session, project_id):
    q = M.VolumeQuota
    return dict(session.execute(sa.select(q.resource, q.hard_limit)
                                .where(q.project_id == project_id)).all())


def get_defaults(names=None):
    """{resource: limit} of the defaults (with the ``default`` class over them)."""
    names = names or resources()
    with db.transaction() as session:
        overrides = _class_limits(session, DEFAULT_CLASS)
    return {r: overrides.get(r, DEFAULTS.get(r, -1)) for r in names}


def get_class_quotas(class_name):
    names = resources()
    values = get_defaults(names)
    with db.transaction() as session:
        values.update({k: v for k, v in _class_limits(session, class_name).items()
                       if k in values})
    return values


def get_project_quotas(project_id, names=None):
    names = names or resources()
    values = get_defaults(names)
    with db.transaction() as session:
        values.update({k: v for k, v in _project_limits(session, project_id).items()
                       if k in values})
    return values


def own_limits(project_id):
    """Only the limits the project has set itself."""
    with db.transaction() as session:
        return _project_limits(session, project_id)


def _volume_usage(session, project_id):
    """{'volumes', 'gigabytes', 'by_type': {type_id: (n, gigabytes)}} of the project's
    volumes (the volume service's rows)."""
    v = M.Volume
    query = sa.select(v.volume_type_id, sa.func.count(v.id), sa.func.sum(v.size)).where(
        v.project_id == project_id)
    for flag in ('deleted',):
        if hasattr(v, flag):
            query = query.where(getattr(v, flag).is_(False))
    if hasattr(v, 'use_quota'):
        query = query.where(v.use_quota.is_(True))
    rows = session.execute(query.group_by(v.volume_type_id)).all()
    by_type = {tid: (int(n or 0), int(gb or 0)) for tid, n, gb in rows}
    return {'volumes': sum(n for n, _ in by_type.values()),
            'gigabytes': sum(gb for _, gb in by_type.values()), 'by_type': by_type}


def usage_in_session(session, project_id):
    """{resource: in_use} for every resource, read in the caller's transaction."""
    vols = _volume_usage(session, project_id)
    snaps = volume_snapshots.usage_in_session(session, project_id)
    usage = dict.fromkeys(RESOURCES, 0)
    usage.update(volumes=vols['volumes'], snapshots=snaps['snapshots'],
                 gigabytes=vols['gigabytes'] + snaps['gigabytes'])
    names = {t.id: t.name for t in session.execute(sa.select(M.VolumeType.id,
                                                             M.VolumeType.name))}
    for type_id, name in names.items():
        n_vol, gb_vol = vols['by_type'].get(type_id, (0, 0))
        n_snap, gb_snap = snaps['by_type'].get(type_id, (0, 0))
        usage['volumes_%s' % name] = n_vol
        usage['snapshots_%s' % name] = n_snap
        usage['gigabytes_%s' % name] = gb_vol + gb_snap
    return usage


def get_usages(project_id):
    with db.transaction() as session:
        return usage_in_session(session, project_id)


def get_detail(project_id):
    """{resource: {'limit', 'in_use', 'reserved'}} (os-quota-sets ?usage=True)."""
    limits = get_project_quotas(project_id)
    usages = get_usages(project_id)
    return {r: {'limit': limit, 'in_use': usages.get(r, 0), 'reserved': 0}
            for r, limit in limits.items()}


def _set(model, owner_column, owner, values):
    for attempt in (1, 2):
        try:
            with db.transaction() as session:
                rows = {r.resource: r for r in session.scalars(
                    sa.select(model).where(getattr(model, owner_column) == owner))}
                for resource, limit in values.items():
                    if resource in rows:
                        rows[resource].hard_limit = limit
                        rows[resource].updated_at = M.utcnow()
                    else:
                        session.add(model(**{owner_column: owner, 'resource': resource,
                                             'hard_limit': limit}))
            return
        except sa.exc.IntegrityError:  # a concurrent first set of the same resource
            if attempt == 2:
                raise


def update_quotas(project_id, values):
    _set(M.VolumeQuota, 'project_id', project_id, values)


def update_class(class_name, values):
    _set(M.VolumeQuotaClass, 'class_name', class_name, values)


def delete_quotas(project_id):
    with db.transaction() as session:
        session.execute(sa.delete(M.VolumeQuota).where(M.VolumeQuota.project_id == project_id))


# ----------------------------------------------------------------------------- checks

def _type_deltas(deltas, type_name):
    out = dict(deltas)
    if type_name:
        for part in TYPE_PARTS:
            if part in deltas:
                out['%s_%s' % (part, type_name)] = deltas[part]
    return out


def check_in_session(session, project_id, deltas, limits, resource='volumes', size=None):
    """Take the project's quota lock (the first statement of ``session``'s transaction),
    count, and raise Cinder's 413 when ``deltas`` ({resource: more}) do not fit ``limits``
    (from ``get_project_quotas``, read before the transaction)."""
    quota_db.quota_lock_project(session, project_id)
    usage = usage_in_session(session, project_id)
    for name, delta in deltas.items():
        limit = limits.get(name, -1)
        if delta <= 0 or _unlimited(limit) or usage.get(name, 0) + delta <= limit:
            continue
        if 'gigabytes' in name:
            raise VolumeSizeExceedsAvailableQuota(name=name, requested=size or delta,
                                                  consumed=usage.get(name, 0), quota=limit)
        if resource == 'snapshots':
            raise SnapshotLimitExceeded(allowed=limit)
        raise VolumeLimitExceeded(allowed=limit, name=name)


def check_volume_size(project_id, size, limits=None):
    """413 when one volume of ``size`` GB is larger than per_volume_gigabytes."""
    limits = limits or get_project_quotas(project_id, list(RESOURCES))
    limit = limits['per_volume_gigabytes']
    if not _unlimited(limit) and size > limit:
        raise VolumeSizeExceedsLimit(size=size, limit=limit)


@contextlib.contextmanager
def volume_create_transaction(project_id, size, volume_type=None):
    """Yield the session a volume of ``size`` GB and ``volume_type`` (its dict) is created
    in, after the project's quota lock and the checks of volumes, gigabytes and the
    type's volumes_/gigabytes_ (413 when over). The insert commits with the lock released.
    """
    type_name = (volume_type or {}).get('name')
    deltas = _type_deltas({'volumes': 1, 'gigabytes': size}, type_name)
    limits = get_project_quotas(project_id, list(RESOURCES) + [k for k in deltas
                                                               if k not in RESOURCES])
    check_volume_size(project_id, size, limits)
    with db.transaction() as session:
        check_in_session(session, project_id, deltas, limits, 'volumes', size)
        yield session


@contextlib.contextmanager
def reserve(context, vtype, size):
    """What volume create holds while it writes the row: the session (of the transaction
    holding the project's quota lock) the row must be inserted in; see
    volume_create_transaction."""
    with volume_create_transaction(context.project_id, size, vtype) as session:
        yield session


@contextlib.contextmanager
def snapshot_create_transaction(project_id, size, volume_type_name=None):
    """As volume_create_transaction, for a snapshot of a volume of ``size`` GB: snapshots,
    gigabytes and the type's snapshots_/gigabytes_."""
    deltas = _type_deltas({'snapshots': 1, 'gigabytes': size}, volume_type_name)
    limits = get_project_quotas(project_id, list(RESOURCES) + [k for k in deltas
                                                               if k not in RESOURCES])
    with db.transaction() as session:
        check_in_session(session, project_id, deltas, limits, 'snapshots', size)
        yield session


@contextlib.contextmanager
def resize_transaction(project_id, more_gigabytes, volume_type_name=None):
    """As volume_create_transaction, for ``more_gigabytes`` on an existing volume (extend):
    gigabytes and the type's gigabytes_."""
    deltas = _type_deltas({'gigabytes': more_gigabytes}, volume_type_name)
    limits = get_project_quotas(project_id, list(RESOURCES) + [k for k in deltas
                                                               if k not in RESOURCES])
    with db.transaction() as session:
        check_in_session(session, project_id, deltas, limits, 'volumes', more_gigabytes)
        yield session
