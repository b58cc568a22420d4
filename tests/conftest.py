"""Fixtures: every test gets a fresh registry (schema + reference data).

``db`` runs a test on SQLite and on a real PostgreSQL server that the tests start themselves
(skipped with a visible reason where PostgreSQL is not installed). ``sqlite_db`` is SQLite only.
Fresh databases are copied from a template built once per run, so that each test starts fast.
"""
from __future__ import annotations

import sqlite3
import uuid
from contextlib import contextmanager

import pytest
from sqlmodel import Session, SQLModel

from registry.db import make_engine, write_session
from registry.permissions import SYSTEM
from tests.support.pg import PostgresServer, pg_skip_reason


def _prepare(engine) -> None:
    from registry import schema
    from registry.models import DataVersion

    SQLModel.metadata.create_all(engine)
    with write_session(engine) as session:
        schema.load_all(session)
        if session.get(DataVersion, 1) is None:
            session.add(DataVersion(id=1, counter=0))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    _prepare(engine)
    engine.dispose()
    return path


def _fresh_sqlite(template):
    engine = make_engine("sqlite://")
    src = sqlite3.connect(template)
    with engine.connect() as conn:
        src.backup(conn.connection.driver_connection)
    src.close()
    return engine


@pytest.fixture(scope="session")
def pg_server():
    reason = pg_skip_reason()
    if reason:
        pytest.skip(f"PostgreSQL not available: {reason}")
    server = PostgresServer(dbname="template_registry").start()
    engine = make_engine(server.url)
    _prepare(engine)
    engine.dispose()
    yield server
    server.stop()


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


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, sqlite_template):
    """A fresh, initialised registry engine on each backend."""
    if request.param == "sqlite":
        engine = _fresh_sqlite(sqlite_template)
        yield engine
        engine.dispose()
        return
    with pg_database(request.getfixturevalue("pg_server")) as engine:
        yield engine


@pytest.fixture
def sqlite_db(sqlite_template):
    engine = _fresh_sqlite(sqlite_template)
    yield engine
    engine.dispose()


@pytest.fixture
def session(db):
    with Session(db) as s:
        yield s


@pytest.fixture
def sqlite_session(sqlite_db):
    with Session(sqlite_db) as s:
        yield s


# --------------------------------------------------------------------------- the demo registry
# Seeding the demo data takes seconds; it is seeded once per test run (and per backend) into a
# template, and every test or module that needs it gets its own copy.
@pytest.fixture(scope="session")
def demo_template(sqlite_template, tmp_path_factory):
    """A SQLite file holding the schema, reference data and the demo records."""
    from registry.demo import seed_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    engine = make_engine(f"sqlite:///{path}")
    src = sqlite3.connect(sqlite_template)
    with engine.connect() as conn:
        src.backup(conn.connection.driver_connection)
    src.close()
    with Session(engine) as s:
        seed_demo(s, actor=SYSTEM)
        s.commit()
    engine.dispose()
    return path


def demo_copy(template, folder) -> str:
    """A file copy of the demo registry in ``folder``; returns its URL (for the CLI and the app)."""
    path = folder / "demo.db"
    src, dst = sqlite3.connect(template), sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.close()
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def pg_demo_template(pg_server):
    """A PostgreSQL template database holding the demo records."""
    from registry.demo import seed_demo

    with pg_server.admin_connect() as conn:
        conn.execute('CREATE DATABASE "template_demo" TEMPLATE template_registry')
    engine = make_engine(pg_server.url_for("template_demo"))
    with Session(engine) as s:
        seed_demo(s, actor=SYSTEM)
        s.commit()
    engine.dispose()
    return "template_demo"


def fresh_pg_from(server, template: str):
    name = "t_" + uuid.uuid4().hex[:12]
    with server.admin_connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return make_engine(server.url_for(name)), name
