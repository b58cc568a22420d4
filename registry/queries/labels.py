"""Names and lists of reference data for the pages and charts: units with their names and levels
(``Labels``), the codes a URL may name and the unit choices (views of the one reference snapshot,
registry.reference), the units of a view."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlmodel import Session

from registry.models import REFORM_DATE, AdminUnit, UnitViewMap
from registry.reference import Labels, UnitInfo, snapshot

__all__ = ["Labels", "UnitInfo", "commune_counts", "known_codes", "unit_options", "view_units"]

# The day whose units make up a view's map and coverage, where the view is fixed to one date.
# ``then`` has none: its units are those that existed during the period.
VIEW_REFERENCE_DAY = {"districts-2025": REFORM_DATE - dt.timedelta(days=1), "new-units": REFORM_DATE}


def known_codes(session: Session) -> dict[str, set[str]]:
    """Valid codes per list filter, for reading filters from a URL."""
    return snapshot(session).known()


def commune_counts(session: Session, *, unit_ids: list[int]) -> dict[int, int | None]:
    """How many communes each unit had under it (None for a commune or a new unit)."""
    u = AdminUnit.__table__.c
    return dict(session.execute(select(u.id, u.communes).where(u.id.in_(unit_ids))).all()) if unit_ids else {}


def view_units(session: Session, *, view: str, start: dt.date, end: dt.date) -> list[int]:
    """The units a view attributes records to (below the province level): the map's tiles, the
    ranking's rows and the denominator of coverage. ``then``: those that existed during
    [start, end]; fixed views: those that existed on the view's reference day."""
    m, u = UnitViewMap.__table__.c, AdminUnit.__table__.c
    day = VIEW_REFERENCE_DAY.get(view)
    lo, hi = (day, day) if day else (start, end)
    stmt = (
        select(m.target_id)
        .distinct()
        .join_from(UnitViewMap.__table__, AdminUnit.__table__, u.id == m.target_id)
        .where(m.view == view, u.level != "province", u.valid_from <= hi, or_(u.valid_to.is_(None), u.valid_to >= lo))
    )
    return sorted(session.execute(stmt).scalars())


def unit_options(session: Session) -> list[tuple[str, str]]:
    """(code, name) of the province and the district-level and new units, for the unit filter."""
    return list(snapshot(session).unit_choices)
