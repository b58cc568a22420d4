"""The demo's unit reports: their syntheses reproduce every published figure exactly, the units'
own reports answer years and half-years, a few are late, two missing, one returned."""

import datetime as dt

from sqlmodel import Session, select

from registry.exports.published import check
from registry.models import AdminUnit
from registry.permissions import SYSTEM
from registry.queries.filters import Filters
from registry.report_tables import UnitReport
from registry.reports.completeness import completeness, default_periods
from registry.reports.demo import plan
from registry.reports.published import against_reports
from registry.reports.stats import reported_for


def test_stats_reported_reproduces_the_published_figures(demo_db):
    with Session(demo_db) as s:
        first = reported_for(s, filters=Filters(date_from=dt.date(2021, 1, 1), date_until=dt.date(2023, 10, 10)))
        assert first["total"] == 8419 and first["by_kind"] == {"collective": 4810, "individual": 3609}
        assert first["by_field"]["economy"] == 3200 and first["by_field"]["culture_society"] is None
        assert (first["contests"], first["contest_units"], first["source"]) == (236, 396, "own")
        assert first["periods"] == [["2021-01-01", "2023-10-10"]] and first["gaps"] == []
        second = reported_for(s, filters=Filters(date_from=dt.date(2021, 1, 1), date_until=dt.date(2025, 8, 31)))
        assert second["total"] == 10239 and second["by_kind"] == {"collective": 6026, "individual": 4213}
        assert second["by_field"] == {
            "economy": 4398,
            "culture_society": 3030,
            "defence_security": 1696,
            "political_system": 1115,
        }
        economy = reported_for(
            s, filters=Filters(date_from=dt.date(2021, 1, 1), date_until=dt.date(2025, 8, 31), fields=("economy",))
        )
        assert economy["total"] == 4398
        staged = reported_for(s, filters=Filters(year_from=2022, year_until=2022, stages=("awarded",)))
        assert staged["filters_not_applied"] == ["stage"]


def test_a_year_is_the_sum_of_the_units_reports_and_records_are_fewer(demo_db):
    with Session(demo_db) as s:
        year = reported_for(s, filters=Filters(year_from=2022, year_until=2022))
        assert year["source"] == "children" and year["periods"] == [["2022-01-01", "2022-12-31"]]
        assert year["units_expected"] == 27 + 14 and year["units_reporting"] == 27 + 14 - 1  # Quan Sơn missing
        assert year["by_kind"]["collective"] + year["by_kind"]["individual"] == year["total"]
        assert sum(year["by_field"].values()) == year["total"]
        returned = s.exec(select(UnitReport).where(UnitReport.status == "returned")).one()
        assert returned.return_comment and returned.period_until == dt.date(2024, 12, 31)


def test_completeness_on_the_demo(demo_db):
    with Session(demo_db) as s:
        rows = {r.code: r.status for r in completeness(s, period=default_periods(2022)[1])}
        assert rows["387"] == "missing" and rows["386"] == "late" and rows["400"] == "on_time"
        assert sum(1 for v in rows.values() if v == "missing") == 1
        after = {r.code: r.status for r in completeness(s, period=default_periods(2025)[1])}
        assert len(after) == 166 + 14 and after["14797"] == "late" and "missing" not in after.values()


def test_the_demo_reports_are_deterministic(demo_db):
    with Session(demo_db) as s:
        units = list(s.exec(select(AdminUnit)).all())
        assert plan(units) == plan(list(reversed(units)))
        assert len(s.exec(select(UnitReport)).all()) == len(plan(units)) + 2  # and the two syntheses


def test_published_figures_are_checked_against_the_reports_with_the_records_beside(demo_db):
    with Session(demo_db) as s:
        compared = {c.row.code: c for c in against_reports(s, check(s, actor=SYSTEM))}
        total = compared["th-2023-10-10-total"]
        assert (total.source, total.row.registry, total.records, total.row.within) == ("reports", 8419, 8419, True)
        assert compared["th-2023-10-10-contests"].row.registry == 236  # the reports hold contests; records do not
        assert compared["th-2023-10-10-awarded-collective"].source == "records"  # the reports give no kinds of awards
        assert all(c.row.within is not False for c in compared.values())
