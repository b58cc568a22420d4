"""``perform``: the one way a page writes. It runs the write in one transaction, turns a refusal of
the registry (Conflict, NotFound, PermissionDenied, ValidationFailed and the other RegistryErrors)
into its message in the user's language, and refreshes the caches the write affects.

Caches: every cached reader of ui/ takes the change counter (``registry.records.rollups``) as an
argument. The record writes advance it themselves; a write that does not (an account, a rejected
suggestion) has it advanced here in the same transaction, so that no cached reader, on this server
or another one sharing the database, outlives a write. The rerun's copy of the counter is dropped
(``ui.core.writing``), so what the page shows next includes its own write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from registry.errors import RegistryError
from registry.permissions import Actor
from registry.records import rollups, writes
from ui.core import engine, lang, writing
from ui.safe import md

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a write gave (``value``), or why it was refused (``error`` and its ``message`` in the
    user's language)."""

    value: T | None = None
    error: RegistryError | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None


def perform(write: Callable[[Session], T]) -> Outcome[T]:
    """Run ``write(session)`` in one write transaction (all or nothing)."""
    try:
        with writing() as session:
            before = rollups.data_version(session)
            value = write(session)
            session.flush()
            if rollups.data_version(session) == before:
                rollups.bump_version(session)
    except RegistryError as exc:
        return Outcome(error=exc, message=exc.message(lang()))
    return Outcome(value=value)


def perform_on_engine(write: Callable[[Engine], T]) -> Outcome[T]:
    """Run ``write(engine)``, a write that holds its own transaction (the import: it reads the file
    and reports its progress before writing, and advances the counter with its rows)."""
    try:
        value = write(engine())
    except RegistryError as exc:
        return Outcome(error=exc, message=exc.message(lang()))
    finally:
        refresh()
    return Outcome(value=value)


def refresh() -> None:
    """Read the change counter anew in this rerun (every cached reader is keyed by it)."""
    st.session_state.pop("_data_version", None)


def failed(outcome: Outcome[Any], *, prefix: str = "", icon: str | None = None) -> bool:
    """Show a refused write's message (as markdown-safe text); whether the write was refused."""
    if outcome.ok:
        return False
    st.error(prefix + md(outcome.message), icon=icon)
    return True


# --------------------------------------------------------------------------- the record writes of the staff pages
def change_stage(
    example_id: int,
    target: str,
    *,
    version: int,
    on: dt.date,
    actor: Actor,
    level: str | None,
    reason: str,
    award_form: str | None,
    award_issuer: str | None,
) -> Outcome[None]:
    """One record moved to the stage ``target`` (the review page; one transaction per record)."""

    def write(session: Session) -> None:
        writes.change_stage(
            session,
            example_id,
            target,
            on=on,
            actor=actor,
            version=version,
            level=level,
            reason=reason,
            award_form=award_form,
            award_issuer=award_issuer,
        )

    return perform(write)


def restore(example_id: int, actor: Actor) -> Outcome[None]:
    """A deleted record back among the live ones (the admin page)."""

    def write(session: Session) -> None:
        writes.restore_example(session, example_id, actor)

    return perform(write)
