"""Placing a record on its holder's unit from the unit and commune cells as sources write them.

``place`` is a pure function over a ``UnitIndex``. It reads the two cells ("huyện Quảng Xương" and
"xã Quảng Phúc"; "xã Hoằng Thái (Hoằng Hóa)" alone; "2 xã Pù Nhi và Nhi Sơn"; "huyện Quan Sơn (cũ)"
and "xã Sơn Thủy" after the reform; "xã Hà Lâm (nay là xã Yến Sơn)") and returns a ``Placement``:
the holder (a district or the province before 1 Jul 2025, a new unit or the province since), the
commune (or None), the text to keep in the locality, the rule that placed it, and notices (what was
read, what was done) or problems (nothing found; ambiguous, with the candidates).

A commune that cannot be placed for its date never blocks a record whose district is known: the
record stays at the district, the commune text goes to the locality, and a notice says so.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import cast

from registry import text
from registry.errors import Notice, Problem
from registry.models import REFORM_DATE, AdminUnit, id_of
from registry.units.cells import Cell, now_and_before, read_cell
from registry.units.index import UnitIndex, UnitNotResolved
from registry.units.lineage import is_legacy_commune, is_new_unit

RULES = (
    "plain",
    "province_level",
    "before_2021",
    "commune_only",
    "bracketed_district",
    "commune_list",
    "former_names_after_reform",
    "cu_suffix",
    "now_named",
    "commune_unknown",
)
"""Every rule code ``place`` returns, from the plainest to the most forgiving."""

LAST_DAY_BEFORE = REFORM_DATE - dt.timedelta(days=1)
_FIRST_DATA_DAY = dt.date(2021, 1, 1)


@dataclass
class Placement:
    """Where a record goes. ``unit`` is None when a problem stops it."""

    unit: AdminUnit | None = None
    commune: AdminUnit | None = None
    locality: str = ""
    rule: str = "plain"
    notices: list[Notice] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# --------------------------------------------------------------------------- placing
def place(units: UnitIndex, *, unit_text: str | None, commune_text: str | None, on: dt.date) -> Placement:
    """The holder's unit and commune for a record dated ``on`` (see the module docstring)."""
    unit_cell, commune_cell = read_cell(unit_text, "unit"), read_cell(commune_text, "commune")
    if unit_cell is None and commune_cell is None:
        return Placement(problems=[Problem("unit", "error.required")])
    for cell in (unit_cell, commune_cell):
        alternative = now_and_before(cell)
        if cell is not None and alternative is not None:
            return _place_renamed(units, unit_cell, commune_cell, cell, alternative, on)
    return _Placer(units, on).place(unit_cell, commune_cell)


class Placements:
    """``place`` for many rows over one index, each distinct (unit cell, commune cell, span of
    dates) placed once. A placement reads the date only by comparing it with the validity dates of
    units and their former names and the era boundaries, so two dates between the same boundaries
    place alike; a result that quotes the date itself is kept for that day alone. Each call
    returns its own copy: callers may change it."""

    def __init__(self, units: UnitIndex):
        self.units = units
        self.seen: dict[tuple, Placement] = {}
        given: set[dt.date | None] = {REFORM_DATE, LAST_DAY_BEFORE, _FIRST_DATA_DAY}
        given |= {d for u in units.units for d in (u.valid_from, u.valid_to)}
        given |= {d for aliases in units.aliases.values() for a in aliases for d in (a.valid_from, a.valid_to)}
        days = {d for d in given if d is not None and d < dt.date.max}
        self.bounds = sorted(days | {d + dt.timedelta(days=1) for d in days})

    def place(self, *, unit_text: str | None, commune_text: str | None, on: dt.date) -> Placement:
        span = (unit_text, commune_text, bisect.bisect_right(self.bounds, on))
        found = self.seen.get(span) or self.seen.get((*span, on))
        if found is None:
            found = place(self.units, unit_text=unit_text, commune_text=commune_text, on=on)
            day = on.strftime("%d/%m/%Y")
            quoted = any(day in p.params.values() for p in found.notices) or any(
                day in p.params.values() for p in found.problems
            )
            self.seen[(*span, on) if quoted else span] = found
        return Placement(found.unit, found.commune, found.locality, found.rule, [*found.notices], [*found.problems])


def _place_renamed(
    units: UnitIndex, unit_cell: Cell | None, commune_cell: Cell | None, cell: Cell, names: tuple[str, str], on: dt.date
) -> Placement:
    """ "A nay là B": the name of the record's time first (A before the reform, B since), then the other."""
    former, current = names
    order = (current, former) if on >= REFORM_DATE else (former, current)
    tried: list[tuple[str, Placement]] = []
    for name in order:
        replaced = read_cell(name, cell.field)
        cells = (replaced, commune_cell) if cell is unit_cell else (unit_cell, replaced)
        result = _Placer(units, on).place(*cells)
        tried.append((name, result))
        if not result.problems and result.rule != "commune_unknown":
            break
    name, result = min(tried, key=lambda nr: (bool(nr[1].problems), nr[1].rule == "commune_unknown"))
    if not result.problems and result.unit is not None:
        result.notices.insert(
            0,
            Notice(
                cell.field,
                "place.now_named",
                {"value": cell.raw, "used": name, "unit": units.label(result.unit)},
                "now_named",
            ),
        )
        result.rule = "now_named" if result.rule in ("plain", "before_2021", "province_level") else result.rule
    return result


class _Placer:
    """One placement: the index, the date and the era."""

    def __init__(self, units: UnitIndex, on: dt.date):
        self.units, self.on = units, on
        self.after = on >= REFORM_DATE

    # -- helpers
    def resolve(self, name: str, field_name: str, **kw) -> AdminUnit:
        return self.units.resolve(name, on=kw.pop("on", self.on), field_name=field_name, **kw)

    def district(self, value: str | None, field_name: str) -> AdminUnit | None:
        """A district-level unit named beside a commune ("(Hoằng Hóa)", "huyện Mường Lát"), as of
        the record's date, or before the reform for a record after it."""
        if not value:
            return None
        try:
            found = self.resolve(value, field_name, on=min(self.on, LAST_DAY_BEFORE), want="unit")
        except UnitNotResolved:
            return None
        return found if found.level == "district" else None

    def label(self, unit: AdminUnit | None) -> str:
        return self.units.label(unit) if unit is not None else "…"

    def former_name_notice(self, unit: AdminUnit, name: str, field_name: str) -> list[Notice]:
        alias = self.units.former_name(unit, text.parse_unit_name(name).key)
        if alias is None:
            return []
        return [
            Notice(
                field_name,
                "place.former_name",
                {"value": text.canonical(name), "unit": self.label(unit), "until": alias.valid_to.strftime("%d/%m/%Y")},
            )
        ]

    def finish(self, result: Placement) -> Placement:
        if result.unit is not None and result.rule == "plain":
            if result.unit.level == "province":
                result.rule = "province_level"
            elif self.on < _FIRST_DATA_DAY:
                result.rule = "before_2021"
        return result

    # -- the two eras
    def place(self, unit_cell: Cell | None, commune_cell: Cell | None) -> Placement:
        holder: AdminUnit | None = None
        notices: list[Notice] = []
        communes_cell = commune_cell
        district_text = None
        if unit_cell is not None:
            if len(unit_cell.names) > 1 and commune_cell is None:
                return self.finish(self.place_list(unit_cell, None))
            kind, found = self.classify(unit_cell, commune_cell is not None)
            if kind == "problem":
                return Placement(problems=[cast(Problem, found)])
            if kind == "holder":
                holder = cast(AdminUnit, found)  # classify gives a unit with "holder"
                notices += self.former_name_notice(holder, unit_cell.names[0], "unit")
            else:  # the unit cell holds a commune
                if commune_cell is None:
                    communes_cell = unit_cell
                district_text = unit_cell.district
        if communes_cell is commune_cell and commune_cell is not None and commune_cell.district and holder is None:
            district_text = commune_cell.district
        district = holder if holder is not None and holder.level == "district" else self.district(district_text, "unit")
        if self.after:
            result = self.after_reform(holder, district, unit_cell, communes_cell)
        else:
            result = self.before_reform(holder, district, unit_cell, communes_cell)
        result.notices[:0] = notices
        villages = [c.village for c in (unit_cell, commune_cell) if c is not None and c.village]
        if villages and not result.problems:
            result.locality = ", ".join([*villages, result.locality]).strip(", ")
        return self.finish(result)

    def classify(self, cell: Cell, with_commune: bool) -> tuple[str, AdminUnit | Problem | None]:
        """Whether the unit cell names the holder ("holder") or a commune ("commune"). After the
        reform, a unit marked former beside a commune is the former district ("Mường Lát (cũ)")."""
        name = cell.names[0]
        if self.after and with_commune and cell.former and (district := self.district(name, "unit")):
            return "holder", district
        try:
            found = self.resolve(name, "unit", want="unit")
        except UnitNotResolved as exc:
            if exc.problem.key == "error.ambiguous_unit" or cell.district:
                return "commune", None
            return "problem", exc.problem
        if found.level == "commune" and is_legacy_commune(found) and not (self.after and cell.district is None):
            return "commune", found
        return "holder", found

    def before_reform(
        self, holder: AdminUnit | None, district: AdminUnit | None, unit_cell: Cell | None, cell: Cell | None
    ) -> Placement:
        if cell is None:
            return Placement(unit=holder)
        if len(cell.names) > 1 or cell.plural:
            return self.place_list(cell, district or holder)
        within = district or holder
        name = cell.names[0]
        commune, problem = self.find_commune(name, cell.field, within)
        if problem is not None:
            return Placement(problems=[problem])
        if commune is None or not commune.valid_on(self.on):
            keeper = within if within is not None else (self.units.district_on(commune, self.on) if commune else None)
            if keeper is None:
                return Placement(
                    problems=[
                        Problem(
                            cell.field,
                            "place.commune_not_found",
                            {"value": cell.raw, "date": self.on.strftime("%d/%m/%Y")},
                        )
                    ]
                )
            return Placement(
                unit=keeper,
                locality=cell.raw,
                rule="commune_unknown",
                notices=[
                    Notice(
                        cell.field,
                        "place.commune_unknown",
                        {"value": cell.raw, "date": self.on.strftime("%d/%m/%Y"), "unit": self.label(keeper)},
                        "commune_unknown",
                    )
                ],
            )
        unit = holder if holder is not None else self.units.district_on(commune, self.on)
        notices = self.former_name_notice(commune, name, cell.field)
        if holder is not None and cell is not unit_cell:
            return Placement(unit=unit, commune=commune, notices=notices)
        rule = "bracketed_district" if district is not None else "commune_only"
        notices.append(
            Notice(
                cell.field, f"place.{rule}", {"value": cell.raw, "unit": f"{self.label(unit)}, {commune.name}"}, rule
            )
        )
        return Placement(unit=unit, commune=commune, rule=rule, notices=notices)

    def find_commune(
        self, name: str, field_name: str, within: AdminUnit | None
    ) -> tuple[AdminUnit | None, Problem | None]:
        """The commune ``name`` names on the date (inside ``within`` when given). (None, None) when
        no commune of that name can be placed for the date; a problem when it is ambiguous or lies
        in another district."""
        try:
            found = self.resolve(name, field_name, want="commune", within=within)
        except UnitNotResolved as exc:
            if exc.problem.key == "error.ambiguous_unit":
                return None, exc.problem
            found = None
        if found is not None and found.level == "commune" and is_legacy_commune(found):
            return found, None
        if within is None or within.level != "district":
            try:
                elsewhere = self.resolve(name, field_name, want="commune")
            except UnitNotResolved as exc:
                return None, (exc.problem if exc.problem.key == "error.ambiguous_unit" else None)
            if is_legacy_commune(elsewhere) and within is None:
                return elsewhere, None
            if is_legacy_commune(elsewhere) and elsewhere.valid_on(self.on) and within is not None:
                return None, self.elsewhere(name, field_name, elsewhere, within)
            return None, None
        try:
            elsewhere = self.resolve(name, field_name, want="commune")
        except UnitNotResolved:
            return None, None
        if is_legacy_commune(elsewhere) and elsewhere.valid_on(self.on):
            home = self.units.district_on(elsewhere, self.on)
            if home is not None and home.id != within.id:
                return None, self.elsewhere(name, field_name, elsewhere, within)
        return None, None

    def elsewhere(self, name: str, field_name: str, commune: AdminUnit, unit: AdminUnit) -> Problem:
        home = self.units.district_on(commune, self.on)
        return Problem(
            field_name,
            "place.commune_elsewhere",
            {
                "value": text.canonical(name),
                "date": self.on.strftime("%d/%m/%Y"),
                "commune": commune.name,
                "district": home.name if home else "…",
                "unit": unit.name,
            },
        )

    def place_list(self, cell: Cell, within: AdminUnit | None) -> Placement:
        """Several communes in one cell: their one district before the reform, the one new unit
        they all went to since; the text is kept as the locality."""
        holders: dict[int, AdminUnit] = {}
        for name in cell.names:
            if self.after:
                targets = self.forward_targets(name, within, cell.field)
                if isinstance(targets, Problem):
                    return Placement(problems=[targets])
                holders.update((id_of(u), u) for u in targets)
                continue
            if text.parse_unit_name(name).level_hint == "district":
                try:
                    unit = self.resolve(name, cell.field, want="unit")
                    holders[id_of(unit)] = unit
                except UnitNotResolved as exc:
                    return Placement(problems=[exc.problem])
                continue
            commune, problem = self.find_commune(name, cell.field, within)
            if problem is not None:
                return Placement(problems=[problem])
            home = within if within is not None else (self.units.district_on(commune, self.on) if commune else None)
            if home is not None:
                holders[id_of(home)] = home
        if len(holders) != 1:
            names = ", ".join(self.label(u) for u in sorted(holders.values(), key=lambda u: u.code)) or cell.raw
            return Placement(
                problems=[Problem(cell.field, "place.list_several_units", {"value": cell.raw, "candidates": names})]
            )
        unit = next(iter(holders.values()))
        return Placement(
            unit=unit,
            locality=cell.raw,
            rule="commune_list",
            notices=[
                Notice(cell.field, "place.commune_list", {"value": cell.raw, "unit": self.label(unit)}, "commune_list")
            ],
        )

    def forward_targets(self, name: str, district: AdminUnit | None, field_name: str) -> list[AdminUnit] | Problem:
        """The new unit(s) a commune named after the reform stands for: itself when it is a new unit
        (of ``district``'s area when given), else the new units the former commune went to."""
        if district is not None:
            try:
                former = self.resolve(name, field_name, on=LAST_DAY_BEFORE, want="commune", within=district)
            except UnitNotResolved as exc:
                if exc.problem.key == "error.ambiguous_unit":
                    return exc.problem
                former = None
            if former is not None and former.id in self.units.forward:
                return [self.units.by_id[i] for i, _ in self.units.forward[former.id]]
            try:
                new = self.resolve(name, field_name, want="unit")
            except UnitNotResolved:
                new = None
            if new is not None and is_new_unit(new) and district.id in self.units.former_districts.get(id_of(new), ()):
                return [new]
            return Problem(
                field_name, "place.not_in_former_district", {"value": text.canonical(name), "district": district.name}
            )
        try:
            found = self.resolve(name, field_name, want="unit")
        except UnitNotResolved as exc:
            return exc.problem
        if is_new_unit(found):
            return [found]
        if found.id in self.units.forward:
            return [self.units.by_id[i] for i, _ in self.units.forward[found.id]]
        return Problem(field_name, "error.legacy_commune_after_reform", {"unit": found.name})

    def after_reform(
        self, holder: AdminUnit | None, district: AdminUnit | None, unit_cell: Cell | None, cell: Cell | None
    ) -> Placement:
        if holder is not None and holder.level != "district" and unit_cell is not None:  # a new unit or the province
            written = unit_cell.names[0]
            rule, notices = "plain", []
            if is_new_unit(holder) and text.parse_unit_name(written).former:
                rule = "cu_suffix"
            elif is_new_unit(holder) and text.parse_unit_name(written).key != holder.name_key:
                rule = "bracketed_district" if unit_cell.district else "former_names_after_reform"
            if rule != "plain":
                notices.append(
                    Notice("unit", f"place.{rule}", {"value": unit_cell.raw, "unit": self.label(holder)}, rule)
                )
            result = Placement(unit=holder, rule=rule, notices=notices)
            if cell is not None:
                result.problems += self.same_unit(holder, cell)
            return result
        if cell is None:
            return Placement(unit=holder)  # a former district alone: the era check refuses it
        if len(cell.names) > 1 or cell.plural:
            return self.place_list(cell, district)
        targets = self.forward_targets(cell.names[0], district, cell.field)
        if isinstance(targets, Problem):
            return Placement(problems=[targets])
        if len(targets) > 1:
            names = ", ".join(self.label(u) for u in sorted(targets, key=lambda u: u.code))
            return Placement(
                problems=[Problem(cell.field, "place.former_split", {"value": cell.raw, "candidates": names})]
            )
        unit = targets[0]
        former = cell.former or (unit_cell is not None and unit_cell.former and cell is unit_cell)
        if former:
            rule = "cu_suffix"
        elif district is not None:
            rule = "bracketed_district" if unit_cell is None or cell is unit_cell else "former_names_after_reform"
        elif text.parse_unit_name(cell.names[0]).key != unit.name_key:
            rule = "former_names_after_reform"
        else:
            rule = "commune_only"
        written = " – ".join(c.raw for c in (unit_cell, cell) if c is not None and (c is cell or district))
        return Placement(
            unit=unit,
            rule=rule,
            notices=[Notice(cell.field, f"place.{rule}", {"value": written, "unit": self.label(unit)}, rule)],
        )

    def same_unit(self, unit: AdminUnit, cell: Cell) -> list[Problem]:
        """Since 1 Jul 2025 the commune column may only repeat the unit (or a former commune that
        went wholly to it)."""
        targets = self.forward_targets(cell.names[0], None, cell.field) if len(cell.names) == 1 else None
        if isinstance(targets, list) and [u.id for u in targets] == [unit.id]:
            return []
        return [Problem("commune", "error.commune_after_reform", {"commune": cell.raw, "unit": unit.name})]
