"""Staff commands in a real subprocess: accounts, template, import exit codes and JSON summary,
backup and restore."""

import json

import pytest

from tests.support.cli import run_cli
from tests.support.import_rows import GOOD, csv_bytes


def run(args, db_url, **kwargs):
    return run_cli(args, db_url, env={"SECRET_KEY": "cli-test"}, **kwargs)


@pytest.fixture(scope="module")
def db_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('staffcli') / 'r.db'}"
    assert run(["init"], url).returncode == 0
    assert run(["user", "add", "cb", "--role", "editor"], url, stdin="mat-khau-dai-1\n").returncode == 0
    return url


def test_user_commands(db_url):
    proc = run(["user", "add", "hl", "--role", "editor", "--unit", "400"], db_url, stdin="mat-khau-dai-2\n")
    assert proc.returncode == 0 and "hl" in proc.stdout
    assert "mat-khau" not in proc.stdout + proc.stderr
    listing = run(["user", "list"], db_url).stdout
    assert "hl\teditor\t400\t" in listing and "argon2" not in listing
    short = run(["user", "add", "x", "--role", "viewer"], db_url, stdin="ngan\n")
    assert short.returncode == 1 and "8" in short.stderr and "Traceback" not in short.stderr
    bad_role = run(["user", "add", "x", "--role", "boss"], db_url, stdin="mat-khau-dai-3\n")
    assert bad_role.returncode == 2
    assert run(["user", "reset-password", "hl"], db_url, stdin="mat-khau-moi-4\n").returncode == 0
    assert run(["user", "disable", "hl"], db_url).returncode == 0
    assert "vô hiệu" in run(["user", "list"], db_url).stdout
    assert run(["user", "disable", "ghost"], db_url).returncode == 1


def test_import_exit_codes_and_json_summary(db_url, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(GOOD))
    dry = run(["import", str(good), "--dry-run", "--user", "cb"], db_url)
    assert dry.returncode == 0 and json.loads(dry.stdout.splitlines()[-1]) == {"created": 3, "updated": 0, "errors": 0}
    done = run(["import", str(good), "--user", "cb"], db_url)
    assert done.returncode == 0 and json.loads(done.stdout.splitlines()[-1]) == {
        "created": 3,
        "updated": 0,
        "errors": 0,
    }
    again = run(["import", str(good), "--user", "cb"], db_url)
    assert again.returncode == 0 and json.loads(again.stdout.splitlines()[-1]) == {
        "created": 0,
        "updated": 0,
        "errors": 0,
    }
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        csv_bytes([GOOD[0], ["Mô hình", "X", "", "Huyện Không Có", "Kinh tế", "Khối Đảng", "01/02/2023", "", "", ""]])
    )
    proc = run(["import", str(bad), "--user", "cb"], db_url)
    assert proc.returncode == 1
    assert "Dòng 3, cột “Đơn vị”" in proc.stdout and json.loads(proc.stdout.splitlines()[-1])["errors"] == 1
    english = run(["import", str(bad), "--user", "cb"], db_url, lang="en")
    assert "Row 3, column “Đơn vị”" in english.stdout
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    proc = run(["import", str(empty), "--user", "cb"], db_url)
    assert proc.returncode == 2 and json.loads(proc.stdout.splitlines()[-1])["errors"] == 1 and "trống" in proc.stderr
    missing = run(["import", str(tmp_path / "none.xlsx"), "--user", "cb"], db_url)
    assert missing.returncode == 2
    assert run(["import", str(good), "--user", "ghost"], db_url).returncode == 1


def test_template_command(db_url, tmp_path):
    out = tmp_path / "mau.xlsx"
    proc = run(["template", str(out)], db_url)
    assert proc.returncode == 0 and out.read_bytes()[:2] == b"PK"


def test_backup_and_restore_commands(db_url, tmp_path):
    out = tmp_path / "b.db"
    proc = run(["backup", str(out)], db_url)
    assert proc.returncode == 0 and out.exists()
    assert run(["backup", str(out)], db_url).returncode == 1  # never overwrites
    target = f"sqlite:///{tmp_path / 'fresh.db'}"
    proc = run(["restore", str(out)], target)
    assert proc.returncode == 0, proc.stderr
    assert "cb\teditor" in run(["user", "list"], target).stdout
    refused = run(["restore", str(out)], target)
    assert refused.returncode == 1 and "không trống" in refused.stderr


def test_backup_on_postgresql_explains_pg_dump(pg_server, tmp_path):
    url = pg_server.create_database("cli_backup")
    proc = run(["backup", str(tmp_path / "x.dump")], url)
    assert proc.returncode == 1 and "pg_dump" in proc.stdout and "pg_restore" in proc.stdout


def test_seed_demo_creates_the_demo_accounts(tmp_path):
    """Only on request: `seed --demo --accounts`, random passwords printed once."""
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert run(["init"], url).returncode == 0
    proc = run(["seed", "--demo", "--accounts"], url)
    assert proc.returncode == 0
    listing = run(["user", "list"], url).stdout
    for role in ("viewer", "editor", "reporter", "admin"):
        assert f"\t{role}\t" in listing


def test_help(db_url):
    for cmd in (["user"], ["user", "add"], ["template"], ["import"], ["backup"], ["restore"]):
        proc = run([*cmd, "--help"], db_url)
        assert proc.returncode == 0 and "Usage" in proc.stdout, cmd
