"""AppTest: every dashboard page runs on the demo data and on an empty registry, in each unit
view, without an exception; a bad URL value shows a warning; the filters stay in the URL."""

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from registry.config import PROJECT_ROOT
from registry.db import make_engine, read_session
from registry.queries.filters import Filters
from tests.support.periods import dashboard_filters

PAGES = ["pages/overview.py", "pages/number.py", "pages/spread.py", "pages/replication.py", "pages/browse.py"]


def _app(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at


@pytest.fixture
def demo_env(monkeypatch, demo_url):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.setenv("PUBLIC_DASHBOARD", "true")


@pytest.fixture
def empty_env(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setenv("PUBLIC_DASHBOARD", "true")


@pytest.mark.parametrize("view", ["then", "districts-2025", "new-units"])
def test_every_page_on_demo_data(demo_env, view):
    for page in PAGES:
        at = _app({"view": view}).run()
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.title, page
        assert any("dữ liệu mẫu" in i.value for i in at.info), page  # the sample notice


def test_every_page_on_empty_registry(empty_env):
    for page in PAGES:
        at = _app().run()
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not any("dữ liệu mẫu" in i.value for i in at.info), page


def test_pages_in_english_with_filters(demo_env):
    for page in PAGES:
        at = _app({"lang": "en", "field": "economy", "unit": "380", "from": "2022", "to": "2023", "sample": "1"}).run()
        at.switch_page(page).run()
        assert not at.exception, page


def test_bad_url_value_warns_and_is_dropped(demo_env):
    at = _app({"view": "mars", "field": "economy,nope", "from": "20x"}).run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "view=mars" in warnings and "field=nope" in warnings and "from=20x" in warnings
    assert at.query_params["field"] == ["economy"] or at.query_params["field"] == "economy"
    assert "view" not in at.query_params


def test_filters_follow_to_the_next_page(demo_env):
    at = _app({"view": "districts-2025", "kind": "individual"}).run()
    at.switch_page("pages/spread.py").run()
    assert at.sidebar.radio(key="flt_view").value == "districts-2025"
    assert at.sidebar.multiselect(key="flt_kinds").value == ["individual"]


def test_widget_change_updates_the_url(demo_env):
    at = _app().run()
    at.sidebar.multiselect(key="flt_fields").set_value(["economy"]).run()
    assert not at.exception
    value = at.query_params["field"]
    assert value in ("economy", ["economy"])


def test_browse_search_and_detail(demo_env):
    at = _app({"q": "dong son"}).run()
    at.switch_page("pages/browse.py").run()
    assert not at.exception
    assert at.text_input(key="browse_q").value == "dong son"
    captions = " ".join(c.value for c in at.caption)
    assert "bản ghi" in captions
    at = _app({"id": "13"}).run()
    at.switch_page("pages/browse.py").run()
    assert not at.exception
    assert any("Bản ghi số 13" in s.value for s in at.subheader)


# --------------------------------------------------------------------------- the default period
def _latest(demo_url) -> int:
    engine = make_engine(demo_url)
    with read_session(engine) as s:
        until = dashboard_filters(s).year_until
    engine.dispose()
    return until


def _query(at, key):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def test_the_default_period_ends_at_the_latest_year_with_records(demo_env, demo_url):
    latest = _latest(demo_url)
    assert latest > Filters().year_until  # the demo holds 2025 and 2026: not the codec's 2021-2024
    at = _app().run()
    assert not at.exception
    assert at.sidebar.slider(key="flt_years").value == (2021, latest)
    assert _query(at, "to") == str(latest)  # the link written names its last year: it round-trips
    last_year = at.metric[1].label  # the current year runs on: the overview says to which day
    assert last_year.startswith(f"Năm {latest}") and ("(đến " in last_year) == (latest == dt.date.today().year)
    # explicit years are kept, 2024 (the codec's default) included
    for first, last in (("2022", "2023"), ("2021", "2024")):
        at = _app({"from": first, "to": last}).run()
        assert at.sidebar.slider(key="flt_years").value == (int(first), int(last))
        assert _query(at, "to") == last
    at = _app({"from": "2025"}).run()  # no "to": to the latest year
    assert at.sidebar.slider(key="flt_years").value == (2025, latest)


def test_2024_is_one_click(demo_env):
    at = _app().run()
    at.sidebar.button(key="flt_year_2024").click().run()
    assert not at.exception and not at.warning
    assert at.sidebar.slider(key="flt_years").value == (2024, 2024)
    assert (_query(at, "from"), _query(at, "to")) == ("2024", "2024")
    at.switch_page("pages/number.py").run()  # and it follows to the next page
    assert at.sidebar.slider(key="flt_years").value == (2024, 2024)


def test_reset_clears_the_widgets_the_url_and_the_numbers_in_one_click(demo_env):
    """ "Đặt lại bộ lọc" acts before the page is drawn: the sidebar never keeps showing a field
    that the URL no longer has (then picking that field again found no such option), and the
    numbers on the page are those of the reset filters."""
    at = _app().run()
    everything = at.metric[0].value
    at.sidebar.multiselect(key="flt_fields").set_value(["economy"]).run()
    at.sidebar.radio(key="flt_view").set_value("new-units").run()
    assert at.metric[0].value != everything
    at.sidebar.button(key="flt_reset").click().run()
    assert not at.exception
    assert at.sidebar.multiselect(key="flt_fields").value == []
    assert at.sidebar.radio(key="flt_view").value == "then"
    assert "field" not in at.query_params and "view" not in at.query_params
    assert at.metric[0].value == everything
