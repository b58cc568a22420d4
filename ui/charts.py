"""Drawing a registered chart: cached data, a cached figure, st.plotly_chart.

A rerun that finds the chart's figure in the cache draws it without building it again: the figure
is cached as plotly JSON serialised by orjson, keyed by the chart, the filters, any figure
options, the language, the day (partial-year labels) and the data version (so a write on any
server invalidates it). Streamlit would validate the figure again on every rerun; a figure from
this cache was built and validated by plotly once, so it is handed over as already validated.
"""

from __future__ import annotations

import datetime as dt

import orjson
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st
from plotly.basedatatypes import BaseFigure

from registry.charts import pipeline
from registry.charts.replication import family_tree_figure
from registry.charts.theme import HALF_PX, reserve_margins
from registry.queries.filters import Filters
from ui import readers
from ui.core import data_version, lang

# The charts each dashboard page draws: pages/*.py take their slugs from here, and
# tests/test_page_charts.py checks that each draws exactly these. The export page offers the
# overview's as its default bundle; the benchmarks time these.
PAGE_CHARTS: dict[str, tuple[str, ...]] = {
    "overview": ("theo-nam", "theo-linh-vuc", "ban-do-don-vi", "nhan-rong-theo-nam"),
    "number": ("theo-linh-vuc", "theo-loai-hinh", "theo-khoi", "theo-giai-doan", "giai-doan", "tang-truong"),
    "spread": ("ban-do-ranh-gioi", "ban-do-don-vi", "do-phu-linh-vuc", "don-vi-theo-nam", "xep-hang-don-vi"),
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


class BuiltFigure(BaseFigure):
    """A figure plotly has already built and validated, held as its plain dict. st.plotly_chart
    takes any plotly figure as validated and asks it for ``to_dict()``; a plain dict it would turn
    into a go.Figure again (20–35 ms a chart). Nothing else of BaseFigure is used."""

    def __init__(self, spec: dict) -> None:  # no BaseFigure.__init__: nothing to validate
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec


def fitted(fig: go.Figure, height: int | None, half: bool = False) -> go.Figure:
    """``height`` is that of a chart with a one-line title and subtitle: each further line of
    either (registry/charts/theme.py finish() wraps them) adds its own, as finish() does. A
    ``half``-width chart (one of two columns) gets the margins its wrapped legend needs there."""
    if height:
        title = fig.layout.title
        extra = 22 * (title.text or "").count("<br>") + 17 * (title.subtitle.text or "").count("<br>")
        fig.update_layout(height=height + extra)
    if half:
        reserve_margins(fig, HALF_PX)
    return fig


def show_figure(fig: BuiltFigure, key: str, config: dict | None = None) -> None:
    """Draw a figure from the cache; ``config`` replaces PLOTLY_CONFIG."""
    st.plotly_chart(fig, config=config or PLOTLY_CONFIG, key=key, width="stretch", theme=None)


def chart_table(slug: str, filters: Filters) -> pd.DataFrame:
    """The chart's table (registry/charts/pipeline.chart_table: the rows its CSV holds) in the
    user's language, from the cached numbers."""
    return pipeline.chart_table(
        readers.chart_data(slug, filters), filters, readers.labels(lang()), today=dt.date.today()
    )


@st.cache_data(ttl=readers.TTL, show_spinner=False, max_entries=2000)
def _figure_json(
    slug: str, key: tuple, options: tuple, height: int | None, half: bool, language: str, version: int, today: dt.date
) -> str:
    filters = readers.filters_of(key)
    frame = readers.chart_data(slug, filters)
    figure = pipeline.chart_figure(slug, frame, filters, readers.labels(language), today=today, options=dict(options))
    return pio.to_json(fitted(figure, height, half), validate=False, engine="orjson")


def show_chart(
    slug: str,
    filters: Filters,
    *,
    key: str | None = None,
    height: int | None = None,
    options: dict | None = None,
    config: dict | None = None,
    half: bool = False,
) -> None:
    """Draw the chart ``slug`` for ``filters`` from the figure cache (built on a miss by
    registry/charts/pipeline.chart_figure, as the exports build it). ``options`` are the figure
    options the chart declares (``measure="per_commune"``); ``half``: it is shown in one of two
    columns; ``config`` replaces PLOTLY_CONFIG (the boundary map turns scroll-zoom off)."""
    opts = tuple(sorted((options or {}).items()))
    raw = _figure_json(slug, readers.key_of(filters), opts, height, half, lang(), data_version(), dt.date.today())
    show_figure(BuiltFigure(orjson.loads(raw)), key or f"chart_{slug}", config=config)


@st.cache_data(ttl=readers.TTL, show_spinner=False, max_entries=500)
def _family_json(example_id: int, key: tuple, language: str, version: int, today: dt.date) -> str | None:
    filters = readers.filters_of(key)
    rows = readers.family(example_id, filters.view)
    if not rows:
        return None
    return pio.to_json(family_tree_figure(rows, filters, readers.labels(language)), validate=False, engine="orjson")


def family_figure(example_id: int, filters: Filters) -> BuiltFigure | None:
    """The family tree of one model (None when there is no such record), from the figure cache."""
    raw = _family_json(int(example_id), readers.key_of(filters), lang(), data_version(), dt.date.today())
    return BuiltFigure(orjson.loads(raw)) if raw is not None else None
