"""An origin and its copies across units: deleting an origin that live copies were replicated from
is refused with a message naming them, and a copy whose origin is already gone stays editable."""

import datetime as dt

import pytest

from registry.errors import ValidationFailed
from registry.models import ModelExample, ModelExampleUpdate
from registry.permissions import SYSTEM, Actor
from registry.records import writes
from tests.support.factories import make_example

EDITOR = Actor("bt", "editor")


def _origin_with_copies(session, n):
    origin = make_example(session, unit="388", title="Bản sáng vùng biên", registered_on=dt.date(2022, 1, 10))
    copies = [
        make_example(
            session, unit="384", title=f"Bản sáng {i}", registered_on=dt.date(2022, 2, 1), replicated_from=origin.id
        )
        for i in range(n)
    ]
    return origin, copies


def test_deleting_an_origin_with_live_copies_is_refused_naming_them(session):
    origin, copies = _origin_with_copies(session, 2)
    with pytest.raises(ValidationFailed) as exc:
        writes.delete_example(session, origin.id, actor=EDITOR)
    session.rollback()
    problem = exc.value.problems[0]
    assert problem.key == "error.origin_has_copies" and problem.params["n"] == 2
    message = exc.value.message("vi")
    assert "“Bản sáng 0”" in message and "“Bản sáng 1”" in message and "Huyện Mường Lát" in message
    assert "khác" not in message
    assert not session.get(ModelExample, origin.id).deleted


def test_many_copies_are_named_up_to_a_limit_then_counted(session):
    origin, copies = _origin_with_copies(session, writes.COPIES_NAMED + 3)
    with pytest.raises(ValidationFailed) as exc:
        writes.delete_example(session, origin.id, actor=SYSTEM)
    session.rollback()
    message = exc.value.message("vi")
    assert message.count("“Bản sáng") == writes.COPIES_NAMED
    assert "và 3 bản ghi khác" in message
    assert "and 3 other records" in exc.value.message("en")


def test_deleted_copies_do_not_block_and_an_admin_may_keep_the_copies(session):
    origin, copies = _origin_with_copies(session, 2)
    for copy in copies[:1]:
        writes.delete_example(session, copy.id, actor=SYSTEM)
    session.commit()
    with pytest.raises(ValidationFailed):  # one live copy is left
        writes.delete_example(session, origin.id, actor=EDITOR)
    session.rollback()
    with pytest.raises(ValidationFailed):  # an editor cannot override
        writes.delete_example(session, origin.id, actor=EDITOR, keep_copies=True)
    session.rollback()
    writes.delete_example(session, copies[1].id, actor=SYSTEM)
    writes.delete_example(session, origin.id, actor=EDITOR)  # no live copy: deleted
    session.commit()
    assert session.get(ModelExample, origin.id).deleted


def test_a_copy_of_a_deleted_origin_stays_editable(session):
    origin, (copy,) = _origin_with_copies(session, 1)
    writes.delete_example(session, origin.id, actor=SYSTEM, keep_copies=True)  # a link broken before the fix
    session.commit()
    edited = writes.update_example(session, copy.id, ModelExampleUpdate(version=copy.version, results="tốt"), EDITOR)
    session.commit()
    assert edited.results == "tốt" and edited.replicated_from_id == origin.id
    with pytest.raises(ValidationFailed) as exc:  # but choosing a deleted origin anew is refused
        other = make_example(session, unit="385", registered_on=dt.date(2022, 3, 1))
        writes.update_example(session, other.id, ModelExampleUpdate(version=1, replicated_from=origin.id), EDITOR)
    session.rollback()
    assert exc.value.key == "error.origin_missing"


def test_an_unchanged_live_origin_still_checks_the_dates(session):
    origin, (copy,) = _origin_with_copies(session, 1)
    with pytest.raises(ValidationFailed) as exc:
        writes.update_example(
            session, copy.id, ModelExampleUpdate(version=copy.version, registered_on=dt.date(2021, 5, 1)), EDITOR
        )
    session.rollback()
    assert exc.value.key == "error.origin_later"
