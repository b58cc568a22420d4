"""The audit trail: one row per change, with the record before and after as JSON."""

from __future__ import annotations

import datetime as dt
import json

from sqlmodel import Session

from registry.models import AuditLog, ModelExample
from registry.permissions import Actor


# --------------------------------------------------------------------------- audit
def snapshot(example: ModelExample) -> dict:
    data = example.model_dump(exclude={"search_text", "title_key", "match_key"})
    return {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in data.items()}


def audit(
    session: Session,
    actor: Actor,
    action: str,
    entity_id: int | None,
    before: dict | None,
    after: dict | None,
    note: str = "",
    entity: str = "model_example",
) -> None:
    session.add(
        AuditLog(
            user=actor.name,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=json.dumps(before, ensure_ascii=False) if before is not None else None,
            after=json.dumps(after, ensure_ascii=False) if after is not None else None,
            note=note,
        )
    )
