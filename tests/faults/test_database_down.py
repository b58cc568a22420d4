"""PostgreSQL stopped and started under a running web server (web/server.py's routes and middleware,
driven in-process): /readyz says 503 while it is down and 200 once it is back; the sign-in and the
pages show "Không kết nối được cơ sở dữ liệu, đang thử lại" with a refresh, never a bare 500; the
log has one line for the outage and one for the return, not a traceback per request."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlencode

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from registry import health
from registry.db import forget_engines, make_engine
from registry.schema import init
from tests.support.asgi import http, set_cookies
from tests.support.pg import PostgresServer, pg_skip_reason

STRONG_KEY = "k3Y-for-tests-" + "Zq8Lr2Vx7Nc4Bm9Tp1Wd6Hs3Jf5Ga0Ke"
PAGE = {"host": "127.0.0.1:8501", "accept": "text/html", "cookie": "danvan_session=not-a-live-session"}
DOWN_VI = "Không kết nối được cơ sở dữ liệu, đang thử lại"


@pytest.fixture
def own_pg():
    """A PostgreSQL of this test's own: it is stopped and started, which no other test may see."""
    reason = pg_skip_reason()
    if reason:
        pytest.skip(f"PostgreSQL not available: {reason}")
    server = PostgresServer(dbname="down").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def site(monkeypatch, own_pg):
    from web import server as web

    monkeypatch.setenv("DATABASE_URL", own_pg.url)
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.delenv("PUBLIC_DASHBOARD", raising=False)
    engine = make_engine(own_pg.url)
    init(engine)
    engine.dispose()
    forget_engines()
    monkeypatch.setattr(health.OUTAGE, "down", False)

    async def page(_request):  # Streamlit's index.html, served for every page
        return HTMLResponse("<html><head><title>x</title></head><body>app</body></html>")

    app = Starlette(routes=[*web.routes(), Route("/{path:path}", page)], middleware=web.middleware())
    yield app
    forget_engines()


def _form(app, lang: str = "vi") -> tuple[str, str]:
    status, hdrs, body = http(app, "GET", "/auth/sign-in?" + urlencode({"next": "/", "lang": lang}))
    assert status == 200
    token = re.search(r'name="form_token" value="([^"]+)"', body.decode()).group(1)
    return token, set_cookies(hdrs)["danvan_form"]["value"]


def _sign_in(app, lang: str = "vi", form_page: tuple[str, str] | None = None):
    token, nonce = form_page or _form(app, lang)
    form = urlencode({"form_token": token, "next": "/", "username": "ai-do", "password": "x" * 12, "lang": lang})
    headers = {
        **PAGE,
        "content-type": "application/x-www-form-urlencoded",
        "cookie": f"danvan_form={nonce}",
        "origin": "http://127.0.0.1:8501",
    }
    return http(app, "POST", "/auth/sign-in", body=form.encode(), headers=headers)


def _outage_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "registry.health"]


def test_postgresql_stopped_and_started_under_a_running_server(site, own_pg, caplog):
    app = site
    caplog.set_level(logging.INFO)
    assert http(app, "GET", "/readyz")[0] == 200
    assert http(app, "GET", "/spread", headers=PAGE)[0] == 303  # a dead session: to the sign-in
    assert _sign_in(app)[0] == 401  # no such user: the database answered

    form_page = _form(app)  # the form open in a browser when the database stops
    own_pg.halt()
    status, _, body = _sign_in(app, form_page=form_page)  # the first request meets the error itself
    assert status == 503 and DOWN_VI in body.decode()
    status, _, body = http(app, "GET", "/readyz")
    assert (status, body) == (503, b"unavailable")
    for _ in range(3):
        status, hdrs, body = http(app, "GET", "/spread", headers=PAGE)
        text = body.decode()
        assert status == 503 and DOWN_VI in text and 'http-equiv="refresh"' in text
        assert dict(hdrs)["retry-after"] == "5"
    status, _, body = _sign_in(app, form_page=form_page)
    assert status == 503 and DOWN_VI in body.decode()
    status, _, body = http(app, "GET", "/auth/sign-in", headers=PAGE)
    assert status == 503 and DOWN_VI in body.decode()
    status, _, body = http(app, "GET", "/spread?lang=en", headers=PAGE)
    assert status == 503 and "Cannot reach the database, retrying" in body.decode()
    down = _outage_lines(caplog)
    assert len(down) == 1 and down[0].startswith("database unreachable"), down
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"

    own_pg.resume()
    assert http(app, "GET", "/spread", headers=PAGE)[0] == 303  # served again, by itself
    assert http(app, "GET", "/readyz")[0] == 200
    assert _sign_in(app)[0] == 401
    assert _outage_lines(caplog)[1:] == ["database reachable again"]
