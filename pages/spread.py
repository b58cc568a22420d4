"""Phân bố: unit x year heatmap, the map (tiles, dots or boundaries), coverage and ranking."""

import streamlit as st

from registry.charts.spread import figure_choropleth, figure_map, load_geojson
from registry.config import get_settings
from registry.i18n import t
from ui import readers
from ui.charts import chart_table, show_chart, show_figure
from ui.core import lang, tr
from ui.layout import start_page

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
left, right = st.columns(2)
with left:
    if get_settings().boundaries_geojson:
        geojson = load_geojson()
        df = readers.chart_data("ban-do-ranh-gioi", filters)
        show_figure(
            figure_choropleth(df, filters, readers.labels(language), geojson=geojson, measure=measure),
            "spread_choropleth",
        )
    else:
        show_chart(
            "ban-do-don-vi", filters, key="spread_map", figure=lambda df, f, lb: figure_map(df, f, lb, measure=measure)
        )
with right:
    show_chart("do-phu-linh-vuc", filters, key="spread_coverage")
show_chart("don-vi-theo-nam", filters, key="spread_heatmap")
show_chart("xep-hang-don-vi", filters, key="spread_ranking")
with st.expander(tr("spread.ranking_table"), icon=":material/table:"):
    table = chart_table("xep-hang-don-vi", filters)
    if not table.empty:
        st.dataframe(
            table[["unit", "n"]].rename(columns={"unit": tr("filters.units"), "n": tr("chart.records")}),
            hide_index=True,
            column_config={tr("chart.records"): st.column_config.NumberColumn(format="localized")},
        )
