"""The review queue: pending suggestions for staff, confirm (an audited update of the copy's
``replicated_from`` through the write layer, so the rollups stay in step) and reject
(remembered). A unit-limited editor sees and acts on the suggestions whose copy lies in their
scope only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session, col

from registry.errors import NotFound, PermissionDenied, RegistryError
from registry.models import AdminUnit, ModelExample, ModelExampleUpdate, WorkField, id_of
from registry.permissions import Actor, authorize
from registry.records.writes import update_example
from registry.replication.store import suggest_for
from registry.suggestion_tables import ReplicationSuggestion
from registry.units.index import UnitIndex


@dataclass(frozen=True)
class Side:
    id: int
    title: str
    unit_id: int
    unit: str
    field_id: int
    registered_on: dt.date


@dataclass(frozen=True)
class Pending:
    id: int
    score: float
    reason: str
    copy: Side
    origin: Side


class NotPending(RegistryError):
    key = "suggest.not_pending"


def _in_scope(actor: Actor, example: ModelExample, units: UnitIndex) -> bool:
    try:
        authorize(actor, "update", example.unit_id, units, commune_id=example.commune_id)
    except PermissionDenied:
        return False
    return True


def _side(example: ModelExample, units: UnitIndex) -> Side:
    unit = units.by_id.get(example.unit_id)
    return Side(
        id_of(example),
        example.title,
        example.unit_id,
        unit.name if unit else "",
        example.field_id,
        example.registered_on,
    )


def pending(
    session: Session, *, actor: Actor, unit_id: int | None = None, field_id: int | None = None, limit: int = 200
) -> list[Pending]:
    """Pending suggestions the actor may act on, best score first, optionally of one unit (of the
    copy) and one field; both records live."""
    authorize(actor, "update")
    units = UnitIndex.load(session)
    copy, origin = ModelExample.__table__.alias("c"), ModelExample.__table__.alias("o")
    s = ReplicationSuggestion.__table__.c
    query = (
        select(s.id, s.copy_id, s.origin_id, s.score, s.reason)
        .join(copy, copy.c.id == s.copy_id)
        .join(origin, origin.c.id == s.origin_id)
        .where(s.status == "pending", copy.c.deleted.is_(False), origin.c.deleted.is_(False))
        .where(copy.c.replicated_from_id.is_(None))
        .order_by(s.score.desc(), s.id)
    )
    if unit_id is not None:
        query = query.where(copy.c.unit_id == unit_id)
    if field_id is not None:
        query = query.where(copy.c.field_id == field_id)
    out = []
    for sid, copy_id, origin_id, score, reason in session.execute(query):
        c, o = session.get_one(ModelExample, copy_id), session.get_one(ModelExample, origin_id)
        if not _in_scope(actor, c, units):
            continue
        out.append(Pending(sid, score, reason, _side(c, units), _side(o, units)))
        if len(out) >= limit:
            break
    return out


def pending_count(session: Session) -> int:
    """How many suggestions wait for review (never part of any figure)."""
    s = ReplicationSuggestion.__table__.c
    copy = ModelExample.__table__
    query = (
        select(func.count())
        .select_from(ReplicationSuggestion.__table__)
        .join(copy, copy.c.id == s.copy_id)
        .where(s.status == "pending", copy.c.deleted.is_(False), copy.c.replicated_from_id.is_(None))
    )
    return session.execute(query).scalar_one()


def _get_pending(session: Session, suggestion_id: int) -> ReplicationSuggestion:
    row = session.get(ReplicationSuggestion, suggestion_id)
    if row is None:
        raise NotFound("suggest.not_found", id=suggestion_id)
    if row.status != "pending":
        raise NotPending(id=suggestion_id)
    return row


def _decide(row: ReplicationSuggestion, status: str, actor: Actor) -> None:
    row.status, row.decided_by, row.decided_at = status, actor.name, dt.datetime.now(dt.UTC)


def confirm(session: Session, suggestion_id: int, *, actor: Actor) -> ModelExample:
    """Make the suggestion a link: an audited update of the copy (rollups kept in step). The copy's
    other pending suggestions go (it has an origin now)."""
    row = _get_pending(session, suggestion_id)
    copy = session.get_one(ModelExample, row.copy_id)
    example = update_example(
        session, row.copy_id, ModelExampleUpdate(version=copy.version, replicated_from=row.origin_id), actor
    )
    _decide(row, "confirmed", actor)
    session.flush()
    suggest_for(session, [row.copy_id])
    return example


def confirm_many(session: Session, suggestion_ids: list[int], *, actor: Actor) -> int:
    """Confirm a selection in one step (all or none: the caller's transaction). One suggestion per
    copy: a second for the same copy is no longer pending once the first is confirmed."""
    done = 0
    for sid in suggestion_ids:
        confirm(session, sid, actor=actor)
        done += 1
    return done


def reject(session: Session, suggestion_id: int, *, actor: Actor) -> None:
    """Reject a suggestion: remembered, never suggested again."""
    row = _get_pending(session, suggestion_id)
    copy = session.get_one(ModelExample, row.copy_id)
    authorize(actor, "update", copy.unit_id, UnitIndex.load(session), commune_id=copy.commune_id)
    _decide(row, "rejected", actor)
    session.flush()


def field_names(session: Session, *, lang: str) -> dict[int, str]:
    """Names of the fields by id, in ``lang`` (for the page's filter)."""
    return {id_of(f): f.name_en if lang == "en" else f.name_vi for f in session.scalars(select(WorkField))}


def unit_choices(session: Session, *, actor: Actor) -> list[AdminUnit]:
    """Units that hold a copy of a pending suggestion the actor may act on (for the page's filter:
    a unit-limited editor is offered their own unit(s), never the whole province)."""
    s = ReplicationSuggestion.__table__.c
    ex = ModelExample.__table__.c
    places = session.execute(
        select(ex.unit_id, ex.commune_id)
        .join_from(ReplicationSuggestion, ModelExample, ex.id == s.copy_id)
        .where(s.status == "pending", ex.deleted.is_(False), ex.replicated_from_id.is_(None))
        .distinct()
    ).all()
    units = UnitIndex.load(session)
    ids = set()
    for unit_id, commune_id in places:
        try:
            authorize(actor, "update", unit_id, units, commune_id=commune_id)
        except PermissionDenied:
            continue
        ids.add(unit_id)
    if not ids:
        return []
    return list(session.scalars(select(AdminUnit).where(col(AdminUnit.id).in_(ids)).order_by(AdminUnit.name)))
