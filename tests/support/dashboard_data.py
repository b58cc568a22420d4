"""Random records for the tests that check the dashboard's numbers against plain counts, and the
filter combinations they are checked under."""

from __future__ import annotations

import datetime as dt
import random

from sqlmodel import Session

from registry.queries.filters import Filters
from tests.support.factories import make_example

UNITS = ["38", "380", "405", "384", "399", "L16381", "L14845"]  # province, districts, communes of Đông Sơn / Mường Lát
FIELDS = ["economy", "culture_society", "defence_security", "political_system"]
BLOCS = ["state", "front", "party"]


def build(session: Session, n: int = 40, seed: int = 4):
    """Random records through the service layer; returns plain dicts describing them."""
    rng = random.Random(seed)
    made = []
    for i in range(n):
        day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randint(0, 4 * 365 - 1))
        unit = rng.choice(UNITS)
        over = dict(
            kind=rng.choice(["collective", "individual"]),
            field=rng.choice(FIELDS),
            bloc=rng.choice(BLOCS),
            registered_on=day,
            is_sample=rng.random() < 0.3,
            title=f"Mô hình số {i}",
            programme="friendly_government" if rng.random() < 0.3 else None,
        )
        if unit.startswith("L"):
            over.update(unit="405" if unit == "L16381" else "384", commune=unit)
        else:
            over["unit"] = unit
        if rng.random() < 0.4:
            over.update(stage="effective", effective_on=min(day + dt.timedelta(days=10), dt.date(2024, 12, 31)))
        earlier = [m for m in made if m["registered_on"] <= day]
        if earlier and rng.random() < 0.35:
            over["replicated_from"] = rng.choice(earlier)["id"]
        ex = make_example(session, **over)
        made.append(
            dict(
                id=ex.id,
                place=ex.commune_id or ex.unit_id,
                kind=ex.kind,
                field_id=ex.field_id,
                bloc_id=ex.bloc_id,
                registered_on=day,
                year=day.year,
                stage=ex.stage,
                is_sample=ex.is_sample,
                programme_id=ex.programme_id,
                parent=ex.replicated_from_id,
                origin=ex.origin_id,
            )
        )
    return made


COMBOS = [
    Filters(),
    Filters(fields=("economy", "political_system")),
    Filters(year_from=2022, year_until=2023, include_sample=False),
    Filters(blocs=("state",), kinds=("individual",)),
    Filters(units=("380",)),
    Filters(units=("405", "384"), stages=("effective",)),
    Filters(date_from=dt.date(2022, 3, 1), date_until=dt.date(2024, 6, 30)),  # not whole years: records table
]
