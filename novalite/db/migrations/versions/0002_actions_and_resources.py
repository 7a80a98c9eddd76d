"""Placeholder revision, shipped empty: what it was meant to hold is in 0003.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Written by hand to match ``novalite/db/models.py``; tests/unit/db/test_migration.py compares the
migrated schema with the models on SQLite, PostgreSQL and MariaDB.
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    # ------------------------------------------------------------------ server moves
    # (migrations table: resize, cold migrate, evacuate)

    # ------------------------------------------------------------------ aggregates
    # (aggregates, aggregate_hosts, aggregate_metadata)

    # ------------------------------------------------------------------ image-backed actions
    # (anything shelve/snapshot/rebuild/soft delete needs)
    pass


# every table this revision creates, children first (downgrade drops them in this order)
_TABLES = ()


def downgrade():
    for name in _TABLES:
        op.drop_table(name)
