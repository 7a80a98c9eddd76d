"""Flavor data access: flavors, their extra specs and their project access (Nova's
flavor tables)."""
import sqlalchemy as sa

from novalite import exception
from novalite.db import models
from novalite.db import rows as db_rows
from novalite.db import session as db


def flavor_get(flavorid, context=None):
    with db.transaction() as session:
        row = _flavor_row(session, flavorid, context)
        return db_rows.row_dict(row)


def _flavor_row(session, flavorid, context=None):
    """The flavor row by its API id; 404 when missing or (given a context) not visible."""
    row = session.scalars(sa.select(models.Flavor)
                          .where(models.Flavor.flavorid == str(flavorid))).first()
    if row is None or not _flavor_visible(session, row, context):
        raise exception.FlavorNotFound(flavor_id=flavorid)
    return row


def _flavor_visible(session, row, context):
    if row.is_public or context is None or context.is_admin:
        return True
    return session.get(models.FlavorProject, (row.id, context.project_id)) is not None


def flavor_list(context, is_public=True, min_ram=None, min_disk=None, sort_key='flavorid',
                sort_dir='asc'):
    with db.transaction() as session:
        q = sa.select(models.Flavor).where(models.Flavor.disabled.is_(False))
        if min_ram is not None:
            q = q.where(models.Flavor.memory_mb >= min_ram)
        if min_disk is not None:
            q = q.where(models.Flavor.root_gb >= min_disk)
        col = getattr(models.Flavor, sort_key)
        q = q.order_by(col.desc() if sort_dir == 'desc' else col.asc(), models.Flavor.id)
        rows = session.scalars(q).all()
        out = []
        for row in rows:
            if context.is_admin:
                if is_public is not None and bool(row.is_public) != bool(is_public):
                    continue
            elif not _flavor_visible(session, row, context):
                continue
            out.append(db_rows.row_dict(row))
        return out


def flavor_create(values):
    with db.transaction() as session:
        row = models.Flavor(**values)
        session.add(row)
        session.flush()
        return db_rows.row_dict(row)


def flavor_create_checked(values):
    """Create a flavor; 409 when its flavorid or its name is taken (Nova's order)."""
    with db.transaction() as session:
        if session.scalars(sa.select(models.Flavor.id).where(
                models.Flavor.flavorid == values['flavorid'])).first() is not None:
            raise exception.Conflict('Flavor with ID %s already exists.' % values['flavorid'])
        if session.scalars(sa.select(models.Flavor.id).where(
                models.Flavor.name == values['name'])).first() is not None:
            raise exception.Conflict('Flavor with name %s already exists.' % values['name'])
    try:
        return flavor_create(values)
    except sa.exc.IntegrityError:  # a concurrent create won the race
        raise exception.Conflict('Flavor with name %s already exists.' % values['name'])


def flavor_destroy(flavorid):
    with db.transaction() as session:
        row = _flavor_row(session, flavorid)
        session.execute(sa.delete(models.FlavorProject)
                        .where(models.FlavorProject.flavor_id == row.id))
        session.delete(row)


def flavor_update(flavorid, values):
    with db.transaction() as session:
        row = _flavor_row(session, flavorid)
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = models.utcnow()
        session.flush()
        return db_rows.row_dict(row)


def flavor_extra_specs_update(flavorid, specs, context=None):
    """Merge ``specs`` into the flavor's extra specs; returns them all."""
    with db.transaction() as session:
        row = _flavor_row(session, flavorid, context)
        merged = dict(row.extra_specs or {})
        merged.update(specs)
        row.extra_specs = merged
        row.updated_at = models.utcnow()
        return dict(merged)


def flavor_extra_spec_delete(flavorid, key, context=None):
    with db.transaction() as session:
        row = _flavor_row(session, flavorid, context)
        specs = dict(row.extra_specs or {})
        if key not in specs:
            raise exception.NotFound('Flavor %s has no extra specs with key %s.'
                                     % (flavorid, key))
        del specs[key]
        row.extra_specs = specs
        row.updated_at = models.utcnow()


def flavor_access_get(flavorid):
    """Project ids with access to the flavor, in the order access was given."""
    with db.transaction() as session:
        row = _flavor_row(session, flavorid)
        return list(session.scalars(sa.select(models.FlavorProject.project_id)
                                    .where(models.FlavorProject.flavor_id == row.id)
                                    .order_by(models.FlavorProject.project_id)))


def flavor_access_add(flavorid, project_id):
    with db.transaction() as session:
        row = _flavor_row(session, flavorid)
        if session.get(models.FlavorProject, (row.id, project_id)) is not None:
            raise exception.Conflict('Flavor access already exists for flavor %s and '
                                     'project %s combination.' % (flavorid, project_id))
        session.add(models.FlavorProject(flavor_id=row.id, project_id=project_id))


def flavor_access_remove(flavorid, project_id):
    with db.transaction() as session:
        row = _flavor_row(session, flavorid)
        access = session.get(models.FlavorProject, (row.id, project_id))
        if access is None:
            raise exception.NotFound('Flavor access not found for %s / %s combination.'
                                     % (flavorid, project_id))
        session.delete(access)
