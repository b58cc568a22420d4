"""Guards for uploaded workbooks: a cheap look inside an .xlsx before it is opened, and a sandbox
that keeps a reader's crash away from the server.

calamine builds a sheet as a dense grid of 32-byte cells out to its farthest cell with content: one
cell at XFD1048576 in a 2 KB file asks for 512 GiB and the allocator aborts the process (SIGABRT,
which Python cannot catch); a cell at ALL100000 costs 4 GB and 15 s.

- ``check_workbook`` streams each worksheet's XML out of the zip (pyexpat, 64 KiB at a time, no
  tree) and stops at the first cell past ``max_rows``/``max_cols``. Only cells count: the declared
  ``<dimension>`` may lie or be missing, and calamine 0.9.1 ignores it, as it ignores empty
  ``<row>``s and style-only cells (measured); a cell counts once it has a ``<v>``, ``<is>`` or
  ``<f>``. Declared sizes over the cap are refused before anything is unpacked, and the bytes
  actually unpacked are counted against it. An .xls has no XML: it is left to the sandbox.
- ``run_sandboxed`` runs the reader in a child under ``RLIMIT_AS`` and a timeout. Results come
  back through a restricted unpickler that can name no function and import no module.

Start method "forkserver": "fork" would copy a multi-threaded Streamlit server (held locks) and
"spawn" re-imports the reader's modules for every upload (250-400 ms per call here). The fork
server starts once (0.4-1.5 s, preloading python_calamine, this module and the first reader's
module), then forks a clean single-threaded child in 35-100 ms. Run the server as ``python -m
streamlit`` (Makefile, docs/deploy): started through the bin/streamlit script, every child would
re-import that script and so Streamlit (about 1.4 s).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
import multiprocessing
import os
import pickle
import posixpath
import resource
import sys
import threading
import traceback
import unicodedata
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from xml.parsers import expat

from registry.errors import RegistryError
from registry.i18n import DEFAULT_LANG, fmt_int, fmt_num, t

MAX_UNZIPPED_MB = 512  # all parts of a workbook together, as declared and as actually unpacked
MAX_PARTS = 10_000
START_METHOD = "forkserver"
_CHUNK = 1 << 16
_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
_SHEET_DIRS = ("xl/worksheets/", "xl/macrosheets/", "xl/dialogsheets/")
_CONTENT = frozenset({"v", "is", "f"})  # children that make calamine keep a cell
_DIGITS = "0123456789"
_HUGE = 10**12


class UploadRejected(RegistryError):
    """An uploaded file refused before or while it was read. Numbers in the message are written
    the reader's way (1.048.576 in Vietnamese, 1,048,576 in English)."""

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


def scan_workbook(data: bytes, *, max_rows: int | None = None, max_cols: int | None = None,
                  max_unzipped_mb: int = MAX_UNZIPPED_MB) -> list[SheetExtent]:
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
        return [_scan_sheet(archive, info, name, budget, max_rows, max_cols)
                for name, info in _sheet_parts(archive, by_name, budget)]


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


def _shown(text: str, limit: int = 80) -> str:
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _parse(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget,
           start: Callable[[str, list[str]], None]) -> None:
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
        raise UploadRejected("upload.damaged", part=_shown(info.filename)) from None


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _attr(attrs: list[str], name: str, default: str | None = None) -> str | None:
    for i in range(0, len(attrs) - 1, 2):
        if attrs[i] == name:
            return attrs[i + 1]
    return default


def _sheet_parts(archive: zipfile.ZipFile, by_name: dict[str, list[zipfile.ZipInfo]],
                 budget: _Budget) -> list[tuple[str, zipfile.ZipInfo]]:
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
                    found.append((_shown(sheet), info))
    for infos in by_name.values():
        for info in infos:
            lowered = info.filename.lower()
            if id(info) not in seen and lowered.startswith(_SHEET_DIRS) and "/_rels/" not in lowered:
                seen.add(id(info))
                found.append((_shown(posixpath.basename(info.filename)), info))
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
    return (int(ref[len(letters):]) if digits <= 12 else _HUGE), col


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

    __slots__ = ("sheet", "max_rows", "max_cols", "max_cells", "declared", "rows", "cols", "cells",
                 "row", "ref", "gap", "open")

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
            self.declared = _shown(_attr(attrs, "ref", ""), 40)

    def _count(self) -> None:
        # the hot path (once per cell with content): _parse_ref inlined
        self.cells += 1
        ref, row, col = self.ref, 0, 0
        if ref is not None:
            letters = ref.rstrip(_DIGITS)
            col = _COLUMNS.get(letters) or _column(letters)
            digits = len(ref) - len(letters)
            if col and digits:
                row = int(ref[len(letters):]) if digits <= 12 else _HUGE
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
        cell = _shown(self.ref.upper(), 24) if given else column_letters(col) + str(row)
        raise UploadRejected("upload.sheet_too_large", sheet=self.sheet, cell=cell, rows=row, cols=col,
                             max_rows=self.max_rows, max_cols=self.max_cols)


def _scan_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str, budget: _Budget,
                max_rows: int | None, max_cols: int | None) -> SheetExtent:
    scan = _SheetScan(sheet, max_rows, max_cols)
    _parse(archive, info, budget, scan.start)
    return SheetExtent(sheet, _shown(info.filename), scan.declared, scan.rows, scan.cols, scan.cells)


# --------------------------------------------------------------------------- the sandbox
_preload_lock = threading.Lock()
_preloaded = False
_GRACE_S = 5.0


class _ChildTraceback(Exception):
    """The child's traceback, attached as ``__cause__`` of an exception raised there."""

    def __str__(self) -> str:
        return "\n" + str(self.args[0])


def run_sandboxed(func: Callable[..., Any], /, *args: Any, memory_mb: int, timeout_s: float, **kwargs: Any) -> Any:
    """``func(*args, **kwargs)`` in a child process limited to ``memory_mb`` MB of address space
    and ``timeout_s`` seconds; its result. ``func`` must be a top-level function, its result

    plain data (None, bool, numbers, str, bytes, containers, dates). ``memory_mb`` and
    ``timeout_s`` are never passed on to ``func``.

    A child that dies, runs out of memory or time becomes UploadRejected("upload.too_costly");
    an exception raised by ``func`` is raised again here with the same type and message (its
    class must be imported in this process; otherwise UploadRejected("upload.failed"))."""
    context = multiprocessing.get_context(START_METHOD)
    _preload(context, func)
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, memory_mb, timeout_s, func, args, kwargs),
                              name="upload-sandbox", daemon=True)
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        process.kill()

    timer = threading.Timer(timeout_s, expire)
    timer.daemon = True
    try:
        process.start()
    except BaseException:  # func or an argument cannot be pickled, or no process can be had
        receiver.close()
        raise
    finally:
        sender.close()  # the child holds its own end now
    message = None
    try:
        timer.start()
        header = receiver.recv_bytes(maxlength=1 << 20)  # (kind, text, traceback), then the payload
        message = header, receiver.recv_bytes(maxlength=max(memory_mb, 1) << 20)
    except (EOFError, OSError):  # the child died, was killed, or sent more than it could hold
        message = None
    finally:
        timer.cancel()
        if timer.ident is not None:
            timer.join()  # a kill under way finishes before the process object is closed
        receiver.close()
        if message is None and process.exitcode is None:  # interrupted here: never leave it running
            process.kill()
        process.join(_GRACE_S)
        if process.exitcode is None:
            process.kill()
            process.join()
        exitcode = process.exitcode
        process.close()
    if message is None:
        reason = "timeout" if expired.is_set() else (
            f"signal {-exitcode}" if exitcode and exitcode < 0 else f"exit {exitcode}")
        raise _too_costly(memory_mb, timeout_s, reason)
    return _unpack(*message, memory_mb, timeout_s)


def _too_costly(memory_mb: int, timeout_s: float, reason: str) -> UploadRejected:
    error = UploadRejected("upload.too_costly", memory_mb=memory_mb, timeout_s=timeout_s)
    error.reason = reason
    return error


def _preload(context, func: Callable) -> None:
    """Name the modules the fork server imports once (ignored once it runs)."""
    global _preloaded
    with _preload_lock:
        if not _preloaded:
            modules = {"python_calamine", __name__, getattr(func, "__module__", None) or __name__} - {"__main__"}
            context.set_forkserver_preload(sorted(modules))
            _preloaded = True


def _limit_resources(memory_mb: int, timeout_s: float) -> None:
    def lower(kind: int, value: int) -> None:
        soft, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(kind, (value, value))

    lower(resource.RLIMIT_AS, memory_mb << 20)
    lower(resource.RLIMIT_CPU, math.ceil(timeout_s) + 2)  # a backstop if the parent is gone
    lower(resource.RLIMIT_CORE, 0)
    os.environ["RUST_BACKTRACE"] = "0"  # an aborting reader prints one line, not a backtrace


def _child(sender, memory_mb: int, timeout_s: float, func: Callable, args: tuple, kwargs: dict) -> None:
    _limit_resources(memory_mb, timeout_s)
    try:
        result = func(*args, **kwargs)
        header, payload = pickle.dumps(("ok", "", "")), pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        del result  # pickled once, sent as is: the largest result fits in the limit with one copy
    except MemoryError:
        header, payload = pickle.dumps(("limit", "MemoryError", "")), b""
    except Exception as exc:
        header, payload = _pack_error(exc)
    sender.send_bytes(header)
    sender.send_bytes(payload)
    sender.close()


def _pack_error(exc: Exception) -> tuple[bytes, bytes]:
    text = f"{type(exc).__qualname__}: {exc}"[:300]
    trace = "".join(traceback.format_exception(exc))[-20_000:]
    blob = b""
    try:
        whole = pickle.dumps(exc)
        clone = _ErrorUnpickler(io.BytesIO(whole)).load()
        if type(clone) is type(exc) and str(clone) == str(exc) and vars(clone) == vars(exc):
            blob = pickle.dumps(("object", exc))
    except Exception:
        pass
    if not blob:
        try:
            blob = pickle.dumps(("state", (type(exc), exc.args, dict(vars(exc)))))
        except Exception:
            blob = b""
    return pickle.dumps(("error", text, trace)), blob


def _unpack(header: bytes, blob: bytes, memory_mb: int, timeout_s: float) -> Any:
    try:
        kind, text, trace = _DataUnpickler(io.BytesIO(header)).load()
        if kind == "ok":
            return _DataUnpickler(io.BytesIO(blob)).load()
    except Exception as exc:
        raise UploadRejected("upload.failed", error=_shown(f"{type(exc).__name__}: {exc}", 200)) from None
    if kind == "limit":
        raise _too_costly(memory_mb, timeout_s, str(text))
    raise _rebuild(blob, str(text)) from _ChildTraceback(str(trace))


def _rebuild(blob: bytes, text: str) -> BaseException:
    try:
        mode, value = _ErrorUnpickler(io.BytesIO(blob)).load()
        if mode == "object" and isinstance(value, Exception):
            return value
        if mode == "state":
            cls, args, state = value
            if isinstance(cls, type) and issubclass(cls, Exception):
                error = cls.__new__(cls)
                error.args = tuple(args)
                error.__dict__.update(state)
                return error
    except Exception:
        pass
    return UploadRejected("upload.failed", error=_shown(text, 200))


_SAFE_GLOBALS = {
    ("datetime", "datetime"): dt.datetime, ("datetime", "date"): dt.date, ("datetime", "time"): dt.time,
    ("datetime", "timedelta"): dt.timedelta, ("datetime", "timezone"): dt.timezone,
    ("decimal", "Decimal"): Decimal,
}


class _DataUnpickler(pickle.Unpickler):
    """Plain data and dates: no function, no class of ours, no module import."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE_GLOBALS:
            return _SAFE_GLOBALS[module, name]
        raise pickle.UnpicklingError(f"refused {module}.{name}")


class _ErrorUnpickler(_DataUnpickler):
    """Also exception classes that this process has already imported."""

    def find_class(self, module: str, name: str) -> Any:
        found = getattr(sys.modules.get(module), name, None) if "." not in name else None
        if isinstance(found, type) and issubclass(found, Exception):
            return found
        return super().find_class(module, name)
