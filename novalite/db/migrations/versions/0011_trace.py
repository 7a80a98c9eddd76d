"""Traces: the spans of each request (novalite/trace.py).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

Written by hand to match ``novalite/db/models.py`` (``TraceSpan``).
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_TABLES = ('trace_spans',)


def upgrade():
    op.create_table(
        'trace_spans',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('trace_id', sa.String(64), nullable=False),
        sa.Column('span_id', sa.String(32), nullable=False),
        sa.Column('parent_id', sa.String(32), nullable=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('kind', sa.String(16), nullable=False),
        sa.Column('service', sa.String(64), nullable=True),
        sa.Column('host', sa.String(255), nullable=True),
        sa.Column('pid', sa.Integer(), nullable=True),
        sa.Column('start_us', sa.BigInteger(), nullable=False),
        sa.Column('duration_us', sa.BigInteger(), nullable=False),
        sa.Column('outcome', sa.String(255), nullable=True),
        sa.Column('project_id', sa.String(64), nullable=True),
        sa.Column('server_id', sa.String(36), nullable=True),
        sa.Column('attrs', sa.JSON(), nullable=False),
    )
    op.create_index('ix_trace_spans_trace_id', 'trace_spans', ['trace_id'])
    op.create_index('ix_trace_spans_start_us', 'trace_spans', ['start_us'])
    op.create_index('ix_trace_spans_project_id', 'trace_spans', ['project_id'])
    op.create_index('ix_trace_spans_server_id', 'trace_spans', ['server_id'])


def downgrade():
    op.drop_table('trace_spans')
