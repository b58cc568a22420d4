"""Checking an input before anything is written: references resolved (units, fields, blocs,
programmes), dates of the stages in order, the origin of a copy, the era of the unit. Problems are
collected, never raised one by one, so that a form or an import row shows all of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from sqlmodel import Session

from registry import text
from registry.errors import Notice, Problem
from registry.i18n import fmt_date_precise
from registry.models import (
    DATE_PRECISIONS,
    KINDS,
    LEVELS,
    MOVEMENT_START_YEAR,
    MULTILINE_FIELDS,
    ORIGIN_TEXT_LIMIT,
    PRECISION_FIELDS,
    REFORM_DATE,
    STAGE_DATE_FIELDS,
    STAGES,
    TEXT_LIMITS,
    AdminUnit,
    ModelExample,
    ModelExampleCreate,
    id_of,
)
from registry.records import words
from registry.reference import snapshot
from registry.units.index import UnitIndex, UnitNotResolved
from registry.units.placement import Placement, Placements, place


# --------------------------------------------------------------------------- reference lookups
class References:
    """Units, fields, blocs and programmes in memory, resolvable by code or name: views of the
    reference snapshot of the data version (registry.reference), read once per write."""

    def __init__(self, session: Session):
        snap = snapshot(session)
        self.units = snap.unit_index(session)
        self.fields = snap.resolver("fields")
        self.blocs = snap.resolver("blocs")
        self.programmes = snap.resolver("programmes")
        self._placements: Placements | None = None

    @property
    def placements(self) -> Placements:
        """The unit placements of this batch, each distinct cell and span of dates placed once."""
        if self._placements is None or self._placements.units is not self.units:
            self._placements = Placements(self.units)
        return self._placements

    @staticmethod
    def find(index: dict[str, int], value: str) -> int | None:
        value = text.canonical(value)
        return index.get(value.lower()) or index.get(text.name_key(value))


# --------------------------------------------------------------------------- validation
def _today() -> dt.date:
    return dt.date.today()


@dataclass
class Resolution:
    """An input checked: the column values, every problem, and what the registry read and did for
    the user (``notices``) with the rule that placed the unit (``rule``, one of
    registry.units.placement.RULES; "" when the unit could not be placed)."""

    values: dict
    problems: list[Problem]
    notices: list[Notice] = field(default_factory=list)
    rule: str = ""


def resolve_create(
    session: Session, data: ModelExampleCreate, refs: References, origins: dict[int, ModelExample] | None = None
) -> tuple[dict, list[Problem]]:
    """Turn an input into column values, collecting every problem (nothing is written). The notices
    and the placement rule are in ``resolve_input``."""
    resolution = resolve_input(session, data, refs, origins)
    return resolution.values, resolution.problems


def resolve_input(
    session: Session, data: ModelExampleCreate, refs: References, origins: dict[int, ModelExample] | None = None
) -> Resolution:
    """``resolve_create`` with the notices and the placement rule."""
    problems: list[Problem] = []
    values: dict = {}
    for name in ("title", "holder_name", "locality", "description", "results"):
        values[name] = text.canonical(getattr(data, name) or "", lines=name in MULTILINE_FIELDS)
    values["title"] = text.strip_outer_quotes(values["title"])
    if not values["title"]:
        problems.append(Problem("title", "error.title_empty"))
    for name, limit in TEXT_LIMITS.items():
        if len(values[name]) > limit:
            key = "upload.text_too_long" if name in MULTILINE_FIELDS else "error.too_long"
            problems.append(Problem(name, key, {"max": limit, "length": len(values[name])}))
    kind = words.kind_code(data.kind) or text.canonical(data.kind).lower()
    if kind not in KINDS:
        problems.append(Problem("kind", "error.bad_kind", {"value": data.kind}))
    values["kind"] = kind
    for name, precision_name in PRECISION_FIELDS.items():
        take_date(values, problems, name, getattr(data, name), getattr(data, precision_name))
    on = values["registered_on"]
    values["year"] = on.year
    if not (MOVEMENT_START_YEAR <= on.year <= _today().year):
        problems.append(
            Problem(
                "registered_on", "error.year_range", {"min": MOVEMENT_START_YEAR, "max": _today().year, "year": on.year}
            )
        )
    # references
    for name, index, key in (("field", refs.fields, "field_id"), ("bloc", refs.blocs, "bloc_id")):
        raw = getattr(data, name)
        found = refs.find(index, raw) if raw else None
        if not raw:
            if name in words.REQUIRED:
                problems.append(Problem(name, "error.required"))
        elif found is None:
            problems.append(Problem(name, f"error.unknown_{name}", {"value": raw}))
        values[key] = found
    values["programme_id"] = None
    if data.programme:
        values["programme_id"] = refs.find(refs.programmes, data.programme)
        if values["programme_id"] is None:
            problems.append(Problem("programme", "error.unknown_programme", {"value": data.programme}))
    placement = place_unit(refs.units, data.unit, data.commune, on, values, problems, refs.placements)
    # stage and dates
    stage = words.stage_code(data.stage) or data.stage
    values["stage"] = stage
    if stage not in STAGES:
        problems.append(Problem("stage", "error.bad_stage", {"value": stage}))
    values["recognition_level"] = words.level_code(data.recognition_level) or data.recognition_level or None
    if stage in STAGES:
        problems += check_stage_dates(values)
    if values["recognition_level"] and values["recognition_level"] not in LEVELS:
        problems.append(Problem("recognition_level", "error.bad_level", {"value": values["recognition_level"]}))
    if stage == "awarded":
        if not (text.canonical(data.award_form) and text.canonical(data.award_issuer) and data.awarded_on):
            problems.append(Problem("award_form", "error.award_required"))
    for name in ("beneficiaries", "funds_vnd"):
        value = getattr(data, name)
        if value is not None and value < 0:
            problems.append(Problem(name, "error.negative"))
        values[name] = value
    values["replicated_from_id"] = data.replicated_from
    # the origin as written is kept only while it names no stored record (an id links instead)
    written = text.canonical(data.replicated_from_text) if data.replicated_from is None else ""
    if len(written) > ORIGIN_TEXT_LIMIT:
        problems.append(Problem("replicated_from_text", "error.too_long", {"max": ORIGIN_TEXT_LIMIT}))
    values["replicated_from_text"] = written
    if data.replicated_from is not None:
        origin = (
            (origins or {}).get(data.replicated_from)
            if origins is not None
            else session.get(ModelExample, data.replicated_from)
        )
        problems += check_origin(
            origin, data.replicated_from, on, None, precision=values.get("registered_precision", "day")
        )
    values["is_sample"] = bool(data.is_sample)
    return Resolution(values, problems, placement.notices, placement.rule if placement.unit is not None else "")


def start_of(day: dt.date, precision: str) -> dt.date:
    """The date stored for a date of ``precision``: 1 Jan of a year, the first day of a month."""
    if precision == "year":
        return day.replace(month=1, day=1)
    if precision == "month":
        return day.replace(day=1)
    return day


def take_date(values: dict, problems: list[Problem], name: str, day: dt.date | None, precision: str | None) -> None:
    """Set the date ``name`` and its precision column in ``values``: the date as stored for the
    precision (a year on its 1 Jan), "day" where the input gives none or the date is empty."""
    precision = precision or "day"
    if precision not in DATE_PRECISIONS:
        problems.append(Problem(name, "upload.bad_precision", {"value": precision}))
        precision = "day"
    values[name] = start_of(day, precision) if day is not None else None
    values[PRECISION_FIELDS[name]] = precision if day is not None else "day"


def place_unit(
    units: UnitIndex,
    unit_text: str | None,
    commune_text: str | None,
    on: dt.date,
    values: dict,
    problems: list[Problem],
    placements: Placements | None = None,
) -> Placement:
    """The holder's unit and commune through registry.units.placement (``placements`` remembers
    them over a batch), then the era check of the unit. Sets ``unit_id``, ``commune_id`` and,
    where the placement kept text, ``locality``."""
    find = placements.place if placements is not None else partial(place, units)
    placement = find(unit_text=unit_text, commune_text=commune_text, on=on)
    problems += placement.problems
    values["unit_id"] = placement.unit.id if placement.unit is not None else None
    values["commune_id"] = placement.commune.id if placement.commune is not None else None
    if placement.unit is not None:
        before = len(problems)
        check_unit(placement.unit, on, problems, units)
        if len(problems) > before:
            placement.notices = []
    if placement.locality and text.fold(placement.locality) not in text.fold(values.get("locality", "")):
        values["locality"] = ", ".join(p for p in (values.get("locality", ""), placement.locality) if p)
    return placement


def check_unit(unit: AdminUnit, on: dt.date, problems: list[Problem], units: UnitIndex | None = None) -> None:
    """The unit existed on the date, and is of the right era: a district or the province before
    1 Jul 2025, a new commune/ward or the province since. A commune of 2021–2025 is never the unit
    (it goes in the commune column, under its district); Đông Sơn ends on 30 Nov 2024."""
    parent = units.parent(unit) if units is not None else None
    if on >= REFORM_DATE and unit.level == "district":
        problems.append(Problem("unit", "error.unit_wrong_era", {"unit": unit.name}))
    elif on < REFORM_DATE and unit.level == "commune" and unit.valid_from >= REFORM_DATE:
        problems.append(Problem("unit", "error.unit_new_before_reform", {"unit": unit.name}))
    elif unit.level == "commune" and on < REFORM_DATE:
        problems.append(
            Problem(
                "unit",
                "error.legacy_commune_as_unit",
                {"unit": unit.name, "district": parent.name if parent is not None else "…"},
            )
        )
    elif unit.level == "commune" and unit.valid_from < REFORM_DATE:
        problems.append(Problem("unit", "error.legacy_commune_after_reform", {"unit": unit.name}))
    elif not unit.valid_on(on):
        problems.append(
            Problem(
                "unit",
                "error.unit_not_valid_on",
                {
                    "unit": unit.name,
                    "date": on.strftime("%d/%m/%Y"),
                    "valid_from": unit.valid_from.strftime("%d/%m/%Y"),
                    "valid_to": unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else "…",
                },
            )
        )


def check_commune_after_reform(
    units: UnitIndex, unit: AdminUnit, value: str, on: dt.date, problems: list[Problem]
) -> None:
    """Since 1 Jul 2025 the unit is the commune or ward itself: a commune column may only repeat it."""
    try:
        same = units.resolve(value, on=on, field_name="commune")
    except UnitNotResolved:
        same = None
    if same is None or same.id != unit.id:
        problems.append(
            Problem("commune", "error.commune_after_reform", {"commune": text.canonical(value), "unit": unit.name})
        )


def check_commune(units: UnitIndex, unit: AdminUnit, commune: AdminUnit, on: dt.date, problems: list[Problem]) -> None:
    """A commune of the record's date inside its unit (Đông Sơn's communes are in Thanh Hóa city
    from 1 Dec 2024); before 1 Jul 2025 only (since then the unit is the commune)."""
    if commune.level != "commune" or commune.valid_from >= REFORM_DATE:
        problems.append(Problem("commune", "error.commune_not_in_unit", {"commune": commune.name, "unit": unit.name}))
    elif not units.in_unit(commune, unit, on):
        problems.append(Problem("commune", "error.commune_not_in_unit", {"commune": commune.name, "unit": unit.name}))
    elif not commune.valid_on(on):
        problems.append(
            Problem(
                "commune",
                "error.unit_not_valid_on",
                {
                    "unit": commune.name,
                    "date": on.strftime("%d/%m/%Y"),
                    "valid_from": commune.valid_from.strftime("%d/%m/%Y"),
                    "valid_to": commune.valid_to.strftime("%d/%m/%Y") if commune.valid_to else "…",
                },
            )
        )


def check_stage_dates(values: dict) -> list[Problem]:
    """Dates present exactly for the stages reached, in order, none before registration or in the future."""
    problems: list[Problem] = []
    reached = STAGES.index(values["stage"])
    registered = values["registered_on"]
    registered_precision = values.get("registered_precision", "day")
    previous_name, previous_date, previous_precision = "registered_on", registered, registered_precision
    if registered > _today():
        problems.append(
            Problem("registered_on", "error.date_in_future", {"date": _d(registered, registered_precision)})
        )
    for index, stage in enumerate(STAGES[1:], start=1):
        name = STAGE_DATE_FIELDS[stage]
        day = values.get(name)
        if index > reached:
            if day is not None:
                problems.append(Problem(name, "error.stage_date_beyond"))
            continue
        if day is None:
            problems.append(Problem(name, "error.stage_date_missing"))
            continue
        precision = values.get(PRECISION_FIELDS[name], "day")
        if _earlier(day, precision, registered, registered_precision):
            problems.append(
                Problem(
                    name,
                    "error.stage_date_before_registered",
                    {"date": _d(day, precision), "registered": _d(registered, registered_precision)},
                )
            )
        elif _earlier(day, precision, previous_date, previous_precision):
            problems.append(
                Problem(
                    name,
                    "error.stage_dates_order",
                    {
                        "date": _d(day, precision),
                        "previous": previous_name,
                        "previous_date": _d(previous_date, previous_precision),
                    },
                )
            )
        elif day > _today():
            problems.append(Problem(name, "error.date_in_future", {"date": _d(day, precision)}))
        previous_name, previous_date, previous_precision = name, day, precision
    if reached >= STAGES.index("recognised") and not values.get("recognition_level"):
        problems.append(Problem("recognition_level", "error.level_required"))
    return problems


def _earlier(day: dt.date, precision: str, other: dt.date, other_precision: str) -> bool:
    """``day`` is before ``other`` at the coarser of their precisions: a stage in "2023" is not
    before a registration on 15/03/2023 (the source did not say which day of 2023)."""
    coarse = min(precision, other_precision, key=DATE_PRECISIONS.index)
    return start_of(day, coarse) < start_of(other, coarse)


def _d(day: dt.date, precision: str = "day") -> str:
    return fmt_date_precise(day, precision, "vi")


def check_origin(
    origin: ModelExample | None,
    origin_id: int,
    on: dt.date,
    self_id: int | None,
    ancestors: Sequence[int] = (),
    precision: str = "day",
) -> list[Problem]:
    """The origin of a copy registered ``on`` (known to ``precision``): it exists and is live, is no
    copy of the copy, and is not later. The dates compare at the coarser of the two precisions: a
    copy of "2024" may come from a model of 15/03/2024, as a copy of 10/05/2024 may not come from
    one of 20/05/2024."""
    if origin is None or origin.deleted:
        return [Problem("replicated_from", "error.origin_missing", {"value": origin_id})]
    if self_id is not None and (origin_id == self_id or self_id in ancestors):
        return [Problem("replicated_from", "error.origin_cycle")]
    origin_precision = getattr(origin, "registered_precision", None) or "day"
    if _earlier(on, precision, origin.registered_on, origin_precision):
        dates = {"origin_date": _d(origin.registered_on, origin_precision), "date": _d(on, precision)}
        return [Problem("replicated_from", "error.origin_later", dates)]
    return []


def root_of(origin: ModelExample) -> int:
    """The family root of a copy of ``origin``: its own root, or the origin itself."""
    return origin.origin_id or id_of(origin)


# --------------------------------------------------------------------------- writes
def _search_text(values: dict, refs: References) -> str:
    parts = [values.get("title", ""), values.get("holder_name", ""), values.get("locality", "")]
    for key in ("unit_id", "commune_id"):
        unit = refs.units.by_id.get(values[key]) if values.get(key) else None
        if unit is not None:
            parts.append(unit.name)
    return text.fold(" ".join(p for p in parts if p))


def finish_values(values: dict, refs: References) -> dict:
    """Add the derived search columns. A bulk importer that computed them already with the same
    formulas (registry.importing, for speed) passes them in and they are kept."""
    if "title_key" not in values:
        values["title_key"] = text.fold(values["title"])[:300]
    if "match_key" not in values:
        values["match_key"] = text.title_match_key(values["title"])[:300]
    if "search_text" not in values:
        values["search_text"] = _search_text(values, refs)
    return values
