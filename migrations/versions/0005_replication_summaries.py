"""replication summaries and the search index

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 22:40:00

Hand-reviewed. Seven new summary tables (registry/models.py REPLICATION_ROLLUPS: flows of copies
from the origin's unit to the copy's unit, copies per family, time from an origin to its first
copy), filled from the existing records by registry.records.rollups.rebuild_replication, which the
service layer keeps in step afterwards. No change to existing tables.

The search index is outside the SQLModel metadata (registry/search_index.py): on SQLite an FTS5
table with the trigram tokenizer over model_example.search_text and three triggers that keep it in
step, filled from the existing rows; on PostgreSQL the extension pg_trgm (trusted since
PostgreSQL 13: the database owner may create it) and a GIN index with gin_trgm_ops.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "summary_family",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("origin_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("field_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("bloc_id", sa.Integer(), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("is_sample", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "origin_id",
            "year",
            "field_id",
            "kind",
            "bloc_id",
            "stage",
            "is_sample",
            "programme_id",
            "place_id",
            name="uq_summary_family",
        ),
    )
    op.create_table(
        "summary_family_total",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("origin_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("origin_id", name="uq_summary_family_total"),
    )
    op.create_index("ix_summary_family_total_n", "summary_family_total", ["n", "origin_id"], unique=False)
    op.create_table(
        "summary_family_year",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("origin_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("is_sample", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("origin_id", "year", "is_sample", name="uq_summary_family_year"),
    )
    op.create_table(
        "summary_first_copy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("field_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("bloc_id", sa.Integer(), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("is_sample", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "year",
            "field_id",
            "kind",
            "bloc_id",
            "stage",
            "is_sample",
            "programme_id",
            "place_id",
            "days",
            name="uq_summary_first_copy",
        ),
    )
    op.create_table(
        "summary_first_copy_year",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("is_sample", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year", "is_sample", "days", name="uq_summary_first_copy_year"),
    )
    op.create_table(
        "summary_flow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("field_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("bloc_id", sa.Integer(), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("is_sample", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("origin_place_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "year",
            "field_id",
            "kind",
            "bloc_id",
            "stage",
            "is_sample",
            "programme_id",
            "origin_place_id",
            "place_id",
            name="uq_summary_flow",
        ),
    )
    op.create_table(
        "summary_flow_place",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("is_sample", sa.Integer(), nullable=False),
        sa.Column("origin_place_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year", "is_sample", "origin_place_id", "place_id", name="uq_summary_flow_place"),
    )

    # Fill the new summaries from the records already there, and build the search index.
    # (The application's own code, so that the migration and the running service agree.)
    from registry import search_index
    from registry.records import rollups

    conn = op.get_bind()
    rollups.rebuild_replication(conn)
    search_index.install(conn, fill=True)


def downgrade() -> None:
    from registry import search_index

    search_index.uninstall(op.get_bind())
    op.drop_table("summary_flow_place")
    op.drop_table("summary_flow")
    op.drop_table("summary_first_copy_year")
    op.drop_table("summary_first_copy")
    op.drop_table("summary_family_year")
    op.drop_index("ix_summary_family_total_n", table_name="summary_family_total")
    op.drop_table("summary_family_total")
    op.drop_table("summary_family")
