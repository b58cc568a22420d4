"""Staff accounts: argon2 password hashes, roles, lockout, and signed sign-in tokens.

- Passwords are hashed with argon2id (argon2-cffi) and never stored, logged or audited in clear.
- Roles are those of ``registry.permissions.ROLE_ACTIONS``: viewer, editor, reporter, admin. An editor
  can be limited to one unit (``UserAccount.unit_id`` → ``Actor.unit_id``).
- After ``MAX_FAILED`` failed sign-ins in a row an account is locked for ``LOCK_MINUTES``.
- A signed, expiring token (itsdangerous) carries the user name and a session generation, never
  the password or the role: the role is read from the database each time the token is used, and
  sign-out, a password reset or disabling the account bump the generation so that every older
  token stops working. The signing key is the ``SECRET_KEY`` setting, else a random key generated
  once into ``data/.secret_key`` so that several app servers sharing the data folder agree.
"""
from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlmodel import Session, select

from registry import text
from registry.config import DATA_DIR, get_settings
from registry.errors import NotFound, Problem, ValidationFailed
from registry.models import UserAccount, utcnow
from registry.permissions import ROLE_ACTIONS, SYSTEM, Actor, authorize
from registry.records.audit import audit
from registry.units.index import UnitIndex, UnitNotResolved

ROLES = ("viewer", "editor", "reporter", "admin")
MAX_FAILED = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
TOKEN_MAX_AGE = 12 * 3600  # seconds: a working day
_SALT = "registry.sign-in"
_HASHER = PasswordHasher()
# A hash of a random password: verifying against it when the user does not exist keeps the
# answer time the same, so response times do not reveal which names exist.
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))

assert set(ROLES) == set(ROLE_ACTIONS), "roles and ROLE_ACTIONS must agree"


# --------------------------------------------------------------------------- passwords
def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _check_password(password: str) -> list[Problem]:
    if len(password or "") < MIN_PASSWORD:
        return [Problem("password", "auth.password_short", {"min": MIN_PASSWORD})]
    return []


# --------------------------------------------------------------------------- accounts
def _public(user: UserAccount) -> dict:
    """What the audit trail keeps of an account: never the hash."""
    return {"name": user.name, "role": user.role, "unit_id": user.unit_id, "disabled": user.disabled}


def get_user(session: Session, name: str) -> UserAccount | None:
    return session.exec(select(UserAccount).where(UserAccount.name == text.canonical(name))).first()


def _must_get(session: Session, name: str) -> UserAccount:
    user = get_user(session, name)
    if user is None:
        raise NotFound("auth.no_such_user", name=text.canonical(name))
    return user


def _resolve_unit(session: Session, unit: str | None) -> int | None:
    if not unit:
        return None
    try:
        return UnitIndex.load(session).resolve(unit).id
    except UnitNotResolved as exc:
        raise ValidationFailed([exc.problem]) from None


def create_user(session: Session, name: str, password: str, role: str, unit: str | None = None,
                *, actor: Actor) -> UserAccount:
    """Add an account (admins only). ``unit`` (code or name) limits an editor to that unit."""
    authorize(actor, "users")
    name = text.canonical(name)
    problems: list[Problem] = []
    if not name:
        problems.append(Problem("name", "auth.name_empty"))
    elif len(name) > 80:
        problems.append(Problem("name", "error.too_long", {"max": 80}))
    elif get_user(session, name) is not None:
        problems.append(Problem("name", "auth.name_taken", {"name": name}))
    if role not in ROLES:
        problems.append(Problem("role", "auth.bad_role", {"value": role, "roles": ", ".join(ROLES)}))
    problems += _check_password(password)
    if problems:
        raise ValidationFailed(problems)
    user = UserAccount(name=name, password_hash=hash_password(password), role=role,
                       unit_id=_resolve_unit(session, unit), created_by=actor.name)
    session.add(user)
    session.flush()
    audit(session, actor, "user_add", user.id, None, _public(user), note=name, entity="user_account")
    return user


def list_users(session: Session) -> list[UserAccount]:
    return list(session.exec(select(UserAccount).order_by(UserAccount.name)).all())


def set_disabled(session: Session, name: str, disabled: bool = True, *, actor: Actor) -> UserAccount:
    authorize(actor, "users")
    user = _must_get(session, name)
    before = _public(user)
    user.disabled = disabled
    user.session_generation += 1
    session.add(user)
    session.flush()
    audit(session, actor, "user_disable" if disabled else "user_enable", user.id, before, _public(user), note=user.name, entity="user_account")
    return user


def set_role(session: Session, name: str, role: str, unit: str | None = None, *, actor: Actor) -> UserAccount:
    authorize(actor, "users")
    if role not in ROLES:
        raise ValidationFailed([Problem("role", "auth.bad_role", {"value": role, "roles": ", ".join(ROLES)})])
    user = _must_get(session, name)
    before = _public(user)
    user.role, user.unit_id = role, _resolve_unit(session, unit)
    session.add(user)
    session.flush()
    audit(session, actor, "user_role", user.id, before, _public(user), note=user.name, entity="user_account")
    return user


def reset_password(session: Session, name: str, password: str, *, actor: Actor) -> UserAccount:
    """Set a new password (admins, or the user for their own account); clears a lockout and ends
    every open session of the account."""
    if actor.name != text.canonical(name):
        authorize(actor, "users")
    problems = _check_password(password)
    if problems:
        raise ValidationFailed(problems)
    user = _must_get(session, name)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.failed_attempts, user.locked_until = 0, None
    user.session_generation += 1
    session.add(user)
    session.flush()
    audit(session, actor, "user_password", user.id, None, None, note=user.name, entity="user_account")
    return user


def actor_of(user: UserAccount) -> Actor:
    return Actor(user.name, user.role, user.unit_id if user.role == "editor" else None)


# --------------------------------------------------------------------------- sign-in
@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: an actor, or a message key with its parameters."""

    actor: Actor | None
    key: str = ""
    params: dict | None = None

    @property
    def ok(self) -> bool:
        return self.actor is not None


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:  # SQLite hands back naive UTC
        return value.replace(tzinfo=dt.timezone.utc)
    return value


def sign_in(session: Session, name: str, password: str, now: dt.datetime | None = None) -> SignIn:
    """Check a name and password. Failed attempts are counted in ``session`` (commit it whatever
    the outcome); the fifth in a row locks the account for 15 minutes, during which even the right
    password is refused. The message never says whether the name exists."""
    now = now or utcnow()
    user = get_user(session, name)
    if user is None:
        verify_password(_DUMMY_HASH, password or "")
        return SignIn(None, "auth.bad_credentials")
    locked_until = _aware(user.locked_until)
    if locked_until is not None and locked_until > now:
        minutes = max(1, int((locked_until - now).total_seconds() + 59) // 60)
        return SignIn(None, "auth.locked", {"minutes": minutes})
    if not verify_password(user.password_hash, password or ""):
        if locked_until is not None:  # an expired lock: start counting again
            user.failed_attempts, user.locked_until = 0, None
        user.failed_attempts += 1
        if user.failed_attempts >= MAX_FAILED:
            user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            user.failed_attempts = 0
            session.add(user)
            audit(session, Actor(user.name, user.role), "user_locked", user.id, None, None, note=user.name, entity="user_account")
            return SignIn(None, "auth.locked", {"minutes": LOCK_MINUTES})
        session.add(user)
        return SignIn(None, "auth.bad_credentials")
    if user.disabled:
        return SignIn(None, "auth.disabled")
    user.failed_attempts, user.locked_until, user.last_login_at = 0, None, now
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.add(user)
    return SignIn(actor_of(user))


def sign_out(session: Session, name: str) -> None:
    """End every session of ``name``: tokens issued before now stop working."""
    user = get_user(session, name)
    if user is not None:
        user.session_generation += 1
        session.add(user)


# --------------------------------------------------------------------------- tokens
def secret_key(data_dir: Path | None = None) -> str:
    """The SECRET_KEY setting, else a random key made once in ``data/.secret_key`` (mode 0600).

    The key file is written to a temporary name and linked into place, so that two servers
    starting at once end up with the same key and never read a half-written file.
    """
    configured = get_settings().secret_key
    if configured:
        return configured
    folder = Path(data_dir or DATA_DIR)
    path = folder / ".secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


def _serializer(key: str | None = None) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(key or secret_key(), salt=_SALT)


def make_token(user: UserAccount, key: str | None = None) -> str:
    """A signed token naming the user and their session generation (no password, no role)."""
    return _serializer(key).dumps({"u": user.name, "g": user.session_generation})


def actor_from_token(session: Session, token: str | None, max_age: int = TOKEN_MAX_AGE,
                     key: str | None = None) -> Actor | None:
    """The actor a token stands for, or None if it is forged, expired, ended by sign-out or a
    password reset, or its account is disabled, locked or gone."""
    if not token:
        return None
    try:
        data = _serializer(key).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict):
        return None
    user = get_user(session, str(data.get("u", "")))
    if user is None or user.disabled or user.session_generation != data.get("g"):
        return None
    locked_until = _aware(user.locked_until)
    if locked_until is not None and locked_until > utcnow():
        return None
    return actor_of(user)


# --------------------------------------------------------------------------- demo accounts
DEMO_ACCOUNTS = (
    ("demo-viewer", "viewer", "xem-bieu-do-2024"),
    ("demo-editor", "editor", "nhap-lieu-2024"),
    ("demo-editor-hauloc", "editor", "nhap-hau-loc-2024"),
    ("demo-reporter", "reporter", "bao-chi-2024"),
    ("demo-admin", "admin", "quan-tri-2024"),
)
DEMO_UNITS = {"demo-editor-hauloc": "400"}


def seed_demo_accounts(session: Session) -> int:
    """The demo accounts listed in README (one per role, plus an editor limited to Hậu Lộc).
    Only ``seed --demo`` calls this; no other code path creates a default password. Existing
    accounts are left alone. Returns how many were created."""
    created = 0
    for name, role, password in DEMO_ACCOUNTS:
        if get_user(session, name) is None:
            create_user(session, name, password, role, DEMO_UNITS.get(name), actor=SYSTEM)
            created += 1
    return created
