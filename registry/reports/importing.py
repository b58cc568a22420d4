"""The import of the summary table of unit reports (one row per unit and period), with the
guarantees of the records import: a dry run, row errors that name the fix, all rows or none, and a
re-import that creates nothing.

Named passes over one plan, each adding to it:

| pass      | adds                                                   | errors it can raise                   |
|-----------|--------------------------------------------------------|---------------------------------------|
| ``read``  | header → column, cells of each row                     | the file refused as a whole (exit 2)  |
| ``place`` | each row's unit (as the records import reads units)    | unknown, ambiguous, wrong era         |
| ``check`` | the figures as whole numbers, the warnings             | every rule of reports.validation      |
| ``match`` | the stored report of the same unit and period, if any  | a duplicate row, an approved report   |
| ``write`` | new reports, updates (submitted, or approved)          | none: all rows were checked before    |

Without ``approve`` the reports are submitted; with it a province-level editor approves them in
the same step. A row equal to its stored report changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from registry.errors import PermissionDenied, Problem, ValidationFailed
from registry.i18n import DEFAULT_LANG, t
from registry.importing.cells import parse_date_precise
from registry.importing.results import RowError
from registry.models import AdminUnit
from registry.permissions import Actor, authorize
from registry.report_tables import FIGURES, UnitReport, UnitReportCreate, UnitReportUpdate
from registry.reports import reading, workflow
from registry.reports.validation import ReportProblem, check_report
from registry.reports.validation import warnings as figure_warnings
from registry.text import canonical
from registry.units.index import UnitIndex


@dataclass
class Row:
    number: int
    cells: dict[str, Any]
    unit: AdminUnit | None = None
    period_from: dt.date | None = None
    period_until: dt.date | None = None
    doc_number: str = ""
    doc_date: dt.date | None = None
    figures: dict[str, int | None] = field(default_factory=dict)
    existing: UnitReport | None = None
    action: str = ""  # create, update (figures or status), unchanged
    changed: bool = False  # the figures or the document differ from the stored report


@dataclass
class ReportImport:
    filename: str
    dry_run: bool
    approve: bool
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # column → header as the file wrote it
    committed: bool = False

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def summary(self) -> dict[str, int]:
        """{"created", "updated", "errors"}: what was written, or in a dry run what would be."""
        if self.errors:
            return {"created": 0, "updated": 0, "errors": len(self.errors)}
        return {"created": self.count("create"), "updated": self.count("update"), "errors": 0}

    def error(self, row: Row, problem: Problem) -> None:
        self.errors.append(self._row_error(row, problem))

    def _row_error(self, row: Row, problem: Problem) -> RowError:
        name = problem.field.removeprefix("report.")
        return RowError(row.number, self.columns.get(name, name), problem.key, problem.params, problem.field)

    def lines(self, lang: str = DEFAULT_LANG) -> list[str]:
        """Every error, then every warning, one line each, naming the row and the fix."""
        out = [t("report.import.row", lang, row=e.row, message=_message(e, lang)) for e in self.errors]
        out += [t("report.cli.warning", lang, row=w.row, message=_message(w, lang)) for w in self.warnings]
        return out


def _message(error: RowError, lang: str) -> str:
    return ReportProblem(error.field or error.column, error.key, error.params).message(lang)


# --------------------------------------------------------------------------- passes
def read(plan: ReportImport, data: bytes) -> None:
    sheet = reading.read_sheet(data, plan.filename)
    columns: dict[int, str] = {}
    for i, header in enumerate(sheet.headers):
        name = reading.map_header(header)
        if name is not None and name not in plan.columns:
            columns[i] = name
            plan.columns[name] = header
    for number, cells in zip(sheet.row_numbers, sheet.rows, strict=True):
        values = {name: cells[i] if i < len(cells) else None for i, name in columns.items()}
        plan.rows.append(Row(number, values))


def _date(plan: ReportImport, row: Row, name: str, *, end: bool = False) -> dt.date | None:
    value = row.cells.get(name)
    try:
        found = parse_date_precise(value.strip() if isinstance(value, str) else value)
    except (ValueError, TypeError):
        plan.error(row, Problem(f"report.{name}", "report.import.bad_date", {"value": value}))
        return None
    if found is None:
        if name in reading.REQUIRED:
            plan.error(row, Problem(f"report.{name}", "error.required"))
        return None
    return reading.period_end(*found) if end else found[0]


def place(plan: ReportImport, units: UnitIndex, actor: Actor) -> None:
    for row in plan.rows:
        row.period_from = _date(plan, row, "period_from")
        row.period_until = _date(plan, row, "period_until", end=True)
        row.doc_date = _date(plan, row, "doc_date")
        row.doc_number = canonical(str(row.cells.get("doc_number") or ""))
        unit_text = canonical(str(row.cells.get("unit") or ""))
        if not unit_text:
            plan.error(row, Problem("report.unit", "error.required"))
            continue
        if row.period_from is None or row.period_until is None:
            continue
        try:
            row.unit = workflow.resolve_unit(units, unit_text, row.period_from, row.period_until)
            authorize(actor, "report_draft", row.unit.id, units)
        except ValidationFailed as exc:
            for problem in exc.problems:
                plan.error(row, problem)
        except PermissionDenied:
            plan.error(row, Problem("report.unit", "error.forbidden"))


def check(plan: ReportImport, session: Session) -> None:
    for row in plan.rows:
        if row.period_from is None or row.period_until is None:
            continue
        row.figures, problems = check_report({f: row.cells.get(f) for f in FIGURES}, row.period_from, row.period_until)
        for problem in problems:
            plan.error(row, problem)
        if not problems and row.unit is not None:
            earlier = workflow.earlier_reports(session, unit_id=row.unit.id or 0)
            for warning in figure_warnings(row.figures, row.period_from, row.period_until, earlier):
                plan.warnings.append(plan._row_error(row, warning))


def _same(report: UnitReport, row: Row) -> bool:
    return (
        all(getattr(report, f) == row.figures.get(f) for f in FIGURES)
        and report.doc_number == row.doc_number
        and report.doc_date == row.doc_date
    )


def match(plan: ReportImport, session: Session, units: UnitIndex) -> None:
    seen: dict[tuple[int, dt.date, dt.date], int] = {}
    for row in plan.rows:
        if row.unit is None or row.period_from is None or row.period_until is None:
            continue
        key = (row.unit.id or 0, row.period_from, row.period_until)
        params = {
            "unit": units.label(row.unit),
            "start": row.period_from.strftime("%d/%m/%Y"),
            "until": row.period_until.strftime("%d/%m/%Y"),
        }
        if key in seen:
            plan.error(row, Problem("report.unit", "report.import.duplicate_row", params | {"other": seen[key]}))
            continue
        seen[key] = row.number
        row.existing = workflow.find(session, unit_id=key[0], period_from=key[1], period_until=key[2])
        if row.existing is None:
            row.action = "create"
            continue
        row.changed = not _same(row.existing, row)
        status = row.existing.status
        if status == "approved" and row.changed:
            plan.error(row, Problem("report.unit", "report.import.locked", params))
        elif status == "approved" or (status == "submitted" and not row.changed and not plan.approve):
            row.action = "unchanged"
        else:
            row.action = "update"


def write(plan: ReportImport, session: Session, actor: Actor, units: UnitIndex) -> None:
    for row in plan.rows:
        assert row.unit is not None and row.period_from is not None and row.period_until is not None
        if row.action == "create":
            data = UnitReportCreate.model_validate(
                {
                    "unit": row.unit.code,
                    "period_from": row.period_from,
                    "period_until": row.period_until,
                    "doc_number": row.doc_number,
                    "doc_date": row.doc_date,
                    **row.figures,
                }
            )
            report, _ = workflow.create_report(session, data, actor=actor, units=units)
        elif row.action == "update" and row.existing is not None:
            report = row.existing
            if row.changed:
                if report.status == "submitted":  # the unit sends a corrected table: back to a draft first
                    report.status = "draft"
                update = UnitReportUpdate.model_validate(
                    {"version": report.version, "doc_number": row.doc_number, "doc_date": row.doc_date, **row.figures}
                )
                workflow.update_report(session, report.id or 0, update, actor=actor, units=units)
        else:
            continue
        if report.status in workflow.EDITABLE:
            workflow.submit_report(session, report.id or 0, actor=actor, units=units)
        if plan.approve:
            workflow.approve_report(session, report.id or 0, actor=actor)


def import_reports(
    session: Session, data: bytes, filename: str, *, actor: Actor, dry_run: bool = False, approve: bool = False
) -> ReportImport:
    """Read, place, check and match every row; then write all of them, or none when any row has an
    error (or in a dry run). The caller's transaction commits. Raises FileRejected for a file
    refused as a whole and PermissionDenied when ``approve`` is asked by someone who may not."""
    authorize(actor, "report_draft")
    if approve:
        authorize(actor, "report_approve")
    plan = ReportImport(filename, dry_run, approve)
    units = workflow.reporting_units(session)
    read(plan, data)
    place(plan, units, actor)
    check(plan, session)
    match(plan, session, units)
    if plan.errors or dry_run:
        return plan
    write(plan, session, actor, units)
    session.flush()
    plan.committed = True
    return plan
