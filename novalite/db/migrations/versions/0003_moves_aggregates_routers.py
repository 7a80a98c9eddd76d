"""Tables and columns for server moves (migrations), aggregates and the rest of the compute API.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

Revision 0002 shipped empty (a placeholder); databases already recorded at it get these tables
from here, so this is a revision of its own rather than 0002 filled in.

Written by hand to match ``novalite/db/models.py``; tests/unit/db/test_migration.py compares the
migrated schema with the models on SQLite, PostgreSQL and MariaDB.
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    # ------------------------------------------------------------------ server moves
    # (migrations table: resize, cold migrate, evacuate)
    op.create_table(
        'migrations',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        sa.Column('source_compute', sa.String(255), nullable=True),
        sa.Column('dest_compute', sa.String(255), nullable=True),
        sa.Column('source_node', sa.String(255), nullable=True),
        sa.Column('dest_node', sa.String(255), nullable=True),
        sa.Column('dest_host', sa.String(255), nullable=True),
        sa.Column('old_instance_type_id', sa.Integer(), nullable=True),
        sa.Column('new_instance_type_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(255), nullable=False),
        sa.Column('migration_type', sa.String(255), nullable=False),
        sa.Column('hidden', sa.Boolean(), nullable=False),
        sa.Column('old_flavor', sa.JSON(), nullable=True),
        sa.Column('new_flavor', sa.JSON(), nullable=True),
        sa.Column('user_id', sa.String(255), nullable=True),
        sa.Column('project_id', sa.String(255), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.UniqueConstraint('uuid'),
        sa.Index('ix_migrations_instance_uuid', 'instance_uuid'),
    )

    # ------------------------------------------------------------------ aggregates
    # (aggregates, aggregate_hosts, aggregate_metadata)
    op.create_table(
        'aggregates',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.UniqueConstraint('uuid'),
        sa.UniqueConstraint('name'),
    )
    op.create_table(
        'aggregate_hosts',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('aggregate_id', sa.Integer(), nullable=False),
        sa.Column('host', sa.String(255), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['aggregate_id'], ['aggregates.id'], ondelete='CASCADE'),
        sa.UniqueConstraint('host', 'aggregate_id',
                            name='uniq_aggregate_hosts0host0aggregate_id'),
        sa.Index('ix_aggregate_hosts_aggregate_id', 'aggregate_id'),
    )
    op.create_table(
        'aggregate_metadata',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('aggregate_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(255), nullable=False),
        sa.Column('value', sa.String(255), nullable=False),
        sa.ForeignKeyConstraint(['aggregate_id'], ['aggregates.id'], ondelete='CASCADE'),
        sa.UniqueConstraint('aggregate_id', 'key',
                            name='uniq_aggregate_metadata0aggregate_id0key'),
        sa.Index('ix_aggregate_metadata_aggregate_id', 'aggregate_id'),
    )

    # ------------------------------------------------------------------ image-backed actions
    # (anything shelve/snapshot/rebuild/soft delete needs; the disk config extension's
    # OS-DCF:diskConfig, a database adopted from metadata.create_all may have it)
    if 'auto_disk_config' not in {c['name'] for c in
                                  sa.inspect(op.get_bind()).get_columns('instances')}:
        op.add_column('instances', sa.Column('auto_disk_config', sa.Boolean(), nullable=True))

    # ------------------------------------------------------------------ microversions
    # (server group rules, 2.64; a database adopted from metadata.create_all may have it)
    if 'rules' not in {c['name'] for c in
                       sa.inspect(op.get_bind()).get_columns('server_groups')}:
        op.add_column('server_groups', sa.Column('rules', sa.JSON(), nullable=True))

    # ------------------------------------------------------------------ network
    # (Neutron routers; their interfaces are ports)
    op.create_table(
        'routers',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('project_id', sa.String(255), nullable=True),
        sa.Column('description', sa.String(255), nullable=False),
        sa.Column('admin_state_up', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('gw_network_id', sa.String(36), nullable=True),
        sa.Column('extra', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Index('ix_routers_project_id', 'project_id'),
    )
    pass


# every table this revision creates, children first (downgrade drops them in this order)
_TABLES = ('routers', 'migrations',
           'aggregate_metadata', 'aggregate_hosts', 'aggregates')


def downgrade():
    op.drop_column('server_groups', 'rules')
    op.drop_column('instances', 'auto_disk_config')
    for name in _TABLES:
        op.drop_table(name)
