"""ai_review: M1 runs of this workstation as recorded for the CDSS

Revision ID: ai_review_0002
Revises: ai_review_0001
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

revision = "ai_review_0002"
down_revision = "ai_review_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ai_backend_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_uid", sa.String(64), nullable=False),
        sa.Column("study_instance_uid", sa.String(64), nullable=False),
        sa.Column("patient_id", sa.String(64), nullable=False),
        sa.Column("model", sa.String(8), nullable=False),
        sa.Column("requested_by", sa.String(100), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("seg_sop_instance_uid", sa.String(64), nullable=False),
        sa.Column("probability_seg_sop_instance_uid", sa.String(64), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.Column("remote_patient_id", sa.Integer(), nullable=True),
        sa.Column("remote_order_id", sa.Integer(), nullable=True),
        sa.Column("request_outbox_id", sa.Integer(), nullable=True),
        sa.Column("result_outbox_id", sa.Integer(), nullable=True),
        sa.Column("reviews_queued", sa.Integer(), nullable=False),
        sa.Column("not_queued", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_backend_run")),
        sa.UniqueConstraint("job_uid", name=op.f("uq_ai_backend_run_job_uid")),
    )
    op.create_index(op.f("ix_ai_backend_run_study_instance_uid"), "ai_backend_run", ["study_instance_uid"])
    op.create_index(op.f("ix_ai_backend_run_seg_sop_instance_uid"), "ai_backend_run", ["seg_sop_instance_uid"])


def downgrade() -> None:
    op.drop_index(op.f("ix_ai_backend_run_seg_sop_instance_uid"), table_name="ai_backend_run")
    op.drop_index(op.f("ix_ai_backend_run_study_instance_uid"), table_name="ai_backend_run")
    op.drop_table("ai_backend_run")
