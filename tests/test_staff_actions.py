"""ui.actions.perform and the staff readers of ui/staff.py, run as a Streamlit script (AppTest): a
write through perform shows in the choices and the readers at once (no cache outlives it, also a
write that does not advance the change counter itself), a refusal comes back as its catalog message
in the user's language with nothing written, and another server's write is seen too."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from registry.db import read_session, write_session
from registry.models import ModelExampleUpdate
from registry.permissions import SYSTEM
from registry.records import rollups, writes
from tests.support.factories import example_input
from tests.support.signin import apptest_registry


@pytest.fixture
def app_db(monkeypatch, tmp_path):
    engine, _jar = apptest_registry(monkeypatch, tmp_path)
    yield engine
    engine.dispose()


def write_then_read() -> None:
    """The script: read, write a programme through perform (a write that leaves the counter alone),
    read again in the same rerun."""
    import streamlit as st

    from registry.models import Programme
    from ui import actions, staff

    seen = {"before": [code for code, _ in staff.choices("programme")], "deleted_before": staff.deleted_records()}
    outcome = actions.perform(
        lambda session: session.add(Programme(code="new_one", name_vi="Chương trình mới", name_en="New one", sort=99))
    )
    seen["ok"] = outcome.ok
    seen["after"] = [code for code, _ in staff.choices("programme")]
    seen["labels"] = staff.labels("programme")
    st.session_state["seen"] = seen


def test_a_write_through_perform_shows_in_the_choices_at_once(app_db):
    at = AppTest.from_function(write_then_read, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    seen = at.session_state["seen"]
    assert seen["ok"] and "new_one" not in seen["before"]
    assert seen["after"] == [*seen["before"], "new_one"] and seen["labels"]["new_one"] == "New one"
    with read_session(app_db) as s:
        assert rollups.data_version(s) == 1  # advanced once by perform: readers on other servers see it


def record_readers() -> None:
    """The script: the readers of one record and of the deleted ones, then a delete through perform."""
    import streamlit as st

    from registry.permissions import SYSTEM
    from registry.records import writes
    from ui import actions, staff

    example_id = st.session_state["example_id"]
    state, version = staff.record(example_id)
    seen = {"title": state["title"], "version": version, "deleted": [d["id"] for d in staff.deleted_records()]}
    seen["history"] = [c.action for c in staff.history(example_id)[0]]
    if st.session_state.get("delete"):
        actions.perform(lambda session: writes.delete_example(session, example_id, SYSTEM, version=version))
        seen["deleted_after"] = [d["id"] for d in staff.deleted_records()]
        seen["history_after"] = [c.action for c in staff.history(example_id)[0]]
    st.session_state["seen"] = seen


def test_the_record_readers_follow_every_write_here_or_elsewhere(app_db):
    with write_session(app_db) as s:
        example_id = writes.create_example(s, example_input(title="Mô hình A"), SYSTEM).id
    at = AppTest.from_function(record_readers, default_timeout=60)
    at.session_state["example_id"] = example_id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["seen"]["title"] == "Mô hình A" and at.session_state["seen"]["deleted"] == []
    with write_session(app_db) as s:  # another server (or the CLI) edits the record
        writes.update_example(s, example_id, ModelExampleUpdate(version=1, title="Mô hình B"), SYSTEM)
    at.run()
    assert (at.session_state["seen"]["title"], at.session_state["seen"]["version"]) == ("Mô hình B", 2)
    at.session_state["delete"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    seen = at.session_state["seen"]
    assert seen["deleted"] == [] and seen["deleted_after"] == [example_id]
    assert len(seen["history_after"]) == len(seen["history"]) + 1


def refusals() -> None:
    """The script: writes the registry refuses, each through perform."""
    import streamlit as st

    from registry.models import ModelExampleUpdate
    from registry.permissions import Actor
    from registry.records import writes
    from tests.support.factories import example_input
    from ui import actions

    example_id = st.session_state["example_id"]
    viewer = Actor("lanh-dao", "viewer")
    outcomes = {
        "not_found": actions.perform(lambda s: writes.get_live(s, 999_999)),
        "forbidden": actions.perform(lambda s: writes.create_example(s, example_input(), viewer)),
        "invalid": actions.perform(lambda s: writes.create_example(s, example_input(title=""), Actor("a", "admin"))),
        "conflict": actions.perform(
            lambda s: writes.update_example(
                s, example_id, ModelExampleUpdate(version=7, title="X"), Actor("a", "admin")
            )
        ),
    }
    st.session_state["seen"] = {
        name: (o.ok, type(o.error).__name__, o.message, o.value) for name, o in outcomes.items()
    }


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_refused_write_comes_back_as_its_message_in_the_users_language(app_db, language):
    from registry.i18n import t

    with write_session(app_db) as s:
        example_id = writes.create_example(s, example_input(title="Mô hình A"), SYSTEM).id
    at = AppTest.from_function(refusals, default_timeout=60)
    at.session_state["example_id"], at.session_state["lang"] = example_id, language
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    seen = at.session_state["seen"]
    assert seen["not_found"] == (False, "NotFound", t("error.not_found", language, id=999_999), None)
    assert seen["forbidden"] == (False, "PermissionDenied", t("error.forbidden", language), None)
    assert seen["invalid"][:2] == (False, "ValidationFailed") and seen["invalid"][2]
    assert seen["conflict"][:2] == (False, "Conflict") and "7" in seen["conflict"][2]
    with read_session(app_db) as s:  # nothing was written, the counter did not move
        assert rollups.data_version(s) == 1 and writes.get_live(s, example_id).title == "Mô hình A"
