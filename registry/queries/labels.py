"""Names and lists of reference data for the pages and charts: units with their names and levels
(``Labels``), the codes a URL may name, the units of a view, the unit choices of a form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlmodel import Session, col

from registry.models import REFORM_DATE, AdminUnit, Bloc, Programme, UnitViewMap, WorkField
from registry.queries.filters import Codes

# The day whose units make up a view's map and coverage, where the view is fixed to one date.
# ``then`` has none: its units are those that existed during the period.
VIEW_REFERENCE_DAY = {"districts-2025": REFORM_DATE - dt.timedelta(days=1), "new-units": REFORM_DATE}


# --------------------------------------------------------------------------- reference labels
@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    short_name: str
    level: str
    communes: int | None
    lat: float | None
    lon: float | None
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass
class Labels:
    """Names (in one language), colours and codes of the reference tables, by id."""

    lang: str
    fields: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # id -> (code, name, colour)
    blocs: dict[int, tuple[str, str, bool]] = field(default_factory=dict)  # id -> (code, name, is_state)
    programmes: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (code, name)
    units: dict[int, UnitInfo] = field(default_factory=dict)
    codes: Codes = field(default_factory=Codes)

    @classmethod
    def load(cls, session: Session, lang: str = "vi") -> Labels:
        name = "name_en" if lang == "en" else "name_vi"
        out = cls(lang)
        for row in session.execute(
            select(col(WorkField.id), col(WorkField.code), getattr(WorkField, name), col(WorkField.colour)).order_by(
                col(WorkField.sort), col(WorkField.id)
            )
        ):
            out.fields[row[0]] = (row[1], row[2], row[3])
        for row in session.execute(
            select(col(Bloc.id), col(Bloc.code), getattr(Bloc, name), col(Bloc.is_state)).order_by(
                col(Bloc.sort), col(Bloc.id)
            )
        ):
            out.blocs[row[0]] = (row[1], row[2], bool(row[3]))
        for row in session.execute(
            select(col(Programme.id), col(Programme.code), getattr(Programme, name)).order_by(
                col(Programme.sort), col(Programme.id)
            )
        ):
            out.programmes[row[0]] = (row[1], row[2])
        u = AdminUnit.__table__.c
        for row in session.execute(
            select(u.id, u.code, u.name, u.short_name, u.level, u.communes, u.lat, u.lon, u.valid_from, u.valid_to)
        ):
            out.units[row[0]] = UnitInfo(*row)
        out.codes = Codes(
            fields={v[0]: k for k, v in out.fields.items()},
            blocs={v[0]: k for k, v in out.blocs.items()},
            programmes={v[0]: k for k, v in out.programmes.items()},
            units={v.code: k for k, v in out.units.items()},
        )
        return out

    def unit_name(self, unit_id: int | None) -> str:
        unit = self.units.get(unit_id) if unit_id is not None else None
        if unit is None:
            return "–"
        return unit.short_name if unit.level == "province" else unit.name

    def field_name(self, field_id: int) -> str:
        return self.fields.get(field_id, (str(field_id), str(field_id), "#777777"))[1]

    def unit_by_code(self, code: str) -> UnitInfo | None:
        unit_id = self.codes.units.get(code)
        return self.units.get(unit_id) if unit_id is not None else None

    def field_by_code(self, code: str) -> tuple[str, str, str]:
        """(code, name, colour) of a field; a grey, unnamed one for an unknown code."""
        field_id = self.codes.fields.get(code)
        return self.fields.get(field_id, (code, code, "#777777")) if field_id is not None else (code, code, "#777777")

    def filter_names(self) -> dict[str, dict[str, str]]:
        """Code -> name per list filter ("fields", "blocs", "programmes", "units"), in ``lang``."""
        return {
            "fields": {v[0]: v[1] for v in self.fields.values()},
            "blocs": {v[0]: v[1] for v in self.blocs.values()},
            "programmes": {v[0]: v[1] for v in self.programmes.values()},
            "units": {u.code: u.name for u in self.units.values()},
        }


def known_codes(session: Session) -> dict[str, set[str]]:
    """Valid codes per list filter, for reading filters from a URL."""
    codes = Codes.load(session)
    return {
        "fields": set(codes.fields),
        "blocs": set(codes.blocs),
        "programmes": set(codes.programmes),
        "units": set(codes.units),
    }


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


def unit_options(session: Session, *, on: dt.date | None = None) -> list[tuple[str, str]]:
    """(code, name) of the province and the district-level and new units, for the unit filter."""
    u = AdminUnit.__table__.c
    stmt = (
        select(u.code, u.name, u.level, u.valid_from)
        .where(or_(u.level.in_(("province", "district")), u.valid_from >= REFORM_DATE))
        .order_by(u.level.desc(), u.code)
    )
    rows = session.execute(stmt).all()
    order = {"province": 0, "district": 1, "commune": 2}
    return [(code, name) for code, name, level, _ in sorted(rows, key=lambda r: (order.get(r[2], 3), r[0]))]
