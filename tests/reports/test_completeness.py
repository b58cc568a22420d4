"""Completeness: for a period with a due date, which units reported on time, late, or not at all."""

import datetime as dt

from registry.reports.completeness import DuePeriod, completeness, default_periods, missing_csv
from tests.support.reports import make_report, year


def test_on_time_late_and_missing(session):
    make_report(session, "400", year(2023), total=10, doc_date=dt.date(2024, 1, 10))
    make_report(session, "401", year(2023), total=10, doc_date=dt.date(2024, 2, 1), status="submitted")
    make_report(session, "402", year(2023), total=10, doc_date=dt.date(2024, 1, 5), status="draft")  # not a report
    _, year_end = default_periods(2023)
    assert year_end.due == dt.date(2024, 1, 15)
    rows = {r.code: r for r in completeness(session, period=year_end)}
    assert rows["400"].status == "on_time" and rows["400"].reported_on == dt.date(2024, 1, 10)
    assert rows["401"].status == "late"
    assert rows["402"].status == "missing" and rows["B02"].status == "missing"
    assert "405" in rows  # Đông Sơn existed until 30 Nov 2024
    assert len(rows) == 27 + 14  # the district-level units and the provincial bodies
    csv = missing_csv(list(rows.values())).decode("utf-8-sig")
    assert '402,"Huyện Như Xuân"' in csv and "400," not in csv


def test_after_the_reform_the_new_communes_are_expected_for_their_part_of_the_year(session):
    make_report(session, "14758", (dt.date(2025, 7, 1), dt.date(2025, 12, 31)), total=3, doc_date=dt.date(2026, 1, 9))
    rows = {
        r.code: r
        for r in completeness(
            session, period=DuePeriod(dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 15))
        )
    }
    assert rows["14758"].status == "on_time" and "400" not in rows and len(rows) == 166 + 14
    half = {r.code for r in completeness(session, period=default_periods(2025)[0])}
    assert "400" in half and "14758" not in half
