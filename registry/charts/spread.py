"""Charts of the spread of models over the province: units by year (heatmap), the tile map of
districts and the dot map of the new units, coverage of fields, ranking (the boundary map is in
registry/charts/maps.py)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
from sqlmodel import Session

from registry.charts.theme import SEQUENTIAL, base_figure, empty_figure, finish, join_notes, labelled_bars, year_axis
from registry.charts.words import esc, unit_codes, unit_label, with_names, year_labels, years_of
from registry.config import DATA_DIR
from registry.datafiles import read_csv
from registry.i18n import fmt_int, fmt_num, fmt_pct, t
from registry.models import REFORM_DATE
from registry.queries import labels as qlabels
from registry.queries.counts import count_by
from registry.queries.filters import Codes, Filters
from registry.queries.labels import Labels


def data_heatmap(session: Session, filters: Filters, codes: Codes, *, today: dt.date) -> pd.DataFrame:
    code_of = unit_codes(codes)
    rows = [
        {"unit_code": code_of.get(u, str(u)), "year": y, "n": n}
        for y, u, n in count_by(session, filters=filters, group=("year", "unit"), codes=codes)
    ]
    return pd.DataFrame(rows, columns=["unit_code", "year", "n"])


def figure_heatmap(df: pd.DataFrame, filters: Filters, labels: Labels, *, today: dt.date) -> go.Figure:
    lang = labels.lang
    if df.empty or not df["n"].sum():
        return empty_figure(filters, labels)
    df = df.assign(unit=[unit_label(labels.unit_by_code(c)) for c in df["unit_code"]])
    totals = df.groupby("unit")["n"].sum().sort_values()
    units = list(totals.index)
    if len(units) > 40:
        units = units[-40:]
    years = years_of(filters)
    table = df.pivot_table(index="unit", columns="year", values="n", aggfunc="sum").reindex(index=units, columns=years)
    fig = base_figure(lang, height=max(380, 22 * len(units) + 140))
    fig.add_heatmap(
        z=table.values,
        x=year_labels(years, filters, lang, today),  # the partial year's column: "2026*"
        y=[esc(u) for u in units],
        colorscale=SEQUENTIAL,
        hovertemplate="%{y}, %{x}: %{z:,.0f} " + t("chart.hover.records", lang) + "<extra></extra>",
        colorbar=dict(title=dict(text=t("chart.records", lang)), thickness=12),
        xgap=1,
        ygap=1,
    )
    tick_note = year_axis(fig, years, filters, lang, today=today)
    top = totals.index[-1]
    note = t("chart.heatmap.top_note", lang, n=40) if len(totals) > 40 else None
    title = t("chart.heatmap.title", lang, unit=top, n=fmt_int(totals.iloc[-1], lang))
    return finish(fig, title, filters, labels, note=join_notes(note, tick_note))


@lru_cache(maxsize=1)
def district_tiles() -> dict[str, tuple[int, int, str]]:
    """Tile positions of the 27 district-level units: code -> (col, row, short)."""

    return {r["code"]: (int(r["col"]), int(r["row"]), r["short"]) for r in read_csv(DATA_DIR / "district_tiles.csv")}


def new_units_shown(filters: Filters) -> bool:
    """True when the view's units are the 166 of 1 Jul 2025: the new-units view, or "then" for a
    period that starts on that day or later (the districts no longer existed)."""
    return filters.view == "new-units" or (filters.view == "then" and filters.start >= REFORM_DATE)


def data_map(session: Session, filters: Filters, codes: Codes, *, today: dt.date) -> pd.DataFrame:
    """Counts per unit of the view's map (every unit of the view, zero where none; the districts
    of the tile map that the view merged away, with no count) and the count per commune."""
    counts = dict(count_by(session, filters=filters, group=("unit",), codes=codes))
    population = set(qlabels.view_units(session, view=filters.view, start=filters.start, end=filters.end))
    if not new_units_shown(filters):
        ids = {codes.units[c] for c in district_tiles() if c in codes.units}
    else:
        ids = population
    communes = qlabels.commune_counts(session, unit_ids=sorted(ids))
    code_of = unit_codes(codes)
    rows = []
    for uid in sorted(ids):
        in_view = uid in population
        n = counts.get(uid, 0) if in_view else None
        under = communes.get(uid)
        per = (n / under) if (n is not None and under) else None
        rows.append(
            {
                "unit_code": code_of[uid],
                "communes": under,
                "in_view": in_view,
                "n": n,
                "per_commune": per,
            }
        )
    return pd.DataFrame(rows, columns=["unit_code", "communes", "in_view", "n", "per_commune"])


def _placed(df: pd.DataFrame, labels: Labels) -> pd.DataFrame:
    """The map's frame with what draws it: names, tile positions and short names, centres."""
    tiles = district_tiles()
    units = [labels.unit_by_code(c) for c in df["unit_code"]]
    return df.assign(
        unit=[labels.unit_name(u.id) if u else c for u, c in zip(units, df["unit_code"], strict=True)],
        short=[tiles[c][2] if c in tiles else unit_label(u) for u, c in zip(units, df["unit_code"], strict=True)],
        col=[tiles[c][0] if c in tiles else None for c in df["unit_code"]],
        row=[tiles[c][1] if c in tiles else None for c in df["unit_code"]],
        lat=[u.lat if u else None for u in units],
        lon=[u.lon if u else None for u in units],
    )


def _map_title(df: pd.DataFrame, lang: str, measure: str) -> str:
    shown = df[df["in_view"] & df["n"].notna()]
    if shown.empty or not shown["n"].sum():
        return t("chart.no_data", lang)
    if measure == "per_commune" and shown["per_commune"].notna().any():
        best = shown.sort_values("per_commune", ascending=False).iloc[0]
        return t("chart.map.title_per", lang, unit=best["unit"], v=_fmt1(best["per_commune"], lang))
    best = shown.sort_values("n", ascending=False).iloc[0]
    return t("chart.map.title", lang, unit=best["unit"], n=fmt_int(best["n"], lang))


def figure_map(df: pd.DataFrame, filters: Filters, labels: Labels, *, today: dt.date, measure: str = "n") -> go.Figure:
    """A tile map of the 27 districts (then / districts-2025) or a dot map of the new units."""
    lang = labels.lang
    if df.empty:
        return empty_figure(filters, labels)
    df = _placed(df, labels)
    if measure == "per_commune" and df["per_commune"].isna().all():
        measure = "n"  # new communes and wards have no communes under them
    measure_label = t("chart.map.per_commune" if measure == "per_commune" else "chart.records", lang)
    if not new_units_shown(filters):
        fig = base_figure(lang, height=520)
        cols, rows = int(df["col"].max()) + 1, int(df["row"].max()) + 1
        z = [[None] * cols for _ in range(rows)]
        text = [[""] * cols for _ in range(rows)]
        hover = [[""] * cols for _ in range(rows)]
        for r in df.itertuples():
            value = getattr(r, measure)
            shown_value = (
                (fmt_int(value, lang) if measure == "n" else _fmt1(value, lang))
                if r.in_view
                else t("chart.map.merged", lang)
            )
            text[r.row][r.col] = f"<b>{esc(r.short)}</b><br>{shown_value}"
            hover[r.row][r.col] = f"{esc(r.unit)}: {shown_value}"
            z[r.row][r.col] = (value if value == value and value is not None else 0) if r.in_view else None
        fig.add_heatmap(
            z=z,
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=SEQUENTIAL,
            zmin=0,
            xgap=3,
            ygap=3,
            textfont=dict(size=11),
            colorbar=colourbar_below(measure_label),
            name="",
        )
        for r in df[~df["in_view"]].itertuples():  # a merged unit: a grey tile with its label
            fig.add_shape(
                type="rect",
                x0=r.col - 0.5 + 0.03,
                x1=r.col + 0.5 - 0.03,
                y0=r.row - 0.5 + 0.03,
                y1=r.row + 0.5 - 0.03,
                fillcolor="#e6e6e6",
                line=dict(width=0),
                layer="below",
            )
        fig.update_xaxes(visible=False, showgrid=False)
        fig.update_yaxes(visible=False, showgrid=False, autorange="reversed", scaleanchor="x", scaleratio=1)
        fig.update_layout(showlegend=False, plot_bgcolor="#fff", margin=dict(b=60))
        note = t("chart.map.tile_note", lang)
    else:
        shown = df.dropna(subset=["lat", "lon"])
        fig = base_figure(lang, height=560)
        size = shown["n"].fillna(0)
        scale = 28 / max(1, (size.max() ** 0.5))
        fig.add_scatter(
            x=shown["lon"],
            y=shown["lat"],
            mode="markers",
            marker=dict(
                size=[6 + scale * (v**0.5) for v in size],
                color=shown[measure].fillna(0),
                colorscale=SEQUENTIAL,
                cmin=0,
                line=dict(color="#555", width=0.5),
                colorbar=colourbar_below(measure_label),
            ),
            customdata=list(zip(shown["unit"].map(esc), shown["n"].fillna(0), strict=False)),
            hovertemplate="%{customdata[0]}: %{customdata[1]:,.0f}<extra></extra>",
            name="",
        )
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
        fig.update_layout(showlegend=False, plot_bgcolor="#fff", margin=dict(b=60))
        note = t("chart.map.dot_note", lang)
    return finish(fig, _map_title(df, lang, measure), filters, labels, note=note)


def colourbar_below(title: str) -> dict:
    """A short horizontal colour bar under a map: beside it, it would take a third of a phone's width."""
    return dict(
        title=dict(text=title, side="top"),
        orientation="h",
        lenmode="pixels",
        len=220,
        thickness=10,
        x=0.5,
        xanchor="center",
        y=0,
        yanchor="top",
        ypad=4,
    )


def _fmt1(value, lang: str) -> str:
    return fmt_num(value, lang, 1) if value is not None and value == value else "–"


def data_coverage(session: Session, filters: Filters, codes: Codes, *, today: dt.date) -> pd.DataFrame:
    population = set(qlabels.view_units(session, view=filters.view, start=filters.start, end=filters.end))
    hits: dict[int, set[int]] = {}
    for unit, field_id, n in count_by(session, filters=filters, group=("unit", "field_id"), codes=codes):
        if n and unit in population:
            hits.setdefault(field_id, set()).add(unit)
    rows = [
        {
            "field_code": code,
            "units": len(hits.get(fid, ())),
            "units_total": len(population),
            "share": (len(hits.get(fid, ())) / len(population)) if population else None,
        }
        for code, fid in codes.fields.items()
        if not filters.fields or code in filters.fields
    ]
    return pd.DataFrame(rows, columns=["field_code", "units", "units_total", "share"])


def figure_coverage(df: pd.DataFrame, filters: Filters, labels: Labels, *, today: dt.date) -> go.Figure:
    lang = labels.lang
    if df.empty or not df["units_total"].max() or not df["units"].sum():
        return empty_figure(filters, labels)
    order = {code: i for i, (code, _n, _c) in enumerate(labels.fields.values())}
    df = df.sort_values("field_code", key=lambda s: s.map(order), kind="stable")
    fields = [labels.field_by_code(c) for c in df["field_code"]]
    df = df.assign(label=[f[1] for f in fields], colour=[f[2] for f in fields])
    fig = base_figure(lang, height=320)
    fig.add_bar(
        y=df["label"].map(esc),
        x=df["share"],
        orientation="h",
        marker_color=list(df["colour"]),
        name="",
        text=[
            f"{fmt_pct(s, lang)} ({fmt_int(u, lang)}/{fmt_int(tot, lang)})"
            for s, u, tot in zip(df["share"], df["units"], df["units_total"], strict=False)
        ],
        textposition="auto",
        customdata=df["units"],
        hovertemplate="%{y}: %{x:.0%} (%{customdata:,.0f})<extra></extra>",
    )
    fig.update_xaxes(range=[0, 1.05], tickformat=".0%", title_text=t("chart.coverage.axis", lang))
    fig.update_yaxes(autorange="reversed", title_text="")
    low = df.sort_values("share").iloc[0]
    if low["share"] >= 1:
        title = t("chart.coverage.title_full", lang, n=fmt_int(low["units_total"], lang))
    else:
        title = t("chart.coverage.title", lang, name=low["label"], share=fmt_pct(low["share"], lang))
    return finish(fig, title, filters, labels)


def data_ranking(session: Session, filters: Filters, codes: Codes, *, today: dt.date) -> pd.DataFrame:
    code_of = unit_codes(codes)
    rows = [
        {"unit_code": code_of.get(u, str(u)), "n": n}
        for u, n in count_by(session, filters=filters, group=("unit",), codes=codes)
    ]
    df = pd.DataFrame(rows, columns=["unit_code", "n"])
    return df.sort_values(["n", "unit_code"], ascending=[False, True], ignore_index=True) if not df.empty else df


def figure_ranking(df: pd.DataFrame, filters: Filters, labels: Labels, *, today: dt.date, top: int = 30) -> go.Figure:
    lang = labels.lang
    if df.empty:
        return empty_figure(filters, labels)
    shown = with_names(df.head(top), labels)
    fig = base_figure(lang, height=max(360, 20 * len(shown) + 140))
    labelled_bars(
        fig,
        [fmt_int(v, lang) for v in shown["n"]],
        "%{y}: %{x:,.0f}<extra></extra>",
        y=shown["unit"].map(esc),
        x=shown["n"],
        orientation="h",
        marker_color="#0072B2",
        name="",
    )
    fig.update_yaxes(autorange="reversed", title_text="")
    fig.update_xaxes(title_text=t("chart.records", lang))
    first = shown.iloc[0]
    share = first["n"] / df["n"].sum()
    note = t("chart.ranking.top_note", lang, n=top) if len(df) > top else None
    return finish(
        fig,
        t("chart.ranking.title", lang, unit=first["unit"], share=fmt_pct(share, lang)),
        filters,
        labels,
        note=note,
    )
