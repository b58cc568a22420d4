"""Optimistic locking with two sessions, and many threads writing at once on SQLite (a file, WAL)
and PostgreSQL, with every write accounted for."""

import datetime as dt
import threading
import uuid

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from registry import permissions
from registry.db import make_engine, read_session, write_session
from registry.errors import Conflict
from registry.models import AuditLog, ModelExample, ModelExampleUpdate
from registry.permissions import SYSTEM
from registry.records import rollups, writes
from registry.rollup_tables import SummaryNoPlace
from tests.support.databases import pg_database
from tests.support.factories import example_input

THREADS, CREATES, BUMPS = 6, 15, 10


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_db(request, sqlite_template, tmp_path):
    """A database that threads reach through their own connections (not the StaticPool one)."""
    if request.param == "sqlite":
        import shutil

        shutil.copyfile(sqlite_template, tmp_path / "c.db")
        engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
        yield engine
        engine.dispose()
        return
    with pg_database(request.getfixturevalue("pg_server")) as engine:
        yield engine


def test_two_sessions_conflict_and_no_update_is_lost(shared_db):
    db = shared_db
    with write_session(db) as s:
        example_id = writes.create_example(s, example_input(), actor=SYSTEM).id
    with Session(db) as alice_view, Session(db) as bob_view:  # both open version 1
        alice_version = writes.get_live(alice_view, example_id).version
        bob_version = writes.get_live(bob_view, example_id).version
    with write_session(db) as s:
        writes.update_example(
            s,
            example_id,
            ModelExampleUpdate(version=alice_version, results="Alice"),
            permissions.Actor("alice", "editor"),
        )
    with pytest.raises(Conflict) as exc:
        with write_session(db) as s:
            writes.update_example(
                s,
                example_id,
                ModelExampleUpdate(version=bob_version, holder_name="Bob"),
                permissions.Actor("bob", "editor"),
            )
    assert exc.value.params["user"] == "alice" and exc.value.current_version == 2
    with read_session(db) as s:
        current = writes.get_live(s, example_id)
        assert (current.results, current.holder_name, current.version) == ("Alice", "Chi bộ thôn Đông", 2)
    # Bob keeps his input and saves it on top of the latest version: both changes survive
    with write_session(db) as s:
        writes.update_example(
            s,
            example_id,
            ModelExampleUpdate(version=exc.value.current_version, holder_name="Bob"),
            permissions.Actor("bob", "editor"),
        )
    with read_session(db) as s:
        current = writes.get_live(s, example_id)
        assert (current.results, current.holder_name, current.version) == ("Alice", "Bob", 3)


def test_stale_stage_change_and_delete_are_refused(shared_db):
    db = shared_db
    with write_session(db) as s:
        example_id = writes.create_example(s, example_input(), actor=SYSTEM).id
    with write_session(db) as s:
        writes.update_example(s, example_id, ModelExampleUpdate(version=1, results="x"), actor=SYSTEM)
    with pytest.raises(Conflict):
        with write_session(db) as s:
            writes.change_stage(s, example_id, "effective", on=dt.date(2023, 9, 1), version=1, actor=SYSTEM)
    with pytest.raises(Conflict):
        with write_session(db) as s:
            writes.delete_example(s, example_id, version=1, actor=SYSTEM)


def test_many_threads_writing_at_once_every_write_accounted_for(shared_db):
    with write_session(shared_db) as s:
        target = writes.create_example(s, example_input(title="Đếm", beneficiaries=0), actor=SYSTEM).id
        start_counter = rollups.data_version(s)
    errors, conflicts = [], []

    def worker(n: int) -> None:
        actor = permissions.Actor(f"t{n}", "editor")
        try:
            for i in range(CREATES):
                with write_session(shared_db) as s:
                    writes.create_example(s, example_input(title=f"Luồng {n} số {i} {uuid.uuid4().hex[:6]}"), actor)
            for _ in range(BUMPS):  # read, change, save; on a conflict read again: no lost update
                while True:
                    try:
                        with write_session(shared_db) as s:
                            current = writes.get_live(s, target)
                            writes.update_example(
                                s,
                                target,
                                ModelExampleUpdate(version=current.version, beneficiaries=current.beneficiaries + 1),
                                actor,
                            )
                        break
                    except Conflict:
                        conflicts.append(n)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors[:3]
    n_writes = THREADS * (CREATES + BUMPS)
    with read_session(shared_db) as s:
        assert s.execute(select(func.count()).select_from(ModelExample)).scalar_one() == 1 + THREADS * CREATES
        assert writes.get_live(s, target).beneficiaries == THREADS * BUMPS
        assert writes.get_live(s, target).version == 1 + THREADS * BUMPS
        assert s.execute(select(func.count()).select_from(AuditLog)).scalar_one() == 1 + n_writes
        assert s.execute(select(func.sum(SummaryNoPlace.n))).scalar_one() == 1 + THREADS * CREATES
        assert rollups.data_version(s) == start_counter + n_writes
