"""The HTTP side of sign-in, served by dashboard.py's ``st.App``: routes, cookie and middleware.

Routes (Starlette, next to Streamlit's own):
- ``GET /auth/sign-in?next=/spread?field=…`` the sign-in page (web/signin_html.py) with a form token;
- ``POST /auth/sign-in`` checks the Origin and the form token, then the password
  (registry/staff/signin.py, in a worker thread); on success it sets the session cookie and answers
  303 to ``next`` (a path on this site only);
- ``GET|POST /auth/sign-out`` revokes the cookie's session row, clears the cookie, 303 to sign-in.

The cookie ``danvan_session`` holds only a random session id: HttpOnly, SameSite=Strict, Path=/,
Secure when the request came over HTTPS (directly, or X-Forwarded-Proto from a TRUSTED_PROXIES peer).

``SecurityMiddleware`` (pure ASGI, so it sees WebSockets too):
- refuses a WebSocket whose Origin is neither this very origin (scheme, host and port) nor one of
  ``server.corsAllowedOrigins`` exactly - Streamlit itself compares host names only;
- adds X-Frame-Options / frame-ancestors, Referrer-Policy, nosniff (and HSTS over HTTPS) to every
  response;
- sends a page request without a live session to the sign-in page (unless PUBLIC_DASHBOARD), and
  drops an old ``session=`` query parameter from any address, so that an old link never signs anyone
  in and the credential leaves the address bar;
- sends ``/overview`` (the default page, which Streamlit serves at ``/`` only) to ``/``, filters kept.
"""

from __future__ import annotations

import gc
from urllib.parse import parse_qsl, urlencode, urlsplit

from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from streamlit import config as st_config

from registry import health
from registry.config import get_settings
from registry.db import read_session, write_session
from registry.i18n import lang_or_default, t
from registry.schema import ready_engine
from registry.staff import accounts, sessions, signin
from web import brief, compress, outage, signin_html

COOKIE = sessions.COOKIE
FORM_COOKIE = "danvan_form"
SIGN_IN = sessions.SIGN_IN_PATH
SIGN_OUT = sessions.SIGN_OUT_PATH
OLD_TOKEN_PARAM = sessions.OLD_TOKEN_PARAM
MAX_FORM_BYTES = 8192
# Paths that are not pages of the app: Streamlit's API, assets, components, and our own routes.
NOT_PAGES = (
    "/_stcore/",
    "/static/",
    "/media/",
    "/component/",
    "/app/static/",
    "/auth/",
    "/favicon",
    "/robots.txt",
    "/manifest.json",
    "/readyz",
    "/ban-tin",  # the brief (web/brief.py) checks the sign-in itself and needs no plotly preload
)
FRAMED_OK = ("/component/", "/media/")
# The default page of dashboard.py's navigation lives at "/": Streamlit knows no "/overview", and a
# shared /overview?kind=… link showed its English "Page not found". The address is sent to "/".
DEFAULT_PAGE_PATH = "/overview"  # served into Streamlit's own same-origin iframes


def engine() -> Engine:
    """The process's one engine, shared with the pages (registry.schema.ready_engine)."""
    return ready_engine()


# --------------------------------------------------------------------------- request facts
def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key == name:
            return value.decode("latin-1")
    return None


def _peer(scope) -> str:
    client = scope.get("client")
    return client[0] if client else ""


def _trusted_peer(scope) -> bool:
    return signin._in(_peer(scope), get_settings().trusted_proxies)


def client_of(scope) -> str:
    return signin.client_address(_peer(scope), _header(scope, b"x-forwarded-for"), get_settings().trusted_proxies)


def is_https(scope) -> bool:
    forwarded = _header(scope, b"x-forwarded-proto")
    if forwarded and _trusted_peer(scope):
        return forwarded.split(",")[0].strip().lower() in ("https", "wss")
    return scope.get("scheme") in ("https", "wss")


def own_origin(scope) -> str | None:
    host = _header(scope, b"host")
    return f"{'https' if is_https(scope) else 'http'}://{host}".lower() if host else None


def allowed_origins() -> set[str]:
    configured = st_config.get_option("server.corsAllowedOrigins") or []
    return {str(origin).rstrip("/").lower() for origin in configured}


def origin_ok(scope) -> bool:
    """A browser request from this very origin or a configured one (scheme, host and port), or one
    without an Origin header (not a browser: it carries nobody's cookies)."""
    origin = _header(scope, b"origin")
    if origin is None:
        return True
    origin = origin.rstrip("/").lower()
    return origin == own_origin(scope) or origin in allowed_origins()


def _cookie(scope, name: str) -> str | None:
    raw = _header(scope, b"cookie") or ""
    for part in raw.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name and value:
            return value
    return None


def safe_next(value: str | None) -> str:
    """A path on this site (never another host, never the old token parameter); "/" otherwise."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value or any(ord(c) < 32 for c in value):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path.startswith("/auth/"):
        return "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != OLD_TOKEN_PARAM]
    return parts.path + (("?" + urlencode(query)) if query else "")


def live_actor(raw: str | None):
    if not raw:
        return None
    with read_session(engine()) as session:
        return sessions.resolve(session, raw, refresh=False)


# --------------------------------------------------------------------------- routes
def _form_page(
    request: Request,
    status: int = 200,
    error: str | None = None,
    name: str = "",
    lang: str | None = None,
    next_path: str | None = None,
) -> Response:
    lang = lang_or_default(lang or request.query_params.get("lang"))
    next_path = safe_next(next_path if next_path is not None else request.query_params.get("next"))
    nonce, token = signin.new_form_token()
    response = HTMLResponse(
        signin_html.page(lang, next_path=next_path, form_token=token, error=error, name=name), status_code=status
    )
    response.headers["Content-Security-Policy"] = signin_html.CSP
    response.headers["Cache-Control"] = "no-store"
    response.set_cookie(
        FORM_COOKIE,
        nonce,
        max_age=signin.FORM_MAX_AGE,
        path="/auth",
        httponly=True,
        samesite="strict",
        secure=is_https(request.scope),
    )
    return response


async def sign_in_page(request: Request) -> Response:
    return _form_page(request)


async def sign_in_post(request: Request) -> Response:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return Response(status_code=413)
    form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    lang = lang_or_default(form.get("lang"))
    next_path = safe_next(form.get("next"))
    name = form.get("username", "")[:80]
    if not origin_ok(request.scope) or not signin.form_token_ok(
        request.cookies.get(FORM_COOKIE), form.get("form_token")
    ):
        return _form_page(request, 403, t("auth.bad_form", lang), name, lang, next_path)
    result = await run_in_threadpool(
        signin.sign_in,
        engine(),
        name,
        form.get("password", ""),
        client=client_of(request.scope),
        user_agent=request.headers.get("user-agent", ""),
    )
    if not result.ok or result.session_id is None:  # a signed-in result always has its session id
        status = 429 if result.key == "auth.throttled" else 401
        return _form_page(request, status, t(result.key, lang, **(result.params or {})), name, lang, next_path)
    # no page asked for: a leader (the viewer role) gets the brief, a light first page (web/brief.py);
    # staff, who came to enter or export, get the dashboard
    leader = result.actor is not None and result.actor.role == "viewer"
    response = RedirectResponse(brief.PATH if next_path == "/" and leader else next_path, status_code=303)
    response.set_cookie(
        COOKIE,
        result.session_id,
        max_age=get_settings().session_max_hours * 3600,
        path="/",
        httponly=True,
        samesite="strict",
        secure=is_https(request.scope),
    )
    response.delete_cookie(FORM_COOKIE, path="/auth")
    response.headers["Cache-Control"] = "no-store"
    return response


def _end(raw: str | None) -> None:
    if raw:
        with write_session(engine()) as session:
            sessions.end(session, raw)


async def sign_out(request: Request) -> Response:
    if request.method == "POST" and not origin_ok(request.scope):
        return Response(status_code=403)
    await run_in_threadpool(_end, request.cookies.get(COOKIE))
    target = (
        SIGN_IN
        + "?"
        + urlencode(
            {
                "next": safe_next(request.query_params.get("next")),
                "lang": lang_or_default(request.query_params.get("lang")),
            }
        )
    )
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=is_https(request.scope))
    response.headers["Cache-Control"] = "no-store"
    return response


def routes() -> list[Route]:
    return [
        Route(SIGN_IN, sign_in_page, methods=["GET"]),
        Route(SIGN_IN, sign_in_post, methods=["POST"]),
        Route(SIGN_OUT, sign_out, methods=["GET", "POST"]),
        Route("/readyz", outage.readyz(engine), methods=["GET"]),
        *brief.routes(),
    ]


# --------------------------------------------------------------------------- middleware
def with_preload(index_html: bytes) -> bytes:
    """Streamlit's index.html with a module preload of the plotly chunk (4,7 MB): the browser loads
    and compiles it while the app starts, not after the first chart has arrived (about a second
    later on this machine). Other HTML is returned as it is."""
    if b"</head>" not in index_html or b"PlotlyChart." in index_html:
        return index_html
    links = "".join(
        f'<link rel="modulepreload" crossorigin href=".{path}">'
        for path, _kind in signin_html.app_assets()
        if "/PlotlyChart." in path
    )
    return index_html.replace(b"</head>", links.encode() + b"</head>", 1)


def security_headers(path: str, https: bool) -> list[tuple[bytes, bytes]]:
    framed = path.startswith(FRAMED_OK)
    headers = [
        (b"x-frame-options", b"SAMEORIGIN" if framed else b"DENY"),
        (b"referrer-policy", b"same-origin"),
        (b"x-content-type-options", b"nosniff"),
    ]
    if not path.startswith("/auth/"):  # the sign-in page sends its own, stricter policy
        headers.append((b"content-security-policy", b"frame-ancestors 'self'" if framed else b"frame-ancestors 'none'"))
    if https:
        headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
    return headers


class SecurityMiddleware:
    """See the module doc. Pure ASGI: wraps HTTP and WebSocket alike."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "websocket":
            if not origin_ok(scope):
                await send({"type": "websocket.close", "code": 1008})
                return
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        early = await self._page_gate(scope)
        path = scope.get("path", "")
        extra = security_headers(path, is_https(scope))
        page = early is None and scope.get("method") == "GET" and not path.startswith(NOT_PAGES)
        held: dict = {}

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                names = {key.lower() for key, _ in message.get("headers", [])}
                message = {
                    **message,
                    "headers": list(message.get("headers", [])) + [(k, v) for k, v in extra if k not in names],
                }
                if (
                    page
                    and message.get("status") == 200
                    and b"text/html" in dict(message["headers"]).get(b"content-type", b"")
                ):
                    held["start"], held["body"] = message, b""  # the app's index.html: preload plotly
                    return
            elif "start" in held and message["type"] == "http.response.body":
                held["body"] += message.get("body", b"")
                if message.get("more_body"):
                    return
                body = with_preload(held["body"])
                start = held.pop("start")
                headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                await send({**start, "headers": headers + [(b"content-length", str(len(body)).encode())]})
                message = {"type": "http.response.body", "body": body}
            await send(message)

        await (early or self.app)(scope, receive, send_with_headers)

    async def _page_gate(self, scope) -> Response | None:
        """A response that replaces the page request (redirect or bounce), or None to serve it."""
        path = scope.get("path", "")
        if scope.get("method") not in ("GET", "HEAD") or path.startswith(NOT_PAGES):
            return None
        query = scope.get("query_string", b"").decode("latin-1")
        pairs = parse_qsl(query, keep_blank_values=True)
        here = path + (("?" + urlencode(pairs)) if pairs else "")
        if any(key == OLD_TOKEN_PARAM for key, _ in pairs):  # an old link: the credential never works
            return RedirectResponse(safe_next(here), status_code=303)
        if path.rstrip("/") == DEFAULT_PAGE_PATH:
            return RedirectResponse(safe_next("/" + (("?" + urlencode(pairs)) if pairs else "")), status_code=303)
        if "text/html" not in (_header(scope, b"accept") or "") or get_settings().public_dashboard:
            return None
        raw = _cookie(scope, COOKIE)
        if raw and await run_in_threadpool(live_actor, raw) is not None:
            return None
        lang = lang_or_default(dict(pairs).get("lang"))
        if raw is None and (_header(scope, b"sec-fetch-site") or "") in ("cross-site", "same-site"):
            response = HTMLResponse(signin_html.bounce(here, lang))
            response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
            response.headers["Cache-Control"] = "no-store"
            return response
        return RedirectResponse(SIGN_IN + "?" + urlencode({"next": safe_next(here), "lang": lang}), status_code=303)


def middleware() -> list:
    return [
        Middleware(compress.CompressMiddleware),
        Middleware(outage.OutageMiddleware, engine_of=engine),
        Middleware(SecurityMiddleware),
    ]


def check_start() -> None:
    """Refuse to start with a SECRET_KEY that is short or a placeholder, or a database file that is
    damaged or not a registry (one line, both languages)."""
    try:
        accounts.secret_key()
        health.check_url(get_settings().database_url)  # a damaged database file: refuse to start
    except (accounts.WeakSecretKey, health.DamagedFile) as exc:
        raise SystemExit(f"{exc.message('vi')}\n{exc.message('en')}") from None


def settle_heap() -> None:
    """Once, when the web server has imported the app (plotly, pandas, the chart specs): move
    every object alive then out of the garbage collector's reach (gc.freeze). Plotly alone leaves
    some 100.000 validator objects; each full collection walked them all while holding the GIL,
    which made the server's CPU per page switch swing between 14 and 150 ms (benchmarks/switches.py).
    Objects made later, by the pages and the caches, are collected as usual."""
    gc.collect()
    gc.freeze()
