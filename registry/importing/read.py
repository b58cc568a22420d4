"""Bytes to cells: XLSX/XLS read with python-calamine (a formula is read as the value Excel saved
with it, never evaluated), CSV in UTF-8 (with or without BOM) or UTF-16, or a whole file typed in
a legacy Vietnamese 8-bit font (TCVN3/ABC, VNI), which is detected and converted."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from python_calamine import CalamineWorkbook

from registry import text
from registry.config import get_settings
from registry.importing.guard import UploadRejected, check_workbook
from registry.importing.headers import TEMPLATE_SHEET, find_header
from registry.importing.results import FileRejected, Progress, RowError
from registry.importing.sandbox import run_sandboxed

MAX_COLUMNS = 64  # a sheet wider than this is refused before it is opened
HEADER_ROWS = 10  # rows above the data where the header may stand


@dataclass
class Table:
    """The cells of the chosen sheet: headers, data rows and the spreadsheet number of each."""

    sheet: str
    headers: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]
    notices: list[RowError] = field(default_factory=list)


def _limit_bytes() -> int:
    return get_settings().import_max_mb * 1024 * 1024


def read_table(data: bytes, filename: str = "", progress: Progress | None = None) -> Table:
    """Read the first sheet that carries our headers (XLSX/XLS) or the CSV. Raises FileRejected."""
    settings = get_settings()
    if len(data) > _limit_bytes():
        raise FileRejected("import.too_big", size=f"{len(data) / 1024 / 1024:.1f}", max=settings.import_max_mb)
    if not data.strip(b"\x00\t\r\n \xef\xbb\xbf\xff\xfe"):
        raise FileRejected("import.empty")
    if data[:4] == b"PK\x03\x04" or data[:8] == bytes.fromhex("d0cf11e0a1b11ae1"):
        table = _read_workbook(data)
    elif filename.lower().endswith((".xlsx", ".xls", ".xlsm")):
        raise FileRejected("import.bad_workbook", error="not a workbook")
    else:
        table = _read_csv(data)
    data_rows = len(table.rows)
    if data_rows == 0:
        raise FileRejected("import.no_rows")
    if data_rows > settings.import_max_rows:
        raise FileRejected("import.too_many_rows", rows=data_rows, max=settings.import_max_rows)
    if progress:
        progress(0, data_rows, "read")
    return table


def _read_workbook(data: bytes) -> Table:
    """The workbook read in a child process with a memory limit and a timeout (a crash of the
    reader refuses the file, never takes the server down), after a streamed look at its sheets'
    extents that refuses a far cell before calamine allocates for it."""
    settings = get_settings()
    sheet, headers, rows, numbers = run_sandboxed(
        workbook_cells,
        data,
        max_rows=settings.import_max_rows + HEADER_ROWS,
        memory_mb=settings.import_max_memory_mb,
        timeout_s=settings.import_timeout_s,
    )
    return Table(sheet, headers, rows, numbers)


def visible_sheets(data: bytes, *, max_rows: int) -> Iterator[tuple[str, list[list[Any]] | None]]:
    """Runs in the sandbox: the extents check, then each visible sheet of the workbook as its name
    and its cells (``None`` for a sheet that cannot be read). Shared by the records import and the
    unit reports' import (registry/reports/reading.py)."""
    if data[:4] == b"PK\x03\x04":
        try:
            check_workbook(data, max_rows=max_rows, max_cols=MAX_COLUMNS)
        except UploadRejected as exc:
            if exc.key != "upload.not_workbook":
                raise
            # not an .xlsx inside (a damaged zip, an .xlsb or .ods renamed): calamine says what it
            # is or refuses it with its own reason, still inside the sandbox
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [(m.name, m) for m in book.sheets_metadata]
    except Exception as exc:  # calamine raises several types for a damaged or encrypted file
        raise FileRejected("import.bad_workbook", error=str(exc).splitlines()[0][:200]) from None
    for name, meta in sheets:
        if "Visible" not in str(meta.visible):
            continue
        try:
            yield name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:
            yield name, None


def workbook_cells(data: bytes, *, max_rows: int) -> tuple[str, list[str], list[list[Any]], list[int]]:
    """Runs in the sandbox: the first visible sheet carrying our headers, as plain data (sheet
    name, headers, data rows, their spreadsheet numbers)."""
    names = []
    for name, cells in visible_sheets(data, max_rows=max_rows):
        names.append(name)
        found = None if cells is None else find_header(cells)
        if cells is not None and found is not None:
            index, headers = found
            rows, numbers = [], []
            for i in range(index + 1, len(cells)):
                row = cells[i]
                if any(v not in ("", None) for v in row):
                    rows.append(row)
                    numbers.append(i + 1)
            return name, headers, rows, numbers
    if not names:
        raise FileRejected("import.empty")
    raise FileRejected("import.wrong_sheet", sheets=", ".join(names), expected=TEMPLATE_SHEET)


def _decode_csv(data: bytes) -> tuple[str, list[RowError]]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise FileRejected("import.bad_encoding") from None
    if len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0:1] != b"\x00":
        try:  # UTF-16 LE without BOM
            return data.decode("utf-16-le"), []
        except UnicodeDecodeError:
            raise FileRejected("import.bad_encoding") from None
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    latin = data.decode("latin-1")
    encoding = text.detect_legacy(latin)
    if encoding is None:
        raise FileRejected("import.bad_encoding")
    return text.convert_legacy(latin, encoding), [RowError(0, "", "import.legacy_file", {"encoding": encoding.upper()})]


def _read_csv(data: bytes) -> Table:
    decoded, notices = _decode_csv(data)
    sample = decoded[:4096]
    first_line = sample.splitlines()[0] if sample.splitlines() else ""
    delimiter = max(("\t", ";", ","), key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(decoded, newline=""), delimiter=delimiter)
    try:
        cells = list(reader)
    except csv.Error as exc:
        raise FileRejected("import.bad_csv", error=str(exc)) from None
    found = find_header(cells)
    if found is None:
        if not any(any(c.strip() for c in row) for row in cells):
            raise FileRejected("import.empty")
        raise FileRejected("import.no_header")
    index, headers = found
    rows, numbers = [], []
    for i in range(index + 1, len(cells)):
        row = cells[i]
        if any(c.strip() for c in row):
            rows.append(row)
            numbers.append(i + 1)
    return Table("", headers, rows, numbers, notices)
