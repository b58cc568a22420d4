"""How every chart looks: one colour per field everywhere (data/fields.csv, Okabe–Ito), kinds,
stages and blocs in colour-blind-safe palettes, the base layout, titles that state the finding
with subtitles that state the filters (wrapped to fit half-width charts), the empty chart;
margins reserved from the text of labels and legends, so that plotly draws a chart once."""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import plotly.graph_objects as go

from registry.charts.words import describe_filters, esc, year_tick_note
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


def year_axis(fig: go.Figure, years, filters: Filters, lang: str, *, today: dt.date) -> str | None:
    """A category x axis of years that reads on a phone: never rotated (the ticks are short,
    "2026*"). Returns the note that says what * means ("* 2026: số liệu đến 08/12"), or None: the
    caller gives it to ``finish``, which writes it under the title with the other notes (under the
    axis it ran into a legend below the chart)."""
    fig.update_xaxes(type="category", tickangle=0)
    return year_tick_note(years, filters, lang, today)


def join_notes(*notes: str | None) -> str | None:
    """The notes that are there, joined as the subtitle joins them."""
    return " · ".join(n for n in notes if n) or None


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
    return reserve_margins(fig)


# --------------------------------------------------------------------------- margins
# plotly's automargin grows a margin that tick labels, axis titles, a colour bar or the legend do
# not fit in, then draws the whole chart a second time. The margins below are what those need
# (estimated from the text, in DejaVu Sans, the widest font of FONT), so that plotly finds them
# big enough and draws once: half the drawing time of a chart in Chromium. automargin stays on,
# for what the estimate misses (a legend that wraps on a narrow phone).
_EM = {**dict.fromkeys("0123456789", 0.64), **dict.fromkeys(".,:;' ", 0.32), "%": 0.95, "–": 0.5, "#": 0.84}
LOWER_EM, UPPER_EM = 0.64, 0.74
_TAG = re.compile(r"<[^>]+>")
FONT_PX = 13
LINE_PX = 19  # a line of 13 px text
TITLE_PX = 24  # an axis title with its gap
FULL_PX, HALF_PX = 880, 450  # a full-width chart on a 1280 px screen, one of two side by side
# Labels wider than this are left to automargin (one more draw): it shares a phone's width between
# labels and bars, where a margin set this wide would leave the bars no room.
MAX_SIDE_PX = 200
CARTESIAN = {"bar", "scatter", "heatmap", "funnel", "histogram", "box"}


def text_px(text, size: int = FONT_PX) -> float:
    """The width of the longest line of ``text`` (plotly's <br> breaks lines; other tags dropped)."""
    widest = 0.0
    for line in str(text).split("<br>"):
        line = _TAG.sub("", line)
        em = sum(_EM.get(c, UPPER_EM if c.isupper() else LOWER_EM) for c in line)
        widest = max(widest, em * size)
    return widest


def _lines(labels) -> int:
    return max((str(v).count("<br>") + 1 for v in labels), default=1)


def _values(trace, axis: str) -> list:
    values = trace[axis]
    return [] if values is None else list(values)


def _numbers_px(values: list[float], tickformat: str | None) -> float:
    """Width of the tick labels of a linear axis over ``values`` (from 0)."""
    finite = [float(v) for v in values if v is not None and v == v]
    if not finite:
        return text_px("0")
    top, low = max(0.0, *finite) * 1.15, min(0.0, *finite) * 1.15
    if tickformat and "%" in tickformat:
        return max(text_px(f"{low:.0%}"), text_px(f"{top:.0%}"))
    return max(text_px(f"{low:,.0f}"), text_px(f"{top:,.0f}"))


def _axis_values(fig: go.Figure, axis: str, traces: list) -> list[float]:
    """The values a linear axis spans: stacked bars add up per category."""
    stacked = fig.layout.barmode in ("stack", "relative")
    sums: dict = {}
    out: list[float] = []
    other = "x" if axis == "y" else "y"
    for tr in traces:
        values = _values(tr, axis)
        if tr.type == "bar" and stacked:
            for k, v in zip(_values(tr, other), values, strict=False):
                if isinstance(v, (int, float, np.number)) and v == v:
                    sums[k] = sums.get(k, 0.0) + float(v)
        else:
            out += [float(v) for v in values if isinstance(v, (int, float, np.number))]
    return out + list(sums.values())


def _labels_px(fig: go.Figure, axis_name: str, traces: list, categorical: bool) -> tuple[float, int]:
    """(width of the widest tick label, lines of the tallest) of one axis."""
    axis = fig.layout[axis_name]
    letter = axis_name[0]
    if axis.ticktext:
        labels = list(axis.ticktext)
    elif categorical:
        labels = [v for tr in traces for v in _values(tr, letter)]
    else:
        return _numbers_px(_axis_values(fig, letter, traces), axis.tickformat), 1
    return max((text_px(v) for v in labels), default=0.0), _lines(labels)


def _legend_rows(fig: go.Figure, room: float) -> int:
    """Rows of the horizontal legend below a plot area ``room`` px wide: one if every item fits,
    else as many columns of the widest item as fit."""
    if fig.layout.showlegend is False:
        return 0
    names = [tr.name for tr in fig.data if tr.showlegend is not False and tr.name]
    if len(names) < 2 and not any(tr.showlegend for tr in fig.data):
        return 0  # plotly shows no legend for a single trace
    items = [50 + text_px(name) for name in names]
    if sum(items) <= room:
        return 1
    columns = max(1, int(room // max(items)))  # wrapped, plotly aligns the items in columns
    return math.ceil(len(items) / columns)


def reserve_margins(fig: go.Figure, width: int = FULL_PX) -> go.Figure:
    """Margins that fit the tick labels, axis titles, colour bar and legend of a cartesian chart
    drawn ``width`` px wide (the legend wraps by the width). Margins only grow: a chart built for
    the full width and shown at half (ui/charts.py) gets the room of both."""
    traces = [tr for tr in fig.data if tr.type in CARTESIAN]
    if not traces or fig.layout.xaxis.visible is False:
        return fig
    margin = fig.layout.margin
    for name in ("xaxis", "yaxis"):
        if fig.layout[name].title.text == "":  # plotly keeps a line for an empty title
            fig.layout[name].title.text = None
    horizontal = any(tr.type == "funnel" or getattr(tr, "orientation", None) == "h" for tr in traces)
    category_y = horizontal or any(tr.type == "heatmap" for tr in traces) or fig.layout.yaxis.type == "category"
    left_traces = [tr for tr in traces if (getattr(tr, "yaxis", None) or "y") == "y"]
    right_traces = [tr for tr in traces if getattr(tr, "yaxis", None) == "y2"]
    y_px, _ = _labels_px(fig, "yaxis", left_traces, category_y)
    left = 10 + y_px + 8 + (TITLE_PX if fig.layout.yaxis.title.text else 0)
    right = 10.0
    if right_traces and fig.layout.yaxis2.side == "right":
        y2_px, _ = _labels_px(fig, "yaxis2", right_traces, False)
        right = 10 + y2_px + 8 + (TITLE_PX if fig.layout.yaxis2.title.text else 0)
    for tr in traces:
        bar = getattr(tr, "colorbar", None)
        if tr.type == "heatmap" and tr.showscale is not False and bar is not None and bar.orientation != "h":
            ticks = _numbers_px([v for row in (tr.z if tr.z is not None else []) for v in row], None)
            right = max(right, 10 + (bar.thickness or 30) + 12 + max(ticks, text_px(bar.title.text or "")) + 30)
    category_x = not horizontal
    x_px, x_lines = _labels_px(fig, "xaxis", traces, category_x)
    if all(tr.type == "funnel" for tr in traces):  # a funnel shows no x axis
        x_px, x_lines = 0.0, 0
    angle = abs(fig.layout.xaxis.tickangle or 0)
    if horizontal and x_lines:  # the last number of the x axis reaches past the plot by half its width
        right = max(right, 10 + x_px / 2)
    if not x_lines:
        ticks = 0.0
    elif angle:
        ticks = x_px * math.sin(math.radians(angle)) + FONT_PX + 6
    else:
        ticks = LINE_PX * x_lines + 4
    bottom = 10 + ticks + (TITLE_PX if fig.layout.xaxis.title.text else 0)
    rows = _legend_rows(fig, max(150.0, width - left - right))
    if rows:
        plot = (fig.layout.height or 380) - (margin.t or 80) - bottom
        bottom = max(bottom, 0.12 * max(plot, 100) + rows * LINE_PX + 15)
    left, right = min(left, MAX_SIDE_PX), min(right, MAX_SIDE_PX)
    fig.update_layout(
        margin=dict(
            l=max(margin.l or 0, math.ceil(left)),
            r=max(margin.r or 0, math.ceil(right)),
            b=max(margin.b or 0, math.ceil(bottom)),
        )
    )
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


def labelled_bars(fig: go.Figure, texts, hovertemplate: str, **bars) -> go.Figure:
    """Bars with each value printed past its end (never clipped by the plot area): ``texts`` the
    printed values, ``bars`` the rest of the trace (x, y, marker, name, orientation)."""
    return fig.add_bar(text=list(texts), textposition="outside", cliponaxis=False, hovertemplate=hovertemplate, **bars)


def paper_note(
    text: str,
    *,
    x: float,
    xanchor: str,
    yshift: float,
    colour: str,
    name: str,
    size: int = 13,
    align: str | None = None,
) -> go.layout.Annotation:
    """A line of text under the plot area (the boundary map's footnote, a press image's footer),
    ``yshift`` pixels below its bottom edge."""
    return go.layout.Annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=x,
        y=0,
        xanchor=xanchor,
        yanchor="top",
        yshift=yshift,
        showarrow=False,
        font=dict(size=size, color=colour),
        name=name,
        **({"align": align} if align else {}),
    )
