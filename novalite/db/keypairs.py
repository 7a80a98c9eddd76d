"""Key pair data access (per user, as Nova's key_pairs table)."""
import contextlib

import sqlalchemy as sa

from novalite import exception
from novalite.db import models
from novalite.db import rows as db_rows
from novalite.db import session as db


def keypair_get(user_id, name):
    with db.transaction() as session:
        row = session.scalars(sa.select(models.KeyPair)
                              .where(models.KeyPair.user_id == user_id,
                                     models.KeyPair.name == name)).first()
        if row is None:
            raise exception.KeypairNotFound(user_id=user_id, name=name)
        return db_rows.row_dict(row)


def keypair_create(values, session=None):
    """Create a key pair; 409 when the user already has one of that name. With
    ``session``, in the caller's transaction (the quota-locked create)."""
    conflict = exception.Conflict("Key pair '%s' already exists." % values['name'])
    try:
        with (contextlib.nullcontext(session) if session is not None
              else db.transaction()) as session:
            if session.scalars(sa.select(models.KeyPair.id).where(
                    models.KeyPair.user_id == values['user_id'],
                    models.KeyPair.name == values['name'])).first() is not None:
                raise conflict
            row = models.KeyPair(**values)
            session.add(row)
            session.flush()
            return db_rows.row_dict(row)
    except sa.exc.IntegrityError:
        raise conflict


def keypair_get_all(user_id, limit=None, marker=None):
    """The user's key pairs by name; ``marker`` is a name (400 when it is not there)."""
    with db.transaction() as session:
        q = (sa.select(models.KeyPair).where(models.KeyPair.user_id == user_id)
             .order_by(models.KeyPair.name.asc(), models.KeyPair.id.asc()))
        if marker is not None:
            if session.scalars(sa.select(models.KeyPair.id).where(
                    models.KeyPair.user_id == user_id,
                    models.KeyPair.name == marker)).first() is None:
                raise exception.Invalid('Marker %s could not be found.' % marker)
            q = q.where(models.KeyPair.name > marker)
        if limit is not None:
            q = q.limit(limit)
        return [db_rows.row_dict(r) for r in session.scalars(q)]


def keypair_destroy(user_id, name):
    with db.transaction() as session:
        deleted = session.execute(sa.delete(models.KeyPair).where(
            models.KeyPair.user_id == user_id, models.KeyPair.name == name)).rowcount
        if not deleted:
            raise exception.KeypairNotFound(user_id=user_id, name=name)


def keypair_count(user_id):
    with db.transaction() as session:
        return session.scalar(sa.select(sa.func.count(models.KeyPair.id))
                              .where(models.KeyPair.user_id == user_id))
