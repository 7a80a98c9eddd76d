"""Data access for OS-TRUST trusts. Deleted trusts keep their row with ``deleted_at`` set (as
Keystone's soft delete); a deleted, expired or used-up trust is not found."""
import sqlalchemy as sa

from novalite.db import models
from novalite.db import session as db
from novalite.db import token_cache


def usable(row, now=None):
    """A trust that may still be used (not deleted, not expired, uses left)."""
    now = now or models.utcnow()
    return (row is not None and row.deleted_at is None
            and (row.expires_at is None or row.expires_at > now)
            and (row.remaining_uses is None or row.remaining_uses > 0))


def create_trust(values):
    with db.transaction() as s:
        row = models.Trust(**values)
        s.add(row)
        s.flush()
        return row


def get_trust(trust_id):
    """The trust, or None when it does not exist or may not be used any more."""
    if not trust_id:
        return None
    with db.transaction() as s:
        row = s.get(models.Trust, trust_id)
    return row if usable(row) else None


def list_trusts(trustor_user_id=None, trustee_user_id=None):
    query = sa.select(models.Trust).where(models.Trust.deleted_at.is_(None))
    if trustor_user_id is not None:
        query = query.where(models.Trust.trustor_user_id == trustor_user_id)
    if trustee_user_id is not None:
        query = query.where(models.Trust.trustee_user_id == trustee_user_id)
    with db.transaction() as s:
        rows = s.scalars(query.order_by(models.Trust.created_at, models.Trust.id)).all()
    now = models.utcnow()
    return [r for r in rows if usable(r, now)]


def consume(trust_id):
    """Use the trust once (remaining_uses counts down); False when it cannot be used."""
    with db.transaction() as s:
        row = s.get(models.Trust, trust_id)
        if not usable(row):
            return False
        if row.remaining_uses is not None:
            updated = s.execute(
                sa.update(models.Trust)
                .where(models.Trust.id == trust_id,
                       models.Trust.remaining_uses == row.remaining_uses)
                .values(remaining_uses=row.remaining_uses - 1))
            return updated.rowcount == 1
        return True


def delete_trust(trust_id):
    """Soft-delete the trust and revoke the tokens issued through it."""
    with db.transaction() as s:
        row = s.get(models.Trust, trust_id)
        if row is None or row.deleted_at is not None:
            return False
        row.deleted_at = models.utcnow()
        s.execute(sa.update(models.Token).where(models.Token.trust_id == trust_id)
                  .values(revoked=True))
    token_cache.clear()
    return True
