"""Block device mappings: a server's root disk and the volumes attached to it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

Nova's ``block_device_mapping`` table (one row per device of a server: its boot source and
every attached volume, with the block-storage attachment id and the connection info).

Written by hand to match ``novalite/db/models.py``; tests/unit/db/test_migration.py compares the
migrated schema with the models on SQLite, PostgreSQL and MariaDB.
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

_TABLES = ('block_device_mappings',)


def upgrade():
    op.create_table(
        'block_device_mappings',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        sa.Column('source_type', sa.String(255), nullable=False),
        sa.Column('destination_type', sa.String(255), nullable=False),
        sa.Column('boot_index', sa.Integer(), nullable=True),
        sa.Column('device_name', sa.String(255), nullable=True),
        sa.Column('device_type', sa.String(255), nullable=True),
        sa.Column('disk_bus', sa.String(255), nullable=True),
        sa.Column('guest_format', sa.String(255), nullable=True),
        sa.Column('delete_on_termination', sa.Boolean(), nullable=False),
        sa.Column('volume_id', sa.String(36), nullable=True),
        sa.Column('snapshot_id', sa.String(36), nullable=True),
        sa.Column('image_id', sa.String(36), nullable=True),
        sa.Column('volume_size', sa.Integer(), nullable=True),
        sa.Column('volume_type', sa.String(255), nullable=True),
        sa.Column('tag', sa.String(255), nullable=True),
        sa.Column('attachment_id', sa.String(36), nullable=True),
        sa.Column('connection_info', sa.JSON(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.UniqueConstraint('uuid'),
        sa.UniqueConstraint('instance_uuid', 'volume_id',
                            name='uniq_block_device_mappings0instance0volume'),
    )
    op.create_index('ix_block_device_mappings_instance_uuid', 'block_device_mappings',
                    ['instance_uuid'])
    op.create_index('ix_block_device_mappings_volume_id', 'block_device_mappings',
                    ['volume_id'])


def downgrade():
    op.drop_table('block_device_mappings')
