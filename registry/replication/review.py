"""The review queue: pending suggestions for staff, one per copy (its default origin, the best
score) with the other origins as alternatives ("xem thêm") and, when the copy's title names a
programme it is not tagged with, the tag as an alternative to a chain of copies. Confirm (an
audited update of the copy's ``replicated_from`` through the write layer, so the rollups stay in
step; never a loop), flip (the reverse link), tag and reject (remembered). A unit-limited editor
sees and acts on the suggestions whose copy lies in their scope only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlmodel import Session, col

from registry.errors import NotFound, PermissionDenied, RegistryError
from registry.models import AdminUnit, ModelExample, ModelExampleUpdate, Programme, WorkField, id_of
from registry.permissions import Actor, authorize
from registry.records.writes import update_example
from registry.replication import evidence
from registry.replication.pairs import words
from registry.replication.store import suggest_for
from registry.replication.suggest import match_key
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
class Alternative:
    id: int
    score: float
    reason: str
    origin: Side


@dataclass(frozen=True)
class Pending:
    id: int
    score: float
    reason: str
    copy: Side
    origin: Side
    alternatives: tuple[Alternative, ...] = ()
    programme: tuple[int, str] | None = None  # (id, name): the copy's title names it, untagged


class Loop(RegistryError):
    key = "replication.loop"


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


def _ancestors(session: Session, example_id: int) -> set[int]:
    """The record and the records up its ``replicated_from`` chain."""
    seen: set[int] = set()
    current: int | None = example_id
    parent = select(col(ModelExample.replicated_from_id))
    while current is not None and current not in seen:
        seen.add(current)
        current = session.execute(parent.where(col(ModelExample.id) == current)).scalar_one_or_none()
    return seen


def would_loop(session: Session, copy_id: int, origin_id: int) -> bool:
    """Whether linking ``copy_id`` to ``origin_id`` would close a loop (the origin descends from it)."""
    return copy_id in _ancestors(session, origin_id)


def _programme_offer(example: ModelExample, campaigns: list[evidence.Campaign]) -> tuple[int, str] | None:
    if example.programme_id is not None:
        return None
    found = evidence.campaign_of(words(match_key(example.title)), None, campaigns)
    return (found.id, found.name) if found else None


def pending(
    session: Session, *, actor: Actor, unit_id: int | None = None, field_id: int | None = None, limit: int = 200
) -> list[Pending]:
    """Pending suggestions the actor may act on, one per copy (its best origin, the others as
    alternatives), best score first, optionally of one unit (of the copy) and one field; both
    records live, and never one whose confirmation would close a loop."""
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
    campaigns = evidence.campaigns(session.execute(select(col(Programme.id), col(Programme.name_vi))).all(), match_key)
    firsts: dict[int, Pending] = {}
    others: dict[int, list[Alternative]] = {}
    for sid, copy_id, origin_id, score, reason in session.execute(query):
        if copy_id not in firsts and len(firsts) >= limit:
            continue
        c, o = session.get(ModelExample, copy_id), session.get(ModelExample, origin_id)
        if c is None or o is None or not _in_scope(actor, c, units) or would_loop(session, copy_id, origin_id):
            continue
        if copy_id in firsts:
            others[copy_id].append(Alternative(sid, score, reason, _side(o, units)))
            continue
        firsts[copy_id] = Pending(
            sid, score, reason, _side(c, units), _side(o, units), (), _programme_offer(c, campaigns)
        )
        others[copy_id] = []
    return [replace(p, alternatives=tuple(others[k])) for k, p in firsts.items()]


def pending_count(session: Session) -> int:
    """How many copies have suggestions waiting for review (one each by default; never part of any figure)."""
    s = ReplicationSuggestion.__table__.c
    copy = ModelExample.__table__
    query = (
        select(func.count(s.copy_id.distinct()))
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


def _link(session: Session, row: ReplicationSuggestion, actor: Actor) -> ModelExample:
    if would_loop(session, row.copy_id, row.origin_id):
        raise Loop()
    copy = session.get(ModelExample, row.copy_id)
    if copy is None:
        raise NotFound("suggest.not_found", id=row.id)
    example = update_example(
        session, row.copy_id, ModelExampleUpdate(version=copy.version, replicated_from=row.origin_id), actor
    )
    _decide(row, "confirmed", actor)
    session.flush()
    suggest_for(session, [row.copy_id, row.origin_id])
    return example


def confirm(session: Session, suggestion_id: int, *, actor: Actor) -> ModelExample:
    """Make the suggestion a link: an audited update of the copy (rollups kept in step). The copy's
    other pending suggestions go (it has an origin now). A link that would close a loop is refused
    (``Loop``), as the write layer refuses it."""
    return _link(session, _get_pending(session, suggestion_id), actor)


def flip(session: Session, suggestion_id: int, *, actor: Actor) -> ModelExample:
    """The reviewer's reading of the pair is the other way round: the suggested origin is the copy.
    The suggestion becomes the reverse pair, confirmed (an audited update of the former origin)."""
    row = _get_pending(session, suggestion_id)
    row.copy_id, row.origin_id = row.origin_id, row.copy_id
    session.flush()
    return _link(session, row, actor)


def tag_programme(session: Session, suggestion_id: int, programme_id: int, *, actor: Actor) -> ModelExample:
    """Instead of a chain of copies: tag the copy with the programme its title names (an audited
    update); the suggestion is set aside (rejected, so never suggested again)."""
    row = _get_pending(session, suggestion_id)
    copy = session.get(ModelExample, row.copy_id)
    programme = session.get(Programme, programme_id)
    if copy is None or programme is None:
        raise NotFound("suggest.not_found", id=suggestion_id)
    example = update_example(
        session, row.copy_id, ModelExampleUpdate(version=copy.version, programme=programme.code), actor
    )
    _decide(row, "rejected", actor)
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
