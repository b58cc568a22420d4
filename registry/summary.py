"""The summary tables: counts of live records, kept in step with every write.

Writes pass deltas keyed by the full dimension tuple (models.SUMMARY_DIMS); each rollup receives
the deltas projected onto its own dimensions, as one upsert per rollup, in the writer's
transaction. ``rebuild`` recomputes every rollup from the records in SQL (after a bulk load).
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from sqlalchemy import Integer, cast, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from registry.models import ROLLUPS, SUMMARY_DIMS, DataVersion, ModelExample

Key = tuple  # a value per SUMMARY_DIMS entry


def key_of(example: ModelExample | dict) -> Key:
    """The summary key of a record (or of a row of column values): the most specific place,
    programme 0 for none."""
    get = example.get if isinstance(example, dict) else example.__getattribute__
    return (get("year"), get("field_id"), get("commune_id") or get("unit_id"), get("kind"),
            get("bloc_id"), get("stage"), int(get("replicated_from_id") is not None),
            int(bool(get("is_sample"))), get("programme_id") or 0)


def _dialect_insert(session: Session, table):
    return (postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert)(table)


def apply(session: Session, deltas: Counter | dict[Key, int]) -> None:
    """Add ``deltas`` (key → +n/−n) to every rollup and drop rows that reach zero."""
    deltas = {k: v for k, v in deltas.items() if v}
    if not deltas:
        return
    for model, dims in ROLLUPS:
        index = [SUMMARY_DIMS.index(d) for d in dims]
        projected: Counter = Counter()
        for key, n in deltas.items():
            projected[tuple(key[i] for i in index)] += n
        rows = [dict(zip(dims, k), n=n) for k, n in projected.items() if n]
        if not rows:
            continue
        table = model.__table__
        stmt = _dialect_insert(session, table)
        stmt = stmt.on_conflict_do_update(index_elements=list(dims), set_={"n": table.c.n + stmt.excluded.n})
        session.execute(stmt, rows)
        if any(r["n"] < 0 for r in rows):
            session.execute(table.delete().where(table.c.n <= 0))


def rebuild(session: Session) -> None:
    """Recompute every rollup from the live records, in SQL."""
    ex = ModelExample.__table__
    place = func.coalesce(ex.c.commune_id, ex.c.unit_id).label("place_id")
    exprs = {
        "year": ex.c.year, "field_id": ex.c.field_id, "place_id": place, "kind": ex.c.kind,
        "bloc_id": ex.c.bloc_id, "stage": ex.c.stage,
        "is_replication": cast(ex.c.replicated_from_id.is_not(None), Integer).label("is_replication"),
        "is_sample": cast(ex.c.is_sample, Integer).label("is_sample"),
        "programme_id": func.coalesce(ex.c.programme_id, 0).label("programme_id"),
    }
    for model, dims in ROLLUPS:
        table = model.__table__
        session.execute(table.delete())
        cols = [exprs[d] for d in dims]
        source = select(*cols, func.count().label("n")).where(ex.c.deleted.is_(False)).group_by(*cols)
        session.execute(insert(table).from_select([*dims, "n"], source))


def bump_version(session: Session) -> None:
    """Advance the change counter in the writer's transaction."""
    table = DataVersion.__table__
    result = session.execute(update(table).where(table.c.id == 1).values(counter=table.c.counter + 1))
    if result.rowcount == 0:
        session.execute(insert(table).values(id=1, counter=1))


def data_version(session: Session) -> int:
    value = session.execute(select(DataVersion.__table__.c.counter).where(DataVersion.__table__.c.id == 1)).scalar()
    return int(value or 0)


def deltas_for(added: Iterable[ModelExample] = (), removed: Iterable[Key] = ()) -> Counter:
    out: Counter = Counter()
    for ex in added:
        out[key_of(ex)] += 1
    for key in removed:
        out[key] -= 1
    return out
