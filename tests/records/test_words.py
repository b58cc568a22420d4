"""The word lists are written once (registry.records.words) and both the validation and the import
read them: a kind the import reads is a kind the form and the CLI accept, and the required columns
and the stage columns are the same lists everywhere."""

import datetime as dt

import pytest

from registry import synth
from registry.errors import ValidationFailed
from registry.exports.records import REGISTRY_COLUMNS
from registry.importing.headers import COLUMNS
from registry.importing.template import _label
from registry.models import KINDS
from registry.permissions import SYSTEM
from registry.records import words, writes
from registry.records.validation import References, resolve_input
from registry.text import name_key
from tests.support.factories import example_input


@pytest.mark.parametrize("word", [*words.KIND_WORDS, *KINDS, "MÔ HÌNH", "Điển hình cá nhân"])
def test_every_kind_word_the_import_reads_the_validation_reads_the_same(sqlite_session, word):
    imported = words.choices().kind[name_key(word)]
    refs = References(sqlite_session)
    resolved = resolve_input(sqlite_session, example_input(kind=word), refs)
    assert resolved.values["kind"] == imported == words.kind_code(word)
    assert "error.bad_kind" not in {p.key for p in resolved.problems}


def test_a_word_that_names_no_kind_is_refused_as_before(sqlite_session):
    assert words.kind_code("group") is None and words.kind_code("") is None
    with pytest.raises(ValidationFailed) as err:
        writes.create_example(sqlite_session, example_input(kind="group"), actor=SYSTEM)
    assert [(p.key, p.params) for p in err.value.problems] == [("error.bad_kind", {"value": "group"})]


def test_stage_and_level_words_map_to_their_codes_in_the_import_and_the_validation(sqlite_session):
    assert words.choices().stage[name_key("Đã khen thưởng")] == words.stage_code("đã khen thưởng") == "awarded"
    assert words.choices().level[name_key("Cấp tỉnh")] == words.level_code("CẤP TỈNH") == "province"
    assert words.stage_code("later") is None and words.level_code(None) is None
    data = example_input(
        stage="Đã công nhận",
        effective_on=dt.date(2023, 6, 1),
        recognised_on=dt.date(2023, 9, 1),
        recognition_level="Cấp huyện",
    )
    resolved = resolve_input(sqlite_session, data, References(sqlite_session))
    assert (resolved.values["stage"], resolved.values["recognition_level"]) == ("recognised", "district")
    assert resolved.problems == []
    bad = resolve_input(sqlite_session, example_input(stage="later"), References(sqlite_session))
    assert [(p.key, p.params) for p in bad.problems] == [("error.bad_stage", {"value": "later"})]


def test_the_required_columns_are_marked_in_the_template_and_required_by_the_validation(sqlite_session):
    marked = [c for c in COLUMNS if _label(c, "vi").endswith("(*)")]
    assert marked == list(words.REQUIRED)
    refs = References(sqlite_session)
    resolved = resolve_input(sqlite_session, example_input(field="", bloc=""), refs)
    assert {(p.field, p.key) for p in resolved.problems} == {("field", "error.required"), ("bloc", "error.required")}


@pytest.mark.parametrize("columns", [COLUMNS, synth.VARYING, REGISTRY_COLUMNS])
def test_the_stage_columns_are_one_list_in_the_template_synth_and_the_export(columns):
    start = columns.index("stage")
    assert tuple(columns[start : start + len(words.STAGE_COLUMNS)]) == words.STAGE_COLUMNS
