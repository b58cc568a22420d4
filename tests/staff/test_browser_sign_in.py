"""Issue 11 item 1 in Debian's Chromium against `streamlit run dashboard.py`: the address a signed-in
user copies (from the address bar or with "Sao chép liên kết") signs nobody in when opened in a
second browser context; an old `?session=` link neither; the cookie is HttpOnly and SameSite=Strict."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from urllib.parse import urlencode, urlparse

import pytest

from registry.i18n import t
from tests.support.appserver import (
    PROJECT_ROOT,
    StreamlitServer,
    chromium_skip_reason,
    launch_chromium,
    save_failure_artifacts,
    settle,
)

VI = "vi"
TIMEOUT_MS = 60_000
USERS = {"bien-tap": ("editor", "mat-khau-bien-tap-1"), "lanh-dao": ("viewer", "mat-khau-lanh-dao-1")}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    reason = chromium_skip_reason()
    if reason:
        pytest.skip(f"browser tests need Chromium: {reason}")
    url = f"sqlite:///{tmp_path_factory.mktemp('browser-sign-in') / 'r.db'}"
    env = {**os.environ, "DATABASE_URL": url}
    steps = [(["init"], None)] + [
        (["user", "add", name, "--role", role], password + "\n") for name, (role, password) in USERS.items()
    ]
    for args, stdin in steps:
        done = subprocess.run(
            [sys.executable, "-m", "registry", *args],
            cwd=PROJECT_ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
    with StreamlitServer(
        env={"DATABASE_URL": url, "PUBLIC_DASHBOARD": "false", "SECRET_KEY": "browser-test-key-Zq8Lr2Vx7Nc4Bm9Tp1Wd6"}
    ) as app:
        yield app


def sign_in(page, name: str) -> None:
    page.get_by_label(t("field_name.name", VI), exact=True).fill(name)
    page.get_by_label(t("field_name.password", VI), exact=True).fill(USERS[name][1])
    page.get_by_role("button", name=t("auth.sign_in", VI)).click()
    page.get_by_text(t("auth.signed_in_as", VI, name=name, role=t(f"role.{USERS[name][0]}", VI))).wait_for()
    settle(page)


def shows_sign_in_form(page) -> bool:
    page.get_by_label(t("field_name.password", VI), exact=True).wait_for()
    return urlparse(page.url).path == "/auth/sign-in" and page.get_by_text("Đang đăng nhập").count() == 0


def test_a_copied_address_signs_nobody_in_in_a_second_browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        sender = browser.new_context(locale="vi-VN", viewport={"width": 1400, "height": 1000})
        sender.set_default_timeout(TIMEOUT_MS)
        page = sender.new_page()
        other = None
        try:
            page.goto(server.url)
            assert shows_sign_in_form(page)  # every page without a session leads to the form, in Vietnamese
            # (the root first: until the main script has run once, Streamlit serves pages/*.py directly)
            sign_in(page, "bien-tap")
            assert "session" not in page.url
            page.goto(server.url + "spread?view=districts-2025")
            page.get_by_text(t("auth.signed_in_as", VI, name="bien-tap", role=t("role.editor", VI))).wait_for()
            settle(page)
            cookie = next(c for c in sender.cookies() if c["name"] == "danvan_session")
            assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
            assert page.evaluate("document.cookie").find("danvan_session") == -1  # scripts cannot read it

            # "Sao chép liên kết": a clean link with the filters only
            page.locator('[data-testid="stSidebar"]').get_by_role("button", name=t("share.copy", VI)).click()
            box = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]').first
            box.wait_for()
            link = box.inner_text().strip()
            assert "view=districts-2025" in link and cookie["value"] not in link and "session" not in link
            address_bar = page.url

            other = browser.new_context(locale="vi-VN")
            other.set_default_timeout(TIMEOUT_MS)
            visitor = other.new_page()
            for address in (link, address_bar):
                visitor.goto(address)
                assert shows_sign_in_form(visitor), address
            # an old-style link carrying the sender's credential itself
            visitor.goto(server.url + "spread?" + urlencode({"view": "districts-2025", "session": cookie["value"]}))
            assert shows_sign_in_form(visitor) and "session" not in visitor.url
            # the visitor signs in as themself and lands on the shared view
            sign_in(visitor, "lanh-dao")
            assert urlparse(visitor.url).path.strip("/") == "spread"
            assert re.search(r"[?&]view=districts-2025\b", visitor.url)

            # sign-out ends the sender's session: a reload shows the form again
            page.locator('[data-testid="stSidebarNav"] a').filter(has_text=t("auth.sign_out", VI)).click()
            page.get_by_text(t("auth.sign_in_heading", VI)).first.wait_for()
            page.goto(server.url)
            assert shows_sign_in_form(page)
        except Exception:
            for i, p in enumerate([page] + ([visitor] if other is not None else [])):
                save_failure_artifacts(p, f"browser-sign-in-{i}")
            raise
        finally:
            if other is not None:
                other.close()
            sender.close()
            browser.close()
