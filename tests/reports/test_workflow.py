"""Submission and approval: a unit-limited editor drafts and submits its own unit's report, a
province-level editor approves (then it is locked) or returns it with a comment, only an admin
reopens it with a reason; every step is audited; a draft never counts."""

import datetime as dt

import pytest
from sqlmodel import select

from registry.errors import PermissionDenied, RegistryError, ValidationFailed
from registry.models import AuditLog
from registry.permissions import Actor
from registry.report_tables import UnitReportCreate, UnitReportUpdate
from registry.reports import workflow
from registry.reports.counts import reported
from tests.support.reports import ADMIN, PROVINCE_EDITOR, make_report, unit, unit_editor, year


def draft(session, code="400", **figures):
    data = UnitReportCreate(
        unit=code,
        period_from=dt.date(2023, 1, 1),
        period_until=dt.date(2023, 12, 31),
        doc_number="Số 12-BC/ĐU",
        **figures,
    )
    return workflow.create_report(session, data, actor=unit_editor(session, code))


def test_unit_editor_drafts_and_submits_its_own_units_report(session):
    report, warnings = draft(session, total=201, collective=147, individual=54)
    assert report.status == "draft" and report.total == 201 and report.economy is None and warnings == []
    assert report.doc_number == "Số 12-BC/ĐU" and report.created_by == "editor-400"
    workflow.submit_report(session, report.id, actor=unit_editor(session, "400"))
    assert report.status == "submitted" and report.submitted_by == "editor-400" and report.version == 2


def test_unit_editor_cannot_draft_another_units_report_nor_approve(session):
    with pytest.raises(PermissionDenied):
        workflow.create_report(
            session,
            UnitReportCreate(unit="401", period_from=dt.date(2023, 1, 1), period_until=dt.date(2023, 12, 31), total=1),
            actor=unit_editor(session, "400"),
        )
    report, _ = draft(session, total=5)
    workflow.submit_report(session, report.id, actor=unit_editor(session, "400"))
    with pytest.raises(PermissionDenied):
        workflow.approve_report(session, report.id, actor=unit_editor(session, "400"))
    with pytest.raises(PermissionDenied):
        workflow.approve_report(session, report.id, actor=Actor("xem", "viewer"))
    with pytest.raises(PermissionDenied):
        workflow.return_report(session, report.id, "sai", actor=unit_editor(session, "400"))


def test_a_provincial_body_and_the_province_are_reporting_units(session):
    body = make_report(session, "B02", year(2023), total=30, status="submitted")
    assert body.unit_id == unit(session, "B02").id
    synthesis = make_report(session, "38", (dt.date(2021, 1, 1), dt.date(2023, 10, 10)), total=8419)
    assert synthesis.status == "approved" and unit(session, "38").level == "province"


def test_the_unit_must_exist_through_the_period(session):
    with pytest.raises(ValidationFailed) as exc:
        workflow.create_report(
            session,
            UnitReportCreate(unit="405", period_from=dt.date(2024, 1, 1), period_until=dt.date(2024, 12, 31), total=1),
            actor=PROVINCE_EDITOR,
        )
    assert exc.value.problems[0].key == "report.error.unit_era"
    assert "Đông Sơn" in exc.value.message("vi")


def test_errors_refuse_the_report_and_nothing_is_written(session):
    with pytest.raises(ValidationFailed) as exc:
        draft(session, total=200, collective=147, individual=54)
    assert exc.value.problems[0].key == "report.error.kinds_sum"
    assert session.exec(select(AuditLog).where(AuditLog.entity == "unit_report")).all() == []


def test_one_report_per_unit_and_period(session):
    draft(session, total=1)
    with pytest.raises(ValidationFailed) as exc:
        draft(session, total=2)
    assert exc.value.problems[0].key == "report.error.exists"


def test_approved_is_locked_until_an_admin_reopens_it_with_a_reason(session):
    report = make_report(session, "400", year(2023), total=10)
    assert report.status == "approved" and report.decided_by == "tinh"
    with pytest.raises(RegistryError) as exc:
        workflow.update_report(
            session, report.id, UnitReportUpdate(version=report.version, total=11), actor=unit_editor(session, "400")
        )
    assert exc.value.key == "report.error.locked"
    with pytest.raises(PermissionDenied):
        workflow.reopen_report(session, report.id, "Sửa số liệu", actor=PROVINCE_EDITOR)
    with pytest.raises(ValidationFailed):
        workflow.reopen_report(session, report.id, "  ", actor=ADMIN)
    workflow.reopen_report(session, report.id, "Sửa số liệu", actor=ADMIN)
    assert report.status == "returned" and report.return_comment == "Sửa số liệu"
    workflow.update_report(
        session, report.id, UnitReportUpdate(version=report.version, total=11), actor=unit_editor(session, "400")
    )
    assert report.total == 11


def test_returned_with_a_comment_then_corrected_and_resubmitted(session):
    report = make_report(session, "400", year(2023), total=10, status="submitted")
    with pytest.raises(ValidationFailed):
        workflow.return_report(session, report.id, "", actor=PROVINCE_EDITOR)
    workflow.return_report(session, report.id, "Thiếu lĩnh vực", actor=PROVINCE_EDITOR)
    assert report.status == "returned" and report.return_comment == "Thiếu lĩnh vực"
    with pytest.raises(RegistryError) as exc:
        workflow.approve_report(session, report.id, actor=PROVINCE_EDITOR)
    assert exc.value.key == "report.error.wrong_status"
    assert "Bị trả lại" in exc.value.message("vi") and "cannot be approved" in exc.value.message("en")
    workflow.update_report(
        session, report.id, UnitReportUpdate(version=report.version, economy=10), actor=unit_editor(session, "400")
    )
    workflow.submit_report(session, report.id, actor=unit_editor(session, "400"))
    workflow.approve_report(session, report.id, actor=PROVINCE_EDITOR)
    assert report.status == "approved" and report.return_comment == "" and report.economy == 10


def test_every_step_is_audited(session):
    report = make_report(session, "400", year(2023), total=10, status="returned")
    workflow.submit_report(session, report.id, actor=unit_editor(session, "400"))
    workflow.approve_report(session, report.id, actor=PROVINCE_EDITOR)
    workflow.reopen_report(session, report.id, "Nhầm kỳ", actor=ADMIN)
    steps = [(user, action, note) for _, user, action, note in workflow.history(session, report_id=report.id)]
    assert steps == [
        ("editor-400", "report_create", ""),
        ("editor-400", "report_submit", ""),
        ("tinh", "report_return", "Thiếu số liệu lĩnh vực"),
        ("editor-400", "report_submit", ""),
        ("tinh", "report_approve", ""),
        ("quan-tri", "report_reopen", "Nhầm kỳ"),
    ]


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_only_approved_reports_count(session, status):
    start, end = year(2023)
    make_report(session, "400", (start, end), total=10, status=status)
    summary = reported(session, area="400", start=start, end=end)
    assert summary.total is None and summary.units_reporting == 0
    report = session.exec(select(workflow.UnitReport)).one()
    if status == "returned":
        workflow.submit_report(session, report.id, actor=unit_editor(session, "400"))
    if status != "draft":
        workflow.approve_report(session, report.id, actor=PROVINCE_EDITOR)
        assert reported(session, area="400", start=start, end=end).total == 10


def test_warnings_do_not_refuse(session):
    for y, n in ((2020, 90), (2021, 100), (2022, 110)):
        make_report(session, "400", year(y), total=n)
    data = UnitReportCreate(unit="400", period_from=dt.date(2023, 1, 1), period_until=dt.date(2023, 12, 31), total=900)
    report, warnings = workflow.create_report(session, data, actor=unit_editor(session, "400"))
    assert report.id is not None and [w.key for w in warnings] == ["report.warning.outlier"]
