"""Charts of the number of models and exemplars: per year, stacked by field, kind, bloc or stage,
the funnel of stages, growth on the previous year."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
from sqlmodel import Session

from registry.charts.theme import BLOC_COLOURS, KIND_COLOURS, STAGE_COLOURS, base_figure, empty_figure, finish, hover
from registry.charts.words import esc, frame, load_labels, years_of
from registry.i18n import fmt_int, fmt_pct, t
from registry.models import KINDS, STAGES
from registry.queries import counts as qcounts
from registry.queries.counts import count_by
from registry.queries.filters import Filters


# --------------------------------------------------------------------------- number
def data_by_year(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
    labels = load_labels(session, lang)
    counts = dict(count_by(session, filters=filters, group=("year",), codes=labels.codes))
    return frame([{"year": y, "n": counts.get(y, 0)} for y in years_of(filters)], ["year", "n"], labels)


def figure_by_year(df: pd.DataFrame, filters: Filters, lang: str) -> go.Figure:
    if df.empty or not df["n"].sum():
        return empty_figure(filters, lang, df)
    fig = base_figure(lang)
    fig.add_bar(
        x=df["year"],
        y=df["n"],
        name=t("chart.records", lang),
        marker_color="#0072B2",
        text=[fmt_int(v, lang) for v in df["n"]],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{x}: %{y:,.0f} " + t("chart.hover.records", lang) + "<extra></extra>",
    )
    fig.update_xaxes(type="category", title_text="")
    fig.update_yaxes(title_text=t("chart.records", lang), rangemode="tozero")
    last = df.iloc[-1]
    title = t("chart.by_year.title", lang, year=int(last["year"]), n=fmt_int(last["n"], lang))
    if len(df) > 1 and df.iloc[-2]["n"]:
        change = last["n"] / df.iloc[-2]["n"] - 1
        key = "chart.by_year.title_up" if change >= 0 else "chart.by_year.title_down"
        title = t(
            key,
            lang,
            year=int(last["year"]),
            n=fmt_int(last["n"], lang),
            pct=fmt_pct(abs(change), lang),
            prev=int(df.iloc[-2]["year"]),
        )
    return finish(fig, title, df, filters, lang)


def stack_data(dim: str) -> Callable[[Session, Filters, str], pd.DataFrame]:
    """Per year, stacked by a dimension: field_id, kind, bloc_id or stage."""

    def data(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
        labels = load_labels(session, lang)
        counts = {
            (r[0], r[1]): r[2] for r in count_by(session, filters=filters, group=("year", dim), codes=labels.codes)
        }
        if dim == "field_id":
            groups = [(fid, code, name, colour) for fid, (code, name, colour) in labels.fields.items()]
        elif dim == "bloc_id":
            groups = [
                (bid, code, name, BLOC_COLOURS[i % len(BLOC_COLOURS)])
                for i, (bid, (code, name, _s)) in enumerate(labels.blocs.items())
            ]
        elif dim == "kind":
            groups = [(k, k, t(f"kind.{k}", lang), KIND_COLOURS[k]) for k in KINDS]
        else:
            groups = [(s, s, t(f"stage.{s}", lang), STAGE_COLOURS[s]) for s in STAGES]
        rows = [
            {"year": y, "code": code, "label": name, "colour": colour, "n": counts.get((y, key), 0)}
            for key, code, name, colour in groups
            for y in years_of(filters)
        ]
        return frame(rows, ["year", "code", "label", "colour", "n"], labels)

    return data


def stack_figure(title_key: str) -> Callable[[pd.DataFrame, Filters, str], go.Figure]:
    def figure(df: pd.DataFrame, filters: Filters, lang: str) -> go.Figure:
        if df.empty or not df["n"].sum():
            return empty_figure(filters, lang, df)
        fig = base_figure(lang, height=420)
        for _code, part in df.groupby("code", sort=False):
            fig.add_bar(
                x=part["year"],
                y=part["n"],
                name=esc(part["label"].iloc[0]),
                marker_color=part["colour"].iloc[0],
                hovertemplate=hover(lang),
            )
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
    labels = load_labels(session, lang)
    reached = qcounts.stage_reached(dict(count_by(session, filters=filters, group=("stage",), codes=labels.codes)))
    rows = [{"stage": s, "label": t(f"stage.{s}", lang), "n": reached[s]} for s in STAGES]
    return frame(rows, ["stage", "label", "n"], labels)


def figure_funnel(df: pd.DataFrame, filters: Filters, lang: str) -> go.Figure:
    if df.empty or not df["n"].iloc[0]:
        return empty_figure(filters, lang, df)
    fig = base_figure(lang)
    first = df["n"].iloc[0]
    fig.add_trace(
        go.Funnel(
            y=df["label"],
            x=df["n"],
            marker=dict(color=[STAGE_COLOURS[s] for s in df["stage"]]),
            text=[f"{fmt_int(n, lang)} ({fmt_pct(n / first, lang)})" for n in df["n"]],
            textinfo="text",
            textfont=dict(color=["#111", "#111", "#111", "#fff", "#fff"]),
            hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
            name="",
        )
    )
    awarded = df["n"].iloc[-1]
    title = t("chart.funnel.title", lang, share=fmt_pct(awarded / first, lang))
    return finish(fig, title, df, filters, lang, note=t("chart.funnel.note", lang))


def data_growth(session: Session, filters: Filters, lang: str) -> pd.DataFrame:
    labels = load_labels(session, lang)
    wider = filters.with_(year_from=filters.start.year - 1, date_from=None) if not filters.date_from else filters
    counts = dict(count_by(session, filters=wider, group=("year",), codes=labels.codes))
    rows = []
    for y in years_of(filters):
        prev = counts.get(y - 1, 0)
        n = counts.get(y, 0)
        rows.append({"year": y, "n": n, "previous": prev, "growth": (n / prev - 1) if prev else None})
    return frame(rows, ["year", "n", "previous", "growth"], labels)


def figure_growth(df: pd.DataFrame, filters: Filters, lang: str) -> go.Figure:
    known = df.dropna(subset=["growth"]) if not df.empty else df
    if known.empty:
        return empty_figure(filters, lang, df)
    fig = base_figure(lang)
    colours = ["#009E73" if g >= 0 else "#D55E00" for g in known["growth"]]
    fig.add_bar(
        x=known["year"],
        y=known["growth"],
        marker_color=colours,
        name="",
        text=[fmt_pct(g, lang) for g in known["growth"]],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{x}: %{y:.0%}<extra></extra>",
    )
    fig.update_xaxes(type="category", title_text="")
    fig.update_yaxes(tickformat=".0%", title_text=t("chart.growth.axis", lang), zeroline=True)
    last = known.iloc[-1]
    title = t(
        "chart.growth.title_up" if last["growth"] >= 0 else "chart.growth.title_down",
        lang,
        year=int(last["year"]),
        pct=fmt_pct(abs(last["growth"]), lang),
    )
    return finish(fig, title, df, filters, lang)
