"""archive: remembered files also carry a hash of their first 4 KiB (which holds the SOP Instance UID)

Two CDs burnt with fixed timestamps and the same layout give the same path, size and time for
different instances; the head hash tells them apart.

Revision ID: a6_archive_source_head
Revises: a5_archive_source
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "a6_archive_source_head"
down_revision = "a5_archive_source"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("archive_source") as batch:
        batch.add_column(sa.Column("head_hash", sa.String(64), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("archive_source") as batch:
        batch.drop_column("head_hash")
