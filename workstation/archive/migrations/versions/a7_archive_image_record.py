"""archive: each instance row may hold the viewer's reduced header (image_record, JSON)

Opening a series from the archive then builds its geometry from the index and reads only pixel data.
Rows indexed before this revision keep NULL: their files' headers are read as before.

Revision ID: a7_archive_image_record
Revises: a6_archive_source_head
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "a7_archive_image_record"
down_revision = "a6_archive_source_head"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("archive_instance") as batch:
        batch.add_column(sa.Column("image_record", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("archive_instance") as batch:
        batch.drop_column("image_record")
