"""Who is signed in, and the server-side role check every page and action calls.

Interface used by every page:
- ``current_actor() -> Actor | None``: the signed-in user (registry.services.Actor), or None.
- ``require(action) -> Actor``: the actor if allowed to do ``action`` (see
  registry.services.ROLE_ACTIONS); otherwise shows a refusal message and stops the page.
The staff issue replaces the body with real accounts and a sign-in page.
"""
from __future__ import annotations

import streamlit as st

from registry.config import get_settings
from registry.services import ROLE_ACTIONS, Actor
from ui.core import tr


def current_actor() -> Actor | None:
    actor = st.session_state.get("actor")
    if actor is None and get_settings().public_dashboard:
        return Actor("public", "viewer")
    return actor


def require(action: str) -> Actor:
    actor = current_actor()
    if actor is None or action not in ROLE_ACTIONS.get(actor.role, set()):
        st.error(tr("auth.forbidden"))
        st.stop()
    return actor
