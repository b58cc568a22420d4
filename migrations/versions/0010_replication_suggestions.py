"""replication suggestions: candidate origins waiting for staff to confirm or reject them

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 01:00:00

One new table, filled by ``python -m registry suggest-replications`` (registry.replication). No
change to existing tables.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "replication_suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("copy_id", sa.Integer(), nullable=False),
        sa.Column("origin_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["copy_id"], ["model_example.id"]),
        sa.ForeignKeyConstraint(["origin_id"], ["model_example.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("copy_id", "origin_id", name="uq_replication_suggestion"),
    )
    op.create_index("ix_replication_suggestion_status_score", "replication_suggestion", ["status", "score"])
    op.create_index("ix_replication_suggestion_origin", "replication_suggestion", ["origin_id"])


def downgrade() -> None:
    op.drop_index("ix_replication_suggestion_origin", table_name="replication_suggestion")
    op.drop_index("ix_replication_suggestion_status_score", table_name="replication_suggestion")
    op.drop_table("replication_suggestion")
