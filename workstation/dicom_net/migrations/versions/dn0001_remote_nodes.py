"""dicom_net: remote DICOM nodes

Revision ID: dn0001
Revises:
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa

revision = "dn0001"
down_revision = None
branch_labels = ("dicom_net",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dicom_net_remote_node",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("ae_title", sa.String(16), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("dicomweb_url", sa.String(1024), nullable=False),
        sa.Column("username", sa.String(255), nullable=False),
        sa.Column("password", sa.String(255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dicom_net_remote_node")),
        sa.UniqueConstraint("name", name=op.f("uq_dicom_net_remote_node_name")),
    )


def downgrade() -> None:
    op.drop_table("dicom_net_remote_node")
