"""Finding units as sources write them (registry.units.index): codes, names with or without a
prefix, NFD and old tone marks, ambiguous names listed, communes inside their district, and the
era each kind of unit belongs to."""

import datetime as dt
import unicodedata

import pytest

from registry.units.index import UnitIndex, UnitNotResolved

BEFORE = dt.date(2023, 5, 1)
AFTER = dt.date(2025, 9, 1)


@pytest.fixture
def units(session):
    return UnitIndex.load(session)


@pytest.mark.parametrize(
    "written", ["399", "Huyện Hoằng Hóa", "huyen hoang hoa", "H. Hoằng Hóa", "Hoằng Hoá", "Hoằng Hóa", "HOẰNG HÓA"]
)
def test_a_district_in_every_spelling(units, written):
    assert units.resolve(written, on=BEFORE).code == "399"


def test_nfd_text_is_the_same_unit(units):
    assert units.resolve(unicodedata.normalize("NFD", "Huyện Mường Lát"), on=BEFORE).code == "384"


def test_the_province_by_its_names(units):
    for written in ("38", "Tỉnh Thanh Hóa", "cấp tỉnh"):
        assert units.resolve(written, on=BEFORE).level == "province"


def test_an_unknown_name_is_a_problem_not_a_crash(units):
    with pytest.raises(UnitNotResolved) as exc:
        units.resolve("Huyện Không Có", on=BEFORE)
    assert exc.value.problem.field == "unit" and exc.value.problem.key.startswith("error.")


def test_a_commune_inside_its_district(units):
    hoang_hoa = units.by_code["399"]
    commune = units.resolve("Hoằng Thái", on=BEFORE, want="commune", within=hoang_hoa, field_name="commune")
    assert commune.level == "commune" and units.parent(commune).code == "399"
    assert units.in_unit(commune, hoang_hoa, BEFORE)
    assert not units.in_unit(commune, units.by_code["380"], BEFORE)


def test_dong_son_communes_lie_in_the_city_from_december_2024(units):
    dong_son = [
        u
        for u in units.units
        if u.level == "commune" and u.parent_id == units.by_code["405"].id and u.valid_on(dt.date(2024, 12, 15))
    ]
    assert dong_son, "Đông Sơn's communes are loaded"
    commune = dong_son[0]
    assert units.in_unit(commune, units.by_code["405"], dt.date(2024, 6, 1))
    assert units.in_unit(commune, units.by_code["380"], dt.date(2024, 12, 15))


def test_new_units_of_2025_are_found_after_the_reform(units):
    new = [u for u in units.units if u.level == "commune" and u.valid_from >= dt.date(2025, 7, 1)]
    assert len(new) == 166
    found = units.resolve(new[0].name, on=AFTER)
    assert found.valid_from >= dt.date(2025, 7, 1)
