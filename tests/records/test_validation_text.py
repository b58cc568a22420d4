"""Text through the validation that forms and imports share (issue 11, section 6): control
characters dropped (a NUL byte made PostgreSQL raise a DataError), line breaks of description and
results kept, both limited to 10.000 characters with a clear message."""

from __future__ import annotations

import pytest
from sqlmodel import select

from registry.errors import ValidationFailed
from registry.models import TEXT_LIMITS, ModelExample, ModelExampleUpdate
from registry.permissions import SYSTEM
from registry.records import validation, writes
from tests.support.factories import example_input, make_example


def test_a_nul_byte_in_any_text_is_dropped_and_the_record_stored_on_every_backend(session):
    example = make_example(
        session,
        title="Tuyến\x00 phố văn minh",
        holder_name="Chi bộ\x00",
        locality="Thôn\x1b Đông",
        description="Dòng\x00 một\r\nDòng hai",
        results="\x07Tốt",
    )
    stored = session.get(ModelExample, example.id)
    assert (stored.title, stored.holder_name, stored.locality) == ("Tuyến phố văn minh", "Chi bộ", "Thôn Đông")
    assert (stored.description, stored.results) == ("Dòng một\nDòng hai", "Tốt")
    assert "\x00" not in stored.search_text and "\x00" not in stored.title_key


def test_description_and_results_keep_line_breaks_other_text_does_not(session):
    example = make_example(
        session,
        title="Tuyến phố\nvăn minh",
        description="  Mục tiêu:\r\n- sạch   đẹp\r- an toàn\n\nKết quả  \n",
        results="Thu nhập tăng\n\n\nGiảm nghèo",
    )
    assert example.title == "Tuyến phố văn minh"
    assert example.description == "Mục tiêu:\n- sạch đẹp\n- an toàn\n\nKết quả"
    assert example.results == "Thu nhập tăng\n\n\nGiảm nghèo"
    edited = writes.update_example(
        session, example.id, ModelExampleUpdate(version=example.version, description="Một\r\nHai"), SYSTEM
    )
    session.commit()
    assert edited.description == "Một\nHai"


@pytest.mark.parametrize("name", ["description", "results"])
def test_description_and_results_are_limited_to_10000_characters(session, name):
    assert TEXT_LIMITS[name] == 10_000
    refs = validation.References(session)
    ok = validation.resolve_input(session, example_input(**{name: "a\n" * 5_000}), refs)  # 10.000 with breaks
    assert ok.problems == [] and len(ok.values[name]) == 9_999
    long = validation.resolve_input(session, example_input(**{name: "á" * 10_001}), refs)
    (problem,) = long.problems
    assert (problem.field, problem.key, problem.params["max"]) == (name, "upload.text_too_long", 10_000)
    message = problem.message("vi")
    assert "10001 ký tự" in message and "giới hạn 10000 ký tự" in message
    assert "10001 characters" in problem.message("en")


def test_a_ten_megabyte_description_is_refused_before_anything_is_written(session):
    with pytest.raises(ValidationFailed) as raised:
        writes.create_example(session, example_input(description="x" * 10 * 1024 * 1024), SYSTEM)
    assert [p.key for p in raised.value.problems] == ["upload.text_too_long"]
    session.rollback()
    assert session.exec(select(ModelExample)).first() is None


def test_an_edit_cannot_grow_a_description_past_the_limit(session):
    example = make_example(session)
    with pytest.raises(ValidationFailed):
        writes.update_example(
            session, example.id, ModelExampleUpdate(version=example.version, results="y" * 10_001), SYSTEM
        )
