"""Server-side sign-in sessions: the random id in the browser's cookie and its ``user_session`` row.

- ``start`` makes a random id (``secrets.token_urlsafe(32)``, 256 bits) for a user who has just given
  the right password, stores only its SHA-256 with the user, the time, the user agent and the client
  address, and returns the id for the cookie. A copy of the database never holds a usable id.
- ``resolve`` gives the actor of an id on every Streamlit run, or None when the row is unknown,
  revoked, idle for longer than ``SESSION_IDLE_MINUTES`` or older than ``SESSION_MAX_HOURS``, or its
  account is disabled or gone. The role is read from the account each time, never from the cookie.
- ``end`` (sign-out) revokes one row; ``end_all`` (password reset, disabling) every row of a user.
- ``recheck`` is what a deferred download calls when it builds its file: the same checks plus the
  role's right to ``action``, raising PermissionDenied.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any, cast, overload

from sqlalchemy import CursorResult, delete, or_, update
from sqlmodel import Session, col, select

from registry.config import get_settings
from registry.errors import PermissionDenied
from registry.models import UserAccount, UserSession, id_of, utcnow
from registry.permissions import ROLE_ACTIONS, Actor

COOKIE = "danvan_session"
# The sign-in routes (web/server.py) and the pages' links to them (ui/auth.py).
SIGN_IN_PATH = "/auth/sign-in"
SIGN_OUT_PATH = "/auth/sign-out"
OLD_TOKEN_PARAM = "session"  # the query parameter that once carried the credential: dropped, never read
TOUCH_EVERY = dt.timedelta(seconds=60)  # last_seen_at is written at most once a minute per session


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


@overload
def aware(value: dt.datetime) -> dt.datetime: ...
@overload
def aware(value: None) -> None: ...
def aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:  # SQLite hands back naive UTC
        return value.replace(tzinfo=dt.UTC)
    return value


def actor_of(user: UserAccount) -> Actor:
    return Actor(user.name, user.role, user.unit_id if user.role == "editor" else None)


def start(
    session: Session, user: UserAccount, *, user_agent: str = "", client: str = "", now: dt.datetime | None = None
) -> str:
    """A new session row for ``user``; returns the random id that goes into the cookie (only once)."""
    now = now or utcnow()
    raw = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            token_hash=_hash(raw),
            user_id=id_of(user),
            created_at=now,
            last_seen_at=now,
            expires_at=now + dt.timedelta(hours=get_settings().session_max_hours),
            user_agent=(user_agent or "")[:200],
            client=(client or "")[:64],
        )
    )
    session.flush()
    return raw


def _live(session: Session, raw: str | None, now: dt.datetime) -> tuple[UserSession, UserAccount] | None:
    if not raw or len(raw) > 200:
        return None
    row = session.exec(select(UserSession).where(UserSession.token_hash == _hash(raw))).first()
    if row is None or row.revoked_at is not None:
        return None
    idle = dt.timedelta(minutes=get_settings().session_idle_minutes)
    if aware(row.expires_at) <= now or aware(row.last_seen_at) + idle <= now:
        return None
    user = session.get(UserAccount, row.user_id)
    if user is None or user.disabled:
        return None
    return row, user


def lookup(session: Session, raw: str | None, now: dt.datetime | None = None) -> tuple[Actor | None, bool]:
    """(the actor of the session id ``raw`` or None, whether its last-seen time is due a refresh).
    Reads only: the app calls it on every run inside a read transaction."""
    now = now or utcnow()
    found = _live(session, raw, now)
    if found is None:
        return None, False
    row, user = found
    return actor_of(user), now - aware(row.last_seen_at) >= TOUCH_EVERY


def touch(session: Session, raw: str, now: dt.datetime | None = None) -> None:
    """Refresh the last-seen time of a live session (one short UPDATE)."""
    session.execute(
        update(UserSession)
        .where(col(UserSession.token_hash) == _hash(raw), col(UserSession.revoked_at).is_(None))
        .values(last_seen_at=now or utcnow())
    )


def resolve(session: Session, raw: str | None, now: dt.datetime | None = None, *, refresh: bool = True) -> Actor | None:
    """The actor of the session id ``raw`` (see the module doc); with ``refresh``, refreshing its
    last-seen time when due (commit ``session`` afterwards)."""
    actor, due = lookup(session, raw, now)
    if actor is not None and raw and refresh and due:  # a live actor comes from a non-empty id
        touch(session, raw, now)
    return actor


def recheck(session: Session, raw: str | None, action: str, now: dt.datetime | None = None) -> Actor:
    """The actor of ``raw`` if the session is still live and its role may do ``action``; else
    PermissionDenied. Call it when a file is built, not only when its button was drawn."""
    actor = resolve(session, raw, now, refresh=False)
    if actor is None or action not in ROLE_ACTIONS.get(actor.role, set()):
        raise PermissionDenied()
    return actor


def end(session: Session, raw: str | None, now: dt.datetime | None = None) -> bool:
    """Sign-out: revoke the row of ``raw``. True if a live row was ended."""
    if not raw:
        return False
    result = _dml(
        session,
        update(UserSession)
        .where(col(UserSession.token_hash) == _hash(raw), col(UserSession.revoked_at).is_(None))
        .values(revoked_at=now or utcnow()),
    )
    return bool(result.rowcount)


def end_all(session: Session, user_id: int, now: dt.datetime | None = None) -> int:
    """Revoke every open session of a user (password reset, disabling). Returns how many."""
    result = _dml(
        session,
        update(UserSession)
        .where(col(UserSession.user_id) == user_id, col(UserSession.revoked_at).is_(None))
        .values(revoked_at=now or utcnow()),
    )
    return result.rowcount or 0


def _dml(session: Session, statement: Any) -> CursorResult[Any]:
    # An UPDATE or DELETE gives a CursorResult (with rowcount); sqlmodel's Session.execute
    # declares only Result.
    return cast(CursorResult[Any], session.execute(statement))


def open_sessions(session: Session, user_id: int, now: dt.datetime | None = None) -> list[UserSession]:
    """The user's sessions that still work (for the administration page and tests)."""
    now = now or utcnow()
    rows = session.exec(
        select(UserSession).where(col(UserSession.user_id) == user_id, col(UserSession.revoked_at).is_(None))
    ).all()
    idle = dt.timedelta(minutes=get_settings().session_idle_minutes)
    return [row for row in rows if aware(row.expires_at) > now and aware(row.last_seen_at) + idle > now]


def purge(session: Session, now: dt.datetime | None = None, keep_days: int = 30) -> int:
    """Delete rows that ended (revoked or expired) more than ``keep_days`` ago."""
    cutoff = (now or utcnow()) - dt.timedelta(days=keep_days)
    result = _dml(
        session,
        delete(UserSession).where(or_(col(UserSession.revoked_at) < cutoff, col(UserSession.expires_at) < cutoff)),
    )
    return result.rowcount or 0
