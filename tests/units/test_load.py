"""Reference data: the 27 district-level units, their validity, the merge of Đông Sơn."""

import datetime as dt

from sqlmodel import select

from registry.models import AdminUnit, Bloc, UnitViewMap, WorkField

CODES = [str(c) for c in range(380, 408) if c != 383]


def test_27_districts_with_official_codes(session):
    districts = session.exec(select(AdminUnit).where(AdminUnit.level == "district")).all()
    assert sorted(u.code for u in districts) == CODES
    by_code = {u.code: u for u in districts}
    assert by_code["380"].name == "Thành phố Thanh Hóa" and by_code["380"].kind == "thanh_pho"
    assert by_code["381"].kind == "thi_xa" and by_code["399"].name == "Huyện Hoằng Hóa"
    assert sum(u.communes for u in districts) == 559


def test_validity_and_merge_of_dong_son(session):
    units = {u.code: u for u in session.exec(select(AdminUnit)).all()}
    dong_son, city = units["405"], units["380"]
    assert dong_son.valid_to == dt.date(2024, 11, 30) and dong_son.merged_into_id == city.id
    assert dong_son.valid_on(dt.date(2024, 11, 30)) and not dong_son.valid_on(dt.date(2024, 12, 1))
    for code in CODES:
        assert units[code].valid_from <= dt.date(2021, 1, 1)
        if code != "405":
            assert units[code].valid_to == dt.date(2025, 6, 30), code
    province = units["38"]
    assert province.level == "province" and province.valid_to is None
    assert all(units[c].parent_id == province.id for c in CODES)


def test_districts_2025_view_counts_dong_son_in_the_city(session):
    units = {u.code: u.id for u in session.exec(select(AdminUnit)).all()}
    rows = session.exec(select(UnitViewMap).where(UnitViewMap.unit_id == units["405"])).all()
    by_view = {(r.view, r.target_id): r.share for r in rows}
    assert by_view[("then", units["405"])] == 1.0
    assert by_view[("districts-2025", units["380"])] == 1.0
    assert ("districts-2025", units["405"]) not in by_view


def test_fields_and_blocs(session):
    fields = {f.code: f for f in session.exec(select(WorkField)).all()}
    assert set(fields) == {"economy", "culture_society", "defence_security", "political_system"}
    assert fields["economy"].name_vi == "Kinh tế" and fields["economy"].name_en == "Economy"
    blocs = session.exec(select(Bloc)).all()
    assert len(blocs) == 6 and [b.code for b in blocs if b.is_state] == ["state"]


def test_init_is_idempotent(sqlite_db):
    from registry import schema
    from registry.db import write_session

    with write_session(sqlite_db) as s:
        before = len(s.exec(select(AdminUnit)).all())
        schema.load_all(s)
    with write_session(sqlite_db) as s:
        assert len(s.exec(select(AdminUnit)).all()) == before
