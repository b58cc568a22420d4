"""Reading "Nhân rộng từ" as people write it: an id, a title, "title (unit)", "title – unit – year",
with quotes, a leading "mô hình", folded diacritics; several candidates listed, nothing matched."""

import datetime as dt
import unicodedata

import pytest
from sqlmodel import Session

from registry.permissions import SYSTEM
from registry.records import writes
from registry.replication import origins
from registry.units.index import UnitIndex
from tests.support.factories import make_example


@pytest.fixture
def reg(sqlite_db):
    with Session(sqlite_db) as s:
        ids = {
            "lang_chanh": make_example(s, title="Bản sáng vùng biên", unit="388", registered_on=dt.date(2022, 3, 1)).id,
            "muong_lat": make_example(s, title="Bản sáng vùng biên", unit="384", registered_on=dt.date(2024, 5, 1)).id,
            "hau_loc": make_example(s, title="Tuyến phố văn minh", unit="400", registered_on=dt.date(2021, 5, 1)).id,
            "dash": make_example(
                s, title="Văn hóa – xã hội kiểu mẫu", unit="380", registered_on=dt.date(2022, 1, 9)
            ).id,
        }
        yield s, UnitIndex.load(s), ids


def resolve(reg, value, before=dt.date(2025, 6, 1)):
    session, units, _ = reg
    return origins.resolve(session, origins.Ask(value, before=before), units)


@pytest.mark.parametrize(("value", "want"), [("12", 12), ("#12", 12), ("# 12", 12), ("mã số 12", 12), ("12.0", 12)])
def test_an_id_is_an_id(reg, value, want):
    found = resolve(reg, value)
    assert (found.status, found.record_id) == (origins.ID, want)


@pytest.mark.parametrize(
    "value",
    [
        "Tuyến phố văn minh",
        "tuyen pho van minh",
        "TUYẾN PHỐ VĂN MINH",
        "“Tuyến phố văn minh”",
        "«Tuyến phố văn minh»",
        "‘Tuyến phố văn minh’",
        '"Tuyến phố văn minh"',
        "Mô hình “Tuyến phố văn minh”",
        "MÔ HÌNH tuyến phố văn minh",
        "mo hinh Tuyen pho van minh",
        unicodedata.normalize("NFD", "Mô hình Tuyến phố văn minh"),
    ],
)
def test_a_title_as_written_finds_its_record(reg, value):
    found = resolve(reg, value)
    assert (found.status, found.record_id) == (origins.ONE, reg[2]["hau_loc"])


def test_a_title_held_by_several_units_lists_them_all_and_links_none(reg):
    found = resolve(reg, "Bản sáng vùng biên")
    assert found.status == origins.MANY and found.record_id is None
    assert [c.id for c in found.candidates] == [reg[2]["lang_chanh"], reg[2]["muong_lat"]]
    assert [c.registered_on.year for c in found.candidates] == [2022, 2024]


@pytest.mark.parametrize(
    ("value", "which"),
    [
        ("Bản sáng vùng biên (Lang Chánh)", "lang_chanh"),
        ("Bản sáng vùng biên (huyện Lang Chánh)", "lang_chanh"),
        ("“Bản sáng vùng biên” (H. Mường Lát)", "muong_lat"),
        ("Bản sáng vùng biên (Mường Lát, 2024)", "muong_lat"),
        ("Bản sáng vùng biên (2022)", "lang_chanh"),
        ("Bản sáng vùng biên – Mường Lát – 2024", "muong_lat"),
        ("Bản sáng vùng biên — Lang Chánh — 2022", "lang_chanh"),
        ("Bản sáng vùng biên - huyện Lang Chánh - 2022", "lang_chanh"),
        ("Bản sáng vùng biên – Lang Chánh", "lang_chanh"),
        ("Bản sáng vùng biên – 2024", "muong_lat"),
        ("Bản sáng vùng biên – năm 2024", "muong_lat"),
        ("mô hình bản sáng vùng biên - muong lat", "muong_lat"),
        (unicodedata.normalize("NFD", "Bản sáng vùng biên – Lang Chánh – 2022"), "lang_chanh"),
    ],
)
def test_unit_and_year_narrow_to_one(reg, value, which):
    found = resolve(reg, value)
    assert (found.status, found.record_id) == (origins.ONE, reg[2][which])


def test_a_dash_that_names_no_unit_stays_in_the_title(reg):
    found = resolve(reg, "Văn hóa – xã hội kiểu mẫu")
    assert (found.status, found.record_id) == (origins.ONE, reg[2]["dash"])
    found = resolve(reg, "Văn hóa – xã hội kiểu mẫu – Thành phố Thanh Hóa – 2022")
    assert (found.status, found.record_id) == (origins.ONE, reg[2]["dash"])


@pytest.mark.parametrize(
    "value",
    [
        "Bản sáng vùng biên – Lang Chánh – 2024",  # the year contradicts the unit
        "Bản sáng vùng biên (Hậu Lộc)",  # no such record in that unit
        "Chợ phiên vùng cao",  # no such title
        "Tuyến phố văn",  # a part of a title is not the title
    ],
)
def test_nothing_matched(reg, value):
    found = resolve(reg, value)
    assert found.status == origins.NONE and found.record_id is None and not found.candidates
    assert found.text == value


def test_only_earlier_records_and_never_the_copy_itself(reg):
    session, units, ids = reg
    found = resolve(reg, "Bản sáng vùng biên", before=dt.date(2023, 1, 1))  # Mường Lát's is later
    assert (found.status, found.record_id) == (origins.ONE, ids["lang_chanh"])
    found = origins.resolve(session, origins.Ask("Tuyến phố văn minh", exclude=ids["hau_loc"]), units)
    assert found.status == origins.NONE


def test_a_deleted_record_is_no_candidate(reg):
    session, units, ids = reg
    example = writes.get_live(session, ids["muong_lat"])
    writes.delete_example(session, ids["muong_lat"], SYSTEM, version=example.version)
    session.commit()
    found = resolve(reg, "Bản sáng vùng biên")
    assert (found.status, found.record_id) == (origins.ONE, ids["lang_chanh"])


def test_many_texts_resolve_in_order(reg):
    session, units, ids = reg
    asks = [origins.Ask(v) for v in ("Tuyến phố văn minh", "7", "Không có", "Bản sáng vùng biên (Lang Chánh)")]
    found = origins.resolve_many(session, asks, units)
    assert [f.status for f in found] == [origins.ONE, origins.ID, origins.NONE, origins.ONE]
    assert [f.record_id for f in found] == [ids["hau_loc"], 7, None, ids["lang_chanh"]]


def test_readings_are_pure(reg):
    _, units, _ = reg
    record_id, readings = origins.read("Mô hình “Bản sáng vùng biên” – Lang Chánh – 2022", units)
    assert record_id is None
    assert readings[0] == origins.Reading("ban sang vung bien", "Lang Chánh", 2022)
    assert readings[-1].unit is None and readings[-1].year is None
    assert origins.read("", units) == (None, [])
