"""The export page offers the Word report beside the workbook; its filters are the report's period
with the sidebar's unit when exactly one is chosen."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from registry.config import PROJECT_ROOT
from registry.db import make_engine
from registry.permissions import SYSTEM
from registry.queries.filters import Filters
from registry.staff import accounts
from tests.support.signin import CookieJar, start_session
from ui.party_downloads import report_filters


def test_one_chosen_unit_makes_it_that_units_report():
    period = Filters(year_from=2025, year_until=2025, date_until=dt.date(2025, 12, 1))
    assert report_filters(period, Filters(units=("16531",))).units == ("16531",)
    assert report_filters(period, Filters(units=("380", "381"))).units == ()
    assert report_filters(period, Filters(fields=("economy",))) == period


def test_the_export_page_has_the_word_button(monkeypatch, demo_url):
    engine = make_engine(demo_url)
    with Session(engine) as s:
        accounts.create_user(s, "phongvien2", "Mat-khau-dai-2024!", "reporter", actor=SYSTEM)
        s.commit()
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.setenv("PUBLIC_DASHBOARD", "true")
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    engine = make_engine(demo_url)
    CookieJar(monkeypatch).value = start_session(engine, "phongvien2")
    engine.dispose()
    at.run()
    at = at.switch_page("pages/export.py").run()
    assert not at.exception, [e.value for e in at.exception]
    buttons = [b for b in at.get("download_button") if b.proto.label == "Báo cáo Word gửi Ban Thường vụ (DOCX)"]
    assert len(buttons) == 1
