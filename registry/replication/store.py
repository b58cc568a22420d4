"""Suggestions kept in the ``replication_suggestion`` table: a full recompute, and the upkeep of
the records a write touches (``suggest_for``). Pending suggestions are replaced; rejected and
confirmed ones stay, a rejected pair is never suggested again, and the reverse of a stored pair
(suggested, confirmed or rejected) never is. A copy's rows are its default origin (the best
score) and its alternatives (``Candidate.rank``; the review page groups them by copy)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import Engine, delete, select
from sqlmodel import Session

from registry.db import write_session
from registry.models import utcnow
from registry.replication.suggest import Candidate, compute, load_block
from registry.suggestion_tables import ReplicationSuggestion

S = ReplicationSuggestion.__table__.c
log = logging.getLogger(__name__)
BLOCK_MAX = 50  # up to this many touched records, read only their block (load_block), not the registry


def _decided(session: Session) -> set[tuple[int, int]]:
    return {(c, o) for c, o in session.execute(select(S.copy_id, S.origin_id).where(S.status != "pending"))}


def _store(session: Session, found: list[Candidate]) -> None:
    if found:
        session.execute(
            ReplicationSuggestion.__table__.insert(),
            [
                {"copy_id": c.copy_id, "origin_id": c.origin_id, "score": c.score, "reason": c.reason[:2000]}
                | {"status": "pending", "created_at": utcnow()}
                for c in found
            ],
        )


def recompute_all(session: Session) -> list[Candidate]:
    """Replace every pending suggestion by a fresh computation over the whole registry."""
    decided = _decided(session)
    found = compute(session, rejected=decided, blocked=decided)
    session.execute(delete(ReplicationSuggestion).where(S.status == "pending"))
    _store(session, found)
    session.flush()
    return found


def suggest_for(session: Session, example_ids: Iterable[int]) -> list[Candidate]:
    """Recompute the suggestions of the records ``example_ids`` (after a write touched them): their
    pending suggestions as copies are replaced, and their pending suggestions as origins are
    dropped when the record is gone or now has an origin of its own."""
    ids = {int(i) for i in example_ids if i is not None}
    if not ids:
        return []
    decided = _decided(session)
    kept = {
        (c, o)
        for c, o in session.execute(select(S.copy_id, S.origin_id).where(S.status == "pending", S.copy_id.not_in(ids)))
    }
    records = load_block(session, ids) if len(ids) <= BLOCK_MAX else None
    found = compute(session, only=ids, rejected=decided, blocked=decided | kept, records=records)
    session.execute(delete(ReplicationSuggestion).where(S.status == "pending", S.copy_id.in_(ids)))
    # a record that now has an origin, or is deleted, is no copy candidate: compute left it out
    _store(session, found)
    session.flush()
    return found


def refresh_after_write(engine: Engine, example_ids: Iterable[int]) -> bool:
    """``suggest_for`` the records a committed write touched (the entry form's save), in its own
    transaction: the write stands even if this fails (logged; ``suggest-replications`` recomputes
    everything). Returns whether the suggestions were refreshed."""
    try:
        with write_session(engine) as session:
            suggest_for(session, example_ids)
    except Exception:  # noqa: BLE001 - never undo or fail a save that is already committed
        log.exception("suggesting origins after a save failed")
        return False
    return True
