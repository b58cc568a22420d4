"""The summary tables: counts of live records, kept in step with every write.

Writes pass deltas keyed by the full dimension tuple (models.SUMMARY_DIMS); each rollup receives
the deltas projected onto its own dimensions, as one upsert per rollup, in the writer's
transaction. ``rebuild`` recomputes every rollup from the records in SQL (after a bulk load).

The replication summaries (models.REPLICATION_ROLLUPS: flows, families, time to first copy)
depend on a whole family at once (the origin's unit and liveness, the first copy's date), so a
write does not pass deltas for them: ``Families`` notes the families a write touches before it
changes anything, recomputes their contributions in SQL after the change, and applies the
difference. The same SELECTs, over every family, rebuild the tables.
"""

from __future__ import annotations

import typing
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import CursorResult, Integer, cast, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from registry.models import DataVersion, ModelExample
from registry.reference import data_version  # noqa: F401 (the counter is read there; callers import it here too)
from registry.rollup_tables import REPLICATION_ROLLUPS, ROLLUPS, SUMMARY_DIMS

Key = tuple  # a value per SUMMARY_DIMS entry


def key_of(example: ModelExample | dict) -> Key:
    """The summary key of a record (or of a row of column values): the most specific place,
    programme 0 for none."""
    get = example.get if isinstance(example, dict) else example.__getattribute__
    return (
        get("year"),
        get("field_id"),
        get("commune_id") or get("unit_id"),
        get("kind"),
        get("bloc_id"),
        get("stage"),
        int(get("replicated_from_id") is not None),
        int(bool(get("is_sample"))),
        get("programme_id") or 0,
    )


def _dialect_name(session) -> str:
    """The dialect of a Session or a Connection (the migrations pass a Connection)."""
    bind = session.get_bind() if hasattr(session, "get_bind") else session
    return bind.dialect.name


def _dialect_insert(session: Session, table):
    return (postgresql.insert if _dialect_name(session) == "postgresql" else sqlite.insert)(table)


def apply(session: Session, deltas: Counter | dict[Key, int]) -> None:
    """Add ``deltas`` (key → +n/−n) to every rollup and drop rows that reach zero."""
    _apply_rollups(session, ROLLUPS, SUMMARY_DIMS, deltas)


def _apply_rollups(session, rollups, full_dims, deltas) -> None:
    deltas = {k: v for k, v in deltas.items() if v}
    if not deltas:
        return
    for model, dims in rollups:
        index = [full_dims.index(d) for d in dims]
        projected: Counter = Counter()
        for key, n in deltas.items():
            projected[tuple(key[i] for i in index)] += n
        rows = [dict(zip(dims, k, strict=False), n=n) for k, n in projected.items() if n]
        if not rows:
            continue
        table = model.__table__
        stmt = _dialect_insert(session, table)
        stmt = stmt.on_conflict_do_update(index_elements=list(dims), set_={"n": table.c.n + stmt.excluded.n})
        session.execute(stmt, rows)
        if any(r["n"] < 0 for r in rows):
            session.execute(table.delete().where(table.c.n <= 0))


def rebuild(session: Session) -> None:
    """Recompute every rollup (records and replication) from the live records, in SQL."""
    ex = ModelExample.__table__
    place = func.coalesce(ex.c.commune_id, ex.c.unit_id).label("place_id")
    exprs = {
        "year": ex.c.year,
        "field_id": ex.c.field_id,
        "place_id": place,
        "kind": ex.c.kind,
        "bloc_id": ex.c.bloc_id,
        "stage": ex.c.stage,
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
    rebuild_replication(session)


def bump_version(session: Session) -> None:
    """Advance the change counter in the writer's transaction."""
    table = DataVersion.__table__
    result = session.execute(update(table).where(table.c.id == 1).values(counter=table.c.counter + 1))
    # an UPDATE gives a CursorResult; sqlmodel's Session.execute declares only Result
    if typing.cast(CursorResult, result).rowcount == 0:
        session.execute(insert(table).values(id=1, counter=1))


def deltas_for(added: Iterable[ModelExample] = (), removed: Iterable[Key] = ()) -> Counter:
    out: Counter = Counter()
    for ex in added:
        out[key_of(ex)] += 1
    for key in removed:
        out[key] -= 1
    return out


# --------------------------------------------------------------------------- replication summaries
def _place(t):
    return func.coalesce(t.c.commune_id, t.c.unit_id)


def _flag(column):
    return cast(column, Integer)


def days_between(session, later, earlier):
    """Whole days from ``earlier`` to ``later`` (dates), in SQL."""
    if _dialect_name(session) == "postgresql":
        return cast(later - earlier, Integer)
    return cast(func.julianday(later) - func.julianday(earlier), Integer)


def _copy_dims(c) -> list:
    return [
        c.c.year,
        c.c.field_id,
        c.c.kind,
        c.c.bloc_id,
        c.c.stage,
        _flag(c.c.is_sample),
        func.coalesce(c.c.programme_id, 0),
    ]


def replication_sources(session, roots: list[int] | None = None) -> dict:
    """measure → SELECT of (full dims..., n) over the families of ``roots`` (all when None).
    These define the replication summaries: ``rebuild`` inserts them, writes diff them."""
    ex = ModelExample.__table__
    c, o = ex.alias("c"), ex.alias("o")
    in_roots = (lambda col: col.in_(roots)) if roots is not None else (lambda col: col.is_not(None))
    copy_dims = _copy_dims(c)
    flow_cols = [*copy_dims, _place(o), _place(c)]
    flow = (
        select(*flow_cols, func.count())
        .select_from(c.join(o, o.c.id == c.c.origin_id))
        .where(in_roots(c.c.origin_id), c.c.deleted.is_(False), o.c.deleted.is_(False))
        .group_by(*flow_cols)
    )
    family_cols = [c.c.origin_id, *copy_dims, _place(c)]
    family = (
        select(*family_cols, func.count()).where(in_roots(c.c.origin_id), c.c.deleted.is_(False)).group_by(*family_cols)
    )
    first = (
        select(c.c.origin_id.label("origin_id"), func.min(c.c.registered_on).label("first_on"))
        .where(in_roots(c.c.origin_id), c.c.deleted.is_(False))
        .group_by(c.c.origin_id)
    ).subquery("first")
    first_cols = [*_copy_dims(o), _place(o), days_between(session, first.c.first_on, o.c.registered_on)]
    first_copy = (
        select(*first_cols, func.count())
        .select_from(o.join(first, first.c.origin_id == o.c.id))
        .where(o.c.origin_id.is_(None), o.c.deleted.is_(False))
        .group_by(*first_cols)
    )
    return {"flow": flow, "family": family, "first_copy": first_copy}


def rebuild_replication(session) -> None:
    """Recompute the replication summaries from the records, in SQL. Takes a Session or a
    Connection (migration 0005 fills the new tables with it)."""
    for measure, source in replication_sources(session).items():
        full_dims, rollups = REPLICATION_ROLLUPS[measure]
        full_model = rollups[-1][0]
        for model, _dims in rollups:
            session.execute(model.__table__.delete())
        session.execute(insert(full_model.__table__).from_select([*full_dims, "n"], source))
        full = full_model.__table__
        for model, dims in rollups[:-1]:
            cols = [full.c[d] for d in dims]
            session.execute(
                insert(model.__table__).from_select([*dims, "n"], select(*cols, func.sum(full.c.n)).group_by(*cols))
            )


def family_contributions(session, roots) -> dict[str, Counter]:
    """measure → Counter of full keys for the families of ``roots``."""
    out: dict[str, Counter] = {measure: Counter() for measure in REPLICATION_ROLLUPS}
    roots = sorted({r for r in roots if r is not None})
    for start in range(0, len(roots), 500):
        chunk = roots[start : start + 500]
        for measure, source in replication_sources(session, chunk).items():
            for row in session.execute(source):
                out[measure][tuple(row[:-1])] += int(row[-1])
    return out


class Families:
    """The replication families one write touches. Create it (``watch``) before the write changes
    anything, ``watch`` any further family the write will move records into (also before), and
    call ``apply`` after the write (flushed): the summaries get the difference."""

    def __init__(
        self, session: Session, record_ids: Iterable[int | None] = (), roots: Iterable[int | None] = ()
    ) -> None:
        self.session = session
        self.roots: set[int] = set()
        self.before: dict[str, Counter] = {measure: Counter() for measure in REPLICATION_ROLLUPS}
        self.watch(record_ids, roots)

    def watch(self, record_ids=(), roots=()) -> None:
        """Watch the families of ``record_ids`` (their root, and each record as a root) and ``roots``."""
        wanted = {r for r in roots if r is not None}
        ids = sorted({i for i in record_ids if i is not None})
        wanted.update(ids)
        ex = ModelExample.__table__
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            wanted.update(
                r
                for r in self.session.execute(
                    select(ex.c.origin_id).where(ex.c.id.in_(chunk), ex.c.origin_id.is_not(None))
                ).scalars()
            )
        new = wanted - self.roots
        if new:
            for measure, counts in family_contributions(self.session, new).items():
                self.before[measure].update(counts)
            self.roots |= new

    def apply(self) -> None:
        after = family_contributions(self.session, self.roots)
        for measure, (full_dims, rollups) in REPLICATION_ROLLUPS.items():
            delta = Counter(after[measure])
            delta.subtract(self.before[measure])
            _apply_rollups(self.session, rollups, full_dims, delta)
        self.before = after
