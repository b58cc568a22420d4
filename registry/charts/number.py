"""Charts of the number of models and exemplars: per year, stacked by field, kind, bloc or stage,
the funnel of stages, growth on the previous year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
from sqlmodel import Session

from registry.charts.theme import (
    BLOC_COLOURS,
    KIND_COLOURS,
    STAGE_COLOURS,
    base_figure,
    empty_figure,
    finish,
    hover,
    join_notes,
    labelled_bars,
    year_axis,
)
from registry.charts.words import (
    day_text,
    esc,
    partial_marker,
    partial_year,
    same_day_before,
    year_label,
    year_labels,
    years_of,
)
from registry.i18n import fmt_int, fmt_pct, t
from registry.models import KINDS, STAGES
from registry.queries import counts as qcounts
from registry.queries.counts import count_by, total
from registry.queries.filters import Codes, Filters
from registry.queries.labels import Labels


# --------------------------------------------------------------------------- number
def data_by_year(session: Session, filters: Filters, codes: Codes, *, today: dt.date) -> pd.DataFrame:
    counts = dict(count_by(session, filters=filters, group=("year",), codes=codes))
    return pd.DataFrame([{"year": y, "n": counts.get(y, 0)} for y in years_of(filters)], columns=["year", "n"])


def figure_by_year(df: pd.DataFrame, filters: Filters, labels: Labels, *, today: dt.date) -> go.Figure:
    lang = labels.lang
    if df.empty or not df["n"].sum():
        return empty_figure(filters, labels)
    fig = base_figure(lang)
    labelled_bars(
        fig,
        [fmt_int(v, lang) for v in df["n"]],
        "%{x}: %{y:,.0f} " + t("chart.hover.records", lang) + "<extra></extra>",
        x=year_labels(df["year"], filters, lang, today),
        y=df["n"],
        name=t("chart.records", lang),
        marker=partial_marker("#0072B2", df["year"], filters, today),
    )
    fig.update_xaxes(title_text="")
    tick_note = year_axis(fig, df["year"], filters, lang, today=today)
    fig.update_yaxes(title_text=t("chart.records", lang), rangemode="tozero")
    last = df.iloc[-1]
    year = year_label(last["year"], filters, lang, today)
    title = t("chart.by_year.title", lang, year=year, n=fmt_int(last["n"], lang))
    partial = partial_year(filters, today)
    if partial and partial[0] == int(last["year"]):
        # never a decline read off a year that is not over: the same part of each year is on the
        # growth chart ("tang-truong"), this title only says the year runs on
        title = t("chart.by_year.title_partial", lang, year=year, n=fmt_int(last["n"], lang))
    elif len(df) > 1 and df.iloc[-2]["n"]:
        change = last["n"] / df.iloc[-2]["n"] - 1
        key = "chart.by_year.title_up" if change >= 0 else "chart.by_year.title_down"
        title = t(
            key,
            lang,
            year=year,
            n=fmt_int(last["n"], lang),
            pct=fmt_pct(abs(change), lang),
            prev=int(df.iloc[-2]["year"]),
        )
    return finish(fig, title, filters, labels, note=tick_note)


# The code column of each stacking dimension (its name column is NAME_COLUMNS[...]).
STACK_COLUMNS = {"field_id": "field_code", "bloc_id": "bloc_code", "kind": "kind", "stage": "stage"}


def stack_data(dim: str) -> Callable[..., pd.DataFrame]:
    """Per year, stacked by a dimension: field_id, kind, bloc_id or stage."""
    column = STACK_COLUMNS[dim]

    def data(session: Session, filters: Filters, codes: Codes, *, today: dt.date) -> pd.DataFrame:
        counts = {(r[0], r[1]): r[2] for r in count_by(session, filters=filters, group=("year", dim), codes=codes)}
        groups: list[tuple[str, int | str]]
        if dim == "field_id":
            groups = list(codes.fields.items())
        elif dim == "bloc_id":
            groups = list(codes.blocs.items())
        else:
            groups = [(k, k) for k in (KINDS if dim == "kind" else STAGES)]
        rows = [
            {"year": y, column: code, "n": counts.get((y, key), 0)} for code, key in groups for y in years_of(filters)
        ]
        return pd.DataFrame(rows, columns=["year", column, "n"])

    return data


def _stack_groups(dim: str, labels: Labels) -> list[tuple[str, str, str]]:
    """(code, name, colour) of the dimension's groups, in the order of the legend."""
    if dim == "field_id":
        return [(code, name, colour) for code, name, colour in labels.fields.values()]
    if dim == "bloc_id":
        return [
            (code, name, BLOC_COLOURS[i % len(BLOC_COLOURS)])
            for i, (code, name, _s) in enumerate(labels.blocs.values())
        ]
    if dim == "kind":
        return [(k, t(f"kind.{k}", labels.lang), KIND_COLOURS[k]) for k in KINDS]
    return [(s, t(f"stage.{s}", labels.lang), STAGE_COLOURS[s]) for s in STAGES]


def stack_figure(dim: str, title_key: str) -> Callable[..., go.Figure]:
    column = STACK_COLUMNS[dim]

    def figure(df: pd.DataFrame, filters: Filters, labels: Labels, *, today: dt.date) -> go.Figure:
        lang = labels.lang
        if df.empty or not df["n"].sum():
            return empty_figure(filters, labels)
        fig = base_figure(lang, height=420)
        names = {}
        for code, name, colour in _stack_groups(dim, labels):
            part = df[df[column] == code]
            if part.empty:
                continue
            names[code] = name
            fig.add_bar(
                x=year_labels(part["year"], filters, lang, today),
                y=part["n"],
                name=esc(name),
                marker=partial_marker(colour, part["year"], filters, today),
                hovertemplate=hover(lang),
            )
        fig.update_layout(barmode="stack")
        fig.update_xaxes(title_text="")
        tick_note = year_axis(fig, df["year"], filters, lang, today=today)
        fig.update_yaxes(title_text=t("chart.records", lang))
        years = df.groupby("year")["n"].sum()
        year = int(years[years > 0].index.max())
        part = df[df["year"] == year].sort_values("n", ascending=False).iloc[0]
        share = part["n"] / years[year]
        name = names.get(part[column], str(part[column]))
        title = t(title_key, lang, name=name, share=fmt_pct(share, lang), year=year_label(year, filters, lang, today))
        return finish(fig, title, filters, labels, note=tick_note)

    return figure


def data_funnel(session: Session, filters: Filters, codes: Codes, *, today: dt.date) -> pd.DataFrame:
    reached = qcounts.stage_reached(dict(count_by(session, filters=filters, group=("stage",), codes=codes)))
    return pd.DataFrame([{"stage": s, "n": reached[s]} for s in STAGES], columns=["stage", "n"])


def figure_funnel(df: pd.DataFrame, filters: Filters, labels: Labels, *, today: dt.date) -> go.Figure:
    lang = labels.lang
    if df.empty or not df["n"].iloc[0]:
        return empty_figure(filters, labels)
    fig = base_figure(lang)
    first = df["n"].iloc[0]
    fig.add_trace(
        go.Funnel(
            y=[t(f"stage.{s}", lang) for s in df["stage"]],
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
    return finish(fig, title, filters, labels, note=t("chart.funnel.note", lang))


def data_growth(session: Session, filters: Filters, codes: Codes, *, today: dt.date) -> pd.DataFrame:
    """Growth of each year on the one before. A partial year (the current one, or one the filters
    cut at a date) is compared with the same part of the year before: 1 Jan to the same day
    ("until" says which day), so that a year that is not over never reads as a decline."""
    wider = filters.with_(year_from=filters.start.year - 1, date_from=None) if not filters.date_from else filters
    counts = dict(count_by(session, filters=wider, group=("year",), codes=codes))
    partial = partial_year(filters, today)
    rows = []
    for y in years_of(filters):
        prev = counts.get(y - 1, 0)
        n = counts.get(y, 0)
        until = None
        if partial and y == partial[0] and (wider.start.year < y):
            until = partial[1]
            this_part = filters.with_(year_from=y, date_from=None, year_until=y, date_until=until)
            before = same_day_before(until)
            before_part = filters.with_(year_from=y - 1, date_from=None, year_until=y - 1, date_until=before)
            n = total(session, filters=this_part, codes=codes)
            prev = total(session, filters=before_part, codes=codes)
        rows.append({"year": y, "n": n, "previous": prev, "growth": (n / prev - 1) if prev else None, "until": until})
    return pd.DataFrame(rows, columns=["year", "n", "previous", "growth", "until"])


def figure_growth(df: pd.DataFrame, filters: Filters, labels: Labels, *, today: dt.date) -> go.Figure:
    lang = labels.lang
    known = df.dropna(subset=["growth"]) if not df.empty else df
    if known.empty:
        return empty_figure(filters, labels)
    fig = base_figure(lang)
    colours = ["#009E73" if g >= 0 else "#D55E00" for g in known["growth"]]
    labelled_bars(
        fig,
        [fmt_pct(g, lang) for g in known["growth"]],
        "%{x}: %{y:.0%}<extra></extra>",
        x=year_labels(known["year"], filters, lang, today),
        y=known["growth"],
        marker=partial_marker(colours, known["year"], filters, today),
        name="",
    )
    fig.update_xaxes(title_text="")
    tick_note = year_axis(fig, known["year"], filters, lang, today=today)
    fig.update_yaxes(tickformat=".0%", title_text=t("chart.growth.axis", lang), zeroline=True)
    last = known.iloc[-1]
    until = last["until"] if "until" in known.columns else None
    same_period = isinstance(until, dt.date)
    key = "chart.growth.title_up" if last["growth"] >= 0 else "chart.growth.title_down"
    if same_period:
        key += "_same"
    title = t(key, lang, year=year_label(last["year"], filters, lang, today), pct=fmt_pct(abs(last["growth"]), lang))
    note = None
    if isinstance(until, dt.date):  # same_period
        note = t("chart.growth.same_period_note", lang, year=int(last["year"]), day=day_text(until, lang))
    return finish(fig, title, filters, labels, note=join_notes(note, tick_note))
