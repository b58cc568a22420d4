"""Two app servers on one PostgreSQL: a record saved through one appears in the other's figures
and charts without a restart (the data and figure caches are keyed by the change counter, not
only by a TTL): no cached figure is ever stale."""

import uuid

import pytest
from sqlmodel import Session

from registry.db import make_engine
from registry.permissions import SYSTEM
from registry.records import bulk, writes
from tests.support.appserver import (
    StreamlitServer,
    chromium_skip_reason,
    launch_chromium,
    save_failure_artifacts,
    settle,
)
from tests.support.factories import example_input


@pytest.fixture
def shared_pg(pg_server):
    name = "multi_" + uuid.uuid4().hex[:8]
    with pg_server.admin_connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template_registry')
    url = pg_server.url_for(name)
    engine = make_engine(url)
    with Session(engine) as s:
        bulk.bulk_insert(s, [example_input(title=f"Mô hình {i}") for i in range(1234)], actor=SYSTEM)
        s.commit()
    yield url, engine
    engine.dispose()


def shows(page, text: str, name: str, *servers) -> None:
    """Wait until the overview's metric shows ``text`` (the script run may start late)."""
    metric = page.locator('[data-testid="stMetricValue"]', has_text=text)
    try:
        metric.first.wait_for(timeout=60_000)
    except Exception as exc:
        settle(page)
        logs = "\n".join(s.log_tail(40) for s in servers)
        raise AssertionError(f"{text!r} not shown; see {save_failure_artifacts(page, name)}\n{logs}") from exc


CHART_TITLES_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .gtitle')]
    .map((e) => e.textContent)"""


def charts_say(page, new: str, old: str, name: str, *servers) -> None:
    """Wait until a chart title (the by-year chart's: "Năm … có N mô hình") shows ``new``, then
    check that no chart title still shows ``old``: the figure cache was not served stale."""
    try:
        page.wait_for_function(f"() => ({CHART_TITLES_JS})().some((t) => t.includes('{new}'))", timeout=60_000)
    except Exception as exc:
        logs = "\n".join(s.log_tail(40) for s in servers)
        raise AssertionError(f"no chart says {new!r}; see {save_failure_artifacts(page, name)}\n{logs}") from exc
    stale = [title for title in page.evaluate(CHART_TITLES_JS) if old in title]
    assert not stale, f"stale chart titles after the write: {stale}"


def test_a_write_on_one_server_shows_on_the_other(shared_pg):
    reason = chromium_skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    url, engine = shared_pg
    env = {"DATABASE_URL": url, "PUBLIC_DASHBOARD": "true"}
    with StreamlitServer(env=env) as a, StreamlitServer(env=env) as b, sync_playwright() as p:
        browser = launch_chromium(p)
        page_a, page_b = browser.new_page(), browser.new_page()
        try:
            for page, server in ((page_a, a), (page_b, b)):
                page.goto(server.url)
                shows(page, "1.234", "multiserver-before", a, b)
                charts_say(page, "1.234", "1.235", "multiserver-charts-before", a, b)
            # the same write that server A's entry page makes, through the service layer
            with Session(engine) as s:
                writes.create_example(s, example_input(title="Mô hình mới qua máy chủ A"), actor=SYSTEM)
                s.commit()
            for page in (page_b, page_a):
                page.reload()
                shows(page, "1.235", "multiserver-after", a, b)
                charts_say(page, "1.235", "1.234", "multiserver-charts-after", a, b)
        finally:
            browser.close()
