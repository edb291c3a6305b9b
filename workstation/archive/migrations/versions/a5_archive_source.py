"""archive: files already imported (path, size, mtime → instance) for fast re-import

Revision ID: a5_archive_source
Revises: a4_archive_exact_ids
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "a5_archive_source"
down_revision = "a4_archive_exact_ids"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_source",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("path_hash", sa.String(64), nullable=False),
        sa.Column("path", sa.String(1024), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=False),
        sa.Column("sop_instance_uid", sa.String(64), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_source")),
        sa.UniqueConstraint("path_hash", name=op.f("uq_archive_source_path_hash")),
    )
    op.create_index(op.f("ix_archive_source_sop_instance_uid"), "archive_source", ["sop_instance_uid"])


def downgrade() -> None:
    op.drop_table("archive_source")
