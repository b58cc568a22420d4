"""A shared link as the very first request of a fresh server opens its page, in Vietnamese.

Streamlit treats an app with a ``pages/`` folder as an old-style multipage app until the entry
script has called ``st.navigation`` once in the process; before that, ``/signin`` was unknown
(Streamlit's English "Page not found" dialog) and ``/spread`` ran pages/spread.py bare. Each case
starts its own server, so that the address under test really is the server's first page run.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

import pytest

from registry.i18n import t
from tests.support.appserver import (
    StreamlitServer,
    chromium_skip_reason,
    launch_chromium,
    save_failure_artifacts,
    settle,
)

VI = "vi"
TIMEOUT_MS = 60_000
NOT_FOUND = "Page not found"

pytestmark = pytest.mark.skipif(chromium_skip_reason() is not None, reason=str(chromium_skip_reason()))


def first_visit(tmp_path, path: str, heading_key: str, name: str, text: str | None = None, then=None) -> None:
    from playwright.sync_api import sync_playwright

    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'registry.db'}",
        "PUBLIC_DASHBOARD": "true",
        "SECRET_KEY": secrets.token_hex(16),
    }
    with StreamlitServer(env=env) as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
        page.set_default_timeout(TIMEOUT_MS)
        google = []  # the tab's icon is drawn by the browser, never fetched from Google's font server
        page.on("request", lambda r: google.append(r.url) if "gstatic.com" in r.url else None)
        try:
            page.goto(server.url + path)
            page.get_by_role("heading", name=t(heading_key, VI), exact=True).wait_for()
            if text is not None:
                page.get_by_text(text).wait_for()
            settle(page)
            body = page.inner_text("body")
            assert NOT_FOUND not in body, body[:500]
            assert page.locator('[data-testid="stDialog"]').count() == 0
            assert page.locator('a[href*="evil.example"], img[src*="evil.example"]').count() == 0
            # the app's own navigation (not the bare pages/ folder): the sidebar lists the pages in Vietnamese
            nav = page.locator('[data-testid="stSidebarNav"]')
            assert nav.get_by_text(t("nav.overview", VI), exact=True).count() == 1
            if then is not None:
                then(page)
            assert google == []
            assert page.evaluate("() => document.querySelector(\"link[rel='shortcut icon']\").href").startswith(
                "data:image/svg+xml"
            )
        except Exception as exc:
            folder = save_failure_artifacts(page, f"first-visit-{name}")
            raise AssertionError(f"first visit of {path} failed; see {folder}: {exc}") from exc
        finally:
            browser.close()


def test_signin_address_as_first_visit(tmp_path):
    first_visit(tmp_path, "signin", "auth.sign_in_heading", "signin")


def test_page_link_with_filters_as_first_visit(tmp_path):
    first_visit(tmp_path, "spread?field=xyz&kind=model", "spread.heading", "spread")


def test_a_link_with_a_markdown_link_in_a_filter_shows_it_as_text(tmp_path):
    """Issue 11 §5, reflected: the bad value is shown as code in the warning, never as a live link."""
    evil = "[Phiên hết hạn](https://evil.example/login)"
    first_visit(tmp_path, "overview?" + urlencode({"kind": evil}), "overview.heading", "reflected", text=f"kind={evil}")


def test_browse_as_first_visit_and_no_english_enter_hint(tmp_path):
    """Issue 15 §4: typing in the search box shows no "Press Enter to apply" (ui/core.py hides it)."""

    def type_a_search(page) -> None:
        box = page.get_by_label(t("browse.search", VI), exact=True)
        box.fill("tuyến phố")
        page.wait_for_timeout(500)
        assert "Press Enter" not in page.locator('[data-testid="stMain"]').inner_text()
        assert page.locator('[data-testid="InputInstructions"]').first.is_hidden()

    first_visit(tmp_path, "browse", "browse.heading", "browse", then=type_a_search)
