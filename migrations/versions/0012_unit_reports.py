"""unit reports: what the units report for a period, beside the records typed in (issue 21)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 23:36:01

A new table ``unit_report`` (registry/report_tables.py): one report per unit and period, its
figures each nullable (missing is never 0), its workflow status. A new column
``user_account.must_change_password`` (false for the accounts already there): an account handed
over with a one-time password asks for a new one at the first sign-in.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit_report",
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_until", sa.Date(), nullable=False),
        sa.Column("doc_number", sa.String(length=80), server_default="", nullable=False),
        sa.Column("doc_date", sa.Date(), nullable=True),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("collective", sa.Integer(), nullable=True),
        sa.Column("individual", sa.Integer(), nullable=True),
        sa.Column("economy", sa.Integer(), nullable=True),
        sa.Column("culture_society", sa.Integer(), nullable=True),
        sa.Column("defence_security", sa.Integer(), nullable=True),
        sa.Column("political_system", sa.Integer(), nullable=True),
        sa.Column("registered", sa.Integer(), nullable=True),
        sa.Column("recognised", sa.Integer(), nullable=True),
        sa.Column("outstanding", sa.Integer(), nullable=True),
        sa.Column("awarded", sa.Integer(), nullable=True),
        sa.Column("replicated", sa.Integer(), nullable=True),
        sa.Column("contests", sa.Integer(), nullable=True),
        sa.Column("contest_units", sa.Integer(), nullable=True),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("return_comment", sa.String(length=500), server_default="", nullable=False),
        sa.Column("submitted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("submitted_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["admin_unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit_id", "period_from", "period_until", name="uq_unit_report_period"),
    )
    with op.batch_alter_table("unit_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_report_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_unit_report_unit_id"), ["unit_id"], unique=False)

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")

    with op.batch_alter_table("unit_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_report_unit_id"))
        batch_op.drop_index(batch_op.f("ix_unit_report_status"))

    op.drop_table("unit_report")
