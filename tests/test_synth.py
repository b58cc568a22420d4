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


def _check(engine) -> None:
    before = _indexes(engine)
    assert synth.synthesize(engine, N, seed=11, chunk=1000) == N  # several chunks through one load
    assert _indexes(engine) == before, "an index or trigger dropped for the load is not back"
    with Session(engine) as s:
        assert s.execute(text("SELECT count(*) FROM model_example")).scalar_one() == N
        assert s.execute(text("SELECT count(*) FROM model_example WHERE is_sample")).scalar_one() == N
        found = listing.browse(s, filters=Filters(year_from=2009, year_until=2030), query="rác thải", per_page=5)
        assert found.total > 0 and all("rác thải" in r["title"].lower() for r in found.rows)
        check_all(s)


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
