"""Volume types (Cinder's volume_types): extra specs, access of projects to private types,
project default types, and ``__DEFAULT__``, the type every volume made without one gets.

Types are dicts: ``id, name, description, is_public, extra_specs, created_at, updated_at``.
A non-admin (``project_id`` given) sees the public types and the private types its project
was given access to; an admin (``project_id`` None) sees them all.
"""
import uuid

import sqlalchemy as sa

from novalite.exception_volume import (
    InvalidVolumeType, VolumeTypeAccessExists, VolumeTypeAccessNotFound,
    VolumeTypeDefaultDeletionError, VolumeTypeDeletionError, VolumeTypeExists,
    VolumeTypeExtraSpecsNotFound, VolumeTypeInUse, VolumeTypeNotFound, VolumeTypeNotFoundByName,
    VolumeTypeProjectDefaultNotFound)
from novalite.db import models as M
from novalite.db import session as db

DEFAULT_TYPE = '__DEFAULT__'
DEFAULT_DESCRIPTION = 'Default Volume Type'


# ----------------------------------------------------------------------------- reading

def _specs(session, type_ids):
    out = {tid: {} for tid in type_ids}
    if type_ids:
        es = M.VolumeTypeExtraSpec
        for tid, key, value in session.execute(
                sa.select(es.volume_type_id, es.key, es.value)
                .where(es.volume_type_id.in_(type_ids)).order_by(es.id)):
            out[tid][key] = value
    return out


def _dicts(session, rows):
    specs = _specs(session, [r.id for r in rows])
    return [{'id': r.id, 'name': r.name, 'description': r.description,
             'is_public': bool(r.is_public), 'extra_specs': specs[r.id],
             'created_at': r.created_at, 'updated_at': r.updated_at} for r in rows]


def _visible(query, project_id):
    """Only the types ``project_id`` may see (None: all, an admin's view)."""
    if project_id is None:
        return query
    vt, vp = M.VolumeType, M.VolumeTypeProject
    access = sa.select(vp.id).where(vp.volume_type_id == vt.id, vp.project_id == project_id)
    return query.where(sa.or_(vt.is_public.is_(True), access.exists()))


def _get_row(session, type_id, project_id=None):
    row = session.scalars(_visible(sa.select(M.VolumeType).where(M.VolumeType.id == type_id),
                                   project_id)).first()
    if row is None:
        raise VolumeTypeNotFound(volume_type_id=type_id)
    return row


def get(type_id, project_id=None, session=None):
    """The type; 404 when it does not exist or ``project_id`` may not see it."""
    if session is None:
        with db.transaction() as session:
            return get(type_id, project_id, session)
    return _dicts(session, [_get_row(session, type_id, project_id)])[0]


def get_by_name(name, project_id=None, session=None):
    if session is None:
        with db.transaction() as session:
            return get_by_name(name, project_id, session)
    row = session.scalars(_visible(sa.select(M.VolumeType).where(M.VolumeType.name == name),
                                   project_id)).first()
    if row is None:
        raise VolumeTypeNotFoundByName(volume_type_name=name)
    return _dicts(session, [row])[0]


def get_by_name_or_id(identity, project_id=None, session=None):
    """By id, else by name (a name may look like a uuid), as Cinder's volume create."""
    if session is None:
        with db.transaction() as session:
            return get_by_name_or_id(identity, project_id, session)
    try:
        return get(identity, project_id, session)
    except VolumeTypeNotFound:
        try:
            return get_by_name(identity, project_id, session)
        except VolumeTypeNotFound:
            raise VolumeTypeNotFound(volume_type_id=identity)


def list_types(project_id=None, is_public=None, filters=None, sort_keys=('created_at',),
               sort_dirs=('desc',), marker=None, limit=None, offset=None):
    """Types filtered as Cinder's list: ``is_public`` True gives the public types and the
    private ones shared with ``project_id`` (what a non-admin always gets), False the
    private ones, None all; ``filters['extra_specs']`` ({key: value}) must all match.
    Sorted and paged like Cinder's lists."""
    from novalite.db import volume_paging
    vt, es = M.VolumeType, M.VolumeTypeExtraSpec
    ensure_default()
    with db.transaction() as session:
        query = sa.select(vt)
        if is_public:
            query = _visible(query, project_id) if project_id is not None \
                else query.where(vt.is_public.is_(True))
        elif is_public is not None:
            query = query.where(vt.is_public.is_(False))
        for key, value in ((filters or {}).get('extra_specs') or {}).items():
            query = query.where(sa.select(es.id).where(
                es.volume_type_id == vt.id, es.key == key, es.value == str(value)).exists())
        query = volume_paging.paginate(session, query, vt, sort_keys, sort_dirs, marker,
                                       limit, offset)
        return _dicts(session, list(session.scalars(query)))


# ----------------------------------------------------------------------------- writing

def create(name, description=None, is_public=True, extra_specs=None, projects=()):
    """A new type; 409 when the name is taken."""
    type_id = str(uuid.uuid4())
    try:
        with db.transaction() as session:
            if session.scalar(sa.select(M.VolumeType.id).where(M.VolumeType.name == name)):
                raise VolumeTypeExists(id=name)
            session.add(M.VolumeType(id=type_id, name=name, description=description,
                                     is_public=bool(is_public)))
            session.flush()
            for key, value in (extra_specs or {}).items():
                session.add(M.VolumeTypeExtraSpec(volume_type_id=type_id, key=key,
                                                  value=value))
            for project in set(projects):
                session.add(M.VolumeTypeProject(volume_type_id=type_id, project_id=project))
    except sa.exc.IntegrityError:  # a concurrent create took the name first
        raise VolumeTypeExists(id=name)
    return get(type_id)


def update(type_id, name=None, description=None, is_public=None):
    """Change what is given; 409 when the new name is another type's. Per-type quota
    limits follow a renamed type (Cinder renames the quota resources too)."""
    try:
        with db.transaction() as session:
            row = _get_row(session, type_id)
            old_name = row.name
            if name is not None and name != old_name:
                if session.scalar(sa.select(M.VolumeType.id).where(M.VolumeType.name == name)):
                    raise VolumeTypeExists(id=name)
                row.name = name
                _rename_quota_resources(session, old_name, name)
            if description is not None:
                row.description = description
            if is_public is not None:
                row.is_public = bool(is_public)
            row.updated_at = M.utcnow()
    except sa.exc.IntegrityError:
        raise VolumeTypeExists(id=name)
    return get(type_id)


def _rename_quota_resources(session, old_name, new_name):
    for model in (M.VolumeQuota, M.VolumeQuotaClass):
        for part in ('volumes', 'gigabytes', 'snapshots'):
            session.execute(sa.update(model).where(model.resource == '%s_%s' % (part, old_name))
                            .values(resource='%s_%s' % (part, new_name)))


def destroy(type_id, in_use=None):
    """Delete a type: 400 when it is the default type, a project's default, or used by
    a volume (``in_use(session, type_id)`` says so) or a snapshot."""
    with db.transaction() as session:
        row = _get_row(session, type_id)
        if row.name == DEFAULT_TYPE or session.scalar(
                sa.select(M.DefaultVolumeType.project_id)
                .where(M.DefaultVolumeType.volume_type_id == type_id).limit(1)):
            raise VolumeTypeDefaultDeletionError(volume_type_id=type_id)
        if session.scalar(sa.select(sa.func.count()).select_from(M.VolumeType)) <= 1:
            raise VolumeTypeDeletionError(volume_type_id=type_id)
        used = session.scalar(sa.select(M.Snapshot.id).where(
            M.Snapshot.volume_type_id == type_id).limit(1))
        if used or (in_use is not None and in_use(session, type_id)):
            raise VolumeTypeInUse(volume_type_id=type_id)
        session.execute(sa.delete(M.VolumeTypeExtraSpec)
                        .where(M.VolumeTypeExtraSpec.volume_type_id == type_id))
        session.execute(sa.delete(M.VolumeTypeProject)
                        .where(M.VolumeTypeProject.volume_type_id == type_id))
        session.delete(row)


def ensure_default():
    """Make ``__DEFAULT__`` when it is missing (a database made from the models, not the
    migrations); returns it."""
    with db.transaction() as session:
        row = session.scalars(sa.select(M.VolumeType)
                              .where(M.VolumeType.name == DEFAULT_TYPE)).first()
        if row is not None:
            return _dicts(session, [row])[0]
    try:
        with db.transaction() as session:
            session.add(M.VolumeType(id=str(uuid.uuid4()), name=DEFAULT_TYPE,
                                     description=DEFAULT_DESCRIPTION, is_public=True))
    except sa.exc.IntegrityError:
        pass  # made concurrently
    return get_by_name(DEFAULT_TYPE)


def default_type(project_id=None):
    """The type a volume gets when none is asked for: the project's default (3.62), else
    ``__DEFAULT__``."""
    if project_id:
        with db.transaction() as session:
            type_id = session.scalar(sa.select(M.DefaultVolumeType.volume_type_id).where(
                M.DefaultVolumeType.project_id == project_id))
            if type_id is not None:
                return get(type_id, session=session)
    return ensure_default()


# ----------------------------------------------------------------------------- extra specs

def extra_specs_get(type_id):
    return get(type_id)['extra_specs']


get_extra_specs = extra_specs_get


def extra_spec_get(type_id, key):
    specs = extra_specs_get(type_id)
    if key not in specs:
        raise VolumeTypeExtraSpecsNotFound(volume_type_id=type_id, extra_specs_key=key)
    return specs[key]


def extra_specs_update(type_id, specs):
    """Create or update the given specs (the others stay); returns all of the type's."""
    es = M.VolumeTypeExtraSpec
    for attempt in (1, 2):
        try:
            with db.transaction() as session:
                row = _get_row(session, type_id)
                rows = {r.key: r for r in session.scalars(
                    sa.select(es).where(es.volume_type_id == type_id))}
                for key, value in specs.items():
                    if key in rows:
                        rows[key].value = value
                    else:
                        session.add(es(volume_type_id=type_id, key=key, value=value))
                row.updated_at = M.utcnow()
            break
        except sa.exc.IntegrityError:  # a concurrent first set of the same key
            if attempt == 2:
                raise
    return extra_specs_get(type_id)


def extra_spec_delete(type_id, key):
    es = M.VolumeTypeExtraSpec
    with db.transaction() as session:
        _get_row(session, type_id)
        result = session.execute(sa.delete(es).where(es.volume_type_id == type_id,
                                                     es.key == key))
        if not result.rowcount:
            raise VolumeTypeExtraSpecsNotFound(volume_type_id=type_id, extra_specs_key=key)


# ----------------------------------------------------------------------------- access

def access_list(type_id):
    """[{'volume_type_id', 'project_id'}] of a private type (400 for a public one)."""
    vp = M.VolumeTypeProject
    with db.transaction() as session:
        row = _get_row(session, type_id)
        if row.is_public:
            raise VolumeTypeAccessNotFound('Access list not available for public volume '
                                           'types.')
        projects = session.scalars(sa.select(vp.project_id).where(
            vp.volume_type_id == type_id).order_by(vp.id)).all()
    return [{'volume_type_id': type_id, 'project_id': p} for p in projects]


def _private(session, type_id):
    row = _get_row(session, type_id)
    if row.is_public:
        raise InvalidVolumeType(reason='Type access modification is not applicable to '
                                       'public volume type.')
    return row


def access_add(type_id, project_id):
    vp = M.VolumeTypeProject
    try:
        with db.transaction() as session:
            _private(session, type_id)
            if session.scalar(sa.select(vp.id).where(vp.volume_type_id == type_id,
                                                     vp.project_id == project_id)):
                raise VolumeTypeAccessExists(volume_type_id=type_id, project_id=project_id)
            session.add(vp(volume_type_id=type_id, project_id=project_id))
    except sa.exc.IntegrityError:
        raise VolumeTypeAccessExists(volume_type_id=type_id, project_id=project_id)


def access_remove(type_id, project_id):
    vp = M.VolumeTypeProject
    with db.transaction() as session:
        _private(session, type_id)
        result = session.execute(sa.delete(vp).where(vp.volume_type_id == type_id,
                                                     vp.project_id == project_id))
        if not result.rowcount:
            raise VolumeTypeAccessNotFound(volume_type_id=type_id, project_id=project_id)


# ----------------------------------------------------------------------------- default types

def _default_dict(row):
    return {'project_id': row.project_id, 'volume_type_id': row.volume_type_id}


def project_default_set(project_id, type_name_or_id):
    """Set (or replace) a project's default type (by name or id; 404 when unknown)."""
    for attempt in (1, 2):
        try:
            with db.transaction() as session:
                vtype = get_by_name_or_id(type_name_or_id, session=session)
                row = session.get(M.DefaultVolumeType, project_id)
                if row is None:
                    row = M.DefaultVolumeType(project_id=project_id,
                                              volume_type_id=vtype['id'])
                    session.add(row)
                else:
                    row.volume_type_id = vtype['id']
                    row.updated_at = M.utcnow()
                session.flush()
                return _default_dict(row)
        except sa.exc.IntegrityError:  # a concurrent first set for the project
            if attempt == 2:
                raise


def project_default_get(project_id):
    with db.transaction() as session:
        row = session.get(M.DefaultVolumeType, project_id)
        if row is None:
            raise VolumeTypeProjectDefaultNotFound(project_id=project_id)
        return _default_dict(row)


def project_default_list():
    with db.transaction() as session:
        return [_default_dict(r) for r in session.scalars(
            sa.select(M.DefaultVolumeType).order_by(M.DefaultVolumeType.project_id))]


def project_default_unset(project_id):
    with db.transaction() as session:
        result = session.execute(sa.delete(M.DefaultVolumeType)
                                 .where(M.DefaultVolumeType.project_id == project_id))
        if not result.rowcount:
            raise VolumeTypeProjectDefaultNotFound(project_id=project_id)
