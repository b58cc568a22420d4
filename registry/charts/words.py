"""Charts in words: the filters and the unit view described ("2021–2024 · lĩnh vực: Kinh tế ·
…"), one period formatter, and the names of codes for a chart's frame."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from sqlmodel import Session

from registry.config import DATA_DIR
from registry.datafiles import read_csv
from registry.i18n import fmt_date, t
from registry.queries import labels as qlabels
from registry.queries.filters import Filters


# --------------------------------------------------------------------------- words and helpers
def esc(value) -> str:
    """Text for a plotly label or hover: plotly reads a few HTML tags, so < and > are escaped."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=4)
def _file_names(lang: str) -> dict[str, dict[str, str]]:
    """Names of codes from the reference files, for describing filters without a session."""

    col = "name_en" if lang == "en" else "name_vi"
    out: dict[str, dict[str, str]] = {"fields": {}, "blocs": {}, "programmes": {}, "units": {}}
    for kind, name in (("fields", "fields.csv"), ("blocs", "blocs.csv"), ("programmes", "programmes.csv")):
        for row in read_csv(DATA_DIR / name):
            out[kind][row["code"]] = row.get(col) or row["code"]
    for name in ("districts.csv", "units_2025.csv"):
        path = DATA_DIR / name
        if path.exists():
            for row in read_csv(path):
                out["units"][row["code"]] = row.get("name") or row["code"]
    return out


def _names_from(labels: qlabels.Labels) -> dict[str, dict[str, str]]:
    return {
        "fields": {v[0]: v[1] for v in labels.fields.values()},
        "blocs": {v[0]: v[1] for v in labels.blocs.values()},
        "programmes": {v[0]: v[1] for v in labels.programmes.values()},
        "units": {u.code: u.name for u in labels.units.values()},
    }


def describe_filters(filters: Filters, lang: str, names: dict[str, dict[str, str]] | None = None) -> str:
    """The filters and the unit view in words, e.g. "2021–2024 · lĩnh vực: Kinh tế · …"."""
    names = names or _file_names(lang)
    if filters.date_from or filters.date_until:
        period = f"{fmt_date(filters.start, lang)}–{fmt_date(filters.end, lang)}"
    elif filters.start.year == filters.end.year:
        period = str(filters.start.year)
    else:
        period = f"{filters.start.year}–{filters.end.year}"
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


def load_labels(session: Session, lang: str) -> qlabels.Labels:
    return qlabels.Labels.load(session, lang)


def frame(rows: list[dict], columns: list[str], labels: qlabels.Labels | None = None) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    if labels is not None:
        df.attrs["names"] = _names_from(labels)
    return df


def years_of(filters: Filters) -> list[int]:
    return list(range(filters.start.year, filters.end.year + 1))


def period_text(filters: Filters) -> str:
    a, b = filters.start.year, filters.end.year
    return str(a) if a == b else f"{a}–{b}"


def shorten(s: str, n: int = 40) -> str:
    s = str(s)
    return s if len(s) <= n else s[: n - 1] + "…"


# --------------------------------------------------------------------------- spread
def unit_label(unit: qlabels.UnitInfo | None) -> str:
    return unit.short_name if unit else "–"
