"""A backup taken while imports run, then restored into an empty SQLite file and an empty PostgreSQL
database: the copy is one snapshot — every import in it whole (all of its rows or none), and the
restored registry holds exactly what the backup held. (tests/staff/test_backup.py checks the
snapshot's own consistency with the form's writes; this restores one taken under imports.)"""

from __future__ import annotations

import re
import sqlite3
import threading
import uuid
from collections import Counter

from sqlalchemy import select

from registry import permissions
from registry.db import make_engine
from registry.importing import plan as import_plan
from registry.models import ModelExample
from registry.schema import init
from registry.staff import backup
from tests.support.import_rows import GOOD, csv_bytes

BATCH = 40


def _batch(b: int) -> bytes:
    base = GOOD[0]
    return csv_bytes([[base[0], f"Lô {b} mô hình {i}", f"Chi bộ {b}-{i}", *base[3:]] for i in range(BATCH)])


def _batches(titles) -> Counter:
    return Counter(int(re.match(r"Lô (\d+) ", t).group(1)) for t in titles if t.startswith("Lô "))


def test_a_backup_taken_during_imports_restores_a_whole_snapshot(tmp_path, pg_server):
    source = make_engine(f"sqlite:///{tmp_path / 'live.db'}")
    init(source)  # a registry as `init` makes it (its schema version stamped)
    stop, done = threading.Event(), []

    def importer() -> None:
        b = 0
        while not stop.is_set() and b < 200:
            import_plan.run_import(source, _batch(b), f"lo-{b}.csv", permissions.SYSTEM)
            done.append(b)
            b += 1

    thread = threading.Thread(target=importer)
    thread.start()
    try:
        while len(done) < 2:
            threading.Event().wait(0.01)
        backup.backup(source, tmp_path / "b.db")
    finally:
        stop.set()
        thread.join(120)
    source.dispose()
    with sqlite3.connect(tmp_path / "b.db") as conn:
        held = _batches(r[0] for r in conn.execute("SELECT title FROM model_example"))
    assert len(held) >= 2 and set(held.values()) == {BATCH}, held  # every import whole
    assert len(done) > len(held), "no import ran after the backup: it was not taken during writes"

    name = "r_" + uuid.uuid4().hex[:10]
    targets = [make_engine(f"sqlite:///{tmp_path / 'empty.db'}"), make_engine(pg_server.create_database(name))]
    for target in targets:
        backup.restore(target, tmp_path / "b.db")
        with target.connect() as conn:
            restored = _batches(conn.execute(select(ModelExample.title)).scalars())
        assert restored == held, target.url
        target.dispose()
    with pg_server.admin_connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
