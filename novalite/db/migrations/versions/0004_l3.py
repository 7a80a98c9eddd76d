"""Neutron L3 floating IPs and network quotas.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04

Written by hand to match ``novalite/db/models.py``; tests/unit/db/test_migration.py compares the
migrated schema with the models on SQLite, PostgreSQL and MariaDB.
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'floatingips',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('project_id', sa.String(255), nullable=True),
        sa.Column('description', sa.String(255), nullable=False),
        sa.Column('floating_ip_address', sa.String(64), nullable=False),
        sa.Column('floating_network_id', sa.String(36), sa.ForeignKey('networks.id'),
                  nullable=False),
        sa.Column('floating_port_id', sa.String(36),
                  sa.ForeignKey('ports.id', ondelete='CASCADE'), nullable=False),
        sa.Column('fixed_port_id', sa.String(36), nullable=True),
        sa.Column('fixed_ip_address', sa.String(64), nullable=True),
        sa.Column('router_id', sa.String(36), nullable=True),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('extra', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.UniqueConstraint('floating_port_id'),
        sa.UniqueConstraint('floating_network_id', 'fixed_port_id', 'fixed_ip_address',
                            name='uniq_floatingips0floatingnetworkid0fixedportid0'
                                 'fixedipaddress'),
        sa.Index('ix_floatingips_project_id', 'project_id'),
        sa.Index('ix_floatingips_fixed_port_id', 'fixed_port_id'),
        sa.Index('ix_floatingips_router_id', 'router_id'),
    )
    op.create_table(
        'network_quotas',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('resource', sa.String(255), nullable=False),
        sa.Column('hard_limit', sa.Integer(), nullable=False),
        sa.UniqueConstraint('project_id', 'resource',
                            name='uniq_network_quotas0project_id0resource'),
        sa.Index('ix_network_quotas_project_id', 'project_id'),
    )


# every table this revision creates, children first (downgrade drops them in this order)
_TABLES = ('network_quotas', 'floatingips')


def downgrade():
    for name in _TABLES:
        op.drop_table(name)
