"""Unit report commands in a real subprocess: ``reports import`` with the exit codes of
``import``, ``reports list --json``, and ``accounts`` (one-time passwords out in a file)."""

import csv
import io
import json

import pytest

from tests.support.cli import run_cli

HEADER = "Đơn vị,Từ ngày,Đến ngày,Số văn bản,Ngày văn bản,Tổng số,Tập thể,Cá nhân,Kinh tế"


def run(args, db_url, **kwargs):
    return run_cli(args, db_url, env={"SECRET_KEY": "cli-test"}, **kwargs)


@pytest.fixture(scope="module")
def db_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('reportscli') / 'r.db'}"
    assert run(["init"], url).returncode == 0
    assert run(["user", "add", "tinh", "--role", "editor"], url, stdin="mat-khau-dai-1\n").returncode == 0
    return url


def test_import_exit_codes_list_and_idempotence(db_url, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\nHậu Lộc,2023,2023,,,10,6,5,\n", encoding="utf-8")
    proc = run(["reports", "import", str(bad), "--user", "tinh"], db_url)
    assert proc.returncode == 1 and json.loads(proc.stdout.splitlines()[-1]) == {
        "created": 0,
        "updated": 0,
        "errors": 1,
    }
    assert "Dòng 2, Tổng số: Tập thể 6 + Cá nhân 5 = 11, khác Tổng số 10." in proc.stdout
    good = tmp_path / "good.csv"
    good.write_text(f"{HEADER}\nHậu Lộc,2023,2023,Số 1-BC,,11,6,5,4\nB02,2023,2023,,,3,,,\n", encoding="utf-8")
    dry = run(["reports", "import", str(good), "--user", "tinh", "--dry-run"], db_url)
    assert dry.returncode == 0 and json.loads(dry.stdout.splitlines()[-1])["created"] == 2
    assert json.loads(run(["reports", "list", "--json"], db_url).stdout) == []
    done = run(["reports", "import", str(good), "--user", "tinh", "--approve"], db_url)
    assert done.returncode == 0 and json.loads(done.stdout.splitlines()[-1]) == {
        "created": 2,
        "updated": 0,
        "errors": 0,
    }
    again = run(["reports", "import", str(good), "--user", "tinh", "--approve"], db_url)
    assert json.loads(again.stdout.splitlines()[-1]) == {"created": 0, "updated": 0, "errors": 0}
    listed = json.loads(
        run(["reports", "list", "--json", "--from", "2023-01-01", "--until", "2023-12-31"], db_url).stdout
    )
    assert [(r["unit"], r["status"], r["total"], r["economy"]) for r in listed] == [
        ("400", "approved", 11, 4),
        ("B02", "approved", 3, None),
    ]
    assert json.loads(run(["reports", "list", "--json", "--from", "2024-01-01"], db_url).stdout) == []
    assert run(["reports", "import", str(tmp_path / "none.csv"), "--user", "tinh"], db_url).returncode == 2
    junk = tmp_path / "junk.csv"
    junk.write_text("a,b\n1,2\n", encoding="utf-8")
    assert run(["reports", "import", str(junk), "--user", "tinh"], db_url).returncode == 2
    assert run(["reports", "import", str(good), "--user", "ghost"], db_url).returncode == 1


def test_accounts_from_a_csv_with_one_time_passwords_in_a_file(db_url, tmp_path):
    source = tmp_path / "units.csv"
    source.write_text("Tên đăng nhập,Đơn vị\nxa-ham-rong,14758\ntinh-doan,Tỉnh đoàn\n", encoding="utf-8")
    out = tmp_path / "handover.csv"
    proc = run(["accounts", str(source), "--out", str(out)], db_url)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["Tên đăng nhập", "Đơn vị", "Mật khẩu dùng một lần"]
    assert [(r[0], r[1]) for r in rows[1:]] == [("xa-ham-rong", "14758"), ("tinh-doan", "B02")]
    assert all(len(r[2]) >= 12 for r in rows[1:]) and rows[1][2] not in proc.stdout
    assert "xa-ham-rong\teditor\t14758" in run(["user", "list"], db_url).stdout
    again = run(["accounts", str(source), "--out", str(tmp_path / "again.csv")], db_url)
    assert again.returncode == 1 and not (tmp_path / "again.csv").exists()  # names taken: nothing created
    assert run(["accounts", str(source), "--out", str(out)], db_url).returncode == 2  # never overwrite
