"""Chart margins set before drawing (registry/charts/theme.py reserve_margins).

plotly's automargin grows a margin that the tick labels, titles, colour bar or legend do not fit,
then draws the whole chart again. The margins a chart is built with must be big enough already,
so that a chart is drawn once; automargin stays on for what the estimate misses. Checked in
Chromium with the plotly.js of the installed plotly package, on the demo registry: at the width
of a full-width chart on a 1280 px screen no margin of any dashboard chart grows, and none is far
bigger than plotly needs from small margins (no chart squeezed by a wasted margin).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from sqlmodel import Session

from registry.charts import theme
from registry.charts.pipeline import build_chart
from registry.charts.specs import CHARTS
from registry.queries.filters import Filters
from registry.queries.labels import Labels
from tests.support.appserver import LOOPBACK_ONLY, chromium_skip_reason, launch_chromium

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
MAPS = {"ban-do-ranh-gioi", "ban-do-ranh-gioi-xa"}  # hidden axes: margins of their own (maps.py)
WIDTH = 880


def test_empty_axis_titles_are_dropped_and_labels_get_room():
    fig = go.Figure(go.Bar(y=["Thị xã Nghi Sơn", "Huyện Hậu Lộc"], x=[3, 12_345], orientation="h"))
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=80, b=10))
    fig.update_xaxes(title_text="")
    theme.reserve_margins(fig)
    assert fig.layout.xaxis.title.text is None  # plotly keeps a blank line for ""
    assert fig.layout.margin.l >= theme.text_px("Thị xã Nghi Sơn") + 10
    assert fig.layout.margin.b < 60  # one line of numbers, no title, no legend
    assert fig.layout.margin.t == 80  # the title's room is finish()'s


def test_very_long_labels_are_left_to_plotly_so_that_a_phone_keeps_room_for_the_bars():
    titles = [f"Chính quyền thân thiện, vì nhân dân phục vụ (#{i})" for i in range(5)]
    fig = go.Figure(go.Bar(y=titles, x=[4, 4, 3, 3, 3], orientation="h"))
    fig.update_layout(margin=dict(l=10, r=10, t=80, b=10))
    assert theme.text_px(titles[0]) > theme.MAX_SIDE_PX
    assert theme.reserve_margins(fig).layout.margin.l == theme.MAX_SIDE_PX


def test_a_stacked_axis_is_as_wide_as_its_totals():
    one = go.Figure([go.Bar(x=["2021"], y=[600]), go.Bar(x=["2021"], y=[600])])
    one.update_layout(barmode="stack")
    group = go.Figure([go.Bar(x=["2021"], y=[600]), go.Bar(x=["2021"], y=[600])])
    assert theme.reserve_margins(one).layout.margin.l > theme.reserve_margins(group).layout.margin.l


def test_a_half_width_chart_gets_the_rows_its_legend_wraps_to():
    names = ["Khối Đảng", "Khối chính quyền", "Mặt trận Tổ quốc và các đoàn thể", "Lực lượng vũ trang"]
    fig = go.Figure([go.Bar(x=["2021"], y=[1], name=n) for n in names])
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=80, b=10))
    full = theme.reserve_margins(fig).layout.margin.b
    half = theme.reserve_margins(fig, theme.HALF_PX).layout.margin.b
    assert half > full


def test_a_wrapped_legend_gets_its_rows():
    names = ["Khối Đảng", "Khối chính quyền", "Mặt trận Tổ quốc và các đoàn thể", "Lực lượng vũ trang"]
    fig = go.Figure([go.Bar(x=["2021"], y=[1], name=n) for n in names])
    assert theme._legend_rows(fig, 2000) == 1
    assert theme._legend_rows(fig, 300) == len(names)  # one column of the widest item
    short = go.Figure([go.Bar(x=["2021"], y=[1], name=n) for n in names[:2]])
    assert theme._legend_rows(short, 2000) == 1
    alone = go.Figure([go.Bar(x=["2021"], y=[1], name="Số mô hình")])
    assert theme._legend_rows(alone, 2000) == 0  # plotly shows no legend for one trace


@pytest.mark.skipif(chromium_skip_reason() is not None, reason=str(chromium_skip_reason()))
def test_every_chart_draws_once_at_desktop_width(demo_sqlite):
    from playwright.sync_api import sync_playwright

    figures = {}
    with Session(demo_sqlite) as session:
        labels = Labels.load(session, "vi")
        filters = Filters()
        for slug in CHARTS:
            if slug not in MAPS:
                fig = build_chart(session, slug, filters, lang="vi", today=dt.date.today(), labels=labels).figure
                figures[slug] = json.loads(pio.to_json(fig, validate=False))
    with sync_playwright() as pw:
        browser = launch_chromium(pw, extra_args=[LOOPBACK_ONLY])
        try:
            page = browser.new_page(viewport={"width": WIDTH + 40, "height": 900})
            page.set_content(f"<div id=g style='width:{WIDTH}px'></div><script>{PLOTLY_JS.read_text()}</script>")
            drawn = page.evaluate(
                """async (figures) => {
                    const g = document.getElementById('g'), out = {};
                    for (const [slug, f] of Object.entries(figures)) {
                        await Plotly.newPlot(g, f.data, f.layout, {displayModeBar: false});
                        const s = g._fullLayout._size;
                        out[slug] = {drawn: {l: s.l, r: s.r, b: s.b}};
                        Plotly.purge(g);
                        // what plotly itself needs: the same chart from 10 px margins
                        const bare = {...f.layout, margin: {...f.layout.margin, l: 10, r: 10, b: 10}};
                        await Plotly.newPlot(g, f.data, bare, {displayModeBar: false});
                        const n = g._fullLayout._size;
                        out[slug].needed = {l: n.l, r: n.r, b: n.b};
                        Plotly.purge(g);
                    }
                    return out;
                }""",
                figures,
            )
        finally:
            browser.close()
    grew, wasted = [], []
    for slug, found in drawn.items():
        margin = figures[slug]["layout"].get("margin", {})
        for side in "lrb":
            asked, final, needed = margin.get(side, 0), found["drawn"][side], found["needed"][side]
            capped = side in "lr" and asked >= theme.MAX_SIDE_PX  # longer labels: automargin decides
            if final > asked + 8 and not capped:  # a few pixels are plotly's rounding and label padding
                grew.append(f"{slug} {side}: set {asked}, drawn {final:.0f}")
            if asked > 1.25 * needed + 20:
                wasted.append(f"{slug} {side}: set {asked}, plotly needs {needed:.0f}")
    assert not grew, grew
    assert not wasted, wasted
