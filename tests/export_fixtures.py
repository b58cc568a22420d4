"""Fixtures of the export tests: the demo registry, seeded once per module and backend."""
from __future__ import annotations

import uuid

import pytest
from sqlmodel import Session

from registry.db import make_engine
from registry.demo import seed_demo


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_db(request, sqlite_template):
    """An engine holding the deterministic demo data, on SQLite and on PostgreSQL. Read only."""
    from tests.conftest import _fresh_sqlite

    if request.param == "sqlite":
        engine = _fresh_sqlite(sqlite_template)
        with Session(engine) as s:
            seed_demo(s)
            s.commit()
        yield engine
        engine.dispose()
        return
    server = request.getfixturevalue("pg_server")
    name = "demo_" + uuid.uuid4().hex[:10]
    with server.admin_connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template_registry')
    engine = make_engine(server.url_for(name))
    with Session(engine) as s:
        seed_demo(s)
        s.commit()
    yield engine
    engine.dispose()
    with server.admin_connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def demo_sqlite(sqlite_template):
    """The demo data on SQLite only (for the slower, backend-independent export checks)."""
    from tests.conftest import _fresh_sqlite

    engine = _fresh_sqlite(sqlite_template)
    with Session(engine) as s:
        seed_demo(s)
        s.commit()
    yield engine
    engine.dispose()
