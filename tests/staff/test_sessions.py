"""Issue 11 item 1: sign-in lives in an HttpOnly, SameSite=Strict cookie holding a revocable session
id, never in the URL. The routes and middleware of web/server.py are driven in-process (tests/support/asgi.py)
on a real SQLite file; the browser side is tests/staff/test_browser_sign_in.py."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route, WebSocketRoute

from registry.db import forget_engines, make_engine, read_session, write_session
from registry.errors import PermissionDenied
from registry.models import UserSession, utcnow
from registry.permissions import SYSTEM
from registry.schema import init
from registry.staff import accounts, sessions
from tests.support.asgi import header, http, set_cookies, websocket

PASSWORD = "mat-khau-dai-2024"
STRONG_KEY = "k3Y-for-tests-" + "Zq8Lr2Vx7Nc4Bm9Tp1Wd6Hs3Jf5Ga0Ke"
BASE_HEADERS = {"host": "127.0.0.1:8501", "accept": "text/html"}


@pytest.fixture
def site(monkeypatch, tmp_path):
    """An app with our routes and middleware in front of a stand-in for Streamlit's pages."""
    from web import server

    url = f"sqlite:///{tmp_path / 'web.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.delenv("PUBLIC_DASHBOARD", raising=False)
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    engine = make_engine(url)
    init(engine)
    with write_session(engine) as s:
        accounts.create_user(s, "bien-tap", PASSWORD, "editor", actor=SYSTEM)
        accounts.create_user(s, "lanh-dao", PASSWORD, "viewer", actor=SYSTEM)

    async def page(request):
        if request.url.path == "/html-page":  # as Streamlit serves its index.html for every page
            return HTMLResponse("<html><head><title>x</title></head><body>app</body></html>")
        return PlainTextResponse("streamlit page")

    async def stream(websocket):
        await websocket.accept()
        await websocket.close()

    app = Starlette(
        routes=[*server.routes(), WebSocketRoute("/_stcore/stream", stream), Route("/{path:path}", page)],
        middleware=server.middleware(),
    )
    yield app, engine
    forget_engines()
    engine.dispose()


def form(app, next_path="/", headers=None):
    status, hdrs, body = http(app, "GET", "/auth/sign-in?" + urlencode({"next": next_path}), headers=headers)
    assert status == 200
    token = re.search(r'name="form_token" value="([^"]+)"', body.decode()).group(1)
    return token, set_cookies(hdrs)["danvan_form"]["value"], body.decode()


def post_sign_in(
    app,
    name="bien-tap",
    password=PASSWORD,
    next_path="/",
    origin="http://127.0.0.1:8501",
    token=None,
    nonce=None,
    headers=None,
    scheme="http",
    client="203.0.113.7",
):
    if token is None:
        token, nonce, _ = form(app, next_path)
    body = urlencode({"form_token": token, "next": next_path, "username": name, "password": password}).encode()
    hdrs = {
        **BASE_HEADERS,
        "content-type": "application/x-www-form-urlencoded",
        "cookie": f"danvan_form={nonce}",
        **({"origin": origin} if origin else {}),
        **(headers or {}),
    }
    return http(app, "POST", "/auth/sign-in", body=body, headers=hdrs, scheme=scheme, client=client)


def test_the_sign_in_page_prefetches_the_app_and_runs_no_script(site):
    """While the user types, the form fetches the files the first page needs (Streamlit's scripts
    and the plotly chunk); it runs no script itself, and its policy allows scripts only from here."""
    from web.signin_html import STATIC

    app, _ = site
    status, hdrs, body = http(app, "GET", "/auth/sign-in")
    page = body.decode()
    assert status == 200
    links = re.findall(r'<link rel="prefetch" href="([^"]+)" as="(script|style)" crossorigin>', page)
    paths = [path for path, _kind in links]
    assert any(re.fullmatch(r"/static/js/PlotlyChart\.[\w-]+\.js", p) for p in paths), paths
    assert any(re.fullmatch(r"/static/js/index\.[\w-]+\.js", p) for p in paths), paths
    for path in paths:  # every one is a file Streamlit serves, named as index.html names it
        assert (STATIC / path.lstrip("/")).is_file(), path
    assert "<script" not in page
    policy = header(hdrs, "content-security-policy")
    assert "script-src 'self';" in policy and "unsafe-inline'; form" in policy and "unsafe-eval" not in policy
    assert "default-src 'none'" in policy


def test_app_pages_preload_the_plotly_chunk(site, monkeypatch):
    """The app's own HTML gets a module preload of the plotly chunk, with a right length; other
    answers are left as they are."""
    monkeypatch.setenv("PUBLIC_DASHBOARD", "true")  # the page itself, not the way to sign in
    app, _ = site
    status, hdrs, body = http(app, "GET", "/html-page")
    assert status == 200
    page = body.decode()
    links = re.findall(r'<link rel="modulepreload" crossorigin href="\./static/js/(PlotlyChart\.[\w-]+\.js)">', page)
    assert len(links) == 1 and page.index(links[0]) < page.index("</head>")
    assert int(header(hdrs, "content-length")) == len(body)
    assert http(app, "GET", "/plain")[2] == b"streamlit page"


def test_the_sign_in_page_is_vietnamese_by_default_and_escapes_next(site):
    app, _ = site
    _token, _nonce, page = form(app, next_path='/spread?field="><script>x</script>')
    assert '<html lang="vi">' in page and "Đăng nhập hệ thống" in page and "Tên đăng nhập" in page
    assert "<script>x" not in page
    english = http(app, "GET", "/auth/sign-in?lang=en")[2].decode()
    assert "User name" in english and '<html lang="en">' in english


def test_right_password_sets_an_httponly_strict_cookie_with_a_revocable_id_and_no_url_token(site):
    app, engine = site
    status, hdrs, _ = post_sign_in(app, next_path="/spread?field=economy&session=stolen")
    assert status == 303
    assert header(hdrs, "location") == "/spread?field=economy"  # never a token in the address
    cookie = set_cookies(hdrs)["danvan_session"]
    raw = cookie["raw"].lower()
    assert "httponly" in raw and "samesite=strict" in raw and "path=/" in raw
    assert "secure" not in raw  # plain HTTP on loopback: a Secure cookie would never come back
    assert PASSWORD not in cookie["raw"] and "editor" not in cookie["raw"]
    with read_session(engine) as s:
        row = s.exec(UserSession.__table__.select()).one()
        assert row.token_hash != cookie["value"] and len(row.token_hash) == 64  # only the hash is stored
        assert sessions.resolve(s, cookie["value"]).name == "bien-tap"


def test_cookie_is_secure_behind_a_trusted_tls_proxy_only(site, monkeypatch):
    app, _ = site
    _s, hdrs, _ = post_sign_in(app, headers={"x-forwarded-proto": "https"}, client="127.0.0.1")
    assert "secure" not in set_cookies(hdrs)["danvan_session"]["raw"].lower()  # untrusted peer: header ignored
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1")
    status, hdrs, _ = post_sign_in(
        app, headers={"x-forwarded-proto": "https"}, client="127.0.0.1", origin="https://127.0.0.1:8501"
    )
    assert status == 303 and "secure" in set_cookies(hdrs)["danvan_session"]["raw"].lower()
    assert "max-age=31536000" in (header(hdrs, "strict-transport-security") or "")


def test_wrong_password_answers_401_in_vietnamese_without_a_cookie(site):
    app, _ = site
    status, hdrs, body = post_sign_in(app, password="sai-mat-khau")
    assert status == 401 and "không đúng" in body.decode() and "danvan_session" not in set_cookies(hdrs)


@pytest.mark.parametrize("case", ["other origin", "no form token", "forged token", "other nonce"])
def test_sign_in_post_is_xsrf_safe(site, case):
    app, _ = site
    token, nonce, _ = form(app)
    kwargs = {"token": token, "nonce": nonce}
    if case == "other origin":
        kwargs["origin"] = "http://127.0.0.1:9999"
    elif case == "no form token":
        kwargs["token"] = ""
    elif case == "forged token":
        kwargs["token"] = token[:-3] + "abc"
    else:
        kwargs["nonce"] = "another-browser"
    status, hdrs, body = post_sign_in(app, **kwargs)
    assert status == 403 and "danvan_session" not in set_cookies(hdrs)


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "/auth/sign-out"])
def test_next_never_leaves_the_site(site, target):
    app, _ = site
    status, hdrs, _ = post_sign_in(app, next_path=target)
    # no page of this site: the dashboard for an editor (a leader gets the brief: tests/test_browser_brief.py)
    assert status == 303 and header(hdrs, "location") == "/"


def test_an_old_session_link_never_signs_the_visitor_in(site):
    """The hole: /?session=<token> signed anyone in as the sender. Now the parameter is dropped."""
    app, engine = site
    _s, hdrs, _ = post_sign_in(app)
    sender = set_cookies(hdrs)["danvan_session"]["value"]
    status, hdrs, _ = http(app, "GET", f"/spread?field=economy&session={sender}", headers=BASE_HEADERS)
    assert status == 303 and header(hdrs, "location") == "/spread?field=economy" and not set_cookies(hdrs)
    status, hdrs, _ = http(app, "GET", "/spread?field=economy", headers=BASE_HEADERS)
    assert status == 303 and header(hdrs, "location").startswith("/auth/sign-in?next=%2Fspread%3Ffield%3Deconomy")


def test_pages_need_a_live_session_and_a_link_from_another_site_bounces_once(site):
    app, _ = site
    _s, hdrs, _ = post_sign_in(app)
    raw = set_cookies(hdrs)["danvan_session"]["value"]
    status, _h, body = http(app, "GET", "/spread", headers={**BASE_HEADERS, "cookie": f"danvan_session={raw}"})
    assert status == 200 and body == b"streamlit page"
    # from mail or chat the browser withholds the Strict cookie: reopen from our own page
    status, hdrs, body = http(app, "GET", "/spread?field=x", headers={**BASE_HEADERS, "sec-fetch-site": "cross-site"})
    assert status == 200 and b'http-equiv="refresh"' in body and b"/spread?field=x" in body
    # assets and Streamlit's API are not gated
    assert http(app, "GET", "/_stcore/health", headers=BASE_HEADERS)[0] == 200


def test_sign_out_revokes_the_row_and_clears_the_cookie(site):
    app, engine = site
    _s, hdrs, _ = post_sign_in(app)
    raw = set_cookies(hdrs)["danvan_session"]["value"]
    status, hdrs, _ = http(app, "GET", "/auth/sign-out", headers={**BASE_HEADERS, "cookie": f"danvan_session={raw}"})
    assert status == 303 and header(hdrs, "location").startswith("/auth/sign-in")
    assert set_cookies(hdrs)["danvan_session"]["value"] == ""
    with read_session(engine) as s:
        assert sessions.resolve(s, raw) is None  # the copy of the cookie is dead too
    assert http(app, "GET", "/", headers={**BASE_HEADERS, "cookie": f"danvan_session={raw}"})[0] == 303


def test_password_reset_and_disabling_end_every_session(site):
    app, engine = site
    raws = [set_cookies(post_sign_in(app)[1])["danvan_session"]["value"] for _ in range(2)]
    with write_session(engine) as s:
        accounts.reset_password(s, "bien-tap", "mat-khau-moi-2025", actor=SYSTEM)
    with read_session(engine) as s:
        assert all(sessions.resolve(s, raw) is None for raw in raws)
    raw = set_cookies(post_sign_in(app, password="mat-khau-moi-2025")[1])["danvan_session"]["value"]
    with write_session(engine) as s:
        accounts.set_disabled(s, "bien-tap", True, actor=SYSTEM)
    with read_session(engine) as s:
        assert sessions.resolve(s, raw) is None


def test_idle_timeout_and_absolute_lifetime(site, monkeypatch):
    _app, engine = site
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "30")
    monkeypatch.setenv("SESSION_MAX_HOURS", "12")
    start = utcnow()
    with write_session(engine) as s:
        raw = sessions.start(s, accounts.get_user(s, "bien-tap"), now=start)
    with write_session(engine) as s:
        assert sessions.resolve(s, raw, start + dt.timedelta(minutes=29)) is not None  # refreshes last seen
    with write_session(engine) as s:
        assert sessions.resolve(s, raw, start + dt.timedelta(minutes=58)) is not None  # 29 min after the last use
    with read_session(engine) as s:
        assert sessions.resolve(s, raw, start + dt.timedelta(minutes=89)) is None  # idle for 31 minutes
    with write_session(engine) as s:
        raw = sessions.start(s, accounts.get_user(s, "bien-tap"), now=start)
    for minutes in range(20, 12 * 60, 20):  # used every 20 minutes: still ends after 12 hours
        with write_session(engine) as s:
            assert sessions.resolve(s, raw, start + dt.timedelta(minutes=minutes)) is not None
    with read_session(engine) as s:
        assert sessions.resolve(s, raw, start + dt.timedelta(hours=12, minutes=1)) is None


def test_download_recheck_refuses_once_the_account_is_disabled(site):
    """A download button drawn before the account was disabled must not build the file."""
    _app, engine = site
    with write_session(engine) as s:
        accounts.create_user(s, "phong-vien", PASSWORD, "reporter", actor=SYSTEM)
        raw = sessions.start(s, accounts.get_user(s, "phong-vien"))
    with read_session(engine) as s:
        assert sessions.recheck(s, raw, "export").name == "phong-vien"
        with pytest.raises(PermissionDenied):
            sessions.recheck(s, raw, "users")
    with write_session(engine) as s:
        accounts.set_disabled(s, "phong-vien", True, actor=SYSTEM)
    with read_session(engine) as s, pytest.raises(PermissionDenied):
        sessions.recheck(s, raw, "export")


def test_websocket_origin_must_match_scheme_host_and_port(site):
    """Streamlit compares host names only, so any port on localhost could open a session."""
    app, _ = site
    assert websocket(app, "/_stcore/stream", headers={"host": "127.0.0.1:8501", "origin": "http://127.0.0.1:8501"})
    assert websocket(app, "/_stcore/stream", headers={"host": "127.0.0.1:8501", "origin": "http://localhost:8501"})
    assert not websocket(app, "/_stcore/stream", headers={"host": "127.0.0.1:8501", "origin": "http://127.0.0.1:9999"})
    assert not websocket(app, "/_stcore/stream", headers={"host": "127.0.0.1:8501", "origin": "http://localhost:9999"})
    assert not websocket(app, "/_stcore/stream", headers={"host": "127.0.0.1:8501", "origin": "https://127.0.0.1:8501"})
    assert not websocket(app, "/_stcore/stream", headers={"host": "127.0.0.1:8501", "origin": "https://evil.example"})


def test_security_headers_on_every_response(site):
    app, _ = site
    for path in ("/", "/auth/sign-in", "/_stcore/health"):
        _s, hdrs, _ = http(app, "GET", path, headers=BASE_HEADERS)
        assert header(hdrs, "x-frame-options") == "DENY", path
        assert header(hdrs, "referrer-policy") == "same-origin", path
        assert "frame-ancestors 'none'" in header(hdrs, "content-security-policy"), path
    _s, hdrs, _ = http(app, "GET", "/component/x/index.html", headers=BASE_HEADERS)
    assert header(hdrs, "x-frame-options") == "SAMEORIGIN"  # Streamlit's own component iframes


def test_the_pages_and_the_sign_in_routes_share_one_engine(monkeypatch, tmp_path):
    """One engine per process: the sign-in routes (web/server.py) and the pages (ui/core.py) get the
    same object, made once (and the schema created on first use), whichever asks first."""
    from registry import db
    from registry.schema import is_initialised
    from ui import core
    from web import server

    made = []
    real_make_engine = db.make_engine
    monkeypatch.setattr(db, "make_engine", lambda url: made.append(url) or real_make_engine(url))
    url = f"sqlite:///{tmp_path / 'one.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    try:
        first = server.engine()
        assert core.engine() is first and server.engine() is first
        assert made == [url] and is_initialised(first)
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
        assert core.engine() is not first and server.engine() is core.engine() and len(made) == 2
    finally:
        forget_engines()
