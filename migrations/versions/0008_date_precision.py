"""the precision of each date of a record: year, month or day

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 12:00:00

Sources often give only the year ("năm 2023") or the month ("tháng 3/2023") of a registration or a
stage. The date column keeps the first day of that year or month (counts by year are unchanged) and
a new column beside each date says how much of it the source gave: ``registered_precision``,
``effective_precision``, ``recognised_precision``, ``outstanding_precision``, ``awarded_precision``,
each "year", "month" or "day". Existing records had full dates: the server default "day" fills them.
Plain ADD/DROP COLUMN (no table copy), so SQLite keeps the search index triggers on the table.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    "registered_precision",
    "effective_precision",
    "recognised_precision",
    "outstanding_precision",
    "awarded_precision",
)


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column("model_example", sa.Column(name, sa.String(length=8), server_default="day", nullable=False))


def downgrade() -> None:
    for name in reversed(COLUMNS):
        op.drop_column("model_example", name)
