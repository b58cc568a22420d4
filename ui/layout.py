"""The frame every dashboard page shares: the viewer check, the sidebar filters, the heading and
the sample-data notice."""

from __future__ import annotations

import streamlit as st

from registry.queries.filters import Filters
from ui import readers
from ui.auth import require
from ui.core import tr
from ui.filters import sidebar_filters


def start_page(heading_key: str, intro_key: str | None = None) -> Filters:
    require("view")
    filters = sidebar_filters()
    st.title(tr(heading_key))
    if intro_key:
        st.caption(tr(intro_key))
    sample_notice(filters)
    return filters


def sample_notice(filters: Filters) -> None:
    if readers.sample_shown(filters):
        st.info(tr("sample.notice"), icon=":material/science:")
