"""Fast synthetic rows for benchmarks (``python -m registry synth --models N``).

Rows are generated column-wise with NumPy and inserted in bulk (executemany on SQLite, COPY on
PostgreSQL), then the summaries (records and replication) are rebuilt in SQL, all in one
transaction. On SQLite the search index's triggers are dropped during the load and the FTS index is
rebuilt once at the end (faster than a trigger per row). They carry the sample flag. Stage history
and award rows are not generated: these rows exist to measure aggregation.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from psycopg.copy import QueuedLibpqWriter
from sqlalchemy import func
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Engine
from sqlmodel import select

from registry import search_index, text
from registry.db import write_session
from registry.models import REFORM_DATE, STAGES, AdminUnit, Bloc, ModelExample, WorkField
from registry.records import rollups

COLUMNS = (
    "id",
    "kind",
    "title",
    "holder_name",
    "locality",
    "unit_id",
    "commune_id",
    "field_id",
    "bloc_id",
    "programme_id",
    "description",
    "registered_on",
    "stage",
    "effective_on",
    "recognised_on",
    "outstanding_on",
    "awarded_on",
    "recognition_level",
    "results",
    "beneficiaries",
    "funds_vnd",
    "replicated_from_id",
    "is_sample",
    "year",
    "title_key",
    "match_key",
    "search_text",
    "origin_id",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "version",
    "deleted",
)
TITLES = [
    "Tuyến phố văn minh",
    "Hiến đất làm đường giao thông",
    "Tổ tự quản an ninh trật tự",
    "Sản xuất rau an toàn",
    "Dịch vụ công trực tuyến",
    "Chính quyền thân thiện, vì nhân dân phục vụ",
    "Khu dân cư kiểu mẫu",
    "Phân loại rác thải tại nguồn",
]


def synthesize(engine: Engine, n: int, *, seed: int = 7, chunk: int = 200_000) -> int:

    rng = np.random.default_rng(seed)
    with write_session(engine) as session:
        units = session.exec(select(AdminUnit)).all()
        old = [u for u in units if u.level == "district" and u.code != "405"] + [
            u for u in units if u.level == "province"
        ]
        new = [u for u in units if u.level == "commune" and u.valid_from >= REFORM_DATE] or old
        field_ids = [r for r in session.exec(select(WorkField.id)).all()]
        bloc_ids = [r for r in session.exec(select(Bloc.id)).all()]
        start_id = (session.exec(select(func.max(ModelExample.id))).one() or 0) + 1
        first, last = dt.date(2016, 1, 1).toordinal(), min(dt.date.today(), dt.date(2026, 12, 31)).toordinal()
        days = np.sort(rng.triangular(first, last, last, n).astype(np.int64))
        kinds = np.where(rng.random(n) < 0.57, "collective", "individual")
        fields = rng.choice(
            field_ids, n, p=_norm([36, 29, 15, 20][: len(field_ids)] + [10] * max(0, len(field_ids) - 4))
        )
        blocs = rng.choice(bloc_ids, n)
        old_pick = rng.integers(0, len(old), n)
        new_pick = rng.integers(0, len(new), n)
        stages = rng.choice(len(STAGES), n, p=[0.30, 0.35, 0.18, 0.09, 0.08])
        titles = rng.integers(0, len(TITLES), n)
        is_copy = rng.random(n) < 0.2
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        folded = [text.fold(t) for t in TITLES]
        keys = [text.title_match_key(t)[:300] for t in TITLES]
        rows = []
        originals: list[int] = []
        search_index.suspend(session.connection())
        load, finish = _loader(session)
        # SQLite gets dates and timestamps as the strings SQLAlchemy would store (the driver's
        # per-value adapters cost seconds per million rows); COPY on PostgreSQL takes the objects.
        as_text = session.get_bind().dialect.name == "sqlite"
        iso = dt.date.isoformat if as_text else (lambda d: d)
        stamp = now.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if as_text else now
        today = dt.date.today()
        for i in range(n):
            rid = start_id + i
            day = dt.date.fromordinal(int(days[i]))
            unit = new[new_pick[i]] if day >= REFORM_DATE else old[old_pick[i]]
            stage = STAGES[stages[i]]
            dates = [None, None, None, None]
            step = day
            for s in range(stages[i]):
                step = min(step + dt.timedelta(days=30), today)
                dates[s] = iso(step)
            parent = None
            if is_copy[i] and originals:
                parent = (
                    originals[int(rng.integers(0, len(originals)))]
                    if len(originals) < 50
                    else originals[-1 - int(rng.integers(0, 50))]
                )
            else:
                originals.append(rid)
            ti = titles[i]
            rows.append(
                (
                    rid,
                    str(kinds[i]),
                    TITLES[ti],
                    "",
                    "",
                    unit.id,
                    None,
                    int(fields[i]),
                    int(blocs[i]),
                    None,
                    "",
                    iso(day),
                    stage,
                    *dates,
                    "district" if stages[i] >= 2 else None,
                    "",
                    None,
                    None,
                    parent,
                    True,
                    day.year,
                    folded[ti],
                    keys[ti],
                    folded[ti],
                    parent,
                    stamp,
                    "synth",
                    stamp,
                    "synth",
                    1,
                    False,
                )
            )
            if len(rows) >= chunk:
                load(rows)
                rows = []
        if rows:
            load(rows)
        finish()
        search_index.resume(session.connection())
        rollups.rebuild(session)
        rollups.bump_version(session)
        if session.get_bind().dialect.name == "postgresql":
            # fresh planner statistics after a bulk load (autovacuum would get there later)
            session.execute(sql_text("ANALYZE"))
    return n


def _norm(weights: list[float]) -> list[float]:
    total = sum(weights)
    return [w / total for w in weights]


def _copy_value(value) -> str:
    """One value in COPY's text format (the synthetic values hold no tab, newline or backslash)."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    return str(value)


_SECONDARY_INDEXES = """
SELECT pg_get_indexdef(x.indexrelid), c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
WHERE x.indrelid = 'model_example'::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
"""


def _loader(session):
    """``(load, finish)``: ``load(rows)`` stores a chunk of rows; ``finish()`` ends the load.

    SQLite: executemany per chunk. PostgreSQL: one COPY in text format for the whole load, from
    lines built here (psycopg's ``write_row`` adapts every value on its own) and sent by a writer
    thread, so that the server stores one chunk while the next is generated; the secondary indexes
    are dropped before and built once after (kept up row by row they cost more than the load)."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        placeholders = ", ".join("?" for _ in COLUMNS)
        statement = f"INSERT INTO model_example ({', '.join(COLUMNS)}) VALUES ({placeholders})"
        return (lambda rows: conn.exec_driver_sql(statement, rows)), (lambda: None)
    indexes = conn.exec_driver_sql(_SECONDARY_INDEXES).all()
    for _definition, name in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    raw = conn.connection.driver_connection
    cursor = raw.cursor()
    copy_cm = cursor.copy(f"COPY model_example ({', '.join(COLUMNS)}) FROM STDIN", writer=QueuedLibpqWriter(cursor))
    copy = copy_cm.__enter__()

    def load(rows: list[tuple]) -> None:
        copy.write("".join("\t".join(map(_copy_value, row)) + "\n" for row in rows))

    def finish() -> None:
        copy_cm.__exit__(None, None, None)
        cursor.close()
        conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
        for definition, _name in indexes:
            conn.exec_driver_sql(definition)

    return load, finish
