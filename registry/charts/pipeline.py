"""One chart, built one way for the screen and for the files: ``build_chart(session, slug, filters,
*, lang, today, options)`` returns a ``BuiltChart`` (the frame, the figure, the table, the title
and the notes). Each step is one function, which the dashboard caches on its own (ui/readers.py
the frame, ui/charts.py the figure) and registry/exports turns into bytes:

| step | function | gives |
| --- | --- | --- |
| the chart | ``chart_spec(slug)`` | its ``ChartSpec`` (registry/charts/specs.py); KeyError if none |
| its numbers | ``chart_frame(session, slug, filters, codes, today=)`` | codes and counts as plotted (SQL) |
| its figure | ``chart_figure(slug, frame, filters, labels, today=, options=)`` | the plotly figure |
| its table | ``chart_table(frame, filters, labels, today=)`` | what the page lists and the CSV/XLSX hold |
| its words | ``chart_title``, ``figure_finding``, ``figure_notes`` | name, headline, footnote keys |

``today`` is always passed (the partial current year is labelled from it); ``options`` are the
figure options the chart declares (``measure`` on the maps), and no other.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from sqlmodel import Session

from registry.charts import specs
from registry.charts.specs import ChartSpec
from registry.charts.words import partial_year, with_names
from registry.i18n import catalog, fmt_date, t
from registry.queries.filters import Codes, Filters
from registry.queries.labels import Labels


@dataclass(frozen=True)
class BuiltChart:
    """One chart for one set of filters, in one language."""

    slug: str
    lang: str
    title: str  # the chart's name ("Số lượng theo lĩnh vực")
    frame: pd.DataFrame  # the numbers exactly as plotted: codes and counts
    figure: go.Figure
    table: pd.DataFrame  # the frame with the name of each code beside it (and the partial year's note)
    finding: str  # the figure's title as plain text: what the chart shows
    notes: tuple[str, ...]  # catalog keys of the figure's notes (the boundary map's footnote)


def chart_spec(slug: str) -> ChartSpec:
    """The registered chart ``slug``; KeyError for a chart that does not exist."""
    return specs.CHARTS[slug]


def chart_title(spec: ChartSpec, lang: str) -> str:
    """The chart's name in ``lang``; a title key missing from the catalog raises KeyError."""
    return t(spec.title_key, lang)


def figure_options(spec: ChartSpec, options: Mapping[str, str] | None) -> dict[str, str]:
    """The chart's own option values with ``options`` in their place; an option the chart does
    not take raises ValueError."""
    own = dict(spec.options)
    unknown = sorted(set(options or {}) - set(own))
    if unknown:
        raise ValueError(f"chart {spec.slug!r} takes no option {', '.join(unknown)}")
    return {**own, **(options or {})}


def chart_frame(session: Session, slug: str, filters: Filters, codes: Codes, *, today: dt.date) -> pd.DataFrame:
    """The chart's numbers (codes and counts, the same in every language)."""
    return chart_spec(slug).data(session, filters, codes, today=today)


def chart_figure(
    slug: str,
    frame: pd.DataFrame,
    filters: Filters,
    labels: Labels,
    *,
    today: dt.date,
    options: Mapping[str, str] | None = None,
) -> go.Figure:
    """The chart's figure of ``frame`` in the labels' language."""
    spec = chart_spec(slug)
    return spec.figure(frame, filters, labels, today=today, **figure_options(spec, options))


def chart_table(frame: pd.DataFrame, filters: Filters, labels: Labels, *, today: dt.date) -> pd.DataFrame:
    """The one table of a chart, on the page and in its CSV and XLSX: the numbers exactly as
    plotted with the name of each code beside them; a partial last year says so in a "year_note"
    column beside the year ("chưa trọn năm: tính đến 01/12/2026")."""
    named = with_names(frame, labels)
    partial = partial_year(filters, today)
    if partial is None or "year" not in named.columns or "year_note" in named.columns:
        return named
    year, day = partial
    note = t("export.partial_cell", labels.lang, day=fmt_date(day, labels.lang))
    named = named.copy()
    named.insert(
        named.columns.get_loc("year") + 1, "year_note", [note if int(y) == year else "" for y in named["year"]]
    )
    return named


def figure_finding(figure: go.Figure) -> str:
    """The figure's title (its finding) as plain text, without the line breaks."""
    value = figure.layout.title.text or ""
    return re.sub(r"<[^>]+>", " ", value).strip()


def figure_notes(figure: go.Figure) -> tuple[str, ...]:
    """Catalog keys of the notes a figure carries in ``layout.meta["note_keys"]`` (the boundary
    map's footnote, registry/charts/maps.py), for the export's metadata and README."""
    meta = figure.layout.meta
    keys = meta.get("note_keys") if isinstance(meta, dict) else None
    return tuple(k for k in keys or () if isinstance(k, str) and k in catalog())


def build_chart(
    session: Session,
    slug: str,
    filters: Filters,
    *,
    lang: str,
    today: dt.date,
    options: Mapping[str, str] | None = None,
    labels: Labels | None = None,
) -> BuiltChart:
    """Chart ``slug`` for ``filters`` in ``lang``: every step above, once. ``labels`` (in
    ``lang``) when the caller has them loaded."""
    spec = chart_spec(slug)
    labels = labels if labels is not None else Labels.load(session, lang)
    if labels.lang != lang:
        raise ValueError(f"labels in {labels.lang!r} for a chart in {lang!r}")
    frame = chart_frame(session, slug, filters, labels.codes, today=today)
    figure = chart_figure(slug, frame, filters, labels, today=today, options=options)
    return BuiltChart(
        slug=slug,
        lang=lang,
        title=chart_title(spec, lang),
        frame=frame,
        figure=figure,
        table=chart_table(frame, filters, labels, today=today),
        finding=figure_finding(figure),
        notes=figure_notes(figure),
    )
