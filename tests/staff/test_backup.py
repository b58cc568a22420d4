"""Backup while the app writes, and restore into an empty database (SQLite and PostgreSQL) with
every row identical."""

import datetime as dt
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from registry.db import make_engine, write_session
from registry.models import DataVersion, ModelExample, SignInThrottle
from registry.permissions import SYSTEM
from registry.queries import counts
from registry.queries.filters import Filters
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
        s.add(SignInThrottle(client="203.0.113.9", failures=3))  # not restored: a new server starts afresh


def _rows(engine) -> dict:
    """Every table's rows; the summaries without their surrogate ids (a restore rebuilds them);
    neither the change counter (a restore bumps it) nor the sign-in tables (not restored)."""

    def norm(v):
        if isinstance(v, dt.datetime):
            return (v if v.tzinfo is None else v.astimezone(dt.UTC).replace(tzinfo=None)).isoformat()
        return v

    out = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in backup.EPHEMERAL_TABLES or table.name == "data_version":
                continue
            columns = [c for c in table.columns if not (table.name in backup.DERIVED_TABLES and c.name == "id")]
            rows = [tuple(norm(v) for v in r) for r in conn.execute(select(*columns))]
            out[table.name] = sorted(rows, key=repr)
    return out


def _counter(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(DataVersion.counter)).scalar_one()


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
    copied = sum(len(v) for k, v in expected.items() if k not in backup.DERIVED_TABLES) + 1  # + data_version
    for target in targets:
        result = backup.restore(target, tmp_path / "b.db")
        assert result["rows"] == copied
        assert _rows(target) == expected, target.url
        assert _counter(target) == _counter(source) + 1
        with target.connect() as conn:
            assert conn.execute(select(SignInThrottle)).all() == []
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


@pytest.fixture(scope="module")
def good_backup(tmp_path_factory):
    """One backup of the filled registry, with its rows, shared by the tampering tests."""
    folder = tmp_path_factory.mktemp("good")
    engine = make_engine(f"sqlite:///{folder / 'live.db'}")
    init(engine)
    _fill(engine)
    backup.backup(engine, folder / "good.db")
    rows = _rows(engine)
    engine.dispose()
    return folder / "good.db", rows


def _tampered(good_backup, tmp_path, *statements) -> Path:
    """A copy of the good backup altered with SQL, as someone with the file could."""
    path = tmp_path / "tampered.db"
    shutil.copyfile(good_backup[0], path)
    with sqlite3.connect(path) as conn:
        for statement in statements:
            conn.execute(statement)
    return path


def _empty(tmp_path):
    target = make_engine(f"sqlite:///{tmp_path / 'target.db'}")
    init(target)
    return target


def test_every_table_is_copied_rebuilt_or_started_afresh():
    names = {t.name for t in SQLModel.metadata.sorted_tables}
    source = {t.name for t in backup.SOURCE_TABLES}
    assert source | backup.DERIVED_TABLES | backup.EPHEMERAL_TABLES == names
    assert not source & (backup.DERIVED_TABLES | backup.EPHEMERAL_TABLES)
    assert {"summary_full", "summary_noplace", "summary_flow", "summary_family_total"} <= backup.DERIVED_TABLES
    assert {"user_session", "sign_in_throttle"} == backup.EPHEMERAL_TABLES


def test_inflated_summaries_are_ignored_and_rebuilt(good_backup, tmp_path):
    path = _tampered(
        good_backup,
        tmp_path,
        "UPDATE summary_noplace SET n = n * 3",
        "UPDATE summary_full SET n = n * 3",
        "UPDATE summary_family_total SET n = n + 100",
    )
    target = _empty(tmp_path)
    backup.restore(target, path)
    assert _rows(target) == good_backup[1]
    with Session(target) as s:
        live = s.execute(select(func.count()).select_from(ModelExample).where(ModelExample.deleted.is_(False)))
        assert counts.total(s, filters=Filters()) == live.scalar_one() == 30
    target.dispose()


@pytest.mark.parametrize(
    ("statement", "table", "words"),
    [
        ("UPDATE user_account SET role = 'root'", "user_account", ["role", "“root”", "admin"]),
        ("UPDATE model_example SET stage = 'bogus' WHERE id = 3", "model_example", ["stage", "“bogus”"]),
        ("UPDATE stage_event SET stage = 'bogus' WHERE id = 2", "stage_event", ["stage", "“bogus”"]),
        ("UPDATE model_example SET kind = 'x' WHERE id = 3", "model_example", ["kind", "“x”"]),
        (
            "INSERT INTO award (example_id, form, issuer, awarded_on, created_at, created_by) "
            "VALUES (99999, 'Bằng khen', 'UBND tỉnh', '2023-01-01', '2023-01-01 00:00:00', 'x')",
            "award",
            ["example_id", "99999", "model_example"],
        ),
        ("UPDATE stage_event SET example_id = 99999 WHERE id = 2", "stage_event", ["example_id", "99999"]),
        ("UPDATE model_example SET unit_id = 99999 WHERE id = 3", "model_example", ["unit_id", "99999", "admin_unit"]),
        ("UPDATE user_account SET unit_id = 99999", "user_account", ["unit_id", "99999"]),
        ("UPDATE model_example SET effective_on = '2020-01-01' WHERE id = 1", "model_example", ["01/01/2020"]),
        ("UPDATE model_example SET registered_on = 'not a date' WHERE id = 3", "model_example", ["not a date"]),
        ("UPDATE model_example SET title = printf('%.301c', 'x') WHERE id = 3", "model_example", ["300"]),
        ("UPDATE model_example SET origin_id = 3 WHERE id = 4", "model_example", ["origin_id"]),
        ("UPDATE model_example SET replicated_from_id = 4 WHERE id = 1", "model_example", []),
    ],
)
def test_a_tampered_backup_is_refused_as_a_whole_naming_table_row_and_problem(
    good_backup, tmp_path, statement, table, words
):
    path = _tampered(good_backup, tmp_path, statement)
    target = _empty(tmp_path)
    before = _rows(target)
    with pytest.raises(backup.BackupError) as exc:
        backup.restore(target, path)
    message = exc.value.message("vi")
    assert message.startswith("Bản sao lưu bị từ chối") and f"bảng {table}, dòng " in message, message
    for word in words:
        assert word in message, message
    assert _rows(target) == before and backup.content_rows(target) == 0  # nothing written
    target.dispose()


def test_emptiness_is_checked_inside_the_write_transaction(good_backup, tmp_path, monkeypatch):
    """A record written after the first check (between the upgrade and the copy) is never wiped."""
    target = _empty(tmp_path)
    real_upgrade = backup.upgrade

    def upgrade_then_someone_writes(engine):
        real_upgrade(engine)
        if engine is target:
            with write_session(target) as s:
                writes.create_example(s, example_input(title="Vừa nhập"), actor=SYSTEM)

    monkeypatch.setattr(backup, "upgrade", upgrade_then_someone_writes)
    with pytest.raises(backup.BackupError) as exc:
        backup.restore(target, good_backup[0])
    assert exc.value.key == "backup.not_empty"
    with target.connect() as conn:
        assert conn.execute(select(ModelExample.title)).scalars().all() == ["Vừa nhập"]
    target.dispose()
