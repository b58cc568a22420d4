"""AppTest: the export page (reporters) and the published-figures page run on the demo data."""

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from registry.config import PROJECT_ROOT
from registry.db import make_engine, read_session
from registry.exports import keyfigures
from registry.exports.formats import as_of_date
from registry.i18n import fmt_date
from registry.permissions import SYSTEM
from registry.staff import accounts
from tests.support.periods import dashboard_filters
from tests.support.signin import CookieJar, start_session


@pytest.fixture(scope="module")
def demo_url(demo_url):
    """The module's demo registry, with a reporter and a viewer account."""
    url = demo_url
    engine = make_engine(url)
    with Session(engine) as s:
        accounts.create_user(s, "phongvien", "Mat-khau-dai-2024!", "reporter", actor=SYSTEM)
        accounts.create_user(s, "nguoixem", "Mat-khau-dai-2024!", "viewer", actor=SYSTEM)
        s.commit()
    engine.dispose()
    return url


def _token(url, name):
    """A live server-side session for ``name`` (what the sign-in route puts in the cookie)."""
    engine = make_engine(url)
    token = start_session(engine, name)
    engine.dispose()
    return token


def _page(monkeypatch, url, page, user=None, **params):
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PUBLIC_DASHBOARD", "true")
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    CookieJar(monkeypatch).value = _token(url, user) if user else None
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    return at.switch_page(page).run()


def test_export_page_for_a_reporter(monkeypatch, demo_url):
    at = _page(monkeypatch, demo_url, "pages/export.py", "phongvien")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Xuất số liệu cho báo chí và báo cáo"
    paragraphs = [c.value for c in at.code]
    engine = make_engine(demo_url)
    with read_session(engine) as s:  # the page's default period: 2021 to the latest year
        default = dashboard_filters(s)
        expected = {code: keyfigures.paragraph(s, default, code) for code in ("vi", "en")}
    engine.dispose()
    assert default.year_until > 2024  # the demo holds 2025 and 2026
    assert paragraphs[0].startswith(expected["vi"]) and paragraphs[1].startswith(expected["en"])
    assert paragraphs[0].startswith("Từ năm 2021 đến ngày ")  # the current year runs on: to which day
    assert f"Số liệu tính đến ngày {fmt_date(as_of_date(default))}" in paragraphs[0]
    # bundle, four formats of one chart, registry CSV and XLSX, the report (XLSX and Word)
    assert len(at.get("download_button")) == 9


def test_export_page_follows_the_filters(monkeypatch, demo_url):
    at = _page(
        monkeypatch,
        demo_url,
        "pages/export.py",
        "phongvien",
        **{"from": "2023", "to": "2023", "field": "economy", "lang": "en"},
    )
    assert not at.exception
    assert at.code[0].value.startswith("In 2023 (sample data), Thanh Hóa province had 1,433")


@pytest.mark.parametrize("user", [None, "nguoixem"])
def test_export_page_refuses_viewers(monkeypatch, demo_url, user):
    with pytest.raises(ValueError):  # not in their navigation
        _page(monkeypatch, demo_url, "pages/export.py", user)
    # and run directly, the page itself refuses (the check is where the action runs)
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / "export.py"), default_timeout=120)
    CookieJar(monkeypatch).value = _token(demo_url, user) if user else None
    at.run()
    assert not at.exception
    assert at.error and not at.get("download_button") and not at.code


def test_published_page(monkeypatch, demo_url):
    at = _page(monkeypatch, demo_url, "pages/published.py")
    assert not at.exception, [e.value for e in at.exception]
    assert at.success and "2,0%" in at.success[0].value
    assert len(at.dataframe) == 1 and len(at.get("download_button")) == 1
    at.number_input(key="published_tolerance").set_value(0.0).run()
    assert not at.exception and at.success
