"""The reference data, read once per data version: one ``Reference`` snapshot holds the codes and
ids, the names in each language, the colours and the bloc's state flag of the fields, blocs and
programmes, the units, and the choices of every filter dimension. ``Codes``, ``Labels``, the valid
codes of a URL, the names of a file name, the CLI's name lookups, the sidebar's choices, the
validation's indexes and the unit index (registry.units.index) are views of it.

``snapshot(session)`` keeps one snapshot per engine and rebuilds it when the data version (the
change counter every write bumps in its transaction, ``records.rollups.data_version``) moves on,
so no view outlives a write."""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import literal, or_, select
from sqlmodel import Session, col

from registry import text
from registry.dimensions import UNIT, Dimension
from registry.i18n import t
from registry.models import KINDS, REFORM_DATE, STAGES, AdminUnit, Bloc, DataVersion, Programme, WorkField
from registry.units.index import UnitIndex


def data_version(session: Session) -> int:
    """The change counter that every write advances (``registry.records.rollups.bump_version``)."""
    value = session.execute(select(DataVersion.__table__.c.counter).where(DataVersion.__table__.c.id == 1)).scalar()
    return int(value or 0)


WORDS: dict[str, tuple[str, ...]] = {"kind": KINDS, "stage": STAGES}  # a dimension's fixed words
TABLES: dict[str, Any] = {"fields": WorkField, "blocs": Bloc, "programmes": Programme}
UNKNOWN_COLOUR = "#777777"


@dataclass
class Codes:
    """Id ↔ code lookups for the reference tables."""

    fields: dict[str, int] = field(default_factory=dict)
    blocs: dict[str, int] = field(default_factory=dict)
    programmes: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> Codes:
        return snapshot(session).codes

    def ids(self, kind: str, codes: Sequence[str]) -> list[int]:
        table = getattr(self, kind)
        return [table[c] for c in codes if c in table] or [-1]

    def code_of(self, kind: str, id_: int) -> str | None:
        for code, value in getattr(self, kind).items():
            if value == id_:
                return code
        return None


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
    parent_id: int | None = None


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
        return snapshot(session).labels(lang)

    def unit_name(self, unit_id: int | None) -> str:
        unit = self.units.get(unit_id) if unit_id is not None else None
        if unit is None:
            return "–"
        return unit.short_name if unit.level == "province" else unit.name

    def field_name(self, field_id: int) -> str:
        return self.fields.get(field_id, (str(field_id), str(field_id), UNKNOWN_COLOUR))[1]

    def unit_by_code(self, code: str) -> UnitInfo | None:
        unit_id = self.codes.units.get(code)
        return self.units.get(unit_id) if unit_id is not None else None

    def field_by_code(self, code: str) -> tuple[str, str, str]:
        """(code, name, colour) of a field; a grey, unnamed one for an unknown code."""
        field_id = self.codes.fields.get(code)
        unknown = (code, code, UNKNOWN_COLOUR)
        return self.fields.get(field_id, unknown) if field_id is not None else unknown

    def filter_names(self) -> dict[str, dict[str, str]]:
        """Code -> name per list filter ("fields", "blocs", "programmes", "units"), in ``lang``."""
        return {
            "fields": {v[0]: v[1] for v in self.fields.values()},
            "blocs": {v[0]: v[1] for v in self.blocs.values()},
            "programmes": {v[0]: v[1] for v in self.programmes.values()},
            "units": {u.code: u.name for u in self.units.values()},
        }


@dataclass(frozen=True)
class Entry:
    """A row of a code table (field, bloc, programme)."""

    id: int
    code: str
    name_vi: str
    name_en: str
    colour: str = UNKNOWN_COLOUR
    is_state: bool = False

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi


@dataclass(frozen=True)
class Reference:
    """The reference data at one data version (see the module's docstring)."""

    version: int
    tables: Mapping[str, tuple[Entry, ...]]  # "fields", "blocs", "programmes", in their sort order
    units: tuple[UnitInfo, ...]
    unit_choices: tuple[tuple[str, str], ...]  # (code, name) of the unit filter's units

    @cached_property
    def codes(self) -> Codes:
        out = Codes(**{name: {e.code: e.id for e in rows} for name, rows in self.tables.items()})
        out.units = {u.code: u.id for u in self.units}
        return out

    @cached_property
    def _labels(self) -> dict[str, Labels]:
        return {}

    def labels(self, lang: str = "vi") -> Labels:
        """The names in ``lang``, by id (one Labels per language and snapshot)."""
        if lang not in self._labels:
            self._labels[lang] = Labels(
                lang,
                fields={e.id: (e.code, e.name(lang), e.colour) for e in self.tables["fields"]},
                blocs={e.id: (e.code, e.name(lang), e.is_state) for e in self.tables["blocs"]},
                programmes={e.id: (e.code, e.name(lang)) for e in self.tables["programmes"]},
                units={u.id: u for u in self.units},
                codes=self.codes,
            )
        return self._labels[lang]

    def choices(self, dim: Dimension, lang: str) -> dict[str, str]:
        """Code -> name of the values a dimension can take, in the order the sidebar offers them."""
        return choices(dim, self.labels(lang), self.unit_choices)

    def lookup(self, dim: Dimension) -> dict[str, str]:
        """Code -> code and folded name (``text.name_key``) -> code, for a dimension with a code
        table: what a command line may name (the unit filter's units only)."""
        if dim is UNIT:
            chosen = {code for code, _name in self.unit_choices}
            rows: list[tuple[str, ...]] = [(u.code, u.name, u.short_name) for u in self.units if u.code in chosen]
        else:
            rows = [(e.code, e.name_vi, e.name_en) for e in self.tables[dim.table]]
        out: dict[str, str] = {}
        for code, *names in rows:
            out[code.lower()] = code
            for name in names:
                if name:
                    out.setdefault(text.name_key(name), code)
        return out

    @cached_property
    def _built(self) -> dict[str, Any]:
        return {}

    def unit_index(self, session: Session) -> UnitIndex:
        """The units indexed for matching (registry.units.index), built once per snapshot."""
        if "units" not in self._built:
            self._built["units"] = UnitIndex.load(session)
        return self._built["units"]

    def resolver(self, table: str) -> dict[str, int]:
        """Code (lower case), folded names and the id as text -> id of a code table's rows, for
        reading an input (registry.records.validation)."""
        key = f"resolver:{table}"
        if key not in self._built:
            out: dict[str, int] = {}
            for e in sorted(self.tables[table], key=lambda e: e.id):
                out[e.code.lower()] = e.id
                out[text.name_key(e.name_vi)] = e.id
                out[text.name_key(e.name_en)] = e.id
                out[str(e.id)] = e.id
            self._built[key] = out
        return self._built[key]

    def known(self) -> dict[str, set[str]]:
        """Valid codes per list filter with a code table, for reading filters from a URL."""
        return {name: set(codes) for name, codes in vars(self.codes).items()}

    def file_names(self, lang: str = "vi") -> dict[str, str]:
        """ "unit:<code>" (short names) and "field:<code>" → name, for file names and words."""
        out = {f"unit:{u.code}": u.short_name for u in self.units}
        out.update({f"field:{e.code}": e.name(lang) for e in self.tables["fields"]})
        return out


def choices(dim: Dimension, labels: Labels, unit_choices: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Code -> name (in ``labels.lang``) of the values of a list dimension, in their order: its
    fixed words, the unit filter's units, or its code table's rows."""
    if dim.words:
        return {w: t(f"{dim.words}.{w}", labels.lang) for w in WORDS[dim.words]}
    if dim is UNIT:
        return dict(unit_choices)
    return {row[0]: row[1] for row in getattr(labels, dim.table).values()}


def load(session: Session, *, version: int) -> Reference:
    """The reference data as the database holds it now."""
    tables = {}
    for name, model in TABLES.items():
        colour_of = getattr(model, "colour", literal(UNKNOWN_COLOUR))  # the fields' only
        state_of = getattr(model, "is_state", literal(False))  # the blocs' only
        stmt = select(model.id, model.code, model.name_vi, model.name_en, colour_of, state_of)
        tables[name] = tuple(
            Entry(i, code, vi, en, colour, bool(state))
            for i, code, vi, en, colour, state in session.execute(stmt.order_by(model.sort, model.id))
        )
    columns = (
        "id",
        "code",
        "name",
        "short_name",
        "level",
        "communes",
        "lat",
        "lon",
        "valid_from",
        "valid_to",
        "parent_id",
    )
    stmt = select(*(col(getattr(AdminUnit, c)) for c in columns)).order_by(col(AdminUnit.id))
    units = tuple(UnitInfo(*row) for row in session.execute(stmt))
    return Reference(version, tables, units, _unit_choices(session))


def _unit_choices(session: Session) -> tuple[tuple[str, str], ...]:
    """(code, name) of the province and the district-level and new units, for the unit filter."""
    level, valid_from = col(AdminUnit.level), col(AdminUnit.valid_from)
    stmt = select(col(AdminUnit.code), col(AdminUnit.name), level).where(
        or_(level.in_(("province", "district")), valid_from >= REFORM_DATE)
    )
    order = {"province": 0, "district": 1, "commune": 2}
    rows = sorted(session.execute(stmt).all(), key=lambda r: (order.get(r[2], 3), r[0]))
    return tuple((code, name) for code, name, _level in rows)


_SNAPSHOTS: weakref.WeakKeyDictionary[Any, Reference] = weakref.WeakKeyDictionary()


def snapshot(session: Session) -> Reference:
    """The reference data at the session's data version: read again only after a write."""
    version = data_version(session)
    bind = session.get_bind()
    found = _SNAPSHOTS.get(bind)
    if found is None or found.version != version:
        found = _SNAPSHOTS[bind] = load(session, version=version)
    return found
