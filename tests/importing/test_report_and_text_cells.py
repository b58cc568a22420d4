"""The import's error report neutralises the file's own text, and import cells lose their control
characters but keep the line breaks of description and results, within 10.000 characters
(issue 11, section 6)."""

from __future__ import annotations

import csv
import io

import xlsxwriter
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from registry import permissions
from registry.db import read_session
from registry.importing import plan as import_plan
from registry.importing import report as import_report
from registry.models import ModelExample
from registry.spreadsheet import FORMULA_STARTS

HOSTILE = ['=cmd|" /C calc"!A0', "+SUM(1;2)", "-2+3", "@SUM(A1)", '=HYPERLINK("http://evil.example","x")']
HEADER = ["Loại", "Tên mô hình", "Đơn vị", "Lĩnh vực", "Khối", "Ngày đăng ký"]


def _csv(rows, header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(rows, header=HEADER) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    ws = book.add_worksheet("Mô hình")
    ws.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            ws.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def _run(db, data, name="f.csv", **kw):
    return import_plan.run_import(db, data, name, permissions.SYSTEM, **kw)


def _hostile_result(db):
    """Hostile headers (ignored columns, quoted in notices) and hostile cells (quoted in errors)."""
    rows = [["Mô hình", "Tên", value, "Kinh tế", "Khối chính quyền", value] for value in HOSTILE]
    result = _run(db, _csv(rows, HEADER + HOSTILE), dry_run=True)
    assert {n.column for n in result.notices} >= set(HOSTILE) and result.errors
    return result


def test_the_csv_error_report_neutralises_every_cell(sqlite_db):
    data = import_report.error_report_csv(_hostile_result(sqlite_db))
    cells = [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row]
    assert [c for c in cells if c.startswith(FORMULA_STARTS)] == []
    for value in HOSTILE:
        assert "'" + value in cells  # the header itself, quoted as the column of its notice


def test_the_xlsx_error_report_neutralises_every_cell(sqlite_db):
    data = import_report.error_report_xlsx(_hostile_result(sqlite_db))
    cells = [
        c for row in CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python() for c in row
    ]
    assert [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_STARTS)] == []
    assert "'" + HOSTILE[0] in cells


def _stored(db) -> ModelExample:
    with read_session(db) as s:
        (example,) = s.execute(select(ModelExample)).scalars().all()
        return example


def test_control_characters_of_a_csv_cell_are_dropped_on_every_backend(db):
    """A NUL byte in a cell made PostgreSQL refuse the insert with a DataError traceback."""
    row = ["Mô hình", "Tuyến\x00 phố\x1b văn minh\x7f", "Huyện Hậu Lộc", "Kinh tế", "Khối chính quyền", "15/03/2023"]
    header = HEADER + ["Mô tả", "Tập thể, cá nhân thực hiện"]
    result = _run(db, _csv([row + ["Dòng\x00 một\x0b\r\nDòng hai\x08", "Chi\x00 bộ"]], header))
    assert result.ok and result.committed, result.errors
    example = _stored(db)
    assert (example.title, example.holder_name) == ("Tuyến phố văn minh", "Chi bộ")
    assert example.description == "Dòng một\nDòng hai"
    assert "\x00" not in example.search_text


def test_description_and_results_keep_their_line_breaks_from_a_workbook(db):
    header = HEADER + ["Mô tả", "Kết quả", "Thôn, xã"]
    cells = ["Mô hình", "Tuyến phố", "Huyện Hậu Lộc", "Kinh tế", "Khối chính quyền", "15/03/2023"]
    data = _xlsx([cells + ["Mục tiêu:\r\n- sạch\r\n- đẹp", "Kết quả  một\nKết quả hai\r", "Thôn\nĐông"]], header)
    result = _run(db, data, "f.xlsx")
    assert result.ok and result.committed, result.errors
    example = _stored(db)
    assert example.description == "Mục tiêu:\n- sạch\n- đẹp"
    assert example.results == "Kết quả một\nKết quả hai"
    assert example.locality == "Thôn Đông"  # a one-line field still joins its lines


def test_a_description_over_10000_characters_is_refused_with_its_row_and_column(sqlite_db):
    header = HEADER + ["Mô tả", "Kết quả"]
    cells = ["Mô hình", "Tuyến phố", "Huyện Hậu Lộc", "Kinh tế", "Khối chính quyền", "15/03/2023"]
    rows = [cells + ["x" * 10_001, "y" * 10_000], [*cells[:1], "Chợ", *cells[2:], "a\n" * 4_000, "ok"]]
    result = _run(sqlite_db, _xlsx(rows, header), "f.xlsx")
    assert not result.committed
    assert [(e.row, e.column, e.key) for e in result.errors] == [(2, "Mô tả", "upload.text_too_long")]
    assert "10001 ký tự" in result.errors[0].message("vi") and "10000" in result.errors[0].message("vi")
    with read_session(sqlite_db) as s:
        assert s.execute(select(ModelExample)).first() is None
