"""The engine, the language switch and the data version that keys every cached reader."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session
from streamlit.runtime.scriptrunner import get_script_run_ctx

from registry.db import read_session, write_session
from registry.i18n import DEFAULT_LANG, LANGS, t
from registry.records import rollups
from registry.schema import ready_engine


def engine() -> Engine:
    """The process's one engine, shared with the sign-in routes (registry.schema.ready_engine)."""
    return ready_engine()


def data_version() -> int:
    """The change counter, read once per rerun; cached readers take it as an argument, so a write
    on any server invalidates them here too. Streamlit gives every rerun a new ``cursors`` dict on
    the script's context, which tells one rerun from the next (compared by identity while a
    reference is held, so a freed dict's id can never be mistaken for it); outside a script (bare
    mode) every call reads."""
    ctx = get_script_run_ctx(suppress_warning=True)
    run = ctx.cursors if ctx is not None else None
    cached = st.session_state.get("_data_version") if run is not None else None
    if cached is not None and cached[0] is run:
        return cached[1]
    with read_session(engine()) as session:
        version = rollups.data_version(session)
    if run is not None:
        st.session_state["_data_version"] = (run, version)
    return version


@contextmanager
def writing() -> Iterator[Session]:
    """A write transaction of a page; afterwards this rerun reads the change counter anew, so that
    what the page shows next includes its own write."""
    try:
        with write_session(engine()) as session:
            yield session
    finally:
        st.session_state.pop("_data_version", None)


def lang() -> str:
    value = st.session_state.get("lang")
    if value not in LANGS:
        value = st.query_params.get("lang", DEFAULT_LANG)
        value = value if value in LANGS else DEFAULT_LANG
        st.session_state["lang"] = value
    return value


def tr(key: str, **params) -> str:
    return t(key, lang(), **params)


def choose(options=(), *, many: bool = False) -> str:
    """The placeholder of a selectbox (``many``: a multiselect) in the interface language: Streamlit's
    own ("Choose an option", "Choose options", "No options to select") is English."""
    if not len(list(options)):
        return tr("ui.no_options")
    return tr("ui.choose_many" if many else "ui.choose_one")


# Streamlit writes "Press Enter to apply" under a text or number field outside a form, in English
# whatever the language, and has no parameter for it. The hint is hidden there (the value is applied
# on Enter or on leaving the field all the same); inside our forms (enter_to_submit=False) the same
# box shows only the character counter of max_chars, which stays.
HIDE_ENTER_HINTS = """<style>
[data-testid="stMain"] [data-testid="InputInstructions"],
[data-testid="stSidebar"] [data-testid="InputInstructions"] { display: none; }
[data-testid="stForm"] [data-testid="InputInstructions"] { display: flex; }
</style>"""


def language_switch() -> None:
    """A sidebar switch between Vietnamese and English, drawn by every page (under AppTest what the
    entry file draws in the sidebar can vanish after the first rerun); with it, the style that hides
    Streamlit's English "Press Enter to apply"."""
    st.html(HIDE_ENTER_HINTS)
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
