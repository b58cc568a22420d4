"""Published figures: seeded by init, and the check against the registry counted to the same date."""

import datetime as dt

import pytest
from sqlmodel import Session, select

from registry.demo import CALIBRATION, CUTOFF
from registry.errors import PermissionDenied
from registry.exports import published
from registry.models import PublishedFigure
from registry.permissions import SYSTEM, Actor
from registry.records import writes
from tests.support.factories import make_example


def test_seeded_from_the_data_file_with_the_2023_figures(session):
    rows = {f.measure: f for f in session.exec(select(PublishedFigure)).all()}
    assert rows["total"].value == 8419 and rows["collective"].value == 4810 and rows["individual"].value == 3609
    assert rows["field:economy"].value == 3200
    assert rows["awarded_collective"].value == 1064 and rows["awarded_individual"].value == 1623
    assert rows["contests"].value == 236 and rows["contest_units"].value == 396
    assert {f.published_on for f in rows.values()} == {dt.date(2023, 10, 10)}
    assert all(f.scope == "38" and f.source for f in rows.values())


def test_seeding_is_idempotent(db):
    with Session(db) as s:
        before = len(s.exec(select(PublishedFigure)).all())
        assert published.load_published(s) == before
        s.commit()
        assert len(s.exec(select(PublishedFigure)).all()) == before


def test_demo_data_shows_no_gap_for_the_2023_figures(demo_db):  # noqa: F811
    with Session(demo_db) as s:
        rows = published.check(s, tolerance=0.0, actor=SYSTEM)
    compared = {r.measure: r for r in rows if r.comparable}
    assert set(compared) == {
        "total",
        "collective",
        "individual",
        "field:economy",
        "awarded_collective",
        "awarded_individual",
    }
    assert compared["total"].registry == CALIBRATION["total"]
    assert compared["awarded_individual"].registry == CALIBRATION["awarded_individual"]
    assert all(r.gap == 0 and r.within for r in compared.values())
    assert not published.has_gaps(rows)
    # the figures the registry does not keep are shown, never compared
    assert {r.measure for r in rows if not r.comparable} == {"contests", "contest_units"}


def test_counts_only_up_to_the_date_and_not_deleted(session):
    inside = make_example(session, registered_on=dt.date(2023, 10, 10), kind="individual")
    make_example(session, registered_on=dt.date(2023, 10, 11), kind="individual")  # a day late
    make_example(session, registered_on=dt.date(2020, 12, 31), kind="individual")  # before the period
    gone = make_example(session, registered_on=dt.date(2022, 1, 5), kind="individual")
    writes.delete_example(session, gone.id, actor=SYSTEM)
    session.commit()
    rows = {r.measure: r for r in published.check(session, 0.0, actor=SYSTEM)}
    assert rows["individual"].registry == 1 and rows["total"].registry == 1
    assert rows["individual"].gap == 1 - 3609
    assert rows["individual"].within is False and published.has_gaps(list(rows.values()))
    assert inside.id


def awarded(session, day, kind="collective"):
    return make_example(
        session,
        kind=kind,
        registered_on=dt.date(2022, 1, 1),
        stage="awarded",
        effective_on=dt.date(2022, 3, 1),
        recognised_on=dt.date(2022, 6, 1),
        outstanding_on=dt.date(2022, 9, 1),
        awarded_on=day,
        recognition_level="district",
        award_form="Giấy khen",
        award_issuer="UBND huyện",
    )


def test_awarded_means_awarded_on_or_before_the_date(session):
    awarded(session, dt.date(2023, 10, 10))
    awarded(session, dt.date(2023, 10, 11))  # awarded a day after the published date
    awarded(session, dt.date(2023, 1, 1), kind="individual")
    rows = {r.measure: r for r in published.check(session, 0.0, actor=SYSTEM)}
    assert rows["awarded_collective"].registry == 1
    assert rows["awarded_individual"].registry == 1
    assert rows["collective"].registry == 2


def test_tolerance_decides_and_parses():
    row = published.CheckRow(
        code="x",
        source="s",
        source_url="",
        published_on=CUTOFF,
        period_from=CUTOFF,
        period_until=CUTOFF,
        scope="38",
        measure="total",
        published=1000,
        registry=985,
        tolerance=0.02,
    )
    assert row.gap == -15 and row.relative_gap == pytest.approx(0.015) and row.within
    assert not published.CheckRow(**{**row.__dict__, "tolerance": 0.01}).within
    assert published.parse_tolerance("2%") == pytest.approx(0.02)
    assert published.parse_tolerance("0,05") == pytest.approx(0.05)
    assert published.parse_tolerance(None) == published.DEFAULT_TOLERANCE
    for bad in ("abc", "-1", "nan"):
        with pytest.raises(ValueError):
            published.parse_tolerance(bad)


def test_a_unit_scope_counts_through_the_unit_view(session):
    session.add(
        PublishedFigure(
            code="hl",
            source="danvan.vn",
            published_on=dt.date(2024, 1, 1),
            period_from=dt.date(2021, 1, 1),
            period_until=dt.date(2023, 12, 31),
            scope="400",
            measure="total",
            value=2,
        )
    )
    session.commit()
    make_example(session, unit="400", registered_on=dt.date(2023, 2, 1))
    make_example(session, unit="400", registered_on=dt.date(2023, 3, 1))
    make_example(session, unit="401", registered_on=dt.date(2023, 3, 1))
    rows = {r.code: r for r in published.check(session, 0.0, actor=SYSTEM)}
    assert rows["hl"].registry == 2 and rows["hl"].within


def test_the_check_needs_the_view_right():
    with pytest.raises(PermissionDenied):
        published.check(None, 0.0, actor=Actor("x", "nobody"))
