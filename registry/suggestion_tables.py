"""Suggested replication links: a candidate origin for a record without one, with a score and a
reason, waiting for staff to confirm or reject it. A suggestion is never a link: only a
confirmation (an audited update of ``replicated_from``) makes one. Rejected pairs stay, so that
they are never suggested again. Imported by registry.models, so the table is registered wherever
the models are."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

SUGGESTION_STATUSES = ("pending", "rejected", "confirmed")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ReplicationSuggestion(SQLModel, table=True):
    """One suggested pair: ``copy_id`` may be a copy of ``origin_id``."""

    __tablename__ = "replication_suggestion"
    __table_args__ = (
        UniqueConstraint("copy_id", "origin_id", name="uq_replication_suggestion"),
        Index("ix_replication_suggestion_status_score", "status", "score"),
        Index("ix_replication_suggestion_origin", "origin_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    copy_id: int = Field(foreign_key="model_example.id")
    origin_id: int = Field(foreign_key="model_example.id")
    score: float
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    status: str = Field(default="pending", max_length=16)
    created_at: dt.datetime = Field(default_factory=_now)
    decided_by: str | None = Field(default=None, max_length=80)
    decided_at: dt.datetime | None = None
