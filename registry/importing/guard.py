"""A cheap look inside an uploaded .xlsx before it is opened (the sandbox that keeps a reader's
crash away from the server is ``registry.importing.sandbox``).

calamine builds a sheet as a dense grid of 32-byte cells out to its farthest cell with content: one
cell at XFD1048576 in a 2 KB file asks for 512 GiB and the allocator aborts the process (SIGABRT,
which Python cannot catch); a cell at ALL100000 costs 4 GB and 15 s.

- ``check_workbook`` streams each worksheet's XML out of the zip (pyexpat, 64 KiB at a time, no
  tree) and stops at the first cell past ``max_rows``/``max_cols``. Only cells count: the declared
  ``<dimension>`` may lie or be missing, and calamine 0.9.1 ignores it, as it ignores empty
  ``<row>``s and style-only cells (measured); a cell counts once it has a ``<v>``, ``<is>`` or
  ``<f>``. Declared sizes over the cap are refused before anything is unpacked, and the bytes
  actually unpacked are counted against it. An .xls has no XML: it is left to the sandbox.
"""

from __future__ import annotations

import dataclasses
import io
import math
import posixpath
import unicodedata
import zipfile
from collections.abc import Callable
from typing import Any, overload
from xml.parsers import expat

from registry.i18n import DEFAULT_LANG, fmt_int, fmt_num, t
from registry.importing.results import FileRejected

MAX_UNZIPPED_MB = 512  # all parts of a workbook together, as declared and as actually unpacked
MAX_PARTS = 10_000
_CHUNK = 1 << 16
_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
_SHEET_DIRS = ("xl/worksheets/", "xl/macrosheets/", "xl/dialogsheets/")
_CONTENT = frozenset({"v", "is", "f"})  # children that make calamine keep a cell
_DIGITS = "0123456789"
_HUGE = 10**12


class UploadRejected(FileRejected):
    """An uploaded file refused before or while it was read (a FileRejected: callers handle both
    alike). Numbers in the message are written the reader's way (1.048.576 vi, 1,048,576 en)."""

    key = "upload.unreadable"
    reason = ""  # for logs and tests: "timeout", "signal 6", "exit 1", "MemoryError", ...

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return t(self.key, lang, **{name: _localised(value, lang) for name, value in self.params.items()})


def _localised(value: Any, lang: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if isinstance(value, int):
        return fmt_int(value, lang)
    return fmt_num(value, lang, 0 if value.is_integer() else 1)


# --------------------------------------------------------------------------- the look inside
@dataclasses.dataclass(frozen=True)
class SheetExtent:
    """What a worksheet holds: the declared dimension (never trusted) and the farthest cell."""

    sheet: str
    part: str
    declared: str | None
    rows: int
    cols: int
    cells: int


def check_workbook(data: bytes, *, max_rows: int, max_cols: int = 64, max_unzipped_mb: int = MAX_UNZIPPED_MB) -> None:
    """Refuse (UploadRejected) an .xlsx with a cell past ``max_rows`` or ``max_cols`` on any sheet,
    a zip bomb, or bytes that are not a workbook. An .xls passes: it is left to the sandbox."""
    scan_workbook(data, max_rows=max_rows, max_cols=max_cols, max_unzipped_mb=max_unzipped_mb)


def scan_workbook(
    data: bytes, *, max_rows: int | None = None, max_cols: int | None = None, max_unzipped_mb: int = MAX_UNZIPPED_MB
) -> list[SheetExtent]:
    """The extent of every worksheet of an .xlsx (``[]`` for an .xls), refusing as
    ``check_workbook`` does; without limits it only measures."""
    if data[:8] == _OLE2:
        return []
    if data[:4] != b"PK\x03\x04":
        raise UploadRejected("upload.not_workbook")
    parts = data.count(b"PK\x01\x02")  # an upper bound on the entries, before zipfile lists them
    if parts > MAX_PARTS:
        raise UploadRejected("upload.too_many_parts", count=parts, max=MAX_PARTS)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # zipfile raises many types for a damaged directory
        raise UploadRejected("upload.not_workbook") from None
    with archive:
        infos = archive.infolist()
        budget = _Budget(max_unzipped_mb)
        declared = sum(info.file_size for info in infos)
        if declared > budget.limit:
            raise UploadRejected("upload.too_much_data", size=_mb(declared), max=max_unzipped_mb)
        by_name: dict[str, list[zipfile.ZipInfo]] = {}
        for info in infos:
            by_name.setdefault(info.filename.lower(), []).append(info)
        if "xl/workbook.xml" not in by_name:
            raise UploadRejected("upload.not_workbook")
        return [
            _scan_sheet(archive, info, name, budget, max_rows, max_cols)
            for name, info in _sheet_parts(archive, by_name, budget)
        ]


def _mb(size: int) -> int:
    return math.ceil(size / (1 << 20))


class _Budget:
    """Bytes actually unpacked, across all parts, against the cap."""

    def __init__(self, max_mb: int):
        self.max_mb = max_mb
        self.limit = max_mb << 20
        self.used = 0

    def take(self, size: int) -> None:
        self.used += size
        if self.used > self.limit:
            raise UploadRejected("upload.too_much_data", size=_mb(self.used), max=self.max_mb)


def _no_dtd(*_args) -> None:
    raise expat.ExpatError("a DTD is not allowed in a workbook")


def shown(text: str, limit: int = 80) -> str:
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _parse(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, start: Callable[[str, list[str]], None]
) -> None:
    """Stream one XML part through ``start(name, attrs)``, which may stop it by raising. The
    attributes come as a flat [name, value, ...] list: cheaper than a dict for every element."""
    parser = expat.ParserCreate()
    parser.ordered_attributes = True
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                budget.take(len(chunk))
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except UploadRejected:
        raise
    except Exception:  # damaged XML or data, a bad CRC, an encrypted entry, a compression zipfile lacks
        raise UploadRejected("upload.damaged", part=shown(info.filename)) from None


def _local(name: str) -> str:
    return name.rpartition(":")[2]


@overload
def _attr(attrs: list[str], name: str, default: str) -> str: ...
@overload
def _attr(attrs: list[str], name: str, default: None = None) -> str | None: ...
def _attr(attrs: list[str], name: str, default: str | None = None) -> str | None:
    for i in range(0, len(attrs) - 1, 2):
        if attrs[i] == name:
            return attrs[i + 1]
    return default


def _sheet_parts(
    archive: zipfile.ZipFile, by_name: dict[str, list[zipfile.ZipInfo]], budget: _Budget
) -> list[tuple[str, zipfile.ZipInfo]]:
    """(sheet name, part) for each sheet the workbook lists, then any part in a sheet folder that
    it does not list (a reader may still find it): names are matched without case, as calamine does."""
    listed: list[tuple[str, str]] = []  # (relationship id, sheet name)

    def on_workbook(name: str, attrs: list[str]) -> None:
        if _local(name) == "sheet":
            rid = next((attrs[i + 1] for i in range(0, len(attrs) - 1, 2) if _local(attrs[i]) == "id"), "")
            listed.append((rid, _attr(attrs, "name", "")))

    targets: dict[str, str] = {}

    def on_rels(name: str, attrs: list[str]) -> None:
        if _local(name) == "Relationship" and _attr(attrs, "TargetMode") != "External":
            targets[_attr(attrs, "Id", "")] = _attr(attrs, "Target", "")

    for info in by_name["xl/workbook.xml"]:
        _parse(archive, info, budget, on_workbook)
    for info in by_name.get("xl/_rels/workbook.xml.rels", []):
        _parse(archive, info, budget, on_rels)
    found: list[tuple[str, zipfile.ZipInfo]] = []
    seen: set[int] = set()
    for rid, sheet in listed:
        for candidate in _candidates(targets.get(rid, "")):
            for info in by_name.get(candidate, []):
                if id(info) not in seen:
                    seen.add(id(info))
                    found.append((shown(sheet), info))
    for infos in by_name.values():
        for info in infos:
            lowered = info.filename.lower()
            if id(info) not in seen and lowered.startswith(_SHEET_DIRS) and "/_rels/" not in lowered:
                seen.add(id(info))
                found.append((shown(posixpath.basename(info.filename)), info))
    return found


def _candidates(target: str) -> set[str]:
    if not target:
        return set()
    target = target.replace("\\", "/")
    raw = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return {raw.lower(), posixpath.normpath(raw).lower()}


_COLUMNS: dict[str, int] = {}  # "XFD" → 16384, filled as letters are met


def _column(letters: str) -> int:
    """1 for "A", 16384 for "XFD"; 0 when ``letters`` is not a column."""
    col = _COLUMNS.get(letters)
    if col is None:
        col = 0
        if not (letters.isascii() and letters.isalpha()):
            pass
        elif len(letters) > 7:
            col = _HUGE
        else:
            for ch in letters.upper():
                col = col * 26 + ord(ch) - 64
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = col
    return col


def _parse_ref(ref: str) -> tuple[int, int] | None:
    """(row, column), both from 1, of "XFD1048576"; None when it is not a cell reference."""
    letters = ref.rstrip(_DIGITS)  # what is left after the letters is ASCII digits only
    digits = len(ref) - len(letters)
    col = _COLUMNS.get(letters) or _column(letters)
    if not col or not digits:
        return None
    return (int(ref[len(letters) :]) if digits <= 12 else _HUGE), col


def column_letters(col: int) -> str:
    """1 → "A", 16384 → "XFD"."""
    out = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


class _SheetScan:
    """Follows one sheet's XML: where each cell is (its ``r``, or for a cell without one the place
    calamine gives it: after the previous cell, in the current row), and the farthest cell that
    holds something. The parser calls ``start`` for every element, so it does as little as it can:
    a reference is parsed only for a cell that turns out to hold something."""

    __slots__ = (
        "sheet",
        "max_rows",
        "max_cols",
        "max_cells",
        "declared",
        "rows",
        "cols",
        "cells",
        "row",
        "ref",
        "gap",
        "open",
    )

    def __init__(self, sheet: str, max_rows: int | None, max_cols: int | None):
        self.sheet = sheet
        self.max_rows = _HUGE if max_rows is None else max_rows
        self.max_cols = _HUGE if max_cols is None else max_cols
        self.max_cells = self.max_rows * self.max_cols
        self.declared: str | None = None
        self.rows = self.cols = self.cells = 0
        self.row = 0  # the current row's number
        self.ref: str | None = None  # the last ``r`` met in this row
        self.gap = 0  # cells without ``r`` since then
        self.open = False  # inside a <c> that has shown no content yet

    def start(self, name: str, attrs: list[str]) -> None:
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c":
            ref = attrs[1] if attrs and attrs[0] == "r" else _attr(attrs, "r")  # Excel writes r first
            if ref is None:
                self.gap += 1
            else:
                self.ref, self.gap = ref, 0
            self.open = True
            return
        if name in _CONTENT:
            if self.open:
                self.open = False
                self._count()
            return
        self.open = False
        if name == "row":
            number = _attr(attrs, "r", "")
            if number.isascii() and number.isdigit() and len(number) <= 12:
                self.row = int(number)
            else:
                place = _parse_ref(self.ref) if self.ref else None
                self.row = max(self.row, place[0] if place else 0) + 1
            self.ref, self.gap = None, 0
        elif name == "dimension" and self.declared is None:
            self.declared = shown(_attr(attrs, "ref", ""), 40)

    def _count(self) -> None:
        # the hot path (once per cell with content): _parse_ref inlined
        self.cells += 1
        ref, row, col = self.ref, 0, 0
        if ref is not None:
            letters = ref.rstrip(_DIGITS)
            col = _COLUMNS.get(letters) or _column(letters)
            digits = len(ref) - len(letters)
            if col and digits:
                row = int(ref[len(letters) :]) if digits <= 12 else _HUGE
        if row:
            col += self.gap
        else:
            row, col = max(self.row, 1), self.gap
        if row > self.rows:
            self.rows = row
        if col > self.cols:
            self.cols = col
        if row > self.max_rows or col > self.max_cols or self.cells > self.max_cells:
            self._refuse(row, col)

    def _refuse(self, row: int, col: int) -> None:
        if self.cells > self.max_cells:
            raise UploadRejected("upload.too_many_cells", sheet=self.sheet, max=self.max_cells)
        given = self.ref and not self.gap and _parse_ref(self.ref)
        cell = shown(self.ref.upper(), 24) if given and self.ref else column_letters(col) + str(row)
        raise UploadRejected(
            "upload.sheet_too_large",
            sheet=self.sheet,
            cell=cell,
            rows=row,
            cols=col,
            max_rows=self.max_rows,
            max_cols=self.max_cols,
        )


def _scan_sheet(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    sheet: str,
    budget: _Budget,
    max_rows: int | None,
    max_cols: int | None,
) -> SheetExtent:
    scan = _SheetScan(sheet, max_rows, max_cols)
    _parse(archive, info, budget, scan.start)
    return SheetExtent(sheet, shown(info.filename), scan.declared, scan.rows, scan.cols, scan.cells)
