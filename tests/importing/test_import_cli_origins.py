"""The CLI import, as a user runs it: "Nhân rộng từ" written as a title resolves, the dry run
prints the suggested origins, ``--link-min-score S`` links and says how many."""

import json

import pytest

from tests.support.cli import run_cli
from tests.support.import_rows import GOOD, HEADER, csv_bytes


def run(args, db_url, **kwargs):
    return run_cli(args, db_url, env={"SECRET_KEY": "cli-test"}, **kwargs)


def row(title, unit, day, origin=""):
    return ["Mô hình", title, "Chi bộ", unit, "Kinh tế", "Khối chính quyền", day, "Đăng ký", "", "", origin]


@pytest.fixture(scope="module")
def db_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('origincli') / 'r.db'}"
    assert run(["init"], url).returncode == 0
    assert run(["user", "add", "cb", "--role", "editor"], url, stdin="mat-khau-dai-1\n").returncode == 0
    return url


def test_origins_as_written_suggestions_and_links_from_the_command_line(db_url, tmp_path):
    header = [*HEADER, "Nhân rộng từ"]
    first = tmp_path / "first.csv"
    first.write_bytes(csv_bytes([row("Bản sáng vùng biên", "Lang Chánh", "01/03/2022")], header=header))
    assert run(["import", str(first), "--user", "cb"], db_url).returncode == 0
    second = tmp_path / "second.csv"
    rows = [
        row("Bản sáng vùng biên", "Mường Lát", "01/03/2024", origin="“Bản sáng vùng biên” – Lang Chánh – 2022"),
        row("Chợ phiên vùng cao", "Bá Thước", "10/01/2022", origin="Không có nguồn này"),
        [*GOOD[0], ""],
        row("Mô hình Chợ phiên vùng cao", "Quan Hóa", "10/01/2023"),
    ]
    second.write_bytes(csv_bytes(rows, header=header))
    dry = run(["import", str(second), "--dry-run", "--user", "cb"], db_url)
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert any("dòng 2" in line and "đã nối với bản ghi #1 “Bản sáng vùng biên”" in line for line in lines)
    assert any("dòng 3" in line and "“Không có nguồn này”: không có bản ghi nào" in line for line in lines)
    assert any(
        "dòng 5" in line and "Gợi ý nhân rộng từ (1): dòng 3 của tệp “Chợ phiên vùng cao”" in line for line in lines
    )
    bad = run(["import", str(second), "--user", "cb", "--link-min-score", "7"], db_url)
    assert bad.returncode == 2 and "--link-min-score" in bad.stderr
    done = run(["import", str(second), "--user", "cb", "--link-min-score", "0.5"], db_url)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"created": 4, "updated": 0, "errors": 0}
    assert "Đã nối 1 bản ghi với nguồn được gợi ý (điểm ≥ 0.5)." in done.stdout
    stats = json.loads(run(["stats", "--json"], db_url).stdout)
    assert stats["replications"] == 2  # the title that named its origin, and the suggestion linked
