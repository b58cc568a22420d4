"""Backup while the app writes, and restore into an empty database (SQLite and PostgreSQL) with
every row identical."""

import datetime as dt
import threading

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from registry.db import make_engine, write_session
from registry.permissions import SYSTEM
from registry.records import writes
from registry.schema import init, upgrade
from registry.staff import accounts, backup
from tests.support.factories import example_input


def _fill(engine, n=30):
    with write_session(engine) as s:
        accounts.create_user(s, "admin1", "mat-khau-dai-1", "admin", actor=SYSTEM)
        first = writes.create_example(s, example_input(title="Gốc"), actor=SYSTEM).id
        for i in range(n):
            writes.create_example(s, example_input(title=f"Mô hình {i}", replicated_from=first), actor=SYSTEM)
        writes.change_stage(s, first, "effective", on=dt.date(2023, 9, 1), actor=SYSTEM)
    with write_session(engine) as s:
        writes.delete_example(s, first + 1, actor=SYSTEM)


def _rows(engine) -> dict:
    def norm(v):
        if isinstance(v, dt.datetime):
            return (v if v.tzinfo is None else v.astimezone(dt.UTC).replace(tzinfo=None)).isoformat()
        return v

    out = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = [tuple(norm(v) for v in r) for r in conn.execute(select(table))]
            out[table.name] = sorted(rows, key=repr)
    return out


@pytest.fixture
def source(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'live.db'}")
    init(engine)
    _fill(engine)
    yield engine
    engine.dispose()


def test_round_trip_into_empty_sqlite_and_postgresql(source, tmp_path, pg_server):
    info = backup.backup(source, tmp_path / "b.db")
    assert info["tables"] >= len(SQLModel.metadata.tables)
    expected = _rows(source)
    assert len(expected["model_example"]) == 31 and expected["user_account"]
    targets = [
        make_engine(f"sqlite:///{tmp_path / 'empty.db'}"),  # no tables at all
        make_engine(f"sqlite:///{tmp_path / 'inited.db'}"),  # schema and reference data only
        make_engine(pg_server.create_database("restore_target")),
    ]
    init(targets[1])
    with source.connect() as conn:
        from sqlalchemy import func

        from registry.models import ModelExample

        top = conn.execute(select(func.max(ModelExample.id))).scalar()
    for target in targets:
        result = backup.restore(target, tmp_path / "b.db")
        assert result["rows"] == sum(len(v) for v in expected.values())
        assert _rows(target) == expected, target.url
        with write_session(target) as s:  # ids continue after the restored ones
            new = writes.create_example(s, example_input(title="Sau khôi phục"), actor=SYSTEM).id
            assert new > top
        target.dispose()


def test_restore_refuses_a_database_with_content(source, tmp_path):
    backup.backup(source, tmp_path / "b.db")
    with pytest.raises(backup.BackupError) as exc:
        backup.restore(source, tmp_path / "b.db")
    assert exc.value.key == "backup.not_empty" and exc.value.params["n"] > 0


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    target = make_engine(f"sqlite:///{tmp_path / 't.db'}")
    (tmp_path / "x.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(backup.BackupError) as exc:
        backup.restore(target, tmp_path / "x.db")
    assert exc.value.key == "backup.not_a_backup"


def test_backup_refuses_to_overwrite(source, tmp_path):
    (tmp_path / "b.db").write_text("keep me")
    with pytest.raises(backup.BackupError):
        backup.backup(source, tmp_path / "b.db")
    assert (tmp_path / "b.db").read_text() == "keep me"


def test_online_backup_while_writers_run_is_consistent(source, tmp_path):
    stop = threading.Event()
    written = []

    def writer():
        while not stop.is_set():
            with write_session(source) as s:
                example = writes.create_example(s, example_input(title=f"Song song {len(written)}"), actor=SYSTEM)
                s.flush()
                new_id = example.id
            written.append(new_id)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 5:
            threading.Event().wait(0.01)
        backup.backup(source, tmp_path / "b.db")
    finally:
        stop.set()
        thread.join()
    copy = make_engine(f"sqlite:///{tmp_path / 'b.db'}")
    upgrade(copy)
    # a consistent snapshot: every record has its audit row and summary counts match the records
    with copy.connect() as conn:
        from sqlalchemy import func

        from registry.models import AuditLog, ModelExample
        from registry.rollup_tables import SummaryNoPlace

        audited = set(conn.execute(select(ModelExample.id)).scalars())
        creates = set(conn.execute(select(AuditLog.entity_id).where(AuditLog.action == "create")).scalars())
        live = conn.execute(
            select(func.count()).select_from(ModelExample).where(ModelExample.deleted.is_(False))
        ).scalar()
        counted = conn.execute(select(func.sum(SummaryNoPlace.n))).scalar()
    assert audited == creates and live == counted
    copy.dispose()
