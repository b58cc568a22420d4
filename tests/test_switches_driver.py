"""benchmarks/switches.py speaks Streamlit's protocol as the browser does: a signed-in leader's
page switch runs that page on the server (its heading comes back), and a dead cookie gets the
sign-in gate, not the dashboard. Its figures are only worth something if this holds."""

from __future__ import annotations

import asyncio
import secrets

import pytest

from benchmarks.browser import PASSWORD, USER
from benchmarks.switches import Leader, drive, signed_in_cookies
from registry.db import make_engine, write_session
from registry.i18n import t
from registry.permissions import SYSTEM
from registry.staff import accounts
from tests.support.appserver import StreamlitServer

VI = "vi"


@pytest.fixture(scope="module")
def server(demo_url):
    engine = make_engine(demo_url)
    with write_session(engine) as session:
        accounts.create_user(session, USER, PASSWORD, "viewer", actor=SYSTEM)
    engine.dispose()
    env = {"DATABASE_URL": demo_url, "PUBLIC_DASHBOARD": "false", "SECRET_KEY": secrets.token_hex(16)}
    with StreamlitServer(env=env) as app:
        yield app, demo_url


def test_a_leaders_page_switch_runs_that_page(server):
    app, url = server
    (cookie,) = signed_in_cookies(url, 1)

    async def visit() -> dict[str, list[str]]:
        leader = Leader(app.url, cookie, timeout=60)
        await leader.connect()
        seen = {"": leader.headings}
        for page in ("number", "replication", "overview"):
            seconds = await leader.run(page)
            assert 0 < seconds < 60
            seen[page] = leader.headings
        await leader.close()
        return seen

    seen = asyncio.run(visit())
    assert t("overview.heading", VI) in seen[""]  # the app's default page
    assert t("number.heading", VI) in seen["number"] and t("overview.heading", VI) not in seen["number"]
    assert t("replication.heading", VI) in seen["replication"]
    assert t("overview.heading", VI) in seen["overview"]


def test_the_driver_counts_switches_and_reads_the_cpu_around_them(server):
    app, url = server
    marks = []
    found = asyncio.run(drive([app.url], signed_in_cookies(url, 2), 2.0, 60, lambda: marks.append(1)))
    assert len(marks) == 2 and found["switches"] >= 2 and 0 < found["p50_s"] <= found["p95_s"]


def test_a_dead_cookie_gets_no_dashboard(server):
    app, _url = server

    async def visit() -> None:
        await Leader(app.url, "not-a-session-" + secrets.token_urlsafe(8), timeout=60).connect()

    with pytest.raises(RuntimeError, match="sign-in form"):
        asyncio.run(visit())
