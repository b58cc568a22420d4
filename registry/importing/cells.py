"""Cells to an input: dates, numbers, the words for kinds, stages and levels (registry.records.words),
legacy-font text (TCVN3/VNI detected word by word and converted, each conversion a notice), and one
``ModelExampleCreate`` per row (``convert_rows``, the import's "cells" pass)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from registry import text
from registry.importing.context import ImportContext, Row
from registry.importing.headers import DATE_COLUMNS, INT_COLUMNS, UNIT_CODE
from registry.importing.results import RowError
from registry.models import MULTILINE_FIELDS, PRECISION_FIELDS, ModelExampleCreate
from registry.records.words import REQUIRED, choices
from registry.spreadsheet import FORMULA_STARTS
from registry.units.index import UnitIndex, UnitNotResolved
from registry.units.lineage import is_legacy_commune

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_CODE_IN_BRACKETS = re.compile(r"\(([^()]*)\)\s*$")
# A whole number of a plausible year in a number cell is a year, not Excel's day 2023 (15 Jul 1905).
_YEARS = range(1900, 2101)
_SEP = r"\s*[/.\-]\s*"
# Patterns on the folded text (lowercase, no diacritics): "ngày" -> "ngay", "tháng" -> "thang".
_DAY_RE = re.compile(rf"^(?:ngay\s*)?(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})$")
_DAY_WORDS_RE = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam|,)?\s*(\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?$")
_MONTH_RE = re.compile(rf"^(?:(?:thang|t)\s*)?(\d{{1,2}}){_SEP}(\d{{4}})$")
_MONTH_WORDS_RE = re.compile(r"^(?:thang|t)\s*(\d{1,2})\s*(?:nam|,)?\s*(\d{4})$")
_ISO_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR_RE = re.compile(r"^(?:nam\s*)?(\d{4})$")
_SERIAL_RE = re.compile(r"^\d{5}(\.0+)?$")


def parse_date_precise(value: Any) -> tuple[dt.date, str] | None:
    """A date and its precision ("year", "month" or "day") as sources give them: a date or datetime
    cell, an Excel serial number, "2023", "năm 2023", "03/2023", "tháng 3/2023", "T3/2023",
    "tháng 3 năm 2023", dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd, "ngày 5 tháng 3 năm 2023". A year is the
    1 Jan of that year, a month its first day. None for an empty cell; raises ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if float(value).is_integer() and int(value) in _YEARS:
            return dt.date(int(value), 1, 1), "year"
        if 1 <= value < 2958466:  # an Excel serial day number (a time of day is dropped)
            return _EXCEL_EPOCH + dt.timedelta(days=int(value)), "day"
        raise ValueError(value)
    raw = text.clean(str(value))
    if not raw.isascii() and (encoding := text.detect_legacy(raw)):  # "n¨m 2023" typed in TCVN3
        raw = text.convert_legacy(raw, encoding)
    s = text.fold(raw).strip(" .")
    for pattern, order, precision in (
        (_DAY_RE, (3, 2, 1), "day"),
        (_DAY_WORDS_RE, (3, 2, 1), "day"),
        (_ISO_RE, (1, 2, 3), "day"),
        (_MONTH_RE, (2, 1), "month"),
        (_MONTH_WORDS_RE, (2, 1), "month"),
        (_ISO_MONTH_RE, (1, 2), "month"),
        (_YEAR_RE, (1,), "year"),
    ):
        m = pattern.match(s)
        if m:
            parts = [int(m[i]) for i in order] + [1] * (3 - len(order))
            return dt.date(*parts), precision
    if _SERIAL_RE.match(s):
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(s))), "day"
    raise ValueError(value)


def parse_date(value: Any) -> dt.date | None:
    """``parse_date_precise`` without the precision."""
    found = parse_date_precise(value)
    return found[0] if found is not None else None


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


def unprotect(s: str) -> str:
    """A cell without the apostrophe our exports put before text that a spreadsheet would run as a
    formula (registry.spreadsheet.neutralise): "'+84 912 345 678" -> "+84 912 345 678". Only
    there: an apostrophe before anything else is the user's."""
    return s[1:] if s[:1] == "'" and s[1:2] and s[1] in FORMULA_STARTS else s


class TextCells:
    """Canonical text of each distinct cell value, with its legacy conversion if any. Control
    characters are dropped (``text.clean``); line breaks stay where ``lines`` is asked for."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, bool], tuple[str, str | None]] = {}

    def __call__(self, value: Any, column: str, number: int, notices: list[RowError], *, lines: bool = False) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        s = unprotect(value if isinstance(value, str) else str(value))
        hit = self.cache.get((s, lines))
        if hit is None:
            encoding = legacy_encoding(s)
            # clean only: the service canonicalises (tone marks) what it stores
            converted = text.convert_legacy(s, encoding) if encoding else s
            hit = (text.canonical(converted, lines=lines) if encoding else text.clean(s, lines=lines), encoding)
            self.cache[(s, lines)] = hit
        if hit[1] is not None:
            notices.append(
                RowError(
                    number,
                    column,
                    "import.legacy_converted",
                    {"encoding": hit[1].upper(), "before": text.clean(s), "after": hit[0]},
                )
            )
        return hit[0]


def unit_value(value: str, units: UnitIndex) -> str:
    """ "Huyện Hậu Lộc (400)" or "Xã X (Huyện Y, 16000)" from the template's list → the code."""
    m = _CODE_IN_BRACKETS.search(value)
    if m:
        code = m[1].split(",")[-1].strip()
        if code in units.by_code:
            return code
    return value


_FAILED = object()


class _Parsed(dict):
    """``parse`` of each distinct cell once (dates and numbers repeat down a column); keyed by the
    cell's type too, since True == 1 == 1.0 as keys. A cell it refuses maps to ``_FAILED``."""

    def __init__(self, parse, refused: tuple[type[Exception], ...]):
        super().__init__()
        self.parse, self.refused = parse, refused

    def __missing__(self, key: tuple[type, Any]) -> Any:
        try:
            self[key] = found = self.parse(key[1])
        except self.refused:
            self[key] = found = _FAILED
        return found


def convert_rows(ctx: ImportContext) -> list[Row]:
    """One ``Row`` per data row of ``ctx.table``: each cell of a mapped column converted (dates,
    numbers, words to codes, text canonical), the names of units, fields, blocs and programmes
    resolved once each, and the input built, or the row's errors."""
    out: list[Row] = []
    table, columns, labels, refs, notices = ctx.cells, ctx.columns, ctx.labels, ctx.refs, ctx.result.notices
    words = choices()
    text_cell = TextCells()
    unit_codes: dict[tuple, str] = {}
    ref_ids: dict[tuple[str, str], str] = {}
    dates = _Parsed(parse_date_precise, (ValueError, OverflowError))
    numbers = _Parsed(parse_int, (ValueError,))
    unit_values: dict[str, str] = {}
    for cells, number in zip(table.rows, table.row_numbers, strict=False):
        raw: dict[str, Any] = {}
        errors: list[RowError] = []
        for i, name in columns.items():
            raw[name] = cells[i] if i < len(cells) else None
        values: dict[str, Any] = {}
        for name, cell in raw.items():
            label = labels[name]
            if name in DATE_COLUMNS:
                found = dates[type(cell), cell]
                if found is _FAILED:
                    errors.append(RowError(number, label, "upload.bad_date", {"value": text.clean(str(cell))}, name))
                else:
                    values[name] = found[0] if found is not None else None
                    if found is not None:
                        values[PRECISION_FIELDS[name]] = found[1]
            elif name in INT_COLUMNS:
                found = numbers[type(cell), cell]
                if found is _FAILED:
                    errors.append(RowError(number, label, "error.not_a_number", {"value": text.clean(str(cell))}, name))
                else:
                    values[name] = found
            else:
                values[name] = text_cell(cell, label, number, notices, lines=name in MULTILINE_FIELDS)
        record_id = values.pop("id", None)
        # "Nhân rộng từ" as written: resolved to a record after the validation (importing.linking)
        values["replicated_from_text"] = values.pop("replicated_from", None) or ""
        if code := values.pop(UNIT_CODE, None):  # the export's unit code names the unit (see headers)
            values["unit"] = code
        for name, codes in (("kind", words.kind), ("stage", words.stage), ("recognition_level", words.level)):
            v = values.get(name)
            if v:
                values[name] = codes.get(text.name_key(v), v)
        if not values.get("stage"):
            values["stage"] = "registered"
        for name in ("unit", "commune"):
            if v := values.get(name):
                if v not in unit_values:
                    unit_values[v] = unit_value(v, refs.units)
                values[name] = unit_values[v]
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
            unit_key = (unit, on.year, on.month)
            code = unit_codes.get(unit_key)
            known = refs.units.by_code.get(code) if code is not None else None
            if code is None or (known is not None and not known.valid_on(on)):
                try:
                    found = refs.units.resolve(unit, on=on)
                    # a commune of 2021–2025 in the unit column stays as written: the validation
                    # places the record at its district and says so
                    code = unit if is_legacy_commune(found) else found.code
                    unit_codes[unit_key] = code
                except UnitNotResolved:
                    code = unit
            values["unit"] = code
        # the commune alone is enough: the validation places the record from it
        from_commune = not values.get("unit") and bool(values.get("commune"))
        for name in REQUIRED:
            if name == "unit" and from_commune:
                continue
            if name in values and values[name] in (None, "") and not any(e.field == name for e in errors):
                message = "error.title_empty" if name == "title" else "error.required"
                errors.append(RowError(number, labels[name], message, {}, name))
        data = None
        if not errors:
            clean = {k: v for k, v in values.items() if v not in (None, "") or k in ("holder_name",)}
            if from_commune:
                clean["unit"] = ""
            for k in ("commune", "programme", "recognition_level", "award_form", "award_issuer"):
                if clean.get(k) == "":
                    clean[k] = None
            try:
                data = ModelExampleCreate.model_validate(clean)
            except Exception as exc:  # pydantic ValidationError: a missing column's value
                errors.append(RowError(number, "", "import.row_invalid", {"error": str(exc).splitlines()[0]}))
        out.append(Row(number, data, values, record_id, None, errors))
    return out
