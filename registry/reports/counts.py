"""Counting unit reports without double counting, and the completeness of reporting.

A district's report already includes its communes; the province's synthesis includes everything.
For an area and a period, the area's own approved report(s) count where they answer the period
exactly, else the sum of its children's answers (each the same rule, one level down); never both.
Where both exist (every child answered) and their totals differ by more than the tolerance, the gap is a data-quality
item, not a total.

A period answers a question only exactly: the unit's approved reports inside the question that
tile it day for day (a year, two half-years, "since 2021 up to" a date), fewest reports first.
Reports that overlap the question but take no part in such a tiling are left out and listed.
The question is first clipped to the days any approved report covers (nothing is reported
before the first report) and, for each unit, to the days the unit existed (a district until
30 Jun 2025, a new commune since 1 Jul 2025).

Only approved reports count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from registry.models import AdminUnit
from registry.report_tables import COUNTED_STATUS, FIELD_FIGURES, FIGURES, KIND_FIGURES, STAGE_FIGURES, UnitReport

PROVINCE_CODE = "38"
DEFAULT_TOLERANCE = 0.02
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class LeftOut:
    """An approved report that overlaps the question but does not answer it exactly."""

    report_id: int
    unit: str
    period_from: dt.date
    period_until: dt.date


@dataclass(frozen=True)
class Gap:
    """An area whose own report and its children's sum disagree beyond the tolerance."""

    unit: str
    own: int
    children: int

    @property
    def gap(self) -> int:
        return self.children - self.own


@dataclass
class Answer:
    figures: dict[str, int | None]
    reports: list[UnitReport]
    source: str  # "own" or "children"


@dataclass
class Reported:
    """What the units reported for an area and a period."""

    area: str
    start: dt.date
    end: dt.date
    figures: dict[str, int | None] = field(default_factory=lambda: dict.fromkeys(FIGURES))
    source: str | None = None
    periods: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    units_expected: int = 0
    units_reporting: int = 0
    left_out: list[LeftOut] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    @property
    def total(self) -> int | None:
        return self.figures.get("total")

    def as_json(self) -> dict:
        """The ``reported`` object of ``stats --json``."""
        return {
            "total": self.total,
            "by_kind": {k: self.figures[k] for k in KIND_FIGURES},
            "by_field": {k: self.figures[k] for k in FIELD_FIGURES},
            "by_stage": {k: self.figures[k] for k in STAGE_FIGURES},
            "replicated": self.figures["replicated"],
            "contests": self.figures["contests"],
            "contest_units": self.figures["contest_units"],
            "source": self.source,
            "units_reporting": self.units_reporting,
            "units_expected": self.units_expected,
            "periods": [[a.isoformat(), b.isoformat()] for a, b in self.periods],
            "left_out": [
                {
                    "id": r.report_id,
                    "unit": r.unit,
                    "from": r.period_from.isoformat(),
                    "until": r.period_until.isoformat(),
                }
                for r in self.left_out
            ],
            "gaps": [{"unit": g.unit, "own": g.own, "children": g.children, "gap": g.gap} for g in self.gaps],
        }


def tile(reports: Sequence[UnitReport], start: dt.date, end: dt.date) -> list[UnitReport] | None:
    """The fewest reports whose periods cover [start, end] day for day without overlap, or None."""
    if start > end:
        return None
    by_start: dict[dt.date, list[UnitReport]] = defaultdict(list)
    for r in sorted(reports, key=lambda r: (r.period_from, -(r.period_until - r.period_from).days, r.id or 0)):
        if start <= r.period_from and r.period_until <= end:
            by_start[r.period_from].append(r)
    queue: deque[tuple[dt.date, list[UnitReport]]] = deque([(start, [])])
    seen = {start}
    while queue:
        day, chain = queue.popleft()
        for r in by_start.get(day, ()):
            if r.period_until == end:
                return [*chain, r]
            nxt = r.period_until + DAY
            if nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, [*chain, r]))
    return None


def add_figures(parts: Iterable[dict[str, int | None]]) -> dict[str, int | None]:
    """Figure by figure, the sum of the parts that give it (None where none does)."""
    out: dict[str, int | None] = dict.fromkeys(FIGURES)
    for part in parts:
        for name in FIGURES:
            value = part.get(name)
            if value is not None:
                out[name] = (out[name] or 0) + value
    return out


def _figures(report: UnitReport) -> dict[str, int | None]:
    return {name: getattr(report, name) for name in FIGURES}


class _Tree:
    """Units, their children and their approved reports overlapping the question, in memory."""

    def __init__(self, session: Session, start: dt.date, end: dt.date, tolerance: float):
        self.units = {u.id: u for u in session.exec(select(AdminUnit)).all()}
        self.by_code = {u.code: u for u in self.units.values()}
        self.children: dict[int, list[AdminUnit]] = defaultdict(list)
        for u in sorted(self.units.values(), key=lambda u: u.code):
            if u.parent_id is not None:
                self.children[u.parent_id].append(u)
        stmt = select(UnitReport).where(
            UnitReport.status == COUNTED_STATUS, UnitReport.period_from <= end, UnitReport.period_until >= start
        )
        self.reports: dict[int, list[UnitReport]] = defaultdict(list)
        for r in session.exec(stmt.order_by(col(UnitReport.id))).all():
            self.reports[r.unit_id].append(r)
        self.tolerance = tolerance
        self.used: set[int] = set()
        self.visited: set[int] = set()
        self.gaps: list[Gap] = []

    def clip(self, unit: AdminUnit, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
        return max(start, unit.valid_from), min(end, unit.valid_to or end)

    def answer(self, unit: AdminUnit, start: dt.date, end: dt.date) -> Answer | None:
        self.visited.add(unit.id or 0)
        start, end = self.clip(unit, start, end)
        if start > end:
            return None
        own = tile(self.reports.get(unit.id or 0, ()), start, end)
        if own:
            self.used.update(r.id for r in own if r.id is not None)
        present = [
            c for c in self.children.get(unit.id or 0, ()) if self.clip(c, start, end)[0] <= self.clip(c, start, end)[1]
        ]
        kids = [a for c in present if (a := self.answer(c, start, end)) is not None]
        kids_figures = add_figures(a.figures for a in kids) if kids else None
        if own:
            figures = add_figures(_figures(r) for r in own)
            # the children's sum is compared only when every child answered (a partial sum is no sum)
            complete = kids_figures is not None and len(kids) == len(present)
            mine, theirs = figures["total"], kids_figures["total"] if kids_figures and complete else None
            if mine is not None and theirs is not None and abs(theirs - mine) > self.tolerance * mine:
                self.gaps.append(Gap(unit.code, mine, theirs))
            return Answer(figures, own, "own")
        if kids_figures is None:
            return None
        return Answer(kids_figures, [r for a in kids for r in a.reports], "children")

    def expected(self, area: AdminUnit, start: dt.date, end: dt.date) -> list[AdminUnit]:
        """The units expected to report to ``area`` in the period: its children that existed then."""
        return [
            c
            for c in self.children.get(area.id or 0, ())
            if c.valid_from <= end and (c.valid_to is None or c.valid_to >= start)
        ]


def reported_span(session: Session) -> tuple[dt.date, dt.date] | None:
    """The first and last day any approved report covers."""
    rows = session.exec(
        select(col(UnitReport.period_from), col(UnitReport.period_until)).where(UnitReport.status == COUNTED_STATUS)
    ).all()
    if not rows:
        return None
    return min(r[0] for r in rows), max(r[1] for r in rows)


def reported(
    session: Session, *, area: str = PROVINCE_CODE, start: dt.date, end: dt.date, tolerance: float = DEFAULT_TOLERANCE
) -> Reported:
    """What the units reported for ``area`` (a unit code) in [start, end], without double counting."""
    span = reported_span(session)
    if span is not None:
        start, end = max(start, span[0]), min(end, span[1])
    out = Reported(area=area, start=start, end=end)
    tree = _Tree(session, start, end, tolerance)
    unit = tree.by_code.get(area)
    if unit is None or span is None or start > end:
        return out
    answer = tree.answer(unit, start, end)
    expected = tree.expected(unit, start, end)
    out.units_expected = len(expected)
    out.units_reporting = len([u for u in expected if tree.reports.get(u.id or 0)])
    out.gaps = tree.gaps
    if answer is not None:
        out.figures, out.source = answer.figures, answer.source
        out.periods = sorted({(r.period_from, r.period_until) for r in answer.reports})
    out.left_out = [
        LeftOut(r.id or 0, tree.units[r.unit_id].code, r.period_from, r.period_until)
        for unit_id, reports in tree.reports.items()
        if unit_id in tree.visited
        for r in reports
        if r.id not in tree.used
    ]
    out.left_out.sort(key=lambda r: (r.unit, r.period_from, r.period_until))
    return out
