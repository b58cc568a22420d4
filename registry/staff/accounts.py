"""Staff accounts: argon2 password hashes, roles, unlocking, the secret key and the demo accounts.

- Passwords are hashed with argon2id (argon2-cffi) and never stored, logged or audited in clear.
- Roles are those of ``registry.permissions.ROLE_ACTIONS``: viewer, editor, reporter, admin. An editor
  can be limited to one unit (``UserAccount.unit_id`` → ``Actor.unit_id``).
- Signing in (password check, back-off) is registry/staff/signin.py; the signed-in browser's
  session row is registry/staff/sessions.py. A password reset and disabling an account end every
  session of the account; ``unlock`` (admins) clears the sign-in back-off.
- The ``SECRET_KEY`` setting is refused when it is short or a placeholder; without it a random key
  is generated once into ``data/.secret_key`` so that several app servers sharing the folder agree.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import Session, select

from registry import text
from registry.config import DATA_DIR, get_settings
from registry.errors import NotFound, Problem, RegistryError, ValidationFailed
from registry.i18n import DEFAULT_LANG, t
from registry.models import SignInThrottle, UserAccount, id_of, utcnow
from registry.permissions import ROLE_ACTIONS, SYSTEM, Actor, authorize
from registry.records.audit import audit
from registry.staff import sessions
from registry.staff.sessions import actor_of
from registry.units.bodies import body_named
from registry.units.index import UnitIndex, UnitNotResolved

ROLES = ("viewer", "editor", "reporter", "admin")
MIN_PASSWORD = 8
# argon2id with OWASP's first recommended profile (Password Storage Cheat Sheet: m = 19 MiB, t = 2,
# p = 1): 0,04 s a sign-in here, where argon2-cffi's default (RFC 9106's low-memory profile, 64 MiB,
# t = 3, p = 4 on 2 cores) took 0,39-0,56 s of the first page after sign-in (issue 14). Hashes made
# with other parameters are re-made at the holder's next sign-in (check_needs_rehash).
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# A hash of a random password: verifying against it when the user does not exist keeps the
# answer time the same, so response times do not reveal which names exist.
DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))

assert set(ROLES) == set(ROLE_ACTIONS), "roles and ROLE_ACTIONS must agree"


# --------------------------------------------------------------------------- passwords
def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)


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


def _name_problems(session: Session, name: str, *, taken: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """What is wrong with a new account's name (already canonical): empty, too long, or taken by an
    account or by ``taken`` (the names earlier in the same file)."""
    if not name:
        return [Problem("name", "auth.name_empty")]
    if len(name) > 80:
        return [Problem("name", "error.too_long", {"max": 80})]
    if name in taken or get_user(session, name) is not None:
        return [Problem("name", "auth.name_taken", {"name": name})]
    return []


def create_user(
    session: Session, name: str, password: str, role: str, unit: str | None = None, *, actor: Actor
) -> UserAccount:
    """Add an account (admins only). ``unit`` (code or name) limits an editor to that unit."""
    authorize(actor, "users")
    name = text.canonical(name)
    problems: list[Problem] = _name_problems(session, name)
    if role not in ROLES:
        problems.append(Problem("role", "auth.bad_role", {"value": role, "roles": ", ".join(ROLES)}))
    problems += _check_password(password)
    if problems:
        raise ValidationFailed(problems)
    user = UserAccount(
        name=name,
        password_hash=hash_password(password),
        role=role,
        unit_id=_resolve_unit(session, unit),
        created_by=actor.name,
    )
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
    sessions.end_all(session, id_of(user))
    audit(
        session,
        actor,
        "user_disable" if disabled else "user_enable",
        user.id,
        before,
        _public(user),
        note=user.name,
        entity="user_account",
    )
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
    if actor.name == user.name:  # the user chose it: a one-time password is spent
        user.must_change_password = False
    session.add(user)
    session.flush()
    sessions.end_all(session, id_of(user))
    audit(session, actor, "user_password", user.id, None, None, note=user.name, entity="user_account")
    return user


def unlock(session: Session, name: str, *, actor: Actor, clients: bool = False) -> UserAccount:
    """Clear the sign-in back-off of an account (admins); with ``clients``, of every client address too."""
    authorize(actor, "users")
    user = _must_get(session, name)
    user.failed_attempts, user.locked_until = 0, None
    session.add(user)
    if clients:
        for row in session.exec(select(SignInThrottle)).all():
            session.delete(row)
    session.flush()
    audit(session, actor, "user_unlock", user.id, None, None, note=user.name, entity="user_account")
    return user


__all__ = ["actor_of"]  # re-exported: callers take the actor of an account from here


# --------------------------------------------------------------------------- the secret key
class WeakSecretKey(RegistryError):
    key = "config.weak_secret_key"


# Parts of the example values in docs and of common placeholders: a key holding one is refused.
PLACEHOLDER_PARTS = (
    "change-me",
    "changeme",
    "change_me",
    "replace-me",
    "your-secret",
    "placeholder",
    "example",
    "secret-key",
    "xxxxxxxx",
    "long-random-string",
)
MIN_SECRET_BYTES = 32


def check_secret_key(key: str) -> str:
    """``key`` if it can sign: at least 32 bytes and no placeholder; else WeakSecretKey."""
    folded = key.strip().casefold()
    if (
        len(key.strip().encode("utf-8")) < MIN_SECRET_BYTES
        or any(part in folded for part in PLACEHOLDER_PARTS)
        or len(set(folded)) < 8
    ):
        raise WeakSecretKey(min=MIN_SECRET_BYTES)
    return key.strip()


def secret_key(data_dir: Path | None = None) -> str:
    """The SECRET_KEY setting (refused when short or a placeholder), else a random key made once in
    ``data/.secret_key`` (mode 0600). It signs the sign-in form's token (registry/staff/signin.py).

    The key file is written to a temporary name and linked into place, so that two servers
    starting at once end up with the same key and never read a half-written file.
    """
    configured = get_settings().secret_key
    if configured:
        return check_secret_key(configured)
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


# --------------------------------------------------------------------------- demo accounts
DEMO_ACCOUNTS = (
    ("demo-viewer", "viewer"),
    ("demo-editor", "editor"),
    ("demo-editor-hauloc", "editor"),
    ("demo-reporter", "reporter"),
    ("demo-admin", "admin"),
)
DEMO_UNITS = {"demo-editor-hauloc": "400"}


def demo_password() -> str:
    """A random password that can be read aloud: four groups of four letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def seed_demo_accounts(session: Session, names: tuple[str, ...] | None = None) -> list[tuple[str, str, str]]:
    """The demo accounts (one per role, plus an editor limited to Hậu Lộc), or only ``names``, each
    with a password generated at random. Only ``seed --demo --accounts`` / ``--viewer`` call this;
    no code path creates a known password. Existing accounts are left alone. Returns (name, role,
    password) of the accounts created: the caller prints them once, they are stored nowhere."""
    created = []
    for name, role in DEMO_ACCOUNTS:
        if names is not None and name not in names:
            continue
        if get_user(session, name) is None:
            password = demo_password()
            create_user(session, name, password, role, DEMO_UNITS.get(name), actor=SYSTEM)
            created.append((name, role, password))
    return created


# --------------------------------------------------------------------------- accounts in bulk
ONE_TIME_BYTES = 9  # secrets.token_urlsafe(9): 12 characters


@dataclass(frozen=True)
class RowProblem(Problem):
    """A problem of one row of the accounts file: "Dòng 3: …"."""

    row: int = 0

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return t("accounts.error.row", lang, row=self.row, message=super().message(lang))


def create_accounts(
    session: Session, rows: list[tuple[str, str]], *, actor: Actor, role: str = "editor"
) -> list[tuple[str, str, str]]:
    """Accounts for the reporting units in one step (the 166 communes and wards, the provincial
    bodies): one (name, unit) per row, each an editor limited to its unit, with a one-time password
    and a new password required at the first sign-in. All rows or none: every problem of every row
    is raised together. Returns (name, unit code, one-time password) per row, to hand over."""
    authorize(actor, "users")
    units = UnitIndex.load(session, bodies=True)
    problems: list[Problem] = []
    planned: list[tuple[str, int, str]] = []
    seen: set[str] = set()
    for number, (raw_name, raw_unit) in enumerate(rows, start=1):
        name = text.canonical(raw_name)
        row_problems: list[Problem] = _name_problems(session, name, taken=seen)
        seen.add(name)
        try:
            today = utcnow().date()  # the accounts are for the units of today
            unit = (
                (body_named(units, raw_unit) or units.resolve(raw_unit, on=today)) if text.canonical(raw_unit) else None
            )
        except UnitNotResolved as exc:
            row_problems.append(exc.problem)
            unit = None
        if unit is None and not row_problems:
            row_problems.append(Problem("unit", "error.required"))
        problems += [RowProblem(p.field, p.key, p.params, row=number) for p in row_problems]
        if unit is not None and unit.id is not None:
            planned.append((name, unit.id, unit.code))
    if role not in ROLES:
        problems.append(Problem("role", "auth.bad_role", {"value": role, "roles": ", ".join(ROLES)}))
    if problems:
        raise ValidationFailed(problems)
    out = []
    for name, unit_id, code in planned:
        password = secrets.token_urlsafe(ONE_TIME_BYTES)
        user = UserAccount(
            name=name,
            password_hash=hash_password(password),
            role=role,
            unit_id=unit_id,
            must_change_password=True,
            created_by=actor.name,
        )
        session.add(user)
        session.flush()
        audit(session, actor, "user_add", user.id, None, _public(user), note=name, entity="user_account")
        out.append((name, code, password))
    return out
