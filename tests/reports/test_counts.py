"""Counting without double counting: an area's own approved report where there is one, else the
sum of its children's, never both; a gap between them is a data-quality item; periods that do not
answer the question exactly are left out and listed."""

import datetime as dt

from sqlmodel import select

from registry.models import AdminUnit
from registry.reports.counts import reported, tile
from tests.support.reports import make_report, unit, year

H1 = (dt.date(2023, 1, 1), dt.date(2023, 6, 30))
H2 = (dt.date(2023, 7, 1), dt.date(2023, 12, 31))


def test_communes_sum_when_the_district_has_no_report(session):
    make_report(session, "L16012", year(2023), total=12, collective=7, individual=5)
    make_report(session, "L16015", year(2023), total=8, collective=3, individual=5)
    summary = reported(session, area="400", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
    assert summary.total == 20 and summary.figures["collective"] == 10 and summary.source == "children"
    assert summary.units_reporting == 2 and summary.units_expected > 20  # Hậu Lộc's communes


def test_the_districts_own_report_wins_and_the_communes_are_not_added(session):
    make_report(session, "L16012", year(2023), total=12)
    make_report(session, "L16015", year(2023), total=8)
    make_report(session, "400", year(2023), total=20, economy=9)
    summary = reported(session, area="400", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
    assert summary.total == 20 and summary.source == "own" and summary.figures["economy"] == 9
    assert summary.gaps == []
    province = reported(session, start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
    assert province.total == 20  # the district once, its communes not again


def test_a_gap_beyond_the_tolerance_is_a_data_quality_item_not_a_total(session):
    communes = session.exec(
        select(AdminUnit).where(
            AdminUnit.parent_id == unit(session, "400").id, AdminUnit.valid_to >= dt.date(2023, 12, 31)
        )
    ).all()
    for commune in communes[:-1]:
        make_report(session, commune.code, year(2023), total=1)
    make_report(session, "400", year(2023), total=20)
    partial = reported(session, area="400", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
    assert partial.total == 20 and partial.gaps == []  # one commune has not reported: a partial sum is no sum
    make_report(session, communes[-1].code, year(2023), total=10)
    summary = reported(session, area="400", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
    assert summary.total == 20 and summary.source == "own"
    ((gap),) = summary.gaps
    children = len(communes) - 1 + 10
    assert (gap.unit, gap.own, gap.children, gap.gap) == ("400", 20, children, children - 20)
    assert reported(session, area="400", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31), tolerance=2).gaps == []


def test_half_years_answer_a_year_and_a_year_does_not_answer_a_half_year(session):
    make_report(session, "401", H1, total=4)
    make_report(session, "401", H2, total=6)
    make_report(session, "402", year(2023), total=30)
    whole = reported(session, start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
    assert whole.total == 40 and whole.periods == sorted([H1, H2, year(2023)]) and whole.left_out == []
    half = reported(session, start=H1[0], end=H1[1])
    assert half.total == 4
    assert [(r.unit, r.period_from, r.period_until) for r in half.left_out] == [("402", *year(2023))]


def test_a_cumulative_synthesis_answers_only_its_own_period(session):
    make_report(
        session, "38", (dt.date(2021, 1, 1), dt.date(2023, 10, 10)), total=8419, collective=4810, individual=3609
    )
    make_report(session, "400", year(2021), total=100)
    exact = reported(session, start=dt.date(2021, 1, 1), end=dt.date(2023, 10, 10))
    assert exact.total == 8419 and exact.source == "own" and exact.figures["individual"] == 3609
    yearly = reported(session, start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31))
    assert yearly.total == 100 and [r.unit for r in yearly.left_out] == ["38"]


def test_tiling_takes_the_fewest_reports_and_never_overlaps():
    class R:
        def __init__(self, i, a, b):
            self.id, self.period_from, self.period_until = i, a, b

    reports = [R(1, *H1), R(2, *H2), R(3, *year(2023)), R(4, dt.date(2023, 3, 1), dt.date(2023, 12, 31))]
    assert [r.id for r in tile(reports, *year(2023))] == [3]
    assert [r.id for r in tile(reports[:2], *year(2023))] == [1, 2]
    assert tile([reports[0], reports[3]], *year(2023)) is None
    assert tile(reports, dt.date(2023, 1, 1), dt.date(2023, 10, 10)) is None
