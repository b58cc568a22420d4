"""Two imports at the same moment on PostgreSQL (two staff uploading one workbook, a double
click): each row lands once and the later import finds its rows unchanged. Imports into different
units do not wait for each other. SQLite holds too: its writers queue (BEGIN IMMEDIATE)."""

from __future__ import annotations

import shutil
import threading

import pytest
from sqlalchemy import func, select

from registry import locks, permissions
from registry.db import make_engine, read_session, write_session
from registry.importing import plan as import_plan
from registry.models import ModelExample
from tests.support.databases import pg_database
from tests.support.import_rows import GOOD, csv_bytes

N = 120


def _rows(unit: str, n: int = N) -> list[list[str]]:
    base = GOOD[0]
    return [[base[0], f"Mô hình thử số {i}", f"Chi bộ {i}", unit, *base[4:]] for i in range(n)]


def _live(engine) -> int:
    with read_session(engine) as session:
        return session.execute(select(func.count()).select_from(ModelExample).where(~ModelExample.deleted)).scalar_one()


@pytest.fixture
def pg_db(pg_server):
    with pg_database(pg_server) as engine:
        yield engine


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, sqlite_template, tmp_path):
    """A registry in a file on SQLite (its writers queue) or on PostgreSQL (the unit locks)."""
    if request.param == "postgresql":
        yield request.getfixturevalue("pg_db")
        return
    shutil.copyfile(sqlite_template, tmp_path / "r.db")
    engine = make_engine(f"sqlite:///{tmp_path / 'r.db'}")
    yield engine
    engine.dispose()


def _at_once(engine, files: list[bytes]) -> list:
    start = threading.Barrier(len(files))
    results: list = [None] * len(files)

    def one(i: int) -> None:
        start.wait()
        try:
            results[i] = import_plan.run_import(engine, files[i], f"f{i}.csv", permissions.SYSTEM)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(files))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    return results


def test_two_identical_imports_at_once_give_each_row_once(any_db):
    data = csv_bytes(_rows("Huyện Hậu Lộc"))
    before = _live(any_db)
    results = _at_once(any_db, [data, data])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert _live(any_db) - before == N
    first, second = sorted(results, key=lambda r: -r.to_create)
    assert (first.to_create, first.unchanged) == (N, 0)
    assert (second.to_create, second.to_update, second.unchanged) == (0, 0, N)
    assert second.summary() == {"created": 0, "updated": 0, "errors": 0}


def _import_in_thread(engine, data: bytes) -> tuple[threading.Thread, dict]:
    out: dict = {}

    def go() -> None:
        out["result"] = import_plan.run_import(engine, data, "f.csv", permissions.SYSTEM)

    th = threading.Thread(target=go)
    th.start()
    return th, out


def _unit_id(engine, name: str) -> int:
    from registry.records.validation import References

    with read_session(engine) as session:
        return next(u.id for u in References(session).units.by_id.values() if u.name == name)


def test_an_import_waits_only_for_a_writer_of_its_own_units(pg_db):
    hau_loc = _unit_id(pg_db, "Huyện Hậu Lộc")
    other, held = threading.Event(), threading.Event()

    def holder() -> None:  # another writer in Hậu Lộc, holding its unit until told to stop
        with write_session(pg_db) as session:
            locks.lock_units(session, [hau_loc])
            held.set()
            other.wait(60)

    th = threading.Thread(target=holder)
    th.start()
    assert held.wait(30)
    try:
        elsewhere, out_elsewhere = _import_in_thread(pg_db, csv_bytes(_rows("H. Mường Lát", 5)))
        elsewhere.join(60)
        assert not elsewhere.is_alive(), "an import into another unit waited for Hậu Lộc's writer"
        assert out_elsewhere["result"].to_create == 5
        same, out_same = _import_in_thread(pg_db, csv_bytes(_rows("Huyện Hậu Lộc", 5)))
        same.join(3)
        assert same.is_alive(), "an import into Hậu Lộc did not wait for Hậu Lộc's writer"
    finally:
        other.set()
        th.join(30)
    same.join(60)
    assert out_same["result"].to_create == 5


def test_the_form_and_a_restore_wait_for_a_writer_of_their_unit(pg_db):
    """The form's create and the restore of a deleted record take the lock of their unit too, so an
    import into that unit sees them whole, before or after, never in between."""
    from registry.records import writes
    from tests.support.factories import example_input

    with write_session(pg_db) as session:
        gone = writes.create_example(session, example_input(title="Đã xóa"), actor=permissions.SYSTEM)
        gone_id, unit_id = gone.id, gone.unit_id
        writes.delete_example(session, gone_id, actor=permissions.SYSTEM)
    release, held = threading.Event(), threading.Event()

    def holder() -> None:
        with write_session(pg_db) as session:
            locks.lock_units(session, [unit_id])
            held.set()
            release.wait(60)

    th = threading.Thread(target=holder)
    th.start()
    assert held.wait(30)
    done: list[str] = []

    def create() -> None:
        with write_session(pg_db) as session:
            writes.create_example(session, example_input(title="Từ biểu mẫu"), actor=permissions.SYSTEM)
        done.append("create")

    def restore() -> None:
        with write_session(pg_db) as session:
            writes.restore_example(session, gone_id, actor=permissions.SYSTEM)
        done.append("restore")

    writers = [threading.Thread(target=create), threading.Thread(target=restore)]
    try:
        for w in writers:
            w.start()
        for w in writers:
            w.join(2)
        assert done == [], "a write into the unit did not wait for its writer"
    finally:
        release.set()
        th.join(30)
    for w in writers:
        w.join(60)
    assert sorted(done) == ["create", "restore"]
