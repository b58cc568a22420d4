"""Locks that make every "find the existing record, else insert" safe when two writers run it at
the same time: the import, the form's create and the restore of a deleted record.

SQLite needs none: its writers queue (``BEGIN IMMEDIATE``, registry/db.py). On PostgreSQL two
transactions would both find nothing and both insert, so each takes a transaction-level advisory
lock per unit it writes into (the unit is part of a record's natural key, registry/importing/plan.py
``natural_key``), in sorted order, before it reads. Two writers into different units never wait for
each other; the locks go at commit or rollback. Why a lock and not a constraint: docs/deploy.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy import text
from sqlmodel import Session

# The first key of the two-key advisory lock: the registry's namespace for "records of unit N".
UNIT_NAMESPACE = 250_025

P = TypeVar("P")


def _postgres(session: Session) -> bool:
    bind = session.get_bind()
    return bind.dialect.name == "postgresql"


def lock_units(session: Session, unit_ids: Iterable[int | None]) -> None:
    """Hold, until this transaction ends, the write lock of each unit in ``unit_ids`` (PostgreSQL;
    nothing on SQLite). Taken in sorted order so that two writers never deadlock on them."""
    if not _postgres(session):
        return
    for unit_id in sorted({u for u in unit_ids if u is not None}):
        session.execute(text("SELECT pg_advisory_xact_lock(:ns, :unit)"), {"ns": UNIT_NAMESPACE, "unit": unit_id})


def planned_under_locks(session: Session, plan: Callable[[], P], units: Callable[[P], Iterable[int]]) -> P:
    """``plan()`` read under the lock of every unit it will insert into (``units(plan)``).

    The units are known only once the file is read, so on PostgreSQL the plan runs once to learn
    them, the locks are taken, and the plan runs again: its reads then see every import that held
    those units before (READ COMMITTED reads what committed). Repeats if the new plan names a unit
    not yet locked (a record deleted in between). SQLite plans once."""
    result = plan()
    if not _postgres(session):
        return result
    held: set[int] = set()
    while need := {u for u in units(result) if u is not None} - held:
        lock_units(session, need)
        held |= need
        result = plan()
    return result
