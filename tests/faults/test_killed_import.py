"""An import killed with SIGKILL at several moments of its run, on SQLite and on PostgreSQL: the
registry holds none or all of its rows every time, and the rerun creates the rest once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from registry.config import PROJECT_ROOT
from registry.db import make_engine, read_session, write_session
from registry.models import ModelExample
from registry.permissions import SYSTEM
from registry.staff import accounts
from tests.support.databases import pg_database
from tests.support.import_rows import GOOD, csv_bytes

N = 5000


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, sqlite_template, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "registry.db"
        shutil.copyfile(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
        yield engine, f"sqlite:///{path}"
        engine.dispose()
        return
    with pg_database(request.getfixturevalue("pg_server")) as engine:
        yield engine, engine.url.render_as_string(hide_password=False)


def _live(engine) -> int:
    with read_session(engine) as session:
        return session.execute(select(func.count()).select_from(ModelExample).where(~ModelExample.deleted)).scalar_one()


def _start(url: str, source) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "registry", "import", str(source), "--user", "cb"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_an_import_killed_midway_leaves_none_or_all_and_the_rerun_creates_the_rest_once(db_url, tmp_path):
    engine, url = db_url
    with write_session(engine) as session:
        accounts.create_user(session, "cb", "mat-khau-dai-2024", "admin", actor=SYSTEM)
    base = GOOD[0]
    rows = [[base[0], f"Mô hình bị ngắt số {i}", f"Chi bộ số {i}", *base[3:]] for i in range(N)]
    source = tmp_path / "many.csv"
    source.write_bytes(csv_bytes(rows))
    before = _live(engine)

    started = time.monotonic()  # one whole run, to know when to kill the others
    whole = _start(url, source.with_name("none.csv"))
    whole.communicate(timeout=300)
    startup = time.monotonic() - started
    kills = 0
    for extra in (0.05, 0.15, 0.3, 0.5, 0.8, 1.2, 2.0, 3.0, 5.0, 8.0):  # from reading the file to writing it
        proc = _start(url, source)
        time.sleep(startup + extra)
        if proc.poll() is not None:
            proc.communicate()
            break
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        kills += 1
        held = _live(engine) - before
        assert held in (0, N), f"killed at {startup + extra:.1f} s: {held} of {N} rows"
        if held == N:
            break
    assert kills >= 1, "the import finished before the first kill: nothing was tested"
    rerun = subprocess.run(
        [sys.executable, "-m", "registry", "import", str(source), "--user", "cb"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    created = json.loads(rerun.stdout.splitlines()[-1])["created"]
    assert _live(engine) - before == N and created in (0, N)
