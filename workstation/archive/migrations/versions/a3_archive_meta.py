"""archive: meta table (store identity binding the database to its archive folder)

Revision ID: a3_archive_meta
Revises: a2_archive_deid_map
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "a3_archive_meta"
down_revision = "a2_archive_deid_map"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_meta",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.String(1024), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_archive_meta")),
    )


def downgrade() -> None:
    op.drop_table("archive_meta")
