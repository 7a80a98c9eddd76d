"""Block storage: volume types (extra specs, access, project defaults), snapshots (and their
metadata), volume quotas and quota classes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

The volume type ``__DEFAULT__`` is created here, as Cinder's own migration creates it: it is
the type of every volume made without one, and cannot be deleted while it is the default.

Written by hand to match ``novalite/db/models.py``; tests/unit/db/test_migration.py compares the
migrated schema with the models on SQLite, PostgreSQL and MariaDB.
"""
import datetime
import uuid

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

DEFAULT_TYPE = '__DEFAULT__'


def _timestamps():
    return [sa.Column('created_at', sa.DateTime(), nullable=False),
            sa.Column('updated_at', sa.DateTime(), nullable=True)]


def upgrade():
    types = op.create_table(
        'volume_types',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('name', sa.String(255), nullable=False, unique=True),
        sa.Column('description', sa.String(255), nullable=True),
        sa.Column('is_public', sa.Boolean(), nullable=False),
        *_timestamps(),
    )
    op.create_table(
        'volume_type_extra_specs',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('volume_type_id', sa.String(36),
                  sa.ForeignKey('volume_types.id', ondelete='CASCADE'), nullable=False),
        sa.Column('key', sa.String(255), nullable=False),
        sa.Column('value', sa.String(255), nullable=True),
        sa.UniqueConstraint('volume_type_id', 'key',
                            name='uniq_volume_type_extra_specs0type0key'),
        sa.Index('ix_volume_type_extra_specs_volume_type_id', 'volume_type_id'),
    )
    op.create_table(
        'volume_type_projects',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('volume_type_id', sa.String(36),
                  sa.ForeignKey('volume_types.id', ondelete='CASCADE'), nullable=False),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.UniqueConstraint('volume_type_id', 'project_id',
                            name='uniq_volume_type_projects0type0project'),
        sa.Index('ix_volume_type_projects_volume_type_id', 'volume_type_id'),
    )
    op.create_table(
        'default_volume_types',
        sa.Column('project_id', sa.String(255), primary_key=True),
        sa.Column('volume_type_id', sa.String(36), sa.ForeignKey('volume_types.id'),
                  nullable=False),
        *_timestamps(),
        sa.Index('ix_default_volume_types_volume_type_id', 'volume_type_id'),
    )
    op.create_table(
        'snapshots',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('volume_id', sa.String(36), nullable=False),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255), nullable=True),
        sa.Column('status', sa.String(255), nullable=False),
        sa.Column('progress', sa.String(255), nullable=True),
        sa.Column('volume_size', sa.Integer(), nullable=False),
        sa.Column('display_name', sa.String(255), nullable=True),
        sa.Column('display_description', sa.String(255), nullable=True),
        sa.Column('volume_type_id', sa.String(36), nullable=True),
        sa.Column('use_quota', sa.Boolean(), nullable=False),
        sa.Column('provider_location', sa.String(255), nullable=True),
        *_timestamps(),
        sa.Index('ix_snapshots_volume_id', 'volume_id'),
        sa.Index('ix_snapshots_project_id', 'project_id'),
    )
    op.create_table(
        'snapshot_metadata',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('snapshot_id', sa.String(36),
                  sa.ForeignKey('snapshots.id', ondelete='CASCADE'), nullable=False),
        sa.Column('key', sa.String(255), nullable=False),
        sa.Column('value', sa.String(255), nullable=False),
        sa.UniqueConstraint('snapshot_id', 'key',
                            name='uniq_snapshot_metadata0snapshot_id0key'),
        sa.Index('ix_snapshot_metadata_snapshot_id', 'snapshot_id'),
    )
    op.create_table(
        'volume_quotas',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('resource', sa.String(300), nullable=False),
        sa.Column('hard_limit', sa.Integer(), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('project_id', 'resource',
                            name='uniq_volume_quotas0project_id0resource'),
        sa.Index('ix_volume_quotas_project_id', 'project_id'),
    )
    op.create_table(
        'volume_quota_classes',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('class_name', sa.String(255), nullable=False),
        sa.Column('resource', sa.String(300), nullable=False),
        sa.Column('hard_limit', sa.Integer(), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('class_name', 'resource',
                            name='uniq_volume_quota_classes0class0resource'),
    )
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    op.bulk_insert(types, [{'id': str(uuid.uuid4()), 'name': DEFAULT_TYPE,
                            'description': 'Default Volume Type', 'is_public': True,
                            'created_at': now, 'updated_at': None}])


# every table this revision creates, children first (downgrade drops them in this order)
_TABLES = ('volume_quota_classes', 'volume_quotas', 'snapshot_metadata', 'snapshots',
           'default_volume_types', 'volume_type_projects', 'volume_type_extra_specs',
           'volume_types')


def downgrade():
    for name in _TABLES:
        op.drop_table(name)
