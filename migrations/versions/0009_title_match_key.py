"""match keys for duplicate matching: titles without "mô hình"/"điển hình", "Dân vận khéo", punctuation

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 00:40:00

A new indexed column ``model_example.match_key`` = ``registry.text.title_match_key(title)``
(folded, outer quotes and punctuation removed, a leading "mô hình"/"điển hình" and the words "Dân
vận khéo" dropped), filled for the records stored before it, so that duplicate matching in the
import and the entry form finds a stored record written another way. ``title_key`` (the folded
title) stays what browse sorts by. The function is imported from the application on purpose: the
key must be computed exactly as new records compute it.
"""

import sqlalchemy as sa
from alembic import op

from registry import text

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    op.add_column("model_example", sa.Column("match_key", sa.String(length=300), server_default="", nullable=False))
    op.create_index("ix_example_match_key", "model_example", ["match_key"], unique=False)
    conn = op.get_bind()
    columns = (sa.column("id", sa.Integer), sa.column("title", sa.String), sa.column("match_key"))
    table = sa.table("model_example", *columns)
    last = 0
    while True:
        rows = conn.execute(
            sa.select(table.c.id, table.c.title).where(table.c.id > last).order_by(table.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        conn.execute(
            table.update().where(table.c.id == sa.bindparam("rid")).values(match_key=sa.bindparam("key")),
            [{"rid": rid, "key": text.title_match_key(title or "")[:300]} for rid, title in rows],
        )
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_example_match_key", table_name="model_example")
    op.drop_column("model_example", "match_key")
