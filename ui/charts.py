"""Drawing a registered chart: cached data, the shared figure builder, st.plotly_chart."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from registry.charts.specs import CHARTS
from registry.queries.filters import Filters
from ui import readers
from ui.core import lang

# The charts each page draws (the benchmark times these; the export page offers the overview's).
PAGE_CHARTS: dict[str, tuple[str, ...]] = {
    "overview": ("theo-nam", "theo-linh-vuc", "ban-do-don-vi", "nhan-rong-theo-nam"),
    "number": ("theo-linh-vuc", "theo-loai-hinh", "theo-khoi", "theo-giai-doan", "giai-doan", "tang-truong"),
    "spread": ("don-vi-theo-nam", "ban-do-don-vi", "do-phu-linh-vuc", "xep-hang-don-vi"),
    "replication": (
        "nhan-rong-theo-nam",
        "nhan-rong-nhieu-nhat",
        "luong-nhan-rong",
        "thoi-gian-nhan-rong",
        "do-phu-chuong-trinh",
    ),
}
# The mode bar shows only while the pointer is over a chart (ui/layout.py hides it on a phone).
PLOTLY_CONFIG = {
    "displaylogo": False,
    "displayModeBar": "hover",
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "responsive": True,
}


def show_figure(fig: go.Figure, key: str, height: int | None = None) -> None:
    """Draw ``fig``; ``height`` is that of a chart with a one-line title and subtitle: each further
    line of either (registry/charts/theme.py finish() wraps them) adds its own, as finish() does."""
    if height:
        title = fig.layout.title
        extra = 22 * (title.text or "").count("<br>") + 17 * (title.subtitle.text or "").count("<br>")
        fig.update_layout(height=height + extra)
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key, width="stretch", theme=None)


def chart_table(slug: str, filters: Filters) -> pd.DataFrame:
    """The chart's numbers with the name of each code beside it, in the user's language."""
    return CHARTS[slug].table(readers.chart_data(slug, filters), readers.labels(lang()))


def show_chart(slug: str, filters: Filters, *, key: str | None = None, height: int | None = None, figure=None) -> None:
    """Draw the chart ``slug`` for ``filters`` (the same spec the exports use). ``figure`` may
    replace the spec's figure builder with a variant taking (df, filters, labels)."""
    spec = CHARTS[slug]
    df = readers.chart_data(slug, filters)
    fig = (figure or spec.figure)(df, filters, readers.labels(lang()))
    show_figure(fig, key or f"chart_{slug}", height)
