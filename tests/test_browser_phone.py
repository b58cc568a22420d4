"""Issue 15 §2: the dashboard on a phone (390×844, Chromium via Playwright, touch).

Every page a signed-in leader (role viewer) can open, and every page of the public dashboard, is
opened at 390×844. On each: the page does not scroll sideways; every chart title and subtitle lies
inside its chart's box; the plotly mode bar and Streamlit's chart toolbar, shown by hovering
(tapping) the chart, cover no title. On the overview the headline figures sit two per row; on every
page the sidebar opens and its filters can be used. A screenshot of each page at that size is saved
in test-artifacts/phone/ (looked at by people, not compared).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys

import pytest

from registry.i18n import t
from tests.support.appserver import (
    ARTIFACTS_DIR,
    PROJECT_ROOT,
    StreamlitServer,
    chromium_skip_reason,
    launch_chromium,
    save_failure_artifacts,
    settle,
)
from tests.support.signin import parse_demo_passwords

pytestmark = pytest.mark.skipif(chromium_skip_reason() is not None, reason=str(chromium_skip_reason()))

VI = "vi"
TIMEOUT_MS = 60_000
PHONE = {"width": 390, "height": 844}
SHOTS = ARTIFACTS_DIR / "phone"
# url path -> heading key: what a leader (viewer) and the public dashboard can open
VIEW_PAGES = {
    "overview": "overview.heading",
    "number": "number.heading",
    "spread": "spread.heading",
    "replication": "replication.heading",
    "browse": "browse.heading",
    "published": "published.heading",
}
TOLERANCE = 1.0  # CSS px of rounding

# Everything one page needs measured, in one round trip: the page's widths, and per chart its box,
# its title boxes and the boxes of the mode bar and of Streamlit's toolbar when they are shown.
MEASURE_JS = """
() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
  const shown = (el) => {
    if (!el) return false;
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
    }
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const main = document.querySelector('[data-testid="stMain"]');
  return {
    viewport: window.innerWidth,
    doc: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    main: main ? main.scrollWidth : 0,
    mainClient: main ? main.clientWidth : 0,
    charts: [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map((c) => {
      const svg = c.querySelector('.main-svg');
      const bar = c.querySelector('.modebar');
      const holder = c.closest('[data-testid="stElementContainer"]') || c.parentElement;
      const tools = holder ? holder.querySelector('[data-testid="stElementToolbar"]') : null;
      return {
        box: box(svg || c),
        titles: [...c.querySelectorAll('.gtitle, .gtitle-subtitle')].map((e) => ({text: e.textContent, ...box(e)})),
        modebar: shown(bar) ? box(bar) : null,
        toolbar: shown(tools) ? box(tools) : null,
      };
    }),
  };
}
"""


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["l"] < b["r"] - TOLERANCE
        and b["l"] < a["r"] - TOLERANCE
        and a["t"] < b["b"] - TOLERANCE
        and b["t"] < a["b"] - TOLERANCE
    )


def layout_problems(page, where: str) -> list[str]:
    """What is wrong with the layout of the open page: sideways scrolling, titles outside their
    charts, a mode bar or toolbar over a title (each chart hovered, as a tap does)."""
    charts = page.locator('[data-testid="stPlotlyChart"]')
    problems: list[str] = []
    found = page.evaluate(MEASURE_JS)
    width = found["viewport"]
    for name in ("doc", "body"):
        if found[name] > width + TOLERANCE:
            problems.append(f"{where}: the page scrolls sideways ({name} {found[name]} px > {width} px)")
    if found["main"] > found["mainClient"] + TOLERANCE:
        problems.append(f"{where}: the main area scrolls sideways ({found['main']} > {found['mainClient']} px)")
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.evaluate("(e) => e.scrollIntoView({block: 'center'})")  # clear of the sticky header
        chart.locator(".gtitle").first.wait_for()
        chart.hover()  # as a tap does: shows the mode bar and the toolbar if they show at all
        page.wait_for_timeout(250)
        c = page.evaluate(MEASURE_JS)["charts"][i]
        for title in c["titles"]:
            label = f"{where}, chart {i + 1}, title {title['text'][:60]!r}"
            if title["l"] < c["box"]["l"] - TOLERANCE or title["r"] > c["box"]["r"] + TOLERANCE:
                problems.append(
                    f"{label}: {title['l']:.0f}–{title['r']:.0f} px outside the chart "
                    f"{c['box']['l']:.0f}–{c['box']['r']:.0f} px"
                )
            if title["r"] > width + TOLERANCE:
                problems.append(f"{label}: runs past the screen's edge ({title['r']:.0f} > {width} px)")
            for bar in ("modebar", "toolbar"):
                if c[bar] and overlaps(c[bar], title):
                    problems.append(f"{label}: the {bar} lies over it")
    return problems


def headline_rows(page) -> list[int]:
    """How many headline figures sit on each line of the overview (by the top of their boxes)."""
    tops = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=\"stMetric\"]')]"
        ".map((m) => Math.round(m.getBoundingClientRect().top))"
    )
    rows: dict[int, int] = {}
    for top in tops:
        key = next((k for k in rows if abs(k - top) <= 4), top)
        rows[key] = rows.get(key, 0) + 1
    return [rows[k] for k in sorted(rows)]


def open_sidebar_filters(page, where: str, *, with_filters: bool = True) -> None:
    """Open the sidebar as a phone user does (the collapsed control), find a filter in it on the
    screen, and close it again."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    state = "() => document.querySelector('[data-testid=\"stSidebar\"]').dataset.collapsed"
    assert page.evaluate(state) == "true", f"{where}: the sidebar covers the page when it opens"
    opener = page.locator('[data-testid="stExpandSidebarButton"]')
    assert opener.count(), f"{where}: no control opens the sidebar"
    opener.first.click()
    page.wait_for_function(f"() => ({state})() === 'false'")
    page.wait_for_timeout(500)  # the slide-in transition
    if with_filters:
        target = sidebar.get_by_text(t("filters.period", VI), exact=False).first
    else:  # the published figures have no filters: the navigation, then
        target = sidebar.locator('[data-testid="stSidebarNavLink"]').first
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box and 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"] + TOLERANCE, (
        f"{where}: the filters are not on the screen ({box})"
    )
    sidebar.locator('[data-testid="stSidebarCollapseButton"] button').first.click()
    page.wait_for_function(f"() => ({state})() === 'true'")
    page.wait_for_timeout(500)


def shoot(page, name: str) -> None:
    """A full-height PNG of the page at the phone's width (Streamlit scrolls inside stMain)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return m ? m.scrollHeight : document.body.scrollHeight; }"
    )
    page.set_viewport_size({"width": PHONE["width"], "height": max(PHONE["height"], min(int(height) + 40, 9000))})
    page.wait_for_timeout(400)
    page.screenshot(path=str(SHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name)}.png"))
    page.set_viewport_size(PHONE)


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """A seeded demo registry with its accounts; the passwords printed once."""
    path = tmp_path_factory.mktemp("phone") / "demo.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "PYTHONDONTWRITEBYTECODE": "1"}
    for args in (["init"], ["seed", "--demo", "--accounts"]):
        done = subprocess.run(
            [sys.executable, "-m", "registry", *args],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"registry {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return path, parse_demo_passwords(done.stdout)


def phone_context(browser):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True, device_scale_factor=1)
    context.set_default_timeout(TIMEOUT_MS)
    return context


def walk(server, page, prefix: str) -> list[str]:
    problems: list[str] = []
    for path, heading in VIEW_PAGES.items():
        where = f"{prefix} /{path}"
        page.goto(server.url + path)
        page.get_by_role("heading", name=t(heading, VI), exact=True).wait_for()
        settle(page)
        charts = page.locator('[data-testid="stPlotlyChart"]')
        for i in range(charts.count()):
            charts.nth(i).scroll_into_view_if_needed()
            charts.nth(i).locator(".gtitle").first.wait_for()
        problems += layout_problems(page, where)
        if path == "overview":
            # the headline figures are drawn after the heading: wait for them, not for the clock
            page.locator('[data-testid="stMetric"]').first.wait_for()
            page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stMetric\"]').length >= 4")
            rows = headline_rows(page)
            if max(rows, default=0) < 2:
                problems.append(f"{where}: the headline figures stack one per row ({rows})")
        open_sidebar_filters(page, where, with_filters=path != "published")
        shoot(page, f"{prefix}-{path}")
    return problems


def run_walk(db, passwords, *, public: bool, user: str | None, prefix: str, tmp_path) -> None:
    from playwright.sync_api import sync_playwright

    copy = tmp_path / f"{prefix}.db"
    shutil.copy(db, copy)
    env = {
        "DATABASE_URL": f"sqlite:///{copy}",
        "PUBLIC_DASHBOARD": "true" if public else "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
    }
    with StreamlitServer(env=env) as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = phone_context(browser).new_page()
        try:
            page.goto(server.url)
            if user:
                page.get_by_label(t("field_name.name", VI), exact=True).fill(user)
                page.get_by_label(t("field_name.password", VI), exact=True).fill(passwords[user])
                page.get_by_role("button", name=t("auth.sign_in", VI)).click()
                # a leader lands on the brief (web/brief.py), and opens the dashboard from it
                page.get_by_role("link", name=t("brief.open_dashboard", VI)).click()
                page.get_by_role("heading", name=t("overview.heading", VI), exact=True).wait_for()
            settle(page)
            problems = walk(server, page, prefix)
        except Exception as exc:
            folder = save_failure_artifacts(page, f"phone-{prefix}")
            raise AssertionError(f"phone walk '{prefix}' failed; see {folder}: {exc}") from exc
        finally:
            browser.close()
    assert not problems, "\n".join(problems)


def test_a_leader_on_a_phone(demo_db, tmp_path):
    db, passwords = demo_db
    run_walk(db, passwords, public=False, user="demo-viewer", prefix="leader", tmp_path=tmp_path)


def test_the_public_dashboard_on_a_phone(demo_db, tmp_path):
    db, passwords = demo_db
    run_walk(db, passwords, public=True, user=None, prefix="public", tmp_path=tmp_path)
