"""Issue 24: the brief ("Bản tin", /ban-tin) in Chromium at 360 px, JavaScript disabled.

One server on a small registry with one leader (role viewer). A shared link with filters, opened
without a session, goes to the sign-in page and, after it, to the brief with those filters; the
brief needs no script; it shares the sign-in cookie (signing out closes it again); nothing scrolls
sideways at 360 px; no request leaves this host; its first visit transfers at most 150 KB (the
dashboard's scripts it prefetches at idle priority afterwards not counted). A screenshot is saved
in test-artifacts/brief/.
"""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest

from registry.db import make_engine, write_session
from registry.i18n import t
from registry.permissions import SYSTEM
from registry.schema import init
from registry.staff import accounts
from tests.support.appserver import (
    ARTIFACTS_DIR,
    StreamlitServer,
    chromium_skip_reason,
    launch_chromium,
    save_failure_artifacts,
)
from tests.support.factories import make_example

pytestmark = pytest.mark.skipif(chromium_skip_reason() is not None, reason=str(chromium_skip_reason()))

VI = "vi"
PASSWORD = "mat-khau-lanh-dao-2024"
TIMEOUT_MS = 60_000
MAX_FIRST_VISIT = 150_000
SHOTS = ARTIFACTS_DIR / "brief"


def registry(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    engine = make_engine(url)
    init(engine)
    with write_session(engine) as session:
        accounts.create_user(session, "lanh-dao", PASSWORD, "viewer", actor=SYSTEM)
        year = dt.date.today().year
        for i, (unit, kind) in enumerate((("380", "collective"), ("394", "individual"), ("380", "collective"))):
            make_example(session, unit=unit, kind=kind, registered_on=dt.date(year - 1, 3 + i, 1), title=f"Mô hình {i}")
    engine.dispose()
    return url


def test_brief_without_javascript_shares_sign_in_and_filters_and_fits_a_phone(tmp_path):
    from playwright.sync_api import sync_playwright

    env = {"DATABASE_URL": registry(tmp_path), "SECRET_KEY": secrets.token_hex(16)}
    env["PUBLIC_DASHBOARD"] = "false"
    with StreamlitServer(env=env) as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        hosts, sizes = set(), {}
        page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))

        def count(response) -> None:
            if response.request.resource_type not in ("other", "prefetch"):
                sizes[response.url] = response.request.sizes()["responseBodySize"] + 400  # headers, roughly

        page.on("response", count)
        try:
            # a link shared from a chat, with filters, opened without a session
            page.goto(server.url + "ban-tin?kind=collective")
            assert urlsplit(page.url).path == "/auth/sign-in"
            assert parse_qs(urlsplit(page.url).query)["next"] == ["/ban-tin?kind=collective"]
            page.fill("input[name=username]", "lanh-dao")
            page.fill("input[name=password]", PASSWORD)
            sizes.clear()
            page.click("button[type=submit]")
            page.get_by_role("heading", name=t("brief.title", VI), level=1).wait_for()
            assert urlsplit(page.url).path == "/ban-tin" and "kind=collective" in page.url
            # the filters of the link: two collective records, not the three of every kind
            figures = page.locator(".fig b").all_inner_texts()
            assert figures[0] == "2" and figures[2] == "0", figures
            assert "kind=collective" in page.get_by_role("link", name=t("brief.open_dashboard", VI)).get_attribute(
                "href"
            )
            assert page.locator("section svg").count() == 4
            assert page.locator("script").count() == 0
            assert sum(sizes.values()) <= MAX_FIRST_VISIT, sizes
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "brief-360.png"), full_page=True)
            # nothing scrolls sideways at 360 px (measured with script allowed, same cookie)
            wide = context.browser.new_context(viewport={"width": 360, "height": 740})
            wide.add_cookies(context.cookies())
            measure = wide.new_page()
            measure.goto(server.url + "ban-tin?kind=collective")
            widths = measure.evaluate("() => [window.innerWidth, document.documentElement.scrollWidth]")
            assert widths[1] <= widths[0], widths
            wide.close()
            # signing out closes the brief again: the same session as the dashboard
            page.get_by_role("link", name=t("brief.sign_out", VI)).click()
            page.goto(server.url + "ban-tin")
            assert urlsplit(page.url).path == "/auth/sign-in"
            assert hosts == {f"127.0.0.1:{server.port}"}, hosts
        except BaseException:
            save_failure_artifacts(page, "brief")
            raise
        finally:
            browser.close()


def test_sign_in_without_a_page_lands_on_the_brief(tmp_path):
    from playwright.sync_api import sync_playwright

    env = {"DATABASE_URL": registry(tmp_path), "SECRET_KEY": secrets.token_hex(16), "PUBLIC_DASHBOARD": "false"}
    with StreamlitServer(env=env) as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False).new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            page.goto(server.url + "auth/sign-in")
            page.fill("input[name=username]", "lanh-dao")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.get_by_role("heading", name=t("brief.title", VI), level=1).wait_for()
            assert urlsplit(page.url).path == "/ban-tin"
        finally:
            browser.close()
