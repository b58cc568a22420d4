"""Figures the province has published, and the check of the registry against them.

The figures live in the ``published_figure`` table, seeded by ``init`` from
data/published_figures.csv (registry.units.load.load_published). ``check`` counts the registry over
each figure's own period and scope (live records registered from ``period_from`` to
``period_until``; for "awarded_*" measures, also awarded on or before ``period_until``) and reports
the gap, so that a reporter knows whether a number can be cited and staff know what is missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, FromClause, and_, func, select
from sqlmodel import Session, col

from registry import text
from registry.i18n import fmt_date, fmt_pct, t
from registry.models import AdminUnit, ModelExample, PublishedFigure, UnitViewMap, WorkField
from registry.permissions import Actor, authorize

DEFAULT_TOLERANCE = 0.02  # 2 % of the published value
PROVINCE_SCOPE = "38"
# Measures the registry does not keep: shown, never compared.
NOT_TRACKED = ("contests", "contest_units")


def figures(session: Session) -> list[PublishedFigure]:
    stmt = select(PublishedFigure).order_by(
        col(PublishedFigure.published_on), col(PublishedFigure.scope), col(PublishedFigure.id)
    )
    return list(session.execute(stmt).scalars())


# --------------------------------------------------------------------------- counting
def is_tracked(measure: str) -> bool:
    return measure not in NOT_TRACKED and (
        measure in ("total", "collective", "individual", "awarded_collective", "awarded_individual")
        or measure.startswith("field:")
    )


def registry_count(session: Session, figure: PublishedFigure) -> int | None:
    """The registry's count for ``figure``'s measure, period and scope, in SQL; None when the
    registry does not keep that measure (or the scope/field code is unknown)."""
    measure = figure.measure
    if not is_tracked(measure):
        return None
    ex = ModelExample.__table__
    conditions = [
        ex.c.deleted.is_(False),
        ex.c.registered_on >= figure.period_from,
        ex.c.registered_on <= figure.period_until,
    ]
    if measure in ("collective", "individual"):
        conditions.append(ex.c.kind == measure)
    elif measure.startswith("awarded_"):
        conditions += [
            ex.c.kind == measure.removeprefix("awarded_"),
            ex.c.awarded_on.is_not(None),
            ex.c.awarded_on <= figure.period_until,
        ]
    elif measure.startswith("field:"):
        field_id = session.execute(
            select(col(WorkField.id)).where(col(WorkField.code) == measure.removeprefix("field:"))
        ).scalar()
        if field_id is None:
            return None
        conditions.append(ex.c.field_id == field_id)
    source: FromClause = ex
    measure_expr: ColumnElement[Any] = func.count()
    if figure.scope != PROVINCE_SCOPE:
        target = session.execute(select(col(AdminUnit.id)).where(col(AdminUnit.code) == figure.scope)).scalar()
        if target is None:
            return None
        m = UnitViewMap.__table__.alias("m")
        source = ex.join(m, and_(m.c.unit_id == func.coalesce(ex.c.commune_id, ex.c.unit_id), m.c.view == "then"))
        conditions.append(m.c.target_id == target)
        measure_expr = func.coalesce(func.sum(m.c.share), 0)
    value = session.execute(select(measure_expr).select_from(source).where(*conditions)).scalar()
    return int(round(float(value or 0)))


# The fields a CheckRow takes from its PublishedFigure as they are.
FIGURE_FIELDS = ("code", "source", "source_url", "published_on", "period_from", "period_until", "scope", "measure")


@dataclass(frozen=True)
class CheckRow:
    """One published figure against the registry."""

    code: str
    source: str
    source_url: str
    published_on: dt.date
    period_from: dt.date
    period_until: dt.date
    scope: str
    measure: str
    published: int
    registry: int | None
    tolerance: float

    @property
    def comparable(self) -> bool:
        return self.registry is not None

    @property
    def gap(self) -> int | None:
        """Registry minus published: negative means records are missing from the registry."""
        return None if self.registry is None else self.registry - self.published

    @property
    def relative_gap(self) -> float | None:
        if self.gap is None:
            return None
        return abs(self.gap) / self.published if self.published else float(bool(self.gap))

    @property
    def within(self) -> bool | None:
        """True when the gap is within the tolerance; None when the figure cannot be compared."""
        if self.relative_gap is None:
            return None
        return self.relative_gap <= self.tolerance + 1e-12

    def status(self) -> str:
        return {None: "not_tracked", True: "ok", False: "gap"}[self.within]


def parse_tolerance(value: str | float | None) -> float:
    """ "0.02", "2%" or 0.02 → 0.02. Raises ValueError for anything else or a negative value."""
    if value is None or value == "":
        return DEFAULT_TOLERANCE
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        raw = text.clean(value).replace(",", ".")
        number = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    if not (0 <= number < 10) or number != number:
        raise ValueError(value)
    return number


def check(session: Session, tolerance: float = DEFAULT_TOLERANCE, *, actor: Actor) -> list[CheckRow]:
    """Every published figure with the registry's count over the same period and scope."""
    authorize(actor, "view")
    return [
        CheckRow(
            **{name: getattr(f, name) for name in FIGURE_FIELDS},
            published=f.value,
            registry=registry_count(session, f),
            tolerance=tolerance,
        )
        for f in figures(session)
    ]


def has_gaps(rows: list[CheckRow]) -> bool:
    return any(r.within is False for r in rows)


# --------------------------------------------------------------------------- words
def measure_label(measure: str, lang: str, session: Session | None = None) -> str:
    if measure.startswith("field:"):
        code = measure.removeprefix("field:")
        name = code
        if session is not None:
            row = session.execute(
                select(col(WorkField.name_vi), col(WorkField.name_en)).where(col(WorkField.code) == code)
            ).first()
            if row:
                name = row[1] if lang == "en" else row[0]
        return t("published.measure.field", lang, field=name)
    return t(f"published.measure.{measure}", lang)


def scope_label(scope: str, lang: str, session: Session | None = None) -> str:
    if scope == PROVINCE_SCOPE:
        return t("published.scope.province", lang)
    if session is not None:
        name = session.execute(select(col(AdminUnit.name)).where(col(AdminUnit.code) == scope)).scalar()
        if name:
            return name
    return scope


def table(session: Session, rows: list[CheckRow], lang: str) -> list[dict]:
    """The check as rows of plain values with headings in ``lang`` (page, report, CLI)."""
    out = []
    for r in rows:
        out.append(
            {
                t("published.col.source", lang): r.source,
                t("published.col.date", lang): fmt_date(r.published_on, lang),
                t("published.col.scope", lang): scope_label(r.scope, lang, session),
                t("published.col.measure", lang): measure_label(r.measure, lang, session),
                t("published.col.published", lang): r.published,
                t("published.col.registry", lang): r.registry,
                t("published.col.gap", lang): r.gap,
                t("published.col.relative_gap", lang): None
                if r.relative_gap is None
                else fmt_pct(r.relative_gap, lang, 1),
                t("published.col.status", lang): t(f"published.status.{r.status()}", lang),
            }
        )
    return out


__all__ = [
    "CheckRow",
    "DEFAULT_TOLERANCE",
    "check",
    "figures",
    "has_gaps",
    "measure_label",
    "parse_tolerance",
    "registry_count",
    "scope_label",
    "table",
]
