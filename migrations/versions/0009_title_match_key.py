"""title keys for duplicate matching: without "mô hình"/"điển hình", "Dân vận khéo" and punctuation

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 00:40:00

Data only: ``model_example.title_key`` was the folded title; it becomes
``registry.text.title_match_key(title)`` (folded, outer quotes and punctuation removed, a leading
"mô hình"/"điển hình" and the words "Dân vận khéo" dropped), so that duplicate matching in the
import and the entry form finds a stored record written another way. The function is imported
from the application on purpose: the key must be computed exactly as new records compute it.
Downgrade writes the folded title back.
"""

import sqlalchemy as sa
from alembic import op

from registry import text

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

BATCH = 5000


def _rekey(key) -> None:
    conn = op.get_bind()
    table = sa.table(
        "model_example", sa.column("id", sa.Integer), sa.column("title", sa.String), sa.column("title_key")
    )
    last = 0
    while True:
        rows = conn.execute(
            sa.select(table.c.id, table.c.title).where(table.c.id > last).order_by(table.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        conn.execute(
            table.update().where(table.c.id == sa.bindparam("rid")).values(title_key=sa.bindparam("key")),
            [{"rid": rid, "key": key(title or "")[:300]} for rid, title in rows],
        )
        last = rows[-1][0]


def upgrade() -> None:
    _rekey(text.title_match_key)


def downgrade() -> None:
    _rekey(text.fold)
