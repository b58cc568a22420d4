"""Charts in words: the filters and the unit view described ("2021–2024 · lĩnh vực: Kinh tế ·
…"), one period formatter, the one rule of the partial year (``partial_year``, ``year_label``:
"2026 (đến 01/12)") and the names of the codes in a chart's frame (``with_names``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from registry.dimensions import LISTS
from registry.i18n import fmt_date, t
from registry.queries import labels as qlabels
from registry.queries.filters import Codes, Filters


# --------------------------------------------------------------------------- words and helpers
def esc(value) -> str:
    """Text for a plotly label or hover: plotly reads a few HTML tags, so < and > are escaped."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def describe_filters(filters: Filters, lang: str, names: Mapping[str, Mapping[str, str]]) -> str:
    """The filters and the unit view in words, e.g. "2021–2024 · lĩnh vực: Kinh tế · …";
    ``names`` are the codes' names in ``lang`` (``Labels.filter_names()``)."""
    period = period_text(filters, lang)
    parts = [t("filters.desc.period", lang, period=period)]
    chosen = []
    for dim in LISTS:
        values = dim.values(filters)
        if not values:
            continue
        if dim.words:
            shown = [t(f"{dim.words}.{v}", lang) for v in values]
        else:
            shown = [names.get(dim.attr, {}).get(v, v) for v in values]
        if len(shown) > 4:
            shown = shown[:3] + [t("filters.desc.more", lang, n=len(shown) - 3)]
        chosen.append(f"{t(dim.label_key, lang).lower()}: {', '.join(shown)}")
    parts += chosen or [t("filters.desc.all", lang)]
    parts.append(t("filters.desc.with_sample" if filters.include_sample else "filters.desc.no_sample", lang))
    parts.append(
        t(f"view.{filters.view}", lang).lower() if lang == "en" else _lower_first(t(f"view.{filters.view}", lang))
    )
    return esc(" · ".join(parts))


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s else s


# A chart's frame holds codes and numbers only, the same in every language; ``with_names`` puts the
# name of each code beside it (the figure draws them, the exports print them).
NAME_COLUMNS = {
    "unit_code": "unit",
    "origin_code": "origin",
    "target_code": "target",
    "field_code": "field",
    "bloc_code": "bloc",
    "kind": "kind_name",
    "stage": "stage_name",
    "bucket": "bucket_name",
    "programme_code": "programme",
}


def namer(column: str, labels: qlabels.Labels) -> Callable[[Any], str]:
    """The name in ``labels.lang`` of a code in a frame's code ``column``."""
    lang = labels.lang
    if column in ("unit_code", "origin_code", "target_code"):

        def unit(code) -> str:
            found = labels.unit_by_code(code)
            return labels.unit_name(found.id) if found else str(code)

        return unit
    if column == "field_code":
        return lambda code: labels.field_by_code(code)[1]
    if column in ("kind", "stage"):
        return lambda code: t(f"{column}.{code}", lang)
    if column == "bucket":
        return lambda code: t(code, lang)
    names = labels.filter_names()
    if column == "bloc_code":
        return lambda code: names["blocs"].get(code, str(code))
    if column == "programme_code":
        return lambda code: ", ".join(names["programmes"].get(c, c) for c in str(code).split(",") if c)
    raise KeyError(column)


def with_names(df: pd.DataFrame, labels: qlabels.Labels) -> pd.DataFrame:
    """``df`` with the name of every code column beside it (see NAME_COLUMNS)."""
    out = df.copy()
    for column, name in NAME_COLUMNS.items():
        if column in out.columns and name not in out.columns:
            name_of = namer(column, labels)
            out.insert(out.columns.get_loc(column) + 1, name, [name_of(c) for c in out[column]])
    return out


def unit_codes(codes: Codes) -> dict[int, str]:
    """Unit id -> code."""
    return {id_: code for code, id_ in codes.units.items()}


def years_of(filters: Filters) -> list[int]:
    return list(range(filters.start.year, filters.end.year + 1))


def period_text(filters: Filters, lang: str = "vi", today: dt.date | None = None) -> str:
    """The period in words, the one way every chart, export and sentence writes it: "2021–2024",
    "2023", the days when the filters cut at a date ("10/10/2023–31/12/2024"), or the partial
    last year marked ("2021–2026 (đến 01/12)")."""
    if filters.date_from or filters.date_until:
        return f"{fmt_date(filters.start, lang)}–{fmt_date(filters.end, lang)}"
    a, b = filters.start.year, filters.end.year
    last = year_label(b, filters, lang, today)
    return last if a == b else f"{a}–{last}"


# --------------------------------------------------------------------------- the partial year
# The one rule of "is the last year of the period partial, and to which day": the period runs on
# past today (the current year, "2026 (đến 01/12)"), or the filters cut it at a date that is not
# 31 December ("2023 (đến 10/10)"). Charts, exports and the key figures all ask here.
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def partial_year(filters: Filters, today: dt.date | None = None) -> tuple[int, dt.date] | None:
    """(year, last day counted) of the period's partial year, or None when every year of the
    period is whole. ``today`` defaults to the real day (injectable so that tests are fixed)."""
    today = today or dt.date.today()
    end = min(filters.end, today)
    if end < filters.start or (end.month, end.day) == (12, 31):
        return None
    return end.year, end


def day_text(day: dt.date, lang: str = "vi") -> str:
    """A day of the year without its year: "01/12" in Vietnamese, "1 Dec" in English."""
    return f"{day.day} {MONTHS_EN[day.month - 1]}" if lang == "en" else f"{day.day:02d}/{day.month:02d}"


def year_label(year: int, filters: Filters, lang: str = "vi", today: dt.date | None = None) -> str:
    """The year as a chart or an export writes it: "2025", or "2026 (đến 01/12)" when partial."""
    partial = partial_year(filters, today)
    if partial is None or int(year) != partial[0]:
        return str(int(year))
    return t("chart.year_partial", lang, year=int(year), day=day_text(partial[1], lang))


def year_labels(years, filters: Filters, lang: str = "vi", today: dt.date | None = None) -> list[str]:
    """The category ticks of a chart by year: "2025", and "2026*" for the partial year, short
    enough that six of them fit a phone's chart unrotated (``year_tick_note`` says what * means)."""
    partial = partial_year(filters, today)
    return [
        t("chart.year_tick_partial", lang, year=int(y)) if partial and int(y) == partial[0] else str(int(y))
        for y in years
    ]


def year_tick_note(years, filters: Filters, lang: str = "vi", today: dt.date | None = None) -> str | None:
    """The note under a chart whose ticks mark the partial year: "* 2026: số liệu đến 01/12"."""
    partial = partial_year(filters, today)
    if partial is None or partial[0] not in {int(y) for y in years}:
        return None
    return t("chart.year_tick_note", lang, year=partial[0], day=day_text(partial[1], lang))


def partial_mask(years, filters: Filters, today: dt.date | None = None) -> list[bool]:
    """True for the partial year among ``years`` (the bar drawn lighter)."""
    partial = partial_year(filters, today)
    return [partial is not None and int(y) == partial[0] for y in years]


PARTIAL_OPACITY = 0.45  # the partial year's bar: the same colour, lighter, hatched
PARTIAL_PATTERN = "/"


def partial_marker(colour, years, filters: Filters, today: dt.date | None = None) -> dict:
    """A bar trace's marker: ``colour``, the partial year's bar lighter and hatched."""
    mask = partial_mask(years, filters, today)
    if not any(mask):
        return dict(color=colour)
    return dict(
        color=colour,
        opacity=[PARTIAL_OPACITY if m else 1.0 for m in mask],
        pattern=dict(shape=[PARTIAL_PATTERN if m else "" for m in mask], fillmode="overlay", solidity=0.3),
    )


def same_day_before(day: dt.date) -> dt.date:
    """The same day one year earlier (28 February for 29 February): the end of the same part of
    the previous year."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def shorten(s: str, n: int = 40) -> str:
    s = str(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def unit_label(unit: qlabels.UnitInfo | None) -> str:
    """A unit's short name, for narrow axes."""
    return unit.short_name if unit else "–"
