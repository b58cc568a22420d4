"""Figure builders and the chart registry shared by the dashboard and the exports.

``CHARTS[slug]`` is a ``ChartSpec``: ``data(session, filters, lang)`` returns the small table of
numbers exactly as plotted (read in SQL through the query layer), and ``figure(df, filters, lang)``
builds the plotly figure from it without rendering it. Every figure's title states the finding and
its subtitle states the filters and the unit view in words (``describe_filters``). One colour per
field everywhere (data/fields.csv, Okabe–Ito); hover text and numbers follow the language.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pandas as pd
import plotly.graph_objects as go
from sqlmodel import Session

from registry.queries import counts as qcounts
from registry.queries import labels as qlabels
from registry.queries import replication as qreplication
from registry.config import DATA_DIR, get_settings
from registry.i18n import fmt_int, fmt_pct, t
from registry.models import KINDS, STAGES
from registry.queries.filters import Filters
from registry.queries.counts import count_by

KIND_COLOURS = {"collective": "#0072B2", "individual": "#D55E00"}  # Okabe–Ito blue, vermillion
STAGE_COLOURS = dict(zip(STAGES, ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")))  # sequential blues
BLOC_COLOURS = ("#88CCEE", "#CC6677", "#DDCC77", "#117733", "#332288", "#AA4499", "#44AA99", "#999933")  # Tol muted
SEQUENTIAL = "Blues"
FONT = "Inter, Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif"
MONTHS_BUCKETS = ((0, 90, "ttc.b0"), (91, 182, "ttc.b1"), (183, 365, "ttc.b2"), (366, 730, "ttc.b3"),
                  (731, None, "ttc.b4"))


@dataclass(frozen=True)
class ChartSpec:
    slug: str
    title_key: str
    data: Callable[[Session, Filters, str], pd.DataFrame]
    figure: Callable[[pd.DataFrame, Filters, str], go.Figure]


# --------------------------------------------------------------------------- words and helpers
def esc(value) -> str:
    """Text for a plotly label or hover: plotly reads a few HTML tags, so < and > are escaped."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=4)
def _file_names(lang: str) -> dict[str, dict[str, str]]:
    """Names of codes from the reference files, for describing filters without a session."""
    from registry.datafiles import read_csv

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
    return {"fields": {v[0]: v[1] for v in labels.fields.values()},
            "blocs": {v[0]: v[1] for v in labels.blocs.values()},
            "programmes": {v[0]: v[1] for v in labels.programmes.values()},
            "units": {u.code: u.name for u in labels.units.values()}}


def describe_filters(filters: Filters, lang: str, names: dict[str, dict[str, str]] | None = None) -> str:
    """The filters and the unit view in words, e.g. "2021–2024 · lĩnh vực: Kinh tế · …"."""
    names = names or _file_names(lang)
    if filters.date_from or filters.date_until:
        from registry.i18n import fmt_date
        period = f"{fmt_date(filters.start, lang)}–{fmt_date(filters.end, lang)}"
    elif filters.start.year == filters.end.year:
        period = str(filters.start.year)
    else:
        period = f"{filters.start.year}–{filters.end.year}"
    parts = [t("filters.desc.period", lang, period=period)]
    chosen = []
    for attr, key in (("fields", "filters.fields"), ("kinds", "filters.kinds"), ("blocs", "filters.blocs"),
                      ("units", "filters.units"), ("stages", "filters.stages"), ("programmes", "filters.programme")):
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
    parts.append(t(f"view.{filters.view}", lang).lower() if lang == "en" else _lower_first(t(f"view.{filters.view}", lang)))
    return esc(" · ".join(parts))


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s else s


def _labels(session: Session, lang: str) -> qlabels.Labels:
    return qlabels.Labels.load(session, lang)


def _frame(rows: list[dict], columns: list[str], labels: qlabels.Labels | None = None) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    if labels is not None:
        df.attrs["names"] = _names_from(labels)
    return df


def base_figure(lang: str, height: int = 380) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(
        separators=",." if lang != "en" else ".,", height=height, font=dict(family=FONT, size=13),
        margin=dict(l=10, r=10, t=80, b=10), template="plotly_white", yaxis=dict(tickformat=",d"),
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0, title_text=""),
        hoverlabel=dict(font_family=FONT),
    )
    return fig


def wrap(text: str, width: int) -> str:
    """Break a line of plain words with <br> so that it fits narrow charts (plotly does not wrap)."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "<br>".join(lines)


def finish(fig: go.Figure, title: str, df: pd.DataFrame, filters: Filters, lang: str, note: str | None = None) -> go.Figure:
    subtitle = describe_filters(filters, lang, df.attrs.get("names"))
    if note:
        subtitle += " · " + esc(note)
    title_text, sub_text = wrap(esc(title), 44), wrap(subtitle, 66)  # half-width charts at 1280 px
    lines = title_text.count("<br>") + 1
    sub_lines = sub_text.count("<br>") + 1
    fig.update_layout(title=dict(text=title_text, subtitle=dict(text=sub_text, font=dict(size=12, color="#555")),
                                 x=0, xanchor="left", y=1, yanchor="top", pad=dict(t=8 + 21 * (lines - 1)),
                                 font=dict(size=16), yref="container"),
                      margin=dict(t=21 * (2 * lines - 1) + 17 * sub_lines + 40))
    fig.update_layout(height=(fig.layout.height or 380) + 22 * (lines - 1) + 17 * (sub_lines - 1))
    return fig


def empty_figure(filters: Filters, lang: str, df: pd.DataFrame | None = None) -> go.Figure:
    fig = base_figure(lang, height=220)
    fig.add_annotation(text=t("chart.no_data_hint", lang), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font=dict(size=14, color="#555"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return finish(fig, t("chart.no_data", lang), df if df is not None else pd.DataFrame(), filters, lang)


def _years(filters: Filters) -> list[int]:
    return list(range(filters.start.year, filters.end.year + 1))


def _hover(lang: str, label_key: str = "chart.hover.records") -> str:
    return "%{x}<br>%{fullData.name}: %{y:,.0f} " + t(label_key, lang) + "<extra></extra>"


# --------------------------------------------------------------------------- number
def data_by_year(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
    labels = _labels(session, lang)
    counts = dict(count_by(session, filters, ("year",), labels.codes))
    return _frame([{"year": y, "n": counts.get(y, 0)} for y in _years(filters)], ["year", "n"], labels)


def figure_by_year(df: pd.DataFrame, filters: Filters, lang: str) -> go.Figure:
    if df.empty or not df["n"].sum():
        return empty_figure(filters, lang, df)
    fig = base_figure(lang)
    fig.add_bar(x=df["year"], y=df["n"], name=t("chart.records", lang), marker_color="#0072B2",
                text=[fmt_int(v, lang) for v in df["n"]], textposition="outside", cliponaxis=False,
                hovertemplate="%{x}: %{y:,.0f} " + t("chart.hover.records", lang) + "<extra></extra>")
    fig.update_xaxes(type="category", title_text="")
    fig.update_yaxes(title_text=t("chart.records", lang), rangemode="tozero")
    last = df.iloc[-1]
    title = t("chart.by_year.title", lang, year=int(last["year"]), n=fmt_int(last["n"], lang))
    if len(df) > 1 and df.iloc[-2]["n"]:
        change = last["n"] / df.iloc[-2]["n"] - 1
        key = "chart.by_year.title_up" if change >= 0 else "chart.by_year.title_down"
        title = t(key, lang, year=int(last["year"]), n=fmt_int(last["n"], lang), pct=fmt_pct(abs(change), lang),
                  prev=int(df.iloc[-2]["year"]))
    return finish(fig, title, df, filters, lang)


def _stack_data(dim: str) -> Callable[[Session, Filters, str], pd.DataFrame]:
    """Per year, stacked by a dimension: field_id, kind, bloc_id or stage."""

    def data(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
        labels = _labels(session, lang)
        counts = {(r[0], r[1]): r[2] for r in count_by(session, filters, ("year", dim), labels.codes)}
        if dim == "field_id":
            groups = [(fid, code, name, colour) for fid, (code, name, colour) in labels.fields.items()]
        elif dim == "bloc_id":
            groups = [(bid, code, name, BLOC_COLOURS[i % len(BLOC_COLOURS)])
                      for i, (bid, (code, name, _s)) in enumerate(labels.blocs.items())]
        elif dim == "kind":
            groups = [(k, k, t(f"kind.{k}", lang), KIND_COLOURS[k]) for k in KINDS]
        else:
            groups = [(s, s, t(f"stage.{s}", lang), STAGE_COLOURS[s]) for s in STAGES]
        rows = [{"year": y, "code": code, "label": name, "colour": colour, "n": counts.get((y, key), 0)}
                for key, code, name, colour in groups for y in _years(filters)]
        return _frame(rows, ["year", "code", "label", "colour", "n"], labels)

    return data


def _stack_figure(title_key: str) -> Callable[[pd.DataFrame, Filters, str], go.Figure]:
    def figure(df: pd.DataFrame, filters: Filters, lang: str) -> go.Figure:
        if df.empty or not df["n"].sum():
            return empty_figure(filters, lang, df)
        fig = base_figure(lang, height=420)
        for code, part in df.groupby("code", sort=False):
            fig.add_bar(x=part["year"], y=part["n"], name=esc(part["label"].iloc[0]), marker_color=part["colour"].iloc[0],
                        hovertemplate=_hover(lang))
        fig.update_layout(barmode="stack")
        fig.update_xaxes(type="category", title_text="")
        fig.update_yaxes(title_text=t("chart.records", lang))
        years = df.groupby("year")["n"].sum()
        year = int(years[years > 0].index.max())
        part = df[df["year"] == year].sort_values("n", ascending=False).iloc[0]
        share = part["n"] / years[year]
        title = t(title_key, lang, name=part["label"], share=fmt_pct(share, lang), year=year)
        return finish(fig, title, df, filters, lang)

    return figure


def data_funnel(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
    labels = _labels(session, lang)
    reached = qcounts.stage_reached(dict(count_by(session, filters, ("stage",), labels.codes)))
    rows = [{"stage": s, "label": t(f"stage.{s}", lang), "n": reached[s]} for s in STAGES]
    return _frame(rows, ["stage", "label", "n"], labels)


def figure_funnel(df: pd.DataFrame, filters: Filters, lang: str) -> go.Figure:
    if df.empty or not df["n"].iloc[0]:
        return empty_figure(filters, lang, df)
    fig = base_figure(lang)
    first = df["n"].iloc[0]
    fig.add_trace(go.Funnel(y=df["label"], x=df["n"], marker=dict(color=[STAGE_COLOURS[s] for s in df["stage"]]),
                            text=[f"{fmt_int(n, lang)} ({fmt_pct(n / first, lang)})" for n in df["n"]],
                            textinfo="text", textfont=dict(color=["#111", "#111", "#111", "#fff", "#fff"]),
                            hovertemplate="%{y}: %{x:,.0f}<extra></extra>", name=""))
    awarded = df["n"].iloc[-1]
    title = t("chart.funnel.title", lang, share=fmt_pct(awarded / first, lang))
    return finish(fig, title, df, filters, lang, note=t("chart.funnel.note", lang))


def data_growth(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
    labels = _labels(session, lang)
    wider = filters.with_(year_from=filters.start.year - 1, date_from=None) if not filters.date_from else filters
    counts = dict(count_by(session, wider, ("year",), labels.codes))
    rows = []
    for y in _years(filters):
        prev = counts.get(y - 1, 0)
        n = counts.get(y, 0)
        rows.append({"year": y, "n": n, "previous": prev, "growth": (n / prev - 1) if prev else None})
    return _frame(rows, ["year", "n", "previous", "growth"], labels)


def figure_growth(df: pd.DataFrame, filters: Filters, lang: str) -> go.Figure:
    known = df.dropna(subset=["growth"]) if not df.empty else df
    if known.empty:
        return empty_figure(filters, lang, df)
    fig = base_figure(lang)
    colours = ["#009E73" if g >= 0 else "#D55E00" for g in known["growth"]]
    fig.add_bar(x=known["year"], y=known["growth"], marker_color=colours, name="",
                text=[fmt_pct(g, lang) for g in known["growth"]], textposition="outside", cliponaxis=False,
                hovertemplate="%{x}: %{y:.0%}<extra></extra>")
    fig.update_xaxes(type="category", title_text="")
    fig.update_yaxes(tickformat=".0%", title_text=t("chart.growth.axis", lang), zeroline=True)
    last = known.iloc[-1]
    title = t("chart.growth.title_up" if last["growth"] >= 0 else "chart.growth.title_down", lang,
              year=int(last["year"]), pct=fmt_pct(abs(last["growth"]), lang))
    return finish(fig, title, df, filters, lang)


# --------------------------------------------------------------------------- spread
def _unit_label(unit: qlabels.UnitInfo | None) -> str:
    return unit.short_name if unit else "–"


def data_heatmap(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
    labels = _labels(session, lang)
    rows = [{"unit_code": labels.units[u].code if u in labels.units else str(u),
             "unit": _unit_label(labels.units.get(u)), "year": y, "n": n}
            for y, u, n in count_by(session, filters, ("year", "unit"), labels.codes)]
    return _frame(rows, ["unit_code", "unit", "year", "n"], labels)


def figure_heatmap(df: pd.DataFrame, filters: Filters, lang: str) -> go.Figure:
    if df.empty or not df["n"].sum():
        return empty_figure(filters, lang, df)
    totals = df.groupby("unit")["n"].sum().sort_values()
    units = list(totals.index)
    if len(units) > 40:
        units = units[-40:]
    years = _years(filters)
    table = df.pivot_table(index="unit", columns="year", values="n", aggfunc="sum").reindex(index=units, columns=years)
    fig = base_figure(lang, height=max(380, 22 * len(units) + 140))
    fig.add_heatmap(z=table.values, x=[str(y) for y in years], y=[esc(u) for u in units], colorscale=SEQUENTIAL,
                    hovertemplate="%{y}, %{x}: %{z:,.0f} " + t("chart.hover.records", lang) + "<extra></extra>",
                    colorbar=dict(title=dict(text=t("chart.records", lang)), thickness=12), xgap=1, ygap=1)
    fig.update_xaxes(type="category")
    top = totals.index[-1]
    note = t("chart.heatmap.top_note", lang, n=40) if len(totals) > 40 else None
    title = t("chart.heatmap.title", lang, unit=top, n=fmt_int(totals.iloc[-1], lang))
    return finish(fig, title, df, filters, lang, note=note)


@lru_cache(maxsize=1)
def district_tiles() -> dict[str, tuple[int, int, str]]:
    """Tile positions of the 27 district-level units: code -> (col, row, short)."""
    from registry.datafiles import read_csv

    return {r["code"]: (int(r["col"]), int(r["row"]), r["short"]) for r in read_csv(DATA_DIR / "district_tiles.csv")}


def data_map(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
    """Counts per unit of the view's map (every unit of the view, zero where none), with the
    tile position (districts) or centroid (new units) and the count per commune."""
    labels = _labels(session, lang)
    counts = dict(count_by(session, filters, ("unit",), labels.codes))
    tiles = district_tiles()
    population = set(qlabels.view_units(session, filters.view, filters.start, filters.end))
    if filters.view != "new-units":
        ids = {labels.codes.units[c] for c in tiles if c in labels.codes.units}
    else:
        ids = population
    rows = []
    for uid in sorted(ids):
        unit = labels.units[uid]
        col, row, short = tiles.get(unit.code, (None, None, None))
        in_view = uid in population
        n = counts.get(uid, 0) if in_view else None
        per = (n / unit.communes) if (n is not None and unit.communes) else None
        rows.append({"unit_code": unit.code, "unit": unit.name, "short": short or unit.short_name, "col": col,
                     "row": row, "lat": unit.lat, "lon": unit.lon, "communes": unit.communes, "in_view": in_view,
                     "n": n, "per_commune": per})
    return _frame(rows, ["unit_code", "unit", "short", "col", "row", "lat", "lon", "communes", "in_view", "n",
                         "per_commune"], labels)


def _map_title(df: pd.DataFrame, filters: Filters, lang: str, measure: str) -> str:
    shown = df[df["in_view"] & df["n"].notna()]
    if shown.empty or not shown["n"].sum():
        return t("chart.no_data", lang)
    if measure == "per_commune" and shown["per_commune"].notna().any():
        best = shown.sort_values("per_commune", ascending=False).iloc[0]
        return t("chart.map.title_per", lang, unit=best["unit"], v=_fmt1(best["per_commune"], lang))
    best = shown.sort_values("n", ascending=False).iloc[0]
    return t("chart.map.title", lang, unit=best["unit"], n=fmt_int(best["n"], lang))


def figure_map(df: pd.DataFrame, filters: Filters, lang: str, measure: str = "n") -> go.Figure:
    """A tile map of the 27 districts (then / districts-2025) or a dot map of the new units."""
    if df.empty:
        return empty_figure(filters, lang, df)
    if measure == "per_commune" and df["per_commune"].isna().all():
        measure = "n"  # new communes and wards have no communes under them
    measure_label = t("chart.map.per_commune" if measure == "per_commune" else "chart.records", lang)
    if filters.view != "new-units":
        fig = base_figure(lang, height=520)
        cols, rows = int(df["col"].max()) + 1, int(df["row"].max()) + 1
        z = [[None] * cols for _ in range(rows)]
        text = [[""] * cols for _ in range(rows)]
        hover = [[""] * cols for _ in range(rows)]
        for r in df.itertuples():
            value = getattr(r, measure)
            shown_value = (fmt_int(value, lang) if measure == "n" else _fmt1(value, lang)) if r.in_view else t("chart.map.merged", lang)
            text[r.row][r.col] = f"<b>{esc(r.short)}</b><br>{shown_value}"
            hover[r.row][r.col] = f"{esc(r.unit)}: {shown_value}"
            z[r.row][r.col] = (value if value == value and value is not None else 0) if r.in_view else None
        fig.add_heatmap(z=z, text=text, texttemplate="%{text}", customdata=hover, hovertemplate="%{customdata}<extra></extra>",
                        colorscale=SEQUENTIAL, zmin=0, xgap=3, ygap=3, textfont=dict(size=11),
                        colorbar=dict(title=dict(text=measure_label), thickness=12), name="")
        for r in df[~df["in_view"]].itertuples():  # a merged unit: a grey tile with its label
            fig.add_shape(type="rect", x0=r.col - 0.5 + 0.03, x1=r.col + 0.5 - 0.03, y0=r.row - 0.5 + 0.03,
                          y1=r.row + 0.5 - 0.03, fillcolor="#e6e6e6", line=dict(width=0), layer="below")
        fig.update_xaxes(visible=False, showgrid=False)
        fig.update_yaxes(visible=False, showgrid=False, autorange="reversed", scaleanchor="x", scaleratio=1)
        fig.update_layout(showlegend=False, plot_bgcolor="#fff")
        note = t("chart.map.tile_note", lang)
    else:
        shown = df.dropna(subset=["lat", "lon"])
        fig = base_figure(lang, height=560)
        size = shown["n"].fillna(0)
        scale = 28 / max(1, (size.max() ** 0.5))
        fig.add_scatter(x=shown["lon"], y=shown["lat"], mode="markers",
                        marker=dict(size=[6 + scale * (v ** 0.5) for v in size], color=shown[measure].fillna(0),
                                    colorscale=SEQUENTIAL, cmin=0, line=dict(color="#555", width=0.5),
                                    colorbar=dict(title=dict(text=measure_label), thickness=12)),
                        customdata=list(zip(shown["unit"].map(esc), shown["n"].fillna(0))),
                        hovertemplate="%{customdata[0]}: %{customdata[1]:,.0f}<extra></extra>", name="")
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
        fig.update_layout(showlegend=False, plot_bgcolor="#fff")
        note = t("chart.map.dot_note", lang)
    return finish(fig, _map_title(df, filters, lang, measure), df, filters, lang, note=note)


def _fmt1(value, lang: str) -> str:
    from registry.i18n import fmt_num
    return fmt_num(value, lang, 1) if value is not None and value == value else "–"


def load_geojson(path: str | Path | None = None) -> dict | None:
    path = path or get_settings().boundaries_geojson
    if not path:
        return None
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def figure_choropleth(df: pd.DataFrame, filters: Filters, lang: str, geojson: dict | None = None,
                      measure: str = "n") -> go.Figure:
    """A real choropleth over the GeoJSON named by BOUNDARIES_GEOJSON (features matched on
    ``properties.code``, the unit code), on a blank base map that works offline."""
    geojson = geojson if geojson is not None else load_geojson()
    if geojson is None or df.empty:
        return empty_figure(filters, lang, df)
    shown = df[df["in_view"]]
    fig = base_figure(lang, height=560)
    lats, lons = [], []
    for feature in geojson.get("features", []):
        _coords(feature.get("geometry", {}).get("coordinates", []), lats, lons)
    centre = dict(lat=sum(lats) / len(lats), lon=sum(lons) / len(lons)) if lats else dict(lat=19.9, lon=105.4)
    fig.add_trace(go.Choroplethmap(
        geojson=geojson, featureidkey="properties.code", locations=shown["unit_code"], z=shown[measure].fillna(0),
        colorscale=SEQUENTIAL, zmin=0, marker=dict(line=dict(color="#fff", width=1)),
        customdata=list(zip(shown["unit"].map(esc), shown["n"].fillna(0))),
        hovertemplate="%{customdata[0]}: %{customdata[1]:,.0f}<extra></extra>",
        colorbar=dict(title=dict(text=t("chart.records", lang)), thickness=12), name=""))
    fig.update_layout(map=dict(style="white-bg", center=centre, zoom=7))
    return finish(fig, _map_title(df, filters, lang, measure), df, filters, lang)


def _coords(node, lats: list, lons: list) -> None:
    if node and isinstance(node[0], (int, float)):
        lons.append(node[0])
        lats.append(node[1])
        return
    for child in node or []:
        _coords(child, lats, lons)


def data_coverage(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
    labels = _labels(session, lang)
    population = set(qlabels.view_units(session, filters.view, filters.start, filters.end))
    hits: dict[int, set[int]] = {}
    for unit, field_id, n in count_by(session, filters, ("unit", "field_id"), labels.codes):
        if n and unit in population:
            hits.setdefault(field_id, set()).add(unit)
    rows = [{"code": code, "label": name, "colour": colour, "units": len(hits.get(fid, ())),
             "units_total": len(population), "share": (len(hits.get(fid, ())) / len(population)) if population else None}
            for fid, (code, name, colour) in labels.fields.items()
            if not filters.fields or code in filters.fields]
    return _frame(rows, ["code", "label", "colour", "units", "units_total", "share"], labels)


def figure_coverage(df: pd.DataFrame, filters: Filters, lang: str) -> go.Figure:
    if df.empty or not df["units_total"].max() or not df["units"].sum():
        return empty_figure(filters, lang, df)
    fig = base_figure(lang, height=320)
    fig.add_bar(y=df["label"].map(esc), x=df["share"], orientation="h", marker_color=list(df["colour"]), name="",
                text=[f"{fmt_pct(s, lang)} ({fmt_int(u, lang)}/{fmt_int(tot, lang)})"
                      for s, u, tot in zip(df["share"], df["units"], df["units_total"])],
                textposition="auto", customdata=df["units"],
                hovertemplate="%{y}: %{x:.0%} (%{customdata:,.0f})<extra></extra>")
    fig.update_xaxes(range=[0, 1.05], tickformat=".0%", title_text=t("chart.coverage.axis", lang))
    fig.update_yaxes(autorange="reversed", title_text="")
    low = df.sort_values("share").iloc[0]
    if low["share"] >= 1:
        title = t("chart.coverage.title_full", lang, n=fmt_int(low["units_total"], lang))
    else:
        title = t("chart.coverage.title", lang, name=low["label"], share=fmt_pct(low["share"], lang))
    return finish(fig, title, df, filters, lang)


def data_ranking(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
    labels = _labels(session, lang)
    rows = [{"unit_code": labels.units[u].code if u in labels.units else str(u), "unit": labels.unit_name(u),
             "short": _unit_label(labels.units.get(u)), "n": n}
            for u, n in count_by(session, filters, ("unit",), labels.codes)]
    df = _frame(rows, ["unit_code", "unit", "short", "n"], labels)
    return df.sort_values(["n", "unit_code"], ascending=[False, True], ignore_index=True) if not df.empty else df


def figure_ranking(df: pd.DataFrame, filters: Filters, lang: str, top: int = 30) -> go.Figure:
    if df.empty:
        return empty_figure(filters, lang, df)
    shown = df.head(top)
    fig = base_figure(lang, height=max(360, 20 * len(shown) + 140))
    fig.add_bar(y=shown["unit"].map(esc), x=shown["n"], orientation="h", marker_color="#0072B2", name="",
                text=[fmt_int(v, lang) for v in shown["n"]], textposition="outside", cliponaxis=False,
                hovertemplate="%{y}: %{x:,.0f}<extra></extra>")
    fig.update_yaxes(autorange="reversed", title_text="")
    fig.update_xaxes(title_text=t("chart.records", lang))
    first = shown.iloc[0]
    share = first["n"] / df["n"].sum()
    note = t("chart.ranking.top_note", lang, n=top) if len(df) > top else None
    return finish(fig, t("chart.ranking.title", lang, unit=first["unit"], share=fmt_pct(share, lang)), df, filters,
                  lang, note=note)


# --------------------------------------------------------------------------- replication
def data_replication_years(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
    labels = _labels(session, lang)
    counts = {y: n for y, rep, n in count_by(session, filters, ("year", "is_replication"), labels.codes) if rep == 1}
    running = 0
    rows = []
    for y in _years(filters):
        running += counts.get(y, 0)
        rows.append({"year": y, "n": counts.get(y, 0), "cumulative": running})
    return _frame(rows, ["year", "n", "cumulative"], labels)


def figure_replication_years(df: pd.DataFrame, filters: Filters, lang: str) -> go.Figure:
    if df.empty or not df["n"].sum():
        return empty_figure(filters, lang, df)
    fig = base_figure(lang)
    fig.add_bar(x=df["year"], y=df["n"], name=t("chart.rep.per_year", lang), marker_color="#009E73",
                hovertemplate="%{x}: %{y:,.0f}<extra>" + t("chart.rep.per_year", lang) + "</extra>")
    fig.add_scatter(x=df["year"], y=df["cumulative"], name=t("chart.rep.cumulative", lang), mode="lines+markers",
                    line=dict(color="#000", width=2), yaxis="y2",
                    hovertemplate="%{x}: %{y:,.0f}<extra>" + t("chart.rep.cumulative", lang) + "</extra>")
    fig.update_layout(yaxis2=dict(overlaying="y", side="right", rangemode="tozero", showgrid=False, tickformat=",d",
                                  title_text=t("chart.rep.cumulative", lang)))
    fig.update_xaxes(type="category")
    fig.update_yaxes(title_text=t("chart.rep.per_year", lang), rangemode="tozero", selector=dict(anchor="x"))
    title = t("chart.rep.title", lang, n=fmt_int(df["cumulative"].iloc[-1], lang), period=_period(filters))
    return finish(fig, title, df, filters, lang)


def _period(filters: Filters) -> str:
    a, b = filters.start.year, filters.end.year
    return str(a) if a == b else f"{a}–{b}"


def data_most_replicated(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
    labels = _labels(session, lang)
    rows = [{"origin_id": r["origin_id"], "title": r["title"], "unit": labels.unit_name(r["commune_id"] or r["unit_id"]),
             "year": r["year"], "copies": r["copies"], "units": r["units"]}
            for r in qreplication.most_replicated(session, filters, labels.codes)]
    return _frame(rows, ["origin_id", "title", "unit", "year", "copies", "units"], labels)


def figure_most_replicated(df: pd.DataFrame, filters: Filters, lang: str) -> go.Figure:
    if df.empty:
        return empty_figure(filters, lang, df)
    fig = base_figure(lang, height=max(360, 32 * len(df) + 140))
    ylabels = [f"{esc(_short(tl))} (#{i})" for tl, i in zip(df["title"], df["origin_id"])]
    fig.add_bar(y=ylabels, x=df["copies"], orientation="h", marker_color="#009E73", name="",
                text=[t("chart.most.bar", lang, copies=fmt_int(c, lang), units=fmt_int(u, lang))
                      for c, u in zip(df["copies"], df["units"])], textposition="auto",
                customdata=list(zip(df["unit"].map(esc), df["year"])),
                hovertemplate="%{y}<br>" + t("chart.most.origin", lang) + ": %{customdata[0]}, %{customdata[1]}"
                + "<br>" + t("chart.rep.copies", lang) + ": %{x:,.0f}<extra></extra>")
    fig.update_yaxes(autorange="reversed", title_text="")
    fig.update_xaxes(title_text=t("chart.rep.copies", lang))
    first = df.iloc[0]
    title = t("chart.most.title", lang, title=_short(first["title"], 60), copies=fmt_int(first["copies"], lang),
              units=fmt_int(first["units"], lang))
    return finish(fig, title, df, filters, lang)


def _short(s: str, n: int = 40) -> str:
    s = str(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def data_flows(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
    labels = _labels(session, lang)
    rows = [{"origin_code": labels.units[a].code if a in labels.units else str(a),
             "origin": _unit_label(labels.units.get(a)),
             "target_code": labels.units[b].code if b in labels.units else str(b),
             "target": _unit_label(labels.units.get(b)), "n": n}
            for a, b, n in qreplication.replication_flows(session, filters, labels.codes)]
    return _frame(rows, ["origin_code", "origin", "target_code", "target", "n"], labels)


def figure_flows(df: pd.DataFrame, filters: Filters, lang: str, top: int = 20) -> go.Figure:
    """A matrix: rows are origin units, columns adopting units (the busiest ``top`` of each)."""
    if df.empty or not df["n"].sum():
        return empty_figure(filters, lang, df)
    origins = list(df.groupby("origin")["n"].sum().sort_values(ascending=False).index[:top])
    targets = list(df.groupby("target")["n"].sum().sort_values(ascending=False).index[:top])
    table = df.pivot_table(index="origin", columns="target", values="n", aggfunc="sum").reindex(index=origins, columns=targets)
    fig = base_figure(lang, height=max(420, 22 * len(origins) + 200))
    fig.add_heatmap(z=table.values, x=[esc(x) for x in targets], y=[esc(y) for y in origins], colorscale="Greens",
                    xgap=1, ygap=1, colorbar=dict(title=dict(text=t("chart.rep.copies", lang)), thickness=12),
                    hovertemplate=t("chart.flows.hover", lang) + "<extra></extra>")
    fig.update_xaxes(tickangle=-45, title_text=t("chart.flows.to", lang))
    fig.update_yaxes(autorange="reversed", title_text=t("chart.flows.from", lang))
    inside = df[df["origin_code"] == df["target_code"]]["n"].sum()
    share_out = 1 - inside / df["n"].sum()
    best = df.sort_values("n", ascending=False).iloc[0]
    title = t("chart.flows.title", lang, share=fmt_pct(share_out, lang), origin=best["origin"], target=best["target"])
    note = t("chart.flows.top_note", lang, n=top) if len(set(df["origin"])) > top or len(set(df["target"])) > top else None
    return finish(fig, title, df, filters, lang, note=note)


def data_time_to_copy(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
    labels = _labels(session, lang)
    counts = {key: 0 for _lo, _hi, key in MONTHS_BUCKETS}
    for days, n in qreplication.days_to_first_copy(session, filters, labels.codes):
        for lo, hi, key in MONTHS_BUCKETS:
            if days >= lo and (hi is None or days <= hi):
                counts[key] += n
                break
        else:  # a copy dated before its origin counts in the first bucket
            counts[MONTHS_BUCKETS[0][2]] += n
    rows = [{"bucket": key, "label": t(key, lang), "families": counts[key]} for _lo, _hi, key in MONTHS_BUCKETS]
    return _frame(rows, ["bucket", "label", "families"], labels)


def figure_time_to_copy(df: pd.DataFrame, filters: Filters, lang: str) -> go.Figure:
    if df.empty or not df["families"].sum():
        return empty_figure(filters, lang, df)
    fig = base_figure(lang, height=340)
    fig.add_bar(x=df["label"], y=df["families"], marker_color="#56B4E9", name="",
                text=[fmt_int(v, lang) for v in df["families"]], textposition="outside", cliponaxis=False,
                hovertemplate="%{x}: %{y:,.0f} " + t("chart.ttc.families", lang) + "<extra></extra>")
    fig.update_yaxes(title_text=t("chart.ttc.families", lang))
    total_n = df["families"].sum()
    within_year = df[df["bucket"].isin(["ttc.b0", "ttc.b1", "ttc.b2"])]["families"].sum()
    title = t("chart.ttc.title", lang, share=fmt_pct(within_year / total_n, lang))
    return finish(fig, title, df, filters, lang, note=t("chart.ttc.note", lang))


def data_programme(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
    """Units (in the view) reached by the programme, cumulatively by year, against all units."""
    labels = _labels(session, lang)
    programmes = list(filters.programmes) or [v[0] for v in labels.programmes.values()][:1]
    if not programmes:
        return _frame([], ["year", "programme", "units", "units_total", "share"], labels)
    name = ", ".join(v[1] for v in labels.programmes.values() if v[0] in programmes)
    population = set(qlabels.view_units(session, filters.view, filters.start, filters.end))
    by_year: dict[int, set[int]] = {}
    for y, u, n in count_by(session, filters.with_(programmes=tuple(programmes)), ("year", "unit"), labels.codes):
        if n and u in population:
            by_year.setdefault(y, set()).add(u)
    seen: set[int] = set()
    rows = []
    for y in _years(filters):
        seen |= by_year.get(y, set())
        rows.append({"year": y, "programme": name, "units": len(seen), "units_total": len(population),
                     "share": len(seen) / len(population) if population else None})
    return _frame(rows, ["year", "programme", "units", "units_total", "share"], labels)


def figure_programme(df: pd.DataFrame, filters: Filters, lang: str) -> go.Figure:
    if df.empty or not df["units"].max():
        return empty_figure(filters, lang, df)
    fig = base_figure(lang, height=340)
    fig.add_scatter(x=df["year"], y=df["share"], mode="lines+markers+text", line=dict(color="#CC79A7", width=3),
                    text=[f"{fmt_int(u, lang)}/{fmt_int(tot, lang)}" for u, tot in zip(df["units"], df["units_total"])],
                    textposition="top center", name="", customdata=df["units"],
                    hovertemplate="%{x}: %{y:.0%} (%{customdata:,.0f})<extra></extra>")
    fig.update_xaxes(type="category")
    fig.update_yaxes(range=[0, 1.1], tickformat=".0%", title_text=t("chart.coverage.axis", lang))
    last = df.iloc[-1]
    title = t("chart.programme.title", lang, programme=_short(last["programme"], 50), share=fmt_pct(last["share"], lang),
              year=int(last["year"]))
    return finish(fig, title, df, filters, lang, note=t("chart.programme.note", lang))


# --------------------------------------------------------------------------- family tree
def family_tree_figure(rows: list[dict], labels: qlabels.Labels, filters: Filters, lang: str) -> go.Figure:
    """One model's family: members placed by year (x) and unit (y), lines from each copy to the
    record it was copied from. Not in CHARTS: it depends on a chosen record, not on the filters."""
    df = pd.DataFrame(rows)
    if df.empty:
        return empty_figure(filters, lang, df)
    df["unit"] = [_unit_label(labels.units.get(u)) for u in df["view_unit_id"]]
    order = list(dict.fromkeys(df.sort_values("registered_on")["unit"]))
    pos = {u: i for i, u in enumerate(order)}
    df["x"] = pd.to_datetime(df["registered_on"])
    by_id = df.set_index("id")
    fig = base_figure(lang, height=max(320, 28 * len(order) + 160))
    xs, ys = [], []
    for _, r in df.iterrows():
        if r["parent_id"] in by_id.index:
            p = by_id.loc[r["parent_id"]]
            xs += [p["x"], r["x"], None]
            ys += [pos[p["unit"]], pos[r["unit"]], None]
    fig.add_scatter(x=xs, y=ys, mode="lines", line=dict(color="#999", width=1), hoverinfo="skip", name="",
                    showlegend=False)
    for is_origin, colour, key in ((True, "#D55E00", "chart.family.origin"), (False, "#009E73", "chart.family.copy")):
        part = df[df["is_origin"] == is_origin]
        fig.add_scatter(x=part["x"], y=[pos[u] for u in part["unit"]], mode="markers", name=t(key, lang),
                        marker=dict(size=12 if is_origin else 9, color=colour, line=dict(color="#fff", width=1)),
                        customdata=list(zip(part["id"], part["title"].map(esc), part["unit"].map(esc),
                                            [d.strftime("%d/%m/%Y") if lang != "en" else d.isoformat()
                                             for d in part["registered_on"]])),
                        hovertemplate="#%{customdata[0]} %{customdata[1]}<br>%{customdata[2]}, %{customdata[3]}"
                        "<extra></extra>")
    fig.update_yaxes(tickvals=list(range(len(order))), ticktext=[esc(u) for u in order], autorange="reversed")
    fig.update_xaxes(title_text="", tickformat="%m/%Y" if lang != "en" else "%b %Y")
    origin = df[df["is_origin"]]
    first = origin.iloc[0] if not origin.empty else df.iloc[0]
    title = t("chart.family.title", lang, title=_short(first["title"], 60), copies=fmt_int(len(df) - 1, lang),
              units=fmt_int(len(order), lang))
    return finish(fig, title, df, filters, lang)


# --------------------------------------------------------------------------- the registry
_SPECS = [
    ChartSpec("theo-nam", "chart.by_year.name", data_by_year, figure_by_year),
    ChartSpec("theo-linh-vuc", "chart.by_field.name", _stack_data("field_id"), _stack_figure("chart.by_field.title")),
    ChartSpec("theo-loai-hinh", "chart.by_kind.name", _stack_data("kind"), _stack_figure("chart.by_kind.title")),
    ChartSpec("theo-khoi", "chart.by_bloc.name", _stack_data("bloc_id"), _stack_figure("chart.by_bloc.title")),
    ChartSpec("theo-giai-doan", "chart.by_stage.name", _stack_data("stage"), _stack_figure("chart.by_stage.title")),
    ChartSpec("giai-doan", "chart.funnel.name", data_funnel, figure_funnel),
    ChartSpec("tang-truong", "chart.growth.name", data_growth, figure_growth),
    ChartSpec("don-vi-theo-nam", "chart.heatmap.name", data_heatmap, figure_heatmap),
    ChartSpec("ban-do-don-vi", "chart.map.name", data_map, figure_map),
    ChartSpec("ban-do-don-vi-xa", "chart.map.per_commune_name", data_map,
              lambda df, f, lang: figure_map(df, f, lang, measure="per_commune")),
    ChartSpec("ban-do-ranh-gioi", "chart.choropleth.name", data_map, lambda df, f, lang: figure_choropleth(df, f, lang)),
    ChartSpec("do-phu-linh-vuc", "chart.coverage.name", data_coverage, figure_coverage),
    ChartSpec("xep-hang-don-vi", "chart.ranking.name", data_ranking, figure_ranking),
    ChartSpec("nhan-rong-theo-nam", "chart.rep.name", data_replication_years, figure_replication_years),
    ChartSpec("nhan-rong-nhieu-nhat", "chart.most.name", data_most_replicated, figure_most_replicated),
    ChartSpec("luong-nhan-rong", "chart.flows.name", data_flows, figure_flows),
    ChartSpec("thoi-gian-nhan-rong", "chart.ttc.name", data_time_to_copy, figure_time_to_copy),
    ChartSpec("do-phu-chuong-trinh", "chart.programme.name", data_programme, figure_programme),
]
CHARTS: dict[str, ChartSpec] = {spec.slug: spec for spec in _SPECS}

# The charts each page draws (the benchmark times these; exports can offer them by page).
PAGE_CHARTS: dict[str, tuple[str, ...]] = {
    "overview": ("theo-nam", "theo-linh-vuc", "ban-do-don-vi", "nhan-rong-theo-nam"),
    "number": ("theo-linh-vuc", "theo-loai-hinh", "theo-khoi", "theo-giai-doan", "giai-doan", "tang-truong"),
    "spread": ("don-vi-theo-nam", "ban-do-don-vi", "do-phu-linh-vuc", "xep-hang-don-vi"),
    "replication": ("nhan-rong-theo-nam", "nhan-rong-nhieu-nhat", "luong-nhan-rong", "thoi-gian-nhan-rong",
                    "do-phu-chuong-trinh"),
}
