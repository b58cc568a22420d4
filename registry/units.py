"""Finding administrative units from the many ways sources write them.

Codes, names with or without a prefix ("Huyện", "H.", "TP", "xã", "phường"), NFC or NFD text,
old or new tone-mark placement, "(cũ)" marks and a bracketed former district all lead to the same
unit. A name shared by several units gets an "ambiguous" problem that lists them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session, select

from registry import text
from registry.errors import Problem
from registry.models import REFORM_DATE, AdminUnit

_PROVINCE_KEYS = {"captinh", "tinh", "province", "tinhthanhhoa", "cactinh", "sobannganhtinh"}
_PREFIX_LEVEL = {"tinh": "province", "thanh_pho": "district", "thi_xa": "district", "huyen": "district",
                 "xa": "commune", "phuong": "commune", "thi_tran": "commune"}


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

    def __post_init__(self) -> None:
        for u in self.units:
            self.by_id[u.id] = u
            self.by_code[u.code] = u
            self.by_official.setdefault(u.official_code, []).append(u)
            self.by_key.setdefault(u.name_key, []).append(u)

    @classmethod
    def load(cls, session: Session) -> "UnitIndex":
        from registry.reform import former_districts_by_unit

        index = cls(list(session.exec(select(AdminUnit)).all()))
        index.former_districts = former_districts_by_unit(session)
        return index

    @property
    def province(self) -> AdminUnit:
        return next(u for u in self.units if u.level == "province")

    def parent(self, unit: AdminUnit) -> AdminUnit | None:
        return self.by_id.get(unit.parent_id) if unit.parent_id else None

    def district_keys(self, unit: AdminUnit) -> set[str]:
        """Keys of the district(s) a unit belongs or belonged to, for bracketed hints."""
        keys = set()
        parent = self.parent(unit)
        if parent is not None and parent.level == "district":
            keys.add(parent.name_key)
        for district_id in self.former_districts.get(unit.id, ()):
            keys.add(self.by_id[district_id].name_key)
        return keys

    def label(self, unit: AdminUnit) -> str:
        parent = self.parent(unit)
        if unit.level == "commune" and parent is not None and parent.level == "district":
            return f"{unit.name} ({parent.short_name}, {unit.code})"
        return f"{unit.name} ({unit.code})"

    def resolve(self, value: str, *, on: dt.date | None = None, want: str = "unit",
                within: AdminUnit | None = None, field_name: str = "unit") -> AdminUnit:
        """The unit that ``value`` names, preferring units valid on ``on``.

        ``want="unit"`` looks for the holder's unit (a district or the province before the reform;
        a new commune/ward or the province since); ``want="commune"`` for a commune of that time
        inside ``within``. Raises UnitNotResolved with an unknown/ambiguous problem.
        """
        raw = text.canonical(value)
        if not raw:
            raise UnitNotResolved(Problem(field_name, "error.required"))
        candidates = self._by_code(raw)
        if not candidates:
            candidates = self._by_name(raw, want=want, on=on, within=within)
        if not candidates:
            raise UnitNotResolved(Problem(field_name, "error.unknown_unit", {"value": raw}))
        if on is not None and len(candidates) > 1:
            valid = [u for u in candidates if u.valid_on(on)]
            candidates = valid or candidates
        if len(candidates) > 1:
            preferred = self._preferred_level(candidates, want, on)
            candidates = preferred or candidates
        if len(candidates) > 1:
            names = ", ".join(self.label(u) for u in sorted(candidates, key=lambda u: u.code))
            raise UnitNotResolved(Problem(field_name, "error.ambiguous_unit", {"value": raw, "candidates": names}))
        return candidates[0]

    def _by_code(self, raw: str) -> list[AdminUnit]:
        code = raw.strip().upper() if raw[:1].lower() == "l" else raw.strip()
        if code in self.by_code:
            return [self.by_code[code]]
        return list(self.by_official.get(code, []))

    def _by_name(self, raw: str, *, want: str, on: dt.date | None, within: AdminUnit | None) -> list[AdminUnit]:
        parsed = text.parse_unit_name(raw)
        if parsed.key in _PROVINCE_KEYS or parsed.prefix == "tinh":
            return [self.province]
        found = list(self.by_key.get(parsed.key, []))
        level = _PREFIX_LEVEL.get(parsed.prefix or "")
        if level:
            found = [u for u in found if u.level == level] or found
        if within is not None:
            found = [u for u in found if u.parent_id == within.id]
        if parsed.parent:
            hinted = [u for u in found if parsed.parent in self.district_keys(u)]
            found = hinted or found
        return found

    def _preferred_level(self, candidates: list[AdminUnit], want: str, on: dt.date | None) -> list[AdminUnit]:
        if want == "commune":
            return [u for u in candidates if u.level == "commune"]
        if on is None:
            return [u for u in candidates if u.level != "commune"]
        wanted = ("district", "province") if on < REFORM_DATE else ("commune", "province")
        return [u for u in candidates if u.level in wanted]
