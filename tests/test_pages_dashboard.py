"""AppTest: every dashboard page runs on the demo data and on an empty registry, in each unit
view, without an exception; a bad URL value shows a warning; the filters stay in the URL."""

import pytest
from streamlit.testing.v1 import AppTest

from registry.config import PROJECT_ROOT

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
