"""Published figures checked against the units' approved reports (issue 21, point 9).

The province publishes syntheses of its units' reports, so a published figure is compared with
what the approved reports say for the same scope and period (registry/reports/counts.py: the
scope's own synthesis, else its units' reports, only where their periods answer it exactly). The
records' count is kept beside it. A measure the reports do not answer (no approved report for that
period, or a measure they do not hold: awarded by kind) is compared with the records, as before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlmodel import Session

from registry.exports.published import PROVINCE_SCOPE, CheckRow
from registry.reports.counts import PROVINCE_CODE, reported

# measure of data/published_figures.csv → figure of a report
MEASURES = {"total": "total", "collective": "collective", "individual": "individual", "contests": "contests"}
MEASURES |= {"contest_units": "contest_units"}


def _figure(measure: str) -> str | None:
    if measure.startswith("field:"):
        return measure.removeprefix("field:")
    return MEASURES.get(measure)


def reported_value(
    session: Session, *, scope: str, measure: str, period_from: dt.date, period_until: dt.date
) -> int | None:
    """What the approved reports say for one published figure, or None where they do not answer it."""
    name = _figure(measure)
    if name is None:
        return None
    area = PROVINCE_CODE if scope == PROVINCE_SCOPE else scope
    result = reported(session, area=area, start=period_from, end=period_until)
    if (result.start, result.end) != (period_from, period_until):
        return None  # the reports do not cover the whole period
    value = result.figures.get(name)
    return value if isinstance(value, int) else None


@dataclasses.dataclass(frozen=True)
class Compared:
    """A check row compared with the reports where they answer it (``source`` "reports"), else with
    the records ("records"); ``records`` is the records' count either way."""

    row: CheckRow
    source: str
    records: int | None


def against_reports(session: Session, rows: list[CheckRow]) -> list[Compared]:
    out = []
    for r in rows:
        value = reported_value(
            session, scope=r.scope, measure=r.measure, period_from=r.period_from, period_until=r.period_until
        )
        if value is None:
            out.append(Compared(r, "records", r.registry))
        else:
            out.append(Compared(dataclasses.replace(r, registry=value), "reports", r.registry))
    return out
