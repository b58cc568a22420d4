"""Reading the summary table of unit reports: a CSV or a workbook, the header row found by the
report's own headers (`Đơn vị`, `Từ ngày`, `Đến ngày`, `Tổng số`, … in any case, NFC or NFD, with or
without diacritics, or in English), the cells as they are.

The records import's guards are reused as they are: the file size and row limits of the settings,
the streamed look inside an .xlsx (registry.importing.guard) and the sandbox that keeps a reader's
crash away from the server (registry.importing.sandbox). Its header finder is the records' own,
so the summary table has this one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from registry import text
from registry.config import get_settings
from registry.i18n import catalog
from registry.importing.read import visible_sheets
from registry.importing.results import FileRejected
from registry.importing.sandbox import run_sandboxed
from registry.report_tables import FIGURES

COLUMNS = ("unit", "period_from", "period_until", "doc_number", "doc_date", *FIGURES)
REQUIRED = ("unit", "period_from", "period_until")
# The headers of the template, exactly (the catalog's labels give the same and more)
TEMPLATE_HEADERS = (
    "Đơn vị",
    "Từ ngày",
    "Đến ngày",
    "Số văn bản",
    "Ngày văn bản",
    "Tổng số",
    "Tập thể",
    "Cá nhân",
    "Kinh tế",
    "Văn hóa – xã hội",
    "Quốc phòng – an ninh",
    "Xây dựng hệ thống chính trị",
    "Công nhận",
    "Khen thưởng",
    "Nhân rộng",
)
_EXTRA = {"mã đơn vị": "unit", "tổng": "total", "điển hình": "individual", "mô hình tập thể": "collective"}
HEADER_ROWS = 10


def _header_index() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in COLUMNS:
        for label in (name, name.replace("_", " "), *catalog().get(f"field_name.report.{name}", ())):
            out.setdefault(text.name_key(label), name)
    for label, name in _EXTRA.items():
        out.setdefault(text.name_key(label), name)
    return out


def map_header(label: Any) -> str | None:
    key = text.name_key(str(label)) if label is not None else ""
    return _header_index().get(key) if key else None


def find_header(cells: Sequence[Sequence[Any]]) -> tuple[int, list[str]] | None:
    """The first row (of the first ten) naming the unit and the period."""
    for i, row in enumerate(cells[:HEADER_ROWS]):
        headers = ["" if v is None else text.canonical(str(v)) for v in row]
        if set(REQUIRED) <= {map_header(h) for h in headers}:
            return i, headers
    return None


@dataclass
class Sheet:
    headers: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]


def _data_rows(cells: Sequence[Sequence[Any]], index: int) -> tuple[list[list[Any]], list[int]]:
    rows, numbers = [], []
    for i in range(index + 1, len(cells)):
        row = list(cells[i])
        if any(v not in ("", None) and str(v).strip() for v in row):
            rows.append(row)
            numbers.append(i + 1)
    return rows, numbers


def workbook_cells(data: bytes, *, max_rows: int) -> tuple[list[str], list[list[Any]], list[int]]:
    """Runs in the sandbox: the first visible sheet carrying the summary table's headers."""
    for _name, cells in visible_sheets(data, max_rows=max_rows):
        found = None if cells is None else find_header(cells)
        if cells is not None and found is not None:
            rows, numbers = _data_rows(cells, found[0])
            return found[1], rows, numbers
    raise FileRejected("report.import.no_header")


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        latin = data.decode("latin-1")
        encoding = text.detect_legacy(latin)
        if encoding is None:
            raise FileRejected("import.bad_encoding") from None
        return text.convert_legacy(latin, encoding)


def read_sheet(data: bytes, filename: str = "") -> Sheet:
    """The summary table's header and data rows. Raises FileRejected (the CLI exits 2)."""
    settings = get_settings()
    if len(data) > settings.import_max_mb * 1024 * 1024:
        raise FileRejected("import.too_big", size=f"{len(data) / 1024 / 1024:.1f}", max=settings.import_max_mb)
    if not data.strip(b"\x00\t\r\n \xef\xbb\xbf\xff\xfe"):
        raise FileRejected("import.empty")
    if data[:4] == b"PK\x03\x04" or data[:8] == bytes.fromhex("d0cf11e0a1b11ae1"):
        headers, rows, numbers = run_sandboxed(
            workbook_cells,
            data,
            max_rows=settings.import_max_rows + HEADER_ROWS,
            memory_mb=settings.import_max_memory_mb,
            timeout_s=settings.import_timeout_s,
        )
    elif filename.lower().endswith((".xlsx", ".xls", ".xlsm")):
        raise FileRejected("import.bad_workbook", error="not a workbook")
    else:
        try:
            decoded = _decode(data)
        except UnicodeDecodeError:
            raise FileRejected("import.bad_encoding") from None
        first = decoded.splitlines()[0] if decoded.splitlines() else ""
        delimiter = max(("\t", ";", ","), key=first.count) if first else ","
        try:
            cells = list(csv.reader(io.StringIO(decoded, newline=""), delimiter=delimiter))
        except csv.Error as exc:
            raise FileRejected("import.bad_csv", error=str(exc)) from None
        found = find_header(cells)
        if found is None:
            raise FileRejected("report.import.no_header")
        headers = found[1]
        rows, numbers = _data_rows(cells, found[0])
    if not rows:
        raise FileRejected("import.no_rows")
    if len(rows) > settings.import_max_rows:
        raise FileRejected("import.too_many_rows", rows=len(rows), max=settings.import_max_rows)
    return Sheet(headers, rows, numbers)


def period_end(value: dt.date, precision: str) -> dt.date:
    """The last day of what a date of ``precision`` names ("2023" → 31 Dec 2023, "06/2025" → 30 Jun 2025)."""
    if precision == "year":
        return dt.date(value.year, 12, 31)
    if precision == "month":
        nxt = dt.date(value.year + value.month // 12, value.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return value
