"""The filter options of every command, declared once (``filter_options``: --from/--until, a year or
a date; one option per dimension of registry.dimensions, each repeatable or comma-separated;
--view; --sample/--no-sample), and their one parser (``build_filters``). Every value is checked: a
bad one prints one line and exits 2. Without a period, the dashboard's default one."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, get_type_hints, overload

import typer

from registry import text
from registry.cli.app import fail
from registry.dimensions import DIMENSIONS, LISTS, SAMPLE, UNIT
from registry.models import MOVEMENT_START_YEAR, VIEWS
from registry.queries.counts import default_period
from registry.queries.filters import Filters
from registry.reference import WORDS, snapshot


@overload
def parse_date(value: str, option: str) -> dt.date: ...
@overload
def parse_date(value: None, option: str) -> None: ...
@overload
def parse_date(value: str | None, option: str) -> dt.date | None: ...
def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    fail("cli.bad_date", 2, value=value)


FILTER_HELP = {
    "from": "Từ năm (2021) hoặc ngày (YYYY-MM-DD, DD/MM/YYYY).",
    "until": "Đến năm (2024) hoặc ngày (YYYY-MM-DD, DD/MM/YYYY).",
    **{d.param: d.help for d in DIMENSIONS},
    "view": "Cách tính đơn vị: then, districts-2025, new-units.",
    "lang": "Ngôn ngữ của tệp xuất: vi hoặc en.",
}
# names a command line may use for a fixed word besides the word itself
SYNONYMS = {
    "kind": {
        "mo hinh": "collective",
        "tap the": "collective",
        "dien hinh": "individual",
        "ca nhan": "individual",
        "mohinh": "collective",
        "tapthe": "collective",
        "dienhinh": "individual",
        "canhan": "individual",
    }
}
SHOWN = {UNIT.param: ["38", "380", "…", "407"]}  # the choices a bad value's message lists, where not all


@dataclass(frozen=True)
class FilterValues:
    """The shared filter options as typed (``build_filters`` checks them): the period, the view and
    a value per dimension (by its parameter: a list of codes or names, the flag a bool)."""

    date_from: str | None = None
    date_until: str | None = None
    view: str = "then"
    chosen: Mapping[str, Any] = field(default_factory=dict)


FILTERS = FilterValues()  # the default of a command's ``filters`` parameter (see ``filter_options``)


def _options(dimensions: bool) -> list[inspect.Parameter]:
    """The typer parameters of the shared options: --from, --until, each dimension, --view."""

    def option(name: str, annotation: Any, default: Any, flag: str, help_key: str) -> inspect.Parameter:
        info = typer.Option(default, flag, help=FILTER_HELP[help_key])
        return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=info, annotation=annotation)

    dims = DIMENSIONS if dimensions else ()
    return [
        option("date_from", str | None, None, "--from", "from"),
        option("date_until", str | None, None, "--until", "until"),
        *(option(d.param, list[str] | None, None, d.option, d.param) for d in dims if not d.flag),
        option("view", str, "then", "--view", "view"),
        *(option(d.param, bool, True, d.option, d.param) for d in dims if d.flag),
    ]


def filter_options(*, dimensions: bool = True) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A command's shared filter options, declared once: the command takes ``filters:
    FilterValues = FILTERS`` where the options go (in its --help, in this order: --from, --until,
    one per dimension, --view, --sample/--no-sample), and receives their values there.
    ``dimensions=False``: the period and the view only."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        hints = get_type_hints(command)
        own = [p.replace(annotation=hints.get(p.name)) for p in inspect.signature(command).parameters.values()]
        at = [p.name for p in own].index("filters")
        options = _options(dimensions)
        names = [p.name for p in options]

        def run(**kwargs: Any) -> Any:
            typed = {name: kwargs.pop(name) for name in names}
            period = (typed.pop("date_from"), typed.pop("date_until"), typed.pop("view"))
            kwargs["filters"] = FilterValues(*period, chosen=typed)
            return command(**kwargs)

        params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own[:at] + options + own[at + 1 :]]
        run.__signature__ = inspect.Signature(params, return_annotation=None)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in params}
        run.__name__ = run.__qualname__ = command.__name__
        run.__doc__ = command.__doc__
        run.__module__ = command.__module__
        return run

    return decorate


def split_values(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out += [text.canonical(v) for v in value.split(",") if v.strip()]
    return out


def _bound(value: str | None, option: str, end: bool) -> tuple[int | None, dt.date | None]:
    if value is None:
        return None, None
    raw = value.strip()
    if len(raw) == 4 and raw.isdigit():
        year = int(raw)
        if not MOVEMENT_START_YEAR <= year <= 2100:
            fail("cli.bad_date", 2, value=value)
        return year, None
    day = parse_date(raw, option)
    return day.year, day


def _resolve(values: list[str], option: str, index: dict[str, str], choices: list[str]) -> tuple[str, ...]:
    out = []
    for value in values:
        code = index.get(value.lower()) or index.get(text.name_key(value))
        if code is None:
            fail("cli.bad_choice", 2, value=value, option=option, choices=", ".join(choices))
        if code not in out:
            out.append(code)
    return tuple(out)


def build_filters(session, values: FilterValues, *, default_years: tuple[int, int] | None = None) -> Filters:
    """Filters from CLI values, each checked (one line, exit 2 on a bad one). Without --from or
    --until, the period is the dashboard's default one (``default_period``), unless the command
    names its own ``default_years``."""
    if values.view not in VIEWS:
        fail("cli.bad_choice", 2, value=values.view, option="--view", choices=", ".join(VIEWS))
    y_from, d_from = _bound(values.date_from, "--from", False)
    y_until, d_until = _bound(values.date_until, "--until", True)
    sample = bool(values.chosen.get(SAMPLE.param, True))
    years = default_years or default_period(session, include_sample=sample)
    changes: dict[str, Any] = dict(
        year_from=y_from or (d_from.year if d_from else years[0]),
        year_until=y_until or (d_until.year if d_until else years[1]),
        date_from=d_from if d_from and (d_from.month, d_from.day) != (1, 1) else None,
        date_until=d_until if d_until and (d_until.month, d_until.day) != (12, 31) else None,
    )
    snap = snapshot(session)
    for dim in LISTS:
        if dim.words:
            index = {**{w: w for w in WORDS[dim.words]}, **SYNONYMS.get(dim.param, {})}
            shown = list(WORDS[dim.words])
        else:
            index = snap.lookup(dim)
            shown = SHOWN.get(dim.param) or [e.code for e in sorted(snap.tables[dim.table], key=lambda e: e.id)]
        changes[dim.attr] = _resolve(split_values(values.chosen.get(dim.param)), dim.option, index, shown)
    filters = Filters(**changes, include_sample=sample, view=values.view)
    if filters.start > filters.end:
        fail("cli.bad_range", 2, start=filters.start.isoformat(), end=filters.end.isoformat())
    return filters
