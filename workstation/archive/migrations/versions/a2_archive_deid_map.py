"""archive: de-identification mapping (original -> replacement UIDs and patient pseudonyms)

Revision ID: a2_archive_deid_map
Revises: a1_archive_initial
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "a2_archive_deid_map"
down_revision = "a1_archive_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_deid_map",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("original", sa.String(255), nullable=False),
        sa.Column("replacement", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_deid_map")),
        sa.UniqueConstraint("kind", "original", name="uq_archive_deid_map_kind_original"),
    )
    op.create_index(op.f("ix_archive_deid_map_replacement"), "archive_deid_map", ["replacement"])


def downgrade() -> None:
    op.drop_table("archive_deid_map")
