"""A small registry for the partial-year tests (charts and key figures): whole 2024 and 2025,
and 2026 up to TODAY."""

from __future__ import annotations

import datetime as dt

from registry.models import MOVEMENT_START_YEAR
from registry.queries.counts import latest_year
from registry.queries.filters import DEFAULT_YEARS, Filters
from tests.support.factories import make_example

TODAY = dt.date(2026, 12, 1)


def unit_on(day: dt.date) -> str:
    """A unit of the day: the city before the reform of 1 Jul 2025, Phường Hạc Thành after it."""
    return "380" if day < dt.date(2025, 7, 1) else "14797"


def fill_partial_years(session) -> None:
    """2024: 2 records; 2025: 6 up to 1 Dec and 4 after it; 2026 (to 1 Dec): 7.

    2026 against the whole of 2025 would read as a fall (7 against 10, -30%); against the same
    part of 2025 (1 Jan - 1 Dec: 6) it is a rise of 16,7%."""
    days = [dt.date(2024, 5, 1)] * 2
    days += [dt.date(2025, 3, 1)] * 4 + [dt.date(2025, 12, 1)] * 2 + [dt.date(2025, 12, 20)] * 4
    days += [dt.date(2026, 2, 1)] * 4 + [dt.date(2026, 11, 30)] * 3
    for i, day in enumerate(days):
        make_example(session, unit=unit_on(day), registered_on=day, title=f"Mô hình {i}")


def dashboard_filters(session, **changes) -> Filters:
    """The dashboard's default filters: 2021 through the latest year with records (what a page
    opened without "from"/"to" shows), with ``changes``."""
    latest = latest_year(session) or DEFAULT_YEARS[1]
    return Filters(year_until=max(MOVEMENT_START_YEAR, min(latest, dt.date.today().year))).with_(**changes)
