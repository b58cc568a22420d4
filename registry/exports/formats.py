"""Exports for reporters and staff: pure functions that return bytes.

- ``csv_bytes``: UTF-8 with a BOM (Excel then reads Vietnamese correctly), CRLF rows.
- ``xlsx_bytes``: a data sheet and a metadata sheet (source, citation, as-of date, filters,
  definitions of each measure, data version).
- Every text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  neutralised with a leading apostrophe, so that no spreadsheet runs it as a formula; numbers stay
  numbers.
- ``file_name``: ASCII names that say what is inside, e.g. ``dvk_thanh-hoa_2021-2024_theo-linh-vuc.png``.
- ``chart_export`` / ``bundle_zip``: one chart in one format, or a ZIP of several charts (PNG, SVG,
  CSV, XLSX each, and a README.txt in Vietnamese and English with the citation).
- ``registry_csv`` / ``registry_xlsx``: the whole registry, filtered, read from SQL in chunks.

Roles are checked here as well as on the page: a chart's data needs "view" (it is what the chart
shows); the whole registry, bundles and reports need "export". Deleted records are never exported.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import xlsxwriter
from sqlalchemy import select
from sqlmodel import Session, col

from registry import text
from registry.charts.words import describe_filters, partial_year
from registry.dimensions import LISTS
from registry.exports.boards import source_name
from registry.i18n import catalog, fmt_date, t
from registry.models import AdminUnit, WorkField
from registry.queries.counts import count_by
from registry.queries.filters import Codes, Filters
from registry.queries.labels import Labels
from registry.records import rollups
from registry.spreadsheet import neutralise

BOM = "\ufeff"
DATA_FORMATS = ("csv", "xlsx")
CHART_FORMATS = ("png", "svg", "csv", "xlsx")
MAX_NAME = 120
PREFIX = "dvk"
CHUNK = 5000


# --------------------------------------------------------------------------- cells
def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return value is pd.NA or value is pd.NaT
    except Exception:  # noqa: BLE001
        return False


def _plain(value: Any) -> Any:
    """numpy scalars to Python, missing values to None, text to NFC."""
    if _is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (AttributeError, ValueError):
            pass
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def _csv_text(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(round(value, 10))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(neutralise(value))


# --------------------------------------------------------------------------- tables
@dataclass
class Table:
    """Column headings and rows of plain values: what every exporter writes."""

    columns: list[str]
    rows: list[list[Any]] | Iterable[list[Any]]

    @classmethod
    def from_frame(cls, df) -> Table:
        columns = [str(c) for c in df.columns]
        rows = ([_plain(v) for v in row] for row in df.itertuples(index=False, name=None))
        return cls(columns, list(rows))


def chart_sheet(table: pd.DataFrame, lang: str) -> Table:
    """A chart's table (registry/charts/pipeline.chart_table) as its CSV and XLSX hold it: the
    same rows, the headings in ``lang`` ("export.colname.<column>")."""
    sheet = Table.from_frame(table)
    sheet.columns = [t(f"export.colname.{c}", lang) if f"export.colname.{c}" in catalog() else c for c in sheet.columns]
    return sheet


def _as_table(data) -> Table:
    if isinstance(data, Table):
        return data
    return Table.from_frame(data)


def csv_bytes(data) -> bytes:
    """A table (or a pandas DataFrame) as CSV: UTF-8 with BOM, comma-separated, CRLF rows,
    formula-like text neutralised."""
    table = _as_table(data)
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_text(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_text(v) for v in row])
    return buffer.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- metadata
@dataclass
class Metadata:
    """What a reader needs to cite and understand an export."""

    title: str
    as_of: dt.date
    filters_text: str
    data_version: int
    sample: bool
    lang: str = "vi"
    finding: str = ""
    definitions: list[tuple[str, str]] = field(default_factory=list)
    exported_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    partial: tuple[int, dt.date] | None = None  # (year, last day) of a partial last year
    note_keys: tuple[str, ...] = ()  # catalog keys of the chart's notes (the boundary map's footnote)

    @property
    def notes(self) -> list[str]:
        return [t(key, self.lang) for key in self.note_keys]

    @property
    def partial_text(self) -> str:
        """ "Số liệu năm 2026 tính đến 01/12/2026", or "" when every year is whole."""
        if self.partial is None:
            return ""
        year, day = self.partial
        return t("export.meta.partial_value", self.lang, year=year, day=fmt_date(day, self.lang))

    @property
    def source(self) -> str:
        return t("export.source", self.lang, board=source_name(self.as_of, self.lang))

    @property
    def citation(self) -> str:
        return t(
            "export.citation", self.lang, date=fmt_date(self.as_of, self.lang), board=source_name(self.as_of, self.lang)
        )

    def rows(self) -> list[tuple[str, str]]:
        lang = self.lang
        out = [(t("export.meta.title", lang), self.title)]
        if self.finding and self.finding != self.title:
            out.append(("", self.finding))
        out += [
            (t("export.meta.source", lang), self.source),
            (t("export.meta.citation", lang), self.citation),
            (t("export.meta.as_of", lang), fmt_date(self.as_of, lang)),
            (t("export.meta.filters", lang), self.filters_text),
            *([(t("export.meta.partial", lang), self.partial_text)] if self.partial else []),
            *[(t("chart.boundary.note_label", lang), note) for note in self.notes],
            (
                t("export.meta.sample", lang),
                t("export.meta.sample_yes" if self.sample else "export.meta.sample_no", lang),
            ),
            (t("export.meta.data_version", lang), str(self.data_version)),
            (
                t("export.meta.exported_at", lang),
                self.exported_at.strftime("%d/%m/%Y %H:%M") if lang == "vi" else self.exported_at.isoformat(sep=" "),
            ),
        ]
        return out


GENERAL_DEFINITIONS = (
    "export.def.records",
    "export.def.kind",
    "export.def.stage",
    "export.def.replication",
    "export.def.unit",
    "export.def.year",
)


def definitions(lang: str) -> list[tuple[str, str]]:
    """The definition of every measure an export may hold (one line each)."""
    return [
        (t("export.meta.definitions", lang) if i == 0 else "", t(key, lang))
        for i, key in enumerate(GENERAL_DEFINITIONS)
    ]


def as_of_date(filters: Filters, today: dt.date | None = None) -> dt.date:
    """The date the figures run to: the end of the period, or today if the period runs on."""
    today = today or dt.date.today()
    return min(filters.end, today)


def includes_sample(session: Session, filters: Filters, codes: Codes | None = None) -> bool:
    """True when sample rows are among the records the filters select."""
    if not filters.include_sample:
        return False
    return any(r[0] == 1 and r[1] for r in count_by(session, filters=filters, group=("is_sample",), codes=codes))


def filter_names(session: Session, lang: str) -> dict[str, dict[str, str]]:
    """Code -> name per list filter, in ``lang`` (for describing filters)."""
    return Labels.load(session, lang).filter_names()


def describe(filters: Filters, lang: str, names: Mapping[str, Mapping[str, str]]) -> str:
    """The filters in words, as every chart states them (registry.charts.words.describe_filters);
    ``names`` from ``filter_names``."""
    return html.unescape(describe_filters(filters, lang, names))  # plotly-escaped there; plain text here


def metadata_for(
    session: Session,
    filters: Filters,
    lang: str,
    title: str,
    finding: str = "",
    today: dt.date | None = None,
    *,
    labels: Labels | None = None,
    note_keys: tuple[str, ...] = (),
) -> Metadata:
    """The metadata of an export; ``labels`` (in ``lang``) when the caller has them loaded;
    ``note_keys`` the catalog keys of the chart's notes."""
    labels = labels or Labels.load(session, lang)
    return Metadata(
        title=title,
        finding=finding,
        as_of=as_of_date(filters, today),
        filters_text=describe(filters, lang, labels.filter_names()),
        data_version=rollups.data_version(session),
        sample=includes_sample(session, filters, labels.codes),
        lang=lang,
        definitions=definitions(lang),
        partial=partial_year(filters, today),
        note_keys=tuple(note_keys),
    )


# --------------------------------------------------------------------------- XLSX
def xlsx_bytes(data, meta: Metadata, sheet: str | None = None, *, landscape: bool = True) -> bytes:
    """A workbook with the data sheet (header row frozen, filter, print settings) and a metadata
    sheet. Text goes in as text (never as a formula) and is neutralised; numbers stay numbers."""

    table = _as_table(data)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    book.set_properties({"title": meta.title, "author": meta.source, "comments": meta.citation})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#EEEEEE", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    date_fmt = book.add_format({"num_format": "dd/mm/yyyy" if meta.lang == "vi" else "yyyy-mm-dd"})
    ws = book.add_worksheet(sheet_name(sheet or t("export.meta.data_sheet", meta.lang)))
    widths = [min(max(len(c), 8), 50) for c in table.columns]
    for column, name in enumerate(table.columns):
        ws.write_string(0, column, str(neutralise(name)), bold)
    n_rows = 0
    for r, row in enumerate(table.rows, start=1):
        n_rows = r
        for column, value in enumerate(row):
            write_cell(ws, r, column, value, date_fmt)
            if isinstance(value, str) and column < len(widths):
                widths[column] = min(max(widths[column], len(value)), 50)
    for column, width in enumerate(widths):
        ws.set_column(column, column, width + 2)
    ws.freeze_panes(1, 0)
    if table.columns:
        ws.autofilter(0, 0, max(n_rows, 1), len(table.columns) - 1)
    print_setup(ws, header_rows=(0, 0), landscape=landscape)
    ws.set_footer("&L" + _header_escape(meta.citation))
    meta_ws = book.add_worksheet(sheet_name(t("export.meta.sheet", meta.lang)))
    meta_ws.write_string(0, 0, t("export.meta.item", meta.lang), bold)
    meta_ws.write_string(0, 1, t("export.meta.value", meta.lang), bold)
    r = 1
    for label, value in meta.rows() + list(meta.definitions or definitions(meta.lang)):
        meta_ws.write_string(r, 0, str(neutralise(label)), wrap)
        meta_ws.write_string(r, 1, str(neutralise(value)), wrap)
        r += 1
    meta_ws.set_column(0, 0, 28)
    meta_ws.set_column(1, 1, 100)
    print_setup(meta_ws, header_rows=(0, 0), landscape=landscape)
    book.close()
    return buffer.getvalue()


def write_cell(ws, row: int, col: int, value: Any, date_fmt=None, fmt=None) -> None:
    """One cell: numbers as numbers, dates as dates, text as neutralised text."""
    value = _plain(value)
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, value, fmt)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(row, col, value.replace(tzinfo=None), date_fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), date_fmt)
    else:
        ws.write_string(row, col, str(neutralise(str(value))), fmt)


def print_setup(ws, header_rows: tuple[int, int] | None = (0, 0), landscape: bool = True) -> None:
    """A4 landscape, fit to the page width, header rows repeated on every page."""
    if landscape:
        ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if header_rows is not None:
        ws.repeat_rows(*header_rows)


def _header_escape(value: str) -> str:
    return value.replace("&", "&&")[:240]


def sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Sheet"


# --------------------------------------------------------------------------- file names
def slugify(value: str) -> str:
    """ASCII lower-case words joined by hyphens: "Theo lĩnh vực" → "theo-linh-vuc"."""
    folded = text.fold(value)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def period_slug(filters: Filters) -> str:
    start, end = filters.start, filters.end
    if filters.whole_years:
        return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"
    return f"{start:%Y%m%d}-{end:%Y%m%d}"


def filters_slug(filters: Filters, lang: str = "vi", names: Mapping[str, str] | None = None) -> str:
    """The scope and period part of a file name: "thanh-hoa_2021-2024" or, with a unit filter,
    "yen-dinh_2023"; the dimensions named in file names (field, kind) add their values' names."""
    names = names or {}
    if filters.units:
        scope = "-".join(slugify(names.get(f"unit:{c}", c)) for c in filters.units[:3])
        if len(filters.units) > 3:
            scope += f"-va-{len(filters.units) - 3}" if lang == "vi" else f"-and-{len(filters.units) - 3}"
    else:
        scope = t("export.slug.province", lang)
    parts = [scope, period_slug(filters)]
    extra = [  # a fixed word by its short (bracketed) name: "mo-hinh"
        slugify(t(f"{d.words}.{c}", lang).split("(")[-1].rstrip(")") if d.words else names.get(f"{d.param}:{c}", c))
        for d in LISTS
        if d.in_file_name
        for c in d.values(filters)
    ]
    if extra:
        parts.append("-".join(extra))
    return "_".join(p for p in parts if p)


def file_name(what: str, filters: Filters, ext: str, lang: str = "vi", names: Mapping[str, str] | None = None) -> str:
    """ASCII file name that says what is inside: ``dvk_thanh-hoa_2021-2024_theo-linh-vuc.png``."""
    stem = "_".join(p for p in (PREFIX, filters_slug(filters, lang, names), slugify(what)) if p)
    stem = re.sub(r"[^A-Za-z0-9_.-]", "-", stem)[:MAX_NAME].rstrip("-_")
    return f"{stem}.{ext.lstrip('.').lower()}"


def reference_names(session: Session, lang: str = "vi") -> dict[str, str]:
    """ "unit:<code>" and "field:<code>" → name, for file names and words."""
    name = "name_en" if lang == "en" else "name_vi"
    out = {f"unit:{c}": s for c, s in session.execute(select(col(AdminUnit.code), col(AdminUnit.short_name)))}
    out.update({f"field:{c}": n for c, n in session.execute(select(col(WorkField.code), getattr(WorkField, name)))})
    return out
