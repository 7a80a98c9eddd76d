"""Network details: tags, subnet pools, address scopes, auto-allocated topologies.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

Written by hand to match ``novalite/db/models.py``.
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'network_tags',
        sa.Column('resource_type', sa.String(32), primary_key=True),
        sa.Column('resource_id', sa.String(36), primary_key=True),
        sa.Column('tag', sa.String(255), primary_key=True),
    )
    op.create_table(
        'address_scopes',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('project_id', sa.String(255), nullable=True),
        sa.Column('shared', sa.Boolean(), nullable=False),
        sa.Column('ip_version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Index('ix_address_scopes_project_id', 'project_id'),
    )
    op.create_table(
        'subnetpools',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('project_id', sa.String(255), nullable=True),
        sa.Column('description', sa.String(255), nullable=False),
        sa.Column('ip_version', sa.Integer(), nullable=False),
        sa.Column('default_prefixlen', sa.Integer(), nullable=False),
        sa.Column('min_prefixlen', sa.Integer(), nullable=False),
        sa.Column('max_prefixlen', sa.Integer(), nullable=False),
        sa.Column('shared', sa.Boolean(), nullable=False),
        sa.Column('is_default', sa.Boolean(), nullable=False),
        sa.Column('default_quota', sa.Integer(), nullable=True),
        sa.Column('address_scope_id', sa.String(36), nullable=True),
        sa.Column('prefixes', sa.JSON(), nullable=False),
        sa.Column('revision_number', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Index('ix_subnetpools_project_id', 'project_id'),
    )
    op.create_table(
        'auto_allocated_topologies',
        sa.Column('project_id', sa.String(255), primary_key=True),
        sa.Column('network_id', sa.String(36), nullable=False),
        sa.Column('router_id', sa.String(36), nullable=True),
    )
    # (a database made by metadata.create_all before revisions existed has them already)
    if 'subnetpool_id' not in _columns('subnets'):
        op.add_column('subnets', sa.Column('subnetpool_id', sa.String(36), nullable=True))
        op.create_index('ix_subnets_subnetpool_id', 'subnets', ['subnetpool_id'])
    if 'revision_number' not in _columns('security_groups'):
        op.add_column('security_groups', sa.Column('revision_number', sa.Integer(),
                                                   nullable=False, server_default='0'))


def _columns(table):
    return {c['name'] for c in sa.inspect(op.get_bind()).get_columns(table)}


def downgrade():
    with op.batch_alter_table('security_groups') as batch:
        batch.drop_column('revision_number')
    with op.batch_alter_table('subnets') as batch:
        batch.drop_index('ix_subnets_subnetpool_id')
        batch.drop_column('subnetpool_id')
    for name in _TABLES:
        op.drop_table(name)


# every table this revision creates (downgrade drops them in this order)
_TABLES = ('auto_allocated_topologies', 'subnetpools', 'address_scopes', 'network_tags')
