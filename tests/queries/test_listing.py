"""The search index (SQLite FTS5 trigram, PostgreSQL pg_trgm) changes the speed of the record
search, never its results: browse and find_examples give exactly what the plain LIKE per folded
word gives, on both backends, and the index follows every write."""

import datetime as dt

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy import text as sql

from registry import search_index, text
from registry.models import ModelExample, ModelExampleUpdate
from registry.permissions import SYSTEM
from registry.queries import listing
from registry.queries.filters import Filters
from registry.records import bulk, writes
from tests.support.factories import make_example

TITLES = [
    "Tuyến phố văn minh",
    "Bản sáng vùng biên",
    "Dòng họ <b>kiểu mẫu</b>",
    "Dân vận khéo 100% hộ",
    "Sản xuất rau an toàn",
    'Mô hình "Chính quyền thân thiện"',
    "Tổ tự quản an_ninh",
    "Ánh sáng đường quê",
    "Đông Sơn đoàn kết",
    "Hiến đất làm đường",
]
UNITS = ["380", "405", "388", "399", "384"]
QUERIES = [
    "dong son",
    "DONG  Sơn",
    "son",
    "ban sang",
    "100%",
    "a",
    "an",
    "0%",
    "an_ninh",
    "_",
    "%",
    "thanh hoa",
    "kieu mau",
    "<b>",
    '"chinh',
    'than thien"',
    "đông",
    "sáng vùng",
    "ng",
    "xyz",
    "huyen dong",
    "o h",
    "ánh",
    "duong que hien",
    "   ",
]


@pytest.fixture
def records(session):
    made = []
    for i, title in enumerate(TITLES * 2):
        made.append(
            make_example(
                session,
                title=title,
                unit=UNITS[i % len(UNITS)],
                locality="thôn Đông" if i % 3 else "",
                registered_on=dt.date(2021 + i % 4, 1 + i % 11, 1 + i % 27),
            )
        )
    return made


def plain_like(session, query):
    """The search without the index: a LIKE per folded word (the semantics the index must keep)."""
    ex = ModelExample.__table__
    conds = [ex.c.deleted.is_(False)] + listing.search_conditions(ex, query)  # no dialect: no FTS
    return set(session.execute(select(ex.c.id).where(*conds)).scalars())


def by_python(session, query):
    words = text.fold(text.canonical(query)).split()
    rows = session.execute(select(ModelExample.id, ModelExample.search_text).where(ModelExample.deleted.is_(False)))
    return {i for i, s in rows if all(w in s for w in words)}


def test_search_results_equal_the_plain_like(session, records):
    for q in QUERIES:
        want = plain_like(session, q)
        assert want == by_python(session, q), q
        page = listing.browse(session, filters=Filters(year_from=2009, year_until=2030), query=q, per_page=200)
        assert page.total == len(want) and {r["id"] for r in page.rows} == want, q
        assert {r[0] for r in listing.find_examples(session, query=q, limit=1000)} == want, q
    assert len(plain_like(session, "dong son")) > 2  # the test finds something


def test_sqlite_search_reads_the_fts_index(sqlite_session):
    make_example(sqlite_session, title="Đông Sơn đoàn kết", unit="405", registered_on=dt.date(2022, 1, 1))
    ex = ModelExample.__table__
    conds = listing.search_conditions(ex, "dong son", "sqlite")
    stmt = select(func.count()).select_from(ex).where(*conds)
    plan = " ".join(
        str(r[-1])
        for r in sqlite_session.execute(
            sql("EXPLAIN QUERY PLAN " + str(stmt.compile(compile_kwargs={"literal_binds": True})))
        )
    )
    assert search_index.FTS_TABLE in plan and "VIRTUAL TABLE INDEX" in plan, plan
    assert sqlite_session.execute(stmt).scalar() == 1
    assert search_index.match_query(["ab", "dong", 'x"y']) == '"dong" AND "x""y"'
    assert search_index.match_query(["ab"]) is None


def test_index_follows_edits_deletes_and_restores(session):
    ex = make_example(session, title="Tuyến phố văn minh", unit="380", registered_on=dt.date(2023, 1, 1))
    other = make_example(session, title="Khu dân cư kiểu mẫu", unit="380", registered_on=dt.date(2023, 1, 2))
    f = Filters()
    assert [r["id"] for r in listing.browse(session, filters=f, query="van minh").rows] == [ex.id]
    writes.update_example(
        session, ex.id, ModelExampleUpdate(version=ex.version, title="Phố đi bộ an toàn"), actor=SYSTEM
    )
    session.commit()
    assert listing.browse(session, filters=f, query="van minh").total == 0
    assert [r["id"] for r in listing.browse(session, filters=f, query="pho di bo").rows] == [ex.id]
    writes.delete_example(session, other.id, actor=SYSTEM)
    session.commit()
    assert listing.browse(session, filters=f, query="kieu mau").total == 0
    writes.restore_example(session, other.id, actor=SYSTEM)
    session.commit()
    assert [r["id"] for r in listing.browse(session, filters=f, query="kieu mau").rows] == [other.id]
    ids = bulk.bulk_insert(
        session,
        [
            writes.ModelExampleCreate(
                kind="collective",
                title=f"Nhập hàng loạt {i}",
                unit="399",
                field="economy",
                bloc="state",
                registered_on=dt.date(2024, 1, 1),
            )
            for i in range(3)
        ],
        actor=SYSTEM,
    )
    session.commit()
    assert {r["id"] for r in listing.browse(session, filters=f, query="nhap hang loat").rows} == set(ids)
    if session.get_bind().dialect.name == "sqlite":  # the FTS index holds exactly the rows of the table
        n_fts = session.execute(
            sql(f"SELECT count(*) FROM {search_index.FTS_TABLE} WHERE {search_index.FTS_TABLE} MATCH '\"pho di bo\"'")
        ).scalar()
        assert n_fts == 1
        session.execute(
            sql(f"INSERT INTO {search_index.FTS_TABLE}({search_index.FTS_TABLE}) VALUES ('integrity-check')")
        )


def test_index_exists_after_create_all_and_after_init(db, tmp_path):
    with db.connect() as conn:
        if conn.dialect.name == "sqlite":
            names = set(
                conn.execute(sql("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")).scalars()
            )
            assert {
                search_index.FTS_TABLE,
                f"{search_index.FTS_TABLE}_ai",
                f"{search_index.FTS_TABLE}_au",
                f"{search_index.FTS_TABLE}_ad",
            } <= names
        else:
            indexes = set(
                conn.execute(sql("SELECT indexname FROM pg_indexes WHERE tablename = 'model_example'")).scalars()
            )
            assert search_index.PG_INDEX in indexes
            conn.execute(sql("SET enable_seqscan = off"))
            ex = ModelExample.__table__
            stmt = select(func.count()).select_from(ex).where(*listing.search_conditions(ex, "dong son", "postgresql"))
            plan = " ".join(
                r[0]
                for r in conn.execute(
                    sql("EXPLAIN " + str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})))
                )
            )
            assert search_index.PG_INDEX in plan, plan
    from registry.db import make_engine
    from registry.schema import init

    engine = make_engine(f"sqlite:///{tmp_path / 'init.db'}")
    init(engine)
    assert search_index.FTS_TABLE in inspect(engine).get_table_names()
    engine.dispose()


def test_include_name_hides_only_the_search_index():
    assert not search_index.include_name(search_index.FTS_TABLE, "table", {})
    assert not search_index.include_name(search_index.FTS_TABLE + "_data", "table", {})
    assert not search_index.include_name(search_index.PG_INDEX, "index", {})
    assert search_index.include_name("model_example", "table", {})
    assert search_index.include_name("ix_example_title_key", "index", {})
