"""The chart registry shared by the dashboard and the exports: ``CHARTS[slug]`` is a ``ChartSpec``
whose ``data(session, filters, codes, *, today)`` returns the small table of numbers exactly as
plotted (read in SQL through the query layer: codes and numbers, the same in every language, so
one cached table serves both), and whose ``figure(df, filters, labels, *, today, **options)``
builds the plotly figure from it in the labels' language without rendering it. ``options`` are
the figure options a chart takes, with its values for them (the rate-per-commune maps are the
maps with ``measure="per_commune"``); nothing else may be passed. registry/charts/pipeline.py
puts the parts together (``build_chart``) and makes the one table of every chart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from registry.charts.maps import data_boundaries, figure_boundaries
from registry.charts.number import (
    data_by_year,
    data_funnel,
    data_growth,
    figure_by_year,
    figure_funnel,
    figure_growth,
    stack_data,
    stack_figure,
)
from registry.charts.replication import (
    data_flows,
    data_most_replicated,
    data_programme,
    data_replication_years,
    data_time_to_copy,
    figure_flows,
    figure_most_replicated,
    figure_programme,
    figure_replication_years,
    figure_time_to_copy,
)
from registry.charts.spread import (
    data_coverage,
    data_heatmap,
    data_map,
    data_ranking,
    figure_coverage,
    figure_heatmap,
    figure_map,
    figure_ranking,
)

# (session, filters, codes, *, today) -> the numbers as plotted
DataBuilder = Callable[..., pd.DataFrame]
# (frame, filters, labels, *, today, **options) -> the figure, not rendered
FigureBuilder = Callable[..., go.Figure]
Options = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ChartSpec:
    slug: str
    title_key: str  # the chart's name in the catalog ("Số lượng theo lĩnh vực")
    data: DataBuilder
    figure: FigureBuilder
    options: Options = ()  # the figure options this chart takes, with its values for them


COUNT: Options = (("measure", "n"),)
PER_COMMUNE: Options = (("measure", "per_commune"),)


# --------------------------------------------------------------------------- the registry
_SPECS = [
    ChartSpec("theo-nam", "chart.by_year.name", data_by_year, figure_by_year),
    ChartSpec(
        "theo-linh-vuc", "chart.by_field.name", stack_data("field_id"), stack_figure("field_id", "chart.by_field.title")
    ),
    ChartSpec("theo-loai-hinh", "chart.by_kind.name", stack_data("kind"), stack_figure("kind", "chart.by_kind.title")),
    ChartSpec("theo-khoi", "chart.by_bloc.name", stack_data("bloc_id"), stack_figure("bloc_id", "chart.by_bloc.title")),
    ChartSpec(
        "theo-giai-doan", "chart.by_stage.name", stack_data("stage"), stack_figure("stage", "chart.by_stage.title")
    ),
    ChartSpec("giai-doan", "chart.funnel.name", data_funnel, figure_funnel),
    ChartSpec("tang-truong", "chart.growth.name", data_growth, figure_growth),
    ChartSpec("don-vi-theo-nam", "chart.heatmap.name", data_heatmap, figure_heatmap),
    ChartSpec("ban-do-don-vi", "chart.map.name", data_map, figure_map, COUNT),
    ChartSpec("ban-do-don-vi-xa", "chart.map.per_commune_name", data_map, figure_map, PER_COMMUNE),
    # the boundary map: the built approximate boundaries, or BOUNDARIES_GEOJSON (registry/charts/maps.py)
    ChartSpec("ban-do-ranh-gioi", "chart.choropleth.name", data_boundaries, figure_boundaries, COUNT),
    ChartSpec(
        "ban-do-ranh-gioi-xa", "chart.choropleth.per_commune_name", data_boundaries, figure_boundaries, PER_COMMUNE
    ),
    ChartSpec("do-phu-linh-vuc", "chart.coverage.name", data_coverage, figure_coverage),
    ChartSpec("xep-hang-don-vi", "chart.ranking.name", data_ranking, figure_ranking),
    ChartSpec("nhan-rong-theo-nam", "chart.rep.name", data_replication_years, figure_replication_years),
    ChartSpec("nhan-rong-nhieu-nhat", "chart.most.name", data_most_replicated, figure_most_replicated),
    ChartSpec("luong-nhan-rong", "chart.flows.name", data_flows, figure_flows),
    ChartSpec("thoi-gian-nhan-rong", "chart.ttc.name", data_time_to_copy, figure_time_to_copy),
    ChartSpec("do-phu-chuong-trinh", "chart.programme.name", data_programme, figure_programme),
]


CHARTS: dict[str, ChartSpec] = {spec.slug: spec for spec in _SPECS}
