"""Charts of replication: copies per year, the most replicated models, flows between units, the
time to the first copy, programme coverage, and one family's tree."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from sqlmodel import Session

from registry.charts.theme import base_figure, empty_figure, finish, labelled_bars, year_axis
from registry.charts.words import (
    esc,
    partial_marker,
    period_text,
    shorten,
    unit_codes,
    unit_label,
    with_names,
    year_labels,
    years_of,
)
from registry.i18n import fmt_int, fmt_pct, t
from registry.queries import labels as qlabels
from registry.queries import replication as qreplication
from registry.queries.counts import count_by
from registry.queries.filters import Codes, Filters
from registry.queries.labels import Labels

MONTHS_BUCKETS = (
    (0, 90, "ttc.b0"),
    (91, 182, "ttc.b1"),
    (183, 365, "ttc.b2"),
    (366, 730, "ttc.b3"),
    (731, None, "ttc.b4"),
)


# --------------------------------------------------------------------------- replication
def data_replication_years(session: Session, filters: Filters, codes: Codes, *, today: dt.date) -> pd.DataFrame:
    counts = {
        y: n
        for y, rep, n in count_by(session, filters=filters, group=("year", "is_replication"), codes=codes)
        if rep == 1
    }
    running = 0
    rows = []
    for y in years_of(filters):
        running += counts.get(y, 0)
        rows.append({"year": y, "n": counts.get(y, 0), "cumulative": running})
    return pd.DataFrame(rows, columns=["year", "n", "cumulative"])


def figure_replication_years(df: pd.DataFrame, filters: Filters, labels: Labels, *, today: dt.date) -> go.Figure:
    lang = labels.lang
    if df.empty or not df["n"].sum():
        return empty_figure(filters, labels)
    fig = base_figure(lang)
    ticks = year_labels(df["year"], filters, lang, today)
    fig.add_bar(
        x=ticks,
        y=df["n"],
        name=t("chart.rep.per_year", lang),
        marker=partial_marker("#009E73", df["year"], filters, today),  # the partial year lighter, hatched
        hovertemplate="%{x}: %{y:,.0f}<extra>" + t("chart.rep.per_year", lang) + "</extra>",
    )
    fig.add_scatter(
        x=ticks,
        y=df["cumulative"],
        name=t("chart.rep.cumulative", lang),
        mode="lines+markers",
        line=dict(color="#000", width=2),
        yaxis="y2",
        hovertemplate="%{x}: %{y:,.0f}<extra>" + t("chart.rep.cumulative", lang) + "</extra>",
    )
    fig.update_layout(
        yaxis2=dict(
            overlaying="y",
            side="right",
            rangemode="tozero",
            showgrid=False,
            tickformat=",d",
            title_text=t("chart.rep.cumulative", lang),
        )
    )
    tick_note = year_axis(fig, df["year"], filters, lang, today=today)
    fig.update_yaxes(title_text=t("chart.rep.per_year", lang), rangemode="tozero", selector=dict(anchor="x"))
    n = fmt_int(df["cumulative"].iloc[-1], lang)
    title = t("chart.rep.title", lang, n=n, period=period_text(filters, lang, today))
    return finish(fig, title, filters, labels, note=tick_note)


def data_most_replicated(session: Session, filters: Filters, codes: Codes, *, today: dt.date) -> pd.DataFrame:
    code_of = unit_codes(codes)
    rows = [
        {
            "origin_id": r["origin_id"],
            "title": r["title"],
            "unit_code": code_of.get(r["commune_id"] or r["unit_id"]),
            "year": r["year"],
            "copies": r["copies"],
            "units": r["units"],
        }
        for r in qreplication.most_replicated(session, filters=filters, codes=codes)
    ]
    return pd.DataFrame(rows, columns=["origin_id", "title", "unit_code", "year", "copies", "units"])


def figure_most_replicated(df: pd.DataFrame, filters: Filters, labels: Labels, *, today: dt.date) -> go.Figure:
    lang = labels.lang
    if df.empty:
        return empty_figure(filters, labels)
    df = with_names(df, labels)
    fig = base_figure(lang, height=max(360, 32 * len(df) + 140))
    ylabels = [f"{esc(shorten(tl))} (#{i})" for tl, i in zip(df["title"], df["origin_id"], strict=False)]
    fig.add_bar(
        y=ylabels,
        x=df["copies"],
        orientation="h",
        marker_color="#009E73",
        name="",
        text=[
            t("chart.most.bar", lang, copies=fmt_int(c, lang), units=fmt_int(u, lang))
            for c, u in zip(df["copies"], df["units"], strict=False)
        ],
        textposition="auto",
        customdata=list(zip(df["unit"].map(esc), df["year"], strict=False)),
        hovertemplate="%{y}<br>"
        + t("chart.most.origin", lang)
        + ": %{customdata[0]}, %{customdata[1]}"
        + "<br>"
        + t("chart.rep.copies", lang)
        + ": %{x:,.0f}<extra></extra>",
    )
    fig.update_yaxes(autorange="reversed", title_text="")
    fig.update_xaxes(title_text=t("chart.rep.copies", lang))
    first = df.iloc[0]
    title = t(
        "chart.most.title",
        lang,
        title=shorten(first["title"], 60),
        copies=fmt_int(first["copies"], lang),
        units=fmt_int(first["units"], lang),
    )
    return finish(fig, title, filters, labels)


def data_flows(session: Session, filters: Filters, codes: Codes, *, today: dt.date) -> pd.DataFrame:
    code_of = unit_codes(codes)
    rows = [
        {"origin_code": code_of.get(a, str(a)), "target_code": code_of.get(b, str(b)), "n": n}
        for a, b, n in qreplication.replication_flows(session, filters=filters, codes=codes)
    ]
    return pd.DataFrame(rows, columns=["origin_code", "target_code", "n"])


def figure_flows(df: pd.DataFrame, filters: Filters, labels: Labels, *, today: dt.date, top: int = 20) -> go.Figure:
    """A matrix: rows are origin units, columns adopting units (the busiest ``top`` of each)."""
    lang = labels.lang
    if df.empty or not df["n"].sum():
        return empty_figure(filters, labels)
    df = df.assign(
        origin=[unit_label(labels.unit_by_code(c)) for c in df["origin_code"]],
        target=[unit_label(labels.unit_by_code(c)) for c in df["target_code"]],
    )
    origins = list(df.groupby("origin")["n"].sum().sort_values(ascending=False).index[:top])
    targets = list(df.groupby("target")["n"].sum().sort_values(ascending=False).index[:top])
    table = df.pivot_table(index="origin", columns="target", values="n", aggfunc="sum").reindex(
        index=origins, columns=targets
    )
    fig = base_figure(lang, height=max(420, 22 * len(origins) + 200))
    fig.add_heatmap(
        z=table.values,
        x=[esc(x) for x in targets],
        y=[esc(y) for y in origins],
        colorscale="Greens",
        xgap=1,
        ygap=1,
        colorbar=dict(title=dict(text=t("chart.rep.copies", lang)), thickness=12),
        hovertemplate=t("chart.flows.hover", lang) + "<extra></extra>",
    )
    fig.update_xaxes(tickangle=-45, title_text=t("chart.flows.to", lang))
    fig.update_yaxes(autorange="reversed", title_text=t("chart.flows.from", lang))
    inside = df[df["origin_code"] == df["target_code"]]["n"].sum()
    share_out = 1 - inside / df["n"].sum()
    best = df.sort_values("n", ascending=False).iloc[0]
    title = t("chart.flows.title", lang, share=fmt_pct(share_out, lang), origin=best["origin"], target=best["target"])
    note = (
        t("chart.flows.top_note", lang, n=top) if len(set(df["origin"])) > top or len(set(df["target"])) > top else None
    )
    return finish(fig, title, filters, labels, note=note)


def data_time_to_copy(session: Session, filters: Filters, codes: Codes, *, today: dt.date) -> pd.DataFrame:
    counts = {key: 0 for _lo, _hi, key in MONTHS_BUCKETS}
    for days, n in qreplication.days_to_first_copy(session, filters=filters, codes=codes):
        for lo, hi, key in MONTHS_BUCKETS:
            if days >= lo and (hi is None or days <= hi):
                counts[key] += n
                break
        else:  # a copy dated before its origin counts in the first bucket
            counts[MONTHS_BUCKETS[0][2]] += n
    rows = [{"bucket": key, "families": counts[key]} for _lo, _hi, key in MONTHS_BUCKETS]
    return pd.DataFrame(rows, columns=["bucket", "families"])


def figure_time_to_copy(df: pd.DataFrame, filters: Filters, labels: Labels, *, today: dt.date) -> go.Figure:
    lang = labels.lang
    if df.empty or not df["families"].sum():
        return empty_figure(filters, labels)
    fig = base_figure(lang, height=340)
    labelled_bars(
        fig,
        [fmt_int(v, lang) for v in df["families"]],
        "%{x}: %{y:,.0f} " + t("chart.ttc.families", lang) + "<extra></extra>",
        x=[t(key, lang) for key in df["bucket"]],
        y=df["families"],
        marker_color="#56B4E9",
        name="",
    )
    fig.update_yaxes(title_text=t("chart.ttc.families", lang))
    total_n = df["families"].sum()
    within_year = df[df["bucket"].isin(["ttc.b0", "ttc.b1", "ttc.b2"])]["families"].sum()
    title = t("chart.ttc.title", lang, share=fmt_pct(within_year / total_n, lang))
    return finish(fig, title, filters, labels, note=t("chart.ttc.note", lang))


PROGRAMME_COLUMNS = ["year", "programme_code", "units", "units_total", "share"]


def data_programme(session: Session, filters: Filters, codes: Codes, *, today: dt.date) -> pd.DataFrame:
    """Units (in the view) reached by the programme, cumulatively by year, against all units.
    Without a chosen programme, the first one (by code)."""
    programmes = list(filters.programmes) or sorted(codes.programmes)[:1]
    if not programmes:
        return pd.DataFrame([], columns=PROGRAMME_COLUMNS)
    population = set(qlabels.view_units(session, view=filters.view, start=filters.start, end=filters.end))
    by_year: dict[int, set[int]] = {}
    for y, u, n in count_by(
        session, filters=filters.with_(programmes=tuple(programmes)), group=("year", "unit"), codes=codes
    ):
        if n and u in population:
            by_year.setdefault(y, set()).add(u)
    seen: set[int] = set()
    rows = []
    for y in years_of(filters):
        seen |= by_year.get(y, set())
        rows.append(
            {
                "year": y,
                "programme_code": ",".join(programmes),
                "units": len(seen),
                "units_total": len(population),
                "share": len(seen) / len(population) if population else None,
            }
        )
    return pd.DataFrame(rows, columns=PROGRAMME_COLUMNS)


def figure_programme(df: pd.DataFrame, filters: Filters, labels: Labels, *, today: dt.date) -> go.Figure:
    lang = labels.lang
    if df.empty or not df["units"].max():
        return empty_figure(filters, labels)
    df = with_names(df, labels)
    fig = base_figure(lang, height=340)
    fig.add_scatter(
        x=df["year"],
        y=df["share"],
        mode="lines+markers+text",
        line=dict(color="#CC79A7", width=3),
        text=[
            f"{fmt_int(u, lang)}/{fmt_int(tot, lang)}" for u, tot in zip(df["units"], df["units_total"], strict=False)
        ],
        textposition="top center",
        name="",
        customdata=df["units"],
        hovertemplate="%{x}: %{y:.0%} (%{customdata:,.0f})<extra></extra>",
    )
    fig.update_xaxes(type="category")
    fig.update_yaxes(range=[0, 1.1], tickformat=".0%", title_text=t("chart.coverage.axis", lang))
    last = df.iloc[-1]
    title = t(
        "chart.programme.title",
        lang,
        programme=shorten(last["programme"], 50),
        share=fmt_pct(last["share"], lang),
        year=int(last["year"]),
    )
    return finish(fig, title, filters, labels, note=t("chart.programme.note", lang))


# --------------------------------------------------------------------------- family tree
def family_tree_figure(rows: list[dict], filters: Filters, labels: Labels) -> go.Figure:
    """One model's family: members placed by year (x) and unit (y), lines from each copy to the
    record it was copied from. Not in CHARTS: it depends on a chosen record, not on the filters."""
    lang = labels.lang
    df = pd.DataFrame(rows)
    if df.empty:
        return empty_figure(filters, labels)
    df["unit"] = [unit_label(labels.units.get(u)) for u in df["view_unit_id"]]
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
    fig.add_scatter(
        x=xs, y=ys, mode="lines", line=dict(color="#999", width=1), hoverinfo="skip", name="", showlegend=False
    )
    for is_origin, colour, key in ((True, "#D55E00", "chart.family.origin"), (False, "#009E73", "chart.family.copy")):
        part = df[df["is_origin"] == is_origin]
        fig.add_scatter(
            x=part["x"],
            y=[pos[u] for u in part["unit"]],
            mode="markers",
            name=t(key, lang),
            marker=dict(size=12 if is_origin else 9, color=colour, line=dict(color="#fff", width=1)),
            customdata=list(
                zip(
                    part["id"],
                    part["title"].map(esc),
                    part["unit"].map(esc),
                    [d.strftime("%d/%m/%Y") if lang != "en" else d.isoformat() for d in part["registered_on"]],
                    strict=False,
                )
            ),
            hovertemplate="#%{customdata[0]} %{customdata[1]}<br>%{customdata[2]}, %{customdata[3]}<extra></extra>",
        )
    fig.update_yaxes(tickvals=list(range(len(order))), ticktext=[esc(u) for u in order], autorange="reversed")
    fig.update_xaxes(title_text="", tickformat="%m/%Y" if lang != "en" else "%b %Y")
    origin = df[df["is_origin"]]
    first = origin.iloc[0] if not origin.empty else df.iloc[0]
    title = t(
        "chart.family.title",
        lang,
        title=shorten(first["title"], 60),
        copies=fmt_int(len(df) - 1, lang),
        units=fmt_int(len(order), lang),
    )
    return finish(fig, title, filters, labels)
