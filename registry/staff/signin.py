"""Signing in: the password check, the back-off of accounts and of client addresses, the form token.

``sign_in(engine, name, password, client=...)`` takes the engine, not a session, because of how it
uses transactions:

1. a short read: is this client address backed off? the account's hash and back-off;
2. argon2, always exactly once, outside any transaction: against the account's hash, or against a
   dummy hash when the name does not exist, also while the account is backed off. A wrong name, a
   wrong password and a backed-off account give the same message after the same work, so neither
   the answer nor its time tells which names exist;
3. a short write: on success the counters are cleared and a session row is made
   (registry/staff/sessions.py); on failure the counts go up in SQL
   (``failed_attempts = failed_attempts + 1 … RETURNING``, an upsert for the client), so parallel
   guesses on PostgreSQL are all counted, and SQLite's write lock is never held during argon2.

Back-off instead of a hard lock: from the ``MAX_FAILED``-th failure in a row an account waits
30 s, then 60 s, 120 s … at most ``LOCK_MINUTES``; a client address gets ``CLIENT_FREE`` failures,
then waits 2 s, 4 s … at most ``LOCK_MINUTES``. Failures are forgotten ``FORGET_MINUTES`` after the
last back-off ends; admins clear them at once (``user unlock``). A backed-off account keeps its open
sessions, so an attacker's guesses never sign the real user out.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import and_, case, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import select

from registry import text
from registry.db import read_session, write_session
from registry.models import SignInThrottle, UserAccount, utcnow
from registry.permissions import Actor
from registry.records.audit import audit
from registry.staff import accounts, sessions
from registry.staff.sessions import aware

MAX_FAILED = 5
FIRST_BACKOFF_S = 30
CLIENT_FREE = 10
LOCK_MINUTES = 15
FORGET_MINUTES = 15
FORM_MAX_AGE = 3600  # seconds a sign-in form stays valid
_FORM_SALT = "registry.sign-in-form"


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: an actor and its new session id, or a message key."""

    actor: Actor | None
    key: str = ""
    params: dict | None = None
    session_id: str | None = None

    @property
    def ok(self) -> bool:
        return self.actor is not None


def account_backoff(failures: int) -> dt.timedelta | None:
    """How long an account waits after ``failures`` failures in a row (None: not at all)."""
    if failures < MAX_FAILED:
        return None
    return dt.timedelta(seconds=min(LOCK_MINUTES * 60, FIRST_BACKOFF_S * 2 ** min(failures - MAX_FAILED, 20)))


def client_backoff(failures: int) -> dt.timedelta | None:
    if failures < CLIENT_FREE:
        return None
    return dt.timedelta(seconds=min(LOCK_MINUTES * 60, 2 ** min(failures - CLIENT_FREE + 1, 20)))


# --------------------------------------------------------------------------- client address
def _in(address: str, trusted: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in trusted:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(peer: str | None, forwarded_for: str | None, trusted: tuple[str, ...]) -> str:
    """The client's address: the TCP peer, or, when the peer is a trusted proxy (``TRUSTED_PROXIES``),
    the right-most address of X-Forwarded-For that is not itself a trusted proxy. A client cannot
    choose its address by sending the header itself: untrusted peers' headers are ignored, and
    nginx appends the real peer to whatever the client sent."""
    address = (peer or "").strip() or "unknown"
    if not forwarded_for or not _in(address, trusted):
        return address[:64]
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        address = hop
        if not _in(hop, trusted):
            break
    return address[:64]


# --------------------------------------------------------------------------- the form token
def _form_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(accounts.secret_key(), salt=_FORM_SALT)


def new_form_token() -> tuple[str, str]:
    """(nonce for the form cookie, signed token for the form's hidden field)."""
    nonce = secrets.token_urlsafe(24)
    return nonce, _form_serializer().dumps(nonce)


def form_token_ok(cookie_nonce: str | None, field_token: str | None) -> bool:
    """The hidden field was signed by this server less than an hour ago and names the cookie's nonce."""
    if not cookie_nonce or not field_token:
        return False
    try:
        nonce = _form_serializer().loads(field_token, max_age=FORM_MAX_AGE)
    except (BadSignature, SignatureExpired):
        return False
    return isinstance(nonce, str) and secrets.compare_digest(nonce, cookie_nonce)


# --------------------------------------------------------------------------- sign-in
def _insert(dialect: str):
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _record_client_failure(session, client: str, now: dt.datetime) -> None:
    table = SignInThrottle.__table__
    forget = now - dt.timedelta(minutes=FORGET_MINUTES)
    stmt = _insert(session.get_bind().dialect.name)(table).values(client=client, failures=1, last_failure_at=now)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.client],
        set_={
            "failures": case((table.c.last_failure_at < forget, 1), else_=table.c.failures + 1),
            "last_failure_at": now,
        },
    ).returning(table.c.failures)
    failures = session.execute(stmt).scalar_one()
    wait = client_backoff(failures)
    if wait is not None:
        session.execute(update(table).where(table.c.client == client).values(blocked_until=now + wait))


def _record_account_failure(session, user_id: int, now: dt.datetime) -> None:
    table = UserAccount.__table__
    forget = now - dt.timedelta(minutes=FORGET_MINUTES)
    stale = and_(table.c.locked_until.is_not(None), table.c.locked_until < forget)
    failures = session.execute(
        update(table)
        .where(table.c.id == user_id)
        .values(failed_attempts=case((stale, 1), else_=table.c.failed_attempts + 1))
        .returning(table.c.failed_attempts)
    ).scalar_one()
    wait = account_backoff(failures)
    if wait is not None:
        session.execute(update(table).where(table.c.id == user_id).values(locked_until=now + wait))
        if failures == MAX_FAILED:
            user = session.get(UserAccount, user_id)
            audit(
                session,
                Actor(user.name, user.role),
                "user_locked",
                user.id,
                None,
                None,
                note=user.name,
                entity="user_account",
            )


def throttled_for(engine: Engine, client: str, now: dt.datetime | None = None) -> int:
    """Seconds this client address must still wait before its next attempt (0: none)."""
    now = now or utcnow()
    with read_session(engine) as session:
        row = session.exec(select(SignInThrottle).where(SignInThrottle.client == client)).first()
        until = aware(row.blocked_until) if row is not None else None
    return max(1, math.ceil((until - now).total_seconds())) if until is not None and until > now else 0


def sign_in(
    engine: Engine, name: str, password: str, *, client: str = "", user_agent: str = "", now: dt.datetime | None = None
) -> SignIn:
    """Check a name and password (see the module doc); on success the result carries the new
    session id for the cookie."""
    now = now or utcnow()
    client = (client or "unknown")[:64]
    wait = throttled_for(engine, client, now)
    if wait:
        return SignIn(None, "auth.throttled", {"seconds": wait})
    with read_session(engine) as session:
        user = accounts.get_user(session, text.canonical(name or "")[:80])
        found = (user.id, user.password_hash, aware(user.locked_until)) if user is not None else None
    user_id, password_hash, locked_until = found or (None, accounts.DUMMY_HASH, None)
    ok = accounts.verify_password(password_hash, password or "")  # argon2, outside any transaction
    backed_off = locked_until is not None and locked_until > now
    if ok and user_id is not None and not backed_off:
        new_hash = accounts.hash_password(password) if accounts.needs_rehash(password_hash) else None
        with write_session(engine) as session:
            user = session.get_one(UserAccount, user_id)
            if user.disabled:
                return SignIn(None, "auth.disabled")
            user.failed_attempts, user.locked_until, user.last_login_at = 0, None, now
            if new_hash:
                user.password_hash = new_hash
            session.add(user)
            raw = sessions.start(session, user, user_agent=user_agent, client=client, now=now)
            return SignIn(sessions.actor_of(user), session_id=raw)
    with write_session(engine) as session:
        _record_client_failure(session, client, now)
        if user_id is not None and not backed_off:
            _record_account_failure(session, user_id, now)
    return SignIn(None, "auth.bad_credentials")
