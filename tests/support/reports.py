"""Shared helpers of the unit report tests: units by code, actors, a report factory."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from registry.models import AdminUnit
from registry.permissions import Actor
from registry.report_tables import UnitReportCreate
from registry.reports import workflow

PROVINCE_EDITOR = Actor("tinh", "editor")
ADMIN = Actor("quan-tri", "admin")


def unit(session: Session, code: str) -> AdminUnit:
    return session.exec(select(AdminUnit).where(AdminUnit.code == code)).one()


def unit_editor(session: Session, code: str) -> Actor:
    return Actor(f"editor-{code}", "editor", unit(session, code).id)


def year(y: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def make_report(session: Session, code: str, period: tuple[dt.date, dt.date], *, status: str = "approved", **figures):
    """A report of unit ``code`` brought to ``status`` through the workflow."""
    editor = unit_editor(session, code)
    data = UnitReportCreate(unit=code, period_from=period[0], period_until=period[1], **figures)
    report, _ = workflow.create_report(session, data, actor=editor)
    if status in ("submitted", "approved", "returned"):
        workflow.submit_report(session, report.id, actor=editor)
    if status == "approved":
        workflow.approve_report(session, report.id, actor=PROVINCE_EDITOR)
    if status == "returned":
        workflow.return_report(session, report.id, "Thiếu số liệu lĩnh vực", actor=PROVINCE_EDITOR)
    session.flush()
    return report
