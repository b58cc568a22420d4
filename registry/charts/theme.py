"""How every chart looks: one colour per field everywhere (data/fields.csv, Okabe–Ito), kinds,
stages and blocs in colour-blind-safe palettes, the base layout, titles that state the finding
with subtitles that state the filters (wrapped to fit half-width charts), the empty chart."""

from __future__ import annotations

import plotly.graph_objects as go

from registry.charts.words import describe_filters, esc
from registry.i18n import t
from registry.models import STAGES
from registry.queries.filters import Filters
from registry.queries.labels import Labels

KIND_COLOURS = {"collective": "#0072B2", "individual": "#D55E00"}  # Okabe–Ito blue, vermillion


STAGE_COLOURS = dict(
    zip(STAGES, ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"), strict=False)
)  # sequential blues


BLOC_COLOURS = ("#88CCEE", "#CC6677", "#DDCC77", "#117733", "#332288", "#AA4499", "#44AA99", "#999933")  # Tol muted


SEQUENTIAL = "Blues"


FONT = "Inter, Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif"


TITLE_WIDTH, SUBTITLE_WIDTH = 40, 60  # characters a line of a chart title, a subtitle (finish)


def base_figure(lang: str, height: int = 380) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(
        separators=",." if lang != "en" else ".,",
        height=height,
        font=dict(family=FONT, size=13),
        margin=dict(l=10, r=10, t=80, b=10),
        template="plotly_white",
        yaxis=dict(tickformat=",d"),
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0, title_text=""),
        hoverlabel=dict(font_family=FONT),
        modebar=dict(orientation="v"),  # down the right edge when hovered, never across the title
    )
    return fig


def wrap(text: str, width: int) -> str:
    """Break a line of plain words with <br> so that it fits narrow charts (plotly does not wrap)."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "<br>".join(lines)


def finish(fig: go.Figure, title: str, filters: Filters, labels: Labels, note: str | None = None) -> go.Figure:
    """Title the figure with its finding and subtitle it with the filters, in ``labels.lang``."""
    subtitle = describe_filters(filters, labels.lang, labels.filter_names())
    if note:
        subtitle += " · " + esc(note)
    # Half-width charts at 1280 px are about 400 px wide, a phone's about 360 px: 40 and 60 characters
    # fit both (on a phone ui/layout.py sets the title in 14 px, the subtitle in 11 px).
    title_text, sub_text = wrap(esc(title), TITLE_WIDTH), wrap(subtitle, SUBTITLE_WIDTH)
    lines = title_text.count("<br>") + 1
    sub_lines = sub_text.count("<br>") + 1
    fig.update_layout(
        title=dict(
            text=title_text,
            subtitle=dict(text=sub_text, font=dict(size=12, color="#555")),
            x=0,
            xanchor="left",
            y=1,
            yanchor="top",
            pad=dict(t=8 + 21 * (lines - 1)),
            font=dict(size=16),
            yref="container",
        ),
        margin=dict(t=21 * (2 * lines - 1) + 17 * sub_lines + 40),
    )
    fig.update_layout(height=(fig.layout.height or 380) + 22 * (lines - 1) + 17 * (sub_lines - 1))
    return fig


def empty_figure(filters: Filters, labels: Labels) -> go.Figure:
    lang = labels.lang
    fig = base_figure(lang, height=220)
    fig.add_annotation(
        text=t("chart.no_data_hint", lang),
        showarrow=False,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        font=dict(size=14, color="#555"),
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return finish(fig, t("chart.no_data", lang), filters, labels)


def hover(lang: str, label_key: str = "chart.hover.records") -> str:
    return "%{x}<br>%{fullData.name}: %{y:,.0f} " + t(label_key, lang) + "<extra></extra>"
