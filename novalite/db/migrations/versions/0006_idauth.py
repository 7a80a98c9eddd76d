"""Identity delegation: application credentials and access rules, trusts, credentials,
policies; tokens record the application credential or trust they were issued through.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

Written by hand to match ``novalite/db/models.py``.
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# the tables created here (the migration tests leave them out of a pre-migration database)
_TABLES = ('application_credentials', 'access_rules', 'application_credential_access_rules',
           'trusts', 'credentials', 'identity_policies')


def upgrade():
    # (a database adopted from metadata.create_all may have the token columns)
    columns = {c['name'] for c in sa.inspect(op.get_bind()).get_columns('tokens')}
    for name in ('app_cred_id', 'trust_id'):
        if name not in columns:
            op.add_column('tokens', sa.Column(name, sa.String(64), nullable=True))
            op.create_index('ix_tokens_%s' % name, 'tokens', [name])

    op.create_table(
        'application_credentials',
        sa.Column('id', sa.String(64), primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('secret_hash', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(64), nullable=False),
        sa.Column('project_id', sa.String(64), nullable=True),
        sa.Column('roles', sa.JSON(), nullable=False),
        sa.Column('unrestricted', sa.Boolean(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.UniqueConstraint('user_id', 'name', name='uniq_app_cred_name'),
        sa.Index('ix_application_credentials_user_id', 'user_id'),
    )
    op.create_table(
        'access_rules',
        sa.Column('id', sa.String(64), primary_key=True),
        sa.Column('user_id', sa.String(64), nullable=False),
        sa.Column('service', sa.String(64), nullable=False),
        sa.Column('path', sa.String(128), nullable=False),
        sa.Column('method', sa.String(16), nullable=False),
        sa.UniqueConstraint('user_id', 'service', 'path', 'method', name='uniq_access_rule'),
        sa.Index('ix_access_rules_user_id', 'user_id'),
    )
    op.create_table(
        'application_credential_access_rules',
        sa.Column('application_credential_id', sa.String(64),
                  sa.ForeignKey('application_credentials.id', ondelete='CASCADE'),
                  primary_key=True),
        sa.Column('access_rule_id', sa.String(64),
                  sa.ForeignKey('access_rules.id', ondelete='CASCADE'), primary_key=True),
    )
    op.create_table(
        'trusts',
        sa.Column('id', sa.String(64), primary_key=True),
        sa.Column('trustor_user_id', sa.String(64), nullable=False),
        sa.Column('trustee_user_id', sa.String(64), nullable=False),
        sa.Column('project_id', sa.String(64), nullable=True),
        sa.Column('impersonation', sa.Boolean(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=True),
        sa.Column('remaining_uses', sa.Integer(), nullable=True),
        sa.Column('allow_redelegation', sa.Boolean(), nullable=False),
        sa.Column('redelegation_count', sa.Integer(), nullable=True),
        sa.Column('roles', sa.JSON(), nullable=False),
        sa.Column('extra', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('deleted_at', sa.DateTime(), nullable=True),
        sa.Index('ix_trusts_trustor_user_id', 'trustor_user_id'),
        sa.Index('ix_trusts_trustee_user_id', 'trustee_user_id'),
    )
    op.create_table(
        'credentials',
        sa.Column('id', sa.String(64), primary_key=True),
        sa.Column('user_id', sa.String(64), nullable=False),
        sa.Column('project_id', sa.String(64), nullable=True),
        sa.Column('type', sa.String(255), nullable=False),
        sa.Column('blob', sa.Text(), nullable=False),
        sa.Column('extra', sa.JSON(), nullable=False),
        sa.Index('ix_credentials_user_id', 'user_id'),
    )
    op.create_table(
        'identity_policies',
        sa.Column('id', sa.String(64), primary_key=True),
        sa.Column('type', sa.String(255), nullable=False),
        sa.Column('blob', sa.Text(), nullable=False),
        sa.Column('extra', sa.JSON(), nullable=False),
    )


def downgrade():
    for table in reversed(_TABLES):
        op.drop_table(table)
    op.drop_index('ix_tokens_trust_id', 'tokens')
    op.drop_index('ix_tokens_app_cred_id', 'tokens')
    op.drop_column('tokens', 'trust_id')
    op.drop_column('tokens', 'app_cred_id')
