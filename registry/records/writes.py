"""Every change of one record goes through here: create, update, stage change, delete, restore.
Each keeps the rollups, the audit trail and the change counter in step, in the caller's
transaction (use ``db.write_session``). Every function takes ``actor=`` with no default."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func as sa_func
from sqlalchemy import select as sa_select
from sqlmodel import Session

from registry import locks, text
from registry.errors import Conflict, NotFound, Notice, Problem, ValidationFailed
from registry.models import (
    LEVELS,
    PRECISION_FIELDS,
    STAGE_DATE_FIELDS,
    STAGES,
    Award,
    ModelExample,
    ModelExampleCreate,
    ModelExampleUpdate,
    StageEvent,
    id_of,
    utcnow,
)
from registry.permissions import Actor, authorize
from registry.records import rollups
from registry.records.audit import audit, snapshot
from registry.records.validation import (
    References,
    check_origin,
    check_stage_dates,
    finish_values,
    resolve_create,
    resolve_input,
    root_of,
)
from registry.units.index import UnitIndex


def create_example(
    session: Session,
    data: ModelExampleCreate,
    actor: Actor,
    refs: References | None = None,
    notices: list[Notice] | None = None,
) -> ModelExample:
    """Validate and insert one record, with its stage history and award. What the registry read and
    did for the input (a commune taken from the unit column…) is appended to ``notices`` if given."""
    refs = refs or References(session)
    resolution = resolve_input(session, data, refs)
    values, problems = resolution.values, resolution.problems
    if problems:
        raise ValidationFailed(problems)
    if notices is not None:
        notices.extend(resolution.notices)
    authorize(actor, "create", values["unit_id"], refs.units, commune_id=values["commune_id"])
    locks.lock_units(session, [values["unit_id"]])  # after an import into the unit, never beside it
    if values["replicated_from_id"] is not None:
        values["origin_id"] = root_of(session.get_one(ModelExample, values["replicated_from_id"]))
    families = rollups.Families(session, roots=[values.get("origin_id")])
    now = utcnow()
    example = ModelExample(
        **finish_values(values, refs), created_by=actor.name, updated_by=actor.name, created_at=now, updated_at=now
    )
    session.add(example)
    session.flush()
    _history_for_new(session, example, data, actor)
    rollups.apply(session, rollups.deltas_for(added=[example]))
    families.apply()
    audit(session, actor, "create", example.id, None, snapshot(example))
    rollups.bump_version(session)
    return example


def _history_for_new(session: Session, example: ModelExample, data: ModelExampleCreate, actor: Actor) -> None:
    session.add(
        StageEvent(example_id=id_of(example), stage="registered", reached_on=example.registered_on, by=actor.name)
    )
    for stage in STAGES[1 : STAGES.index(example.stage) + 1]:
        day = getattr(example, STAGE_DATE_FIELDS[stage])
        level = example.recognition_level if stage == "recognised" else None
        session.add(StageEvent(example_id=id_of(example), stage=stage, reached_on=day, level=level, by=actor.name))
    if example.stage == "awarded":
        session.add(
            Award(
                example_id=id_of(example),
                form=text.canonical(data.award_form),
                issuer=text.canonical(data.award_issuer),
                awarded_on=_required(example.awarded_on),
                created_by=actor.name,
            )
        )


def _required(day: dt.date | None) -> dt.date:
    if day is None:  # the validation requires the date of every stage reached
        raise ValueError("a stage reached has no date")
    return day


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
        raise Conflict(
            current_version=example.version,
            your_version=version,
            user=example.updated_by,
            at=example.updated_at.strftime("%d/%m/%Y %H:%M"),
            changes=changed,
        )


def _ancestors(session: Session, start_id: int, limit: int = 10_000) -> list[int]:
    """Ids up the replicated_from chain from ``start_id`` (inclusive)."""
    out: list[int] = []
    current: int | None = start_id
    while current is not None and len(out) < limit:
        out.append(current)
        current = session.execute(
            sa_select(ModelExample.__table__.c.replicated_from_id).where(ModelExample.__table__.c.id == current)
        ).scalar()
    return out


def _descendants(session: Session, root_id: int) -> list[int]:
    table = ModelExample.__table__
    frontier, found = [root_id], []
    while frontier:
        children = list(
            session.execute(sa_select(table.c.id).where(table.c.replicated_from_id.in_(frontier))).scalars().all()
        )
        found += children
        frontier = children
    return found


def _families(session: Session, example: ModelExample, parent_id: int | None = None) -> rollups.Families:
    """``rollups.Families`` watching the families a change of ``example`` may move (it, its
    root, the new origin ``parent_id``). A record outside every family (no origin, none given,
    no copy) has nothing to watch: its replication summaries' queries are skipped."""
    ids = [example.id, parent_id]
    if example.origin_id is None and example.replicated_from_id is None and parent_id is None:
        table = ModelExample.__table__
        copied = session.execute(sa_select(table.c.id).where(table.c.origin_id == example.id).limit(1)).first()
        ids = ids if copied is not None else []
    return rollups.Families(session, ids)


def _touch(session: Session, example: ModelExample, actor: Actor) -> None:
    """A change to a record: next version, who and when."""
    example.version += 1
    example.updated_at, example.updated_by = utcnow(), actor.name
    session.add(example)


def _settle(
    session: Session,
    example: ModelExample,
    actor: Actor,
    action: str,
    before: dict,
    deltas,
    families: rollups.Families,
    note: str = "",
) -> ModelExample:
    """What every change of one record ends with, in the writer's transaction: the summaries and
    replication rollups, the audit row and the change counter."""
    session.flush()
    rollups.apply(session, deltas)
    families.apply()
    audit(session, actor, action, example.id, before, snapshot(example), note=note)
    rollups.bump_version(session)
    return example


def update_example(
    session: Session, example_id: int, data: ModelExampleUpdate, actor: Actor, refs: References | None = None
) -> ModelExample:
    """Apply a partial edit if nobody saved the record since ``data.version``."""
    refs = refs or References(session)
    example = get_live(session, example_id, lock=True)
    authorize(actor, "update", example.unit_id, refs.units, commune_id=example.commune_id)
    before = snapshot(example)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    _check_version(example, data.version, before, changes)
    merged = ModelExampleCreate(
        kind=changes.get("kind", example.kind),
        title=changes.get("title", example.title),
        holder_name=changes.get("holder_name", example.holder_name),
        locality=changes.get("locality", example.locality),
        unit=changes.get("unit") or refs.units.by_id[example.unit_id].code,
        commune=changes["commune"]
        if "commune" in changes
        else (refs.units.by_id[example.commune_id].code if example.commune_id else None),
        field=changes.get("field") or str(example.field_id),
        bloc=changes.get("bloc") or str(example.bloc_id),
        programme=changes["programme"]
        if "programme" in changes
        else (str(example.programme_id) if example.programme_id else None),
        description=changes.get("description", example.description),
        registered_on=changes.get("registered_on", example.registered_on),
        # a new date without a precision is a full date; otherwise the record's precision stays
        registered_precision=changes.get("registered_precision")
        or ("day" if "registered_on" in changes else example.registered_precision),
        stage=example.stage,
        **{name: getattr(example, name) for name in STAGE_DATE_FIELDS.values()},
        **{PRECISION_FIELDS[name]: getattr(example, PRECISION_FIELDS[name]) for name in STAGE_DATE_FIELDS.values()},
        recognition_level=changes.get("recognition_level", example.recognition_level),
        award_form="-",
        award_issuer="-",
        results=changes.get("results", example.results),
        beneficiaries=changes.get("beneficiaries", example.beneficiaries),
        funds_vnd=changes.get("funds_vnd", example.funds_vnd),
        replicated_from=changes["replicated_from"] if "replicated_from" in changes else example.replicated_from_id,
        replicated_from_text=changes.get("replicated_from_text", example.replicated_from_text),
        is_sample=example.is_sample,
    )
    values, problems = resolve_create(session, merged, refs, origins={})
    problems = [p for p in problems if p.field != "replicated_from"]
    problems += _origin_problems(
        session, example, merged.replicated_from, values["registered_on"], values.get("registered_precision", "day")
    )
    if problems:
        raise ValidationFailed(problems)
    if (values["unit_id"], values["commune_id"]) != (example.unit_id, example.commune_id):
        authorize(actor, "update", values["unit_id"], refs.units, commune_id=values["commune_id"])
    old_key = rollups.key_of(example)
    families = _families(session, example, values["replicated_from_id"])
    parent_changed = values["replicated_from_id"] != example.replicated_from_id
    for k, v in finish_values(values, refs).items():
        setattr(example, k, v)
    if parent_changed:
        _reroot(session, example)
    _touch(session, example, actor)
    return _settle(
        session, example, actor, "update", before, rollups.deltas_for(added=[example], removed=[old_key]), families
    )


def _origin_problems(
    session: Session, example: ModelExample, origin_id: int | None, on: dt.date, precision: str = "day"
) -> list[Problem]:
    """The origin check of an edit. A new origin is checked in full (it exists and is live, no
    cycle, not later than the copy); an unchanged one only while it is live (its date against the
    copy's), so that a copy whose origin was deleted can still be edited."""
    if origin_id is None:
        return []
    origin = session.get(ModelExample, origin_id)
    if origin_id == example.replicated_from_id:
        if origin is None or origin.deleted:
            return []
        return check_origin(origin, origin_id, on, None, precision=precision)
    ancestors = _ancestors(session, origin_id) if origin is not None else []
    return check_origin(origin, origin_id, on, example.id, ancestors, precision=precision)


def _reroot(session: Session, example: ModelExample) -> None:
    """After a change of origin, the record and all its copies belong to the new family root."""
    if example.replicated_from_id is None:
        example.origin_id = None
        root = example.id
    else:
        parent = session.get_one(ModelExample, example.replicated_from_id)
        root = example.origin_id = root_of(parent)
    table = ModelExample.__table__
    ids = _descendants(session, id_of(example))
    if ids:
        session.execute(table.update().where(table.c.id.in_(ids)).values(origin_id=root))


def change_stage(
    session: Session,
    example_id: int,
    target: str,
    *,
    on: dt.date,
    actor: Actor,
    version: int | None = None,
    level: str | None = None,
    reason: str = "",
    award_form: str | None = None,
    award_issuer: str | None = None,
) -> ModelExample:
    """Move a record to ``target``: one step forward; skipping needs an admin and a reason; going
    back needs a reason and clears the later dates. Recognition needs a level, an award a form,
    issuer and date."""
    example = get_live(session, example_id, lock=True)
    units = UnitIndex.load(session) if actor.unit_id else None
    authorize(actor, "stage", example.unit_id, units, commune_id=example.commune_id)
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
    names = ("registered_on", "recognition_level", *STAGE_DATE_FIELDS.values(), *PRECISION_FIELDS.values())
    values = {k: getattr(example, k) for k in names}
    values["stage"] = target
    for index, stage in enumerate(STAGES[1:], start=1):
        name = STAGE_DATE_FIELDS[stage]
        if index > wanted:
            values[name], values[PRECISION_FIELDS[name]] = None, "day"
        elif index > current:
            values[name], values[PRECISION_FIELDS[name]] = on, "day"
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
    old_key = rollups.key_of(example)
    families = _families(session, example)
    for k, v in values.items():
        setattr(example, k, v)
    _touch(session, example, actor)
    for stage in STAGES[current + 1 : wanted + 1]:
        session.add(
            StageEvent(
                example_id=id_of(example),
                stage=stage,
                reached_on=on,
                by=actor.name,
                reason=reason,
                level=values["recognition_level"] if stage == "recognised" else None,
            )
        )
    if wanted < current:
        session.add(StageEvent(example_id=id_of(example), stage=target, reached_on=on, by=actor.name, reason=reason))
    if target == "awarded":
        session.add(
            Award(
                example_id=id_of(example),
                form=text.canonical(award_form),
                issuer=text.canonical(award_issuer),
                awarded_on=on,
                created_by=actor.name,
            )
        )
    return _settle(
        session,
        example,
        actor,
        "stage",
        before,
        rollups.deltas_for(added=[example], removed=[old_key]),
        families,
        note=reason,
    )


def delete_example(
    session: Session, example_id: int, actor: Actor, version: int | None = None, *, keep_copies: bool = False
) -> ModelExample:
    """Mark a record deleted. A record that live copies were replicated from is refused, naming
    the copies (their origin would be gone), unless an admin passes ``keep_copies``: the copies
    then keep pointing at the deleted record, which does not block their edits."""
    example = get_live(session, example_id, lock=True)
    units = UnitIndex.load(session)
    authorize(actor, "delete", example.unit_id, units, commune_id=example.commune_id)
    before = snapshot(example)
    if version is not None:
        _check_version(example, version, before, {"deleted": True})
    if not (keep_copies and actor.role == "admin"):
        _refuse_if_copied(session, example, units)
    key = rollups.key_of(example)
    families = rollups.Families(session, [example.id])
    example.deleted, example.deleted_at, example.deleted_by = True, utcnow(), actor.name
    _touch(session, example, actor)
    return _settle(session, example, actor, "delete", before, rollups.deltas_for(removed=[key]), families)


COPIES_NAMED = 5  # copies named in the refusal of a delete; the rest are counted


def _refuse_if_copied(session: Session, example: ModelExample, units: UnitIndex) -> None:
    table = ModelExample.__table__
    live = table.c.deleted.is_(False)
    stmt = sa_select(table.c.title, table.c.unit_id, table.c.commune_id).where(
        table.c.replicated_from_id == example.id, live
    )
    copies = session.execute(stmt.order_by(table.c.id).limit(COPIES_NAMED)).all()
    if not copies:
        return
    n = session.execute(
        sa_select(sa_func.count()).select_from(table).where(table.c.replicated_from_id == example.id, live)
    ).scalar_one()
    named = "; ".join(f"“{title}” ({_place_name(units, unit_id, commune_id)})" for title, unit_id, commune_id in copies)
    key = "error.origin_has_copies_more" if n > len(copies) else "error.origin_has_copies"
    raise ValidationFailed([Problem("id", key, {"n": n, "copies": named, "more": n - len(copies)})])


def _place_name(units: UnitIndex, unit_id: int, commune_id: int | None) -> str:
    names = [units.by_id[i].name for i in (commune_id, unit_id) if i is not None and i in units.by_id]
    return ", ".join(names)


def restore_example(session: Session, example_id: int, actor: Actor) -> ModelExample:
    authorize(actor, "restore")
    example = get_live(session, example_id, allow_deleted=True, lock=True)
    if not example.deleted:
        raise ValidationFailed([Problem("id", "error.not_deleted", {"id": example_id})])
    locks.lock_units(session, [example.unit_id])  # an import into the unit sees it restored or not
    before = snapshot(example)
    families = rollups.Families(session, [example.id])
    example.deleted, example.deleted_at, example.deleted_by = False, None, None
    _touch(session, example, actor)
    return _settle(session, example, actor, "restore", before, rollups.deltas_for(added=[example]), families)
