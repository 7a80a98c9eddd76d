"""Identity administration: groups and their memberships, regions, catalog extras.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

Groups (Keystone's ``group`` and ``user_group_membership``), the ``region`` table (until now
the regions were only the distinct ``endpoints.region_id`` values: they become rows here), and
for services and endpoints the ``extra`` attributes Keystone keeps plus ``seeded``, which marks
the rows novalite's own seed owns and refreshes at every start (every row that exists before
this revision was made by the seed).

Written by hand to match ``novalite/db/models.py``; tests/unit/db/test_migration.py compares the
migrated schema with the models on SQLite, PostgreSQL and MariaDB.
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _columns(table):
    return {c['name'] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade():
    # ------------------------------------------------------------------ groups
    op.create_table(
        'groups',
        sa.Column('id', sa.String(64), primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('domain_id', sa.String(64), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('extra', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.UniqueConstraint('domain_id', 'name', name='uniq_group_name'),
    )
    op.create_table(
        'user_group_memberships',
        sa.Column('user_id', sa.String(64), primary_key=True),
        sa.Column('group_id', sa.String(64), primary_key=True),
        sa.ForeignKeyConstraint(['group_id'], ['groups.id'], ondelete='CASCADE'),
        sa.Index('ix_user_group_memberships_group_id', 'group_id'),
    )

    # ------------------------------------------------------------------ catalog
    regions = op.create_table(
        'regions',
        sa.Column('id', sa.String(255), primary_key=True),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('parent_region_id', sa.String(255), nullable=True),
        sa.Column('extra', sa.JSON(), nullable=False),
    )
    bind = op.get_bind()
    existing = bind.execute(sa.text(
        'SELECT DISTINCT region_id FROM endpoints WHERE region_id IS NOT NULL')).scalars().all()
    if existing:
        op.bulk_insert(regions, [{'id': r, 'description': '', 'parent_region_id': None,
                                  'extra': {}} for r in existing])
    for table in ('catalog_services', 'endpoints'):
        have = _columns(table)
        if 'extra' not in have:
            op.add_column(table, sa.Column('extra', sa.JSON(), nullable=True))
        if 'seeded' not in have:
            op.add_column(table, sa.Column('seeded', sa.Boolean(), nullable=False,
                                           server_default=sa.false()))
            # every service and endpoint made before this revision came from the seed
            op.execute(sa.text('UPDATE %s SET seeded = :yes' % table).bindparams(yes=True))


# every table this revision creates, children first (downgrade drops them in this order)
_TABLES = ('user_group_memberships', 'groups', 'regions')


def downgrade():
    for table in ('endpoints', 'catalog_services'):
        op.drop_column(table, 'seeded')
        op.drop_column(table, 'extra')
    for name in _TABLES:
        op.drop_table(name)
