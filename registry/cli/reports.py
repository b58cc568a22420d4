"""Unit report commands: ``reports import``, ``reports list``, ``reports template`` and ``accounts``
(the accounts of the reporting units in one step).

``reports import`` has the exit codes of ``import``: 0 imported (or checked, with --dry-run), 1 a
row has an error (nothing written), 2 the file cannot be read. Its last line is the JSON summary
{"created", "updated", "errors"}.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import typer
from sqlmodel import col, select

from registry.cli.app import fail, lang, read_input, ready_engine
from registry.cli.filters import parse_date
from registry.db import read_session, write_session
from registry.i18n import t
from registry.importing.results import FileRejected
from registry.models import AdminUnit
from registry.permissions import Actor
from registry.report_tables import FIGURES, UnitReport
from registry.reports.importing import import_reports
from registry.reports.template import build_template
from registry.staff import accounts
from registry.staff.sessions import actor_of

EMPTY_SUMMARY = {"created": 0, "updated": 0, "errors": 1}


def _actor(user: str) -> Actor:
    with read_session(ready_engine()) as session:
        account = accounts.get_user(session, user)
        if account is None:
            fail("auth.no_such_user", 1, name=user)
        assert account is not None
        if account.disabled:
            fail("auth.disabled", 1)
        return actor_of(account)


def import_cmd(
    path: Path = typer.Argument(..., help="Tệp .xlsx hoặc .csv: bảng tổng hợp, mỗi dòng một đơn vị và một kỳ."),
    user: str = typer.Option(..., "--user", help="Tài khoản chịu trách nhiệm về lần nhập."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ kiểm tra, không ghi."),
    approve: bool = typer.Option(False, "--approve", help="Duyệt luôn (biên tập viên cấp tỉnh); mặc định: đã gửi."),
) -> None:
    """Nhập báo cáo của đơn vị: 0 = đã nhập, 1 = có lỗi (không ghi gì), 2 = không đọc được tệp."""
    language = lang()
    actor = _actor(user)
    data = read_input(path, language, EMPTY_SUMMARY)
    try:
        with write_session(ready_engine()) as session:
            plan = import_reports(session, data, path.name, actor=actor, dry_run=dry_run, approve=approve)
            if plan.errors:
                session.rollback()
    except FileRejected as exc:
        typer.echo(f"{t('cli.error_prefix', language)}: {exc.message(language)}", err=True)
        typer.echo(json.dumps(EMPTY_SUMMARY))
        raise typer.Exit(2) from None
    for line in plan.lines(language):
        typer.echo(line)
    if plan.errors:
        typer.echo(t("report.cli.rejected", language, errors=len(plan.errors)))
        typer.echo(json.dumps(plan.summary()))
        raise typer.Exit(1)
    counts = {"created": plan.count("create"), "updated": plan.count("update"), "unchanged": plan.count("unchanged")}
    if dry_run:
        typer.echo(t("report.cli.dry", language, **counts))
    else:
        status = t("report.status.approved" if approve else "report.status.submitted", language)
        typer.echo(t("report.cli.done", language, status=status, **counts))
    typer.echo(json.dumps(plan.summary()))


def report_json(report: UnitReport, unit: AdminUnit) -> dict:
    """One report as ``reports list --json`` prints it."""
    return {
        "id": report.id,
        "unit": unit.code,
        "unit_name": unit.name,
        "period_from": report.period_from.isoformat(),
        "period_until": report.period_until.isoformat(),
        "doc_number": report.doc_number,
        "doc_date": report.doc_date.isoformat() if report.doc_date else None,
        "status": report.status,
        "return_comment": report.return_comment,
        **{name: getattr(report, name) for name in FIGURES},
    }


def list_cmd(
    as_json: bool = typer.Option(False, "--json", help="In một danh sách JSON, mỗi báo cáo một đối tượng."),
    date_from: str | None = typer.Option(None, "--from", help="Báo cáo có kỳ kết thúc từ ngày này (YYYY-MM-DD)."),
    date_until: str | None = typer.Option(None, "--until", help="Báo cáo có kỳ bắt đầu đến ngày này (YYYY-MM-DD)."),
) -> None:
    """Liệt kê báo cáo của các đơn vị (mọi trạng thái), theo kỳ rồi theo mã đơn vị."""
    start, end = parse_date(date_from, "--from"), parse_date(date_until, "--until")
    with read_session(ready_engine()) as session:
        stmt = select(UnitReport, AdminUnit).join(AdminUnit, col(AdminUnit.id) == col(UnitReport.unit_id))
        if start is not None:
            stmt = stmt.where(col(UnitReport.period_until) >= start)
        if end is not None:
            stmt = stmt.where(col(UnitReport.period_from) <= end)
        stmt = stmt.order_by(col(UnitReport.period_from), col(UnitReport.period_until), col(AdminUnit.code))
        rows = [report_json(r, u) for r, u in session.exec(stmt).all()]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        typer.echo("\t".join(str(r[k]) for k in ("id", "unit", "period_from", "period_until", "status", "total")))


def accounts_cmd(
    source: Path = typer.Argument(..., help="CSV hai cột: tên đăng nhập, đơn vị (mã hoặc tên)."),
    out: Path = typer.Option(..., "--out", help="Tệp CSV ghi tài khoản và mật khẩu dùng một lần (để bàn giao)."),
    role: str = typer.Option("editor", "--role", help="Vai trò của các tài khoản (mặc định editor)."),
) -> None:
    """Tạo tài khoản cho các đơn vị báo cáo từ tệp CSV; mật khẩu dùng một lần ghi ra tệp (đổi khi đăng nhập)."""
    if out.exists():
        fail("accounts.error.out_exists", 2, path=str(out))
    try:
        decoded = source.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        fail("import.cli_no_file", 2, path=str(source), error=getattr(exc, "strerror", None) or exc)
    lines = [row for row in csv.reader(io.StringIO(decoded)) if any(c.strip() for c in row)]
    if lines and len(lines[0]) >= 2 and lines[0][0].strip().lower() in ("name", "tên đăng nhập", "ten dang nhap"):
        lines = lines[1:]
    if not lines or any(len(row) < 2 for row in lines):
        fail("accounts.error.columns", 2)
    with write_session(ready_engine()) as session:
        created = accounts.create_accounts(
            session, [(row[0], row[1]) for row in lines], actor=Actor("cli", "admin"), role=role
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Tên đăng nhập", "Đơn vị", "Mật khẩu dùng một lần"])
    writer.writerows(created)
    out.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    out.chmod(0o600)
    typer.echo(t("accounts.cli.done", lang(), n=len(created), path=str(out)))


def template_cmd(out: Path = typer.Argument(..., help="Tệp .xlsx cần ghi.")) -> None:
    """Ghi tệp Excel mẫu của bảng tổng hợp báo cáo (tiêu đề, dòng ví dụ, danh sách đơn vị, hướng dẫn)."""
    with read_session(ready_engine()) as session:
        data = build_template(session, lang())
    out.write_bytes(data)
    typer.echo(t("template.done", lang(), path=str(out)))


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Báo cáo của các đơn vị.", no_args_is_help=True, rich_markup_mode=None)
    group.command("import")(import_cmd)
    group.command("list")(list_cmd)
    group.command("template")(template_cmd)
    app.add_typer(group, name="reports")
    app.command("accounts")(accounts_cmd)
