"""Counts: one query builder over the smallest summary rollup that holds every needed dimension
(whole years), or over the records table through its indexes (any other period); both paths share
the conditions, so they agree. Units are attributed through the unit-view mapping table, never
through if-statements. Every public function is keyword-only after ``session``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Integer, and_, cast, func, literal, select
from sqlmodel import Session, col

from registry.dimensions import DIMENSIONS, UNIT, Dimension
from registry.models import STAGES, VIEWS, AdminUnit, ModelExample, UnitViewMap
from registry.queries.filters import DEFAULT_YEARS, Codes, Filters, default_until
from registry.queries.labels import Labels, view_units
from registry.rollup_tables import ROLLUPS


def _records_source():
    """The records table shaped like a rollup: one row per live record with n = 1."""
    ex = ModelExample.__table__
    cols = [
        ex.c.year,
        *(d.record_expr(ex).label(d.column) for d in DIMENSIONS),
        cast(ex.c.replicated_from_id.is_not(None), Integer).label("is_replication"),
        literal(1).label("n"),
    ]
    return cols, ex


def in_units(place, filters: Filters, codes: Codes):
    """``place`` (a unit id column) is attributed, in the view, to one of the chosen units."""
    m = UnitViewMap.__table__.c
    chosen = m.target_id.in_(codes.ids("units", filters.units))
    return place.in_(select(m.unit_id).where(m.view == filters.view, chosen))


def condition(dim: Dimension, column, filters: Filters, codes: Codes):
    """The condition of one dimension on ``column``: the codes' ids for a code table, the words
    themselves, the view's mapping for the units, sample rows left out for the flag."""
    if dim.flag:
        return column == 0
    if dim is UNIT:
        return in_units(column, filters, codes)
    values = dim.values(filters)
    return column.in_(codes.ids(dim.table, values) if dim.table else values)


def record_conditions(ex, filters: Filters, codes: Codes) -> list:
    """WHERE conditions on the records table (or an alias of it) for the shared filters; deleted
    records never. Used by every read that cannot come from a rollup (browse, exports, families)."""
    conds = [ex.c.deleted.is_(False), ex.c.registered_on >= filters.start, ex.c.registered_on <= filters.end]
    for dim in DIMENSIONS:
        if not dim.active(filters):
            continue
        if dim.flag:
            conds.append(ex.c[dim.column].is_(False))
        else:  # the column itself where the records have it (its index), else the expression
            column = ex.c[dim.column] if dim.column in ex.c else dim.record_expr(ex)
            conds.append(condition(dim, column, filters, codes))
    return conds


def rollup_conditions(t, filters: Filters, codes: Codes, years: bool = True, units: bool = False) -> list:
    """WHERE conditions for the shared filters on a rollup-shaped table (a column per dimension,
    is_sample as 0/1); the units only with ``units`` (count_by joins the view's mapping instead);
    ``years=False`` when the source already holds only the period's records."""
    conds = [t.c.year >= filters.start.year, t.c.year <= filters.end.year] if years else []
    for dim in DIMENSIONS:
        if dim.active(filters) and (units or dim is not UNIT):
            conds.append(condition(dim, t.c[dim.column], filters, codes))
    return conds


def needed_dims(filters: Filters, group: Sequence[str]) -> set[str]:
    """The rollup columns a query needs: the year, the grouped ones and every filtered dimension."""
    dims = {"year"} | {("place_id" if g == "unit" else g) for g in group}
    return dims | {d.column for d in DIMENSIONS if d.active(filters)}


def choose_source(filters: Filters, group: Sequence[str], force_records: bool = False):
    """The smallest rollup holding every needed dimension, or the records table for a period that
    is not whole years (or when forced, to cross-check). Returns (selectable, name)."""
    needed = needed_dims(filters, group)
    if filters.whole_years and not force_records:
        for model, dims in ROLLUPS:
            if needed <= set(dims):
                return model.__table__, model.__tablename__
    cols, ex = _records_source()
    where = and_(ex.c.deleted.is_(False), ex.c.registered_on >= filters.start, ex.c.registered_on <= filters.end)
    return select(*cols).where(where).subquery("records"), "records"


def count_by(
    session: Session,
    *,
    filters: Filters,
    group: Sequence[str] = (),
    codes: Codes | None = None,
    source: str | None = None,
) -> list[tuple]:
    """Counts grouped by ``group`` (names from SUMMARY_DIMS, or "unit" for the view's unit id).

    Each row is the group values followed by the count (a float when a view splits records
    between units; totals still add up to the number of records).
    """
    if filters.view not in VIEWS:
        raise ValueError(f"unknown view {filters.view!r}")
    codes = codes or Codes.load(session)
    src, name = choose_source(filters, group, force_records=source == "records")
    c = src.c
    conditions = rollup_conditions(src, filters, codes, years=name != "records")
    group_cols = []
    needs_map = "unit" in group or bool(filters.units)
    measure = func.sum(c.n)
    if needs_map:
        m = UnitViewMap.__table__.alias("m")
        joined = src.join(m, and_(m.c.unit_id == c.place_id, m.c.view == filters.view))
        measure = func.sum(c.n * m.c.share)
        if filters.units:
            conditions.append(m.c.target_id.in_(codes.ids("units", filters.units)))
    else:
        joined = src
    for g in group:
        group_cols.append(m.c.target_id.label("unit") if g == "unit" else getattr(c, g))
    stmt = select(*group_cols, measure.label("n")).select_from(joined).where(*conditions)
    if group_cols:
        stmt = stmt.group_by(*group_cols).order_by(*group_cols)
    rows = session.execute(stmt).all()
    return [tuple(r[:-1]) + (num(r[-1]),) for r in rows if r[-1]]


def num(value) -> float | int:
    if value is None:
        return 0
    rounded = round(float(value))
    return rounded if abs(float(value) - rounded) < 1e-9 else float(value)


def total(session: Session, *, filters: Filters, codes: Codes | None = None) -> float | int:
    rows = count_by(session, filters=filters, group=(), codes=codes)
    return rows[0][0] if rows else 0


def units_existing(session: Session, *, start: dt.date, end: dt.date, level: str = "district") -> int:
    """How many units of ``level`` existed at some time in [start, end]."""
    u = AdminUnit.__table__
    stmt = (
        select(func.count())
        .select_from(u)
        .where(u.c.level == level, u.c.valid_from <= end, (u.c.valid_to.is_(None)) | (u.c.valid_to >= start))
    )
    return int(session.execute(stmt).scalar() or 0)


def stats(session: Session, *, filters: Filters) -> dict:
    """The `stats --json` contract: total, by_year, by_field, by_kind, by_stage, by_unit,
    replications, units. Keys are strings; the province level is "province"."""
    codes = Codes.load(session)
    field_codes = {v: k for k, v in codes.fields.items()}
    unit_rows = session.execute(select(col(AdminUnit.id), col(AdminUnit.code), col(AdminUnit.level))).all()
    unit_key = {id_: ("province" if level == "province" else code) for id_, code, level in unit_rows}

    def pairs(group: str, key=str) -> dict:
        return {key(r[0]): r[1] for r in count_by(session, filters=filters, group=(group,), codes=codes)}

    return {
        "total": total(session, filters=filters, codes=codes),
        "by_year": pairs("year"),
        "by_field": pairs("field_id", lambda i: field_codes.get(i, str(i))),
        "by_kind": pairs("kind"),
        "by_stage": pairs("stage"),
        "by_unit": pairs("unit", lambda i: unit_key.get(i, str(i))),
        "replications": sum(
            r[1] for r in count_by(session, filters=filters, group=("is_replication",), codes=codes) if r[0] == 1
        ),
        "units": units_existing(session, start=filters.start, end=filters.end),
        "view": filters.view,
        "from": filters.start.isoformat(),
        "until": filters.end.isoformat(),
    }


# --------------------------------------------------------------------------- headline
def headline(session: Session, *, filters: Filters, labels: Labels, partial: tuple[int, dt.date] | None = None) -> dict:
    """The overview's figures for the period: total, by kind, last year against the year before,
    recognised and awarded, replications, units covered and the state bloc's share. ``partial``
    (year, day), from ``registry.charts.words.partial_year``, when the last year is not over: it
    is then compared with the same part of the year before (1 Jan to the same day), and
    "partial_until" says to which day."""
    codes = labels.codes
    by_kind = dict(count_by(session, filters=filters, group=("kind",), codes=codes))
    by_year = dict(count_by(session, filters=filters, group=("year",), codes=codes))
    by_stage = dict(count_by(session, filters=filters, group=("stage",), codes=codes))
    by_bloc = dict(count_by(session, filters=filters, group=("bloc_id",), codes=codes))
    by_rep = dict(count_by(session, filters=filters, group=("is_replication",), codes=codes))
    by_unit = dict(count_by(session, filters=filters, group=("unit",), codes=codes))
    total_n = sum(by_kind.values())
    last, before = filters.end.year, filters.end.year - 1
    reached = stage_reached(by_stage)
    population = view_units(session, view=filters.view, start=filters.start, end=filters.end)
    covered = sum(1 for uid in population if by_unit.get(uid, 0) > 0)
    state = sum(n for bid, n in by_bloc.items() if labels.blocs.get(bid, ("", "", False))[2])
    last_n = by_year.get(last, 0)
    before_n = by_year.get(before, 0) if before >= filters.start.year else None
    until = None
    if partial is not None and partial[0] == last:
        until = partial[1]
        last_n = total(session, filters=_one_year(filters, last, until), codes=codes)
        if before_n is not None:
            before_n = total(session, filters=_one_year(filters, before, _year_earlier(until)), codes=codes)
    return {
        "total": total_n,
        "collective": by_kind.get("collective", 0),
        "individual": by_kind.get("individual", 0),
        "last_year": last,
        "last_year_n": last_n,
        "year_before": before if before >= filters.start.year else None,
        "year_before_n": before_n,
        "partial_until": until,
        "recognised": reached.get("recognised", 0),
        "awarded": reached.get("awarded", 0),
        "replications": by_rep.get(1, 0),
        "units_covered": covered,
        "units_total": len(population),
        "state_n": state,
        "state_share": (state / total_n) if total_n else None,
    }


def _one_year(filters: Filters, year: int, until: dt.date) -> Filters:
    """``filters`` for 1 Jan to ``until`` of ``year`` (the same part of each year)."""
    return filters.with_(year_from=year, date_from=None, year_until=year, date_until=until)


def _year_earlier(day: dt.date) -> dt.date:
    """The same day a year earlier (28 Feb for 29 Feb); as registry.charts.words.same_day_before."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def stage_reached(by_stage: dict[str, float]) -> dict[str, float]:
    """Records that reached at least each stage (the funnel), from counts by current stage."""
    out: dict[str, float] = {}
    running: float = 0
    for stage in reversed(STAGES):
        running += by_stage.get(stage, 0)
        out[stage] = running
    return {s: out[s] for s in STAGES}


def sample_shown(session: Session, *, filters: Filters, codes: Codes | None = None) -> bool:
    """True when sample rows are among the records the filters select."""
    if not filters.include_sample:
        return False
    rows = count_by(session, filters=filters, group=("is_sample",), codes=codes)
    return any(r[0] == 1 and r[1] for r in rows)


# --------------------------------------------------------------------------- the registry's years
def latest_year(session: Session, *, include_sample: bool = True) -> int | None:
    """The latest year that has live (not deleted) records, or None in an empty registry: the end
    of the dashboard's default period (2021 through this year)."""
    ex = ModelExample.__table__
    stmt = select(func.max(ex.c.year)).where(ex.c.deleted.is_(False))
    if not include_sample:
        stmt = stmt.where(ex.c.is_sample.is_(False))
    value = session.execute(stmt).scalar()
    return int(value) if value is not None else None


def default_period(session: Session, *, include_sample: bool = True, today: dt.date | None = None) -> tuple[int, int]:
    """The default period of every page, export and command: 2021 through the latest year with
    live records (``queries.filters.default_until``; the dashboard asks the same rule through its
    cached ``latest_year``)."""
    latest = latest_year(session, include_sample=include_sample)
    return DEFAULT_YEARS[0], default_until(latest, today)
