"""Xuất số liệu: key figures, a bundle of charts, one chart, the whole registry, the periodic report."""

import datetime as dt

import streamlit as st

from registry.charts.specs import CHARTS
from registry.exports.bundle import chart_title
from registry.exports.images import SIZES
from ui import staff
from ui.auth import require
from ui.charts import PAGE_CHARTS
from ui.core import choose, lang, tr
from ui.downloads import bundle_button, chart_downloads, images_reason, period_filters, registry_buttons, report_button
from ui.filters import sidebar_filters
from ui.layout import sample_notice
from ui.party_downloads import party_report_button

actor = require("export")
filters = sidebar_filters()
language = lang()
st.title(tr("exportpage.heading"))
st.caption(tr("exportpage.intro"))
sample_notice(filters)

st.subheader(tr("exportpage.keyfig.heading"))
paragraphs = staff.key_paragraphs(filters)  # with their citation, in each language
st.caption(tr("exportpage.keyfig.hint"))
for code in (language, "en" if language == "vi" else "vi"):
    st.code(paragraphs[code], language=None, wrap_lines=True)

st.subheader(tr("exportpage.bundle.heading"))
reason = images_reason()
if reason:
    st.info(reason, icon=":material/hide_image:")
chosen = st.multiselect(
    tr("exportpage.bundle.charts"),
    list(CHARTS),
    default=list(PAGE_CHARTS["overview"]),
    format_func=lambda slug: chart_title(CHARTS[slug], language),
    key="export_charts",
    placeholder=choose(CHARTS, many=True),
)
size = st.radio(
    tr("exportpage.size"),
    list(SIZES),
    horizontal=True,
    key="export_size",
    format_func=lambda s: tr(f"exportpage.size.{s}"),
)
bundle_button(chosen, filters, actor, size)

st.subheader(tr("exportpage.chart.heading"))
one = st.selectbox(
    tr("exportpage.chart.pick"),
    list(CHARTS),
    key="export_one",
    format_func=lambda slug: chart_title(CHARTS[slug], language),
    placeholder=choose(CHARTS),
)
chart_downloads(one, filters, key="export_one", size=size)

st.subheader(tr("exportpage.registry.heading"))
st.caption(tr("exportpage.registry.hint"))
registry_buttons(filters, actor)

st.subheader(tr("exportpage.report.heading"))
left, right = st.columns(2)
start = left.date_input(tr("exportpage.report.from"), value=filters.start, format="DD/MM/YYYY", key="report_from")
end = right.date_input(
    tr("exportpage.report.until"), value=min(filters.end, dt.date.today()), format="DD/MM/YYYY", key="report_until"
)
if start > end:
    st.warning(tr("exportpage.report.bad_range"), icon=":material/warning:")
else:
    report_button(period_filters(start, end, filters.view), actor)
    party_report_button(period_filters(start, end, filters.view), filters, actor)
