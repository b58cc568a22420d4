"""How the registry names what went wrong with its database, in one line, and whether it answers.

- ``check_sqlite_file``: a SQLite file that is not a registry or is damaged (other bytes than a
  SQLite header, a file cut short, another program's database) is refused before anything opens it, so nothing is ever
  written to it (registry/db.py ``make_engine`` calls it; raises ``DamagedFile``).
- ``describe``: the one line for a database error: the damaged file, a full disk, or the database
  out of reach (the CLI's ``run``, the import's JSON summary, the web server).
- ``ready``: ``SELECT 1`` answers (the web server's /readyz); ``OUTAGE`` logs one line when the
  database stops answering and one when it answers again, never a traceback per request.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DatabaseError, SQLAlchemyError

from registry.config import get_settings
from registry.errors import RegistryError
from registry.i18n import DEFAULT_LANG, t

log = logging.getLogger("registry.health")

SQLITE_MAGIC = b"SQLite format 3\x00"
REGISTRY_TABLE = "model_example"
UNREACHABLE, DAMAGED, DISK_FULL = "unreachable", "damaged", "disk_full"


class DamagedFile(RegistryError):
    """The database file is not a registry or is damaged."""

    key = "faults.damaged"


def sqlite_file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a SQLite database, or None (a missing or empty file is a new one).
    Reads the 100-byte header only: its magic, its page size, and the page count that SQLite keeps
    in it (valid when its two change counters agree): a file shorter than that was cut short."""
    try:
        size = path.stat().st_size
        if size == 0:
            return None
        with path.open("rb") as f:
            header = f.read(100)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return exc.strerror or str(exc)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return "not a SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "bad page size"
    pages = int.from_bytes(header[28:32], "big")
    if size % page_size or (header[24:28] == header[92:96] and size < pages * page_size):
        return "cut short"
    return _foreign(path)


def _foreign(path: Path) -> str | None:
    """A whole SQLite database holding tables, none of them the registry's: another program's file
    (``init`` would otherwise add the registry's tables to it). Read-only; a lock is no problem."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.OperationalError:  # locked, or not readable here: opening it will say so
        return None
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "not a registry" if names and REGISTRY_TABLE not in names else None


def check_sqlite_file(path: Path) -> None:
    """Raise DamagedFile if ``path`` exists and is not a whole SQLite database."""
    if sqlite_file_problem(path) is not None:
        raise DamagedFile(path=str(path))


def check_url(url: str) -> None:
    """check_sqlite_file for a SQLite file URL; nothing for other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        check_sqlite_file(Path(parsed.database))


def kind(exc: BaseException) -> str:
    """DAMAGED, DISK_FULL or UNREACHABLE: what a database error means for the user."""
    if isinstance(exc, DamagedFile):
        return DAMAGED
    orig = getattr(exc, "orig", None) or exc
    message = str(orig).lower()
    if getattr(orig, "sqlstate", None) == "53100" or any(
        s in message for s in ("database or disk is full", "no space left on device", "disk full")
    ):
        return DISK_FULL
    if "file is not a database" in message or "disk image is malformed" in message:
        return DAMAGED
    return UNREACHABLE


def _reason(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _database_path(url: str) -> str:
    parsed = make_url(url)
    return parsed.database or url if parsed.get_backend_name() == "sqlite" else parsed.render_as_string()


def describe(exc: BaseException, lang: str = DEFAULT_LANG, url: str | None = None) -> str:
    """The one line a user reads for the database error ``exc``."""
    found = kind(exc)
    if isinstance(exc, DamagedFile):
        return exc.message(lang)
    if found == DAMAGED:
        return t("faults.damaged", lang, path=_database_path(url or get_settings().database_url))
    if found == DISK_FULL:
        return t("faults.disk_full", lang)
    return t("cli.db_unreachable", lang, error=_reason(exc))


class Outage:
    """Whether the database answers, as the last request found it: one log line when it stops
    answering, one when it answers again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.down = False

    def failed(self, exc: BaseException) -> None:
        with self._lock:
            was, self.down = self.down, True
        if not was:
            log.error("database unreachable, retrying: %s", _reason(exc))

    def answered(self) -> None:
        with self._lock:
            was, self.down = self.down, False
        if was:
            log.warning("database reachable again")


OUTAGE = Outage()


def ready(engine: Engine) -> bool:
    """True when the database answers ``SELECT 1`` (recorded in OUTAGE)."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (SQLAlchemyError, RegistryError, OSError) as exc:
        OUTAGE.failed(exc)
        return False
    OUTAGE.answered()
    return True


RETRY_SECONDS = 5  # a page that meets an outage asks again after this
DB_ERRORS = (DatabaseError, DamagedFile)


def outage_message(exc: BaseException | None, lang: str) -> str:
    """What a page says while the database does not answer: "đang thử lại" for an outage, else the
    fault named (a full disk, a damaged file)."""
    if exc is None or kind(exc) == UNREACHABLE:
        return t("faults.db_down", lang)
    return describe(exc, lang)
