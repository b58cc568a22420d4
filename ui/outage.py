"""The app's pages (the Streamlit script) while the database does not answer: the message in the
user's language (registry.health.outage_message), a wait of RETRY_SECONDS, then a rerun; the web
server's side (the sign-in, /readyz) is web/outage.py."""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from registry import health


def guarded(main: Callable[[], None], lang: Callable[[], str]) -> None:
    """Run the app's script; on a database error show the message, wait, and run it again."""
    try:
        main()
    except health.DB_ERRORS as exc:
        health.OUTAGE.failed(exc)
        st.warning(health.outage_message(exc, lang()), icon=":material/cloud_off:")
        time.sleep(health.RETRY_SECONDS)
        st.rerun()
    else:
        health.OUTAGE.answered()
