"""Fixtures: every test gets a fresh registry (schema + reference data).

``db`` runs a test on SQLite and on a real PostgreSQL server that the tests start themselves
(skipped with a visible reason where PostgreSQL is not installed). ``sqlite_db`` is SQLite only.
Fresh databases are copied from a template built once per run, so that each test starts fast.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlmodel import Session

from registry.db import make_engine
from registry.demo import seed_demo
from registry.permissions import SYSTEM
from tests.support.databases import demo_copy, fresh_sqlite, pg_database, prepare
from tests.support.pg import PostgresServer, pg_skip_reason


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    prepare(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_server():
    reason = pg_skip_reason()
    if reason:
        pytest.skip(f"PostgreSQL not available: {reason}")
    server = PostgresServer(dbname="template_registry").start()
    engine = make_engine(server.url)
    prepare(engine)
    engine.dispose()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, sqlite_template):
    """A fresh, initialised registry engine on each backend."""
    if request.param == "sqlite":
        engine = fresh_sqlite(sqlite_template)
        yield engine
        engine.dispose()
        return
    with pg_database(request.getfixturevalue("pg_server")) as engine:
        yield engine


@pytest.fixture
def sqlite_db(sqlite_template):
    engine = fresh_sqlite(sqlite_template)
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


@pytest.fixture(scope="session")
def pg_demo_template(pg_server):
    """A PostgreSQL template database holding the demo records."""
    with pg_server.admin_connect() as conn:
        conn.execute('CREATE DATABASE "template_demo" TEMPLATE template_registry')
    engine = make_engine(pg_server.url_for("template_demo"))
    with Session(engine) as s:
        seed_demo(s, actor=SYSTEM)
        s.commit()
    engine.dispose()
    return "template_demo"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_db(request, demo_template):
    """An engine holding the deterministic demo data, on SQLite and on PostgreSQL. Read only."""
    if request.param == "sqlite":
        engine = fresh_sqlite(demo_template)
        yield engine
        engine.dispose()
        return
    with pg_database(request.getfixturevalue("pg_server"), request.getfixturevalue("pg_demo_template")) as engine:
        yield engine


@pytest.fixture(scope="module")
def demo_sqlite(demo_template):
    """The demo data on SQLite only (for the slower, backend-independent export checks)."""
    engine = fresh_sqlite(demo_template)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory, demo_template):
    """A file copy of the demo registry for this module (the CLI and the app servers open it)."""
    return demo_copy(demo_template, tmp_path_factory.mktemp("demo-url"))
