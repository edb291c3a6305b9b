"""AI runs recorded by workstations: the job's id, the study, the failure reason

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 11:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ai_inference_request') as t:
        t.add_column(sa.Column('job_uid', sa.String(length=64), nullable=True))
        t.add_column(sa.Column('study_uid', sa.String(length=64), nullable=True))
        t.add_column(sa.Column('error_message', sa.Text(), nullable=True))
        t.create_unique_constraint(op.f('uq_ai_inference_request_job_uid'), ['job_uid'])


def downgrade() -> None:
    with op.batch_alter_table('ai_inference_request') as t:
        t.drop_constraint(op.f('uq_ai_inference_request_job_uid'), type_='unique')
        t.drop_column('error_message')
        t.drop_column('study_uid')
        t.drop_column('job_uid')
