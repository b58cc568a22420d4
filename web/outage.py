"""The web server while its database does not answer (registry/health.py names the fault).

- ``readyz``: ``GET /readyz`` answers 200 ``ok`` when the database answers ``SELECT 1``, else 503
  ``unavailable``, for nginx and systemd (docs/deploy.md); Streamlit's /_stcore/health only says
  that the process runs.
- ``OutageMiddleware`` (outermost): a request whose handling meets a database error (the sign-in,
  the session check of a page) gets a page that says so in the user's language — "Không kết nối
  được cơ sở dữ liệu, đang thử lại", a full disk, a damaged file — with status 503 and a refresh
  every RETRY_SECONDS, never a bare 500. While the database is down, each such request first asks it
  ``SELECT 1``, so the first request after it comes back is served as usual.
The app's pages (the Streamlit script) do the same through ui/outage.py. Every outage writes one log
line when it starts and one when it ends (health.OUTAGE).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from html import escape
from urllib.parse import parse_qsl

from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from registry import health
from registry.i18n import lang_or_default, t

READY_TIMEOUT = 5.0
# Paths that never touch the database: served as they are during an outage.
STATIC = ("/static/", "/_stcore/", "/component/", "/media/", "/app/static/", "/favicon", "/readyz")


def _probe(engine_of: Callable[[], Engine]) -> bool:
    try:
        engine = engine_of()
    except Exception as exc:  # noqa: BLE001 - any failure to open the database is "not ready"
        health.OUTAGE.failed(exc)
        return False
    return health.ready(engine)


def readyz(engine_of: Callable[[], Engine]) -> Callable:
    async def endpoint(_request: Request) -> Response:
        try:
            ok = await asyncio.wait_for(run_in_threadpool(_probe, engine_of), READY_TIMEOUT)
        except TimeoutError:
            ok = False
        response = PlainTextResponse("ok" if ok else "unavailable", status_code=200 if ok else 503)
        response.headers["Cache-Control"] = "no-store"
        return response

    return endpoint


def page(message: str, lang: str) -> Response:
    """The outage page: the message, refreshed every health.RETRY_SECONDS (no script)."""
    body = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="{health.RETRY_SECONDS}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(t('app.title', lang))}</title></head>"
        '<body style="font-family:sans-serif;margin:3rem auto;max-width:40rem">'
        f'<p role="alert">{escape(message)}</p></body></html>'
    )
    response = HTMLResponse(body, status_code=503)
    response.headers["Retry-After"] = str(health.RETRY_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    )
    return response


def _lang(scope) -> str:
    return lang_or_default(dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"))).get("lang"))


class OutageMiddleware:
    """See the module doc. ``engine_of`` gives the server's engine (web/server.py ``engine``)."""

    def __init__(self, app, engine_of: Callable[[], Engine]) -> None:
        self.app, self.engine_of = app, engine_of

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("path", "").startswith(STATIC):
            await self.app(scope, receive, send)
            return
        if health.OUTAGE.down and not await run_in_threadpool(_probe, self.engine_of):
            await page(health.outage_message(None, _lang(scope)), _lang(scope))(scope, receive, send)
            return
        started = False

        async def tracked(msg) -> None:
            nonlocal started
            started = started or msg["type"] == "http.response.start"
            await send(msg)

        try:
            await self.app(scope, receive, tracked)
        except health.DB_ERRORS as exc:
            if started:
                raise
            health.OUTAGE.failed(exc)
            await page(health.outage_message(exc, _lang(scope)), _lang(scope))(scope, receive, send)
