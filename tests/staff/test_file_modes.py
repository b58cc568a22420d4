"""Issue 11 item 6: the database and its backups hold password hashes and the audit trail: 0600."""

from __future__ import annotations

import stat

from registry.db import make_engine
from registry.schema import init
from registry.staff import backup


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_backup_are_private(tmp_path):
    path = tmp_path / "registry.db"
    engine = make_engine(f"sqlite:///{path}")
    init(engine)
    assert mode(path) == 0o600
    for extra in (tmp_path / "registry.db-wal", tmp_path / "registry.db-shm"):
        if extra.exists():
            assert mode(extra) & 0o077 == 0, extra
    out = tmp_path / "copy.db"
    backup.backup(engine, out)
    assert mode(out) == 0o600
    engine.dispose()


def test_an_existing_world_readable_database_is_tightened(tmp_path):
    path = tmp_path / "old.db"
    path.touch()
    path.chmod(0o644)
    make_engine(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o600
