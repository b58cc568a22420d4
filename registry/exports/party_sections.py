"""What the report to the Standing Committee says, as data: for one period and set of filters, the
figures as the units reported them (registry.reports.stats.reported_for) and as recorded in the
registry (registry.queries.counts.stats, the numbers of ``stats --json``), by kind, field, bloc and
stage, the state bloc's share, growth against the same part of the previous period, replication,
the programme, which units reported (registry.reports.completeness) and a few outstanding models.

The scope is the whole province, or one unit: a district before 1 Jul 2025, a commune or ward
since. Nothing here writes a document: registry/exports/party_report.py renders it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from registry.charts.words import partial_year
from registry.exports.formats import as_of_date, includes_sample
from registry.exports.report_sheets import most_replicated, sheet_notable
from registry.queries.counts import count_by, stats, total
from registry.queries.filters import Filters
from registry.queries.labels import Labels, UnitInfo, view_units
from registry.reports.completeness import DuePeriod, UnitStatus, completeness
from registry.reports.counts import PROVINCE_CODE
from registry.reports.stats import reported_for

NOTABLE = 8  # outstanding models listed
TOP_REPLICATED = 5
DUE_AFTER = dt.timedelta(days=15)  # a report of any other period is due 15 days after it ends


@dataclass(frozen=True)
class Scope:
    """Whose report it is: the province ("38"), a district, or a commune or ward."""

    code: str
    level: str  # province, district, commune
    kind: str  # huyen, thi_xa, thanh_pho, xa, phuong, ... ("" for the province)
    name: str
    short_name: str
    valid_from: dt.date = dt.date(2009, 1, 1)

    @property
    def province(self) -> bool:
        return self.level == "province"


@dataclass
class Completeness:
    """Who reported for one due period."""

    period: DuePeriod
    rows: list[UnitStatus]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


@dataclass
class PartyFigures:
    filters: Filters
    today: dt.date
    scope: Scope
    as_of: dt.date
    sample: bool
    partial: tuple[int, dt.date] | None
    recorded: dict[str, Any]
    by_bloc: list[tuple[str, str, float, bool]]  # (code, name, n, is_state)
    state_n: float
    growth: tuple[tuple[dt.date, dt.date, float], tuple[dt.date, dt.date, float]]  # (from, until, n) now, before
    programmes: list[tuple[str, float, int | None, int | None]]  # (name, n, units covered, units in all)
    top_replicated: list[list[Any]]
    reported: dict[str, Any]  # the ``reported`` object of ``stats --json`` for the same filters
    completeness: list[Completeness] = field(default_factory=list)
    notable: list[list[Any]] = field(default_factory=list)

    @property
    def total(self) -> float:
        return self.recorded["total"]

    @property
    def state_share(self) -> float | None:
        return self.state_n / self.total if self.total else None

    @property
    def change(self) -> float | None:
        now, before = self.growth[0][2], self.growth[1][2]
        return now / before - 1 if before else None


def scope_of(filters: Filters, labels: Labels) -> Scope:
    """One chosen unit makes the report that unit's; none (or several) the province's."""
    unit: UnitInfo | None = labels.unit_by_code(filters.units[0]) if len(filters.units) == 1 else None
    if unit is None or unit.level == "province":
        province = labels.unit_by_code(PROVINCE_CODE)
        name = province.name if province else "Tỉnh Thanh Hóa"
        return Scope(PROVINCE_CODE, "province", "", name, province.short_name if province else "Thanh Hóa")
    level = "district" if unit.level == "district" else "commune"
    kind = _kind_of(unit)
    return Scope(unit.code, level, kind, unit.name, unit.short_name, unit.valid_from)


def _kind_of(unit: UnitInfo) -> str:
    """The kind word of a unit from its name ("Huyện Yên Định" -> huyen, "Phường Hạc Thành" -> phuong)."""
    words = unit.name.lower()
    for prefix, kind in (
        ("thành phố", "thanh_pho"),
        ("thị xã", "thi_xa"),
        ("thị trấn", "thi_tran"),
        ("huyện", "huyen"),
        ("phường", "phuong"),
        ("xã", "xa"),
    ):
        if words.startswith(prefix):
            return kind
    return "huyen" if unit.level == "district" else "xa"


def shift_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved back ``years`` years (28 Feb for 29 Feb)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _between(filters: Filters, start: dt.date, end: dt.date) -> Filters:
    """``filters`` for [start, end]: whole years through the rollups, days through the records."""
    whole = (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31)
    return filters.with_(
        year_from=start.year,
        year_until=end.year,
        date_from=None if whole else start,
        date_until=None if whole else end,
    )


def growth(
    session: Session, filters: Filters, as_of: dt.date, labels: Labels
) -> tuple[tuple[dt.date, dt.date, float], tuple[dt.date, dt.date, float]]:
    """The period up to ``as_of`` against the same part of the period before it (as many years
    back as the period spans): 2021–2024 against 2017–2020, 01/01–08/12/2026 against
    01/01–08/12/2025."""
    years = filters.end.year - filters.start.year + 1
    start, end = filters.start, min(filters.end, as_of)
    before_start, before_end = shift_years(start, years), shift_years(end, years)
    now = total(session, filters=_between(filters, start, end), codes=labels.codes)
    before = total(session, filters=_between(filters, before_start, before_end), codes=labels.codes)
    return (start, end, now), (before_start, before_end, before)


def due_periods(filters: Filters, today: dt.date) -> list[DuePeriod]:
    """The reporting periods inside the filters' period that are over: each whole year's year-end
    report, else its half-year when that is over, or the period itself when it is neither."""
    start, end = filters.start, filters.end
    last = min(end, today - dt.timedelta(days=1))  # the last day that is over
    out: list[DuePeriod] = []
    if (start.month, start.day) == (1, 1):
        for year in range(start.year, end.year + 1):
            if dt.date(year, 12, 31) <= last:
                out.append(DuePeriod(dt.date(year, 1, 1), dt.date(year, 12, 31), dt.date(year + 1, 1, 15)))
            elif dt.date(year, 6, 30) <= last:  # the year runs on (or the period stops in it): its half-year
                out.append(DuePeriod(dt.date(year, 1, 1), dt.date(year, 6, 30), dt.date(year, 7, 15)))
    if not out:
        out.append(DuePeriod(start, end, end + DUE_AFTER))
    return [p for p in out if p.period_until < today]


def reporting(session: Session, scope: Scope, filters: Filters, today: dt.date) -> list[Completeness]:
    """Who reported for each ended period: the units under the scope, or (for a unit with none
    under it) the unit itself among those reporting to the province."""
    out = []
    for period in due_periods(filters, today):
        rows = completeness(session, period=period, area=scope.code)
        if not rows and not scope.province:
            rows = [r for r in completeness(session, period=period) if r.code == scope.code]
        out.append(Completeness(period, rows))
    return out


def programme_rows(
    session: Session, filters: Filters, labels: Labels, scope: Scope
) -> list[tuple[str, float, int | None, int | None]]:
    population = set(view_units(session, view=filters.view, start=filters.start, end=filters.end))
    out: list[tuple[str, float, int | None, int | None]] = []
    for code, name in labels.programmes.values():
        chosen = filters.with_(programmes=(code,))
        n = total(session, filters=chosen, codes=labels.codes)
        if scope.province and population:
            by_unit = count_by(session, filters=chosen, group=("unit",), codes=labels.codes)
            covered = sum(1 for uid, count in by_unit if uid in population and count > 0)
            out.append((name, n, covered, len(population)))
        else:
            out.append((name, n, None, None))
    return out


def compute(session: Session, filters: Filters, lang: str = "vi", today: dt.date | None = None) -> PartyFigures:
    """Every figure of the report for ``filters``, read once."""
    today = today or dt.date.today()
    labels = Labels.load(session, lang)
    scope = scope_of(filters, labels)
    as_of = as_of_date(filters, today)
    recorded = stats(session, filters=filters)
    blocs = dict(count_by(session, filters=filters, group=("bloc_id",), codes=labels.codes))
    by_bloc = [(code, name, blocs.get(bid, 0), state) for bid, (code, name, state) in labels.blocs.items()]
    state_n = sum(n for _, _, n, state in by_bloc if state)
    return PartyFigures(
        filters=filters,
        today=today,
        scope=scope,
        as_of=as_of,
        sample=includes_sample(session, filters, labels.codes),
        partial=partial_year(filters, today),
        recorded=recorded,
        by_bloc=by_bloc,
        state_n=state_n,
        growth=growth(session, filters, as_of, labels),
        programmes=programme_rows(session, filters, labels, scope),
        top_replicated=most_replicated(session, filters, labels.codes, lang, limit=TOP_REPLICATED),
        reported=reported_for(session, filters=filters),
        completeness=reporting(session, scope, filters, today),
        notable=sheet_notable(session, filters, labels.codes, lang, limit=NOTABLE).rows,
    )
