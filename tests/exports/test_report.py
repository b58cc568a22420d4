"""The periodic report workbook opens, its totals add up and match the registry, and it prints
A4 landscape with repeated header rows."""

import datetime as dt
import io

import openpyxl
import pytest
from sqlmodel import Session

from registry.errors import PermissionDenied
from registry.exports import report, report_sheets
from registry.permissions import SYSTEM, Actor
from registry.queries.counts import stats
from registry.queries.filters import Filters
from tests.support.factories import make_example

PERIOD = Filters(year_from=2023, year_until=2024)


@pytest.fixture(scope="module")
def book(demo_sqlite):  # noqa: F811
    with Session(demo_sqlite) as s:
        data = report.report_xlsx(s, PERIOD, "vi", actor=Actor("bao", "reporter"))
        figures = stats(s, filters=PERIOD)
    return openpyxl.load_workbook(io.BytesIO(data)), figures


def table(sheet, header_row=report.HEADER_ROW + 1):
    """(headers, data rows, totals row) of the first table of a sheet."""
    headers = [c.value for c in sheet[header_row]]
    rows, totals = [], None
    for row in sheet.iter_rows(min_row=header_row + 1, values_only=True):
        if row[0] is None:
            break
        if row[0] in ("Tổng cộng", "Total"):
            totals = list(row)
            break
        rows.append(list(row))
    return headers, rows, totals


def test_sheets_and_vietnamese_headings(book):
    wb, _ = book
    assert wb.sheetnames == [
        "Đơn vị - lĩnh vực",
        "Giai đoạn",
        "Tập thể - cá nhân",
        "Nhân rộng",
        "Chương trình",
        "Đối chiếu công bố",
        "Mô hình mới tiêu biểu",
        "Thông tin",
    ]
    first = wb["Đơn vị - lĩnh vực"]
    assert first["A1"].value == "Số mô hình, điển hình theo đơn vị và lĩnh vực"
    assert "từ ngày 01/01/2023 đến ngày 31/12/2024" in first["A2"].value
    assert "Nguồn: Ban Dân vận Tỉnh ủy Thanh Hóa" in first["A4"].value


def test_print_settings(book):
    wb, _ = book
    for sheet in wb.worksheets[:-1]:
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9, sheet.title
        assert sheet.print_title_rows == f"$1:${report.HEADER_ROW + 1}", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_totals_add_up_and_equal_the_registry(book):
    wb, figures = book
    total = figures["total"]
    headers, rows, totals = table(wb["Đơn vị - lĩnh vực"])
    assert headers[:2] == ["Mã", "Đơn vị"] and headers[-1] == "Tổng số"
    for col in range(2, len(headers)):
        assert totals[col] == pytest.approx(sum(r[col] for r in rows))
    for r in rows:
        assert r[-1] == pytest.approx(sum(r[2:-1]))
    assert totals[-1] == total
    assert totals[2] == figures["by_field"]["economy"]
    _, rows, totals = table(wb["Giai đoạn"])
    assert totals[1] == total == sum(r[1] for r in rows) == rows[0][2]  # everyone reached "registered"
    assert [r[1] for r in rows] == [
        figures["by_stage"].get(s, 0) for s in ("registered", "effective", "recognised", "outstanding", "awarded")
    ]
    _, rows, totals = table(wb["Tập thể - cá nhân"])
    assert [r[0] for r in rows] == [2023, 2024]
    assert totals[1:] == [figures["by_kind"]["collective"], figures["by_kind"]["individual"], total]
    assert all(r[3] == r[1] + r[2] for r in rows)
    _, rows, totals = table(wb["Nhân rộng"])
    assert totals[2] == figures["replications"] and totals[3] == total
    assert all(r[3] == r[1] + r[2] for r in rows)
    headers, rows, totals = table(wb["Chương trình"])
    assert totals[2] == sum(r[2] for r in rows) > 0


def test_published_check_and_notable_records(book):
    wb, _ = book
    headers, rows, _ = table(wb["Đối chiếu công bố"])
    assert "Số công bố" in headers and "Số trong sổ" in headers
    published = {(r[1], r[3]): r for r in rows}  # (published on, measure): both figures are there
    assert published[("10/10/2023", "Tổng số mô hình, điển hình")][4:7] == [8419, 8419, 0]
    assert published[("31/08/2025", "Tổng số mô hình, điển hình")][4:7] == [10239, 10239, 0]
    headers, rows, _ = table(wb["Mô hình mới tiêu biểu"])
    assert headers[1] == "Tên mô hình, điển hình" and 0 < len(rows) <= report_sheets.NOTABLE_LIMIT
    assert all(r[8].year in (2023, 2024) for r in rows)  # registered in the period
    assert rows[0][6] == "Được khen thưởng"  # the highest stage first


def test_report_needs_the_export_right_and_runs_on_an_empty_period(db):
    with Session(db) as s:
        with pytest.raises(PermissionDenied):
            report.report_xlsx(s, PERIOD, "vi", actor=Actor("x", "viewer"))
        make_example(s, registered_on=dt.date(2022, 5, 1))
        wb = openpyxl.load_workbook(
            io.BytesIO(report.report_xlsx(s, Filters(year_from=2024, year_until=2024), "en", actor=SYSTEM))
        )
    assert wb.sheetnames[0] == "Unit by field"
    _, rows, totals = table(wb["Unit by field"])
    assert totals[-1] == 0 and all(r[-1] == 0 for r in rows) and len(rows) >= 27
