"""Pages take their charts from one list: each dashboard page draws exactly the charts
ui.charts.PAGE_CHARTS names for it (the number page one split at a time), and the export page
offers the overview's list, the same object, as its default bundle."""

import pytest
import streamlit as st
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from registry.config import PROJECT_ROOT
from registry.db import make_engine
from registry.permissions import SYSTEM
from registry.records import bulk
from registry.schema import init
from registry.staff import accounts
from tests.support.factories import example_input
from tests.support.signin import CookieJar, start_session
from ui import charts
from ui.charts import PAGE_CHARTS

DASHBOARD_PAGES = ("overview", "number", "spread", "replication")


@pytest.fixture
def registry(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'pages.db'}"
    engine = make_engine(url)
    init(engine)
    with Session(engine) as s:
        bulk.bulk_insert(s, [example_input(title=f"Mô hình {i}", year=2023) for i in range(12)], actor=SYSTEM)
        accounts.create_user(s, "phongvien", "Mat-khau-dai-2024!", "reporter", actor=SYSTEM)
        s.commit()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PUBLIC_DASHBOARD", "true")
    yield engine
    engine.dispose()


@pytest.fixture
def drawn(monkeypatch):
    """The slugs of the charts drawn, in the order drawn (every chart goes through the figure cache)."""
    st.cache_data.clear()
    slugs: list[str] = []
    cached = charts._figure_json

    def recording(slug, *args):
        slugs.append(slug)
        return cached(slug, *args)

    monkeypatch.setattr(charts, "_figure_json", recording)
    yield slugs
    st.cache_data.clear()


def _page(page: str, drawn: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120).run()
    if drawn is not None:
        drawn.clear()  # the entry file first shows the overview
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return at


def test_the_list_names_real_charts_once_each():
    from registry.charts.specs import CHARTS

    assert set(PAGE_CHARTS) == set(DASHBOARD_PAGES)
    for page, slugs in PAGE_CHARTS.items():
        assert len(set(slugs)) == len(slugs) and set(slugs) <= set(CHARTS), page


@pytest.mark.parametrize("page", ["overview", "spread", "replication"])
def test_each_page_draws_its_list(registry, drawn, page):
    _page(page, drawn)
    assert sorted(drawn) == sorted(PAGE_CHARTS[page])


def test_the_number_page_draws_its_list_one_split_at_a_time(registry, drawn):
    *stacks, funnel, growth = PAGE_CHARTS["number"]
    at = _page("number", drawn)
    assert drawn == [stacks[0], funnel, growth]
    for choice, slug in zip(("kind", "bloc", "stage", "field"), [*stacks[1:], stacks[0]], strict=True):
        drawn.clear()
        at.segmented_control(key="number_stack").set_value(choice).run()
        assert not at.exception, [e.value for e in at.exception]
        assert slug in drawn and not set(drawn) & (set(stacks) - {slug})  # the chosen split alone


def test_the_export_page_offers_the_overviews_list(registry, monkeypatch):
    CookieJar(monkeypatch).value = start_session(registry, "phongvien")
    at = _page("export")
    assert at.multiselect(key="export_charts").value == list(PAGE_CHARTS["overview"])
