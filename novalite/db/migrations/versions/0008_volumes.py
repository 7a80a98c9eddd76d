"""Block storage: volumes, their metadata, admin metadata, image metadata and attachments.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

Written by hand to match ``novalite/db/models.py``; tests/unit/db/test_migration.py compares the
migrated schema with the models on SQLite, PostgreSQL and MariaDB.
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_TABLES = ('volumes', 'volume_metadata', 'volume_admin_metadata', 'volume_glance_metadata',
           'volume_attachments')


def _kv(name, value_type):
    op.create_table(
        name,
        sa.Column('volume_id', sa.String(36), primary_key=True),
        sa.Column('key', sa.String(255), primary_key=True),
        sa.Column('value', value_type, nullable=True),
        sa.ForeignKeyConstraint(['volume_id'], ['volumes.id'], ondelete='CASCADE'),
    )


def upgrade():
    op.create_table(
        'volumes',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255), nullable=False),
        sa.Column('host', sa.String(255), nullable=True),
        sa.Column('availability_zone', sa.String(255), nullable=False),
        sa.Column('status', sa.String(255), nullable=False),
        sa.Column('previous_status', sa.String(255), nullable=True),
        sa.Column('attach_status', sa.String(255), nullable=False),
        sa.Column('migration_status', sa.String(255), nullable=True),
        sa.Column('display_name', sa.String(255), nullable=True),
        sa.Column('display_description', sa.Text(), nullable=True),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('volume_type_id', sa.String(36), nullable=True),
        sa.Column('snapshot_id', sa.String(36), nullable=True),
        sa.Column('source_volid', sa.String(36), nullable=True),
        sa.Column('bootable', sa.Boolean(), nullable=False),
        sa.Column('multiattach', sa.Boolean(), nullable=False),
        sa.Column('encryption_key_id', sa.String(36), nullable=True),
        sa.Column('provider_location', sa.String(255), nullable=True),
        sa.Column('replication_status', sa.String(255), nullable=True),
        sa.Column('use_quota', sa.Boolean(), nullable=False),
        sa.Column('launched_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Index('ix_volumes_project_id', 'project_id'),
    )
    _kv('volume_metadata', sa.String(255))
    _kv('volume_admin_metadata', sa.String(255))
    _kv('volume_glance_metadata', sa.Text())
    op.create_table(
        'volume_attachments',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('volume_id', sa.String(36), nullable=False),
        sa.Column('instance_uuid', sa.String(36), nullable=True),
        sa.Column('attached_host', sa.String(255), nullable=True),
        sa.Column('mountpoint', sa.String(255), nullable=True),
        sa.Column('attach_time', sa.DateTime(), nullable=True),
        sa.Column('detach_time', sa.DateTime(), nullable=True),
        sa.Column('attach_status', sa.String(255), nullable=False),
        sa.Column('attach_mode', sa.String(36), nullable=True),
        sa.Column('connector', sa.JSON(), nullable=True),
        sa.Column('connection_info', sa.JSON(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['volume_id'], ['volumes.id'], ondelete='CASCADE'),
        sa.Index('ix_volume_attachments_volume_id', 'volume_id'),
    )


def downgrade():
    for name in reversed(_TABLES):
        op.drop_table(name)
