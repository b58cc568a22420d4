"""The demo data reproduces both published figures exactly (10 Oct 2023 and 31 Aug 2025) and is
deterministic."""

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from registry.demo import CALIBRATION, CALIBRATION_2025, CUTOFF, CUTOFF_2025, seed_demo
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


def test_the_2025_figure_reproduced(demo_engine):
    """Báo Thanh Hóa, 31 Aug 2025: 10.239 (6.026 collective, 4.213 individual), and by field."""
    window = (
        ModelExample.registered_on >= dt.date(2021, 1, 1),
        ModelExample.registered_on <= CUTOFF_2025,
        ModelExample.deleted.is_(False),
    )
    with Session(demo_engine) as s:
        fields = dict(s.execute(select(WorkField.code, WorkField.id)).all())
        assert count(s, *window) == 10239 == CALIBRATION_2025["total"]
        assert count(s, *window, ModelExample.kind == "collective") == 6026
        assert count(s, *window, ModelExample.kind == "individual") == 4213
        by_field = {code: count(s, *window, ModelExample.field_id == i) for code, i in fields.items()}
        assert by_field == {
            "economy": 4398,
            "culture_society": 3030,
            "defence_security": 1696,
            "political_system": 1115,
        }
        # the query layer, as `stats --json --from 2021-01-01 --until 2025-08-31` counts
        figures = stats(s, filters=Filters(date_from=dt.date(2021, 1, 1), date_until=CUTOFF_2025))
        assert figures["total"] == 10239 and figures["by_kind"] == {"collective": 6026, "individual": 4213}
        assert figures["by_field"] == by_field
        # a day either side moves the count: the calibration is on the published day itself
        assert count(s, *window[:1], ModelExample.registered_on <= CUTOFF_2025 + dt.timedelta(days=1)) > 10239


def test_continues_past_2025_on_a_lower_plateau(demo_engine):
    with Session(demo_engine) as s:
        figures = stats(s, filters=Filters(year_from=2021, year_until=2024))
        assert figures["total"] == 9739 and figures["by_kind"]["collective"] == 5688
        years = figures["by_year"]
        # the two published figures leave 1.820 records from 11 Oct 2023 to 31 Aug 2025
        assert years["2021"] < years["2022"] < years["2023"] and years["2024"] == 900
        assert 0.1 < figures["replications"] / figures["total"] < 0.3
        assert count(s, ModelExample.is_sample.is_(False)) == 0
        units = set(figures["by_unit"])
        assert len(units) == 28  # all 27 district-level units and the province level
        since = stats(
            s, filters=Filters(date_from=CUTOFF_2025 + dt.timedelta(days=1), date_until=dt.date(2026, 12, 31))
        )
        assert since["total"] > 0 and since["by_year"]["2025"] == 830 - 500


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
