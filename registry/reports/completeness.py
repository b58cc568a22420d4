"""Completeness of reporting, as DHIS2's reporting rates: for a reporting period with a due date,
which units reported on time, late, or not at all.

The expected units are the area's children that existed on the period's last day (before 1 Jul
2025 the district-level units and the provincial bodies; since, the new communes and wards and the
provincial bodies); each is expected for the part of the period it existed (a new commune's
year-end report covers 1 Jul–31 Dec 2025). A unit has reported when a report of it for exactly
that period was submitted (submitted, returned or approved: a draft is not a report); the day it
reported is the document's date where given, else the day it was submitted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_
from sqlmodel import Session, col, select

from registry.models import AdminUnit
from registry.report_tables import UnitReport
from registry.reports.counts import PROVINCE_CODE

HALF_YEAR_DUE = (7, 15)  # the half-year report (1 Jan–30 Jun) is due on 15 Jul
YEAR_DUE = (1, 15)  # the year-end report is due on 15 Jan of the next year
REPORTED = ("submitted", "returned", "approved")


@dataclass(frozen=True)
class DuePeriod:
    period_from: dt.date
    period_until: dt.date
    due: dt.date


def default_periods(year: int) -> list[DuePeriod]:
    """The half-year and year-end reports of ``year`` with their default due dates (editable:
    pass another ``DuePeriod`` to ``completeness``)."""
    return [
        DuePeriod(dt.date(year, 1, 1), dt.date(year, 6, 30), dt.date(year, *HALF_YEAR_DUE)),
        DuePeriod(dt.date(year, 1, 1), dt.date(year, 12, 31), dt.date(year + 1, *YEAR_DUE)),
    ]


@dataclass(frozen=True)
class UnitStatus:
    code: str
    name: str
    level: str
    status: str  # on_time, late, missing
    reported_on: dt.date | None
    report_id: int | None


def completeness(session: Session, *, period: DuePeriod, area: str = PROVINCE_CODE) -> list[UnitStatus]:
    """One row per expected unit, by code: on time, late or missing."""
    area_unit = session.exec(select(AdminUnit).where(AdminUnit.code == area)).one()
    end = period.period_until
    expected = session.exec(
        select(AdminUnit).where(
            col(AdminUnit.parent_id) == area_unit.id,
            col(AdminUnit.valid_from) <= end,
            or_(col(AdminUnit.valid_to).is_(None), col(AdminUnit.valid_to) >= end),
        )
    ).all()
    reports: dict[tuple[int, dt.date, dt.date], UnitReport] = {
        (r.unit_id, r.period_from, r.period_until): r
        for r in session.exec(
            select(UnitReport).where(UnitReport.period_until == end, col(UnitReport.status).in_(REPORTED))
        ).all()
    }
    rows = []
    for unit in sorted(expected, key=lambda u: u.code):
        start = max(period.period_from, unit.valid_from)
        report = reports.get((unit.id or 0, start, end))
        if report is None:
            rows.append(UnitStatus(unit.code, unit.name, unit.level, "missing", None, None))
            continue
        day = report.doc_date or (report.submitted_at.date() if report.submitted_at else None)
        status = "on_time" if day is not None and day <= period.due else "late"
        rows.append(UnitStatus(unit.code, unit.name, unit.level, status, day, report.id))
    return rows


def missing_csv(rows: list[UnitStatus]) -> bytes:
    """The units to chase, as CSV (UTF-8 with BOM, for Excel): code and name."""
    lines = ["Mã đơn vị,Đơn vị"] + [f'{r.code},"{r.name}"' for r in rows if r.status == "missing"]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
