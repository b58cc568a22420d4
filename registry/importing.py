"""Bulk import from Excel (XLSX/XLS) and CSV: read, map headers, check every row, then commit all
rows or none in one transaction.

- XLSX/XLS are read with python-calamine: a formula is read as the value Excel saved with it and
  is never evaluated. CSV may be UTF-8 (with or without BOM) or UTF-16 as Excel's "Unicode text"
  writes it; any other encoding gets a message that names the problem, except a whole file typed
  in a legacy Vietnamese 8-bit font (TCVN3/ABC, VNI), which is detected and converted.
- Text typed in a TCVN3 or VNI font inside an otherwise Unicode file is detected cell by cell
  (``registry.text.detect_legacy``) and converted; each conversion is listed in the report as a
  notice so the user can check it. Mojibake never reaches the database.
- Headers are matched in Vietnamese or English, in any case, NFC or NFD, with or without
  diacritics or punctuation; dates as dd/mm/yyyy, yyyy-mm-dd or Excel serial numbers.
- Rows are matched to existing records by an ``id`` column (a file from our own export) or by
  their natural key (folded title, unit, registration date, folded holder). A matched row that
  differs becomes an update through ``records.writes.update_example`` (with its audit row); an identical
  one is left alone, so importing the same file twice creates nothing.
- ``run_import(..., dry_run=True)`` checks and reports; without it, nothing is written unless
  every row is valid, and then everything is written in one transaction.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy.engine import Engine
from sqlalchemy import select as sa_select
from sqlmodel import Session

from registry import text
from registry import permissions
from registry.records import audit as records_audit
from registry.records import bulk
from registry.records import validation
from registry.records import writes
from registry.config import get_settings
from registry.db import read_session, write_session
from registry.errors import PermissionDenied, Problem, RegistryError, field_label
from registry.i18n import DEFAULT_LANG, t
from registry.units.index import UnitNotResolved
from registry.models import KINDS, LEVELS, STAGES, ModelExample, ModelExampleCreate, ModelExampleUpdate

Progress = Callable[[int, int, str], None]

# Input fields in template order. The first label of each is the template's Vietnamese header.
COLUMNS: tuple[str, ...] = (
    "id", "kind", "title", "holder_name", "locality", "unit", "commune", "field", "bloc", "programme",
    "registered_on", "stage", "effective_on", "recognised_on", "outstanding_on", "awarded_on",
    "recognition_level", "award_form", "award_issuer", "description", "results", "beneficiaries",
    "funds_vnd", "replicated_from",
)
REQUIRED = ("kind", "title", "unit", "field", "bloc", "registered_on")
DATE_COLUMNS = ("registered_on", "effective_on", "recognised_on", "outstanding_on", "awarded_on")
INT_COLUMNS = ("beneficiaries", "funds_vnd", "replicated_from", "id")
# Header variants seen in the province's spreadsheets, besides the catalog labels (vi and en).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "mã bản ghi", "số hiệu", "record id", "mã số"),
    "kind": ("loại", "loại hình", "mô hình/điển hình", "tập thể/cá nhân", "phân loại"),
    "title": ("tên mô hình, điển hình", "tên mô hình", "tên điển hình", "tên", "tên mô hình/điển hình"),
    "holder_name": ("tập thể, cá nhân thực hiện", "chủ thể", "người thực hiện", "đơn vị thực hiện",
                    "tập thể/cá nhân", "cá nhân, tập thể"),
    "locality": ("thôn, xã", "địa bàn", "địa chỉ", "thôn xóm"),
    "unit": ("đơn vị", "huyện", "huyện, thị xã, thành phố", "đơn vị (huyện)", "mã đơn vị", "đơn vị cấp huyện"),
    "commune": ("xã, phường", "xã", "xã phường thị trấn", "xã, phường, thị trấn"),
    "field": ("lĩnh vực",),
    "bloc": ("khối",),
    "programme": ("chương trình",),
    "registered_on": ("ngày đăng ký", "ngày đk", "đăng ký ngày"),
    "stage": ("giai đoạn", "tình trạng", "kết quả xét duyệt"),
    "effective_on": ("ngày hiệu quả", "ngày đánh giá hiệu quả"),
    "recognised_on": ("ngày công nhận",),
    "outstanding_on": ("ngày tiêu biểu", "ngày chọn tiêu biểu"),
    "awarded_on": ("ngày khen thưởng", "ngày khen"),
    "recognition_level": ("cấp công nhận",),
    "award_form": ("hình thức khen thưởng", "hình thức khen"),
    "award_issuer": ("cơ quan khen thưởng", "cấp khen thưởng"),
    "description": ("mô tả", "nội dung", "nội dung mô hình"),
    "results": ("kết quả", "hiệu quả đạt được"),
    "beneficiaries": ("số người hưởng lợi", "số người được hưởng lợi"),
    "funds_vnd": ("kinh phí", "kinh phí huy động", "kinh phí (đồng)", "kinh phí huy động (đồng)"),
    "replicated_from": ("nhân rộng từ", "nhân rộng từ mô hình", "nhân rộng từ (số)", "mã mô hình gốc"),
}
TEMPLATE_SHEET = "Mô hình"
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_CODE_IN_BRACKETS = re.compile(r"\(([^()]*)\)\s*$")
_DATE_RE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


# --------------------------------------------------------------------------- report types
class FileRejected(RegistryError):
    """The file as a whole cannot be imported (unreadable, too big, empty, no sheet with our
    headers, an unknown encoding). The CLI exits 2."""

    key = "import.unreadable"


@dataclass(frozen=True)
class RowError:
    """One problem in one cell: the row number as the spreadsheet shows it, the column as the file
    names it, and a catalog message."""

    row: int
    column: str
    key: str
    params: dict = field(default_factory=dict)
    field: str = ""

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return Problem(self.field or self.column, self.key, self.params).message(lang)


@dataclass
class ImportResult:
    filename: str
    rows: int = 0
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    notices: list[RowError] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    committed: bool = False
    created_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict[str, int]:
        """{"created", "updated", "errors"}: what was written, or in a dry run what would be."""
        if self.errors:
            return {"created": 0, "updated": 0, "errors": len(self.errors)}
        return {"created": self.to_create, "updated": self.to_update, "errors": 0}


@dataclass
class Table:
    """The cells of the chosen sheet: headers, data rows and the spreadsheet number of each."""

    sheet: str
    headers: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]
    notices: list[RowError] = field(default_factory=list)


# --------------------------------------------------------------------------- reading
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
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [(m.name, m) for m in book.sheets_metadata]
    except Exception as exc:  # calamine raises several types for a damaged or encrypted file
        raise FileRejected("import.bad_workbook", error=str(exc).splitlines()[0][:200]) from None
    names = []
    for name, meta in sheets:
        if "Visible" not in str(meta.visible):
            continue
        names.append(name)
        try:
            cells = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:
            continue
        found = _find_header(cells)
        if found is not None:
            index, headers = found
            rows, numbers = [], []
            for i in range(index + 1, len(cells)):
                row = cells[i]
                if any(v not in ("", None) for v in row):
                    rows.append(row)
                    numbers.append(i + 1)
            return Table(name, headers, rows, numbers)
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
    found = _find_header(cells)
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


def _header_index() -> dict[str, str]:
    from registry.i18n import catalog

    out: dict[str, str] = {}
    for name in COLUMNS:
        variants = [name, name.replace("_", " "), *HEADER_ALIASES.get(name, ())]
        key = f"field_name.{name}"
        if key in catalog():
            variants += list(catalog()[key])
        for v in variants:
            out.setdefault(text.name_key(v), name)
    return out


_HEADERS = None


def header_map() -> dict[str, str]:
    global _HEADERS
    if _HEADERS is None:
        _HEADERS = _header_index()
    return _HEADERS


def map_header(label: Any) -> str | None:
    """The input field a header names (any case, NFC/NFD, with or without diacritics), or None."""
    if label is None:
        return None
    key = text.name_key(str(label))
    return header_map().get(key) if key else None


def _find_header(cells: Sequence[Sequence[Any]], look: int = 10) -> tuple[int, list[str]] | None:
    for i, row in enumerate(cells[:look]):
        headers = ["" if v is None else text.canonical(str(v)) for v in row]
        if sum(1 for h in headers if map_header(h)) >= 3:
            return i, headers
    return None


# --------------------------------------------------------------------------- cell parsing
def parse_date(value: Any) -> dt.date | None:
    """A date from a datetime/date cell, an Excel serial number, dd/mm/yyyy or yyyy-mm-dd.
    None for an empty cell; raises ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if 1 <= value < 2958466:  # an Excel serial day number (a time of day is dropped)
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(value)
    s = text.clean(str(value))
    m = _DATE_RE.match(s)
    if m:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    m = _ISO_RE.match(s)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if re.fullmatch(r"\d{5}(\.0+)?", s):
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(s)))
    raise ValueError(value)


def parse_int(value: Any) -> int | None:
    """A whole number from a number cell or text such as "1.234.567" (vi), "1,234,567" or "1 234"."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(value)
    s = text.clean(str(value)).replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"-?\d+", s):
        return int(s)
    if re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", s) and len(set(re.findall(r"[.,]", s))) == 1:
        return int(re.sub(r"[.,]", "", s))
    if re.fullmatch(r"-?\d+[.,]0+", s):
        return int(re.split(r"[.,]", s)[0])
    raise ValueError(value)


def _choice_index(prefix: str, codes: Iterable[str], extra: dict[str, str]) -> dict[str, str]:
    from registry.i18n import catalog

    out: dict[str, str] = {}
    for code in codes:
        out[text.name_key(code)] = code
        for label in catalog().get(f"{prefix}.{code}", ()):
            out[text.name_key(label)] = code
    for label, code in extra.items():
        out[text.name_key(label)] = code
    return out


_KIND_WORDS = {"mô hình": "collective", "tập thể": "collective", "mô hình tập thể": "collective",
               "điển hình": "individual", "cá nhân": "individual", "điển hình cá nhân": "individual",
               "model": "collective", "exemplar": "individual"}
_STAGE_WORDS = {"đăng ký": "registered", "hiệu quả": "effective", "công nhận": "recognised",
                "tiêu biểu": "outstanding", "khen thưởng": "awarded", "đã khen thưởng": "awarded",
                "đã công nhận": "recognised", "có hiệu quả": "effective", "recognized": "recognised"}
_LEVEL_WORDS = {"xã": "commune", "huyện": "district", "tỉnh": "province", "trung ương": "central",
                "cấp trung ương": "central", "tw": "central", "cấp xã": "commune", "cấp huyện": "district",
                "cấp tỉnh": "province"}


class _Choices:
    def __init__(self) -> None:
        self.kind = _choice_index("kind", KINDS, _KIND_WORDS)
        self.stage = _choice_index("stage", STAGES, _STAGE_WORDS)
        self.level = _choice_index("level", LEVELS, _LEVEL_WORDS)


# --------------------------------------------------------------------------- checking
@dataclass
class _Row:
    number: int
    data: ModelExampleCreate | None
    raw: dict[str, Any]
    record_id: int | None = None
    values: dict | None = None
    errors: list[RowError] = field(default_factory=list)


@lru_cache(maxsize=100_000)
def _word_may_be_legacy(word: str) -> bool:
    return text.detect_legacy(word) is not None


def legacy_encoding(s: str) -> str | None:
    """``text.detect_legacy`` with a fast path: text is flagged only if one of its words is flagged
    on its own (a word that tips the balance is itself flagged), and words repeat across rows, so
    checking words once each is much cheaper than every cell in full."""
    if s.isascii() or not any(_word_may_be_legacy(w) for w in s.split() if not w.isascii()):
        return None
    return text.detect_legacy(s)


class _TextCells:
    """Canonical text of each distinct cell value, with its legacy conversion if any."""

    def __init__(self) -> None:
        self.cache: dict[str, tuple[str, str | None]] = {}

    def __call__(self, value: Any, column: str, number: int, notices: list[RowError]) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        s = value if isinstance(value, str) else str(value)
        hit = self.cache.get(s)
        if hit is None:
            encoding = legacy_encoding(s)
            # clean only: the service canonicalises (tone marks) what it stores
            hit = (text.canonical(text.convert_legacy(s, encoding)) if encoding else text.clean(s), encoding)
            self.cache[s] = hit
        if hit[1] is not None:
            notices.append(RowError(number, column, "import.legacy_converted",
                                    {"encoding": hit[1].upper(), "before": text.clean(s), "after": hit[0]}))
        return hit[0]


def _unit_value(value: str, units) -> str:
    """"Huyện Hậu Lộc (400)" or "Xã X (Huyện Y, 16000)" from the template's list → the code."""
    m = _CODE_IN_BRACKETS.search(value)
    if m:
        code = m[1].split(",")[-1].strip()
        if code in units.by_code:
            return code
    return value


def _convert_rows(table: Table, columns: dict[int, str], refs: validation.References, choices: _Choices,
                  notices: list[RowError]) -> list[_Row]:
    out: list[_Row] = []
    labels = {name: table.headers[i] for i, name in columns.items()}
    text_cell = _TextCells()
    unit_codes: dict[tuple, str] = {}
    ref_ids: dict[tuple[str, str], str] = {}
    for cells, number in zip(table.rows, table.row_numbers):
        raw: dict[str, Any] = {}
        errors: list[RowError] = []
        for i, name in columns.items():
            raw[name] = cells[i] if i < len(cells) else None
        values: dict[str, Any] = {}
        for name, cell in raw.items():
            label = labels[name]
            if name in DATE_COLUMNS:
                try:
                    values[name] = parse_date(cell)
                except (ValueError, OverflowError):
                    errors.append(RowError(number, label, "error.bad_date", {"value": text.clean(str(cell))}, name))
            elif name in INT_COLUMNS:
                try:
                    values[name] = parse_int(cell)
                except ValueError:
                    errors.append(RowError(number, label, "error.not_a_number", {"value": text.clean(str(cell))}, name))
            else:
                values[name] = text_cell(cell, label, number, notices)
        record_id = values.pop("id", None)
        for name, words in (("kind", choices.kind), ("stage", choices.stage), ("recognition_level", choices.level)):
            v = values.get(name)
            if v:
                values[name] = words.get(text.name_key(v), v)
        if not values.get("stage"):
            values["stage"] = "registered"
        for name in ("unit", "commune"):
            if values.get(name):
                values[name] = _unit_value(values[name], refs.units)
        for name, index in (("field", refs.fields), ("bloc", refs.blocs), ("programme", refs.programmes)):
            v = values.get(name)
            if v:  # each distinct name once; the id then resolves directly
                key = (name, v)
                if key not in ref_ids:
                    found = refs.find(index, v)
                    ref_ids[key] = str(found) if found is not None else v
                values[name] = ref_ids[key]
        unit, on = values.get("unit"), values.get("registered_on")
        if unit and on:  # resolve each distinct (unit, date) once; the code then resolves directly
            # Unit validity changes on the first of a month (1 Dec 2024, 1 Jul 2025): a name
            # resolved once in a month resolves the same way all month; checked with valid_on.
            key = (unit, on.year, on.month)
            code = unit_codes.get(key)
            if code is None or not refs.units.by_code[code].valid_on(on):
                try:
                    code = refs.units.resolve(unit, on=on).code
                    unit_codes[key] = code
                except UnitNotResolved:
                    code = unit
            values["unit"] = code
        for name in REQUIRED:
            if name in values and values[name] in (None, "") and not any(e.field == name for e in errors):
                key = "error.title_empty" if name == "title" else "error.required"
                errors.append(RowError(number, labels[name], key, {}, name))
        data = None
        if not errors:
            clean = {k: v for k, v in values.items() if v not in (None, "") or k in ("holder_name",)}
            for k in ("commune", "programme", "recognition_level", "award_form", "award_issuer"):
                if clean.get(k) == "":
                    clean[k] = None
            try:
                data = ModelExampleCreate.model_validate(clean)
            except Exception as exc:  # pydantic ValidationError: a missing column's value
                errors.append(RowError(number, "", "import.row_invalid", {"error": str(exc).splitlines()[0]}))
        out.append(_Row(number, data, values, record_id, None, errors))
    return out


def natural_key(values: dict) -> tuple:
    """(folded title, unit id, registration date, folded holder): the same model in the same unit."""
    return (text.fold(values["title"])[:300], values["unit_id"], values["registered_on"], text.fold(values.get("holder_name", "")))


# Columns of the table an import may update, with the ModelExampleUpdate field they come from.
_UPDATABLE = {"kind": "kind", "title": "title", "holder_name": "holder_name", "locality": "locality",
              "unit_id": "unit", "commune_id": "commune", "field_id": "field", "bloc_id": "bloc",
              "programme_id": "programme", "description": "description", "registered_on": "registered_on",
              "results": "results", "beneficiaries": "beneficiaries", "funds_vnd": "funds_vnd",
              "replicated_from_id": "replicated_from"}
_STAGE_COLUMNS = ("stage", "effective_on", "recognised_on", "outstanding_on", "awarded_on", "recognition_level")


def _update_payload(example: ModelExample, values: dict, present: set[str], refs: validation.References) -> dict:
    changes: dict[str, Any] = {}
    for column, name in _UPDATABLE.items():
        if name not in present or getattr(example, column) == values.get(column):
            continue
        value = values.get(column)
        if column in ("unit_id", "commune_id"):
            value = refs.units.by_id[value].code if value else None
        elif column in ("field_id", "bloc_id", "programme_id"):
            value = str(value) if value else None
        changes[name] = value
    return changes


@dataclass
class _Plan:
    result: ImportResult
    new: list[_Row]
    updates: list[tuple[_Row, ModelExample, dict]]


def _plan(session: Session, table: Table, filename: str, actor: permissions.Actor, lang: str,
          progress: Progress | None) -> _Plan:
    result = ImportResult(filename=filename, rows=len(table.rows))
    result.notices += table.notices
    columns: dict[int, str] = {}
    for i, header in enumerate(table.headers):
        name = map_header(header)
        if name is None:
            if header:
                result.notices.append(RowError(1, header, "import.column_ignored", {"column": header}))
            continue
        if name in columns.values():
            result.errors.append(RowError(1, header, "import.column_twice", {"column": header}))
            continue
        columns[i] = name
    header_row = table.row_numbers[0] - 1 if table.row_numbers else 1
    missing = [n for n in REQUIRED if n not in columns.values()]
    for name in missing:
        result.errors.append(RowError(header_row, field_label(name, lang), "import.column_missing",
                                      {"column": field_label(name, lang)}, name))
    if missing or result.errors:
        return _Plan(result, [], [])
    present = set(columns.values())
    refs = validation.References(session)
    rows = _convert_rows(table, columns, refs, _Choices(), result.notices)
    if progress:
        progress(len(rows) // 4, len(rows), "check")
    labels = {name: table.headers[i] for i, name in columns.items()}
    good = [r for r in rows if r.data is not None]
    checked = bulk.validate_batch(session, [r.data for r in good], refs)
    for row, res in zip(good, checked):
        row.values = res.values
        for p in res.problems:
            column = labels.get(p.field) or field_label(p.field, lang)
            row.errors.append(RowError(row.number, column, p.key, p.params, p.field))
    if progress:
        progress(len(rows) // 2, len(rows), "check")
    folds: dict[str, str] = {}

    def fold(value: str) -> str:
        if value not in folds:
            folds[value] = text.fold(value)
        return folds[value]

    for row in rows:  # the derived search columns, as records.validation.finish_values computes them
        v = row.values
        if v is None or row.errors:
            continue
        title = text.fold(v["title"])
        v["title_key"] = title[:300]
        parts = [title, fold(v["holder_name"]), fold(v["locality"])]
        for unit_id in (v["unit_id"], v["commune_id"]):
            if unit_id is not None:
                parts.append(fold(refs.units.by_id[unit_id].name))
        v["search_text"] = " ".join(p for p in parts if p)
    # existing records: by id, then by natural key among live records with the same title
    ids = {r.record_id for r in rows if r.record_id is not None}
    table_ = ModelExample.__table__
    by_id: dict[int, Any] = {}  # Core rows (attribute access like the model, much faster to load)
    for chunk in bulk._chunks(sorted(ids), 500):
        for ex in session.execute(sa_select(table_).where(table_.c.id.in_(chunk))):
            by_id[ex.id] = ex
    title_keys = sorted({r.values["title_key"] for r in rows if r.values and not r.errors and r.record_id is None})
    by_key: dict[tuple, Any] = {}
    for chunk in bulk._chunks(title_keys, 500):
        query = sa_select(table_).where(table_.c.title_key.in_(chunk), table_.c.deleted.is_(False))
        for ex in session.execute(query):
            by_key.setdefault((ex.title_key, ex.unit_id, ex.registered_on, fold(ex.holder_name)), ex)
    seen_keys: dict[tuple, int] = {}
    seen_ids: dict[int, int] = {}
    new: list[_Row] = []
    updates: list[tuple[_Row, ModelExample, dict]] = []
    for row in rows:
        if row.values is None or row.errors:
            result.errors += row.errors
            continue
        key = (row.values["title_key"], row.values["unit_id"], row.values["registered_on"], fold(row.values["holder_name"]))
        if row.record_id is not None:
            if row.record_id in seen_ids:
                result.errors.append(RowError(row.number, labels["id"], "import.duplicate_id",
                                              {"id": row.record_id, "other": seen_ids[row.record_id]}, "id"))
                continue
            seen_ids[row.record_id] = row.number
        if key in seen_keys:
            result.errors.append(RowError(row.number, labels["title"], "import.duplicate_row",
                                          {"other": seen_keys[key]}, "title"))
            continue
        seen_keys[key] = row.number
        existing = by_id.get(row.record_id) if row.record_id is not None else by_key.get(key)
        if row.record_id is not None and (existing is None or existing.deleted):
            result.errors.append(RowError(row.number, labels["id"], "import.unknown_id" if existing is None else "import.deleted_id",
                                          {"id": row.record_id}, "id"))
            continue
        unit_id = existing.unit_id if existing is not None else row.values["unit_id"]
        try:
            permissions.authorize(actor, "update" if existing is not None else "create", unit_id, refs.units)
            if existing is not None and row.values["unit_id"] != existing.unit_id:
                permissions.authorize(actor, "update", row.values["unit_id"], refs.units)
        except PermissionDenied:
            result.errors.append(RowError(row.number, labels["unit"], "import.unit_forbidden", {}, "unit"))
            continue
        if existing is None:
            new.append(row)
            continue
        changes = _update_payload(existing, row.values, present, refs)
        if any(c in present for c in _STAGE_COLUMNS) and _stage_differs(existing, row.values):
            result.notices.append(RowError(row.number, labels.get("stage", ""), "import.stage_ignored",
                                           {"id": existing.id}, "stage"))
        if changes:
            updates.append((row, existing, changes))
        else:
            result.unchanged += 1
    result.to_create, result.to_update = len(new), len(updates)
    for row in new[:200]:
        v = row.values
        result.preview.append({"row": row.number, "title": v["title"], "unit": refs.units.by_id[v["unit_id"]].name,
                               "registered_on": v["registered_on"], "kind": v["kind"], "stage": v["stage"]})
    result.errors.sort(key=lambda e: (e.row, e.column))
    return _Plan(result, new, updates)


def _stage_differs(example: ModelExample, values: dict) -> bool:
    return any(getattr(example, k) != values.get(k) for k in _STAGE_COLUMNS)


def check(session: Session, data: bytes, filename: str, actor: permissions.Actor, lang: str = DEFAULT_LANG,
          progress: Progress | None = None) -> ImportResult:
    """The dry run: read and check every row; nothing is written."""
    permissions.authorize(actor, "import")
    table = read_table(data, filename, progress)
    return _plan(session, table, filename, actor, lang, progress).result


def run_import(engine: Engine, data: bytes, filename: str, actor: permissions.Actor, *, dry_run: bool = False,
               lang: str = DEFAULT_LANG, progress: Progress | None = None) -> ImportResult:
    """Check the file; unless ``dry_run`` or any row has an error, write every new row and every
    change in one transaction (all or nothing). Raises FileRejected for an unreadable file and
    PermissionDenied for an actor who may not import."""
    permissions.authorize(actor, "import")
    table = read_table(data, filename, progress)
    if dry_run:
        with read_session(engine) as session:
            return _plan(session, table, filename, actor, lang, progress).result
    with write_session(engine) as session:
        plan = _plan(session, table, filename, actor, lang, progress)
        result = plan.result
        result.dry_run = False
        if result.errors or not (plan.new or plan.updates):
            return result
        total = len(plan.new) + len(plan.updates)
        refs = validation.References(session)
        if plan.new:
            result.created_ids = bulk.insert_resolved(
                session, [(r.values, r.data) for r in plan.new], actor, note=filename, refs=refs)
        if progress:
            progress(len(plan.new), total, "write")
        for i, (row, example, changes) in enumerate(plan.updates, start=1):
            writes.update_example(session, example.id, ModelExampleUpdate(version=example.version, **changes), actor, refs)
            result.updated_ids.append(example.id)
            if progress and i % 200 == 0:
                progress(len(plan.new) + i, total, "write")
        if not plan.new:
            records_audit.audit(session, actor, "import", None, None,
                           {"created": 0, "updated": len(plan.updates)}, note=filename)
        if progress:
            progress(total, total, "done")
        result.committed = True
        return result


# --------------------------------------------------------------------------- error report
def error_rows(result: ImportResult, lang: str = DEFAULT_LANG, notices: bool = True) -> list[tuple[str, str, str, str]]:
    """(row, column, kind, message) for each error, then each notice."""
    out = [(str(e.row), e.column, t("import.kind_error", lang), e.message(lang)) for e in result.errors]
    if notices:
        out += [(str(n.row) if n.row else "", n.column, t("import.kind_notice", lang), n.message(lang)) for n in result.notices]
    return out


def _report_headers(lang: str) -> list[str]:
    return [t("import.col_row", lang), t("import.col_column", lang), t("import.col_kind", lang), t("import.col_message", lang)]


def error_report_csv(result: ImportResult, lang: str = DEFAULT_LANG) -> bytes:
    """The errors (and notices) as CSV in UTF-8 with a BOM, which Excel opens with the diacritics."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_report_headers(lang))
    writer.writerows(error_rows(result, lang))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def error_report_xlsx(result: ImportResult, lang: str = DEFAULT_LANG) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet(t("import.report_sheet", lang)[:31])
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, _report_headers(lang), bold)
    for i, row in enumerate(error_rows(result, lang), start=1):
        sheet.write_number(i, 0, int(row[0])) if row[0].isdigit() else sheet.write_string(i, 0, row[0])
        for j, value in enumerate(row[1:], start=1):
            sheet.write_string(i, j, value)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 2, 22)
    sheet.set_column(3, 3, 90)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def report_lines(result: ImportResult, lang: str = DEFAULT_LANG) -> list[str]:
    """The report as text lines (CLI): each error, then each notice, then a one-line count."""
    lines = [t("import.line", lang, row=e.row, column=e.column, message=e.message(lang)) for e in result.errors]
    lines += [t("import.notice_line", lang, row=n.row, column=n.column, message=n.message(lang)) for n in result.notices]
    return lines
