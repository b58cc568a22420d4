"""What people write in "Nhân rộng từ", read back to the record it names.

The cell or field holds a record id ("123", "#123"), a title, "title (unit)", "title (unit, year)"
or "title – unit – year" (en dash, em dash, or a hyphen with spaces). Titles are compared by
``registry.text.title_match_key``: folded diacritics, no quotes of any style, no leading "mô
hình"/"điển hình", no words "Dân vận khéo". A unit is read as the import reads units (prefixes,
abbreviations, NFD, "(cũ)", former names: ``registry.text.parse_unit_name`` and the unit index)
and matches a record held by that unit, by a commune of it, or by a new unit formed from it; a
year narrows to the records registered that year. A part that reads as neither stays in the title
("Văn hóa – xã hội" is a title).

``read`` (the readings of a text) and ``match`` (the readings against candidate records) are pure;
``resolve_many`` fetches the candidates of many texts in one query per 500 title keys.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from registry import text
from registry.models import ModelExample, id_of
from registry.units.index import UnitIndex, UnitNotResolved

_ID = re.compile(r"^(?:#|id|ma so|ma|so)?\s*(\d{1,12})(?:\.0+)?$")  # folded: "12", "#12", "mã số 12"
_SEP = re.compile(r"\s*[–—]\s*|\s+-\s+")
_TAIL_BRACKET = re.compile(r"\s*\(([^()]*)\)\s*$")
_YEAR = re.compile(r"^(?:nam\s*)?((?:19|20)\d\d)$")

ID, ONE, MANY, NONE = "id", "one", "many", "none"


@dataclass(frozen=True)
class Reading:
    """One way to read the text: the title's match key, the unit as written, the year."""

    key: str
    unit: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Stored:
    """A live record as a candidate origin."""

    id: int
    title: str
    unit_id: int
    commune_id: int | None
    registered_on: dt.date
    key: str = ""


@dataclass(frozen=True)
class Found:
    """How a text resolved: ``status`` is ID (a record id, checked by the validation), ONE (the
    record ``record_id``), MANY (``candidates`` listed, nothing linked) or NONE (nothing matched)."""

    text: str
    status: str
    record_id: int | None = None
    candidates: tuple[Stored, ...] = ()


def _year(part: str) -> int | None:
    m = _YEAR.match(text.fold(part).strip(" .,"))
    return int(m[1]) if m else None


def is_unit(part: str, units: UnitIndex) -> bool:
    """Whether ``part`` names a unit (one or several), read as the import reads unit cells."""
    part = part.strip()
    if not part or not text.name_key(part):
        return False
    try:
        units.resolve(part)
    except UnitNotResolved as exc:
        return exc.problem.key == "error.ambiguous_unit"
    return True


def read(value: str | None, units: UnitIndex) -> tuple[int | None, list[Reading]]:
    """(a record id, or None; the readings of the text, most specific first). The whole text as a
    title is always the last reading."""
    raw = text.canonical(value)
    if not raw:
        return None, []
    m = _ID.match(text.fold(raw))
    if m:
        return int(m[1]), []
    raw = text.strip_outer_quotes(raw)
    readings: list[Reading] = []
    if (b := _TAIL_BRACKET.search(raw)) and raw[: b.start()].strip():
        pieces = [p.strip() for p in b[1].split(",") if p.strip()]
        year = _year(pieces[-1]) if pieces else None
        if year is not None:
            pieces = pieces[:-1]
        unit = ", ".join(pieces) or None
        if (unit is None and year is not None) or (unit is not None and is_unit(unit, units)):
            readings.append(Reading(text.title_match_key(raw[: b.start()]), unit, year))
    seps = list(_SEP.finditer(raw))
    if seps:
        bounds = [0, *(s.start() for s in seps), len(raw)]
        starts = [0, *(s.end() for s in seps)]
        parts = [raw[starts[i] : bounds[i + 1]] for i in range(len(starts))]
        n, year = len(parts), _year(parts[-1])
        if year is not None:
            n -= 1
        if n > 1 and is_unit(parts[n - 1], units):
            readings.append(Reading(text.title_match_key(raw[: bounds[n - 1]]), parts[n - 1].strip(), year))
        if year is not None and n >= 1:
            readings.append(Reading(text.title_match_key(raw[: bounds[n]]), None, year))
    readings.append(Reading(text.title_match_key(raw)))
    return None, [r for r in dict.fromkeys(readings) if r.key]


def unit_keys(part: str, units: UnitIndex) -> set[str]:
    """Name keys of the units ``part`` may name: the unit it resolves to, or every unit of that name."""
    keys = {text.parse_unit_name(part).key}
    try:
        keys.add(units.resolve(part).name_key)
    except UnitNotResolved:
        pass
    return keys - {""}


def held_by(record: Stored, keys: set[str], units: UnitIndex) -> bool:
    """The record's unit or commune has one of the name ``keys`` (its own, a former name, or its
    district's, then or before the reform)."""
    for unit_id in (record.unit_id, record.commune_id):
        unit = units.by_id.get(unit_id) if unit_id else None
        if unit is None:
            continue
        names = {unit.name_key, *(a.name_key for a in units.aliases.get(id_of(unit), ()))}
        if keys & (names | units.district_keys(unit)):
            return True
    return False


def match(
    value: str,
    record_id: int | None,
    readings: Sequence[Reading],
    by_key: dict[str, list[Stored]],
    units: UnitIndex,
    *,
    before: dt.date | None = None,
    exclude: int | None = None,
    itself: tuple[str, int, dt.date] | None = None,
) -> Found:
    """The first reading that names at least one live record wins: one → ONE, several → MANY.
    Records registered after ``before`` (the copy's date), the record ``exclude`` and the record
    that is the copy itself by its natural key (``itself``: match key, unit id, date; an import
    row matched to a stored record) are never candidates."""
    written = text.canonical(value)
    if record_id is not None:
        return Found(written, ID, record_id)
    for reading in readings:
        found = [
            r for r in by_key.get(reading.key, ()) if r.id != exclude and (r.key, r.unit_id, r.registered_on) != itself
        ]
        if before is not None:
            found = [r for r in found if r.registered_on <= before]
        if reading.year is not None:
            found = [r for r in found if r.registered_on.year == reading.year]
        if reading.unit is not None:
            keys = unit_keys(reading.unit, units)
            found = [r for r in found if held_by(r, keys, units)]
        if len(found) == 1:
            return Found(written, ONE, found[0].id, (found[0],))
        if found:
            found.sort(key=lambda r: (r.registered_on, r.id))
            return Found(written, MANY, None, tuple(found))
    return Found(written, NONE)


def load(session: Session, keys: Iterable[str]) -> dict[str, list[Stored]]:
    """Live records by match key, for the keys asked."""
    table = ModelExample.__table__
    c = table.c
    wanted = sorted(set(keys))
    out: dict[str, list[Stored]] = {}
    for start in range(0, len(wanted), 500):
        query = select(c.match_key, c.id, c.title, c.unit_id, c.commune_id, c.registered_on).where(
            c.match_key.in_(wanted[start : start + 500]), c.deleted.is_(False)
        )
        for key, id_, title, unit_id, commune_id, registered_on in session.execute(query):
            out.setdefault(key, []).append(Stored(id_, title, unit_id, commune_id, registered_on, key=key))
    return out


@dataclass(frozen=True)
class Ask:
    """One text to resolve, with the copy's date and id (None for a new record)."""

    value: str
    before: dt.date | None = None
    exclude: int | None = None
    itself: tuple[str, int, dt.date] | None = None


def resolve_many(session: Session, asks: Sequence[Ask], units: UnitIndex) -> list[Found]:
    """Each text resolved against the registry, in order (one query per 500 distinct title keys)."""
    parsed = [read(a.value, units) for a in asks]
    by_key = load(session, (r.key for _, readings in parsed for r in readings))
    return [
        match(a.value, rid, readings, by_key, units, before=a.before, exclude=a.exclude, itself=a.itself)
        for a, (rid, readings) in zip(asks, parsed, strict=True)
    ]


def resolve(session: Session, ask: Ask, units: UnitIndex) -> Found:
    return resolve_many(session, [ask], units)[0]


def describe(record: Stored, units: UnitIndex) -> str:
    """ "#12 “Title” (Unit, 2023)": a candidate as messages list it."""
    unit = units.by_id.get(record.unit_id)
    return f"#{record.id} “{record.title}” ({unit.name if unit else '…'}, {record.registered_on.year})"
