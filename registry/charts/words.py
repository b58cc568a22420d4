"""Charts in words: the filters and the unit view described ("2021–2024 · lĩnh vực: Kinh tế ·
…"), one period formatter, and the names of the codes in a chart's frame (``with_names``)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

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
    for attr, key in (
        ("fields", "filters.fields"),
        ("kinds", "filters.kinds"),
        ("blocs", "filters.blocs"),
        ("units", "filters.units"),
        ("stages", "filters.stages"),
        ("programmes", "filters.programme"),
    ):
        values = getattr(filters, attr)
        if not values:
            continue
        if attr == "kinds":
            shown = [t(f"kind.{v}", lang) for v in values]
        elif attr == "stages":
            shown = [t(f"stage.{v}", lang) for v in values]
        else:
            shown = [names.get(attr, {}).get(v, v) for v in values]
        if len(shown) > 4:
            shown = shown[:3] + [t("filters.desc.more", lang, n=len(shown) - 3)]
        chosen.append(f"{t(key, lang).lower()}: {', '.join(shown)}")
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


def name_of(column: str, code, labels: qlabels.Labels) -> str:
    """The name in ``labels.lang`` of ``code`` in a frame's code ``column``."""
    lang = labels.lang
    if column in ("unit_code", "origin_code", "target_code"):
        unit = labels.unit_by_code(code)
        return labels.unit_name(unit.id) if unit else str(code)
    if column == "field_code":
        return labels.field_by_code(code)[1]
    if column == "bloc_code":
        return labels.filter_names()["blocs"].get(code, str(code))
    if column == "kind":
        return t(f"kind.{code}", lang)
    if column == "stage":
        return t(f"stage.{code}", lang)
    if column == "bucket":
        return t(code, lang)
    if column == "programme_code":
        names = labels.filter_names()["programmes"]
        return ", ".join(names.get(c, c) for c in str(code).split(",") if c)
    raise KeyError(column)


def with_names(df: pd.DataFrame, labels: qlabels.Labels) -> pd.DataFrame:
    """``df`` with the name of every code column beside it (see NAME_COLUMNS)."""
    out = df.copy()
    for column, name in NAME_COLUMNS.items():
        if column in out.columns and name not in out.columns:
            names = [name_of(column, c, labels) for c in out[column]]
            out.insert(out.columns.get_loc(column) + 1, name, names)
    return out


def unit_codes(codes: Codes) -> dict[int, str]:
    """Unit id -> code."""
    return {id_: code for code, id_ in codes.units.items()}


def years_of(filters: Filters) -> list[int]:
    return list(range(filters.start.year, filters.end.year + 1))


def period_text(filters: Filters, lang: str = "vi") -> str:
    """The period in words, the one way every chart, export and sentence writes it: "2021–2024",
    "2023", or the days when the filters cut at a date ("10/10/2023–31/12/2024")."""
    if filters.date_from or filters.date_until:
        return f"{fmt_date(filters.start, lang)}–{fmt_date(filters.end, lang)}"
    a, b = filters.start.year, filters.end.year
    return str(a) if a == b else f"{a}–{b}"


def shorten(s: str, n: int = 40) -> str:
    s = str(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def unit_label(unit: qlabels.UnitInfo | None) -> str:
    """A unit's short name, for narrow axes."""
    return unit.short_name if unit else "–"
