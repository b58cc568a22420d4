"""Tổng quan: headline figures."""
import streamlit as st

from registry.i18n import fmt_int
from registry.queries import Filters, stats
from registry.db import read_session
from ui.core import engine, language_switch, tr

language_switch()
st.title(tr("overview.heading"))
with read_session(engine()) as session:
    figures = stats(session, Filters())
if not figures["total"]:
    st.info(tr("overview.empty"))
else:
    st.metric(tr("overview.total"), fmt_int(figures["total"]))
