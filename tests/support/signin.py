"""Signing in from tests: through the real routes (HTTP, browser) or, under AppTest, with a real
server-side session whose id stands in for the browser's cookie.

AppTest cannot send cookies (``st.context.cookies`` is empty there), so ``CookieJar`` replaces
``ui.auth.session_cookie`` - the one function that reads the cookie - with the jar's value. The
session behind it is a real ``user_session`` row made by ``registry.staff.sessions.start``, exactly
as ``POST /auth/sign-in`` makes it.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar as HttpCookieJar

from registry.db import make_engine, write_session
from registry.schema import init
from registry.staff import accounts, sessions

DEMO_LINE = re.compile(r"^\s+(demo-[\w-]+)\t(\w+)\t[^:]+: (\S+)\s*$")


def parse_demo_passwords(stdout: str) -> dict[str, str]:
    """The passwords ``seed --demo --accounts`` printed once: {name: password}."""
    return {m.group(1): m.group(3) for m in map(DEMO_LINE.match, stdout.splitlines()) if m}


def start_session(engine, name: str, user_agent: str = "tests") -> str:
    """A live session for ``name`` (as after the right password); returns the cookie value."""
    with write_session(engine) as session:
        return sessions.start(session, accounts.get_user(session, name), user_agent=user_agent)


class CookieJar:
    """The browser's session cookie under AppTest: ``jar.value = start_session(engine, "x")``."""

    def __init__(self, monkeypatch) -> None:
        import ui.auth

        self.value: str | None = None
        monkeypatch.setattr(ui.auth, "session_cookie", lambda: self.value)

    def sign_in(self, engine, name: str) -> str:
        self.value = start_session(engine, name)
        return self.value


APPTEST_SECRET_KEY = "apptest-key-" + "k" * 40 + "-0123456789abcdef"


def apptest_registry(monkeypatch, tmp_path):
    """A fresh SQLite registry for AppTest with sign-in required: DATABASE_URL and a valid
    SECRET_KEY set, the public dashboard off. Returns the engine and the cookie jar the app reads
    its session from (empty: nobody signed in)."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SECRET_KEY", APPTEST_SECRET_KEY)
    jar = CookieJar(monkeypatch)
    monkeypatch.delenv("PUBLIC_DASHBOARD", raising=False)
    engine = make_engine(url)
    init(engine)
    return engine, jar


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


def http_client() -> tuple[urllib.request.OpenerDirector, HttpCookieJar]:
    """A urllib opener with its own cookie jar that does not follow redirects (tests read them)."""
    jar = HttpCookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    return opener, jar


def request(opener, url: str, data: dict | None = None, headers: dict | None = None):
    """(status, headers, body text) of a GET, or a POST of the form ``data``; never raises on 4xx/3xx."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with opener.open(req, timeout=60) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8", "replace")


FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def http_sign_in(opener, base: str, name: str, password: str, next_path: str = "/", origin: str | None = None):
    """GET the sign-in page, POST the form from it; returns what the POST answered."""
    status, _headers, page = request(opener, f"{base}auth/sign-in?" + urllib.parse.urlencode({"next": next_path}))
    assert status == 200, page
    token = FORM_TOKEN.search(page).group(1)
    origin = origin if origin is not None else base.rstrip("/")
    return request(
        opener,
        f"{base}auth/sign-in",
        {"form_token": token, "next": next_path, "username": name, "password": password},
        {"Origin": origin},
    )
