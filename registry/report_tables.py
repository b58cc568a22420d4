"""Unit reports: what a unit reports for a period (issue 21), beside the records typed in.

The model family follows registry/models.py: ``UnitReportBase`` holds the fields a person states
(the period, the document, the figures), ``UnitReport(table=True)`` adds the unit, the status of
the workflow, audit fields and the version, ``UnitReportCreate``/``UnitReportUpdate`` are inputs.
Every figure is nullable: a figure the report does not give is missing, never 0.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

STATUSES = ("draft", "submitted", "returned", "approved")
COUNTED_STATUS = "approved"  # only approved reports count
KIND_FIGURES = ("collective", "individual")
# The four fields of data/fields.csv, by code: a report's column is named by the field's code.
FIELD_FIGURES = ("economy", "culture_society", "defence_security", "political_system")
STAGE_FIGURES = ("registered", "recognised", "outstanding", "awarded")
FIGURES = ("total", *KIND_FIGURES, *FIELD_FIGURES, *STAGE_FIGURES, "replicated", "contests", "contest_units")
DOC_NUMBER_LENGTH = 80
COMMENT_LENGTH = 500


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ReportFigures(SQLModel):
    """The figures of a report, each may be missing (missing is never 0)."""

    total: int | None = None
    collective: int | None = None
    individual: int | None = None
    economy: int | None = None
    culture_society: int | None = None
    defence_security: int | None = None
    political_system: int | None = None
    registered: int | None = None
    recognised: int | None = None
    outstanding: int | None = None
    awarded: int | None = None
    replicated: int | None = None
    contests: int | None = None
    contest_units: int | None = None


class UnitReportBase(ReportFigures):
    """The period a report covers, its document and its figures (each may be missing)."""

    period_from: dt.date
    period_until: dt.date
    doc_number: str = Field(default="", sa_column=Column(String(DOC_NUMBER_LENGTH), nullable=False, server_default=""))
    doc_date: dt.date | None = None
    is_sample: bool = False


class UnitReport(UnitReportBase, table=True):
    """One report of one unit (a district-level unit or provincial body before 1 Jul 2025, a new
    commune or ward or provincial body since, or the province for its syntheses) for one period.
    One report per unit and period: a re-import updates it, never adds a second."""

    __tablename__ = "unit_report"
    __table_args__ = (UniqueConstraint("unit_id", "period_from", "period_until", name="uq_unit_report_period"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="admin_unit.id", index=True)
    status: str = Field(default="draft", sa_column=Column(String(16), nullable=False, index=True))
    return_comment: str = Field(default="", sa_column=Column(String(COMMENT_LENGTH), nullable=False, server_default=""))
    submitted_at: dt.datetime | None = None
    submitted_by: str | None = Field(default=None, max_length=80)
    decided_at: dt.datetime | None = None  # approved or returned
    decided_by: str | None = Field(default=None, max_length=80)
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="system", max_length=80)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="system", max_length=80)
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))


class UnitReportCreate(UnitReportBase):
    """Input for a new report: the unit by code or name, as the records import reads units."""

    unit: str


class UnitReportUpdate(ReportFigures):
    """A partial edit of a draft or returned report: only the fields set change. ``version`` is
    the version the editor saw."""

    version: int
    period_from: dt.date | None = None
    period_until: dt.date | None = None
    doc_number: str | None = None
    doc_date: dt.date | None = None
