"""Published figures: seeded by init, and the check against the registry counted to the same date."""

import datetime as dt

import pytest
from sqlmodel import Session, select

from registry.demo import CALIBRATION, CALIBRATION_2025, CUTOFF, CUTOFF_2025
from registry.errors import PermissionDenied
from registry.exports import published
from registry.models import PublishedFigure
from registry.permissions import SYSTEM, Actor
from registry.records import writes
from registry.units.load import load_published
from tests.support.factories import make_example


def test_seeded_from_the_data_file_with_the_2023_figures(session):
    rows = {f.measure: f for f in session.exec(select(PublishedFigure)).all() if f.published_on == CUTOFF}
    assert rows["total"].value == 8419 and rows["collective"].value == 4810 and rows["individual"].value == 3609
    assert rows["field:economy"].value == 3200
    assert rows["awarded_collective"].value == 1064 and rows["awarded_individual"].value == 1623
    assert rows["contests"].value == 236 and rows["contest_units"].value == 396
    assert {f.period_from for f in rows.values()} == {dt.date(2021, 1, 1)}
    assert all(f.scope == "38" and f.source for f in rows.values())


def test_seeded_with_the_2025_figures(session):
    """Báo Thanh Hóa, 31 Aug 2025: counted from 1 Jan 2021 (the article gives no start)."""
    all_rows = session.exec(select(PublishedFigure)).all()
    assert {f.published_on for f in all_rows} == {CUTOFF, CUTOFF_2025}
    rows = {f.measure: f for f in all_rows if f.published_on == CUTOFF_2025}
    assert {m: f.value for m, f in rows.items()} == {
        "total": 10239,
        "collective": 6026,
        "individual": 4213,
        "field:economy": 4398,
        "field:culture_society": 3030,
        "field:defence_security": 1696,
        "field:political_system": 1115,
    }
    assert rows["collective"].value + rows["individual"].value == rows["total"].value
    assert sum(f.value for m, f in rows.items() if m.startswith("field:")) == rows["total"].value
    assert {(f.period_from, f.period_until, f.scope) for f in rows.values()} == {
        (dt.date(2021, 1, 1), CUTOFF_2025, "38")
    }
    assert {f.source_url for f in rows.values()} == {
        "https://baothanhhoa.vn/cong-tac-dan-van-trong-tinh-hinh-moi-260224.htm"
    }
    assert all(f.source.startswith("Báo Thanh Hóa") and f.code.startswith("th-2025-08-31-") for f in rows.values())


def test_seeding_is_idempotent(db):
    with Session(db) as s:
        before = len(s.exec(select(PublishedFigure)).all())
        assert load_published(s) == before
        s.commit()
        assert len(s.exec(select(PublishedFigure)).all()) == before


def test_demo_data_shows_no_gap_for_either_published_figure(demo_db):  # noqa: F811
    with Session(demo_db) as s:
        rows = published.check(s, tolerance=0.0, actor=SYSTEM)
    compared = {(r.published_on, r.measure): r for r in rows if r.comparable}
    assert set(compared) == {
        (CUTOFF, m)
        for m in ("total", "collective", "individual", "field:economy", "awarded_collective", "awarded_individual")
    } | {
        (CUTOFF_2025, m)
        for m in (
            "total",
            "collective",
            "individual",
            "field:economy",
            "field:culture_society",
            "field:defence_security",
            "field:political_system",
        )
    }
    assert compared[(CUTOFF, "total")].registry == CALIBRATION["total"]
    assert compared[(CUTOFF, "awarded_individual")].registry == CALIBRATION["awarded_individual"]
    assert compared[(CUTOFF_2025, "total")].registry == CALIBRATION_2025["total"] == 10239
    assert compared[(CUTOFF_2025, "field:political_system")].registry == CALIBRATION_2025["political_system"]
    assert all(r.gap == 0 and r.within for r in compared.values())
    assert not published.has_gaps(rows)
    # the figures the registry does not keep are shown, never compared
    assert {r.measure for r in rows if not r.comparable} == {"contests", "contest_units"}
    # in date order: the 2023 figure first, then the 2025 one
    assert [r.published_on for r in rows] == sorted(r.published_on for r in rows)


def test_the_table_shows_each_figure_with_its_source_and_date(demo_db):  # noqa: F811
    with Session(demo_db) as s:
        rows = published.check(s, tolerance=0.0, actor=SYSTEM)
        table = published.table(s, rows, "vi")
    assert len(table) == len(rows) == 15
    by_date = {}
    for r in table:
        by_date.setdefault(r["Ngày công bố"], []).append(r)
    assert {d: len(v) for d, v in by_date.items()} == {"10/10/2023": 8, "31/08/2025": 7}
    newest = by_date["31/08/2025"]
    assert all(r["Nguồn công bố"].startswith("Báo Thanh Hóa") for r in newest)
    assert {r["Chỉ tiêu"]: r["Số công bố"] for r in newest}["Trong lĩnh vực Văn hóa – xã hội"] == 3030


def test_counts_only_up_to_the_date_and_not_deleted(session):
    inside = make_example(session, registered_on=dt.date(2023, 10, 10), kind="individual")
    make_example(session, registered_on=dt.date(2023, 10, 11), kind="individual")  # a day late
    make_example(session, registered_on=dt.date(2020, 12, 31), kind="individual")  # before the period
    gone = make_example(session, registered_on=dt.date(2022, 1, 5), kind="individual")
    writes.delete_example(session, gone.id, actor=SYSTEM)
    session.commit()
    rows = {r.code: r for r in published.check(session, 0.0, actor=SYSTEM)}
    assert rows["th-2023-10-10-individual"].registry == 1 and rows["th-2023-10-10-total"].registry == 1
    assert rows["th-2023-10-10-individual"].gap == 1 - 3609
    assert rows["th-2023-10-10-individual"].within is False and published.has_gaps(list(rows.values()))
    # the 2025 figure counts to its own date: the record of 11 Oct 2023 is inside it
    assert rows["th-2025-08-31-individual"].registry == 2 and rows["th-2025-08-31-total"].registry == 2
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
    rows = {r.code: r for r in published.check(session, 0.0, actor=SYSTEM)}
    assert rows["th-2023-10-10-awarded-collective"].registry == 1
    assert rows["th-2023-10-10-awarded-individual"].registry == 1
    assert rows["th-2023-10-10-collective"].registry == 2


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
