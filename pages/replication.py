"""Nhân rộng: replications per year and cumulative, the most replicated models, flows between
units, time to the first copy, programme coverage, and the family tree of one model."""

import streamlit as st

from ui import suggestions
from ui.charts import PAGE_CHARTS, chart_table, family_figure, show_chart, show_figure
from ui.core import choose, tr
from ui.layout import start_page

years, most, flows, time_to_copy, programme = PAGE_CHARTS["replication"]
filters = start_page("replication.heading")
suggestions.pending_note()
left, right = st.columns(2)
with left:
    show_chart(years, filters, key="rep_years", half=True)
with right:
    show_chart(time_to_copy, filters, key="rep_ttc", half=True)
show_chart(most, filters, key="rep_most")
show_chart(programme, filters, key="rep_programme")
show_chart(flows, filters, key="rep_flows")


def family() -> None:
    """The family tree of one model. Not an st.fragment, unlike the number page's split and
    browse: in a fragment here the page took 2,6 s instead of 0,9 s from click to drawn in
    Chromium (benchmarks/browser.py, 100.000 records); picking a model reruns the page, whose
    figures come from the cache."""
    st.subheader(tr("replication.family"))
    top = chart_table(most, filters)
    choices = {int(r.origin_id): f"#{int(r.origin_id)} {r.title} ({r.unit}, {int(r.year)})" for r in top.itertuples()}
    query_id = st.query_params.get("model")
    c1, c2 = st.columns([3, 1])
    picked = (
        c1.selectbox(
            tr("replication.pick"),
            list(choices),
            format_func=lambda i: choices[i],
            key="rep_pick",
            placeholder=choose(choices),
        )
        if choices
        else None
    )
    typed = c2.number_input(
        tr("replication.pick_id"),
        min_value=0,
        step=1,
        value=int(query_id) if str(query_id or "").isdigit() else 0,
        key="rep_pick_id",
    )
    chosen = int(typed) if typed else picked
    if chosen:
        tree = family_figure(chosen, filters)
        if tree is not None:
            show_figure(tree, "rep_family")
        else:
            st.info(tr("browse.not_found", id=chosen), icon=":material/info:")
    else:
        st.info(tr("replication.no_family"), icon=":material/info:")


family()
