"""One table per chart: for every registered chart, the table the dashboard shows (ui.charts
.chart_table, from the cached numbers) is the table its CSV holds (registry/exports/bundle), row for
row, with the partial current year's note in both."""

import csv
import datetime as dt
import io

import pytest
import streamlit as st
from sqlmodel import Session

from registry.charts.specs import CHARTS
from registry.db import make_engine
from registry.exports import bundle
from registry.exports.formats import chart_sheet, csv_bytes
from registry.permissions import SYSTEM
from tests.support.periods import dashboard_filters


@pytest.fixture(scope="module")
def registry(demo_url):
    engine = make_engine(demo_url)
    yield engine
    engine.dispose()


@pytest.fixture
def dashboard(monkeypatch, demo_url):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.setenv("PUBLIC_DASHBOARD", "true")
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def test_the_table_on_screen_is_the_csv_of_every_chart(registry, dashboard):
    from ui import charts

    today = dt.date.today()
    with Session(registry) as s:
        filters = dashboard_filters(s)  # to the latest year: the current one runs on
        assert filters.year_until == today.year
        for slug in CHARTS:
            on_screen = charts.chart_table(slug, filters)
            _name, data = bundle.chart_export(s, slug, "csv", filters, "vi", actor=SYSTEM, today=today)
            assert csv_bytes(chart_sheet(on_screen, "vi")) == data, slug
            body = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]
            assert len(body) == len(on_screen), slug
            if "year" in on_screen.columns:  # the partial year says so on screen as in the file
                notes = on_screen.loc[on_screen["year"] == today.year, "year_note"]
                assert notes.str.startswith("chưa trọn năm").all(), slug
