"""The import's report: every error, then every notice, as CSV (UTF-8 with BOM), XLSX or text lines.

The report quotes the file's own headers and cells, so every text cell of the CSV and XLSX goes
through the exports' ``neutralise``: a header ``=cmd|" /C calc"!A0`` comes back as text, never as
a formula."""

from __future__ import annotations

import csv
import io

import xlsxwriter

from registry.i18n import DEFAULT_LANG, fmt_int, t
from registry.importing.results import ImportResult
from registry.spreadsheet import neutralise


def error_rows(result: ImportResult, lang: str = DEFAULT_LANG, notices: bool = True) -> list[tuple[str, str, str, str]]:
    """(row, column, kind, message) for each error, then each notice."""
    out = [(str(e.row), e.column, t("import.kind_error", lang), e.message(lang)) for e in result.errors]
    if notices:
        out += [
            (str(n.row) if n.row else "", n.column, t("import.kind_notice", lang), n.message(lang))
            for n in result.notices
        ]
    return out


def _report_headers(lang: str) -> list[str]:
    return [
        t("import.col_row", lang),
        t("import.col_column", lang),
        t("import.col_kind", lang),
        t("import.col_message", lang),
    ]


def error_report_csv(result: ImportResult, lang: str = DEFAULT_LANG) -> bytes:
    """The errors (and notices) as CSV in UTF-8 with a BOM, which Excel opens with the diacritics."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_report_headers(lang))
    writer.writerows([neutralise(v) for v in row] for row in error_rows(result, lang))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def error_report_xlsx(result: ImportResult, lang: str = DEFAULT_LANG) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet(t("import.report_sheet", lang)[:31])
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, _report_headers(lang), bold)
    for i, row in enumerate(error_rows(result, lang), start=1):
        sheet.write_number(i, 0, int(row[0])) if row[0].isdigit() else sheet.write_string(i, 0, row[0])
        for j, value in enumerate(row[1:], start=1):
            sheet.write_string(i, j, neutralise(value))
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 2, 22)
    sheet.set_column(3, 3, 90)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def report_lines(result: ImportResult, lang: str = DEFAULT_LANG) -> list[str]:
    """The report as text lines (CLI): each error, then each notice, then a one-line count."""
    lines = [t("import.line", lang, row=e.row, column=e.column, message=e.message(lang)) for e in result.errors]
    lines += [
        t("import.notice_line", lang, row=n.row, column=n.column, message=n.message(lang)) for n in result.notices
    ]
    return lines + rule_lines(result, lang)


def rule_lines(result: ImportResult, lang: str = DEFAULT_LANG) -> list[str]:
    """How many rows each forgiving rule placed, e.g. "12 dòng: đơn vị lấy từ cột xã, phường"."""
    return [
        t("import.rule_count", lang, n=fmt_int(n, lang), rule=t(f"import.rule.{rule}", lang))
        for rule, n in sorted(result.rules.items(), key=lambda item: (-item[1], item[0]))
    ]
