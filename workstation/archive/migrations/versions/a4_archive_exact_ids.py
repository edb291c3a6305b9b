"""archive: patient IDs and de-identification originals compared exactly on MySQL/MariaDB

Revision ID: a4_archive_exact_ids
Revises: a3_archive_meta
Create Date: 2026-11-25
"""
from alembic import op

revision = "a4_archive_exact_ids"
down_revision = "a3_archive_meta"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name not in ("mysql", "mariadb"):
        return  # SQLite compares strings exactly already
    op.execute("ALTER TABLE archive_patient MODIFY patient_id VARCHAR(64) "
               "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL")
    op.execute("ALTER TABLE archive_deid_map MODIFY original VARCHAR(255) "
               "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL")


def downgrade() -> None:
    if op.get_bind().dialect.name not in ("mysql", "mariadb"):
        return
    op.execute("ALTER TABLE archive_patient MODIFY patient_id VARCHAR(64) NOT NULL")
    op.execute("ALTER TABLE archive_deid_map MODIFY original VARCHAR(255) NOT NULL")
