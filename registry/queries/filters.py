"""One set of filters shared by every page, export and the CLI (``Filters``, codes not ids; the id
↔ code lookups, ``Codes``, are a view of registry.reference), and the filters as URL query
parameters and back (``filters_to_query``, ``filters_from_query``: pure functions, so that a link round-trips
in tests; a value that cannot be read is left out and listed in ``bad``, never raised)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from registry import text
from registry.dimensions import DIMENSIONS
from registry.models import KINDS, MOVEMENT_START_YEAR, STAGES, VIEWS
from registry.reference import Codes

__all__ = ["Codes", "Filters", "filters_from_query", "filters_to_query"]  # Codes: where it was

DEFAULT_YEARS = (2021, 2024)  # the codec's default period (a URL without "from" starts in 2021)


def default_until(latest: int | None, today: dt.date | None = None) -> int:
    """The last year of the default period of every page, export and command, given the latest
    year with live records: that year, never after this one, never before the movement began;
    DEFAULT_YEARS' last in an empty registry."""
    if latest is None:
        return DEFAULT_YEARS[1]
    return max(MOVEMENT_START_YEAR, min(latest, (today or dt.date.today()).year))


@dataclass(frozen=True)
class Filters:
    """One set of filters, shared by every page, export and the CLI. Codes, not ids."""

    year_from: int = DEFAULT_YEARS[0]
    year_until: int = DEFAULT_YEARS[1]
    date_from: dt.date | None = None
    date_until: dt.date | None = None
    fields: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    blocs: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    include_sample: bool = True
    view: str = "then"

    @property
    def start(self) -> dt.date:
        return self.date_from or dt.date(self.year_from, 1, 1)

    @property
    def end(self) -> dt.date:
        return self.date_until or dt.date(self.year_until, 12, 31)

    @property
    def whole_years(self) -> bool:
        return (self.start.month, self.start.day) == (1, 1) and (self.end.month, self.end.day) == (12, 31)

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)


PARAMS = ("from", "to", *(d.param for d in DIMENSIONS), "view")
MAX_YEAR = 2100


def filters_to_query(filters: Filters) -> dict[str, str]:
    """The query parameters that reproduce ``filters`` (defaults are left out)."""
    default = Filters()
    out: dict[str, str] = {}
    start = filters.date_from.isoformat() if filters.date_from else str(filters.year_from)
    end = filters.date_until.isoformat() if filters.date_until else str(filters.year_until)
    if filters.date_from or filters.year_from != default.year_from:
        out["from"] = start
    if filters.date_until or filters.year_until != default.year_until:
        out["to"] = end
    for dim in DIMENSIONS:
        value = getattr(filters, dim.attr)
        if dim.flag and value != getattr(default, dim.attr):
            out[dim.param] = "1" if value else "0"
        elif not dim.flag and value:
            out[dim.param] = ",".join(value)
    if filters.view != default.view:
        out["view"] = filters.view
    return out


def _first(value) -> str:
    """A parameter's text, trimmed, without control characters (``/overview?unit=%00``)."""
    if isinstance(value, (list, tuple)):
        value = ",".join(str(v) for v in value)
    return text.clean(str(value if value is not None else ""))


def _bound(raw: str, *, end: bool) -> tuple[int, dt.date | None] | None:
    """A year ("2023") or a day ("2023-10-10"): (year, exact day or None); None when unreadable."""
    try:
        if len(raw) == 4 and raw.isdigit():
            year, day = int(raw), None
        else:
            day = dt.date.fromisoformat(raw)
            year = day.year
            if (day.month, day.day) == ((12, 31) if end else (1, 1)):
                day = None  # a whole-year bound is stored as a year
    except ValueError:
        return None
    if not MOVEMENT_START_YEAR <= year <= MAX_YEAR:
        return None
    return year, day


def filters_from_query(
    params: Mapping[str, object], known: Mapping[str, set[str]] | None = None
) -> tuple[Filters, list[tuple[str, str]]]:
    """Filters from URL query parameters. ``known`` maps a list parameter's Filters attribute
    ("fields", "blocs", "units", "programmes") to its valid codes; kinds, stages and views are
    checked against the model's constants. Unreadable values are dropped and reported."""
    known = dict(known or {})
    known.setdefault("kinds", set(KINDS))
    known.setdefault("stages", set(STAGES))
    bad: list[tuple[str, str]] = []
    changes: dict = {}
    for param, end in (("from", False), ("to", True)):
        raw = _first(params.get(param))
        if not raw:
            continue
        parsed = _bound(raw, end=end)
        if parsed is None:
            bad.append((param, raw))
            continue
        year, day = parsed
        changes["year_until" if end else "year_from"] = year
        changes["date_until" if end else "date_from"] = day
    default = Filters()
    start = changes.get("date_from") or dt.date(changes.get("year_from", default.year_from), 1, 1)
    stop = changes.get("date_until") or dt.date(changes.get("year_until", default.year_until), 12, 31)
    if start > stop:
        bad.append(("to", _first(params.get("to")) or str(default.year_until)))
        for key in ("year_until", "date_until", "year_from", "date_from"):
            changes.pop(key, None)
        if _first(params.get("from")):
            bad.append(("from", _first(params.get("from"))))
    for dim in DIMENSIONS:
        raw = _first(params.get(dim.param))
        if not raw:
            continue
        if dim.flag:
            if raw in ("0", "1"):
                changes[dim.attr] = raw == "1"
            else:
                bad.append((dim.param, raw))
            continue
        values: list[str] = []
        valid = known.get(dim.attr)
        for code in (c.strip() for c in raw.split(",")):
            if not code:
                continue
            if valid is not None and code not in valid:
                bad.append((dim.param, code))
            elif code not in values:
                values.append(code)
        changes[dim.attr] = tuple(values)
    view = _first(params.get("view"))
    if view:
        if view in VIEWS:
            changes["view"] = view
        else:
            bad.append(("view", view))
    return Filters(**changes), bad
