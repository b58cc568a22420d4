"""Every read the dashboard, the CLI and the exports make: keyword-only functions over a session.

Counts come from the summary rollups when the period is whole years, and from the records table
(through its indexes) for any other period; both paths share one query builder, so they agree.
Units are attributed through the unit-view mapping table, never through if-statements.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Sequence

from sqlalchemy import Integer, and_, cast, func, literal, select
from sqlmodel import Session

from registry.models import (ROLLUPS, SUMMARY_DIMS, VIEWS, AdminUnit, Bloc, ModelExample, Programme,
                             UnitViewMap, WorkField)

DEFAULT_YEARS = (2021, 2024)


@dataclass(frozen=True)
class Filters:
    """One set of filters, shared by every page, export and the CLI. Codes, not ids."""

    year_from: int = DEFAULT_YEARS[0]
    year_until: int = DEFAULT_YEARS[1]
    date_from: dt.date | None = None
    date_until: dt.date | None = None
    fields: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    blocs: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    include_sample: bool = True
    view: str = "then"

    @property
    def start(self) -> dt.date:
        return self.date_from or dt.date(self.year_from, 1, 1)

    @property
    def end(self) -> dt.date:
        return self.date_until or dt.date(self.year_until, 12, 31)

    @property
    def whole_years(self) -> bool:
        return (self.start.month, self.start.day) == (1, 1) and (self.end.month, self.end.day) == (12, 31)

    def with_(self, **changes) -> "Filters":
        return replace(self, **changes)


@dataclass
class Codes:
    """Id ↔ code lookups for the reference tables, read once per call site."""

    fields: dict[str, int] = field(default_factory=dict)
    blocs: dict[str, int] = field(default_factory=dict)
    programmes: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> "Codes":
        def pairs(model):
            return {code: id_ for id_, code in session.execute(select(model.id, model.code)).all()}
        return cls(pairs(WorkField), pairs(Bloc), pairs(Programme), pairs(AdminUnit))

    def ids(self, kind: str, codes: Sequence[str]) -> list[int]:
        table = getattr(self, kind)
        return [table[c] for c in codes if c in table] or [-1]

    def code_of(self, kind: str, id_: int) -> str | None:
        for code, value in getattr(self, kind).items():
            if value == id_:
                return code
        return None


def _records_source():
    """The records table shaped like a rollup: one row per live record with n = 1."""
    ex = ModelExample.__table__
    cols = [ex.c.year, ex.c.field_id, func.coalesce(ex.c.commune_id, ex.c.unit_id).label("place_id"), ex.c.kind,
            ex.c.bloc_id, ex.c.stage, cast(ex.c.replicated_from_id.is_not(None), Integer).label("is_replication"),
            cast(ex.c.is_sample, Integer).label("is_sample"), func.coalesce(ex.c.programme_id, 0).label("programme_id"),
            literal(1).label("n")]
    return cols, ex


def record_conditions(ex, filters: Filters, codes: Codes) -> list:
    """WHERE conditions on the records table (or an alias of it) for the shared filters; deleted
    records never. Used by every read that cannot come from a rollup (browse, exports, families)."""
    conds = [ex.c.deleted.is_(False), ex.c.registered_on >= filters.start, ex.c.registered_on <= filters.end]
    if filters.fields:
        conds.append(ex.c.field_id.in_(codes.ids("fields", filters.fields)))
    if filters.kinds:
        conds.append(ex.c.kind.in_(filters.kinds))
    if filters.blocs:
        conds.append(ex.c.bloc_id.in_(codes.ids("blocs", filters.blocs)))
    if filters.stages:
        conds.append(ex.c.stage.in_(filters.stages))
    if filters.programmes:
        conds.append(ex.c.programme_id.in_(codes.ids("programmes", filters.programmes)))
    if not filters.include_sample:
        conds.append(ex.c.is_sample.is_(False))
    if filters.units:
        m = UnitViewMap.__table__.c
        places = select(m.unit_id).where(m.view == filters.view, m.target_id.in_(codes.ids("units", filters.units)))
        conds.append(func.coalesce(ex.c.commune_id, ex.c.unit_id).in_(places))
    return conds


def rollup_conditions(t, filters: Filters, codes: Codes, years: bool = True) -> list:
    """WHERE conditions for the shared filters, but the units, on a rollup-shaped table (columns
    year, field_id, kind, bloc_id, stage, programme_id, is_sample as 0/1); ``years=False`` when the
    source already holds only the period's records."""
    c = t.c
    conds = [c.year >= filters.start.year, c.year <= filters.end.year] if years else []
    if filters.fields:
        conds.append(c.field_id.in_(codes.ids("fields", filters.fields)))
    if filters.kinds:
        conds.append(c.kind.in_(filters.kinds))
    if filters.blocs:
        conds.append(c.bloc_id.in_(codes.ids("blocs", filters.blocs)))
    if filters.stages:
        conds.append(c.stage.in_(filters.stages))
    if filters.programmes:
        conds.append(c.programme_id.in_(codes.ids("programmes", filters.programmes)))
    if not filters.include_sample:
        conds.append(c.is_sample == 0)
    return conds


def _needed_dims(filters: Filters, group: Sequence[str]) -> set[str]:
    dims = {"year"} | {("place_id" if g == "unit" else g) for g in group}
    if filters.fields:
        dims.add("field_id")
    if filters.kinds:
        dims.add("kind")
    if filters.blocs:
        dims.add("bloc_id")
    if filters.stages:
        dims.add("stage")
    if filters.programmes:
        dims.add("programme_id")
    if not filters.include_sample:
        dims.add("is_sample")
    if filters.units:
        dims.add("place_id")
    return dims


def choose_source(filters: Filters, group: Sequence[str], force_records: bool = False):
    """The smallest rollup holding every needed dimension, or the records table for a period that
    is not whole years (or when forced, to cross-check). Returns (selectable, name)."""
    needed = _needed_dims(filters, group)
    if filters.whole_years and not force_records:
        for model, dims in ROLLUPS:
            if needed <= set(dims):
                return model.__table__, model.__tablename__
    cols, ex = _records_source()
    where = and_(ex.c.deleted.is_(False), ex.c.registered_on >= filters.start, ex.c.registered_on <= filters.end)
    return select(*cols).where(where).subquery("records"), "records"


def count_by(session: Session, filters: Filters, group: Sequence[str] = (), codes: Codes | None = None,
             source: str | None = None) -> list[tuple]:
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
    return [tuple(r[:-1]) + (_num(r[-1]),) for r in rows if r[-1]]


def _num(value) -> float | int:
    if value is None:
        return 0
    rounded = round(float(value))
    return rounded if abs(float(value) - rounded) < 1e-9 else float(value)


def total(session: Session, filters: Filters, codes: Codes | None = None) -> float | int:
    rows = count_by(session, filters, (), codes)
    return rows[0][0] if rows else 0


def units_existing(session: Session, start: dt.date, end: dt.date, level: str = "district") -> int:
    """How many units of ``level`` existed at some time in [start, end]."""
    u = AdminUnit.__table__
    stmt = select(func.count()).select_from(u).where(
        u.c.level == level, u.c.valid_from <= end, (u.c.valid_to.is_(None)) | (u.c.valid_to >= start))
    return int(session.execute(stmt).scalar() or 0)


def stats(session: Session, filters: Filters) -> dict:
    """The `stats --json` contract: total, by_year, by_field, by_kind, by_stage, by_unit,
    replications, units. Keys are strings; the province level is "province"."""
    codes = Codes.load(session)
    field_codes = {v: k for k, v in codes.fields.items()}
    unit_rows = session.execute(select(AdminUnit.id, AdminUnit.code, AdminUnit.level)).all()
    unit_key = {id_: ("province" if level == "province" else code) for id_, code, level in unit_rows}

    def pairs(group: str, key=str) -> dict:
        return {key(r[0]): r[1] for r in count_by(session, filters, (group,), codes)}

    return {
        "total": total(session, filters, codes),
        "by_year": pairs("year"),
        "by_field": pairs("field_id", lambda i: field_codes.get(i, str(i))),
        "by_kind": pairs("kind"),
        "by_stage": pairs("stage"),
        "by_unit": pairs("unit", lambda i: unit_key.get(i, str(i))),
        "replications": sum(r[1] for r in count_by(session, filters, ("is_replication",), codes) if r[0] == 1),
        "units": units_existing(session, filters.start, filters.end),
        "view": filters.view,
        "from": filters.start.isoformat(),
        "until": filters.end.isoformat(),
    }


# --------------------------------------------------------------------------- replication families
def family_members(session: Session, example_id: int) -> list[ModelExample]:
    """The origin of ``example_id``'s family and all of its copies (transitively), live only,
    oldest first. Reads through the origin index."""
    ex = session.get(ModelExample, example_id)
    if ex is None:
        return []
    root = ex.origin_id or ex.id
    stmt = (select(ModelExample).where((ModelExample.id == root) | (ModelExample.origin_id == root))
            .where(ModelExample.deleted.is_(False)).order_by(ModelExample.registered_on, ModelExample.id))
    return list(session.execute(stmt).scalars())


def spread(session: Session, example_id: int, view: str = "then") -> int:
    """The number of distinct units in the family (the origin and all of its copies)."""
    members = family_members(session, example_id)
    if not members:
        return 0
    places = {m.commune_id or m.unit_id for m in members}
    m = UnitViewMap.__table__
    targets = session.execute(select(m.c.target_id).where(m.c.view == view, m.c.unit_id.in_(places))).scalars()
    return len(set(targets))
