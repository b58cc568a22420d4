"""Engine factory and session helpers, and the one engine of a process. Nothing connects at import
time."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

from registry.config import get_settings
from registry.health import check_sqlite_file

_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    try:
        cur.execute("PRAGMA journal_mode=WAL")
    except Exception:  # in-memory databases have no WAL; they say "memory" instead
        pass
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def private_file(path: Path) -> None:
    """Create ``path`` readable and writable by its owner only (0600), or tighten it if it exists:
    the database holds password hashes and the audit trail. SQLite gives its -wal and -shm files the
    permissions of the database file."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError:  # not ours to change (another user's file, a read-only mount): leave it
        pass


def make_engine(url: str | None = None, **kwargs) -> Engine:
    """Create an engine for ``url`` (default: the DATABASE_URL setting).

    SQLite gets WAL mode, a busy timeout and foreign keys on; an in-memory SQLite URL gets a
    StaticPool so that every session sees the same database (tests).
    """
    url = url or get_settings().database_url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        in_memory = database in ("", ":memory:")
        if not in_memory:
            check_sqlite_file(Path(database))  # a damaged or foreign file: refused, never written
            Path(database).parent.mkdir(parents=True, exist_ok=True)
            private_file(Path(database))
        opts: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 30}}
        if in_memory:
            opts["poolclass"] = StaticPool
        opts.update(kwargs)
        engine = create_engine(url, **opts)
        event.listen(engine, "connect", _sqlite_pragmas)

        # SQLite's own transaction handling defers locks; BEGIN IMMEDIATE on writes avoids
        # "database is locked" upgrades under concurrency. We issue BEGIN ourselves.
        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_connection, _record):  # noqa: ANN001
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn):  # noqa: ANN001
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")

        return engine
    opts = {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}
    opts.update(kwargs)
    return create_engine(url, **opts)


def shared_engine(url: str | None = None, *, prepare: Callable[[Engine], object] | None = None) -> Engine:
    """The one engine of this process for ``url`` (default: the DATABASE_URL setting), made on first
    use and kept: the dashboard's pages and the sign-in routes share its pool. ``prepare`` runs once
    on the new engine before any caller gets it (registry.schema.ready_engine creates the schema)."""
    url = url or get_settings().database_url
    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = make_engine(url)
            if prepare is not None:
                prepare(engine)
            _ENGINES[url] = engine
    return engine


def forget_engines() -> None:
    """Dispose of every shared engine and forget it (tests that point DATABASE_URL elsewhere)."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


def is_sqlite(engine_or_session) -> bool:
    bind = getattr(engine_or_session, "bind", None) or engine_or_session
    return bind.dialect.name == "sqlite"


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session for one write transaction: commits on success, rolls back on any error.

    On SQLite the transaction starts with BEGIN IMMEDIATE so that concurrent writers queue on the
    busy timeout instead of failing on a lock upgrade.
    """
    with engine.connect() as conn, write_on(conn) as session:
        yield session


@contextmanager
def write_on(conn) -> Iterator[Session]:
    """A write transaction on the open connection ``conn`` (see write_session), for a caller that
    sets the connection up first (registry/synth.py)."""
    conn.info["write"] = True
    try:
        with Session(bind=conn) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        conn.info.pop("write", None)


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session
