"""The cached engine, the language switch and the data version that keys every cached reader."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from registry.config import get_settings
from registry.db import make_engine, read_session
from registry.i18n import DEFAULT_LANG, LANGS, t
from registry.records import rollups


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    from registry.schema import init, is_initialised

    engine = make_engine(url)
    if not is_initialised(engine):
        init(engine)
    return engine


def engine() -> Engine:
    return _engine(get_settings().database_url)


def data_version() -> int:
    """A cheap read of the change counter; cached readers take it as an argument, so a write on
    any server invalidates them here too."""
    with read_session(engine()) as session:
        return rollups.data_version(session)


def lang() -> str:
    value = st.session_state.get("lang")
    if value not in LANGS:
        value = st.query_params.get("lang", DEFAULT_LANG)
        value = value if value in LANGS else DEFAULT_LANG
        st.session_state["lang"] = value
    return value


def tr(key: str, **params) -> str:
    return t(key, lang(), **params)


def language_switch() -> None:
    """A sidebar switch between Vietnamese and English (drawn by every page, see CONVENTIONS)."""
    current = lang()
    choice = st.sidebar.segmented_control(
        tr("ui.language"),
        options=list(LANGS),
        default=current,
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
        key="lang_switch",
    )
    if choice and choice != current:
        st.session_state["lang"] = choice
        st.query_params["lang"] = choice
        st.rerun()
