"""Tổng quan: headline figures for the period, and small charts that lead to the other pages."""

import streamlit as st

from registry.i18n import fmt_int, fmt_pct
from ui import readers
from ui.charts import PAGE_CHARTS, show_chart
from ui.core import lang, tr
from ui.filters import link_params
from ui.layout import start_page

by_year, by_field, unit_map, replications = PAGE_CHARTS["overview"]
filters = start_page("overview.heading", "overview.intro")
language = lang()
h = readers.headline(filters, language)
if not h["total"]:
    st.info(tr("overview.empty"), icon=":material/info:")

with st.container(key="headline"):  # two per row on a phone (ui/layout.py)
    row1 = st.columns(4)
    row1[0].metric(
        tr("overview.total"),
        fmt_int(h["total"], language),
        help=tr(
            "overview.split",
            collective=fmt_int(h["collective"], language),
            individual=fmt_int(h["individual"], language),
        ),
    )
    delta = None
    if h["year_before_n"]:
        change = h["last_year_n"] / h["year_before_n"] - 1
        sign = "+" if change >= 0 else "−"
        versus = "overview.vs_same_period" if h.get("partial_until") else "overview.vs_before"  # a partial year
        delta = f"{sign}{fmt_pct(abs(change), language)} {tr(versus, year=h['year_before'])}"
    last_year = h.get("last_year_label", h["last_year"])  # "2026 (đến 01/12)"
    row1[1].metric(tr("overview.last_year", year=last_year), fmt_int(h["last_year_n"], language), delta=delta)
    row1[2].metric(tr("overview.recognised"), fmt_int(h["recognised"], language))
    row1[3].metric(tr("overview.awarded"), fmt_int(h["awarded"], language))
    row2 = st.columns(4)
    row2[0].metric(tr("overview.replications"), fmt_int(h["replications"], language))
    row2[1].metric(
        tr("overview.units"),
        fmt_int(h["units_covered"], language),
        help=tr("overview.units_of", total=fmt_int(h["units_total"], language)),
    )
    row2[2].metric(tr("overview.state_share"), fmt_pct(h["state_share"], language), help=tr("overview.state_help"))
    row2[3].caption(
        tr(
            "overview.split",
            collective=fmt_int(h["collective"], language),
            individual=fmt_int(h["individual"], language),
        )
    )

params = link_params(filters)
left, right = st.columns(2)
with left:
    show_chart(by_field, filters, key="ov_field", height=340, half=True)
    st.page_link("pages/number.py", label=tr("overview.more_number"), icon=":material/bar_chart:", query_params=params)
    show_chart(replications, filters, key="ov_rep", height=340, half=True)
    st.page_link(
        "pages/replication.py",
        label=tr("overview.more_replication"),
        icon=":material/account_tree:",
        query_params=params,
    )
with right:
    show_chart(unit_map, filters, key="ov_map", height=430)
    st.page_link("pages/spread.py", label=tr("overview.more_spread"), icon=":material/map:", query_params=params)
    show_chart(by_year, filters, key="ov_year", height=250, half=True)
    st.page_link("pages/browse.py", label=tr("overview.more_browse"), icon=":material/search:", query_params=params)
