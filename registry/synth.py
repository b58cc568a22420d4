"""Fast synthetic rows for benchmarks (``python -m registry synth --models N``).

Rows are generated column-wise with NumPy (a handful of arrays, no Python object per value until a
chunk is handed to the driver) and inserted in bulk, all in one transaction:

- SQLite: ``executemany`` per chunk, the columns every row shares written into the statement as
  literals (fewer values to bind); the secondary indexes of the records table are dropped for the
  load and built once after, the search index's triggers are dropped and the FTS index filled once
  at the end (with a larger buffer), and the connection runs with a large page cache, without
  foreign-key checks (every id comes from the database itself) and in rollback-journal mode
  instead of WAL (see ``_session``).
- PostgreSQL: one COPY in text format through a writer thread; the secondary and trigram indexes
  and the foreign keys are dropped for the load and re-created after, then ANALYZE.

The summaries are not recomputed from every record: the new rows' counts, taken from the generated
arrays, are added to them (``_add_to_summaries``; tests/test_synth.py checks them against a
recount). The rows carry the sample flag. Stage history and award rows are not generated: these
rows exist to measure aggregation.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import repeat
from typing import Any, cast

import numpy as np
from psycopg.copy import QueuedLibpqWriter
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from registry import search_index, text
from registry.db import write_on, write_session
from registry.models import REFORM_DATE, STAGES, AdminUnit, Bloc, ModelExample, WorkField
from registry.records import rollups
from registry.records.words import STAGE_COLUMNS
from registry.rollup_tables import REPLICATION_ROLLUPS, ROLLUPS

# the columns that differ from row to row, in the order ``_columns`` yields them
VARYING = (
    "id",
    "kind",
    "title",
    "unit_id",
    "field_id",
    "bloc_id",
    "registered_on",
    *STAGE_COLUMNS,
    "replicated_from_id",
    "origin_id",
    "year",
    "title_key",
    "match_key",
    "search_text",
)
# the columns every synthetic row shares (``None`` for the two timestamps: the time of the load)
SHARED = {
    "holder_name": "",
    "locality": "",
    "commune_id": None,
    "programme_id": None,
    "description": "",
    "results": "",
    "beneficiaries": None,
    "funds_vnd": None,
    "is_sample": True,
    "created_at": None,
    "created_by": "synth",
    "updated_at": None,
    "updated_by": "synth",
    "version": 1,
    "deleted": False,
}
COLUMNS = VARYING + tuple(SHARED)
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
KINDS = ("collective", "individual")
STAGE_STEP_DAYS = 30  # each stage reached a month after the one before (at most today)


def synthesize(engine: Engine, n: int, *, seed: int = 7, chunk: int = 200_000) -> int:
    """Add ``n`` synthetic records (ids after the largest one) and bring the summaries up to date."""
    with _session(engine) as session:
        conn = session.connection()
        # as SQLAlchemy stores a UTC timestamp on SQLite (and as COPY reads one)
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%d %H:%M:%S.%f")
        shared = {**SHARED, "created_at": now, "updated_at": now}
        columns, facts = _columns(session, n, np.random.default_rng(seed))
        search_index.suspend(conn)
        load, finish = _loader(conn, shared)
        for start in range(0, n, chunk):
            load([c[start : start + chunk] for c in columns])
        finish()
        _resume_search_index(conn)
        _add_to_summaries(conn, facts)
        rollups.bump_version(session)
        if conn.dialect.name == "postgresql":
            # fresh planner statistics after a bulk load (autovacuum would get there later)
            conn.exec_driver_sql("ANALYZE")
    return n


def _columns(session: Session, n: int, rng: np.random.Generator) -> tuple[list[list], dict[str, Any]]:
    """The values of the ``VARYING`` columns, one list per column (dates as ISO text), and the
    arrays the summaries are counted from (``_add_to_summaries``)."""
    units = session.scalars(select(AdminUnit)).all()
    old = [u.id for u in units if u.level == "district" and u.code != "405"]
    old += [u.id for u in units if u.level == "province"]
    new = [u.id for u in units if u.level == "commune" and u.valid_from >= REFORM_DATE] or old
    field_ids = list(session.scalars(select(col(WorkField.id))).all())
    bloc_ids = list(session.scalars(select(col(Bloc.id))).all())
    start_id = (session.scalar(select(func.max(ModelExample.id))) or 0) + 1
    today = dt.date.today()
    first, last = dt.date(2016, 1, 1).toordinal(), min(today, dt.date(2026, 12, 31)).toordinal()
    # every date is a day from `first` to today: ISO text and year looked up by day number
    calendar = [dt.date.fromordinal(o) for o in range(first, today.toordinal() + 1)]
    iso = np.array([d.isoformat() for d in calendar] + [None], dtype=object)  # [-1]: no date
    years = np.array([d.year for d in calendar])

    day = np.sort(rng.triangular(first, last, last, n).astype(np.int64)) - first
    kind = (rng.random(n) >= 0.57).astype(np.int64)  # index in KINDS
    weights = [36, 29, 15, 20][: len(field_ids)] + [10] * max(0, len(field_ids) - 4)
    field = np.array(field_ids)[rng.choice(len(field_ids), n, p=np.array(weights) / sum(weights))]
    bloc = np.array(bloc_ids)[rng.integers(0, len(bloc_ids), n)]
    unit = np.where(
        day >= REFORM_DATE.toordinal() - first,
        np.array(new)[rng.integers(0, len(new), n)],
        np.array(old)[rng.integers(0, len(old), n)],
    )
    stage = rng.choice(len(STAGES), n, p=[0.30, 0.35, 0.18, 0.09, 0.08])
    stage_dates = [
        iso[np.where(stage > s, np.minimum(day + STAGE_STEP_DAYS * (s + 1), len(calendar) - 1), -1)].tolist()
        for s in range(4)
    ]
    title = rng.integers(0, len(TITLES), n)
    folded = np.array([text.fold(t) for t in TITLES], dtype=object)[title].tolist()
    keys = np.array([text.title_match_key(t)[:300] for t in TITLES], dtype=object)[title].tolist()
    parent = _parents(rng, n)
    parent_ids = [None if p < 0 else p + start_id for p in parent.tolist()]
    columns = [
        list(range(start_id, start_id + n)),
        np.array(KINDS, dtype=object)[kind].tolist(),
        np.array(TITLES, dtype=object)[title].tolist(),
        unit.tolist(),
        field.tolist(),
        bloc.tolist(),
        iso[day].tolist(),
        np.array(STAGES, dtype=object)[stage].tolist(),
        *stage_dates,
        ["district" if s >= 2 else None for s in stage.tolist()],
        parent_ids,
        parent_ids,  # origin_id: copies point at an original, so the root is the parent
        years[day].tolist(),
        folded,
        keys,
        folded,
    ]
    facts = {"start_id": start_id, "year": years[day], "field": field, "place": unit, "kind": kind}
    facts |= {"bloc": bloc, "stage": stage, "parent": parent, "day": day}
    return columns, facts


def _parents(rng: np.random.Generator, n: int) -> np.ndarray:
    """The row each row copies, -1 for an original: a fifth of the rows are copies, each of one
    of the originals before it (any of the first 50, then one of the 50 latest)."""
    is_copy = rng.random(n) < 0.2
    is_copy[:1] = False  # the first row has no original before it
    originals = np.flatnonzero(~is_copy)
    before: np.ndarray = np.cumsum(~is_copy) - (~is_copy)  # originals before each row
    pick = rng.random(n)
    index = np.where(before < 50, (pick * before).astype(np.int64), before - 1 - (pick * 50).astype(np.int64))
    return np.where(is_copy, originals[np.minimum(index, len(originals) - 1)], -1)


def _copy_value(value) -> str:
    """One value in COPY's text format (the synthetic values hold no tab, newline or backslash)."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    return str(value)


def _sql_literal(value) -> str:
    """One of the ``SHARED`` values as an SQLite literal."""
    if value is None:
        return "NULL"
    if value is True or value is False:
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _dropped_for_the_load(conn) -> list[tuple[str, str]]:
    """(statement re-creating it, statement dropping it) of each index of the records table that
    no constraint needs and, on PostgreSQL, of each of its foreign keys (a trigger per row and key
    during the COPY; added back, each is checked in one pass over the table)."""
    if conn.dialect.name != "postgresql":  # the automatic indexes of constraints have no SQL
        rows = conn.exec_driver_sql(
            "SELECT sql, name FROM sqlite_master"
            " WHERE type = 'index' AND tbl_name = 'model_example' AND sql IS NOT NULL"
        ).all()
        return [(sql, f'DROP INDEX "{name}"') for sql, name in rows]
    indexes = conn.exec_driver_sql(
        "SELECT pg_get_indexdef(x.indexrelid), c.relname FROM pg_index x"
        " JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = 'model_example'::regclass"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)"
    ).all()
    keys = conn.exec_driver_sql(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = 'model_example'::regclass AND contype = 'f'"
    ).all()
    return [(sql, f'DROP INDEX "{name}"') for sql, name in indexes] + [
        (
            f'ALTER TABLE model_example ADD CONSTRAINT "{name}" {sql}',
            f'ALTER TABLE model_example DROP CONSTRAINT "{name}"',
        )
        for name, sql in keys
    ]


def _loader(conn, shared: dict):
    """``(load, finish)``: ``load(columns)`` stores a chunk given as one list per ``VARYING``
    column; ``finish()`` ends the load and re-creates the indexes and keys it dropped (kept up
    row by row they cost more than the load itself)."""
    dropped = _dropped_for_the_load(conn)
    for _create, drop in dropped:
        conn.exec_driver_sql(drop)

    def build_indexes() -> None:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '1GB'")  # also for the trigram index
        for create, _drop in dropped:
            conn.exec_driver_sql(create)

    if conn.dialect.name != "postgresql":
        values = ", ".join(["?"] * len(VARYING) + [_sql_literal(v) for v in shared.values()])
        statement = f"INSERT INTO model_example ({', '.join(COLUMNS)}) VALUES ({values})"
        cursor = conn.connection.driver_connection.cursor()
        return (lambda columns: cursor.executemany(statement, zip(*columns, strict=True))), build_indexes
    # PostgreSQL: one COPY for the whole load, from text built here (psycopg's ``write_row`` adapts
    # every value on its own), sent by a writer thread so that the server stores one chunk while
    # the next is built.
    raw_cursor = conn.connection.driver_connection.cursor()
    copy_cm = raw_cursor.copy(
        f"COPY model_example ({', '.join(COLUMNS)}) FROM STDIN", writer=QueuedLibpqWriter(raw_cursor)
    )
    copy = copy_cm.__enter__()
    tail = "\t".join(_copy_value(v) for v in shared.values()) + "\n"

    def load(columns: list[list]) -> None:
        as_text = [["\\N" if v is None else str(v) for v in c] for c in columns]
        copy.write("".join(map("\t".join, zip(*as_text, repeat(tail), strict=False))))

    def finish() -> None:
        copy_cm.__exit__(None, None, None)
        raw_cursor.close()
        build_indexes()

    return load, finish


def _resume_search_index(conn) -> None:
    """``search_index.resume``; on SQLite with FTS5's buffer of pending index data at 64 MB
    instead of 1 MB while the index is filled (fewer segments written and merged: a third less
    time), and the FTS configuration as it was afterwards."""
    if conn.dialect.name != "sqlite":
        search_index.resume(conn)
        return
    fts = search_index.FTS_TABLE
    before = conn.exec_driver_sql(f"SELECT v FROM {fts}_config WHERE k = 'hashsize'").scalar()
    conn.exec_driver_sql(f"INSERT INTO {fts}({fts}, rank) VALUES ('hashsize', {64 << 20})")
    search_index.resume(conn)
    if before is None:
        conn.exec_driver_sql(f"DELETE FROM {fts}_config WHERE k = 'hashsize'")
    else:
        conn.exec_driver_sql(f"INSERT INTO {fts}({fts}, rank) VALUES ('hashsize', {int(before)})")


def _add_to_summaries(conn, facts: dict) -> None:
    """Add the new rows to every summary, counted here from the generated arrays: the
    counts of ``rollups.rebuild``'s GROUP BYs without sorting every record in SQL. A new row only
    copies a new row, so the new rows form families of their own and the replication summaries
    get those families' counts; every count is added by an upsert (a key may be counted already)."""
    parent, n = facts["parent"], len(facts["parent"])

    def dims_of(rows) -> dict[str, np.ndarray]:
        return {
            "year": facts["year"][rows],
            "field_id": facts["field"][rows],
            "place_id": facts["place"][rows],
            "kind": facts["kind"][rows],
            "bloc_id": facts["bloc"][rows],
            "stage": facts["stage"][rows],
            "is_sample": np.ones(n, dtype=np.int64)[rows],
            "programme_id": np.zeros(n, dtype=np.int64)[rows],
        }

    records = dims_of(slice(None)) | {"is_replication": (parent >= 0).astype(np.int64)}
    copies = np.flatnonzero(parent >= 0)
    origins = parent[copies]
    copy = dims_of(copies) | {"origin_id": origins + facts["start_id"], "origin_place_id": facts["place"][origins]}
    roots, first = np.unique(origins, return_index=True)  # the rows are in date order
    first_copy = dims_of(roots) | {"days": facts["day"][copies[first]] - facts["day"][roots]}
    measures = [(ROLLUPS, records)]
    measures += [(REPLICATION_ROLLUPS[m][1], c) for m, c in (("flow", copy), ("family", copy))]
    measures += [(REPLICATION_ROLLUPS["first_copy"][1], first_copy)]
    cursor = conn.connection.driver_connection.cursor()
    for tables, columns in measures:
        for model, dims in tables:
            table, names = model.__tablename__, ", ".join(dims)
            upsert = f" ON CONFLICT ({names}) DO UPDATE SET n = {table}.n + excluded.n"
            if conn.dialect.name != "postgresql":
                values = ", ".join("?" * (len(dims) + 1))
                cursor.executemany(
                    f"INSERT INTO {table} ({names}, n) VALUES ({values}){upsert}", _counted(columns, dims)
                )
                continue
            # PostgreSQL: COPY the counts straight into an empty summary, else into a scratch
            # table and upsert from there
            empty = cursor.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
            target = table if empty else "synth_counts"
            if not empty:
                cursor.execute(f"CREATE TEMP TABLE synth_counts AS SELECT {names}, n FROM {table} WITH NO DATA")
            with cursor.copy(f"COPY {target} ({names}, n) FROM STDIN") as copy:
                lines = map("\t".join, zip(*_counted(columns, dims, as_text=True), strict=True))
                copy.write("".join(f"{line}\n" for line in lines))
            if not empty:
                cursor.execute(f"INSERT INTO {table} ({names}, n) SELECT {names}, n FROM synth_counts{upsert}")
                cursor.execute("DROP TABLE synth_counts")


def _counted(columns: dict[str, np.ndarray], dims: tuple[str, ...], *, as_text: bool = False) -> list:
    """(value of each of ``dims``..., count) for each distinct combination in ``columns``, in
    the order of the dims (the order of the summary's unique index: each insert lands next to the
    one before). The combination is one integer, the dims' offsets from their minimum in mixed
    radix; kinds and stages are indexes in KINDS and STAGES until the output."""
    key = np.zeros(len(columns[dims[0]]), dtype=np.int64)
    size = 1
    for d in dims:
        low = int(columns[d].min(initial=0))
        span = int(columns[d].max(initial=0)) - low + 1
        if size * span >= 2**62:  # renumber the combinations so far densely
            _unique, key = np.unique(key, return_inverse=True)
            size = int(key.max(initial=0)) + 1
        key, size = key * span + (columns[d] - low), size * span
    _unique, first, counts = np.unique(key, return_index=True, return_counts=True)
    labels = {"kind": np.array(KINDS, dtype=object), "stage": np.array(STAGES, dtype=object)}
    values = [(labels[d][columns[d][first]] if d in labels else columns[d][first]).tolist() for d in dims]
    values.append(counts.tolist())
    if as_text:  # one list of COPY text per column (ints and plain words: nothing to escape)
        return [list(map(str, v)) for v in values]
    return list(zip(*values, strict=True))


# a page cache of up to 1 GiB, and a second thread for the sorts of the index builds
SQLITE_LOAD_PRAGMAS = {"cache_size": "-1048576", "foreign_keys": "OFF", "threads": "2"}


@contextmanager
def _session(engine: Engine) -> Iterator[Session]:
    """``write_session``, but on SQLite with a connection set up for one large write."""
    if engine.dialect.name != "sqlite":
        with write_session(engine) as session:
            yield session
        return
    with engine.connect() as conn:
        # autocommit: the PRAGMAs run before BEGIN
        raw = cast(sqlite3.Connection, conn.connection.driver_connection)  # engine is SQLite here
        before: dict[str, Any] = {
            name: raw.execute(f"PRAGMA {name}").fetchone()[0] for name in ("journal_mode", *SQLITE_LOAD_PRAGMAS)
        }
        for name, value in SQLITE_LOAD_PRAGMAS.items():
            raw.execute(f"PRAGMA {name} = {value}")
        # WAL would write every new page twice (to the log, then back into the file). In
        # rollback-journal mode a load into new pages journals only the few pages that existed
        # before, so the transaction still rolls back whole on an error. SQLite refuses the
        # switch (and stays in WAL) while another connection has the file open.
        if before["journal_mode"] == "wal":
            raw.execute("PRAGMA journal_mode = TRUNCATE")
        try:
            with write_on(conn) as session:
                yield session
        finally:
            raw.execute(f"PRAGMA journal_mode = {before.pop('journal_mode')}")
            for name, value in before.items():
                raw.execute(f"PRAGMA {name} = {value}")
