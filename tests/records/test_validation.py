"""Every validation rule of the registry layer, each with a failing and a passing case."""

import datetime as dt

import pytest

from registry.errors import ValidationFailed
from registry.permissions import SYSTEM
from registry.records import writes
from tests.support.factories import example_input


def keys(exc: ValidationFailed) -> set[str]:
    return {p.key for p in exc.problems}


def create(session, **overrides):
    ex = writes.create_example(session, example_input(**overrides), actor=SYSTEM)
    session.commit()
    return ex


def test_valid_record_is_created(session):
    ex = create(session)
    assert ex.id and ex.year == 2023 and ex.version == 1 and ex.stage == "registered"


@pytest.mark.parametrize(
    "year, ok", [(2008, False), (2009, True), (dt.date.today().year, True), (dt.date.today().year + 1, False)]
)
def test_year_between_2009_and_this_year(session, year, ok):
    day = dt.date(year, 1, 2) if year <= dt.date.today().year else dt.date(year, 1, 2)
    unit = "380" if year < 2025 else "38"
    if ok:
        assert create(session, registered_on=day, unit=unit).year == year
    else:
        with pytest.raises(ValidationFailed) as err:
            create(session, registered_on=day, unit=unit)
        assert "error.year_range" in keys(err.value)
        assert "2009" in err.value.message("vi") and "Năm đăng ký" in err.value.message("vi")
        assert "year of registration" in err.value.message("en")


def test_stage_dates_in_order(session):
    base = dict(registered_on=dt.date(2022, 1, 10), stage="recognised", recognition_level="district")
    with pytest.raises(ValidationFailed) as err:
        create(session, **base, effective_on=dt.date(2022, 5, 1), recognised_on=dt.date(2022, 3, 1))
    assert keys(err.value) == {"error.stage_dates_order"}
    assert err.value.field == "recognised_on"
    ex = create(session, **base, effective_on=dt.date(2022, 3, 1), recognised_on=dt.date(2022, 5, 1))
    assert ex.recognised_on == dt.date(2022, 5, 1)


def test_no_stage_date_before_registration(session):
    with pytest.raises(ValidationFailed) as err:
        create(session, registered_on=dt.date(2022, 6, 1), stage="effective", effective_on=dt.date(2022, 5, 1))
    assert keys(err.value) == {"error.stage_date_before_registered"}
    assert create(session, registered_on=dt.date(2022, 6, 1), stage="effective", effective_on=dt.date(2022, 6, 1)).id


def test_stage_needs_its_date_and_no_later_dates(session):
    with pytest.raises(ValidationFailed) as err:
        create(session, stage="effective")
    assert keys(err.value) == {"error.stage_date_missing"}
    with pytest.raises(ValidationFailed) as err:
        create(session, stage="registered", effective_on=dt.date(2023, 6, 1))
    assert keys(err.value) == {"error.stage_date_beyond"}


def test_award_needs_form_issuer_and_date(session):
    dates = dict(
        registered_on=dt.date(2021, 1, 5),
        effective_on=dt.date(2021, 3, 1),
        recognised_on=dt.date(2021, 5, 1),
        outstanding_on=dt.date(2021, 7, 1),
        awarded_on=dt.date(2021, 9, 1),
        recognition_level="province",
    )
    with pytest.raises(ValidationFailed) as err:
        create(session, stage="awarded", **dates)
    assert keys(err.value) == {"error.award_required"}
    ex = create(session, stage="awarded", award_form="Bằng khen", award_issuer="Chủ tịch UBND tỉnh", **dates)
    assert ex.stage == "awarded"


def test_unit_existed_on_the_date(session):
    with pytest.raises(ValidationFailed) as err:
        create(session, unit="405", registered_on=dt.date(2025, 1, 15))
    assert keys(err.value) == {"error.unit_not_valid_on"}
    assert "Đông Sơn" in err.value.message("vi")
    assert create(session, unit="405", registered_on=dt.date(2024, 11, 30)).id
    assert create(session, unit="Huyện Đông Sơn", registered_on=dt.date(2024, 3, 1)).id


def test_district_refused_after_the_reform(session):
    assert create(session, unit="399", registered_on=dt.date(2025, 6, 30)).id
    with pytest.raises(ValidationFailed) as err:
        create(session, unit="399", registered_on=dt.date(2025, 7, 1))
    assert keys(err.value) == {"error.unit_wrong_era"}


def test_unknown_unit_field_bloc(session):
    with pytest.raises(ValidationFailed) as err:
        create(session, unit="Huyện Không Có", field="astronomy", bloc="nowhere")
    assert keys(err.value) == {"error.unknown_unit", "error.unknown_field", "error.unknown_bloc"}
    assert create(session, unit="H. Yên Định", field="Kinh tế", bloc="Khối chính quyền").id


def test_title_not_empty_after_trimming(session):
    with pytest.raises(ValidationFailed) as err:
        create(session, title="   \u00a0 ")
    assert keys(err.value) == {"error.title_empty"}
    assert err.value.field == "title"
    ex = create(session, title="  Tuyến   phố văn minh ")
    assert ex.title == "Tuyến phố văn minh"


def test_text_is_stored_nfc_with_new_tone_marks(session):
    import unicodedata

    ex = create(session, title=unicodedata.normalize("NFD", "Bún an toàn thực phẩm Thanh Hoá"))
    assert ex.title == "Bún an toàn thực phẩm Thanh Hóa"
    assert unicodedata.is_normalized("NFC", ex.title)


def test_bad_kind(session):
    with pytest.raises(ValidationFailed) as err:
        create(session, kind="group")
    assert keys(err.value) == {"error.bad_kind"}
    assert create(session, kind="điển hình").kind == "individual"


def test_replicated_from_must_exist(session):
    with pytest.raises(ValidationFailed) as err:
        create(session, replicated_from=999999)
    assert keys(err.value) == {"error.origin_missing"}


def test_origin_registered_no_later_than_copy(session):
    origin = create(session, unit="388", registered_on=dt.date(2024, 3, 1))
    with pytest.raises(ValidationFailed) as err:
        create(session, unit="384", registered_on=dt.date(2024, 2, 1), replicated_from=origin.id)
    assert keys(err.value) == {"error.origin_later"}
    copy = create(session, unit="384", registered_on=dt.date(2024, 3, 1), replicated_from=origin.id)
    assert copy.origin_id == origin.id


def test_no_replication_cycle(session):
    a = create(session, unit="388", registered_on=dt.date(2022, 1, 1))
    b = create(session, unit="384", registered_on=dt.date(2022, 2, 1), replicated_from=a.id)
    c = create(session, unit="386", registered_on=dt.date(2022, 3, 1), replicated_from=b.id)
    from registry.models import ModelExampleUpdate

    with pytest.raises(ValidationFailed) as err:  # a copies its own grandchild: a cycle
        writes.update_example(
            session,
            a.id,
            ModelExampleUpdate(version=a.version, replicated_from=c.id, registered_on=dt.date(2022, 3, 1)),
            actor=SYSTEM,
        )
    assert "error.origin_cycle" in keys(err.value)
    session.rollback()
    with pytest.raises(ValidationFailed) as err:
        writes.update_example(session, a.id, ModelExampleUpdate(version=a.version, replicated_from=a.id), actor=SYSTEM)
    assert "error.origin_cycle" in keys(err.value)
    session.rollback()
    d = create(session, unit="390", registered_on=dt.date(2021, 6, 1))
    moved = writes.update_example(
        session, b.id, ModelExampleUpdate(version=b.version, replicated_from=d.id), actor=SYSTEM
    )
    session.commit()
    session.refresh(c)
    assert moved.origin_id == d.id and c.origin_id == d.id  # the whole subtree moved family


def test_every_validation_message_exists_in_both_languages(session):
    with pytest.raises(ValidationFailed) as err:
        create(session, title="", kind="x", unit="nowhere", field="x", bloc="x", registered_on=dt.date(2008, 1, 1))
    for p in err.value.problems:
        vi, en = p.message("vi"), p.message("en")
        assert vi and en and vi != en and "{" not in vi and "{" not in en
