"""Fixtures of the export tests: the demo registry (copied from the session's demo templates),
once per module and backend."""
from __future__ import annotations

import pytest

from tests.conftest import _fresh_sqlite, fresh_pg_from


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_db(request, demo_template):
    """An engine holding the deterministic demo data, on SQLite and on PostgreSQL. Read only."""
    if request.param == "sqlite":
        engine = _fresh_sqlite(demo_template)
        yield engine
        engine.dispose()
        return
    server = request.getfixturevalue("pg_server")
    engine, name = fresh_pg_from(server, request.getfixturevalue("pg_demo_template"))
    yield engine
    engine.dispose()
    with server.admin_connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def demo_sqlite(demo_template):
    """The demo data on SQLite only (for the slower, backend-independent export checks)."""
    engine = _fresh_sqlite(demo_template)
    yield engine
    engine.dispose()
