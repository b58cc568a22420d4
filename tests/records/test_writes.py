"""The write layer: each change of one record keeps its version, stage history, audit trail,
rollups and the change counter in step, checks the actor's role and unit, and refuses what would
break the record; on SQLite and PostgreSQL."""

import datetime as dt
import inspect

import pytest
from sqlalchemy import select

from registry.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from registry.models import AuditLog, ModelExampleUpdate, StageEvent
from registry.permissions import SYSTEM, Actor
from registry.queries import counts
from registry.queries.filters import Filters
from registry.records import rollups, writes
from registry.units.index import UnitIndex
from tests.support.factories import example_input, make_example

EDITOR = Actor("bt", "editor")


def total(session) -> int:
    return counts.total(session, filters=Filters(year_from=2021, year_until=2025))


def test_every_write_needs_an_actor():
    for fn in (
        writes.create_example,
        writes.update_example,
        writes.change_stage,
        writes.delete_example,
        writes.restore_example,
    ):
        param = inspect.signature(fn).parameters["actor"]
        assert param.default is inspect.Parameter.empty, fn.__name__
    with pytest.raises(TypeError):
        writes.create_example(None, example_input())  # type: ignore[call-arg]


def test_create_counts_audits_and_bumps_the_counter(session):
    before_total, before_version = total(session), rollups.data_version(session)
    ex = writes.create_example(session, example_input(), actor=EDITOR)
    session.commit()
    assert ex.created_by == ex.updated_by == "bt" and ex.version == 1
    assert total(session) == before_total + 1
    assert rollups.data_version(session) == before_version + 1
    audit = session.execute(select(AuditLog).where(AuditLog.entity_id == ex.id)).scalars().all()
    assert [a.action for a in audit] == ["create"]


def test_update_checks_the_version_and_moves_the_counts(session):
    units = UnitIndex.load(session)
    city, hoang_hoa = units.by_code["380"].id, units.by_code["399"].id

    def by_unit() -> dict:
        return dict(counts.count_by(session, filters=Filters(), group=("unit",)))

    ex = make_example(session, unit="380")
    before = by_unit()
    writes.update_example(session, ex.id, ModelExampleUpdate(version=1, unit="399"), actor=SYSTEM)
    session.commit()
    after = by_unit()
    assert ex.version == 2
    assert after.get(city, 0) == before[city] - 1 and after[hoang_hoa] == before.get(hoang_hoa, 0) + 1
    with pytest.raises(Conflict):
        writes.update_example(session, ex.id, ModelExampleUpdate(version=1, title="Cũ"), actor=SYSTEM)


def test_stage_moves_one_step_and_records_the_event(session):
    ex = make_example(session)
    writes.change_stage(session, ex.id, "effective", on=dt.date(2023, 8, 1), actor=SYSTEM)
    session.commit()
    events = session.execute(select(StageEvent.stage).where(StageEvent.example_id == ex.id)).scalars().all()
    assert ex.stage == "effective" and ex.effective_on == dt.date(2023, 8, 1) and events == ["registered", "effective"]
    with pytest.raises(ValidationFailed) as exc:
        writes.change_stage(session, ex.id, "awarded", on=dt.date(2023, 9, 1), actor=SYSTEM)
    assert {p.key for p in exc.value.problems} == {"error.stage_skip"}


def test_delete_and_restore_take_the_record_out_and_back(session):
    ex = make_example(session)
    n = total(session)
    writes.delete_example(session, ex.id, actor=SYSTEM)
    session.commit()
    assert total(session) == n - 1
    with pytest.raises(NotFound):
        writes.get_live(session, ex.id)
    with pytest.raises(PermissionDenied):
        writes.restore_example(session, ex.id, actor=EDITOR)  # restoring is for admins
    writes.restore_example(session, ex.id, actor=SYSTEM)
    session.commit()
    assert total(session) == n and not writes.get_live(session, ex.id).deleted


def test_roles_and_units_are_checked_where_the_write_runs(session):
    with pytest.raises(PermissionDenied):
        writes.create_example(session, example_input(), actor=Actor("xem", "viewer"))
    units = UnitIndex.load(session)
    hau_loc = Actor("hl", "editor", unit_id=units.by_code["400"].id)
    writes.create_example(session, example_input(unit="400"), actor=hau_loc)
    with pytest.raises(PermissionDenied):
        writes.create_example(session, example_input(unit="380"), actor=hau_loc)
