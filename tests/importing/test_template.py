"""The import template: Vietnamese headers, drop-downs, a hidden list sheet, instructions; the
import reads its example rows back."""

import datetime as dt
import io
import zipfile

from python_calamine import CalamineWorkbook
from sqlalchemy import select

from registry import permissions
from registry.db import read_session
from registry.importing import headers as import_headers
from registry.importing import plan as import_plan
from registry.importing.headers import COLUMNS, TEMPLATE_SHEET
from registry.importing.template import build_template
from registry.models import ModelExample


def test_template_sheets_headers_and_validation(db):
    with read_session(db) as session:
        data = build_template(session)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names[:2] == [TEMPLATE_SHEET, "Hướng dẫn"]
    visible = {m.name: str(m.visible) for m in book.sheets_metadata}
    assert "Hidden" in visible["DanhMuc"] and "Hidden" not in visible[TEMPLATE_SHEET]
    headers = book.get_sheet_by_name(TEMPLATE_SHEET).to_python()[0]
    assert headers[2] == "Tên mô hình, điển hình (*)" and "Ngày đăng ký (*)" in headers
    assert [import_headers.map_header(h) for h in headers] == list(COLUMNS)
    lists = book.get_sheet_by_name("DanhMuc").to_python()
    units = [row[lists[0].index("unit")] for row in lists[1:] if row[lists[0].index("unit")]]
    communes = [row[lists[0].index("commune")] for row in lists[1:] if row[lists[0].index("commune")]]
    assert "Huyện Hậu Lộc (400)" in units and len(units) + len(communes) > 600
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert sheet_xml.count('type="list"') == 8  # kind, unit, commune, field, bloc, programme, stage, level
    assert "DanhMuc" in sheet_xml


def test_template_examples_import_cleanly(db):
    with read_session(db) as session:
        data = build_template(session)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    help_rows = book.get_sheet_by_name("Hướng dẫn").to_python()
    start = next(i for i, row in enumerate(help_rows) if row and row[0] == "Số hiệu bản ghi")
    examples = help_rows[start + 1 :]
    assert len(examples) == 3
    # copy the example rows into the data sheet, as a user would, and import them
    import xlsxwriter

    buffer = io.BytesIO()
    out = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = out.add_worksheet(TEMPLATE_SHEET)
    for r, row in enumerate(help_rows[start:]):
        ws.write_row(r, 0, row)
    out.close()
    result = import_plan.run_import(db, buffer.getvalue(), "mau.xlsx", permissions.SYSTEM)
    assert result.ok and result.to_create == 3, [(e.row, e.column, e.message()) for e in result.errors]
    # the third example gives only the month: kept as such
    with read_session(db) as session:
        stored = session.execute(select(ModelExample.registered_on, ModelExample.registered_precision)).all()
    assert (dt.date(2021, 4, 1), "month") in stored


def test_template_date_columns_are_text_so_excel_keeps_a_month_or_a_year(db):
    """Excel turns "03/2023" typed in a date cell into 01/03/2023 and shows "2023" as 15/07/1905:
    the date columns are text, without a date validation that would warn on "2023"."""
    with read_session(db) as session:
        data = build_template(session)
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert 'type="date"' not in sheet_xml
    styles = zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml").decode()
    assert 'formatCode="@"' in styles  # the text format of the date columns


def test_english_template(db):
    with read_session(db) as session:
        data = build_template(session, "en")
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    headers = book.get_sheet_by_name(TEMPLATE_SHEET).to_python()[0]
    assert "Title (*)" in headers and [import_headers.map_header(h) for h in headers] == list(COLUMNS)
