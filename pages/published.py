"""Đối chiếu số liệu công bố: each published figure against the registry counted to the same date."""

import streamlit as st

from registry.exports import published
from registry.exports.formats import Table, csv_bytes
from registry.i18n import fmt_pct
from ui import staff
from ui.auth import require
from ui.core import lang, language_switch, tr

actor = require("view")
language_switch()
language = lang()
st.title(tr("published.heading"))
st.caption(tr("published.intro"))
percent = st.number_input(
    tr("published.tolerance"),
    min_value=0.0,
    max_value=100.0,
    value=published.DEFAULT_TOLERANCE * 100,
    step=0.5,
    key="published_tolerance",
)
tolerance = percent / 100
rows, table = staff.published_check(tolerance, actor, language)
if not rows:
    st.info(tr("published.none"), icon=":material/info:")
    st.stop()
gaps = sum(1 for r in rows if r.within is False)
if gaps:
    st.warning(tr("published.some_gaps", n=gaps, tolerance=fmt_pct(tolerance, language, 1)), icon=":material/warning:")
else:
    st.success(tr("published.all_ok", tolerance=fmt_pct(tolerance, language, 1)), icon=":material/verified:")
st.dataframe(table, hide_index=True, width="stretch")
headers = list(table[0])
st.download_button(
    tr("published.download"),
    data=csv_bytes(Table(headers, [list(t.values()) for t in table])),
    file_name=f"dvk_{tr('export.slug.published')}.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
    key="published_csv",
)
