"""origin as written: "Nhân rộng từ" text that named no stored record

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 03:00:00

A new column ``model_example.replicated_from_text``: what a form, an import row or the CLI wrote
in "Nhân rộng từ" when it did not resolve to one stored record (a title, "title (unit)",
"title – unit – year" that matched nothing or several records). Empty for the records stored
before it and for every record whose origin is linked by id. No index: it is shown, never searched.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "model_example",
        sa.Column("replicated_from_text", sa.String(length=300), server_default="", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("model_example", "replicated_from_text")
