"""The sheets of the periodic report, as data: units × fields, stages, collective and individual,
replication, programmes, the check against published figures, notable new models."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlmodel import Session

from registry.exports import published
from registry.i18n import t
from registry.models import STAGES, AdminUnit, ModelExample, WorkField
from registry.permissions import Actor
from registry.queries.counts import count_by, record_conditions
from registry.queries.filters import Codes, Filters
from registry.reference import snapshot

NOTABLE_LIMIT = 300


TOP_REPLICATED = 15


@dataclass
class Sheet:
    """One sheet: a title, headings, rows and (optionally) a totals row over numeric columns."""

    key: str
    headers: list[str]
    rows: list[list[Any]]
    total_label: str | None = None
    total_columns: Sequence[int] = ()
    note: str = ""
    widths: dict[int, int] = field(default_factory=dict)
    extra: list[tuple[str, list[str], list[list[Any]]]] = field(default_factory=list)  # (title, headers, rows)

    def totals(self) -> list[Any] | None:
        if self.total_label is None:
            return None
        out: list[Any] = [None] * len(self.headers)
        out[0] = self.total_label
        for column in self.total_columns:
            out[column] = _round(sum((r[column] or 0) for r in self.rows))
        return out


def _round(value):
    if isinstance(value, float) and abs(value - round(value)) < 1e-9:
        return int(round(value))
    return round(value, 4) if isinstance(value, float) else value


def _names(session: Session, lang: str):
    """(id, code, name) of the fields and the programmes, in order, and id -> (id, code, name,
    level, valid_from, valid_to) of the units: views of the reference snapshot."""
    snap = snapshot(session)
    fields, programmes = ([(e.id, e.code, e.name(lang)) for e in snap.tables[n]] for n in ("fields", "programmes"))
    units = {u.id: (u.id, u.code, u.name, u.level, u.valid_from, u.valid_to) for u in snap.units}
    return fields, programmes, units


def _unit_order(units: dict, ids) -> list[int]:
    order = {"province": 0, "district": 1, "commune": 2}
    return sorted(ids, key=lambda i: (order.get(units[i][3], 3), units[i][1]) if i in units else (9, str(i)))


def _period_units(units: dict, filters: Filters) -> set[int]:
    """District-level units that existed during the period, and the province level."""
    return {
        uid
        for uid, (_, _, _, level, start, end) in units.items()
        if level == "province"
        or (level == "district" and start <= filters.end and (end is None or end >= filters.start))
    }


# --------------------------------------------------------------------------- sheets
def sheet_unit_field(session: Session, filters: Filters, codes: Codes, lang: str) -> Sheet:
    fields, _, units = _names(session, lang)
    counts = {(u, f): n for u, f, n in count_by(session, filters=filters, group=("unit", "field_id"), codes=codes)}
    unit_ids = _unit_order(
        units,
        {u for u, _ in counts} | _period_units(units, filters) if filters.view == "then" else {u for u, _ in counts},
    )
    if filters.units:
        wanted = set(codes.ids("units", filters.units))
        unit_ids = [u for u in unit_ids if u in wanted]
    rows = []
    for uid in unit_ids:
        values = [counts.get((uid, fid), 0) for fid, _, _ in fields]
        rows.append(
            [
                units[uid][1] if uid in units else str(uid),
                units[uid][2] if uid in units else str(uid),
                *values,
                _round(sum(values)),
            ]
        )
    headers = [
        t("report.col.code", lang),
        t("report.col.unit", lang),
        *[name for _, _, name in fields],
        t("report.col.total", lang),
    ]
    return Sheet(
        "report.sheet.unit_field", headers, rows, t("report.total", lang), range(2, len(headers)), widths={1: 30}
    )


def sheet_stage(session: Session, filters: Filters, codes: Codes, lang: str) -> Sheet:
    by_stage = dict(count_by(session, filters=filters, group=("stage",), codes=codes))
    running, reached = 0, {}
    for stage in reversed(STAGES):
        running += by_stage.get(stage, 0)
        reached[stage] = running
    rows = [[t(f"stage.{s}", lang), by_stage.get(s, 0), reached[s]] for s in STAGES]
    headers = [t("report.col.stage", lang), t("report.col.at_stage", lang), t("report.col.reached", lang)]
    return Sheet(
        "report.sheet.stage",
        headers,
        rows,
        t("report.total", lang),
        (1,),
        note=t("report.note.stage", lang),
        widths={0: 26, 1: 22, 2: 30},
    )


def _per_year(
    session: Session, filters: Filters, codes: Codes, lang: str, dim: str, columns: dict
) -> tuple[list[str], list[list]]:
    """Headings and rows: per year of the period (and any other year with records), the count of
    each value of ``dim`` (``columns``: value -> catalog key of its heading), then their total."""
    counts = {(y, v): n for y, v, n in count_by(session, filters=filters, group=("year", dim), codes=codes)}
    years = sorted({y for y, _ in counts} | set(range(filters.start.year, filters.end.year + 1)))
    rows = []
    for year in years:
        values = [counts.get((year, value), 0) for value in columns]
        rows.append([year, *values, _round(sum(values))])
    headers = [t("report.col.year", lang), *(t(key, lang) for key in columns.values()), t("report.col.total", lang)]
    return headers, rows


def sheet_kind(session: Session, filters: Filters, codes: Codes, lang: str) -> Sheet:
    kinds = {"collective": "kind.collective", "individual": "kind.individual"}
    headers, rows = _per_year(session, filters, codes, lang, "kind", kinds)
    return Sheet("report.sheet.kind", headers, rows, t("report.total", lang), (1, 2, 3), widths={1: 22, 2: 22})


def sheet_replication(session: Session, filters: Filters, codes: Codes, lang: str) -> Sheet:
    columns = {0: "report.col.originals", 1: "report.col.replications"}  # is_replication
    headers, rows = _per_year(session, filters, codes, lang, "is_replication", columns)
    top = most_replicated(session, filters, codes, lang)
    top_headers = [
        t("report.col.origin_id", lang),
        t("report.col.title", lang),
        t("report.col.unit", lang),
        t("report.col.year", lang),
        t("report.col.copies", lang),
    ]
    return Sheet(
        "report.sheet.replication",
        headers,
        rows,
        t("report.total", lang),
        (1, 2, 3),
        note=t("report.note.replication", lang),
        widths={1: 30, 2: 40},
        extra=[(t("report.top_replicated", lang), top_headers, top)],
    )


def most_replicated(session: Session, filters: Filters, codes: Codes, lang: str, limit: int = TOP_REPLICATED) -> list:
    """Origins with the most copies registered in the period (the filters apply to the copies)."""
    ex = ModelExample.__table__
    origin = ModelExample.__table__.alias("origin")
    unit = AdminUnit.__table__
    copies = (
        select(ex.c.origin_id.label("oid"), func.count().label("n"))
        .where(ex.c.origin_id.is_not(None), *record_conditions(ex, filters, codes))
        .group_by(ex.c.origin_id)
        .subquery()
    )
    stmt = (
        select(origin.c.id, origin.c.title, unit.c.name, origin.c.year, copies.c.n)
        .select_from(copies.join(origin, origin.c.id == copies.c.oid).join(unit, unit.c.id == origin.c.unit_id))
        .where(origin.c.deleted.is_(False))
        .order_by(copies.c.n.desc(), origin.c.id)
        .limit(limit)
    )
    return [list(r) for r in session.execute(stmt).all()]


def sheet_programmes(session: Session, filters: Filters, codes: Codes, lang: str) -> Sheet:
    _, programmes, units = _names(session, lang)
    population = sorted(u for u in _period_units(units, filters) if units[u][3] == "district")
    rows, headers = [], [t("report.col.code", lang), t("report.col.unit", lang)]
    prog_counts = {}
    for pid, code, name in programmes:
        headers.append(name)
        f = filters.with_(programmes=(code,))
        prog_counts[pid] = dict(count_by(session, filters=f, group=("unit",), codes=codes))
    shown = _unit_order(units, set(population) | {u for c in prog_counts.values() for u in c})
    for uid in shown:
        rows.append([units[uid][1], units[uid][2], *[prog_counts[pid].get(uid, 0) for pid, _, _ in programmes]])
    covered = []
    for _i, (pid, _, name) in enumerate(programmes):
        n_cov = sum(1 for u in population if prog_counts[pid].get(u, 0) > 0)
        covered.append([name, n_cov, len(population), (n_cov / len(population)) if population else None])
    cov_headers = [
        t("report.col.programme", lang),
        t("report.col.units_covered", lang),
        t("report.col.units_total", lang),
        t("report.col.coverage", lang),
    ]
    return Sheet(
        "report.sheet.programmes",
        headers,
        rows,
        t("report.total", lang),
        range(2, len(headers)),
        note=t("report.note.programmes", lang),
        widths={1: 30},
        extra=[(t("report.coverage", lang), cov_headers, covered)],
    )


def sheet_published(session: Session, lang: str, tolerance: float, actor: Actor) -> Sheet:
    rows = published.check(session, tolerance, actor=actor)
    table = published.table(session, rows, lang)
    headers = list(table[0]) if table else [t("published.col.measure", lang)]
    return Sheet(
        "report.sheet.published",
        headers,
        [list(r.values()) for r in table],
        note=t("report.note.published", lang, tolerance=f"{tolerance:.0%}"),
        widths={0: 40, 3: 30, 8: 28},
    )


def sheet_notable(session: Session, filters: Filters, codes: Codes, lang: str, limit: int = NOTABLE_LIMIT) -> Sheet:
    """New records of the period that reached "outstanding" or "awarded", or were recognised at
    province or central level: the highest stage first, then the newest."""
    ex = ModelExample.__table__
    unit, wf = AdminUnit.__table__, WorkField.__table__
    name = "name_en" if lang == "en" else "name_vi"
    rank = case({s: i for i, s in enumerate(STAGES)}, value=ex.c.stage, else_=0)
    stmt = (
        select(
            ex.c.id,
            ex.c.title,
            ex.c.holder_name,
            unit.c.name,
            wf.c[name],
            ex.c.kind,
            ex.c.stage,
            ex.c.recognition_level,
            ex.c.registered_on,
            ex.c.awarded_on,
            ex.c.is_sample,
        )
        .select_from(ex.join(unit, unit.c.id == ex.c.unit_id).join(wf, wf.c.id == ex.c.field_id))
        .where(
            *record_conditions(ex, filters, codes),
            or_(ex.c.stage.in_(("outstanding", "awarded")), ex.c.recognition_level.in_(("province", "central"))),
        )
        .order_by(rank.desc(), ex.c.registered_on.desc(), ex.c.id.desc())
        .limit(limit)
    )
    found = session.execute(stmt).all()
    rows = []
    for r in found:
        rows.append(
            [
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                t(f"kind.{r[5]}", lang),
                t(f"stage.{r[6]}", lang),
                t(f"level.{r[7]}", lang) if r[7] else None,
                r[8],
                r[9],
            ]
        )
    headers = [
        t("export.col.id", lang),
        t("export.col.title", lang),
        t("export.col.holder", lang),
        t("export.col.unit", lang),
        t("export.col.field", lang),
        t("export.col.kind", lang),
        t("export.col.stage", lang),
        t("export.col.recognition_level", lang),
        t("export.col.registered_on", lang),
        t("export.col.awarded_on", lang),
    ]
    return Sheet(
        "report.sheet.notable",
        headers,
        rows,
        note=t("report.note.notable", lang, n=limit),
        widths={1: 45, 2: 32, 3: 26, 4: 22},
    )


# --------------------------------------------------------------------------- workbook
def build_sheets(session: Session, filters: Filters, lang: str, *, actor: Actor, tolerance: float) -> list[Sheet]:
    """The sheets of report_xlsx (registry/exports/report.py), in order."""
    codes = Codes.load(session)
    return [
        sheet_unit_field(session, filters, codes, lang),
        sheet_stage(session, filters, codes, lang),
        sheet_kind(session, filters, codes, lang),
        sheet_replication(session, filters, codes, lang),
        sheet_programmes(session, filters, codes, lang),
        sheet_published(session, lang, tolerance, actor),
        sheet_notable(session, filters, codes, lang),
    ]
