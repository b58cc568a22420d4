"""Submission and approval of unit reports: draft → submitted → approved (locked), or → returned
with a comment and back to submitted; an approved report is changed only after an admin reopens it
with a reason. Every step is checked where it runs (``authorize``) and audited (``audit_log``,
entity ``unit_report``), and bumps the data version that keys every cached reader.

Only approved reports count (registry/reports/counts.py); drafts and returned reports never do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlmodel import Session, col, select

from registry.errors import Conflict, NotFound, Problem, RegistryError, ValidationFailed
from registry.i18n import DEFAULT_LANG, t
from registry.models import AdminUnit, AuditLog, utcnow
from registry.permissions import Actor, authorize
from registry.records.audit import audit
from registry.records.rollups import bump_version
from registry.report_tables import FIGURES, UnitReport, UnitReportCreate, UnitReportUpdate
from registry.reports import validation
from registry.text import canonical
from registry.units.bodies import body_named
from registry.units.index import UnitIndex, UnitNotResolved

ENTITY = "unit_report"
REPORTING_LEVELS = ("province", "district", "commune", "body")
EDITABLE = ("draft", "returned")


class WrongStatus(RegistryError):
    key = "report.error.wrong_status"

    def message(self, lang: str = DEFAULT_LANG) -> str:
        params = self.params | {
            "status": t(f"report.status.{self.params['status']}", lang),
            "step": t(f"report.step.{self.params['step']}", lang),
        }
        return t(self.key, lang, **params)


def snapshot(report: UnitReport) -> dict:
    data = report.model_dump()
    return {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in data.items()}


def reporting_units(session: Session) -> UnitIndex:
    """The unit index of reports: every unit, the provincial bodies included."""
    return UnitIndex.load(session, bodies=True)


def resolve_unit(units: UnitIndex, value: str, period_from: dt.date, period_until: dt.date) -> AdminUnit:
    """The reporting unit ``value`` names, as the records import reads units; it must be a
    reporting unit that existed through the whole period. Raises ValidationFailed."""
    unit = body_named(units, value)
    try:
        unit = unit or units.resolve(value, on=period_until, want="unit", field_name="report.unit")
    except UnitNotResolved as exc:
        raise ValidationFailed([exc.problem]) from None
    params = {"unit": units.label(unit)}
    if unit.level not in REPORTING_LEVELS:
        raise ValidationFailed([Problem("report.unit", "report.error.level", params)])
    if unit.valid_from > period_from or (unit.valid_to is not None and unit.valid_to < period_until):
        params |= {"start": period_from.strftime("%d/%m/%Y"), "until": period_until.strftime("%d/%m/%Y")}
        raise ValidationFailed([Problem("report.unit", "report.error.unit_era", params)])
    return unit


def earlier_reports(session: Session, *, unit_id: int, exclude_id: int | None = None) -> list[validation.Earlier]:
    """The unit's approved reports, as the warnings compare with them."""
    stmt = select(UnitReport).where(UnitReport.unit_id == unit_id, UnitReport.status == "approved")
    rows = [r for r in session.exec(stmt).all() if r.id != exclude_id]
    return [validation.Earlier(r.period_from, r.period_until, {f: getattr(r, f) for f in FIGURES}) for r in rows]


def check(
    session: Session,
    values: Mapping[str, object],
    period_from: dt.date,
    period_until: dt.date,
    *,
    unit_id: int,
    exclude_id: int | None = None,
) -> tuple[dict[str, int | None], list[Problem]]:
    """The figures as whole numbers and the warnings; raises ValidationFailed on any error."""
    figures, problems = validation.check_report(values, period_from, period_until)
    if problems:
        raise ValidationFailed(problems)
    earlier = earlier_reports(session, unit_id=unit_id, exclude_id=exclude_id)
    return figures, validation.warnings(figures, period_from, period_until, earlier)


def find(session: Session, *, unit_id: int, period_from: dt.date, period_until: dt.date) -> UnitReport | None:
    stmt = select(UnitReport).where(
        UnitReport.unit_id == unit_id, UnitReport.period_from == period_from, UnitReport.period_until == period_until
    )
    return session.exec(stmt).first()


def create_report(
    session: Session, data: UnitReportCreate, *, actor: Actor, units: UnitIndex | None = None
) -> tuple[UnitReport, list[Problem]]:
    """A new draft report of ``data.unit`` (the actor's unit or a unit under it). Returns the
    report and the warnings."""
    units = units or reporting_units(session)
    data = UnitReportCreate.model_validate(data)
    unit = resolve_unit(units, data.unit, data.period_from, data.period_until)
    unit_id = unit.id or 0
    authorize(actor, "report_draft", unit_id, units)
    figures, warns = check(
        session, data.model_dump(include=set(FIGURES)), data.period_from, data.period_until, unit_id=unit_id
    )
    existing = find(session, unit_id=unit_id, period_from=data.period_from, period_until=data.period_until)
    if existing is not None:
        params = {
            "unit": units.label(unit),
            "start": data.period_from.strftime("%d/%m/%Y"),
            "until": data.period_until.strftime("%d/%m/%Y"),
            "id": existing.id,
        }
        raise ValidationFailed([Problem("report.unit", "report.error.exists", params)])
    report = UnitReport(
        unit_id=unit_id,
        period_from=data.period_from,
        period_until=data.period_until,
        doc_number=canonical(data.doc_number),
        doc_date=data.doc_date,
        is_sample=data.is_sample,
        status="draft",
        created_by=actor.name,
        updated_by=actor.name,
    )
    for name, value in figures.items():
        setattr(report, name, value)
    session.add(report)
    session.flush()
    audit(session, actor, "report_create", report.id, None, snapshot(report), entity=ENTITY)
    bump_version(session)
    return report, warns


def _get(session: Session, report_id: int) -> UnitReport:
    report = session.get(UnitReport, report_id)
    if report is None:
        raise NotFound()
    return report


def _wrong(report: UnitReport, step: str) -> WrongStatus:
    return WrongStatus(id=report.id, status=report.status, step=step)


def update_report(
    session: Session, report_id: int, changes: UnitReportUpdate, *, actor: Actor, units: UnitIndex | None = None
) -> tuple[UnitReport, list[Problem]]:
    """Edit a draft or returned report (an approved one is locked: ``reopen_report`` first)."""
    report = _get(session, report_id)
    units = units or reporting_units(session)
    authorize(actor, "report_draft", report.unit_id, units)
    if report.status == "approved":
        raise RegistryError("report.error.locked", id=report.id)
    if report.status not in EDITABLE:
        raise _wrong(report, "update")
    if changes.version != report.version:
        raise Conflict(
            current_version=report.version, your_version=changes.version, user=report.updated_by, at=report.updated_at
        )
    given = changes.model_dump(exclude_unset=True, exclude={"version"})
    merged = snapshot(report) | given
    period_from = given.get("period_from", report.period_from)
    period_until = given.get("period_until", report.period_until)
    figures, warns = check(
        session,
        {f: merged.get(f) for f in FIGURES},
        period_from,
        period_until,
        unit_id=report.unit_id,
        exclude_id=report.id,
    )
    before = snapshot(report)
    for name, value in figures.items():
        setattr(report, name, value)
    report.period_from, report.period_until = period_from, period_until
    if "doc_number" in given:
        report.doc_number = canonical(given["doc_number"] or "")
    if "doc_date" in given:
        report.doc_date = given["doc_date"]
    _touch(report, actor)
    session.flush()
    audit(session, actor, "report_update", report.id, before, snapshot(report), entity=ENTITY)
    bump_version(session)
    return report, warns


def _touch(report: UnitReport, actor: Actor) -> None:
    report.version += 1
    report.updated_at = utcnow()
    report.updated_by = actor.name


def _step(session: Session, report: UnitReport, actor: Actor, action: str, note: str = "") -> UnitReport:
    before = snapshot(report)
    _touch(report, actor)
    session.flush()
    audit(session, actor, action, report.id, before, snapshot(report), note=note, entity=ENTITY)
    bump_version(session)
    return report


def submit_report(session: Session, report_id: int, *, actor: Actor, units: UnitIndex | None = None) -> UnitReport:
    """A draft or returned report goes to the province."""
    report = _get(session, report_id)
    authorize(actor, "report_submit", report.unit_id, units or reporting_units(session))
    if report.status not in EDITABLE:
        raise _wrong(report, "submit")
    report.status = "submitted"
    report.submitted_at, report.submitted_by = utcnow(), actor.name
    return _step(session, report, actor, "report_submit")


def approve_report(session: Session, report_id: int, *, actor: Actor) -> UnitReport:
    """A province-level editor approves a submitted report: it counts from now on, and is locked."""
    authorize(actor, "report_approve")
    report = _get(session, report_id)
    if report.status != "submitted":
        raise _wrong(report, "approve")
    report.status = "approved"
    report.decided_at, report.decided_by = utcnow(), actor.name
    report.return_comment = ""
    return _step(session, report, actor, "report_approve")


# the two ways back to the unit: (the action, the status it leaves, the problem when no words are given)
SEND_BACK = {
    "return": ("report_return", "submitted", Problem("report.return_comment", "report.error.comment_required")),
    "reopen": ("report_reopen", "approved", Problem("report.reason", "report.error.reason_required")),
}


def _send_back(session: Session, report_id: int, words: str, *, actor: Actor, verb: str) -> tuple[UnitReport, str]:
    """A report returned to its unit with ``words`` (a comment or a reason, required): checked and
    set, not yet saved."""
    action, was, missing = SEND_BACK[verb]
    authorize(actor, action)
    words = canonical(words or "")[:500]
    if not words:
        raise ValidationFailed([missing])
    report = _get(session, report_id)
    if report.status != was:
        raise _wrong(report, verb)
    report.status = "returned"
    report.return_comment = words
    return report, words


def return_report(session: Session, report_id: int, comment: str, *, actor: Actor) -> UnitReport:
    """A province-level editor returns a submitted report to its unit with a comment."""
    report, comment = _send_back(session, report_id, comment, actor=actor, verb="return")
    report.decided_at, report.decided_by = utcnow(), actor.name
    return _step(session, report, actor, "report_return", note=comment)


def reopen_report(session: Session, report_id: int, reason: str, *, actor: Actor) -> UnitReport:
    """An admin reopens an approved report, with a reason: it is returned to its unit (and stops
    counting until it is approved again)."""
    report, reason = _send_back(session, report_id, reason, actor=actor, verb="reopen")
    return _step(session, report, actor, "report_reopen", note=reason)


def history(session: Session, *, report_id: int) -> list[tuple[dt.datetime, str, str, str]]:
    """(at, user, action, note) of every step of a report, oldest first."""
    stmt = (
        select(AuditLog)
        .where(AuditLog.entity == ENTITY, AuditLog.entity_id == report_id)
        .order_by(col(AuditLog.at), col(AuditLog.id))
    )
    return [(a.at, a.user, a.action, a.note) for a in session.exec(stmt).all()]
