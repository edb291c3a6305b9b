"""ai_review: decisions on AI segmentations

Revision ID: ai_review_0001
Revises:
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

revision = "ai_review_0001"
down_revision = None
branch_labels = ("ai_review",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ai_review_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seg_sop_instance_uid", sa.String(64), nullable=False),
        sa.Column("seg_series_instance_uid", sa.String(64), nullable=False),
        sa.Column("study_instance_uid", sa.String(64), nullable=False),
        sa.Column("patient_id", sa.String(64), nullable=False),
        sa.Column("study_date", sa.String(8), nullable=False),
        sa.Column("source_series_uid", sa.String(64), nullable=False),
        sa.Column("model_name", sa.String(128), nullable=False),
        sa.Column("model_version", sa.String(64), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.String(100), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.Column("edited_seg_sop_instance_uid", sa.String(64), nullable=False),
        sa.Column("volumes_json", sa.Text(), nullable=False),
        sa.Column("remote_result_id", sa.Integer(), nullable=True),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_review_decision")),
    )
    op.create_index(op.f("ix_ai_review_decision_seg_sop_instance_uid"), "ai_review_decision",
                    ["seg_sop_instance_uid"])
    op.create_index(op.f("ix_ai_review_decision_study_instance_uid"), "ai_review_decision", ["study_instance_uid"])
    op.create_index(op.f("ix_ai_review_decision_patient_id"), "ai_review_decision", ["patient_id"])


def downgrade() -> None:
    op.drop_table("ai_review_decision")
