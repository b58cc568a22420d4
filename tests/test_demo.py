"""The demo data reproduces the published figures exactly and is deterministic."""

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from registry.demo import CALIBRATION, CUTOFF, seed_demo
from registry.models import ModelExample, WorkField
from registry.permissions import SYSTEM
from registry.queries.counts import stats
from registry.queries.filters import Filters


@pytest.fixture(scope="module")
def demo_engine(demo_template):
    from tests.support.databases import fresh_sqlite

    return fresh_sqlite(demo_template)


def count(session, *where):
    return session.execute(select(func.count()).select_from(ModelExample).where(*where)).scalar()


def test_published_figures_reproduced(demo_engine):
    window = (
        ModelExample.registered_on >= dt.date(2021, 1, 1),
        ModelExample.registered_on <= CUTOFF,
        ModelExample.deleted.is_(False),
    )
    with Session(demo_engine) as s:
        economy = s.execute(select(WorkField.id).where(WorkField.code == "economy")).scalar_one()
        assert count(s, *window) == 8419 == CALIBRATION["total"]
        assert count(s, *window, ModelExample.kind == "collective") == 4810
        assert count(s, *window, ModelExample.kind == "individual") == 3609
        assert count(s, *window, ModelExample.field_id == economy) == 3200
        awarded = (ModelExample.awarded_on.is_not(None), ModelExample.awarded_on <= CUTOFF)
        assert count(s, *window, *awarded, ModelExample.kind == "collective") == 1064
        assert count(s, *window, *awarded, ModelExample.kind == "individual") == 1623
        # and through the query layer (records source for a non-year period)
        figures = stats(s, filters=Filters(date_from=dt.date(2021, 1, 1), date_until=CUTOFF))
        assert figures["total"] == 8419 and figures["by_kind"] == {"collective": 4810, "individual": 3609}
        assert figures["by_field"]["economy"] == 3200


def test_continues_to_2024_with_growth(demo_engine):
    with Session(demo_engine) as s:
        figures = stats(s, filters=Filters(year_from=2021, year_until=2024))
        assert figures["total"] == 13219 and figures["by_kind"]["collective"] == 7546
        years = figures["by_year"]
        assert years["2021"] < years["2022"] < years["2023"] < years["2024"]
        assert 0.1 < figures["replications"] / figures["total"] < 0.3
        assert count(s, ModelExample.is_sample.is_(False)) == 0
        units = set(figures["by_unit"])
        assert len(units) == 28  # all 27 district-level units and the province level


def test_all_rows_valid_and_believable(demo_engine):
    with Session(demo_engine) as s:
        rows = s.execute(select(ModelExample)).scalars().all()
        assert all(r.title and r.holder_name for r in rows)
        bansang = [r for r in rows if r.title == "Bản sáng vùng biên" and r.registered_on.year == 2024]
        codes = {r.unit_id for r in bansang}
        from registry.models import AdminUnit

        units = {u.id: u.code for u in s.execute(select(AdminUnit)).scalars()}
        assert {"388", "384"} <= {units[c] for c in codes}


def test_deterministic(sqlite_template):
    from tests.support.databases import fresh_sqlite

    def content(engine):
        with Session(engine) as s:
            seed_demo(s, actor=SYSTEM)
            s.commit()
            cols = [c for c in ModelExample.__table__.c if c.name not in ("created_at", "updated_at")]
            return s.execute(select(*cols).order_by(ModelExample.id)).all()

    a, b = fresh_sqlite(sqlite_template), fresh_sqlite(sqlite_template)
    assert content(a) == content(b)
