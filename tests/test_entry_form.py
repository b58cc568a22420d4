"""The entry form's state and inputs (ui/entry_form.py), without Streamlit: a stored record becomes
the form's state and the state the input that made it (each date precision, the stages, the award,
the origin), an edit sends only what changed, and a conflict keeps what the user typed."""

from __future__ import annotations

import datetime as dt

import pytest

from registry.models import PRECISION_FIELDS, ModelExampleCreate
from registry.permissions import SYSTEM
from registry.queries import staff as staff_queries
from registry.records import writes
from tests.support.factories import example_input
from ui import entry_form


def codes_of(session) -> dict[str, dict[int, str]]:
    found = staff_queries.form_choices(session, lang="vi")
    return {kind: {int(i): c for i, c in found[f"{kind}_ids"]} for kind in ("unit", "field", "bloc", "programme")}


def stored_state(session, example_id: int) -> dict:
    example = writes.get_live(session, example_id)
    return entry_form.state_of(example, codes_of(session), staff_queries.latest_award(session, example_id=example_id))


def round_trip(session, data: ModelExampleCreate) -> ModelExampleCreate:
    example_id = writes.create_example(session, data, SYSTEM).id
    session.flush()
    return entry_form.create_input(stored_state(session, example_id))


@pytest.mark.parametrize(
    ("day", "precision"),
    [(dt.date(2023, 5, 17), "day"), (dt.date(2023, 5, 1), "month"), (dt.date(2023, 1, 1), "year")],
)
def test_a_record_goes_through_the_form_unchanged_at_each_precision(sqlite_session, day, precision):
    data = example_input(
        kind="individual",
        holder_name="Lê Thị Hoa",
        locality="Thôn Đông",
        unit="405",
        commune="L16381",
        programme="friendly_government",
        description="Mô tả",
        results="Kết quả",
        beneficiaries=120,
        funds_vnd=5_000_000,
        registered_on=day,
        registered_precision=precision,
    )
    again = round_trip(sqlite_session, data)
    assert again.model_dump() == data.model_dump()
    assert (again.registered_on, again.registered_precision, again.commune) == (day, precision, "L16381")


def test_the_stages_their_precisions_and_the_award_go_through_the_form(sqlite_session):
    data = example_input(
        registered_on=dt.date(2023, 1, 9),
        stage="awarded",
        effective_on=dt.date(2023, 2, 1),
        recognised_on=dt.date(2024, 3, 1),
        recognised_precision="month",
        outstanding_on=dt.date(2024, 3, 25),
        awarded_on=dt.date(2024, 1, 1),
        awarded_precision="year",
        recognition_level="province",
        award_form="Giấy khen",
        award_issuer="UBND tỉnh",
    )
    again = round_trip(sqlite_session, data)
    assert again.model_dump() == data.model_dump()
    assert {name: getattr(again, name) for name in PRECISION_FIELDS.values()} == {
        "registered_precision": "day",
        "effective_precision": "day",
        "recognised_precision": "month",
        "outstanding_precision": "day",
        "awarded_precision": "year",
    }


def test_the_origin_goes_through_the_form_as_a_link_or_as_words(sqlite_session):
    origin = writes.create_example(
        sqlite_session, example_input(title="Gốc", registered_on=dt.date(2021, 3, 1)), SYSTEM
    )
    sqlite_session.flush()
    linked = example_input(title="Bản sao", replicated_from=origin.id)
    assert round_trip(sqlite_session, linked).model_dump() == linked.model_dump()
    written = example_input(title="Bản sao khác", replicated_from_text="Mô hình không có trong sổ (Huyện X)")
    again = round_trip(sqlite_session, written)
    assert again.model_dump() == written.model_dump() and again.replicated_from is None


def test_an_edit_sends_only_what_changed_and_comes_back_as_edited(sqlite_session):
    example = writes.create_example(sqlite_session, example_input(holder_name="Chi bộ"), SYSTEM)
    sqlite_session.flush()
    opened = stored_state(sqlite_session, example.id)
    assert entry_form.update_input(dict(opened), opened, example.version) is None  # nothing changed
    mine = {
        **opened,
        "title": "Tên mới",
        "holder_name": None,
        "programme": "friendly_government",
        "registered_on": dt.date(2022, 8, 9),
        "registered_precision": "month",
    }
    update = entry_form.update_input(mine, opened, example.version)
    assert update is not None and update.model_fields_set == {
        "version",
        "title",
        "holder_name",
        "programme",
        "registered_on",
        "registered_precision",
    }
    assert update.holder_name == ""  # a text emptied is saved as empty, never as NULL
    writes.update_example(sqlite_session, example.id, update, SYSTEM)
    sqlite_session.flush()
    after = stored_state(sqlite_session, example.id)
    assert after == {**mine, "holder_name": "", "registered_on": dt.date(2022, 8, 1)}  # the month's first day


def test_a_new_registration_date_keeps_the_precision_beside_it():
    opened = {**entry_form.blank(dt.date(2024, 1, 1)), "registered_precision": "year"}
    found = entry_form.changes({**opened, "registered_on": dt.date(2023, 1, 1)}, opened)
    assert found == {"registered_on": dt.date(2023, 1, 1), "registered_precision": "year"}


def test_a_blank_form_makes_an_input_that_the_validation_refuses_by_field():
    data = entry_form.create_input(entry_form.blank(dt.date(2024, 1, 1)))
    assert (data.title, data.unit, data.field, data.bloc, data.commune) == ("", "", "", "", None)
    assert (data.award_form, data.award_issuer, data.replicated_from_text) == (None, None, "")


def test_a_conflict_keeps_the_users_changes_and_takes_the_others():
    opened = {**entry_form.blank(dt.date(2024, 1, 1)), "title": "A", "results": ""}
    latest = {**opened, "holder_name": "Người khác sửa"}
    mine = {**opened, "results": "Kết quả của tôi"}
    assert entry_form.conflict_fields(mine, opened, latest) == ["holder_name", "results"]
    put = entry_form.rebased(mine, opened, latest)
    assert put["holder_name"] == "Người khác sửa" and "results" not in put
    assert {**mine, **put} == {**latest, "results": "Kết quả của tôi"}


def test_a_duplicate_is_looked_for_on_a_new_record_or_a_changed_title_unit_or_date():
    opened = {**entry_form.blank(dt.date(2024, 1, 1)), "title": "A", "unit": "380"}
    assert entry_form.needs_duplicate_check(opened, None)
    assert not entry_form.needs_duplicate_check({**opened, "results": "x"}, opened)
    assert entry_form.needs_duplicate_check({**opened, "unit": "381"}, opened)
