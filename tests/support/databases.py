"""Throwaway registries for the tests: a schema with reference data, copies of a template on
SQLite (in memory or a file) and on PostgreSQL (a new database from a template, dropped after)."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import contextmanager

from sqlmodel import SQLModel

from registry import schema
from registry.db import make_engine, write_session
from registry.models import DataVersion


def prepare(engine) -> None:
    SQLModel.metadata.create_all(engine)
    with write_session(engine) as session:
        schema.load_all(session)
        if session.get(DataVersion, 1) is None:
            session.add(DataVersion(id=1, counter=0))


def fresh_sqlite(template):
    engine = make_engine("sqlite://")
    src = sqlite3.connect(template)
    with engine.connect() as conn:
        src.backup(conn.connection.driver_connection)
    src.close()
    return engine


@contextmanager
def pg_database(server, template: str = "template_registry"):
    """An engine on a new PostgreSQL database copied from ``template``, dropped afterwards."""
    engine, name = fresh_pg_from(server, template)
    try:
        yield engine
    finally:
        engine.dispose()
        with server.admin_connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def demo_copy(template, folder) -> str:
    """A file copy of the demo registry in ``folder``; returns its URL (for the CLI and the app)."""
    path = folder / "demo.db"
    src, dst = sqlite3.connect(template), sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.close()
    return f"sqlite:///{path}"


def fresh_pg_from(server, template: str):
    name = "t_" + uuid.uuid4().hex[:12]
    with server.admin_connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return make_engine(server.url_for(name)), name
