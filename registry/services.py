"""Every write to the registry goes through here: create, update, stage change, delete, restore
and bulk insert. Each keeps the summary tables, the audit trail and the change counter in step,
in the caller's transaction (use ``db.write_session``)."""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from sqlalchemy import func, insert, select as sa_select
from sqlmodel import Session, select

from registry import summary, text
from registry.errors import Conflict, NotFound, PermissionDenied, Problem, ValidationFailed
from registry.models import (KINDS, LEVELS, MOVEMENT_START_YEAR, REFORM_DATE, STAGE_DATE_FIELDS, STAGES,
                             AdminUnit, AuditLog, Award, Bloc, ModelExample, ModelExampleCreate,
                             ModelExampleUpdate, Programme, StageEvent, WorkField, utcnow)
from registry.units import UnitIndex, UnitNotResolved

TEXT_LIMITS = {"title": 300, "holder_name": 300, "locality": 300}
ROLE_ACTIONS = {
    "viewer": {"view"},
    "reporter": {"view", "export"},
    "editor": {"view", "export", "create", "update", "stage", "delete", "import"},
    "admin": {"view", "export", "create", "update", "stage", "delete", "import", "restore", "skip_stage",
              "users", "reference", "audit"},
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user name, a role, and for an editor limited to one unit, that unit's id."""

    name: str
    role: str = "admin"
    unit_id: int | None = None


SYSTEM = Actor("system", "admin")


def authorize(actor: Actor, action: str, unit_id: int | None = None, units: UnitIndex | None = None) -> None:
    """Raise PermissionDenied unless ``actor`` may do ``action`` (on a record of ``unit_id``)."""
    if action not in ROLE_ACTIONS.get(actor.role, set()):
        raise PermissionDenied()
    if actor.unit_id is not None and unit_id is not None and actor.role != "admin":
        if unit_id != actor.unit_id and not (units and _within(units, unit_id, actor.unit_id)):
            raise PermissionDenied()


def _within(units: UnitIndex, unit_id: int, ancestor_id: int) -> bool:
    unit = units.by_id.get(unit_id)
    while unit is not None:
        if unit.id == ancestor_id:
            return True
        unit = units.parent(unit)
    return False


# --------------------------------------------------------------------------- reference lookups
class References:
    """Units, fields, blocs and programmes in memory, resolvable by code or name. One per batch."""

    def __init__(self, session: Session):
        self.units = UnitIndex.load(session)
        self.fields = self._index(session.exec(select(WorkField)).all())
        self.blocs = self._index(session.exec(select(Bloc)).all())
        self.programmes = self._index(session.exec(select(Programme)).all())

    @staticmethod
    def _index(rows) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in rows:
            out[r.code.lower()] = r.id
            out[text.name_key(r.name_vi)] = r.id
            out[text.name_key(r.name_en)] = r.id
            out[str(r.id)] = r.id
        return out

    @staticmethod
    def find(index: dict[str, int], value: str) -> int | None:
        value = text.canonical(value)
        return index.get(value.lower()) or index.get(text.name_key(value))


# --------------------------------------------------------------------------- validation
def _today() -> dt.date:
    return dt.date.today()


def resolve_create(session: Session, data: ModelExampleCreate, refs: References,
                   origins: dict[int, ModelExample] | None = None) -> tuple[dict, list[Problem]]:
    """Turn an input into column values, collecting every problem (nothing is written)."""
    problems: list[Problem] = []
    values: dict = {}
    for name in ("title", "holder_name", "locality", "description", "results"):
        values[name] = text.canonical(getattr(data, name) or "")
    if not values["title"]:
        problems.append(Problem("title", "error.title_empty"))
    for name, limit in TEXT_LIMITS.items():
        if len(values[name]) > limit:
            problems.append(Problem(name, "error.too_long", {"max": limit}))
    kind = text.canonical(data.kind).lower()
    kind = {"mô hình": "collective", "tập thể": "collective", "điển hình": "individual", "cá nhân": "individual"}.get(kind, kind)
    if kind not in KINDS:
        problems.append(Problem("kind", "error.bad_kind", {"value": data.kind}))
    values["kind"] = kind
    on = data.registered_on
    values["registered_on"] = on
    values["year"] = on.year
    if not (MOVEMENT_START_YEAR <= on.year <= _today().year):
        problems.append(Problem("registered_on", "error.year_range",
                                {"min": MOVEMENT_START_YEAR, "max": _today().year, "year": on.year}))
    # references
    for name, index, key in (("field", refs.fields, "field_id"), ("bloc", refs.blocs, "bloc_id")):
        raw = getattr(data, name)
        found = refs.find(index, raw) if raw else None
        if not raw:
            problems.append(Problem(name, "error.required"))
        elif found is None:
            problems.append(Problem(name, f"error.unknown_{name}", {"value": raw}))
        values[key] = found
    values["programme_id"] = None
    if data.programme:
        values["programme_id"] = refs.find(refs.programmes, data.programme)
        if values["programme_id"] is None:
            problems.append(Problem("programme", "error.unknown_programme", {"value": data.programme}))
    unit = _resolve_unit(refs.units, data.unit, on, problems)
    values["unit_id"] = unit.id if unit else None
    values["commune_id"] = None
    if unit is not None and data.commune and on >= REFORM_DATE:
        check_commune_after_reform(refs.units, unit, data.commune, on, problems)
    elif unit is not None and data.commune:
        try:
            commune = refs.units.resolve(data.commune, on=on, want="commune", within=unit, field_name="commune")
            values["commune_id"] = commune.id
            check_commune(refs.units, unit, commune, on, problems)
        except UnitNotResolved as exc:
            problems.append(exc.problem)
    # stage and dates
    stage = data.stage
    values["stage"] = stage
    if stage not in STAGES:
        problems.append(Problem("stage", "error.bad_stage", {"value": stage}))
    for name in STAGE_DATE_FIELDS.values():
        values[name] = getattr(data, name)
    values["recognition_level"] = data.recognition_level or None
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
    if data.replicated_from is not None:
        origin = (origins or {}).get(data.replicated_from) if origins is not None else session.get(ModelExample, data.replicated_from)
        problems += check_origin(origin, data.replicated_from, on, None)
    values["is_sample"] = bool(data.is_sample)
    return values, problems


def _resolve_unit(units: UnitIndex, value: str, on: dt.date, problems: list[Problem]) -> AdminUnit | None:
    try:
        unit = units.resolve(value, on=on)
    except UnitNotResolved as exc:
        problems.append(exc.problem)
        return None
    check_unit(unit, on, problems, units)
    return unit


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
        problems.append(Problem("unit", "error.legacy_commune_as_unit", {
            "unit": unit.name, "district": parent.name if parent is not None else "…"}))
    elif unit.level == "commune" and unit.valid_from < REFORM_DATE:
        problems.append(Problem("unit", "error.legacy_commune_after_reform", {"unit": unit.name}))
    elif not unit.valid_on(on):
        problems.append(Problem("unit", "error.unit_not_valid_on", {
            "unit": unit.name, "date": on.strftime("%d/%m/%Y"), "valid_from": unit.valid_from.strftime("%d/%m/%Y"),
            "valid_to": unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else "…"}))


def check_commune_after_reform(units: UnitIndex, unit: AdminUnit, value: str, on: dt.date,
                               problems: list[Problem]) -> None:
    """Since 1 Jul 2025 the unit is the commune or ward itself: a commune column may only repeat it."""
    try:
        same = units.resolve(value, on=on, field_name="commune")
    except UnitNotResolved:
        same = None
    if same is None or same.id != unit.id:
        problems.append(Problem("commune", "error.commune_after_reform", {"commune": text.canonical(value), "unit": unit.name}))


def check_commune(units: UnitIndex, unit: AdminUnit, commune: AdminUnit, on: dt.date, problems: list[Problem]) -> None:
    """A commune of the record's date inside its unit (Đông Sơn's communes are in Thanh Hóa city
    from 1 Dec 2024); before 1 Jul 2025 only (since then the unit is the commune)."""
    if commune.level != "commune" or commune.valid_from >= REFORM_DATE:
        problems.append(Problem("commune", "error.commune_not_in_unit", {"commune": commune.name, "unit": unit.name}))
    elif not units.in_unit(commune, unit, on):
        problems.append(Problem("commune", "error.commune_not_in_unit", {"commune": commune.name, "unit": unit.name}))
    elif not commune.valid_on(on):
        problems.append(Problem("commune", "error.unit_not_valid_on", {
            "unit": commune.name, "date": on.strftime("%d/%m/%Y"), "valid_from": commune.valid_from.strftime("%d/%m/%Y"),
            "valid_to": commune.valid_to.strftime("%d/%m/%Y") if commune.valid_to else "…"}))


def check_stage_dates(values: dict) -> list[Problem]:
    """Dates present exactly for the stages reached, in order, none before registration or in the future."""
    problems: list[Problem] = []
    reached = STAGES.index(values["stage"])
    registered = values["registered_on"]
    previous_name, previous_date = "registered_on", registered
    if registered > _today():
        problems.append(Problem("registered_on", "error.date_in_future", {"date": _d(registered)}))
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
        if day < registered:
            problems.append(Problem(name, "error.stage_date_before_registered", {"date": _d(day), "registered": _d(registered)}))
        elif day < previous_date:
            problems.append(Problem(name, "error.stage_dates_order",
                                    {"date": _d(day), "previous": previous_name, "previous_date": _d(previous_date)}))
        elif day > _today():
            problems.append(Problem(name, "error.date_in_future", {"date": _d(day)}))
        previous_name, previous_date = name, day
    if reached >= STAGES.index("recognised") and not values.get("recognition_level"):
        problems.append(Problem("recognition_level", "error.level_required"))
    return problems


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def check_origin(origin: ModelExample | None, origin_id: int, on: dt.date, self_id: int | None,
                 ancestors: Sequence[int] = ()) -> list[Problem]:
    if origin is None or origin.deleted:
        return [Problem("replicated_from", "error.origin_missing", {"value": origin_id})]
    if self_id is not None and (origin_id == self_id or self_id in ancestors):
        return [Problem("replicated_from", "error.origin_cycle")]
    if origin.registered_on > on:
        return [Problem("replicated_from", "error.origin_later", {"origin_date": _d(origin.registered_on), "date": _d(on)})]
    return []


def _root_of(session: Session, origin: ModelExample) -> int:
    return origin.origin_id or origin.id


# --------------------------------------------------------------------------- audit
def snapshot(example: ModelExample) -> dict:
    data = example.model_dump(exclude={"search_text", "title_key"})
    return {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in data.items()}


def audit(session: Session, actor: Actor, action: str, entity_id: int | None, before: dict | None,
          after: dict | None, note: str = "", entity: str = "model_example") -> None:
    session.add(AuditLog(user=actor.name, action=action, entity=entity, entity_id=entity_id,
                         before=json.dumps(before, ensure_ascii=False) if before is not None else None,
                         after=json.dumps(after, ensure_ascii=False) if after is not None else None, note=note))


# --------------------------------------------------------------------------- writes
def _search_text(values: dict, refs: References) -> str:
    parts = [values.get("title", ""), values.get("holder_name", ""), values.get("locality", "")]
    for key in ("unit_id", "commune_id"):
        unit = refs.units.by_id.get(values.get(key)) if values.get(key) else None
        if unit is not None:
            parts.append(unit.name)
    return text.fold(" ".join(p for p in parts if p))


def _finish_values(values: dict, refs: References) -> dict:
    """Add the derived search columns. A bulk importer that computed them already with the same
    formulas (registry.importing, for speed) passes them in and they are kept."""
    if "title_key" not in values:
        values["title_key"] = text.fold(values["title"])[:300]
    if "search_text" not in values:
        values["search_text"] = _search_text(values, refs)
    return values


def create_example(session: Session, data: ModelExampleCreate, actor: Actor = SYSTEM,
                   refs: References | None = None) -> ModelExample:
    """Validate and insert one record, with its stage history and award."""
    refs = refs or References(session)
    values, problems = resolve_create(session, data, refs)
    if problems:
        raise ValidationFailed(problems)
    authorize(actor, "create", values["unit_id"], refs.units)
    if values["replicated_from_id"] is not None:
        values["origin_id"] = _root_of(session, session.get(ModelExample, values["replicated_from_id"]))
    families = summary.Families(session, roots=[values.get("origin_id")])
    now = utcnow()
    example = ModelExample(**_finish_values(values, refs), created_by=actor.name, updated_by=actor.name,
                           created_at=now, updated_at=now)
    session.add(example)
    session.flush()
    _history_for_new(session, example, data, actor)
    summary.apply(session, summary.deltas_for(added=[example]))
    families.apply()
    audit(session, actor, "create", example.id, None, snapshot(example))
    summary.bump_version(session)
    return example


def _history_for_new(session: Session, example: ModelExample, data: ModelExampleCreate, actor: Actor) -> None:
    session.add(StageEvent(example_id=example.id, stage="registered", reached_on=example.registered_on, by=actor.name))
    for stage in STAGES[1:STAGES.index(example.stage) + 1]:
        day = getattr(example, STAGE_DATE_FIELDS[stage])
        level = example.recognition_level if stage == "recognised" else None
        session.add(StageEvent(example_id=example.id, stage=stage, reached_on=day, level=level, by=actor.name))
    if example.stage == "awarded":
        session.add(Award(example_id=example.id, form=text.canonical(data.award_form),
                          issuer=text.canonical(data.award_issuer), awarded_on=example.awarded_on, created_by=actor.name))


def get_live(session: Session, example_id: int, *, allow_deleted: bool = False, lock: bool = False) -> ModelExample:
    """The record, or NotFound. ``lock`` (every write) reads the current row with SELECT … FOR
    UPDATE, so that on PostgreSQL two concurrent writers cannot both pass the version check and
    one silently overwrite the other (SQLite writers are serialised by BEGIN IMMEDIATE)."""
    if lock:
        example = session.get(ModelExample, example_id, with_for_update=True, populate_existing=True)
    else:
        example = session.get(ModelExample, example_id)
    if example is None:
        raise NotFound(id=example_id)
    if example.deleted and not allow_deleted:
        raise NotFound("error.deleted", id=example_id)
    return example


def _check_version(example: ModelExample, version: int, before: dict, mine: dict) -> None:
    if example.version != version:
        changed = {k: before[k] for k in mine if k in before}
        raise Conflict(current_version=example.version, your_version=version, user=example.updated_by,
                       at=example.updated_at.strftime("%d/%m/%Y %H:%M"), changes=changed)


def _ancestors(session: Session, start_id: int, limit: int = 10_000) -> list[int]:
    """Ids up the replicated_from chain from ``start_id`` (inclusive)."""
    out, current = [], start_id
    while current is not None and len(out) < limit:
        out.append(current)
        current = session.execute(sa_select(ModelExample.__table__.c.replicated_from_id)
                                  .where(ModelExample.__table__.c.id == current)).scalar()
    return out


def _descendants(session: Session, root_id: int) -> list[int]:
    table = ModelExample.__table__
    frontier, found = [root_id], []
    while frontier:
        children = session.execute(sa_select(table.c.id).where(table.c.replicated_from_id.in_(frontier))).scalars().all()
        found += children
        frontier = children
    return found


def _touch(session: Session, example: ModelExample, actor: Actor) -> None:
    """A change to a record: next version, who and when."""
    example.version += 1
    example.updated_at, example.updated_by = utcnow(), actor.name
    session.add(example)


def _settle(session: Session, example: ModelExample, actor: Actor, action: str, before: dict, deltas,
            families: "summary.Families", note: str = "") -> ModelExample:
    """What every change of one record ends with, in the writer's transaction: the summaries and
    replication rollups, the audit row and the change counter."""
    session.flush()
    summary.apply(session, deltas)
    families.apply()
    audit(session, actor, action, example.id, before, snapshot(example), note=note)
    summary.bump_version(session)
    return example


def update_example(session: Session, example_id: int, data: ModelExampleUpdate, actor: Actor = SYSTEM,
                   refs: References | None = None) -> ModelExample:
    """Apply a partial edit if nobody saved the record since ``data.version``."""
    refs = refs or References(session)
    example = get_live(session, example_id, lock=True)
    authorize(actor, "update", example.unit_id, refs.units)
    before = snapshot(example)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    _check_version(example, data.version, before, changes)
    merged = ModelExampleCreate(
        kind=changes.get("kind", example.kind), title=changes.get("title", example.title),
        holder_name=changes.get("holder_name", example.holder_name), locality=changes.get("locality", example.locality),
        unit=changes.get("unit") or refs.units.by_id[example.unit_id].code,
        commune=changes["commune"] if "commune" in changes else (refs.units.by_id[example.commune_id].code if example.commune_id else None),
        field=changes.get("field") or str(example.field_id), bloc=changes.get("bloc") or str(example.bloc_id),
        programme=changes["programme"] if "programme" in changes else (str(example.programme_id) if example.programme_id else None),
        description=changes.get("description", example.description), registered_on=changes.get("registered_on", example.registered_on),
        stage=example.stage, effective_on=example.effective_on, recognised_on=example.recognised_on,
        outstanding_on=example.outstanding_on, awarded_on=example.awarded_on,
        recognition_level=changes.get("recognition_level", example.recognition_level),
        award_form="-", award_issuer="-", results=changes.get("results", example.results),
        beneficiaries=changes.get("beneficiaries", example.beneficiaries), funds_vnd=changes.get("funds_vnd", example.funds_vnd),
        replicated_from=changes["replicated_from"] if "replicated_from" in changes else example.replicated_from_id,
        is_sample=example.is_sample)
    values, problems = resolve_create(session, merged, refs, origins={})
    problems = [p for p in problems if p.field != "replicated_from"]
    if merged.replicated_from is not None:
        origin = session.get(ModelExample, merged.replicated_from)
        ancestors = _ancestors(session, merged.replicated_from) if origin is not None else []
        problems += check_origin(origin, merged.replicated_from, values["registered_on"], example.id, ancestors)
    if problems:
        raise ValidationFailed(problems)
    if values["unit_id"] != example.unit_id:
        authorize(actor, "update", values["unit_id"], refs.units)
    old_key = summary.key_of(example)
    families = summary.Families(session, [example.id, values["replicated_from_id"]])
    parent_changed = values["replicated_from_id"] != example.replicated_from_id
    for k, v in _finish_values(values, refs).items():
        setattr(example, k, v)
    if parent_changed:
        _reroot(session, example)
    _touch(session, example, actor)
    return _settle(session, example, actor, "update", before, summary.deltas_for(added=[example], removed=[old_key]),
                   families)


def _reroot(session: Session, example: ModelExample) -> None:
    """After a change of origin, the record and all its copies belong to the new family root."""
    if example.replicated_from_id is None:
        example.origin_id = None
        root = example.id
    else:
        parent = session.get(ModelExample, example.replicated_from_id)
        root = example.origin_id = _root_of(session, parent)
    table = ModelExample.__table__
    ids = _descendants(session, example.id)
    if ids:
        session.execute(table.update().where(table.c.id.in_(ids)).values(origin_id=root))


def change_stage(session: Session, example_id: int, target: str, *, on: dt.date, actor: Actor = SYSTEM,
                 version: int | None = None, level: str | None = None, reason: str = "",
                 award_form: str | None = None, award_issuer: str | None = None) -> ModelExample:
    """Move a record to ``target``: one step forward; skipping needs an admin and a reason; going
    back needs a reason and clears the later dates. Recognition needs a level, an award a form,
    issuer and date."""
    example = get_live(session, example_id, lock=True)
    units = UnitIndex.load(session) if actor.unit_id else None
    authorize(actor, "stage", example.unit_id, units)
    before = snapshot(example)
    if version is not None:
        _check_version(example, version, before, {"stage": target})
    reason = text.canonical(reason)
    if target not in STAGES:
        raise ValidationFailed([Problem("stage", "error.bad_stage", {"value": target})])
    current, wanted = STAGES.index(example.stage), STAGES.index(target)
    labels = {"current": example.stage, "target": target}
    if wanted == current:
        raise ValidationFailed([Problem("stage", "error.stage_same", {"current": example.stage})])
    if wanted > current + 1 and not (actor.role == "admin" and reason):
        raise ValidationFailed([Problem("stage", "error.stage_skip", labels)])
    if wanted < current and not reason:
        raise ValidationFailed([Problem("stage", "error.stage_backwards_reason", labels)])
    values = {k: getattr(example, k) for k in ("registered_on", "recognition_level", *STAGE_DATE_FIELDS.values())}
    values["stage"] = target
    for index, stage in enumerate(STAGES[1:], start=1):
        name = STAGE_DATE_FIELDS[stage]
        if index > wanted:
            values[name] = None
        elif index > current:
            values[name] = on
    if wanted >= STAGES.index("recognised") > current:
        values["recognition_level"] = level
    elif wanted < STAGES.index("recognised"):
        values["recognition_level"] = None
    problems = check_stage_dates(values)
    if values["recognition_level"] and values["recognition_level"] not in LEVELS:
        problems.append(Problem("recognition_level", "error.bad_level", {"value": values["recognition_level"]}))
    if target == "awarded" and not (text.canonical(award_form) and text.canonical(award_issuer)):
        problems.append(Problem("award_form", "error.award_required"))
    if problems:
        raise ValidationFailed(problems)
    old_key = summary.key_of(example)
    families = summary.Families(session, [example.id])
    for k, v in values.items():
        setattr(example, k, v)
    _touch(session, example, actor)
    for stage in STAGES[current + 1:wanted + 1]:
        session.add(StageEvent(example_id=example.id, stage=stage, reached_on=on, by=actor.name, reason=reason,
                               level=values["recognition_level"] if stage == "recognised" else None))
    if wanted < current:
        session.add(StageEvent(example_id=example.id, stage=target, reached_on=on, by=actor.name, reason=reason))
    if target == "awarded":
        session.add(Award(example_id=example.id, form=text.canonical(award_form), issuer=text.canonical(award_issuer),
                          awarded_on=on, created_by=actor.name))
    return _settle(session, example, actor, "stage", before, summary.deltas_for(added=[example], removed=[old_key]),
                   families, note=reason)


def delete_example(session: Session, example_id: int, actor: Actor = SYSTEM, version: int | None = None) -> ModelExample:
    example = get_live(session, example_id, lock=True)
    authorize(actor, "delete", example.unit_id, UnitIndex.load(session) if actor.unit_id else None)
    before = snapshot(example)
    if version is not None:
        _check_version(example, version, before, {"deleted": True})
    key = summary.key_of(example)
    families = summary.Families(session, [example.id])
    example.deleted, example.deleted_at, example.deleted_by = True, utcnow(), actor.name
    _touch(session, example, actor)
    return _settle(session, example, actor, "delete", before, summary.deltas_for(removed=[key]), families)


def restore_example(session: Session, example_id: int, actor: Actor = SYSTEM) -> ModelExample:
    authorize(actor, "restore")
    example = get_live(session, example_id, allow_deleted=True, lock=True)
    if not example.deleted:
        raise ValidationFailed([Problem("id", "error.not_deleted", {"id": example_id})])
    before = snapshot(example)
    families = summary.Families(session, [example.id])
    example.deleted, example.deleted_at, example.deleted_by = False, None, None
    _touch(session, example, actor)
    return _settle(session, example, actor, "restore", before, summary.deltas_for(added=[example]), families)


@dataclass
class RowResult:
    """The outcome of validating one input row of a batch."""

    index: int
    values: dict | None
    problems: list[Problem]
    data: ModelExampleCreate | None = None


def validate_batch(session: Session, rows: Sequence[ModelExampleCreate], refs: References | None = None) -> list[RowResult]:
    """Validate many inputs at once (origins fetched in one query). Nothing is written."""
    refs = refs or References(session)
    wanted = {r.replicated_from for r in rows if r.replicated_from is not None}
    origins: dict[int, ModelExample] = {}
    if wanted:
        for chunk in _chunks(sorted(wanted), 500):
            for ex in session.exec(select(ModelExample).where(ModelExample.id.in_(chunk))).all():
                origins[ex.id] = ex
    results = []
    for i, row in enumerate(rows):
        values, problems = resolve_create(session, row, refs, origins)
        results.append(RowResult(i, values, problems, row))
    return results


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def bulk_insert(session: Session, rows: Sequence[ModelExampleCreate], actor: Actor = SYSTEM,
                refs: References | None = None, note: str = "import") -> list[int]:
    """Validate every row, then insert all of them or none (raises ValidationFailed listing the
    problems of the first bad rows). Summaries, history, awards, audit and the counter follow in
    the same transaction. Returns the new ids in input order."""
    refs = refs or References(session)
    results = validate_batch(session, rows, refs)
    bad = [r for r in results if r.problems]
    if bad:
        raise ValidationFailed([Problem(p.field, p.key, {**p.params, "row": r.index}) for r in bad[:50] for p in r.problems])
    for r in results:
        authorize(actor, "create", r.values["unit_id"], refs.units)
    return insert_resolved(session, [(r.values, r.data) for r in results], actor, note=note, refs=refs)


def _sqlite_converter(column):
    """How SQLAlchemy would store a value of ``column`` in SQLite: dates ISO, datetimes naive UTC
    with microseconds, booleans 0/1; None for everything stored as is."""
    from sqlalchemy import Boolean, Date, DateTime

    kind = column.type
    kind = getattr(kind, "impl_instance", None) or getattr(kind, "impl", kind)
    if isinstance(kind, DateTime) or isinstance(column.type, DateTime):
        def convert(value, _seen={}):  # the same timestamp repeats on every row of a batch
            if value is None:
                return None
            if value not in _seen:
                naive = value.astimezone(dt.timezone.utc).replace(tzinfo=None) if value.tzinfo else value
                _seen.clear() if len(_seen) > 64 else None
                _seen[value] = naive.strftime("%Y-%m-%d %H:%M:%S.%f")
            return _seen[value]
        return convert
    if isinstance(kind, Date):
        return lambda value: None if value is None else value.isoformat()
    if isinstance(kind, Boolean):
        return lambda value: None if value is None else int(value)
    return None


def _sqlite_executemany(session: Session, table, rows: list[dict]) -> None:
    """Bulk insert straight through the DB-API cursor: the bulk paths (import, demo) spend most of
    their time in per-row parameter processing otherwise. Values are converted as the column types
    would convert them."""
    if not rows:
        return
    columns = [c for c in table.columns if c.name in rows[0]]
    names = [c.name for c in columns]
    converters = [_sqlite_converter(c) for c in columns]
    plain = [i for i, conv in enumerate(converters) if conv is None]
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    conn = session.connection()
    for chunk in _chunks(rows, 10_000):
        params = []
        for row in chunk:
            values = [row[n] for n in names]
            for i, conv in enumerate(converters):
                if conv is not None:
                    values[i] = conv(values[i])
            params.append(tuple(values))
        conn.exec_driver_sql(sql, params)


def _bulk(session: Session, table, rows: list[dict]) -> None:
    if session.get_bind().dialect.name == "sqlite":
        _sqlite_executemany(session, table, rows)
        return
    for chunk in _chunks(rows, 5000):
        session.execute(insert(table), list(chunk))


def _insert_rows(session: Session, table, payload: list[dict]) -> list[int]:
    """Insert rows and return their ids in order. SQLite writers hold the database lock (BEGIN
    IMMEDIATE), so ids can be assigned up front and the rows go in one executemany; elsewhere
    INSERT … RETURNING in batches."""
    if session.get_bind().dialect.name == "sqlite":
        start = (session.execute(sa_select(func.max(table.c.id))).scalar() or 0) + 1
        ids = list(range(start, start + len(payload)))
        for row, new_id in zip(payload, ids):
            row["id"] = new_id
        _sqlite_executemany(session, table, payload)
        return ids
    ids = []
    for chunk in _chunks(payload, 2000):
        ids += list(session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), list(chunk)).scalars())
    return ids


def insert_resolved(session: Session, items: Sequence[tuple[dict, ModelExampleCreate]], actor: Actor,
                    note: str, refs: References) -> list[int]:
    """Insert already validated rows fast (Core executemany), then their history and awards."""
    if not items:
        return []
    table = ModelExample.__table__
    now = utcnow()
    root_cache: dict[int, int] = {}
    payload = []
    for values, _data in items:
        row = dict(_finish_values(dict(values), refs))
        parent = row.get("replicated_from_id")
        if parent is not None:
            if parent not in root_cache:
                origin = session.get(ModelExample, parent)
                root_cache[parent] = _root_of(session, origin)
            row["origin_id"] = root_cache[parent]
        else:
            row["origin_id"] = None
        row.update(created_at=now, updated_at=now, created_by=actor.name, updated_by=actor.name, version=1,
                   deleted=False, deleted_at=None, deleted_by=None)
        payload.append(row)
    families = summary.Families(session, roots=set(root_cache.values()))
    ids = _insert_rows(session, table, payload)
    events, awards, deltas = [], [], Counter()
    for example_id, row, (_values, data) in zip(ids, payload, items):
        events.append(dict(example_id=example_id, stage="registered", reached_on=row["registered_on"], level=None,
                           reason="", at=now, by=actor.name))
        for stage in STAGES[1:STAGES.index(row["stage"]) + 1]:
            events.append(dict(example_id=example_id, stage=stage, reached_on=row[STAGE_DATE_FIELDS[stage]],
                               level=row["recognition_level"] if stage == "recognised" else None, reason="", at=now, by=actor.name))
        if row["stage"] == "awarded":
            awards.append(dict(example_id=example_id, form=text.canonical(data.award_form), issuer=text.canonical(data.award_issuer),
                               awarded_on=row["awarded_on"], created_at=now, created_by=actor.name))
        deltas[summary.key_of(row)] += 1
    _bulk(session, StageEvent.__table__, events)
    _bulk(session, Award.__table__, awards)
    summary.apply(session, deltas)
    families.apply()
    audit(session, actor, "import", None, None, {"created": len(ids), "first_id": ids[0], "last_id": ids[-1]}, note=note)
    summary.bump_version(session)
    return ids
