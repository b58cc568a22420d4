"""The import of the summary table: the issue's headers, units read as the records import reads
them, a dry run, row errors that name the fix, all rows or none, and a re-import that creates
nothing."""

import datetime as dt
import io

import openpyxl
import pytest
from sqlmodel import select

from registry.errors import PermissionDenied
from registry.importing.results import FileRejected
from registry.report_tables import UnitReport
from registry.reports.importing import import_reports
from registry.reports.reading import TEMPLATE_HEADERS
from registry.reports.template import build_template
from tests.support.reports import PROVINCE_EDITOR, unit, unit_editor

HEADER = ",".join(TEMPLATE_HEADERS)
ROWS = [
    "Huyện Hậu Lộc,01/01/2023,31/12/2023,Số 12-BC/ĐU,10/01/2024,201,147,54,80,60,31,30,40,12,9",
    "nga sơn,2023,2023,,,20,12,8,,,,,,,",
    "Tỉnh đoàn,2023-01-01,2023-12-31,Số 3-BC/TĐTN,,30,,,,,,,,,",
]


def csv_bytes(*rows):
    return ("\ufeff" + "\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def stored(session):
    return {(r.unit_id, r.period_from, r.period_until): r for r in session.exec(select(UnitReport)).all()}


def test_the_issues_headers_import_and_units_are_read_as_records_read_them(session):
    plan = import_reports(session, csv_bytes(*ROWS), "bang.csv", actor=PROVINCE_EDITOR)
    assert plan.errors == [] and plan.summary() == {"created": 3, "updated": 0, "errors": 0}
    reports = stored(session)
    hau_loc = reports[(unit(session, "400").id, dt.date(2023, 1, 1), dt.date(2023, 12, 31))]
    assert (hau_loc.total, hau_loc.collective, hau_loc.economy, hau_loc.recognised, hau_loc.awarded) == (
        201,
        147,
        80,
        40,
        12,
    )
    assert hau_loc.replicated == 9 and hau_loc.doc_number == "Số 12-BC/ĐU" and hau_loc.doc_date == dt.date(2024, 1, 10)
    assert hau_loc.status == "submitted"
    nga_son = reports[(unit(session, "401").id, dt.date(2023, 1, 1), dt.date(2023, 12, 31))]  # "2023" until = 31 Dec
    assert nga_son.economy is None and nga_son.total == 20  # missing is never 0
    assert reports[(unit(session, "B02").id, dt.date(2023, 1, 1), dt.date(2023, 12, 31))].total == 30


def test_dry_run_writes_nothing(session):
    plan = import_reports(session, csv_bytes(*ROWS), "bang.csv", actor=PROVINCE_EDITOR, dry_run=True)
    assert plan.summary() == {"created": 3, "updated": 0, "errors": 0} and stored(session) == {}


def test_one_bad_row_and_nothing_is_written_with_errors_that_name_the_fix(session):
    bad = [*ROWS, "Huyện Không Có,01/01/2023,31/12/2023,,,11,6,5,,,,,,,", "Nông Cống,2023,2023,,,-2,,,,,,,,,"]
    plan = import_reports(session, csv_bytes(*bad), "bang.csv", actor=PROVINCE_EDITOR)
    assert stored(session) == {} and not plan.committed
    assert {(e.row, e.key) for e in plan.errors} == {(5, "error.unknown_unit"), (6, "report.error.negative")}
    lines = plan.lines("vi")
    assert any(line.startswith("Dòng 6, Tổng số: -2 là số âm.") for line in lines)
    assert any("Row 6, Total: -2 is negative. Enter 0 or more" in line for line in plan.lines("en"))
    assert plan.summary() == {"created": 0, "updated": 0, "errors": 2}


def test_sum_rules_and_duplicate_rows_are_row_errors(session):
    rows = ["Hậu Lộc,2023,2023,,,200,147,54,,,,,,,", "Hậu Lộc,2023,2023,,,1,,,,,,,,,"]
    plan = import_reports(session, csv_bytes(*rows), "bang.csv", actor=PROVINCE_EDITOR)
    assert [(e.row, e.column, e.key) for e in plan.errors] == [
        (2, "Tổng số", "report.error.kinds_sum"),
        (3, "Đơn vị", "report.import.duplicate_row"),
    ]


def test_re_import_creates_nothing_and_approve_in_the_same_step(session):
    import_reports(session, csv_bytes(*ROWS), "bang.csv", actor=PROVINCE_EDITOR)
    again = import_reports(session, csv_bytes(*ROWS), "bang.csv", actor=PROVINCE_EDITOR)
    assert again.summary() == {"created": 0, "updated": 0, "errors": 0} and again.count("unchanged") == 3
    approved = import_reports(session, csv_bytes(*ROWS), "bang.csv", actor=PROVINCE_EDITOR, approve=True)
    assert approved.count("update") == 3 and {r.status for r in stored(session).values()} == {"approved"}
    assert len(stored(session)) == 3
    final = import_reports(session, csv_bytes(*ROWS), "bang.csv", actor=PROVINCE_EDITOR, approve=True)
    assert final.count("unchanged") == 3
    changed = [ROWS[0].replace(",201,147,54,80,", ",202,148,54,81,"), *ROWS[1:]]
    locked = import_reports(session, csv_bytes(*changed), "bang.csv", actor=PROVINCE_EDITOR)
    assert [e.key for e in locked.errors] == ["report.import.locked"]


def test_a_corrected_table_updates_a_submitted_report(session):
    import_reports(session, csv_bytes(*ROWS), "bang.csv", actor=PROVINCE_EDITOR)
    changed = [ROWS[0].replace(",201,147,54,80,", ",202,148,54,81,"), *ROWS[1:]]
    plan = import_reports(session, csv_bytes(*changed), "bang.csv", actor=PROVINCE_EDITOR)
    assert plan.summary() == {"created": 0, "updated": 1, "errors": 0}
    hau_loc = stored(session)[(unit(session, "400").id, dt.date(2023, 1, 1), dt.date(2023, 12, 31))]
    assert (hau_loc.total, hau_loc.status) == (202, "submitted")


def test_a_unit_editor_imports_only_its_own_rows_and_never_approves(session):
    plan = import_reports(session, csv_bytes(*ROWS), "bang.csv", actor=unit_editor(session, "400"))
    assert [(e.row, e.key) for e in plan.errors] == [(3, "error.forbidden"), (4, "error.forbidden")]
    with pytest.raises(PermissionDenied):
        import_reports(session, csv_bytes(ROWS[0]), "bang.csv", actor=unit_editor(session, "400"), approve=True)


def test_an_xlsx_with_the_header_below_a_title(session, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["BẢNG TỔNG HỢP BÁO CÁO DÂN VẬN KHÉO"])
    sheet.append(list(TEMPLATE_HEADERS))
    sheet.append(["Hậu Lộc", dt.datetime(2023, 1, 1), dt.datetime(2023, 12, 31), None, None, 201, 147, 54])
    path = tmp_path / "bang.xlsx"
    book.save(path)
    plan = import_reports(session, path.read_bytes(), "bang.xlsx", actor=PROVINCE_EDITOR)
    assert plan.errors == [] and plan.count("create") == 1


def test_a_file_without_the_header_is_refused_as_a_whole(session):
    with pytest.raises(FileRejected) as exc:
        import_reports(session, b"a,b,c\n1,2,3\n", "x.csv", actor=PROVINCE_EDITOR)
    assert exc.value.key == "report.import.no_header"


def test_the_template_imports_back(session):
    data = build_template(session, "en")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert [c.value for c in book["Báo cáo đơn vị"][1]] == list(TEMPLATE_HEADERS)
    codes = {row[0].value for row in book["Đơn vị"].iter_rows(min_row=2)}
    assert {"400", "B02", "14758"} <= codes and "38" not in codes and len(codes) == 27 + 14 + 166
    assert book["Hướng dẫn"]["A2"].value.startswith("Figures are whole numbers")
    plan = import_reports(session, data, "mau.xlsx", actor=PROVINCE_EDITOR, dry_run=True)
    assert plan.errors == [] and plan.count("create") == 1  # the example row
