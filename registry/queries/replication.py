"""Replication: flows between units, the most replicated models, the time to the first copy, and
families (an origin with all its copies). Whole-year periods read the replication summaries
(models.REPLICATION_ROLLUPS), other periods the records table, with the same semantics (tests
cross-check both). Every public function is keyword-only after ``session``."""

from __future__ import annotations

from sqlalchemy import and_, func, select, tuple_
from sqlmodel import Session, col

from registry.models import ModelExample, UnitViewMap
from registry.queries.counts import needed_dims, num, record_conditions, rollup_conditions
from registry.queries.filters import Codes, Filters
from registry.records import rollups
from registry.rollup_tables import REPLICATION_ROLLUPS, SummaryFamilyTotal


# --------------------------------------------------------------------------- replication families
def family_members(session: Session, *, example_id: int) -> list[ModelExample]:
    """The origin of ``example_id``'s family and all of its copies (transitively), live only,
    oldest first. Reads through the origin index."""
    ex = session.get(ModelExample, example_id)
    if ex is None:
        return []
    root = ex.origin_id or ex.id
    stmt = (
        select(ModelExample)
        .where((col(ModelExample.id) == root) | (col(ModelExample.origin_id) == root))
        .where(col(ModelExample.deleted).is_(False))
        .order_by(col(ModelExample.registered_on), col(ModelExample.id))
    )
    return list(session.execute(stmt).scalars())


def spread(session: Session, *, example_id: int, view: str = "then") -> int:
    """The number of distinct units in the family (the origin and all of its copies)."""
    members = family_members(session, example_id=example_id)
    if not members:
        return 0
    places = {m.commune_id or m.unit_id for m in members}
    m = UnitViewMap.__table__
    targets = session.execute(select(m.c.target_id).where(m.c.view == view, m.c.unit_id.in_(places))).scalars()
    return len(set(targets))


# --------------------------------------------------------------------------- records-table reads
def _place(ex):
    return func.coalesce(ex.c.commune_id, ex.c.unit_id)


# --------------------------------------------------------------------------- replication summaries
def _rollup(measure: str, filters: Filters, dims: set[str], force_records: bool = False):
    """The smallest replication rollup of ``measure`` holding ``dims`` and every filtered
    dimension, or None for a period that is not whole years (the records table answers)."""
    if force_records or not filters.whole_years:
        return None
    needed = needed_dims(filters, ()) | set(dims)
    for model, rollup_dims in REPLICATION_ROLLUPS[measure][1]:
        if needed <= set(rollup_dims):
            return model.__table__
    return None


def _rollup_conditions(t, filters: Filters, codes: Codes) -> list:
    """The shared filters on a replication rollup (the same meaning as ``queries.record_conditions`` on
    the record the rollup counts: the copy, or the origin for the first copy)."""
    return rollup_conditions(t, filters, codes, units=True)


def replication_flows(
    session: Session, *, filters: Filters, codes: Codes | None = None, force_records: bool = False
) -> list[tuple[int, int, float]]:
    """(origin unit, adopting unit, copies) in the view: copies registered in the period (the
    filters apply to the copy) against the unit of their family's origin (a live one)."""
    codes = codes or Codes.load(session)
    t = _rollup("flow", filters, {"origin_place_id", "place_id"}, force_records)
    if t is None:
        return _flows_from_records(session, filters, codes)
    # the rollup summed by pair of places (a few thousand rows at most), then mapped to the view's
    # units here: joined twice to the map in SQL, SQLite (no statistics) drives the join from the
    # map's rows and probes the rollup for every pair of them
    pairs = session.execute(
        select(t.c.origin_place_id, t.c.place_id, func.sum(t.c.n))
        .where(*_rollup_conditions(t, filters, codes))
        .group_by(t.c.origin_place_id, t.c.place_id)
    ).all()
    if not pairs:
        return []
    m = UnitViewMap.__table__.c
    places = sorted({p for pair in pairs for p in pair[:2]})
    targets: dict[int, list[tuple[int, float]]] = {}
    for start in range(0, len(places), 500):
        for unit_id, target, share in session.execute(
            select(m.unit_id, m.target_id, m.share).where(
                m.view == filters.view, m.unit_id.in_(places[start : start + 500])
            )
        ):
            targets.setdefault(unit_id, []).append((target, share))
    flows: dict[tuple[int, int], float] = {}
    for origin_place, place, n in pairs:
        for a, share_a in targets.get(origin_place, ()):
            for b, share_b in targets.get(place, ()):
                flows[(a, b)] = flows.get((a, b), 0.0) + n * share_b * share_a
    return [(a, b, num(n)) for (a, b), n in sorted(flows.items()) if n]


def _flows_from_records(session: Session, filters: Filters, codes: Codes) -> list[tuple[int, int, float]]:
    ex = ModelExample.__table__
    c, o = ex.alias("c"), ex.alias("o")
    mc, mo = UnitViewMap.__table__.alias("mc"), UnitViewMap.__table__.alias("mo")
    stmt = (
        select(mo.c.target_id, mc.c.target_id, func.sum(mc.c.share * mo.c.share))
        .select_from(
            c.join(o, o.c.id == c.c.origin_id)
            .join(mc, and_(mc.c.view == filters.view, mc.c.unit_id == _place(c)))
            .join(mo, and_(mo.c.view == filters.view, mo.c.unit_id == _place(o)))
        )
        .where(*record_conditions(c, filters, codes), c.c.origin_id.is_not(None), o.c.deleted.is_not(True))
        .group_by(mo.c.target_id, mc.c.target_id)
    )
    return [(a, b, num(n)) for a, b, n in session.execute(stmt).all() if n]


def most_replicated(
    session: Session, *, filters: Filters, codes: Codes | None = None, limit: int = 10, force_records: bool = False
) -> list[dict]:
    """The families with the most copies registered in the period (filters apply to the copies):
    origin id, title, unit, year, copies and the number of units (in the view) they reached.
    Ties go to the lower origin id."""
    codes = codes or Codes.load(session)
    t = _rollup("family", filters, {"origin_id"}, force_records)
    if t is None:
        return _most_replicated_from_records(session, filters, codes, limit)
    top = _top_families(session, t, _rollup_conditions(t, filters, codes), limit)
    if not top:
        return []
    ex = ModelExample.__table__
    info = {
        r[0]: r
        for r in session.execute(
            select(ex.c.id, ex.c.title, ex.c.unit_id, ex.c.commune_id, ex.c.year).where(
                ex.c.id.in_([o for o, _n in top])
            )
        )
    }
    out = [
        dict(origin_id=o, copies=int(n), title=info[o][1], unit_id=info[o][2], commune_id=info[o][3], year=info[o][4])
        for o, n in top
        if o in info
    ]
    # the units the copies reached, in the view: the full family rollup of these origins only
    full = _rollup("family", filters, {"origin_id", "place_id"})
    return _with_units_reached(session, out, full, full.c.place_id, _rollup_conditions(full, filters, codes), filters)


def _with_units_reached(session: Session, out: list[dict], source, place, conds: list, filters: Filters) -> list[dict]:
    """``out`` (families by origin_id) with "units": the distinct units of the view their copies
    in ``source`` (a family rollup or the records) under ``conds`` reached."""
    if not out:
        return out
    m = UnitViewMap.__table__.alias("m")
    stmt = (
        select(source.c.origin_id, func.count(func.distinct(m.c.target_id)))
        .select_from(source.join(m, and_(m.c.view == filters.view, m.c.unit_id == place)))
        .where(source.c.origin_id.in_([r["origin_id"] for r in out]), *conds)
        .group_by(source.c.origin_id)
    )
    reached = dict(session.execute(stmt).all())
    for r in out:
        r["units"] = int(reached.get(r["origin_id"], 0))
    return out


TOP_BATCH = 500


TOP_MAX_SCAN = 5000


def _top_families(session: Session, t, conds: list, limit: int) -> list[tuple[int, int]]:
    """The ``limit`` origins with the most copies in rollup ``t`` under ``conds``, most first, ties
    by origin id. Origins are read in order of their copies of all time (summary_family_total,
    through its index), which bound their copies under any filter: the scan stops as soon as no
    unread origin can enter the top. Past TOP_MAX_SCAN origins (a filter that leaves few copies),
    one GROUP BY over the rollup answers instead."""
    tot = SummaryFamilyTotal.__table__
    best: list[tuple[int, int]] = []  # (copies, origin_id)
    last = None
    scanned = 0
    while True:
        stmt = select(tot.c.n, tot.c.origin_id).order_by(tot.c.n.desc(), tot.c.origin_id.desc()).limit(TOP_BATCH)
        if last is not None:
            stmt = stmt.where(tuple_(tot.c.n, tot.c.origin_id) < tuple_(*last))
        batch = session.execute(stmt).all()
        if not batch:
            break
        ids = [o for _n, o in batch]
        counted = session.execute(
            select(t.c.origin_id, func.sum(t.c.n)).where(t.c.origin_id.in_(ids), *conds).group_by(t.c.origin_id)
        ).all()
        best = sorted(
            best + [(-int(n), o) for o, n in counted if n],
        )[:limit]
        last = tuple(batch[-1])
        scanned += len(batch)
        if len(batch) < TOP_BATCH or (len(best) == limit and -best[-1][0] > last[0]):
            break
        if scanned >= TOP_MAX_SCAN:
            copies = func.sum(t.c.n).label("copies")
            stmt = (
                select(t.c.origin_id, copies)
                .where(*conds)
                .group_by(t.c.origin_id)
                .order_by(copies.desc(), t.c.origin_id)
                .limit(limit)
            )
            return [(o, int(n)) for o, n in session.execute(stmt).all() if n]
    return [(o, -neg) for neg, o in best]


def _most_replicated_from_records(session: Session, filters: Filters, codes: Codes, limit: int) -> list[dict]:
    ex = ModelExample.__table__
    c = ex.alias("c")
    copies = func.count().label("copies")
    top = (
        select(c.c.origin_id, copies)
        .where(*record_conditions(c, filters, codes), c.c.origin_id.is_not(None))
        .group_by(c.c.origin_id)
        .order_by(copies.desc(), c.c.origin_id)
        .limit(limit)
    ).subquery("top")
    stmt = (
        select(top.c.origin_id, top.c.copies, ex.c.title, ex.c.unit_id, ex.c.commune_id, ex.c.year)
        .join_from(top, ex, ex.c.id == top.c.origin_id)
        .order_by(top.c.copies.desc(), top.c.origin_id)
    )
    out = [
        dict(origin_id=r[0], copies=int(r[1]), title=r[2], unit_id=r[3], commune_id=r[4], year=r[5])
        for r in session.execute(stmt).all()
    ]
    # the units the copies reached, in the view: a second small read through the origin index
    return _with_units_reached(session, out, c, _place(c), record_conditions(c, filters, codes), filters)


def days_to_first_copy(
    session: Session, *, filters: Filters, codes: Codes | None = None, force_records: bool = False
) -> list[tuple[int, int]]:
    """(days from the origin to its first copy, number of families), for the origins registered in
    the period (the filters apply to the origin). Families without a live copy are left out."""
    codes = codes or Codes.load(session)
    t = _rollup("first_copy", filters, {"days"}, force_records)
    if t is None:
        return _days_to_first_copy_from_records(session, filters, codes)
    stmt = (
        select(t.c.days, func.sum(t.c.n))
        .where(*_rollup_conditions(t, filters, codes))
        .group_by(t.c.days)
        .order_by(t.c.days)
    )
    return [(int(d), int(n)) for d, n in session.execute(stmt).all() if n]


def _days_to_first_copy_from_records(session: Session, filters: Filters, codes: Codes) -> list[tuple[int, int]]:
    ex = ModelExample.__table__
    c, o = ex.alias("c"), ex.alias("o")
    first = (
        select(c.c.origin_id.label("origin_id"), func.min(c.c.registered_on).label("first_on"))
        .where(c.c.origin_id.is_not(None), c.c.deleted.is_not(True))
        .group_by(c.c.origin_id)
    ).subquery("first")
    days = rollups.days_between(session, first.c.first_on, o.c.registered_on).label("days")
    stmt = (
        select(days, func.count())
        .select_from(o.join(first, first.c.origin_id == o.c.id))
        .where(*record_conditions(o, filters, codes), o.c.origin_id.is_(None))
        .group_by(days)
        .order_by(days)
    )
    return [(int(d), int(n)) for d, n in session.execute(stmt).all()]


# a family member's row: key -> record attribute
MEMBER_COLUMNS = {"id": "id", "title": "title", "parent_id": "replicated_from_id", "year": "year"}
MEMBER_COLUMNS |= {"registered_on": "registered_on", "unit_id": "unit_id"}


def family_tree(session: Session, *, example_id: int, view: str = "then") -> list[dict]:
    """The family of ``example_id``: one row per member (origin first) with its parent, year and
    the unit it counts in under ``view`` (the largest share where a view splits a unit)."""
    members = family_members(session, example_id=example_id)
    if not members:
        return []
    places = {m.commune_id or m.unit_id for m in members}
    mc = UnitViewMap.__table__.c
    best: dict[int, tuple[float, int]] = {}
    for unit_id, target, share in session.execute(
        select(mc.unit_id, mc.target_id, mc.share).where(mc.view == view, mc.unit_id.in_(places))
    ):
        if unit_id not in best or share > best[unit_id][0]:
            best[unit_id] = (share, target)
    return [
        {
            **{key: getattr(m, attr) for key, attr in MEMBER_COLUMNS.items()},
            "view_unit_id": best.get(m.commune_id or m.unit_id, (1.0, m.unit_id))[1],
            "is_origin": m.origin_id is None,
        }
        for m in members
    ]
