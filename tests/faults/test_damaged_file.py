"""A SQLite file that is not a registry or is damaged (other bytes; a registry cut short): every
command answers one line in the user's language that names the file, says what is wrong and points
to `restore`, and the file keeps its bytes; the web server refuses to start with that line."""

from __future__ import annotations

import hashlib
import os
import sqlite3

import pytest

from registry import health
from tests.support.cli import run_cli

COMMANDS = [
    ["init"],
    ["stats"],
    ["stats", "--json"],
    ["user", "list"],
    ["import", "x.csv", "--user", "admin"],
    ["backup", "out.db"],
    ["restore", "in.db"],
]


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(params=["garbage", "cut_short", "foreign"])
def damaged(request, tmp_path, sqlite_template):
    path = tmp_path / "registry.db"
    if request.param == "foreign":  # another program's SQLite database
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
            conn.execute("INSERT INTO notes (body) VALUES ('không phải sổ đăng ký')")
        conn.close()
    elif request.param == "garbage":
        path.write_bytes(os.urandom(64 * 1024))
    else:
        with sqlite3.connect(sqlite_template) as src, sqlite3.connect(path) as dst:
            src.backup(dst)
        dst.close()
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    return path


def _check_line(line: str, path, lang: str) -> None:
    words = {"vi": "không phải sổ đăng ký hoặc đã bị hỏng", "en": "not a registry or is damaged"}[lang]
    assert str(path) in line and words in line and "python -m registry restore" in line, line


def test_every_command_says_the_file_is_damaged_and_writes_nothing(damaged, tmp_path, monkeypatch, capsys):
    from registry.cli.main import run

    before = _digest(damaged)
    url = f"sqlite:///{damaged}"
    monkeypatch.setenv("DATABASE_URL", url)
    (tmp_path / "x.csv").write_text("Tên mô hình\nA\n", encoding="utf-8")
    (tmp_path / "in.db").write_bytes(b"")
    for lang in ("vi", "en"):
        for args in COMMANDS:
            args = [str(tmp_path / a) if a.endswith((".csv", ".db")) else a for a in args]
            code = run(["--lang", lang, *args])
            out, err = capsys.readouterr()
            assert code != 0, (args, out, err)
            lines = err.strip().splitlines()
            assert len(lines) == 1, (args, err)
            _check_line(lines[0], damaged, lang)
            assert _digest(damaged) == before, args
    # as a user runs it: a process of its own, no traceback
    proc = run_cli(["stats"], url)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    _check_line(proc.stderr, damaged, "vi")
    assert _digest(damaged) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("registry.db")) == ["registry.db"]


def test_the_web_server_refuses_to_start_on_a_damaged_file(damaged, monkeypatch):
    from web import server as web

    before = _digest(damaged)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{damaged}")
    monkeypatch.setenv("SECRET_KEY", "k3Y-for-tests-" + "Zq8Lr2Vx7Nc4Bm9Tp1Wd6Hs3Jf5Ga0Ke")
    with pytest.raises(SystemExit) as exc:
        web.check_start()
    vi, en = str(exc.value).splitlines()
    assert str(damaged) in vi and "không phải sổ đăng ký" in vi and "restore" in vi
    assert str(damaged) in en and "not a registry or is damaged" in en
    assert _digest(damaged) == before


def test_a_whole_registry_and_a_new_file_pass(sqlite_template, tmp_path):
    assert health.sqlite_file_problem(sqlite_template) is None
    assert health.sqlite_file_problem(tmp_path / "new.db") is None
    (tmp_path / "empty.db").write_bytes(b"")
    assert health.sqlite_file_problem(tmp_path / "empty.db") is None
    sqlite3.connect(tmp_path / "no-tables.db").close()  # a new database another tool made: init fills it
    assert health.sqlite_file_problem(tmp_path / "no-tables.db") is None
