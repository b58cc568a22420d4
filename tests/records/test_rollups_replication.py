"""The replication charts read the replication summaries; their answers equal the records-table
queries (the semantics the charts had before the summaries) for many filters and every view,
also after edits of origins, deletes, restores and re-rooting. The most-replicated scan stops
early, pages through many origins, and falls back to a GROUP BY: all three give the same top."""

import datetime as dt

import pytest
from sqlalchemy import text as sql

from registry.models import ModelExampleUpdate
from registry.permissions import SYSTEM
from registry.queries import listing, replication
from registry.queries.filters import Filters
from registry.records import bulk, rollups, writes
from tests.support.dashboard_data import COMBOS, build
from tests.support.factories import make_example

MORE = [
    Filters(year_from=2021, year_until=2021),
    Filters(programmes=("friendly_government",)),
    Filters(units=("L16381",), view="then"),
    Filters(kinds=("collective",), include_sample=False, fields=("economy",)),
]


def close_rows(a, b):
    assert len(a) == len(b)
    for x, y in zip(sorted(a), sorted(b), strict=False):
        assert x[:-1] == y[:-1] and abs(float(x[-1]) - float(y[-1])) < 1e-9


def same_answers(session, f: Filters):
    close_rows(
        replication.replication_flows(session, filters=f),
        replication.replication_flows(session, filters=f, force_records=True),
    )
    assert replication.days_to_first_copy(session, filters=f) == replication.days_to_first_copy(
        session, filters=f, force_records=True
    )
    for limit in (1, 3, 10):
        assert replication.most_replicated(session, filters=f, limit=limit) == replication.most_replicated(
            session, filters=f, limit=limit, force_records=True
        )


def edit(session, ex_id, **kw):
    ex = writes.get_live(session, ex_id, allow_deleted=True)
    writes.update_example(session, ex_id, ModelExampleUpdate(version=ex.version, **kw), actor=SYSTEM)
    session.commit()


@pytest.mark.parametrize("view", ["then", "districts-2025", "new-units"])
def test_rollups_answer_like_the_records(session, view):
    world = build(session, n=60, seed=11)
    copies = [r for r in world if r["origin"] is not None]
    assert copies, "the world has copies"
    for f in COMBOS + MORE:
        same_answers(session, f.with_(view=view))
    # origins edited, deleted and restored, a subtree re-rooted: still the same answers
    origin = copies[0]["origin"]
    edit(session, origin, unit="399")
    writes.delete_example(session, copies[-1]["id"], actor=SYSTEM)
    writes.delete_example(session, copies[-2]["origin"], actor=SYSTEM, keep_copies=True)
    session.commit()
    edit(session, copies[1]["id"], replicated_from=None)
    writes.restore_example(session, copies[-2]["origin"], actor=SYSTEM)
    session.commit()
    for f in COMBOS + MORE:
        same_answers(session, f.with_(view=view))


def test_deleted_origin_keeps_its_family_but_not_its_flows(session):
    origin = make_example(session, unit="388", registered_on=dt.date(2022, 1, 10), title="Bản sáng vùng biên")
    make_example(session, unit="384", registered_on=dt.date(2022, 3, 1), replicated_from=origin.id)
    make_example(session, unit="385", registered_on=dt.date(2022, 4, 11), replicated_from=origin.id)
    f = Filters()
    assert sum(n for _a, _b, n in replication.replication_flows(session, filters=f)) == 2
    assert replication.days_to_first_copy(session, filters=f) == [(50, 1)]
    writes.delete_example(session, origin.id, actor=SYSTEM, keep_copies=True)
    session.commit()
    assert replication.replication_flows(session, filters=f) == []
    assert replication.days_to_first_copy(session, filters=f) == []
    top = replication.most_replicated(session, filters=f)
    assert [(r["origin_id"], r["copies"], r["units"]) for r in top] == [(origin.id, 2, 2)]
    same_answers(session, f)


def test_top_families_pages_and_falls_back(session, monkeypatch):
    """Many families with few copies each: a small batch forces several pages of the scan, a
    small cap the fallback; ties go to the lower origin id in every path."""
    origins = [make_example(session, unit="380", registered_on=dt.date(2021, 1, 1 + i)) for i in range(12)]
    rows = []
    for i, o in enumerate(origins):  # copies: 1, 2, 3, 1, 2, 3, …; some in 2025 (outside the period)
        for k in range(i % 3 + 1):
            rows.append(dict(unit="399", registered_on=dt.date(2022, 2, 1 + k), replicated_from=o.id))
        if i % 4 == 0:
            rows.append(dict(unit="399", registered_on=dt.date(2025, 2, 1), replicated_from=o.id))
    from tests.support.factories import example_input

    bulk.bulk_insert(session, [example_input(**r) for r in rows], actor=SYSTEM)
    session.commit()
    f = Filters()
    want = replication.most_replicated(session, filters=f, limit=5, force_records=True)
    assert [r["copies"] for r in want] == [3, 3, 3, 3, 2]
    assert replication.most_replicated(session, filters=f, limit=5) == want
    monkeypatch.setattr(replication, "TOP_BATCH", 2)
    assert replication.most_replicated(session, filters=f, limit=5) == want
    monkeypatch.setattr(replication, "TOP_MAX_SCAN", 4)
    assert replication.most_replicated(session, filters=f, limit=5) == want
    g = Filters(year_from=2025, year_until=2025)
    assert replication.most_replicated(session, filters=g, limit=5) == replication.most_replicated(
        session, filters=g, limit=5, force_records=True
    )


def test_rebuild_equals_incremental(session):
    build(session)
    tables = [
        "summary_flow",
        "summary_flow_place",
        "summary_family",
        "summary_family_year",
        "summary_family_total",
        "summary_first_copy",
        "summary_first_copy_year",
    ]

    def dump():
        return {t: sorted(tuple(r[1:]) for r in session.execute(sql(f"SELECT * FROM {t}"))) for t in tables}

    before = dump()
    assert before["summary_flow"] and before["summary_first_copy"]
    rollups.rebuild(session)
    assert dump() == before
    session.rollback()


def test_migration_fills_the_replication_summaries(tmp_path):
    """An existing registry at 0004 with copies gets its new summaries (and search index) filled."""
    from alembic import command
    from sqlmodel import Session

    from registry.db import make_engine, write_session
    from registry.schema import alembic_config, upgrade
    from registry.units.lineage import load_lineage
    from registry.units.load import load_published, load_simple, load_units
    from registry.units.views import build_view_maps

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    with write_session(engine) as s:  # the reference data a 0004 database had (no unit aliases then)
        load_simple(s)
        load_units(s)
        load_lineage(s)
        build_view_maps(s)
        load_published(s)
    with engine.begin() as conn:  # records as a 0004 database held them (no replication summaries then)
        conn.execute(
            sql(
                "INSERT INTO model_example (id, kind, title, holder_name, locality, unit_id, field_id, bloc_id, "
                "description, registered_on, stage, results, is_sample, year, title_key, search_text, "
                "origin_id, replicated_from_id, created_at, created_by, updated_at, updated_by, version, deleted) "
                "SELECT 1, 'collective', 'Đông Sơn', '', '', a.id, f.id, b.id, '', '2022-01-01', 'registered', "
                "'', 0, 2022, 'dong son', 'dong son', NULL, NULL, '2022-01-01', 's', '2022-01-01', 's', 1, 0 "
                "FROM admin_unit a, work_field f, bloc b "
                "WHERE a.code = '405' AND f.code = 'economy' AND b.code = 'state'"
            )
        )
        conn.execute(
            sql(
                "INSERT INTO model_example (id, kind, title, holder_name, locality, unit_id, field_id, bloc_id, "
                "description, registered_on, stage, results, is_sample, year, title_key, search_text, "
                "origin_id, replicated_from_id, created_at, created_by, updated_at, updated_by, version, deleted) "
                "SELECT 2, kind, 'copy', '', '', unit_id, field_id, bloc_id, '', '2022-01-31', 'registered', '', 0, "
                "2022, 'copy', 'copy', 1, 1, created_at, 's', updated_at, 's', 1, 0 FROM model_example WHERE id = 1"
            )
        )
    upgrade(engine)
    with Session(engine) as s:
        assert replication.days_to_first_copy(s, filters=Filters()) == [(30, 1)]
        assert replication.most_replicated(s, filters=Filters())[0]["copies"] == 1
        assert listing.browse(s, filters=Filters(), query="dong son").total == 1
    engine.dispose()
