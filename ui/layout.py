"""The frame every dashboard page shares: the viewer check, the sidebar filters, the heading and
the sample-data notice."""

from __future__ import annotations

import streamlit as st

from registry.queries.filters import Filters
from ui import readers
from ui.auth import require
from ui.core import tr
from ui.filters import sidebar_filters

# On a phone (Streamlit stacks columns below 640 px): the plotly mode bar would lie over the chart
# titles (a tap counts as hovering), so it is hidden there - zooming a bar chart on a phone is of
# little use, and the press PNGs come from the export page; the titles are set smaller, so that
# their 40- and 60-character lines (registry/charts/theme.py) fit a 360 px chart; the headline
# figures of the overview (st.container(key="headline")) sit two per row instead of one.
PHONE_STYLE = """<style>
@media (max-width: 640px) {
  [data-testid="stPlotlyChart"] .modebar-container { display: none !important; }
  [data-testid="stPlotlyChart"] .gtitle { font-size: 14px !important; }
  [data-testid="stPlotlyChart"] .gtitle-subtitle { font-size: 11px !important; }
  .st-key-headline [data-testid="stHorizontalBlock"] { flex-flow: row wrap !important; row-gap: 0.75rem; }
  .st-key-headline [data-testid="stMetricLabel"] * { white-space: normal !important; overflow: visible !important; }
  .st-key-headline [data-testid="stColumn"] {
    flex: 1 1 calc(50% - 1rem) !important; width: calc(50% - 1rem) !important;
    min-width: calc(50% - 1rem) !important; max-width: calc(50% - 0.5rem) !important;
  }
}
</style>"""


def start_page(heading_key: str, intro_key: str | None = None) -> Filters:
    require("view")
    st.html(PHONE_STYLE)
    filters = sidebar_filters()
    st.title(tr(heading_key))
    if intro_key:
        st.caption(tr(intro_key))
    sample_notice(filters)
    return filters


def sample_notice(filters: Filters) -> None:
    if readers.sample_shown(filters):
        st.info(tr("sample.notice"), icon=":material/science:")
