"""Units back to 2009: open starts, former names and districts (unit_alias), communes
merged away before 2025 as units merged into their receiver, and how the views count them."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from registry import schema
from registry.errors import ValidationFailed
from registry.models import REFORM_DATE, AdminUnit, ModelExampleCreate, UnitAlias, UnitViewMap
from registry.permissions import SYSTEM
from registry.records import bulk, writes
from registry.records.validation import References, resolve_input
from registry.units.index import UnitIndex
from tests.support.factories import example_input


def by_code(session) -> dict[str, AdminUnit]:
    return {u.code: u for u in session.exec(select(AdminUnit)).all()}


def view_targets(session, view: str, unit: AdminUnit) -> dict[int, float]:
    rows = session.exec(select(UnitViewMap).where(UnitViewMap.view == view, UnitViewMap.unit_id == unit.id)).all()
    return {r.target_id: round(r.share, 9) for r in rows}


def test_units_start_at_the_movement_or_at_their_change(session):
    units = by_code(session)
    assert units["407"].valid_from <= dt.date(2009, 1, 1) and units["L16510"].valid_from <= dt.date(2009, 1, 1)
    assert units["L15331"].valid_from == dt.date(2024, 12, 1)  # xã Thái Lai, formed from Hà Lai and Hà Thái
    assert units["L15307"].valid_from == dt.date(2019, 12, 1)  # xã Yến Sơn (Resolution 786)
    hathai = units["M392hathai"]
    assert (hathai.name, hathai.valid_to, hathai.merged_into_id) == (
        "Xã Hà Thái",
        dt.date(2024, 11, 30),
        units["L15331"].id,
    )
    assert units["M399hoangphuc"].merged_into_id is None  # the receiver is not known (confirmed=no)


def test_former_names_and_districts_are_aliases_with_their_validity(session):
    units = by_code(session)
    tinh_gia = session.exec(select(UnitAlias).where(UnitAlias.name == "Huyện Tĩnh Gia")).one()
    assert (tinh_gia.unit_id, tinh_gia.valid_to) == (units["407"].id, dt.date(2020, 5, 31))
    index = UnitIndex.load(session)
    assert index.resolve("huyện Tĩnh Gia", on=dt.date(2016, 3, 1)).code == "407"
    assert index.resolve("thị trấn Tĩnh Gia", on=dt.date(2016, 3, 1), want="commune").code == "L16561"
    quang_hung = units["M382quanghung"]  # moved from Quảng Xương to Sầm Sơn on 15 May 2015
    assert index.parent_on(quang_hung, dt.date(2014, 1, 1)).code == "406"
    assert index.parent_on(quang_hung, dt.date(2016, 1, 1)).code == "382"
    assert index.in_unit(quang_hung, units["406"], dt.date(2014, 1, 1))
    assert not index.in_unit(quang_hung, units["406"], dt.date(2016, 1, 1))


def test_history_load_is_idempotent(sqlite_session):
    def counts():
        return (
            len(sqlite_session.exec(select(AdminUnit)).all()),
            len(sqlite_session.exec(select(UnitAlias)).all()),
            len(sqlite_session.exec(select(UnitViewMap)).all()),
        )

    before = counts()
    first = schema.load_all(sqlite_session)
    assert schema.load_all(sqlite_session) == first
    sqlite_session.commit()
    assert counts() == before


def test_merged_away_commune_counts_like_its_receiver_in_every_view(session):
    units = by_code(session)
    for merged, receiver in (("M392hathai", "L15331"), ("M380donghung", "L16435"), ("M407haiyen", "L16609")):
        for view in ("then", "districts-2025", "new-units"):
            assert view_targets(session, view, units[merged]) == view_targets(session, view, units[receiver]), view
    # receiver unknown: as its district
    for view in ("then", "districts-2025", "new-units"):
        assert view_targets(session, view, units["M399hoangphuc"]) == view_targets(session, view, units["399"])


def test_a_2016_record_in_huyen_tinh_gia_counts_under_nghi_son(session):
    ex = writes.create_example(
        session, example_input(unit="huyện Tĩnh Gia", registered_on=dt.date(2016, 4, 1)), actor=SYSTEM
    )
    session.commit()
    units = by_code(session)
    assert ex.unit_id == units["407"].id
    assert view_targets(session, "districts-2025", units["407"]) == {units["407"].id: 1.0}


def test_a_record_before_2021_with_its_commune_is_accepted(session):
    units = by_code(session)
    ex = writes.create_example(
        session,
        example_input(unit="huyện Quảng Xương", commune="xã Quảng Phúc", registered_on=dt.date(2016, 7, 1)),
        actor=SYSTEM,
    )
    assert (ex.unit_id, ex.commune_id) == (units["406"].id, units["L16510"].id)


def test_notices_reach_the_caller_and_nothing_is_lost(session):
    units = by_code(session)
    refs = References(session)
    resolution = resolve_input(
        session,
        example_input(
            unit="huyện Triệu Sơn (cũ)", commune="xã Triệu Sơn", locality="thôn 3", registered_on=dt.date(2022, 5, 1)
        ),
        refs,
    )
    assert resolution.problems == [] and resolution.rule == "commune_unknown"
    assert resolution.values["unit_id"] == units["397"].id and resolution.values["commune_id"] is None
    assert resolution.values["locality"] == "thôn 3, xã Triệu Sơn"
    assert "xã Triệu Sơn" in resolution.notices[0].message("vi") and resolution.notices[0].field == "commune"
    notices: list = []
    writes.create_example(
        session,
        example_input(unit="", commune="xã Hà Thái", registered_on=dt.date(2022, 3, 1)),
        actor=SYSTEM,
        notices=notices,
    )
    assert [n.rule for n in notices] == ["commune_only"]
    rows = [
        ModelExampleCreate(
            kind="collective",
            title="“Thắp sáng đường quê”",
            field="economy",
            bloc="state",
            unit=u,
            commune=c,
            registered_on=d,
        )
        for u, c, d in (
            ("", "2 xã Pù Nhi và Nhi Sơn", dt.date(2023, 1, 1)),
            ("387", None, dt.date(2023, 1, 1)),
            ("", "xã Không Có", dt.date(2023, 1, 1)),
        )
    ]
    results = bulk.validate_batch(session, rows, refs)
    assert [r.rule for r in results] == ["commune_list", "plain", ""]
    assert results[0].values["title"] == "Thắp sáng đường quê" and results[0].notices
    assert [p.key for p in results[2].problems] == ["place.commune_not_found"]


def test_the_era_check_still_refuses_a_district_after_the_reform(session):
    try:
        writes.create_example(session, example_input(unit="huyện Mường Lát", registered_on=REFORM_DATE), actor=SYSTEM)
    except ValidationFailed as err:
        assert [p.key for p in err.problems] == ["error.unit_wrong_era"]
    else:
        raise AssertionError("accepted a district after the reform")
