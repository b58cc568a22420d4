"""Reads behind the leaders' dashboard: keyword-only functions over a session, all in SQL.

Counts come from ``queries.count_by`` (the smallest summary rollup that holds every dimension a
chart needs). Replication flows, the most replicated models and the time to first copy come from
the replication summaries (models.REPLICATION_ROLLUPS) for whole-year periods, and from the records
table otherwise (the same semantics: tests cross-check both). Browsing, search and family trees
read the records table through its indexes (origin, registered_on, unit/year, the search index of
registry/search_index.py), with pagination in SQL. Units are attributed through the unit-view
mapping table (``unit_view_map``), never through if-statements.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select, tuple_
from sqlmodel import Session

from registry import search_index, text
from registry.records import rollups
from registry.models import (REFORM_DATE, REPLICATION_ROLLUPS, STAGES, AdminUnit, Award, Bloc, ModelExample,
                             Programme, StageEvent, SummaryFamilyTotal, UnitViewMap, WorkField)
from registry.queries import Codes, Filters, count_by, family_members, record_conditions, rollup_conditions

# The day whose units make up a view's map and coverage, where the view is fixed to one date.
# ``then`` has none: its units are those that existed during the period.
VIEW_REFERENCE_DAY = {"districts-2025": REFORM_DATE - dt.timedelta(days=1), "new-units": REFORM_DATE}


# --------------------------------------------------------------------------- reference labels
@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    short_name: str
    level: str
    communes: int | None
    lat: float | None
    lon: float | None
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass
class Labels:
    """Names (in one language), colours and codes of the reference tables, by id."""

    lang: str
    fields: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # id -> (code, name, colour)
    blocs: dict[int, tuple[str, str, bool]] = field(default_factory=dict)  # id -> (code, name, is_state)
    programmes: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (code, name)
    units: dict[int, UnitInfo] = field(default_factory=dict)
    codes: Codes = field(default_factory=Codes)

    @classmethod
    def load(cls, session: Session, lang: str = "vi") -> "Labels":
        name = "name_en" if lang == "en" else "name_vi"
        out = cls(lang)
        for row in session.execute(select(WorkField.id, WorkField.code, getattr(WorkField, name), WorkField.colour)
                                   .order_by(WorkField.sort, WorkField.id)):
            out.fields[row[0]] = (row[1], row[2], row[3])
        for row in session.execute(select(Bloc.id, Bloc.code, getattr(Bloc, name), Bloc.is_state)
                                   .order_by(Bloc.sort, Bloc.id)):
            out.blocs[row[0]] = (row[1], row[2], bool(row[3]))
        for row in session.execute(select(Programme.id, Programme.code, getattr(Programme, name))
                                   .order_by(Programme.sort, Programme.id)):
            out.programmes[row[0]] = (row[1], row[2])
        u = AdminUnit.__table__.c
        for row in session.execute(select(u.id, u.code, u.name, u.short_name, u.level, u.communes, u.lat, u.lon,
                                          u.valid_from, u.valid_to)):
            out.units[row[0]] = UnitInfo(*row)
        out.codes = Codes(fields={v[0]: k for k, v in out.fields.items()},
                          blocs={v[0]: k for k, v in out.blocs.items()},
                          programmes={v[0]: k for k, v in out.programmes.items()},
                          units={v.code: k for k, v in out.units.items()})
        return out

    def unit_name(self, unit_id: int | None) -> str:
        unit = self.units.get(unit_id) if unit_id is not None else None
        if unit is None:
            return "–"
        return unit.short_name if unit.level == "province" else unit.name

    def field_name(self, field_id: int) -> str:
        return self.fields.get(field_id, (str(field_id), str(field_id), "#777777"))[1]


def known_codes(session: Session) -> dict[str, set[str]]:
    """Valid codes per list filter, for reading filters from a URL."""
    codes = Codes.load(session)
    return {"fields": set(codes.fields), "blocs": set(codes.blocs), "programmes": set(codes.programmes),
            "units": set(codes.units)}


def view_units(session: Session, view: str, start: dt.date, end: dt.date) -> list[int]:
    """The units a view attributes records to (below the province level): the map's tiles, the
    ranking's rows and the denominator of coverage. ``then``: those that existed during
    [start, end]; fixed views: those that existed on the view's reference day."""
    m, u = UnitViewMap.__table__.c, AdminUnit.__table__.c
    day = VIEW_REFERENCE_DAY.get(view)
    lo, hi = (day, day) if day else (start, end)
    stmt = (select(m.target_id).distinct().join_from(UnitViewMap.__table__, AdminUnit.__table__, u.id == m.target_id)
            .where(m.view == view, u.level != "province", u.valid_from <= hi,
                   or_(u.valid_to.is_(None), u.valid_to >= lo)))
    return sorted(session.execute(stmt).scalars())


def unit_options(session: Session, on: dt.date | None = None) -> list[tuple[str, str]]:
    """(code, name) of the province and the district-level and new units, for the unit filter."""
    u = AdminUnit.__table__.c
    stmt = select(u.code, u.name, u.level, u.valid_from).where(
        or_(u.level.in_(("province", "district")), u.valid_from >= REFORM_DATE)).order_by(u.level.desc(), u.code)
    rows = session.execute(stmt).all()
    order = {"province": 0, "district": 1, "commune": 2}
    return [(code, name) for code, name, level, _ in sorted(rows, key=lambda r: (order.get(r[2], 3), r[0]))]


# --------------------------------------------------------------------------- headline
def headline(session: Session, filters: Filters, labels: Labels) -> dict:
    """The overview's figures for the period: total, by kind, last year against the year before,
    recognised and awarded, replications, units covered and the state bloc's share."""
    codes = labels.codes
    by_kind = dict(count_by(session, filters, ("kind",), codes))
    by_year = dict(count_by(session, filters, ("year",), codes))
    by_stage = dict(count_by(session, filters, ("stage",), codes))
    by_bloc = dict(count_by(session, filters, ("bloc_id",), codes))
    by_rep = dict(count_by(session, filters, ("is_replication",), codes))
    by_unit = dict(count_by(session, filters, ("unit",), codes))
    total_n = sum(by_kind.values())
    last, before = filters.end.year, filters.end.year - 1
    reached = stage_reached(by_stage)
    population = view_units(session, filters.view, filters.start, filters.end)
    covered = sum(1 for uid in population if by_unit.get(uid, 0) > 0)
    state = sum(n for bid, n in by_bloc.items() if labels.blocs.get(bid, ("", "", False))[2])
    return {
        "total": total_n, "collective": by_kind.get("collective", 0), "individual": by_kind.get("individual", 0),
        "last_year": last, "last_year_n": by_year.get(last, 0),
        "year_before": before if before >= filters.start.year else None,
        "year_before_n": by_year.get(before, 0) if before >= filters.start.year else None,
        "recognised": reached.get("recognised", 0), "awarded": reached.get("awarded", 0),
        "replications": by_rep.get(1, 0), "units_covered": covered, "units_total": len(population),
        "state_n": state, "state_share": (state / total_n) if total_n else None,
    }


def stage_reached(by_stage: dict[str, float]) -> dict[str, float]:
    """Records that reached at least each stage (the funnel), from counts by current stage."""
    out: dict[str, float] = {}
    running = 0
    for stage in reversed(STAGES):
        running += by_stage.get(stage, 0)
        out[stage] = running
    return {s: out[s] for s in STAGES}


# --------------------------------------------------------------------------- records-table reads
def _place(ex):
    return func.coalesce(ex.c.commune_id, ex.c.unit_id)


# --------------------------------------------------------------------------- replication summaries
def _rollup(measure: str, filters: Filters, dims: set[str], force_records: bool = False):
    """The smallest replication rollup of ``measure`` holding ``dims`` and every filtered
    dimension, or None for a period that is not whole years (the records table answers)."""
    if force_records or not filters.whole_years:
        return None
    needed = set(dims) | {"year"}
    for name, wanted in (("field_id", filters.fields), ("kind", filters.kinds), ("bloc_id", filters.blocs),
                         ("stage", filters.stages), ("programme_id", filters.programmes), ("place_id", filters.units)):
        if wanted:
            needed.add(name)
    if not filters.include_sample:
        needed.add("is_sample")
    for model, rollup_dims in REPLICATION_ROLLUPS[measure][1]:
        if needed <= set(rollup_dims):
            return model.__table__
    return None


def _rollup_conditions(t, filters: Filters, codes: Codes) -> list:
    """The shared filters on a replication rollup (the same meaning as ``queries.record_conditions`` on
    the record the rollup counts: the copy, or the origin for the first copy)."""
    conds = rollup_conditions(t, filters, codes)
    if filters.units:
        m = UnitViewMap.__table__.c
        places = select(m.unit_id).where(m.view == filters.view, m.target_id.in_(codes.ids("units", filters.units)))
        conds.append(t.c.place_id.in_(places))
    return conds


def replication_flows(session: Session, filters: Filters, codes: Codes | None = None, *,
                      force_records: bool = False) -> list[tuple[int, int, float]]:
    """(origin unit, adopting unit, copies) in the view: copies registered in the period (the
    filters apply to the copy) against the unit of their family's origin (a live one)."""
    codes = codes or Codes.load(session)
    t = _rollup("flow", filters, {"origin_place_id", "place_id"}, force_records)
    if t is None:
        return _flows_from_records(session, filters, codes)
    # the rollup summed by pair of places (a few thousand rows at most), then mapped to the view's
    # units here: joined twice to the map in SQL, SQLite (no statistics) drives the join from the
    # map's rows and probes the rollup for every pair of them
    pairs = session.execute(select(t.c.origin_place_id, t.c.place_id, func.sum(t.c.n))
                            .where(*_rollup_conditions(t, filters, codes))
                            .group_by(t.c.origin_place_id, t.c.place_id)).all()
    if not pairs:
        return []
    m = UnitViewMap.__table__.c
    places = sorted({p for pair in pairs for p in pair[:2]})
    targets: dict[int, list[tuple[int, float]]] = {}
    for start in range(0, len(places), 500):
        for unit_id, target, share in session.execute(select(m.unit_id, m.target_id, m.share).where(
                m.view == filters.view, m.unit_id.in_(places[start:start + 500]))):
            targets.setdefault(unit_id, []).append((target, share))
    flows: dict[tuple[int, int], float] = {}
    for origin_place, place, n in pairs:
        for a, share_a in targets.get(origin_place, ()):
            for b, share_b in targets.get(place, ()):
                flows[(a, b)] = flows.get((a, b), 0.0) + n * share_b * share_a
    return [(a, b, _num(n)) for (a, b), n in sorted(flows.items()) if n]


def _flows_from_records(session: Session, filters: Filters, codes: Codes) -> list[tuple[int, int, float]]:
    ex = ModelExample.__table__
    c, o = ex.alias("c"), ex.alias("o")
    mc, mo = UnitViewMap.__table__.alias("mc"), UnitViewMap.__table__.alias("mo")
    stmt = (select(mo.c.target_id, mc.c.target_id, func.sum(mc.c.share * mo.c.share))
            .select_from(c.join(o, o.c.id == c.c.origin_id)
                         .join(mc, and_(mc.c.view == filters.view, mc.c.unit_id == _place(c)))
                         .join(mo, and_(mo.c.view == filters.view, mo.c.unit_id == _place(o))))
            .where(*record_conditions(c, filters, codes), c.c.origin_id.is_not(None), o.c.deleted.is_not(True))
            .group_by(mo.c.target_id, mc.c.target_id))
    return [(a, b, _num(n)) for a, b, n in session.execute(stmt).all() if n]


def most_replicated(session: Session, filters: Filters, codes: Codes | None = None, limit: int = 10, *,
                    force_records: bool = False) -> list[dict]:
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
    info = {r[0]: r for r in session.execute(select(ex.c.id, ex.c.title, ex.c.unit_id, ex.c.commune_id, ex.c.year)
                                             .where(ex.c.id.in_([o for o, _n in top])))}
    out = [dict(origin_id=o, copies=int(n), title=info[o][1], unit_id=info[o][2], commune_id=info[o][3], year=info[o][4])
           for o, n in top if o in info]
    # the units the copies reached, in the view: the full family rollup of these origins only
    full = _rollup("family", filters, {"origin_id", "place_id"})
    m = UnitViewMap.__table__.alias("m")
    spread_stmt = (select(full.c.origin_id, func.count(func.distinct(m.c.target_id)))
                   .select_from(full.join(m, and_(m.c.view == filters.view, m.c.unit_id == full.c.place_id)))
                   .where(full.c.origin_id.in_([r["origin_id"] for r in out]), *_rollup_conditions(full, filters, codes))
                   .group_by(full.c.origin_id))
    spread = dict(session.execute(spread_stmt).all())
    for r in out:
        r["units"] = int(spread.get(r["origin_id"], 0))
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
        counted = session.execute(select(t.c.origin_id, func.sum(t.c.n)).where(t.c.origin_id.in_(ids), *conds)
                                  .group_by(t.c.origin_id)).all()
        best = sorted(best + [(-int(n), o) for o, n in counted if n], )[:limit]
        last = tuple(batch[-1])
        scanned += len(batch)
        if len(batch) < TOP_BATCH or (len(best) == limit and -best[-1][0] > last[0]):
            break
        if scanned >= TOP_MAX_SCAN:
            copies = func.sum(t.c.n).label("copies")
            stmt = (select(t.c.origin_id, copies).where(*conds).group_by(t.c.origin_id)
                    .order_by(copies.desc(), t.c.origin_id).limit(limit))
            return [(o, int(n)) for o, n in session.execute(stmt).all() if n]
    return [(o, -neg) for neg, o in best]


def _most_replicated_from_records(session: Session, filters: Filters, codes: Codes, limit: int) -> list[dict]:
    ex = ModelExample.__table__
    c = ex.alias("c")
    copies = func.count().label("copies")
    top = (select(c.c.origin_id, copies).where(*record_conditions(c, filters, codes), c.c.origin_id.is_not(None))
           .group_by(c.c.origin_id).order_by(copies.desc(), c.c.origin_id).limit(limit)).subquery("top")
    stmt = (select(top.c.origin_id, top.c.copies, ex.c.title, ex.c.unit_id, ex.c.commune_id, ex.c.year)
            .join_from(top, ex, ex.c.id == top.c.origin_id).order_by(top.c.copies.desc(), top.c.origin_id))
    out = [dict(origin_id=r[0], copies=int(r[1]), title=r[2], unit_id=r[3], commune_id=r[4], year=r[5])
           for r in session.execute(stmt).all()]
    if not out:
        return out
    # the units the copies reached, in the view: a second small read through the origin index
    m = UnitViewMap.__table__.alias("m")
    spread_stmt = (select(c.c.origin_id, func.count(func.distinct(m.c.target_id)))
                   .select_from(c.join(m, and_(m.c.view == filters.view, m.c.unit_id == _place(c))))
                   .where(c.c.origin_id.in_([r["origin_id"] for r in out]), *record_conditions(c, filters, codes))
                   .group_by(c.c.origin_id))
    spread = dict(session.execute(spread_stmt).all())
    for r in out:
        r["units"] = int(spread.get(r["origin_id"], 0))
    return out


def days_to_first_copy(session: Session, filters: Filters, codes: Codes | None = None, *,
                       force_records: bool = False) -> list[tuple[int, int]]:
    """(days from the origin to its first copy, number of families), for the origins registered in
    the period (the filters apply to the origin). Families without a live copy are left out."""
    codes = codes or Codes.load(session)
    t = _rollup("first_copy", filters, {"days"}, force_records)
    if t is None:
        return _days_to_first_copy_from_records(session, filters, codes)
    stmt = (select(t.c.days, func.sum(t.c.n)).where(*_rollup_conditions(t, filters, codes))
            .group_by(t.c.days).order_by(t.c.days))
    return [(int(d), int(n)) for d, n in session.execute(stmt).all() if n]


def _days_to_first_copy_from_records(session: Session, filters: Filters, codes: Codes) -> list[tuple[int, int]]:
    ex = ModelExample.__table__
    c, o = ex.alias("c"), ex.alias("o")
    first = (select(c.c.origin_id.label("origin_id"), func.min(c.c.registered_on).label("first_on"))
             .where(c.c.origin_id.is_not(None), c.c.deleted.is_not(True)).group_by(c.c.origin_id)).subquery("first")
    days = rollups.days_between(session, first.c.first_on, o.c.registered_on).label("days")
    stmt = (select(days, func.count()).select_from(o.join(first, first.c.origin_id == o.c.id))
            .where(*record_conditions(o, filters, codes), o.c.origin_id.is_(None)).group_by(days).order_by(days))
    return [(int(d), int(n)) for d, n in session.execute(stmt).all()]


def _num(value) -> float | int:
    value = float(value or 0)
    return round(value) if abs(value - round(value)) < 1e-9 else value


# --------------------------------------------------------------------------- browse and detail
SORTS = {"registered_on": "registered_on", "title": "title_key", "unit": "unit_id", "field": "field_id",
         "stage": "stage", "id": "id"}


@dataclass
class Page:
    rows: list[dict]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def search_conditions(ex, query: str, dialect: str = "") -> list:
    """Every folded word of ``query`` must occur in the record's folded search text (a LIKE per
    word). On SQLite the FTS5 trigram index first narrows the rows to candidates (words of three
    characters or more); PostgreSQL's trigram index serves the LIKE itself."""
    words = text.fold(text.canonical(query or "")).split()
    conds = [ex.c.search_text.contains(w, autoescape=True) for w in words]
    match = search_index.match_query(words) if dialect == "sqlite" else None
    if match:
        conds.append(ex.c.id.in_(search_index.candidates(match)))
    return conds


def browse(session: Session, filters: Filters, *, query: str = "", sort: str = "registered_on",
           descending: bool = True, page: int = 1, per_page: int = 25, codes: Codes | None = None) -> Page:
    """One page of records matching the filters and the search, sorted in SQL (LIMIT/OFFSET).
    The total comes from the summary rollups when there is no search text."""
    codes = codes or Codes.load(session)
    ex = ModelExample.__table__
    conds = record_conditions(ex, filters, codes) + search_conditions(ex, query, session.get_bind().dialect.name)
    column = getattr(ex.c, SORTS.get(sort, "registered_on"))
    order = [column.desc(), ex.c.id.desc()] if descending else [column.asc(), ex.c.id.asc()]
    per_page = max(1, min(int(per_page), 200))
    if query.strip() or filters.units:  # a unit filter may split records between units: count them
        total_n = int(session.execute(select(func.count()).select_from(ex).where(*conds)).scalar() or 0)
    else:
        total_n = int(round(sum(r[-1] for r in count_by(session, filters, (), codes))))
    pages = max(1, -(-total_n // per_page))
    page = min(max(1, int(page)), pages)
    cols = [ex.c.id, ex.c.title, ex.c.holder_name, ex.c.kind, ex.c.unit_id, ex.c.commune_id, ex.c.field_id,
            ex.c.bloc_id, ex.c.stage, ex.c.registered_on, ex.c.replicated_from_id, ex.c.is_sample]
    stmt = select(*cols).where(*conds).order_by(*order).limit(per_page).offset((page - 1) * per_page)
    rows = [dict(r._mapping) for r in session.execute(stmt).all()]
    return Page(rows, total_n, page, per_page)


def record_detail(session: Session, example_id: int) -> dict | None:
    """One live record with its stage history, awards, direct origin, family root and copies."""
    ex = session.get(ModelExample, example_id)
    if ex is None or ex.deleted:
        return None
    events = list(session.execute(select(StageEvent).where(StageEvent.example_id == example_id)
                                  .order_by(StageEvent.reached_on, StageEvent.id)).scalars())
    awards = list(session.execute(select(Award).where(Award.example_id == example_id)
                                  .order_by(Award.awarded_on, Award.id)).scalars())
    origin = session.get(ModelExample, ex.replicated_from_id) if ex.replicated_from_id else None
    root = session.get(ModelExample, ex.origin_id) if ex.origin_id else None
    copies = list(session.execute(select(ModelExample).where(ModelExample.replicated_from_id == example_id,
                                                             ModelExample.deleted.is_(False))
                                  .order_by(ModelExample.registered_on, ModelExample.id).limit(200)).scalars())
    return {"record": ex, "events": events, "awards": awards, "origin": origin, "root": root, "copies": copies}


def family_tree(session: Session, example_id: int, view: str = "then") -> list[dict]:
    """The family of ``example_id``: one row per member (origin first) with its parent, year and
    the unit it counts in under ``view`` (the largest share where a view splits a unit)."""
    members = family_members(session, example_id)
    if not members:
        return []
    places = {m.commune_id or m.unit_id for m in members}
    mc = UnitViewMap.__table__.c
    best: dict[int, tuple[float, int]] = {}
    for unit_id, target, share in session.execute(select(mc.unit_id, mc.target_id, mc.share)
                                                  .where(mc.view == view, mc.unit_id.in_(places))):
        if unit_id not in best or share > best[unit_id][0]:
            best[unit_id] = (share, target)
    return [dict(id=m.id, title=m.title, parent_id=m.replicated_from_id, year=m.year, registered_on=m.registered_on,
                 unit_id=m.unit_id, view_unit_id=best.get(m.commune_id or m.unit_id, (1.0, m.unit_id))[1],
                 is_origin=m.origin_id is None) for m in members]


def find_examples(session: Session, query: str, limit: int = 20) -> list[tuple[int, str, int]]:
    """(id, title, year) of live records whose folded text matches, for choosing one model."""
    ex = ModelExample.__table__
    conds = [ex.c.deleted.is_(False)] + search_conditions(ex, query, session.get_bind().dialect.name)
    stmt = select(ex.c.id, ex.c.title, ex.c.year).where(*conds).order_by(ex.c.registered_on.desc(), ex.c.id.desc()).limit(limit)
    return [tuple(r) for r in session.execute(stmt).all()]


def sample_shown(session: Session, filters: Filters, codes: Codes | None = None) -> bool:
    """True when sample rows are among the records the filters select."""
    if not filters.include_sample:
        return False
    rows = count_by(session, filters, ("is_sample",), codes)
    return any(r[0] == 1 and r[1] for r in rows)


__all__ = ["Labels", "UnitInfo", "Page", "VIEW_REFERENCE_DAY", "browse", "days_to_first_copy", "family_tree",
           "find_examples", "headline", "known_codes", "most_replicated", "record_detail", "replication_flows",
           "sample_shown", "stage_reached", "unit_options", "view_units"]
