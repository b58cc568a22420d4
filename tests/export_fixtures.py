"""Fixtures of the export tests: the demo registry (copied from the session's demo templates),
once per module and backend."""
from __future__ import annotations

import pytest

from tests.conftest import _fresh_sqlite, pg_database


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_db(request, demo_template):
    """An engine holding the deterministic demo data, on SQLite and on PostgreSQL. Read only."""
    if request.param == "sqlite":
        engine = _fresh_sqlite(demo_template)
        yield engine
        engine.dispose()
        return
    with pg_database(request.getfixturevalue("pg_server"), request.getfixturevalue("pg_demo_template")) as engine:
        yield engine


@pytest.fixture(scope="module")
def demo_sqlite(demo_template):
    """The demo data on SQLite only (for the slower, backend-independent export checks)."""
    engine = _fresh_sqlite(demo_template)
    yield engine
    engine.dispose()
