"""Phân bố: the boundary map first (full width), then the tile map and coverage, the unit x year
heatmap and the ranking."""

import streamlit as st

from registry.i18n import t
from ui.charts import PAGE_CHARTS, PLOTLY_CONFIG, chart_table, show_chart
from ui.core import lang, tr
from ui.layout import start_page

# The wheel scrolls the page, not the map: the map is fitted to the province and cannot pan.
MAP_CONFIG = {**PLOTLY_CONFIG, "scrollZoom": False}
boundaries, unit_map, coverage, heatmap, ranking = PAGE_CHARTS["spread"]

filters = start_page("spread.heading")
language = lang()
st.caption(tr("spread.view_caption", view=tr(f"view.{filters.view}")))
measure = (
    st.segmented_control(
        tr("spread.measure"),
        ["n", "per_commune"],
        default="n",
        format_func=lambda m: t(f"spread.measure.{m}", language),
        key="spread_measure",
    )
    or "n"
)
show_chart(boundaries, filters, key="spread_boundaries", options={"measure": measure}, config=MAP_CONFIG)
left, right = st.columns(2)
with left:
    show_chart(unit_map, filters, key="spread_map", options={"measure": measure})
with right:
    show_chart(coverage, filters, key="spread_coverage", half=True)
show_chart(heatmap, filters, key="spread_heatmap")
show_chart(ranking, filters, key="spread_ranking")
with st.expander(tr("spread.ranking_table"), icon=":material/table:"):
    table = chart_table(ranking, filters)
    if not table.empty:
        st.dataframe(
            table[["unit", "n"]].rename(columns={"unit": tr("filters.units"), "n": tr("chart.records")}),
            hide_index=True,
            column_config={tr("chart.records"): st.column_config.NumberColumn(format="localized")},
        )
