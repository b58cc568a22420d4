"""Who is signed in, the sign-in page, and the server-side role check every page and action calls.

Interface used by every page:
- ``current_actor() -> Actor | None``: the signed-in user (registry.permissions.Actor), a public
  viewer when ``PUBLIC_DASHBOARD=true`` and nobody is signed in, or None.
- ``require(action) -> Actor``: the actor if allowed to do ``action`` (see
  registry.permissions.ROLE_ACTIONS); otherwise shows a refusal message and stops the page.

A browser reload starts a new Streamlit session, so the sign-in lives in a signed, expiring token
(registry.staff.accounts, itsdangerous) kept in the ``session`` query parameter. It names the user and a
session generation only - never the password or the role: the role is read from the database on
every run, and sign-out bumps the generation so that the token (and any copy of the URL) dies.
"""
from __future__ import annotations

import streamlit as st

from registry.staff import accounts
from registry.config import get_settings
from registry.db import read_session, write_session
from registry.permissions import ROLE_ACTIONS, Actor
from ui.core import engine, tr

TOKEN_PARAM = "session"
PUBLIC = Actor("public", "viewer")


def _token() -> str | None:
    token = st.session_state.get("auth_token")
    if token is None:
        token = st.query_params.get(TOKEN_PARAM)
    return token or None


def signed_in_actor() -> Actor | None:
    """The actor of a valid sign-in token (checked against the database on every run)."""
    token = _token()
    if not token:
        return None
    with read_session(engine()) as session:
        actor = accounts.actor_from_token(session, token)
    if actor is None:
        st.session_state.pop("auth_token", None)
        if TOKEN_PARAM in st.query_params:
            del st.query_params[TOKEN_PARAM]
        return None
    st.session_state["auth_token"] = token
    if st.query_params.get(TOKEN_PARAM) != token:  # page switches drop query parameters
        st.query_params[TOKEN_PARAM] = token
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
    if not allowed(actor, action):
        st.error(tr("auth.need_sign_in") if actor is None or actor is PUBLIC else tr("auth.forbidden"))
        st.stop()
    return actor


def sign_in_form() -> None:
    """The sign-in form. On success the token goes to the session and the URL, and the app reruns."""
    st.title(tr("auth.sign_in_heading"))
    st.caption(tr("auth.sign_in_intro"))
    with st.form("sign_in"):
        name = st.text_input(tr("field_name.name"), key="sign_in_name")
        password = st.text_input(tr("field_name.password"), type="password", key="sign_in_password")
        submitted = st.form_submit_button(tr("auth.sign_in"), icon=":material/login:", type="primary")
    if submitted:
        with write_session(engine()) as session:
            result = accounts.sign_in(session, name, password)
            token = accounts.make_token(accounts.get_user(session, name)) if result.ok else None
        if token is None:
            st.error(tr(result.key, **(result.params or {})))
            return
        st.session_state["auth_token"] = token
        st.query_params[TOKEN_PARAM] = token
        st.session_state.pop("sign_in_password", None)
        st.rerun()


def sign_out() -> None:
    """End the session here and in every tab or copied URL that carries the same token."""
    actor = signed_in_actor()
    if actor is not None:
        with write_session(engine()) as session:
            accounts.sign_out(session, actor.name)
    keep = {"lang"}
    for key in list(st.session_state.keys()):
        if key not in keep:
            del st.session_state[key]
    if TOKEN_PARAM in st.query_params:
        del st.query_params[TOKEN_PARAM]


def account_box(actor: Actor) -> None:
    """Sidebar: who is signed in (or a note for the public view). Signing out is a navigation
    entry (``sign_out_page``), which works the same in a browser and under AppTest."""
    if actor is PUBLIC:
        st.sidebar.caption(tr("auth.public_view"))
        return
    st.sidebar.caption(tr("auth.signed_in_as", name=actor.name, role=tr(f"role.{actor.role}")))


def sign_out_page() -> None:
    """The "Sign out" page: ends the session, then the gate shows the sign-in page."""
    if signed_in_actor() is not None:
        sign_out()
        st.rerun()
    st.info(tr("auth.signed_out"))
