"""measurements: annotations (JSON per measurement), lesions per patient, non-target states, key images

Revision ID: ms0001
Revises:
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

revision = "ms0001"
down_revision = None
branch_labels = ("measurements",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "measurements_annotation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(64), nullable=False),
        sa.Column("patient_id", sa.String(64), nullable=False),
        sa.Column("study_uid", sa.String(64), nullable=False),
        sa.Column("series_uid", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("lesion", sa.String(100), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurements_annotation")),
        sa.UniqueConstraint("uid", name=op.f("uq_measurements_annotation_uid")),
    )
    with op.batch_alter_table("measurements_annotation") as batch_op:
        batch_op.create_index(batch_op.f("ix_measurements_annotation_patient_id"), ["patient_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_measurements_annotation_study_uid"), ["study_uid"], unique=False)
    op.create_table(
        "measurements_lesion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("location", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurements_lesion")),
        sa.UniqueConstraint("patient_id", "name", name=op.f("uq_measurements_lesion_patient_id")),
    )
    op.create_table(
        "measurements_lesion_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesion_id", sa.Integer(), nullable=False),
        sa.Column("study_uid", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(["lesion_id"], ["measurements_lesion.id"], ondelete="CASCADE",
                                name=op.f("fk_measurements_lesion_state_lesion_id_measurements_lesion")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurements_lesion_state")),
        sa.UniqueConstraint("lesion_id", "study_uid", name=op.f("uq_measurements_lesion_state_lesion_id")),
    )
    op.create_table(
        "measurements_key_image",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_uid", sa.String(64), nullable=False),
        sa.Column("series_uid", sa.String(64), nullable=False),
        sa.Column("sop_instance_uid", sa.String(64), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurements_key_image")),
        sa.UniqueConstraint("study_uid", "sop_instance_uid", name=op.f("uq_measurements_key_image_study_uid")),
    )


def downgrade() -> None:
    op.drop_table("measurements_key_image")
    op.drop_table("measurements_lesion_state")
    op.drop_table("measurements_lesion")
    with op.batch_alter_table("measurements_annotation") as batch_op:
        batch_op.drop_index(batch_op.f("ix_measurements_annotation_study_uid"))
        batch_op.drop_index(batch_op.f("ix_measurements_annotation_patient_id"))
    op.drop_table("measurements_annotation")
