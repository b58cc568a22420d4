"""Backup and restore.

- ``backup(engine, out)``: SQLite only. An online, consistent copy taken with sqlite3's backup API
  while the app keeps running (readers and writers are not stopped; the copy is one snapshot).
  For PostgreSQL ``pg_dump_hint`` says how to use pg_dump instead.
- ``restore(engine, path)``: brings a backup file (a SQLite database written by ``backup``) into an
  EMPTY database - SQLite or PostgreSQL - refusing otherwise. The backup is first upgraded to the
  current schema (on a temporary copy), then every row of the source tables (``SOURCE_TABLES``:
  reference data, records, their history, accounts, audit) is checked (``check_backup_rows``: foreign
  keys, text limits, kinds, stages, levels, roles, stage dates, origins) and a bad backup is refused
  as a whole, naming the table, row and problem, before anything is written. The summaries are
  never copied (a tampered backup cannot inflate them): they are rebuilt from the records; sessions
  and sign-in throttles are not copied either. Emptiness is checked again inside the one write
  transaction, and PostgreSQL's id sequences are moved past the restored ids.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import cast

from sqlalchemy import Integer, String, Table, func, inspect, select
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import SQLModel

import registry.models  # noqa: F401  (registers every table)
from registry.db import is_sqlite, make_engine, private_file, write_session
from registry.errors import Problem, RegistryError
from registry.i18n import DEFAULT_LANG, t
from registry.migrate import upgrade
from registry.models import (
    KINDS,
    LEVELS,
    MOVEMENT_START_YEAR,
    STAGES,
    TEXT_LIMITS,
    UNIT_LEVELS,
    AdminUnit,
    AuditLog,
    ModelExample,
    SignInThrottle,
    StageEvent,
    UserAccount,
    UserSession,
)
from registry.records import rollups
from registry.records.validation import check_stage_dates
from registry.rollup_tables import REPLICATION_ROLLUPS, ROLLUPS
from registry.staff.accounts import ROLES

# Tables whose rows make a database "not empty": reference data and summaries do not count.
CONTENT_TABLES = (ModelExample, UserAccount, AuditLog)


# Tables rebuilt from the records after a restore, never copied: a backup's counts are not trusted.
DERIVED_TABLES = frozenset(
    model.__tablename__ for model, _dims in (*ROLLUPS, *(r for _full, rs in REPLICATION_ROLLUPS.values() for r in rs))
)
# Tables of the running server that a restore starts afresh: sign-ins and their throttles.
EPHEMERAL_TABLES = frozenset({UserSession.__tablename__, SignInThrottle.__tablename__})
SOURCE_TABLES = tuple(
    t for t in SQLModel.metadata.sorted_tables if t.name not in DERIVED_TABLES | EPHEMERAL_TABLES
)  # parents before children


class BackupError(RegistryError):
    key = "backup.not_a_backup"


class BadBackupRow(BackupError):
    """A row of the backup broke a rule: the backup is refused as a whole, nothing written."""

    def __init__(self, table: str, row: int, row_id, problem: Problem):
        self.problem = problem
        super().__init__("backup.bad_row", table=table, row=row, id=row_id)

    def message(self, lang: str = DEFAULT_LANG) -> str:
        if not hasattr(self, "problem"):  # while the base class builds the exception text
            return self.key
        return t(self.key, lang, **self.params, problem=self.problem.message(lang))

    def __str__(self) -> str:
        return self.message("en")


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
            source = cast(sqlite3.Connection, conn.connection.driver_connection)  # engine is SQLite here
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
    """Restore a backup into the empty database behind ``engine``. Returns rows and tables copied.
    Raises BackupError (``BadBackupRow`` for a row that breaks a rule) with nothing written."""
    path = Path(path)
    if not path.is_file():
        raise BackupError("backup.not_a_backup", path=str(path))
    _check_backup(path)
    existing = content_rows(engine)  # a quick refusal; checked again inside the write transaction
    if existing:
        raise BackupError("backup.not_empty", n=existing)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "restore.db"
        shutil.copyfile(path, copy)
        source = make_engine(f"sqlite:///{copy}")
        try:
            try:
                upgrade(source)  # an older backup is brought to the current schema first
            except Exception as exc:
                if "Can't locate revision" in str(exc):
                    version = str(exc).split("'")[1] if "'" in str(exc) else "?"
                    raise BackupError("backup.newer", version=version) from None
                raise
            with source.connect() as src:
                check_backup_rows(src)
            upgrade(engine)
            rows, tables = _copy_tables(source, engine)
        finally:
            source.dispose()
    return {"rows": rows, "tables": tables, "path": str(path)}


# --------------------------------------------------------------------------- checking the rows
def _read(conn: Connection, table: Table):
    """The rows of ``table`` in key order, numbered from 1; a value SQLite holds but the column type
    cannot read (a date that is no date) refuses the backup at that row."""
    rows = iter(conn.execute(select(table).order_by(*table.primary_key.columns)).mappings())
    number = 0
    while True:
        number += 1
        try:
            row = next(rows)
        except StopIteration:
            return
        except (ValueError, TypeError) as exc:
            raise BadBackupRow(
                table.name, number, "?", Problem("", "backup.unreadable", {"error": str(exc)[:200]})
            ) from None
        yield number, row


def check_backup_rows(conn: Connection) -> None:
    """Check every row of the source tables of a backup (already at the current schema); raise
    ``BadBackupRow`` at the first row that breaks a rule. Foreign keys must name a row of the
    backup; text fits its column; codes are among the known ones; a record's stage dates follow
    the rules of the entry form (``check_stage_dates``) and its family root follows its origins."""
    ids = {
        table.name: set(conn.execute(select(*table.primary_key.columns)).scalars())
        for table in SOURCE_TABLES
        if len(table.primary_key.columns) == 1
    }
    me = ModelExample.__table__
    parents: dict[int, int | None] = dict(conn.execute(select(me.c.id, me.c.replicated_from_id)).all())
    for table in SOURCE_TABLES:
        foreign = [(fk.parent.name, fk.column.table.name) for fk in table.foreign_keys]
        for number, row in _read(conn, table):
            problem = _column_problem(table, row, foreign, ids) or _domain_problem(table.name, row, parents)
            if problem is not None:
                pk = [row[c.name] for c in table.primary_key.columns]
                raise BadBackupRow(table.name, number, pk[0] if len(pk) == 1 else pk, problem)


def _column_problem(table: Table, row, foreign, ids) -> Problem | None:
    for column in table.columns:
        value = row[column.name]
        if value is None:
            if not column.nullable and not column.primary_key:
                return Problem(column.name, "error.required")
            continue
        length = getattr(column.type, "length", None) if isinstance(column.type, String) else None
        if length and isinstance(value, str) and len(value) > length:
            return Problem(column.name, "error.too_long", {"max": length})
    for name, target in foreign:
        value = row[name]
        if value is not None and value not in ids.get(target, ()):
            return Problem(name, "backup.dangling", {"column": name, "target": target, "value": value})
    return None


def _domain_problem(name: str, row, parents: dict) -> Problem | None:
    if name == ModelExample.__tablename__:
        return _record_problem(row, parents)
    allowed = {
        UserAccount.__tablename__: ("role", ROLES),
        StageEvent.__tablename__: ("stage", STAGES),
        AdminUnit.__tablename__: ("level", UNIT_LEVELS),
    }.get(name)
    if allowed and row[allowed[0]] not in allowed[1]:
        return _not_among(allowed[0], row[allowed[0]], allowed[1])
    if name == StageEvent.__tablename__ and row["level"] is not None and row["level"] not in LEVELS:
        return _not_among("level", row["level"], LEVELS)
    return None


def _not_among(column: str, value, allowed) -> Problem:
    return Problem(column, "backup.not_among", {"column": column, "value": value, "allowed": ", ".join(allowed)})


def _record_problem(row, parents: dict) -> Problem | None:
    for column, allowed in (("kind", KINDS), ("stage", STAGES)):
        if row[column] not in allowed:
            return _not_among(column, row[column], allowed)
    if row["recognition_level"] is not None and row["recognition_level"] not in LEVELS:
        return _not_among("recognition_level", row["recognition_level"], LEVELS)
    for column, limit in TEXT_LIMITS.items():
        if len(row[column] or "") > limit:
            return Problem(column, "error.too_long", {"max": limit})
    for column in ("beneficiaries", "funds_vnd"):
        if row[column] is not None and row[column] < 0:
            return Problem(column, "error.negative")
    on = row["registered_on"]
    if row["year"] != on.year or on.year < MOVEMENT_START_YEAR:
        return Problem("year", "backup.not_among", {"column": "year", "value": row["year"], "allowed": on.year})
    problems = check_stage_dates(dict(row))
    if problems:
        return problems[0]
    root = _root(row["id"], parents)
    if root is None:
        return Problem("replicated_from", "error.origin_cycle")
    expected = None if row["replicated_from_id"] is None else root
    if row["origin_id"] != expected:
        return Problem(
            "origin_id",
            "backup.origin_mismatch",
            {
                "value": row["origin_id"] if row["origin_id"] is not None else "–",
                "root": expected if expected is not None else "–",
            },
        )
    return None


def _root(example_id: int, parents: dict) -> int | None:
    """The family root up the replicated_from chain, None on a cycle."""
    seen, current = set(), example_id
    while parents.get(current) is not None:
        if current in seen:
            return None
        seen.add(current)
        current = parents[current]
    return current


# --------------------------------------------------------------------------- copying
def _copy_tables(source: Engine, target: Engine) -> tuple[int, int]:
    """In one write transaction: refuse a target that is not empty, clear it, copy the source
    tables, rebuild the summaries, advance the change counter and the id sequences."""
    copied = 0
    with write_session(target) as session:
        conn = session.connection()
        if not is_sqlite(target):  # no writer may slip in between the check and the copy
            names = ", ".join(m.__tablename__ for m in CONTENT_TABLES)
            conn.execute(sql_text(f"LOCK TABLE {names} IN EXCLUSIVE MODE"))
        existing = sum(conn.execute(select(func.count()).select_from(m.__table__)).scalar_one() for m in CONTENT_TABLES)
        if existing:
            raise BackupError("backup.not_empty", n=existing)
        for table in reversed(SQLModel.metadata.sorted_tables):  # reference data and summaries of `init`
            conn.execute(table.delete())
        with source.connect() as src:
            for table in SOURCE_TABLES:
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
        rollups.rebuild(session)
        rollups.bump_version(session)  # caches of running servers see the restored data
        if not is_sqlite(target):
            for table in SQLModel.metadata.sorted_tables:
                pk = list(table.primary_key.columns)
                if len(pk) == 1 and pk[0].autoincrement in (True, "auto") and isinstance(pk[0].type, Integer):
                    conn.execute(
                        sql_text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                            f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"
                        )
                    )
    return copied, len(SOURCE_TABLES)
