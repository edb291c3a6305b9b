"""token lifetime and revocation; workstation audit-chain heads

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 08:00:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

TS = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mariadb').with_variant(mysql.DATETIME(fsp=6), 'mysql')


def upgrade() -> None:
    with op.batch_alter_table('api_token') as t:
        t.add_column(sa.Column('expires_at', TS, nullable=True))
        t.add_column(sa.Column('revoked_at', TS, nullable=True))
        t.add_column(sa.Column('revoked_reason', sa.String(length=32), nullable=True))
    op.create_table('workstation_audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workstation', sa.String(length=200), nullable=False),
    sa.Column('reported_by', sa.String(length=100), nullable=False),
    sa.Column('last_row_id', sa.Integer(), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('head_hash', sa.String(length=64), nullable=False),
    sa.Column('anchor_ok', sa.Boolean(), nullable=False),
    sa.Column('problem', sa.String(length=500), nullable=True),
    sa.Column('received_at', TS, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workstation_audit_head'))
    )
    op.create_index(op.f('ix_workstation_audit_head_workstation'), 'workstation_audit_head', ['workstation'],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_workstation_audit_head_workstation'), table_name='workstation_audit_head')
    op.drop_table('workstation_audit_head')
    with op.batch_alter_table('api_token') as t:
        t.drop_column('revoked_reason')
        t.drop_column('revoked_at')
        t.drop_column('expires_at')
