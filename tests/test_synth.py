"""``synth`` on both backends: the rows land, the indexes it drops for the load (PostgreSQL) and
the search triggers it suspends (SQLite) are all back, search finds the rows, and the summaries
equal a recount."""

import uuid

import pytest
from sqlalchemy import text
from sqlmodel import Session

from registry import synth
from registry.db import make_engine
from registry.queries import listing
from registry.queries.filters import Filters
from registry.schema import init
from tests.support.rollups_check import check_all

N = 3000


def _indexes(engine) -> set[tuple[str, str]]:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            rows = conn.execute(
                text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'model_example'")
            ).all()
        else:
            rows = conn.execute(
                text(
                    "SELECT name, sql FROM sqlite_master"
                    " WHERE tbl_name = 'model_example' AND type IN ('index', 'trigger')"
                )
            ).all()
    return {tuple(r) for r in rows}


def _foreign_keys(engine) -> set:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            query = "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f'"
        else:
            query = 'SELECT "table", "from", "to" FROM pragma_foreign_key_list(\'model_example\')'
        return set(conn.execute(text(query)).all())


def _check(engine) -> None:
    before, keys = _indexes(engine), _foreign_keys(engine)
    assert synth.synthesize(engine, N, seed=11, chunk=1000) == N  # several chunks through one load
    assert _indexes(engine) == before, "an index or trigger dropped for the load is not back"
    assert _foreign_keys(engine) == keys and keys, "a foreign key dropped for the load is not back"
    with Session(engine) as s:
        assert s.execute(text("SELECT count(*) FROM model_example")).scalar_one() == N
        assert s.execute(text("SELECT count(*) FROM model_example WHERE is_sample")).scalar_one() == N
        found = listing.browse(s, filters=Filters(year_from=2009, year_until=2030), query="rác thải", per_page=5)
        assert found.total > 0 and all("rác thải" in r["title"].lower() for r in found.rows)
        copies = s.execute(text("SELECT count(*) FROM model_example WHERE origin_id IS NOT NULL")).scalar_one()
        assert 0.1 * N < copies < 0.3 * N  # about a fifth are copies, so the replication summaries are not empty
        check_all(s)
    # a second load adds to summaries that already count rows (the upsert path)
    assert synth.synthesize(engine, 500, seed=12, chunk=200) == 500
    with Session(engine) as s:
        assert s.execute(text("SELECT count(*) FROM model_example")).scalar_one() == N + 500
        check_all(s)


def test_synth_leaves_the_sqlite_connection_as_it_was(tmp_path):
    """The load runs without WAL, without foreign-key checks, with a larger page cache and FTS
    buffer; all are back as they were afterwards."""
    engine = make_engine(f"sqlite:///{tmp_path / 'synth.db'}")
    init(engine)
    config = "SELECT k, v FROM model_example_fts_config ORDER BY k"
    try:
        with engine.connect() as conn:
            fts_config = conn.exec_driver_sql(config).all()
        synth.synthesize(engine, 50)
        with engine.connect() as conn:
            assert conn.exec_driver_sql(config).all() == fts_config  # the fill's larger buffer is not kept
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -2000
            assert conn.exec_driver_sql("PRAGMA threads").scalar() == 0
    finally:
        engine.dispose()


def test_a_failed_load_leaves_nothing(tmp_path, monkeypatch):
    """An error in the middle of the load (outside WAL) rolls the whole load back."""
    engine = make_engine(f"sqlite:///{tmp_path / 'synth.db'}")
    init(engine)
    monkeypatch.setattr(synth, "_add_to_summaries", lambda conn, facts: 1 / 0)
    before, keys = _indexes(engine), _foreign_keys(engine)
    try:
        with pytest.raises(ZeroDivisionError):
            synth.synthesize(engine, 300)
        with Session(engine) as s:
            assert s.execute(text("SELECT count(*) FROM model_example")).scalar_one() == 0
            assert s.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        assert _indexes(engine) == before and _foreign_keys(engine) == keys
    finally:
        engine.dispose()


def test_synth_on_sqlite(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'synth.db'}")
    init(engine)
    try:
        _check(engine)
    finally:
        engine.dispose()


def test_synth_on_postgresql(pg_server):
    name = "synth_" + uuid.uuid4().hex[:8]
    with pg_server.admin_connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template_registry')
    engine = make_engine(pg_server.url_for(name))
    try:
        _check(engine)
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "value, want", [(None, "\\N"), (True, "t"), (False, "f"), (12, "12"), ("Đường hoa", "Đường hoa")]
)
def test_copy_values(value, want):
    assert synth._copy_value(value) == want
