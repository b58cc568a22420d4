"""Who is signed in, the sign-in prompt, and the server-side role check every page and action calls.

Interface used by every page:
- ``current_actor() -> Actor | None``: the signed-in user (registry.permissions.Actor), a public
  viewer when ``PUBLIC_DASHBOARD=true`` and nobody is signed in, or None.
- ``require(action) -> Actor``: the actor if allowed to do ``action`` (see
  registry.permissions.ROLE_ACTIONS); otherwise shows a refusal message and stops the page.
- ``download_check(action)``: a no-argument check for a deferred download to call when it builds
  its file; it raises PermissionDenied once the session has ended or the role lost ``action``.

Sign-in happens over plain HTTP (web/server.py, /auth/sign-in): the server sets an HttpOnly,
SameSite=Strict cookie holding a random session id, which the browser sends with the WebSocket
that every Streamlit run belongs to (``st.context.cookies``). The id's server-side row
(registry/staff/sessions.py) is checked on every run, so a sign-out, a password reset, disabling
the account or the idle timeout take effect at the next click. Nothing about the sign-in is ever in
the address: an old ``?session=`` parameter is dropped and never read.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

import streamlit as st

from registry.config import get_settings
from registry.db import read_session, write_session
from registry.permissions import ROLE_ACTIONS, Actor
from registry.staff import sessions
from ui.core import engine, lang, tr

COOKIE = sessions.COOKIE
SIGN_IN_PATH = sessions.SIGN_IN_PATH
SIGN_OUT_PATH = sessions.SIGN_OUT_PATH
OLD_TOKEN_PARAM = sessions.OLD_TOKEN_PARAM
PUBLIC = Actor("public", "viewer")


def session_cookie() -> str | None:
    """The session id the browser sent with this session's WebSocket (None under AppTest)."""
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # no client context (bare mode)
        return None
    return value if isinstance(value, str) and value else None  # AppTest gives no real cookies


def signed_in_actor() -> Actor | None:
    """The actor of a live session cookie, checked against the database on every run."""
    if OLD_TOKEN_PARAM in st.query_params:  # a credential in an old link: never read, never kept
        del st.query_params[OLD_TOKEN_PARAM]
    raw = session_cookie()
    if not raw:
        return None
    eng = engine()
    with read_session(eng) as session:
        actor, due = sessions.lookup(session, raw)
    if actor is not None and due:
        with write_session(eng) as session:
            sessions.touch(session, raw)
    return actor


def current_actor() -> Actor | None:
    actor = signed_in_actor()
    if actor is None and get_settings().public_dashboard:
        return PUBLIC
    return actor


def allowed(actor: Actor | None, action: str) -> bool:
    return actor is not None and action in ROLE_ACTIONS.get(actor.role, set())


def require(action: str) -> Actor:
    actor = current_actor()
    if actor is None or not allowed(actor, action):
        st.error(tr("auth.need_sign_in") if actor is None or actor is PUBLIC else tr("auth.forbidden"))
        st.stop()
    return actor


def download_check(action: str) -> Callable[[], Actor]:
    """Taken in the script thread; called by a deferred download when it builds the file."""
    raw, eng, public = session_cookie(), engine(), get_settings().public_dashboard

    def check() -> Actor:
        if raw is None and public and action in ROLE_ACTIONS["viewer"]:
            return PUBLIC
        with read_session(eng) as session:
            return sessions.recheck(session, raw, action)

    return check


def _here() -> str:
    """This page's path and query (filters, language) for the sign-in page to come back to."""
    try:
        path = urlsplit(st.context.url or "").path or "/"
    except Exception:
        path = "/"
    query = {k: v for k, v in st.query_params.to_dict().items() if k != OLD_TOKEN_PARAM}
    return path + (("?" + urlencode(query)) if query else "")


def sign_in_url() -> str:
    """The sign-in page, coming back here afterwards. With a dead cookie, through the sign-out
    route, which clears it first."""
    params = urlencode({"next": _here(), "lang": lang()})
    return f"{SIGN_OUT_PATH if session_cookie() else SIGN_IN_PATH}?{params}"


def sign_in_form() -> None:
    """The sign-in prompt drawn by the gate: the heading, and the way to the sign-in page (the form
    itself is served over HTTP, because only the server can set an HttpOnly cookie)."""
    st.title(tr("auth.sign_in_heading"))
    st.caption(tr("auth.sign_in_intro"))
    if session_cookie():
        st.info(tr("auth.session_ended", minutes=get_settings().session_idle_minutes), icon=":material/timer_off:")
    st.link_button(tr("auth.sign_in"), sign_in_url(), icon=":material/login:", type="primary")


def sign_out() -> None:
    """End this browser's session (its row is revoked: every tab of this browser is signed out)."""
    raw = session_cookie()
    if raw:
        with write_session(engine()) as session:
            sessions.end(session, raw)
    keep = {"lang"}
    for key in list(st.session_state.keys()):
        if key not in keep:
            del st.session_state[key]


def account_box(actor: Actor) -> None:
    """Sidebar: who is signed in (or a note for the public view). Signing out is a navigation
    entry (``sign_out_page``), which works the same in a browser and under AppTest."""
    if actor is PUBLIC:
        st.sidebar.caption(tr("auth.public_view"))
        return
    st.sidebar.caption(tr("auth.signed_in_as", name=actor.name, role=tr(f"role.{actor.role}")))


def sign_out_page() -> None:
    """The "Sign out" page: ends the session, then the gate shows the sign-in prompt."""
    if signed_in_actor() is not None:
        sign_out()
        st.rerun()
    st.info(tr("auth.signed_out"))
    st.link_button(tr("auth.sign_in_again"), sign_in_url(), icon=":material/login:")
