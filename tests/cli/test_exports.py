"""The export CLI in a real subprocess: chart exports, bundles, filters checked one by one (one
line, exit 2), check-published exit codes and the report."""

import csv
import io
import zipfile

import openpyxl
import pytest
from sqlmodel import Session

from registry.db import make_engine
from registry.exports.images import unavailable_reason
from registry.queries import counts
from registry.queries.filters import DEFAULT_YEARS
from tests.support.cli import run_cli as run
from ui import filters as ui_filters


def one_line_error(proc):
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    return lines[0]


def test_list_names_every_chart(demo_url):
    from registry.charts.specs import CHARTS

    proc = run(["export", "--list"], demo_url)
    assert proc.returncode == 0
    assert [line.split("\t")[0] for line in proc.stdout.splitlines()] == list(CHARTS)


def test_chart_csv_with_filters(demo_url, tmp_path):
    out = tmp_path / "a.csv"
    proc = run(
        [
            "export",
            "--chart",
            "theo-linh-vuc",
            "--format",
            "csv",
            "--out",
            str(out),
            "--from",
            "2021-01-01",
            "--until",
            "10/10/2023",
            "--field",
            "economy",
            "--kind",
            "collective,individual",
            "--lang",
            "en",
        ],
        demo_url,
    )
    assert proc.returncode == 0, proc.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert sum(float(r["Models and exemplars"]) for r in rows) == 3200  # the published economy figure


def test_chart_xlsx_and_unit_names(demo_url, tmp_path):
    out = tmp_path / "a.xlsx"
    proc = run(
        [
            "export",
            "--chart",
            "theo-nam",
            "--format",
            "xlsx",
            "--out",
            str(out),
            "--unit",
            "Yên Định",
            "--view",
            "districts-2025",
        ],
        demo_url,
    )
    assert proc.returncode == 0, proc.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Số liệu", "Thông tin"]
    about = {r[0].value: r[1].value for r in book["Thông tin"].iter_rows(min_row=2) if r[0].value}
    assert "Yên Định" in about["Bộ lọc"]


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--field", "nope"], "nope"),
        (["--unit", "Hà Nội"], "Hà Nội"),
        (["--kind", "group"], "group"),
        (["--bloc", "x"], "x"),
        (["--stage", "done"], "done"),
        (["--programme", "p"], "p"),
        (["--view", "provinces"], "provinces"),
        (["--lang", "fr"], "fr"),
        (["--from", "2023-13-45"], "2023-13-45"),
        (["--from", "2024", "--until", "2023"], "2024-01-01"),
        (["--size", "huge"], "huge"),
    ],
)
def test_each_filter_value_is_checked(demo_url, tmp_path, args, needle):
    proc = run(["export", "--chart", "theo-nam", "--format", "csv", "--out", str(tmp_path / "x.csv"), *args], demo_url)
    assert proc.returncode == 2
    assert needle in one_line_error(proc)
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--chart", "khong-co", "--format", "csv", "--out", "x.csv"],
        ["export", "--chart", "theo-nam", "--format", "gif", "--out", "x.gif"],
        ["export", "--chart", "theo-nam", "--format", "csv", "--out", "x.png"],
        ["export", "--chart", "theo-nam", "--format", "csv"],
        ["export", "--format", "csv", "--out", "x.csv"],
        ["export", "--bundle", "--out", "x.txt"],
        ["export", "--bundle", "--list"],
        ["check-published", "--tolerance", "abc"],
        ["report", "--from", "2023-01-01", "--until", "2023-12-31", "--out", "/no/such/folder/r.xlsx"],
    ],
)
def test_bad_commands_say_so_in_one_line(demo_url, args):
    proc = run(args, demo_url)
    assert proc.returncode == 2, proc.stderr
    one_line_error(proc)


def _default_until(db_url: str) -> int:
    """The dashboard's default last year on ``db_url``: ui.filters.default_until, its latest year
    read from the database (the page reads it through a cache)."""
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            latest = counts.latest_year(session)
    finally:
        engine.dispose()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ui_filters.readers, "latest_year", lambda include_sample=True: latest)
        return ui_filters.default_until()


def test_bundle(demo_url, tmp_path):
    out = tmp_path / "b.zip"
    proc = run(["export", "--bundle", "--out", str(out), "--chart", "theo-nam,giai-doan", "--from", "2022"], demo_url)
    assert proc.returncode == 0, proc.stderr
    names = set(zipfile.ZipFile(out).namelist())
    exts = ("csv", "xlsx") + (("png", "svg") if unavailable_reason() is None else ())
    last = _default_until(demo_url)  # without --until: the dashboard's default period
    assert {f"dvk_thanh-hoa_2022-{last}_{slug}.{ext}" for slug in ("theo-nam", "giai-doan") for ext in exts} <= names
    assert "README.txt" in names


def test_an_export_without_a_period_shows_the_dashboard_s_default_period(demo_url, tmp_path):
    last = _default_until(demo_url)
    assert last > DEFAULT_YEARS[1]  # the demo has records after the codec's 2024
    out = tmp_path / "years.csv"
    proc = run(["export", "--chart", "theo-nam", "--format", "csv", "--out", str(out), "--lang", "en"], demo_url)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    years = [int(r[0][:4]) for r in rows[1:] if r and r[0][:4].isdigit()]
    assert years[0] == DEFAULT_YEARS[0] and years[-1] == last


def test_png_without_chromium_says_why_but_csv_works(demo_url, tmp_path):
    env = {"BROWSER_PATH": str(tmp_path / "none")}
    proc = run(
        ["export", "--chart", "theo-nam", "--format", "png", "--out", str(tmp_path / "a.png")], demo_url, env=env
    )
    assert proc.returncode == 1 and "BROWSER_PATH" in one_line_error(proc)
    proc = run(
        ["export", "--chart", "theo-nam", "--format", "csv", "--out", str(tmp_path / "a.csv")], demo_url, env=env
    )
    assert proc.returncode == 0
    proc = run(["export", "--bundle", "--chart", "theo-nam", "--out", str(tmp_path / "b.zip")], demo_url, env=env)
    assert proc.returncode == 0 and "BROWSER_PATH" in proc.stderr


@pytest.mark.skipif(unavailable_reason() is not None, reason=f"no Chromium: {unavailable_reason('en')}")
def test_chart_png_and_svg(demo_url, tmp_path):
    for fmt, size in (("png", "square"), ("svg", "landscape")):
        out = tmp_path / f"a.{fmt}"
        args = ["export", "--chart", "theo-nam", "--format", fmt, "--out", str(out), "--size", size, "--until", "2024"]
        proc = run(args, demo_url)
        assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "a.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Số liệu tính đến ngày 31/12/2024" in (tmp_path / "a.svg").read_text(encoding="utf-8")


def test_check_published_exit_codes(demo_url, tmp_path):
    proc = run(["check-published"], demo_url)
    assert proc.returncode == 0, proc.stderr
    assert "8.419\t8.419\t+0" in proc.stdout
    # the second published figure (Báo Thanh Hóa, 31 Aug 2025), every measure of it exact
    assert "2025-08-31\tToàn tỉnh Thanh Hóa\tTổng số mô hình, điển hình\t10.239\t10.239\t+0" in proc.stdout
    assert sum(line.startswith("2025-08-31\t") and "\t+0\t" in line for line in proc.stdout.splitlines()) == 7
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    assert run(["init"], empty).returncode == 0
    proc = run(["--lang", "en", "check-published", "--tolerance", "5%"], empty)
    assert proc.returncode == 1
    assert "8,419\t0\t-8419" in proc.stdout and "above" in proc.stdout
    assert "13 figures differ by more than 5.0%" in proc.stderr


def test_report(demo_url, tmp_path):
    out = tmp_path / "r.xlsx"
    proc = run(["report", "--from", "01/01/2023", "--until", "2023-12-31", "--out", str(out)], demo_url)
    assert proc.returncode == 0, proc.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Đơn vị - lĩnh vực" and len(book.sheetnames) == 8
