"""Finding administrative units from the many ways sources write them.

Codes, names with or without a prefix ("Huyện", "H.", "TP", "xã", "phường"), NFC or NFD text,
old or new tone-mark placement, "(cũ)" marks and a bracketed former district all lead to the same
unit. A name shared by several units gets an "ambiguous" problem that lists them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from registry import text
from registry.errors import Problem
from registry.models import REFORM_DATE, AdminUnit, UnitAlias, id_of
from registry.units.lineage import former_districts_by_unit, forward_by_unit, is_legacy_commune

_PROVINCE_KEYS = {"captinh", "tinh", "province", "tinhthanhhoa", "cactinh", "sobannganhtinh"}
_LEGACY_CODE = re.compile(r"[lL]\d+")


def _copies(session: Session, model: Any) -> list[Any]:
    """Every row of ``model``'s table as a new, unattached instance (ordered by id)."""
    table = model.__table__
    return [model(**row._mapping) for row in session.execute(select(table).order_by(table.c.id))]


class UnitNotResolved(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.key)


@dataclass
class UnitIndex:
    """All units in memory (a few hundred rows), indexed for matching. Build once per import."""

    units: list[AdminUnit]
    by_id: dict[int, AdminUnit] = field(default_factory=dict)
    by_code: dict[str, AdminUnit] = field(default_factory=dict)
    by_official: dict[str, list[AdminUnit]] = field(default_factory=dict)
    by_key: dict[str, list[AdminUnit]] = field(default_factory=dict)
    former_districts: dict[int, set[int]] = field(default_factory=dict)
    forward: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    aliases: dict[int, list[UnitAlias]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for u in self.units:
            self.by_id[id_of(u)] = u
            self.by_code[u.code] = u
            self.by_official.setdefault(u.official_code, []).append(u)
            self.by_key.setdefault(u.name_key, []).append(u)

    @classmethod
    def load(cls, session: Session, *, bodies: bool = False) -> UnitIndex:
        """The index as the database holds it now; the provincial bodies (level "body", unit reports
        only) with ``bodies``. Its units and aliases are copies of the rows, never the session's
        objects, so that one index can serve several sessions (the reference snapshot keeps one per
        data version: ``registry.reference``)."""
        units = _copies(session, AdminUnit)
        index = cls(units if bodies else [u for u in units if u.level != "body"])
        index.former_districts = former_districts_by_unit(session)
        index.forward = forward_by_unit(session)
        index.add_aliases(_copies(session, UnitAlias))
        index.forward_merged()
        return index

    def add_aliases(self, aliases) -> None:
        """Former names, kinds and districts: a unit is found by a former name too."""
        for a in aliases:
            self.aliases.setdefault(a.unit_id, []).append(a)
            found = self.by_key.setdefault(a.name_key, [])
            if self.by_id[a.unit_id] not in found:
                found.append(self.by_id[a.unit_id])

    def forward_merged(self) -> None:
        """A commune merged away before 2025 went forward as its receiver did."""
        for u in self.units:
            if u.level == "commune" and u.merged_into_id and u.id not in self.forward:
                receiver = self.receiver(u)
                if receiver.id in self.forward:
                    self.forward[id_of(u)] = self.forward[receiver.id]

    def receiver(self, unit: AdminUnit) -> AdminUnit:
        """The unit that ``unit`` was (eventually) merged into, or ``unit`` itself."""
        seen = set()
        while unit.merged_into_id and unit.id not in seen:
            seen.add(unit.id)
            unit = self.by_id[unit.merged_into_id]
        return unit

    def former_name(self, unit: AdminUnit, key: str) -> UnitAlias | None:
        """The alias by which ``key`` names ``unit`` when it is not the unit's own name."""
        if key == unit.name_key:
            return None
        return next((a for a in self.aliases.get(id_of(unit), ()) if a.name_key == key), None)

    def parent_on(self, unit: AdminUnit, on: dt.date | None) -> AdminUnit | None:
        """The district ``unit`` lay in on ``on``: a former district where it moved (communes moved
        to Thanh Hóa city in 2012, to Sầm Sơn in 2015), else its parent."""
        if on is not None:
            for a in self.aliases.get(id_of(unit), ()):
                if a.parent_id and a.valid_on(on):
                    return self.by_id[a.parent_id]
        return self.parent(unit)

    def district_on(self, commune: AdminUnit, on: dt.date) -> AdminUnit | None:
        """The district-level unit a commune of before the reform counted in on ``on``: its district,
        or the unit its district had merged into by then (Đông Sơn → Thanh Hóa city from 1 Dec 2024)."""
        parent = self.parent_on(commune, on)
        if parent is None or parent.level != "district":
            return None
        if parent.merged_into_id and parent.valid_to is not None and on > parent.valid_to:
            return self.by_id[parent.merged_into_id]
        return parent

    @property
    def province(self) -> AdminUnit:
        return next(u for u in self.units if u.level == "province")

    def parent(self, unit: AdminUnit) -> AdminUnit | None:
        return self.by_id.get(unit.parent_id) if unit.parent_id else None

    def district_keys(self, unit: AdminUnit) -> set[str]:
        """Keys of the district(s) a unit belongs or belonged to, for bracketed hints."""
        keys = set()
        districts = list(self.former_districts.get(id_of(unit), ()))
        districts += [a.parent_id for a in self.aliases.get(id_of(unit), ()) if a.parent_id]
        parent = self.parent(unit)
        if parent is not None and parent.level == "district":
            districts.append(id_of(parent))
        for district_id in districts:  # and the unit each merged into (Đông Sơn → Thanh Hóa city)
            district = self.by_id[district_id]
            keys.add(district.name_key)
            if district.merged_into_id:
                keys.add(self.by_id[district.merged_into_id].name_key)
        return keys

    def in_unit(self, commune: AdminUnit, unit: AdminUnit, on: dt.date | None = None) -> bool:
        """Whether ``commune`` lay inside ``unit`` on ``on``: its own district, or the unit its
        district had merged into by then (Đông Sơn's communes are in Thanh Hóa city from 1 Dec 2024).
        A commune moved between districts lay in its former district until the move."""
        parent = self.parent_on(commune, on)
        if parent is None:
            return False
        if parent.id == unit.id:
            return True
        return parent.merged_into_id == unit.id and parent.valid_to is not None and (on is None or on > parent.valid_to)

    def label(self, unit: AdminUnit) -> str:
        parent = self.parent(unit)
        if unit.level == "commune" and parent is not None and parent.level == "district":
            return f"{unit.name} ({parent.short_name}, {unit.code})"
        return f"{unit.name} ({unit.code})"

    def resolve(
        self,
        value: str,
        *,
        on: dt.date | None = None,
        want: str = "unit",
        within: AdminUnit | None = None,
        field_name: str = "unit",
    ) -> AdminUnit:
        """The unit that ``value`` names, preferring units valid on ``on``.

        ``want="unit"`` looks for the holder's unit (a district or the province before the reform;
        a new commune/ward or the province since); ``want="commune"`` for a commune of that time
        inside ``within``. From 1 Jul 2025 a former commune named as the unit ("xã Thành Yên cũ")
        leads to the new unit it went to, when it went to only one. Raises UnitNotResolved with an
        unknown/ambiguous problem.
        """
        raw = text.canonical(value)
        if not raw:
            raise UnitNotResolved(Problem(field_name, "error.required"))
        candidates = self._by_code(raw, on)
        parsed = None
        if not candidates:
            parsed = text.parse_unit_name(raw)
            candidates = self._by_name(parsed, want=want, on=on, within=within)
        if not candidates:
            raise UnitNotResolved(Problem(field_name, "error.unknown_unit", {"value": raw}))
        if on is not None and len(candidates) > 1:
            valid = [u for u in candidates if u.valid_on(on)]
            candidates = valid or candidates
        if len(candidates) > 1:
            preferred = self._preferred_level(candidates, want, on)
            candidates = preferred or candidates
        if len(candidates) > 1 and parsed is not None:  # the same letters, the same diacritics
            written = text.canonical(parsed.name).lower()
            exact = [u for u in candidates if text.canonical(u.short_name).lower() == written]
            candidates = exact or candidates
        if want == "unit" and on is not None and on >= REFORM_DATE:
            candidates = self._forward(candidates, raw, field_name)
        if len(candidates) > 1:
            raise self._ambiguous(raw, candidates, field_name)
        return candidates[0]

    def _ambiguous(self, raw: str, candidates: list[AdminUnit], field_name: str) -> UnitNotResolved:
        names = ", ".join(self.label(u) for u in sorted(candidates, key=lambda u: u.code))
        return UnitNotResolved(Problem(field_name, "error.ambiguous_unit", {"value": raw, "candidates": names}))

    def _forward(self, candidates: list[AdminUnit], raw: str, field_name: str) -> list[AdminUnit]:
        """Former communes named on or after the reform → the new unit they went to."""
        if not candidates or not all(is_legacy_commune(u) and u.id in self.forward for u in candidates):
            return candidates
        targets = {new_id for u in candidates for new_id, _ in self.forward[id_of(u)]}
        if len(targets) == 1:
            return [self.by_id[targets.pop()]]
        if len(candidates) == 1:  # one former commune split between several new units
            raise self._ambiguous(raw, [self.by_id[i] for i in targets], field_name)
        return candidates  # several former communes: the former district in brackets tells them apart

    def _by_code(self, raw: str, on: dt.date | None) -> list[AdminUnit]:
        """Units whose code or official code is ``raw``. The new units reuse the official codes of
        former communes: before the reform the former commune wins, since then the new unit."""
        code = raw.strip()
        if _LEGACY_CODE.fullmatch(code):
            code = code.upper()
        found = [self.by_code[code]] if code in self.by_code else []
        found += [u for u in self.by_official.get(code, []) if u not in found]
        if len(found) > 1 and on is not None:
            found = [u for u in found if u.valid_on(on)] or found
        if len(found) > 1:
            found = found[:1]  # the exact code
        return found

    def _by_name(
        self, parsed: text.ParsedUnitName, *, want: str, on: dt.date | None, within: AdminUnit | None
    ) -> list[AdminUnit]:
        if parsed.key in _PROVINCE_KEYS or parsed.prefix == "tinh":
            return [self.province]
        found = list(self.by_key.get(parsed.key, []))
        if parsed.prefix:  # "xã" and "phường" tell two communes apart, "huyện" a district from a commune
            level = text.PREFIX_LEVELS.get(parsed.prefix)
            found = (
                [u for u in found if parsed.prefix in self._kinds(u, parsed.key)]
                or [u for u in found if u.level == level]
                or found
            )
        if parsed.former:  # "(cũ)", "cũ": a unit of before the reform
            found = [u for u in found if u.valid_from < REFORM_DATE] or found
        if within is not None:
            found = [u for u in found if self.in_unit(u, within, on)]
        if parsed.parent:
            hinted = [u for u in found if parsed.parent in self.district_keys(u)]
            found = hinted or found
        return found

    def _kinds(self, unit: AdminUnit, key: str) -> set[str]:
        """The kinds a unit had under the name ``key``: its own, and those of its former names."""
        kinds = {unit.kind} if key == unit.name_key else set()
        return kinds | {a.kind for a in self.aliases.get(id_of(unit), ()) if a.name_key == key}

    def _preferred_level(self, candidates: list[AdminUnit], want: str, on: dt.date | None) -> list[AdminUnit]:
        if want == "commune":
            return [u for u in candidates if u.level == "commune"]
        if on is None:
            return [u for u in candidates if u.level != "commune"]
        wanted = ("district", "province") if on < REFORM_DATE else ("commune", "province")
        return [u for u in candidates if u.level in wanted]
