"""The demo data across the reform: districts until 30 Jun 2025, the new units since, deterministic
for a fixed "today", every view with the same total."""

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from registry.demo import ANNUAL, generate, seed_demo
from registry.models import REFORM_DATE, VIEWS, AdminUnit, ModelExample
from registry.permissions import SYSTEM
from registry.queries.counts import stats
from registry.queries.filters import Filters

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo_engine(sqlite_template):
    from tests.support.databases import fresh_sqlite

    engine = fresh_sqlite(sqlite_template)
    with Session(engine) as s:
        seed_demo(s, today=TODAY, actor=SYSTEM)
        s.commit()
    return engine


def test_units_by_era(demo_engine):
    with Session(demo_engine) as s:
        units = {u.id: u for u in s.execute(select(AdminUnit)).scalars()}
        rows = s.execute(
            select(
                ModelExample.registered_on,
                ModelExample.unit_id,
                ModelExample.commune_id,
                ModelExample.is_sample,
                ModelExample.recognition_level,
                ModelExample.recognised_on,
            )
        ).all()
    h1 = [r for r in rows if dt.date(2025, 1, 1) <= r.registered_on < REFORM_DATE]
    h2 = [r for r in rows if r.registered_on >= REFORM_DATE]
    assert len(h1) + len(h2) == ANNUAL[2025] + round(ANNUAL[2026] * 330 / 365) == 1825
    assert {units[r.unit_id].level for r in h1} == {"district", "province"}
    assert "405" not in {units[r.unit_id].code for r in h1}
    assert {units[r.unit_id].level for r in h2} == {"commune", "province"}
    assert all(units[r.unit_id].valid_from == REFORM_DATE for r in h2 if units[r.unit_id].level == "commune")
    assert len({r.unit_id for r in h2}) == 167  # every new unit has records, and the province
    assert all(r.commune_id is None for r in h2)
    with_commune = [r for r in rows if r.commune_id is not None]
    assert 0.5 < len(with_commune) / sum(units[r.unit_id].level == "district" for r in rows) < 0.7
    assert all(units[r.commune_id].parent_id == r.unit_id for r in with_commune)
    assert all(r.is_sample for r in rows) and max(r.registered_on for r in rows) <= TODAY
    assert not [
        r for r in rows if r.recognised_on and r.recognised_on >= REFORM_DATE and r.recognition_level == "district"
    ]


def test_every_view_gives_the_same_total_on_the_demo(demo_engine):
    with Session(demo_engine) as s:
        total = s.execute(select(func.count()).select_from(ModelExample)).scalar()
        for filters in (
            Filters(year_from=2021, year_until=2026),
            Filters(year_from=2025, year_until=2026, kinds=("individual",)),
        ):
            figures = {view: stats(s, filters=filters.with_(view=view)) for view in VIEWS}
            totals = {f["total"] for f in figures.values()}
            assert len(totals) == 1, totals
            for view, f in figures.items():
                assert sum(f["by_unit"].values()) == pytest.approx(f["total"], abs=1e-6), view
        whole = {view: stats(s, filters=Filters(year_from=2021, year_until=2026, view=view)) for view in VIEWS}
    assert whole["then"]["total"] == total == 11564
    assert len(whole["districts-2025"]["by_unit"]) == 27  # 26 districts of 30 Jun 2025 and the province
    assert len(whole["new-units"]["by_unit"]) == 167
    assert len(whole["then"]["by_unit"]) == 27 + 1 + 166
    assert whole["then"]["by_year"]["2025"] == ANNUAL[2025]


def test_deterministic_for_a_fixed_today_and_earlier_years_do_not_move(demo_engine):
    with Session(demo_engine) as s:
        units = list(s.execute(select(AdminUnit)).scalars())
    a, b = generate(units, today=TODAY), generate(units, today=TODAY)
    assert [(r.data, r.origin) for r in a] == [(r.data, r.origin) for r in b]
    c = generate(units, today=dt.date(2026, 3, 1))

    def head(rows):
        return [
            (r.data["registered_on"], r.data["title"], r.data["unit"], r.data["kind"], r.origin)
            for r in rows
            if r.data["registered_on"] < dt.date(2025, 1, 1)
        ]

    assert head(a) == head(c) and len(head(a)) == 9739
    assert len(c) < len(a)
