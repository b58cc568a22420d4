"""Reads of the staff pages: record search for pickers, a record as form input, possible
duplicates, the review list, a record's history, recent changes, deleted records, and the choices
of the staff forms. SQL only, limited result sizes; never the whole table."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import cast

from sqlalchemy import or_
from sqlmodel import Session, col, select

from registry import text
from registry.models import (
    REFORM_DATE,
    AdminUnit,
    AuditLog,
    Award,
    Bloc,
    ModelExample,
    Programme,
    StageEvent,
    WorkField,
)


def search_records(
    session: Session, *, query: str, limit: int = 50, unit_id: int | None = None
) -> list[tuple[int, str]]:
    """(id, label) of live records whose folded text or id matches ``query``, newest first."""
    q = text.fold(query)
    stmt = (
        select(ModelExample.id, ModelExample.title, ModelExample.year, AdminUnit.short_name)
        .join(AdminUnit, col(AdminUnit.id) == ModelExample.unit_id)
        .where(col(ModelExample.deleted).is_(False))
    )
    if q:
        conditions = [col(ModelExample.search_text).contains(part) for part in q.split()]
        if q.isdigit():
            stmt = stmt.where(or_(col(ModelExample.id) == int(q), *conditions))
        else:
            for c in conditions:
                stmt = stmt.where(c)
    if unit_id is not None:
        stmt = stmt.where(ModelExample.unit_id == unit_id)
    rows = session.exec(stmt.order_by(col(ModelExample.id).desc()).limit(limit)).all()
    return [(cast(int, r[0]), f"#{r[0]} {r[1]} ({r[3]}, {r[2]})") for r in rows]  # ids read are never None


def record_label(session: Session, *, example_id: int) -> str | None:
    row = session.exec(
        select(ModelExample.id, ModelExample.title, ModelExample.year).where(ModelExample.id == example_id)
    ).first()
    return f"#{row[0]} {row[1]} ({row[2]})" if row else None


def possible_duplicates(
    session: Session, *, title: str, unit_id: int, year: int, exclude_id: int | None = None, limit: int = 10
) -> list[tuple[int, str]]:
    """Live records with the same normalised title, unit and year."""
    stmt = select(ModelExample.id, ModelExample.title).where(
        ModelExample.match_key == text.title_match_key(title)[:300],
        ModelExample.unit_id == unit_id,
        ModelExample.year == year,
        col(ModelExample.deleted).is_(False),
    )
    if exclude_id is not None:
        stmt = stmt.where(ModelExample.id != exclude_id)
    return [(cast(int, r[0]), r[1]) for r in session.exec(stmt.limit(limit)).all()]  # ids read are never None


def review_list(
    session: Session,
    *,
    stage: str | None = None,
    unit_id: int | None = None,
    year: int | None = None,
    query: str = "",
    limit: int = 500,
) -> list[dict]:
    """Live records for the review page, at most ``limit``, oldest registration first."""
    stmt = (
        select(  # type: ignore[call-overload]  # sqlmodel types select() up to 4 columns; it takes any number
            ModelExample.id,
            ModelExample.title,
            ModelExample.kind,
            ModelExample.stage,
            ModelExample.registered_on,
            ModelExample.version,
            AdminUnit.short_name,
            ModelExample.registered_precision,
        )
        .join(AdminUnit, col(AdminUnit.id) == ModelExample.unit_id)
        .where(col(ModelExample.deleted).is_(False))
    )
    if stage:
        stmt = stmt.where(ModelExample.stage == stage)
    if unit_id is not None:
        stmt = stmt.where(ModelExample.unit_id == unit_id)
    if year is not None:
        stmt = stmt.where(ModelExample.year == year)
    for part in text.fold(query).split():
        stmt = stmt.where(col(ModelExample.search_text).contains(part))
    rows = session.exec(stmt.order_by(col(ModelExample.registered_on), col(ModelExample.id)).limit(limit)).all()
    return [
        dict(
            id=r[0],
            title=r[1],
            kind=r[2],
            stage=r[3],
            registered_on=r[4],
            version=r[5],
            unit=r[6],
            registered_precision=r[7],
        )
        for r in rows
    ]


@dataclass
class Change:
    at: dt.datetime
    user: str
    action: str
    entity_id: int | None
    fields: dict  # field -> (before, after)
    note: str


def _diff(before: str | None, after: str | None) -> dict:
    b = json.loads(before) if before else {}
    a = json.loads(after) if after else {}
    skip = {"updated_at", "version", "created_at"}
    return {k: (b.get(k), a.get(k)) for k in sorted(set(a) | set(b)) if k not in skip and b.get(k) != a.get(k)}


def history(session: Session, *, example_id: int) -> list[Change]:
    """Every audit row of one record, newest first, with the fields that changed."""
    rows = session.exec(
        select(AuditLog)
        .where(AuditLog.entity == "model_example", AuditLog.entity_id == example_id)
        .order_by(col(AuditLog.at).desc(), col(AuditLog.id).desc())
    ).all()
    return [Change(r.at, r.user, r.action, r.entity_id, _diff(r.before, r.after), r.note) for r in rows]


def stage_events(session: Session, *, example_id: int) -> list[StageEvent]:
    return list(
        session.exec(
            select(StageEvent)
            .where(StageEvent.example_id == example_id)
            .order_by(col(StageEvent.reached_on), col(StageEvent.id))
        ).all()
    )


def recent_changes(
    session: Session,
    *,
    user: str | None = None,
    date_from: dt.date | None = None,
    date_until: dt.date | None = None,
    limit: int = 500,
) -> list[Change]:
    """The newest audit rows, filtered by user and by day (inclusive), at most ``limit``."""
    stmt = select(AuditLog)
    if user:
        stmt = stmt.where(AuditLog.user == user)
    if date_from:
        stmt = stmt.where(AuditLog.at >= dt.datetime.combine(date_from, dt.time(), dt.UTC))
    if date_until:
        stmt = stmt.where(AuditLog.at < dt.datetime.combine(date_until + dt.timedelta(days=1), dt.time(), dt.UTC))
    rows = session.exec(stmt.order_by(col(AuditLog.at).desc(), col(AuditLog.id).desc()).limit(limit)).all()
    return [Change(r.at, r.user, r.action, r.entity_id, _diff(r.before, r.after), r.note) for r in rows]


def audit_users(session: Session) -> list[str]:
    return [r for r in session.exec(select(AuditLog.user).distinct().order_by(AuditLog.user)).all()]


def deleted_records(session: Session, *, limit: int = 500) -> list[dict]:
    rows = session.exec(
        select(ModelExample.id, ModelExample.title, ModelExample.deleted_at, ModelExample.deleted_by)
        .where(col(ModelExample.deleted).is_(True))
        .order_by(col(ModelExample.deleted_at).desc())
        .limit(limit)
    ).all()
    return [dict(id=r[0], title=r[1], deleted_at=r[2], deleted_by=r[3]) for r in rows]


def latest_award(session: Session, *, example_id: int) -> tuple[str, str] | None:
    """(form, issuer) of a record's latest award, None without one (the entry form shows it)."""
    row = session.exec(
        select(Award.form, Award.issuer)
        .where(Award.example_id == example_id)
        .order_by(col(Award.awarded_on).desc(), col(Award.id).desc())
    ).first()
    return (row[0], row[1]) if row else None


def form_choices(session: Session, *, lang: str) -> dict[str, list[tuple[str, str]]]:
    """The choices of the staff forms, as (code, label) in ``lang``: ``unit`` (province, districts
    and the units from the reform on), ``commune`` (the communes before it, with their district),
    ``field``, ``bloc``, ``programme``; and, as (str(id), code), ``unit_ids``, ``field_ids``,
    ``bloc_ids`` and ``programme_ids``, which turn a stored record's ids back into codes."""
    name = "name_en" if lang == "en" else "name_vi"
    units = session.exec(select(AdminUnit).order_by(col(AdminUnit.level), col(AdminUnit.code))).all()
    by_id = {u.id: u for u in units}
    holders = [
        (u.code, f"{u.name} ({u.code})")
        for u in units
        if u.level in ("province", "district") or u.valid_from >= REFORM_DATE
    ]
    communes = []
    for u in units:
        if u.level == "commune" and u.valid_from < REFORM_DATE:
            parent = by_id.get(u.parent_id)
            communes.append((u.code, f"{u.name} ({parent.short_name if parent else ''}, {u.code})"))
    out: dict[str, list[tuple[str, str]]] = {"unit": holders, "commune": communes}
    references: tuple[tuple[str, type[WorkField] | type[Bloc] | type[Programme]], ...] = (
        ("field", WorkField),
        ("bloc", Bloc),
        ("programme", Programme),
    )
    for kind, model in references:
        rows = session.execute(
            select(col(model.id), col(model.code), getattr(model, name)).order_by(col(model.sort))
        ).all()
        out[kind] = [(code, label) for _, code, label in rows]
        out[f"{kind}_ids"] = [(str(ident), code) for ident, code, _ in rows]
    out["unit_ids"] = [(str(u.id), u.code) for u in units]
    return out
