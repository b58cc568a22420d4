"""Backup and restore.

- ``backup(engine, out)``: SQLite only. An online, consistent copy taken with sqlite3's backup API
  while the app keeps running (readers and writers are not stopped; the copy is one snapshot).
  For PostgreSQL ``pg_dump_hint`` says how to use pg_dump instead.
- ``restore(engine, path)``: brings a backup file (a SQLite database written by ``backup``) into an
  EMPTY database - SQLite or PostgreSQL - refusing otherwise. The backup is first upgraded to the
  current schema (on a temporary copy), then every table is copied row by row in one transaction,
  and PostgreSQL's id sequences are moved past the restored ids.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy import Integer, func, inspect, select
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import SQLModel

import registry.models  # noqa: F401  (registers every table)
from registry.db import is_sqlite, make_engine, private_file, write_session
from registry.errors import RegistryError
from registry.models import AuditLog, ModelExample, UserAccount
from registry.schema import upgrade

# Tables whose rows make a database "not empty": reference data and summaries do not count.
CONTENT_TABLES = (ModelExample, UserAccount, AuditLog)


class BackupError(RegistryError):
    key = "backup.not_a_backup"


def sqlite_path(engine: Engine) -> str | None:
    url = make_url(str(engine.url))
    if url.get_backend_name() != "sqlite":
        return None
    return url.database or ":memory:"


def backup(engine: Engine, out: str | Path) -> dict:
    """Copy the SQLite database to ``out`` online (sqlite3 backup API). Returns the table count and
    the file size. Raises BackupError if ``out`` exists."""
    out = Path(out)
    if out.exists():
        raise BackupError("backup.exists", path=str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    private_file(tmp)  # 0600: the copy holds password hashes and the audit trail
    target = sqlite3.connect(tmp)
    try:
        with engine.connect() as conn:
            source = conn.connection.driver_connection
            source.backup(target, pages=1024)  # in steps: writers are held up only briefly
        target.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        tables = target.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
    finally:
        target.close()
    tmp.rename(out)
    return {"tables": tables, "size_kb": round(out.stat().st_size / 1024), "path": str(out)}


def pg_dump_hint(engine: Engine, out: str | Path) -> dict:
    url = make_url(str(engine.url)).set(drivername="postgresql")
    return {"out": str(out), "url": url.render_as_string(hide_password=True)}


def content_rows(engine: Engine) -> int:
    """Records, accounts and audit rows in the database (0 for a database without tables)."""
    names = set(inspect(engine).get_table_names())
    total = 0
    with engine.connect() as conn:
        for model in CONTENT_TABLES:
            if model.__tablename__ in names:
                total += conn.execute(select(func.count()).select_from(model.__table__)).scalar_one()
    return total


def _check_backup(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError:
        raise BackupError("backup.not_a_backup", path=str(path)) from None
    if not {"model_example", "admin_unit", "alembic_version"} <= names:
        raise BackupError("backup.not_a_backup", path=str(path))


def restore(engine: Engine, path: str | Path) -> dict:
    """Restore a backup into the empty database behind ``engine``. Returns rows and tables copied."""
    path = Path(path)
    if not path.is_file():
        raise BackupError("backup.not_a_backup", path=str(path))
    _check_backup(path)
    existing = content_rows(engine)
    if existing:
        raise BackupError("backup.not_empty", n=existing)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "restore.db"
        shutil.copyfile(path, copy)
        source = make_engine(f"sqlite:///{copy}")
        try:
            upgrade(source)  # an older backup is brought to the current schema first
        except Exception as exc:
            source.dispose()
            if "Can't locate revision" in str(exc):
                raise BackupError("backup.newer", version=str(exc).split("'")[1] if "'" in str(exc) else "?") from None
            raise
        upgrade(engine)
        try:
            rows, tables = _copy_tables(source, engine)
        finally:
            source.dispose()
    return {"rows": rows, "tables": tables, "path": str(path)}


def _copy_tables(source: Engine, target: Engine) -> tuple[int, int]:
    tables = SQLModel.metadata.sorted_tables
    copied = 0
    with write_session(target) as session:
        conn = session.connection()
        for table in reversed(tables):  # reference data and summaries of a fresh `init`
            conn.execute(table.delete())
        with source.connect() as src:
            for table in tables:
                batch = []
                for row in src.execute(select(table)).mappings():
                    batch.append(dict(row))
                    if len(batch) >= 5000:
                        conn.execute(table.insert(), batch)
                        copied += len(batch)
                        batch = []
                if batch:
                    conn.execute(table.insert(), batch)
                    copied += len(batch)
        if not is_sqlite(target):
            for table in tables:
                pk = list(table.primary_key.columns)
                if len(pk) == 1 and pk[0].autoincrement in (True, "auto") and isinstance(pk[0].type, Integer):
                    conn.execute(
                        sql_text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                            f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"
                        )
                    )
    return copied, len(tables)
