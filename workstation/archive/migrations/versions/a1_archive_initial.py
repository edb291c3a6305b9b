"""archive: patients, studies, series, instances

Revision ID: a1_archive_initial
Revises:
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "a1_archive_initial"
down_revision = None
branch_labels = ("archive",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_patient",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.String(64), nullable=False),
        sa.Column("patient_name", sa.String(324), nullable=False),
        sa.Column("birth_date", sa.String(8), nullable=False),
        sa.Column("sex", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_patient")),
        sa.UniqueConstraint("patient_id", name=op.f("uq_archive_patient_patient_id")),
    )
    op.create_index(op.f("ix_archive_patient_patient_name"), "archive_patient", ["patient_name"])
    op.create_index(op.f("ix_archive_patient_birth_date"), "archive_patient", ["birth_date"])

    op.create_table(
        "archive_study",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_pk", sa.Integer(), nullable=False),
        sa.Column("study_instance_uid", sa.String(64), nullable=False),
        sa.Column("study_date", sa.String(8), nullable=False),
        sa.Column("study_time", sa.String(16), nullable=False),
        sa.Column("study_description", sa.String(64), nullable=False),
        sa.Column("accession_number", sa.String(16), nullable=False),
        sa.Column("study_id", sa.String(16), nullable=False),
        sa.Column("modalities", sa.String(64), nullable=False),
        sa.Column("body_part", sa.String(64), nullable=False),
        sa.Column("referring_physician", sa.String(324), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["patient_pk"], ["archive_patient.id"], ondelete="CASCADE",
                                name=op.f("fk_archive_study_patient_pk_archive_patient")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_study")),
        sa.UniqueConstraint("study_instance_uid", name=op.f("uq_archive_study_study_instance_uid")),
    )
    for col in ("patient_pk", "study_date", "study_description", "accession_number", "modalities", "body_part"):
        op.create_index(op.f(f"ix_archive_study_{col}"), "archive_study", [col])

    op.create_table(
        "archive_series",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("study_pk", sa.Integer(), nullable=False),
        sa.Column("series_instance_uid", sa.String(64), nullable=False),
        sa.Column("series_number", sa.Integer(), nullable=True),
        sa.Column("series_description", sa.String(64), nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("body_part", sa.String(64), nullable=False),
        sa.Column("orientation", sa.String(16), nullable=False),
        sa.Column("instance_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["study_pk"], ["archive_study.id"], ondelete="CASCADE",
                                name=op.f("fk_archive_series_study_pk_archive_study")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_series")),
        sa.UniqueConstraint("series_instance_uid", name=op.f("uq_archive_series_series_instance_uid")),
    )
    for col in ("study_pk", "series_number", "series_description", "modality", "body_part", "orientation",
                "instance_count"):
        op.create_index(op.f(f"ix_archive_series_{col}"), "archive_series", [col])

    op.create_table(
        "archive_instance",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("series_pk", sa.Integer(), nullable=False),
        sa.Column("sop_instance_uid", sa.String(64), nullable=False),
        sa.Column("sop_class_uid", sa.String(64), nullable=False),
        sa.Column("instance_number", sa.Integer(), nullable=True),
        sa.Column("transfer_syntax_uid", sa.String(64), nullable=False),
        sa.Column("number_of_frames", sa.Integer(), nullable=False),
        sa.Column("stored_path", sa.String(512), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.String(1024), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["series_pk"], ["archive_series.id"], ondelete="CASCADE",
                                name=op.f("fk_archive_instance_series_pk_archive_series")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_instance")),
        sa.UniqueConstraint("sop_instance_uid", name=op.f("uq_archive_instance_sop_instance_uid")),
    )
    for col in ("series_pk", "sop_class_uid", "instance_number", "transfer_syntax_uid", "content_hash"):
        op.create_index(op.f(f"ix_archive_instance_{col}"), "archive_instance", [col])


def downgrade() -> None:
    for table in ("archive_instance", "archive_series", "archive_study", "archive_patient"):
        op.drop_table(table)
