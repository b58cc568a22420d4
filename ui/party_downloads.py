"""The download button of the report to the Standing Committee as a Word document (registry/
exports/party_report.py). As every file of ui/downloads.py, it is built only when the button is
clicked, in its own session, with the account checked again then."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from registry.db import read_session
from registry.exports import images
from registry.exports.party_report import party_report_docx, party_report_file_name
from registry.permissions import Actor
from registry.queries.filters import Filters
from ui.auth import download_check
from ui.core import engine, lang, tr

MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_filters(period: Filters, chosen: Filters) -> Filters:
    """The report's period with the sidebar's unit when exactly one is chosen (that unit's own
    report); the whole province otherwise."""
    return period.with_(units=chosen.units if len(chosen.units) == 1 else ())


def _build(filters: Filters, language: str, today: dt.date):
    eng, check = engine(), download_check("export")

    def run() -> bytes:
        actor = check()  # raises PermissionDenied once the account may no longer export
        with read_session(eng) as session:
            return party_report_docx(session, filters, language, actor=actor, today=today)

    return run


def party_report_button(period: Filters, chosen: Filters, actor: Actor) -> None:
    """The Word report for ``period`` (and the sidebar's one unit, if any)."""
    language = lang()
    filters = report_filters(period, chosen)
    if images.unavailable() is not None:
        st.caption(tr("party.download.no_charts"))
    st.download_button(
        tr("party.download"),
        data=_build(filters, language, dt.date.today()),
        file_name=party_report_file_name(filters, language),
        mime=MIME_DOCX,
        icon=":material/description:",
        key="dl_party_report",
        on_click="ignore",
    )
