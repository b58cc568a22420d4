"""Staff commands: accounts (``user …``), the import template, ``import``, ``backup`` and ``restore``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import typer
from sqlalchemy.exc import SQLAlchemyError

from registry import health
from registry.cli import app as cli_app
from registry.cli.app import UserError, check_choice, fail, lang, ready_engine
from registry.db import read_session, write_session
from registry.errors import RegistryError
from registry.i18n import t
from registry.importing import plan as import_plan
from registry.importing import report as import_report
from registry.importing import results as import_results
from registry.importing.template import build_template
from registry.models import AdminUnit, utcnow
from registry.permissions import Actor
from registry.staff import accounts, backup
from registry.staff.sessions import aware

CLI_ACTOR_NAME = "cli"


def _read_password(confirm: bool = True) -> str:
    """The password from stdin when it is piped (first line), else from a hidden prompt."""
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt(t("user.password_prompt", lang()), hide_input=True)
        if confirm and typer.prompt(t("user.password_again", lang()), hide_input=True) != password:
            fail("user.password_mismatch", 1)
    return password


def _admin_actor():
    return Actor(CLI_ACTOR_NAME, "admin")


def user_add(
    name: str = typer.Argument(..., help="Tên đăng nhập."),
    role: str = typer.Option(..., "--role", help="viewer, editor, reporter hoặc admin."),
    unit: str | None = typer.Option(None, "--unit", help="Mã đơn vị (chỉ với editor: giới hạn vào đơn vị đó)."),
) -> None:
    """Tạo tài khoản; mật khẩu đọc từ dấu nhắc hoặc từ stdin."""

    check_choice(role, "--role", accounts.ROLES)
    eng = ready_engine()
    password = _read_password()
    with write_session(eng) as session:
        user = accounts.create_user(session, name, password, role, unit, actor=_admin_actor())
        typer.echo(t("user.added", lang(), name=user.name, role=user.role))


def user_list() -> None:
    """Liệt kê tài khoản (không bao giờ in mật khẩu hay mã băm)."""

    with read_session(ready_engine()) as session:
        users = accounts.list_users(session)
        if not users:
            typer.echo(t("user.none", lang()))
            return
        typer.echo(t("user.list_header", lang()))
        now = utcnow()
        for u in users:
            unit = session.get_one(AdminUnit, u.unit_id).code if u.unit_id else "-"
            locked = aware(u.locked_until)
            status = (
                "user.status_disabled"
                if u.disabled
                else "user.status_locked"
                if locked and locked > now
                else "user.status_active"
            )
            last = aware(u.last_login_at)
            typer.echo(
                "\t".join([u.name, u.role, unit, t(status, lang()), last.strftime("%Y-%m-%d %H:%M") if last else "-"])
            )


def user_disable(name: str = typer.Argument(..., help="Tên đăng nhập.")) -> None:
    """Vô hiệu hóa tài khoản (đăng xuất mọi phiên)."""

    with write_session(ready_engine()) as session:
        user = accounts.set_disabled(session, name, True, actor=_admin_actor())
        typer.echo(t("user.disabled_done", lang(), name=user.name))


def user_reset_password(name: str = typer.Argument(..., help="Tên đăng nhập.")) -> None:
    """Đặt lại mật khẩu (đọc từ dấu nhắc hoặc stdin); mở khóa tài khoản."""

    eng = ready_engine()
    password = _read_password()
    with write_session(eng) as session:
        user = accounts.reset_password(session, name, password, actor=_admin_actor())
        typer.echo(t("user.password_done", lang(), name=user.name))


def user_unlock(
    name: str = typer.Argument(..., help="Tên đăng nhập."),
    clients: bool = typer.Option(False, "--clients", help="Xóa cả giới hạn theo địa chỉ máy."),
) -> None:
    """Mở khóa đăng nhập (xóa thời gian chờ sau nhiều lần nhập sai)."""

    with write_session(ready_engine()) as session:
        user = accounts.unlock(session, name, actor=_admin_actor(), clients=clients)
        typer.echo(t("user.unlocked", lang(), name=user.name))
        if clients:
            typer.echo(t("user.unlocked_clients", lang()))


def template(out: Path = typer.Argument(..., help="Tệp .xlsx cần ghi.")) -> None:
    """Ghi tệp Excel mẫu để nhập mô hình (tiêu đề tiếng Việt, danh sách thả xuống, hướng dẫn)."""

    with read_session(ready_engine()) as session:
        data = build_template(session, lang())
    out.write_bytes(data)
    typer.echo(t("template.done", lang(), path=str(out)))


FAILED = {"created": 0, "updated": 0, "errors": 1}


def _summary(summary: dict, error: str | None = None) -> str:
    """The import's last line: its JSON summary, with ``error`` (the one line) when it failed."""
    return json.dumps(summary) if error is None else json.dumps({**summary, "error": error}, ensure_ascii=False)


def _failed(line: str, code: int, summary: dict = FAILED) -> NoReturn:
    """One error line, then the JSON summary as the last line of the output, then exit ``code``."""
    typer.echo(f"{t('cli.error_prefix', lang())}: {line}", err=True)
    typer.echo(_summary(summary, line))
    raise typer.Exit(code)


def import_file(
    path: Path = typer.Argument(..., help="Tệp .xlsx hoặc .csv."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ kiểm tra, không ghi."),
    user: str = typer.Option(..., "--user", help="Tài khoản chịu trách nhiệm về lần nhập."),
    link_min_score: float | None = typer.Option(
        None,
        "--link-min-score",
        help="Nối mỗi dòng mới chưa có nguồn với nguồn được gợi ý tốt nhất có điểm từ S trở lên (0 đến 1).",
    ),
) -> None:
    """Nhập mô hình từ Excel/CSV: 0 = đã nhập, 1 = có lỗi (không ghi gì), 2 = không đọc được tệp.
    Dòng cuối là tóm tắt JSON {"created", "updated", "errors"}, có thêm "error" khi không nhập được."""

    try:
        _import(path, dry_run, user, link_min_score)
    except UserError as exc:
        _failed(str(exc), exc.code)
    except RegistryError as exc:
        _failed(exc.message(lang()), 1)
    except (SQLAlchemyError, OSError) as exc:  # the database out of reach, a full disk, a damaged file
        _failed(health.describe(exc, lang()), 1)


def _import(path: Path, dry_run: bool, user: str, link_min_score: float | None) -> None:
    language = lang()
    if link_min_score is not None and not 0 <= link_min_score <= 1:
        fail("import.cli_bad_score", 2, value=link_min_score)
    eng = ready_engine()
    with read_session(eng) as session:
        account = accounts.get_user(session, user)
        if account is None:
            fail("auth.no_such_user", 1, name=user)
        if account.disabled:
            fail("auth.disabled", 1)
        actor = accounts.actor_of(account)
    try:
        data = path.read_bytes()
    except OSError as exc:
        _failed(t("import.cli_no_file", language, path=str(path), error=exc.strerror or exc), 2)
    try:
        result = import_plan.run_import(
            eng, data, path.name, actor, dry_run=dry_run, lang=language, link_min_score=link_min_score
        )
    except import_results.FileRejected as exc:
        _failed(exc.message(language), 2)
    for line in import_report.report_lines(result, language):
        typer.echo(line)
    if result.errors:
        rejected = t("import.cli_rejected", language, errors=len(result.errors))
        typer.echo(rejected)
        typer.echo(_summary(result.summary(), rejected))
        raise typer.Exit(1)
    key = "import.cli_dry" if dry_run else "import.cli_done"
    typer.echo(t(key, language, created=result.to_create, updated=result.to_update, unchanged=result.unchanged))
    if link_min_score is not None and not dry_run:
        typer.echo(t("import.cli_linked", language, n=len(result.linked), min_score=link_min_score))
    typer.echo(json.dumps(result.summary()))


def backup_cmd(out: Path = typer.Argument(..., help="Tệp sao lưu cần ghi.")) -> None:
    """Sao lưu trực tuyến, nhất quán cơ sở dữ liệu SQLite khi ứng dụng vẫn chạy (PostgreSQL: hướng dẫn pg_dump)."""

    eng = cli_app.engine()
    if backup.sqlite_path(eng) is None:
        typer.echo(t("backup.postgres", lang(), **backup.pg_dump_hint(eng, out)))
        raise typer.Exit(1)
    ready_engine()
    info = backup.backup(eng, out)
    typer.echo(t("backup.done", lang(), tables=info["tables"], path=info["path"], size=info["size_kb"]))


def restore_cmd(source: Path = typer.Argument(..., help="Tệp sao lưu.")) -> None:
    """Khôi phục bản sao lưu vào một cơ sở dữ liệu trống (từ chối nếu đã có dữ liệu)."""

    info = backup.restore(cli_app.engine(), source)
    typer.echo(t("backup.restored", lang(), rows=info["rows"], tables=info["tables"], path=info["path"]))


def register(app: typer.Typer) -> None:
    users = typer.Typer(help="Quản lý tài khoản.", no_args_is_help=True, rich_markup_mode=None)
    users.command("add")(user_add)
    users.command("list")(user_list)
    users.command("disable")(user_disable)
    users.command("reset-password")(user_reset_password)
    users.command("unlock")(user_unlock)
    app.add_typer(users, name="user")
    app.command("template")(template)
    app.command("import")(import_file)
    app.command("backup")(backup_cmd)
    app.command("restore")(restore_cmd)
