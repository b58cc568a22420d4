"""The periodic report to the Standing Committee (dispatch 1470-CV/TU, point 10), as XLSX.

Sheets: by unit × field; by stage; collective and individual; replications; programme coverage;
the published-figures check; notable new records. Each sheet has a title, the period and the
citation above a header row; a totals row closes every count table. Print settings: A4
landscape, fit to the page width, title and header rows repeated on every page.

Counts come from ``queries.count_by`` (the same figures as the dashboard); lists of records read
the records table through its indexes, in SQL.
"""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
from sqlmodel import Session

from registry.exports import published
from registry.exports.boards import source_name
from registry.exports.formats import (
    as_of_date,
    definitions,
    describe,
    file_name,
    filter_names,
    includes_sample,
    print_setup,
    sheet_name,
    write_cell,
)
from registry.exports.report_sheets import build_sheets
from registry.i18n import fmt_date, t
from registry.permissions import Actor, authorize
from registry.queries.filters import Filters
from registry.records import rollups

HEADER_ROW = 4  # rows 0-3: title, period, filters, citation


def report_file_name(filters: Filters, lang: str = "vi") -> str:
    return file_name(t("export.slug.report", lang), filters, "xlsx", lang)


def report_xlsx(
    session: Session,
    filters: Filters,
    lang: str = "vi",
    *,
    actor: Actor,
    tolerance: float = published.DEFAULT_TOLERANCE,
    today: dt.date | None = None,
) -> bytes:
    """The periodic report for ``filters`` (its period, usually) as XLSX bytes. Needs "export"."""
    authorize(actor, "export")
    sheets = build_sheets(session, filters, lang, actor=actor, tolerance=tolerance)
    as_of = as_of_date(filters, today)
    period = t("report.period", lang, start=fmt_date(filters.start, lang), end=fmt_date(filters.end, lang))
    board = source_name(as_of, lang)
    citation = t("export.citation", lang, date=fmt_date(as_of, lang), board=board)
    filters_text = describe(filters, lang, filter_names(session, lang))
    sample = includes_sample(session, filters)
    version = rollups.data_version(session)

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    book.set_properties(
        {"title": t("report.title", lang), "author": t("export.source", lang, board=board), "comments": citation}
    )
    f_title = book.add_format({"bold": True, "font_size": 14})
    f_note = book.add_format({"italic": True, "font_color": "#444444"})
    f_sample = book.add_format({"bold": True, "font_color": "#B00020"})
    f_head = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center", "bg_color": "#DDE4EE", "border": 1}
    )
    f_cell = book.add_format({"border": 1, "valign": "top", "text_wrap": True})
    f_num = book.add_format({"border": 1, "num_format": "#,##0"})
    f_frac = book.add_format({"border": 1, "num_format": "#,##0.0"})
    f_pct = book.add_format({"border": 1, "num_format": "0.0%"})
    f_date = book.add_format({"border": 1, "num_format": "dd/mm/yyyy" if lang == "vi" else "yyyy-mm-dd"})
    f_total = book.add_format({"bold": True, "border": 1, "top": 2, "num_format": "#,##0", "bg_color": "#F2F2F2"})

    for sheet in sheets:
        ws = book.add_worksheet(sheet_name(t(sheet.key, lang)))
        ws.write_string(0, 0, t(sheet.key + ".title", lang), f_title)
        ws.write_string(1, 0, f"{period}. {t('export.meta.filters', lang)}: {filters_text}")
        ws.write_string(2, 0, sheet.note, f_note)
        ws.write_string(
            3, 0, citation + (" " + t("export.readme.sample", lang) if sample else ""), f_sample if sample else f_note
        )
        row = HEADER_ROW
        row = _write_table(
            ws, row, sheet.headers, sheet.rows, sheet.totals(), f_head, f_cell, f_num, f_frac, f_pct, f_date, f_total
        )
        for title, headers, rows in sheet.extra:
            row += 2
            ws.write_string(row, 0, title, f_title)
            row = _write_table(ws, row + 1, headers, rows, None, f_head, f_cell, f_num, f_frac, f_pct, f_date, f_total)
        for col in range(len(sheet.headers)):
            ws.set_column(col, col, sheet.widths.get(col, 14))
        ws.freeze_panes(HEADER_ROW + 1, 0)
        print_setup(ws, header_rows=(0, HEADER_ROW), landscape=True)
        ws.set_footer("&L" + t("export.source", lang, board=board).replace("&", "&&")[:120] + "&R&P / &N")
        ws.set_header("&L" + t("report.title", lang).replace("&", "&&") + "&R" + period)
    about = book.add_worksheet(sheet_name(t("export.meta.sheet", lang)))
    about.write_string(0, 0, t("report.title", lang), f_title)
    info = [
        (t("export.meta.source", lang), t("export.source", lang, board=board)),
        (t("export.meta.citation", lang), citation),
        (t("report.col.period", lang), period),
        (t("export.meta.as_of", lang), fmt_date(as_of, lang)),
        (t("export.meta.filters", lang), filters_text),
        (t("export.meta.sample", lang), t("export.meta.sample_yes" if sample else "export.meta.sample_no", lang)),
        (t("export.meta.data_version", lang), str(version)),
    ]
    for i, (label, value) in enumerate(info + definitions(lang), start=2):
        about.write_string(i, 0, label, f_head if label else f_cell)
        about.write_string(i, 1, value, f_cell)
    about.set_column(0, 0, 28)
    about.set_column(1, 1, 110)
    print_setup(about, header_rows=None, landscape=True)
    book.close()
    return buffer.getvalue()


def _write_table(ws, row, headers, rows, totals, f_head, f_cell, f_num, f_frac, f_pct, f_date, f_total) -> int:
    for col, name in enumerate(headers):
        ws.write_string(row, col, str(name), f_head)
    for values in rows:
        row += 1
        for col, value in enumerate(values):
            if isinstance(value, float) and 0 <= value <= 1 and headers and "%" in str(headers[col]):
                fmt = f_pct
            elif isinstance(value, float) and not value.is_integer():
                fmt = f_frac
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                fmt = f_num
            elif isinstance(value, dt.date):
                fmt = f_date
            else:
                fmt = f_cell
            write_cell(ws, row, col, value, f_date, fmt)
    if totals is not None:
        row += 1
        for col, value in enumerate(totals):
            write_cell(ws, row, col, value, None, f_total)
    return row
