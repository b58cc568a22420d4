"""A full disk under an import (SQLite on a small tmpfs, mounted by the test where it may mount:
skipped with the reason otherwise): the import says "Ổ đĩa đầy", writes nothing, and its JSON
summary is still the last line of its output, with an ``error`` field."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from sqlalchemy import func, select

from registry.db import make_engine, read_session, write_session
from registry.models import ModelExample
from registry.permissions import SYSTEM
from registry.staff import accounts
from tests.support.cli import run_cli
from tests.support.import_rows import GOOD, csv_bytes

FREE_BYTES = 96 * 1024


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    if not shutil.which("mount"):
        pytest.skip("a full disk needs a tmpfs: no mount command here")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"a full disk needs a tmpfs, and mounting one is not allowed here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _count(url: str) -> int:
    engine = make_engine(url)
    try:
        with read_session(engine) as session:
            return session.execute(select(func.count()).select_from(ModelExample)).scalar_one()
    finally:
        engine.dispose()


def test_a_full_disk_is_named_and_the_import_writes_nothing(small_disk, sqlite_template, tmp_path):
    db = small_disk / "registry.db"
    shutil.copyfile(sqlite_template, db)
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    with write_session(engine) as session:
        accounts.create_user(session, "cb", "mat-khau-dai-2024", "admin", actor=SYSTEM)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    before = _count(url)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * max(0, free - FREE_BYTES))
    base = GOOD[0]
    rows = [[base[0], f"Mô hình trên ổ đầy số {i}", f"Chi bộ thôn số {i}", *base[3:]] for i in range(3000)]
    source = tmp_path / "many.csv"
    source.write_bytes(csv_bytes(rows))

    for lang, words in (("vi", "Ổ đĩa đầy"), ("en", "The disk is full")):
        proc = run_cli(["import", str(source), "--user", "cb"], url, lang=lang)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert words in proc.stderr
        summary = json.loads(proc.stdout.strip().splitlines()[-1])
        assert summary["created"] == 0 and summary["errors"] == 1 and words in summary["error"]

    (small_disk / "filler").unlink()
    assert _count(url) == before  # nothing was written
    done = run_cli(["import", str(source), "--user", "cb"], url)  # with room again, the import goes through
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"created": 3000, "updated": 0, "errors": 0}
