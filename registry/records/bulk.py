"""Many records at once (the import, the demo loader): validate every row, then insert all or
none, fast (Core executemany; on SQLite straight through the DB-API cursor), with their stage
history, awards, rollups, one audit row and the change counter in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Boolean, Date, DateTime, func, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from registry import search_index, text
from registry.errors import Notice, Problem, ValidationFailed
from registry.models import (
    STAGE_DATE_FIELDS,
    STAGES,
    Award,
    ModelExample,
    ModelExampleCreate,
    StageEvent,
    id_of,
    utcnow,
)
from registry.permissions import Actor, authorize
from registry.records import rollups
from registry.records.audit import audit
from registry.records.validation import References, finish_values, resolve_input, root_of


@dataclass
class RowResult:
    """The outcome of validating one input row of a batch. ``notices`` say what the registry read
    and did for the row without refusing it (each with its ``field`` and ``rule``); ``rule`` is
    the placement rule of the row's unit (registry.units.placement.RULES, "" when not placed)."""

    index: int
    values: dict | None
    problems: list[Problem]
    data: ModelExampleCreate | None = None
    notices: list[Notice] = field(default_factory=list)
    rule: str = ""


def validate_batch(
    session: Session, rows: Sequence[ModelExampleCreate], refs: References | None = None
) -> list[RowResult]:
    """Validate many inputs at once (origins fetched in one query). Nothing is written."""
    refs = refs or References(session)
    wanted = {r.replicated_from for r in rows if r.replicated_from is not None}
    origins: dict[int, ModelExample] = {}
    if wanted:
        for chunk in chunks(sorted(wanted), 500):
            for ex in session.exec(select(ModelExample).where(col(ModelExample.id).in_(chunk))).all():
                origins[id_of(ex)] = ex
    results = []
    for i, row in enumerate(rows):
        resolution = resolve_input(session, row, refs, origins)
        results.append(
            RowResult(i, resolution.values, resolution.problems, row, notices=resolution.notices, rule=resolution.rule)
        )
    return results


def chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bulk_insert(
    session: Session,
    rows: Sequence[ModelExampleCreate],
    actor: Actor,
    refs: References | None = None,
    note: str = "import",
) -> list[int]:
    """Validate every row, then insert all of them or none (raises ValidationFailed listing the
    problems of the first bad rows). Summaries, history, awards, audit and the counter follow in
    the same transaction. Returns the new ids in input order."""
    refs = refs or References(session)
    results = validate_batch(session, rows, refs)
    bad = [r for r in results if r.problems]
    if bad:
        raise ValidationFailed(
            [Problem(p.field, p.key, {**p.params, "row": r.index}) for r in bad[:50] for p in r.problems]
        )
    resolved = [_resolved(r) for r in results]
    for values, _data in resolved:
        authorize(actor, "create", values["unit_id"], refs.units)
    return insert_resolved(session, resolved, actor, note=note, refs=refs)


def _resolved(result: RowResult) -> tuple[dict, ModelExampleCreate]:
    if result.values is None or result.data is None:  # a batch row without problems has both
        raise ValueError(f"row {result.index} was not resolved")
    return result.values, result.data


def _sqlite_converter(column):
    """How SQLAlchemy would store a value of ``column`` in SQLite: dates ISO, datetimes naive UTC
    with microseconds, booleans 0/1; None for everything stored as is."""
    kind = column.type
    kind = getattr(kind, "impl_instance", None) or getattr(kind, "impl", kind)
    if isinstance(kind, DateTime) or isinstance(column.type, DateTime):

        def convert(value):
            if value is None:
                return None
            naive = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
            return naive.strftime("%Y-%m-%d %H:%M:%S.%f")

        return convert
    if isinstance(kind, Date):
        return lambda value: None if value is None else value.isoformat()
    if isinstance(kind, Boolean):
        return lambda value: None if value is None else int(value)
    return None


def _sqlite_executemany(session: Session, table, rows: list[dict]) -> None:
    """Bulk insert straight through the DB-API cursor: the bulk paths (import, demo) spend most of
    their time in per-row parameter processing otherwise. Values are converted as the column types
    would convert them."""
    if not rows:
        return
    columns = [c for c in table.columns if c.name in rows[0]]
    names = [c.name for c in columns]
    converters = [_sqlite_converter(c) for c in columns]
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    conn = session.connection()
    for chunk in chunks(rows, 10_000):
        values = [[row[n] for row in chunk] for n in names]
        for i, conv in enumerate(converters):
            if conv is not None:  # each distinct value once: dates and timestamps repeat
                stored = {v: conv(v) for v in set(values[i])}
                values[i] = [stored[v] for v in values[i]]
        conn.exec_driver_sql(sql, list(zip(*values, strict=True)))


def _bulk(session: Session, table, rows: list[dict]) -> None:
    if session.get_bind().dialect.name == "sqlite":
        _sqlite_executemany(session, table, rows)
        return
    for chunk in chunks(rows, 5000):
        session.execute(insert(table), list(chunk))


def _insert_rows(session: Session, table, payload: list[dict]) -> list[int]:
    """Insert rows and return their ids in order. SQLite writers hold the database lock (BEGIN
    IMMEDIATE), so ids can be assigned up front and the rows go in one executemany; elsewhere
    INSERT … RETURNING in batches."""
    if session.get_bind().dialect.name == "sqlite":
        start = (session.execute(sa_select(func.max(table.c.id))).scalar() or 0) + 1
        ids = list(range(start, start + len(payload)))
        for row, new_id in zip(payload, ids, strict=False):
            row["id"] = new_id
        if table.name != ModelExample.__tablename__:
            _sqlite_executemany(session, table, payload)
            return ids
        with search_index.rows_indexed_after(session.connection(), start, start + len(payload) - 1):
            _sqlite_executemany(session, table, payload)
        return ids
    ids = []
    for chunk in chunks(payload, 2000):
        ids += list(
            session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), list(chunk)).scalars()
        )
    return ids


def insert_resolved(
    session: Session, items: Sequence[tuple[dict, ModelExampleCreate]], actor: Actor, note: str, refs: References
) -> list[int]:
    """Insert already validated rows fast (Core executemany), then their history and awards."""
    if not items:
        return []
    table = ModelExample.__table__
    now = utcnow()
    root_cache: dict[int, int] = {}
    payload = []
    for values, _data in items:
        row = dict(finish_values(dict(values), refs))
        parent = row.get("replicated_from_id")
        if parent is not None:
            if parent not in root_cache:
                origin = session.get_one(ModelExample, parent)
                root_cache[parent] = root_of(origin)
            row["origin_id"] = root_cache[parent]
        else:
            row["origin_id"] = None
        row.update(
            created_at=now,
            updated_at=now,
            created_by=actor.name,
            updated_by=actor.name,
            version=1,
            deleted=False,
            deleted_at=None,
            deleted_by=None,
        )
        payload.append(row)
    families = rollups.Families(session, roots=set(root_cache.values()))
    ids = _insert_rows(session, table, payload)
    events, awards = [], []
    deltas: Counter = Counter()
    for example_id, row, (_values, data) in zip(ids, payload, items, strict=False):
        events.append(
            dict(
                example_id=example_id,
                stage="registered",
                reached_on=row["registered_on"],
                level=None,
                reason="",
                at=now,
                by=actor.name,
            )
        )
        for stage in STAGES[1 : STAGES.index(row["stage"]) + 1]:
            events.append(
                dict(
                    example_id=example_id,
                    stage=stage,
                    reached_on=row[STAGE_DATE_FIELDS[stage]],
                    level=row["recognition_level"] if stage == "recognised" else None,
                    reason="",
                    at=now,
                    by=actor.name,
                )
            )
        if row["stage"] == "awarded":
            awards.append(
                dict(
                    example_id=example_id,
                    form=text.canonical(data.award_form),
                    issuer=text.canonical(data.award_issuer),
                    awarded_on=row["awarded_on"],
                    created_at=now,
                    created_by=actor.name,
                )
            )
        deltas[rollups.key_of(row)] += 1
    _bulk(session, StageEvent.__table__, events)
    _bulk(session, Award.__table__, awards)
    rollups.apply(session, deltas)
    families.apply()
    audit(
        session, actor, "import", None, None, {"created": len(ids), "first_id": ids[0], "last_id": ids[-1]}, note=note
    )
    rollups.bump_version(session)
    return ids
