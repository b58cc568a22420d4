"""Migrations upgrade an empty database, and autogenerate finds no difference from the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import registry.models  # noqa: F401
from registry import search_index
from registry.db import make_engine
from registry.schema import init, upgrade


def assert_no_diff(engine):
    with engine.connect() as conn:
        # the search index (FTS5 table / trigram index) is kept outside the metadata on purpose
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": search_index.include_name})
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == [], diff


def test_sqlite_upgrade_and_no_diff(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    upgrade(engine)
    assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
    assert_no_diff(engine)
    counts = init(engine)  # idempotent on an upgraded database
    assert counts["units"] >= 28 and init(engine) == counts


def test_postgresql_upgrade_and_no_diff(pg_server):
    url = pg_server.create_database("migrations_test")
    engine = make_engine(url)
    upgrade(engine)
    assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
    assert_no_diff(engine)
    assert init(engine)["units"] >= 28
    engine.dispose()
