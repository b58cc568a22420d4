"""Commands on the database itself: ``init``, ``seed``, ``synth`` and ``stats``."""

from __future__ import annotations

import datetime as dt
import json
import time

import typer
from sqlalchemy import func, select
from sqlmodel import col

from registry.cli import app as cli_app
from registry.cli.app import UserError, fail, lang, ready_engine
from registry.cli.filters import FILTERS, FilterValues, build_filters, filter_options
from registry.db import read_session, write_session
from registry.demo import seed_demo
from registry.i18n import t
from registry.models import MOVEMENT_START_YEAR, ModelExample
from registry.permissions import SYSTEM
from registry.queries.counts import stats as compute
from registry.reports.stats import reported_for
from registry.schema import init as do_init
from registry.staff.accounts import DEMO_ACCOUNTS, list_users, seed_demo_accounts
from registry.synth import synthesize


def init() -> None:
    """Tạo hoặc nâng cấp cơ sở dữ liệu và nạp dữ liệu danh mục (chạy lại nhiều lần vẫn an toàn)."""
    eng = cli_app.engine()
    counts = do_init(eng)
    typer.echo(t("cli.init_done", lang(), **counts))
    with read_session(eng) as session:
        if not any(user.role == "admin" and not user.disabled for user in list_users(session)):
            typer.echo(t("user.no_admin", lang()))


def _demo_accounts(session, names) -> None:
    """Create the demo accounts asked for, printing each random password once."""
    created = seed_demo_accounts(session, names)
    if created:
        typer.echo(t("user.demo_accounts", lang(), n=len(created)))
        for name, role, password in created:
            typer.echo(t("user.demo_account_line", lang(), name=name, role=role, password=password))
    existing = [
        name
        for name, _role in DEMO_ACCOUNTS
        if (names is None or name in names) and name not in {c[0] for c in created}
    ]
    if existing:
        typer.echo(t("user.demo_exists", lang(), names=", ".join(existing)))


def seed(
    demo: bool = typer.Option(False, "--demo", help="Nạp dữ liệu mẫu (có gắn cờ mẫu)."),
    if_empty: bool = typer.Option(False, "--if-empty", help="Chỉ nạp khi sổ chưa có bản ghi nào."),
    with_accounts: bool = typer.Option(
        False, "--accounts", help="Tạo cả 5 tài khoản mẫu, mật khẩu ngẫu nhiên in một lần."
    ),
    viewer: bool = typer.Option(
        False, "--viewer", help="Chỉ tạo tài khoản mẫu demo-viewer (chỉ xem), mật khẩu in một lần."
    ),
) -> None:
    """Nạp dữ liệu mẫu cố định (cùng hạt giống → cùng dữ liệu) vào sổ đăng ký. Không tạo tài khoản
    nào trừ khi có --accounts hoặc --viewer."""
    if not demo:
        raise UserError(t("cli.bad_choice", lang(), value="", option="--demo", choices="--demo"), 2)
    eng = ready_engine()
    with write_session(eng) as session:

        def count(sample: bool) -> int:
            query = select(func.count()).select_from(ModelExample).where(col(ModelExample.is_sample).is_(sample))
            return session.execute(query).one()[0]

        real, sample = count(False), count(True)
        if if_empty and real:
            typer.echo(t("cli.seed_not_empty", lang(), n=real))
            return
        if real:
            fail("cli.seed_refused", 1, n=real)
        if with_accounts or viewer:
            _demo_accounts(session, None if with_accounts else ("demo-viewer",))
        if sample:
            typer.echo(t("cli.seed_already", lang(), n=sample))
            return
        n = seed_demo(session, actor=SYSTEM)
    typer.echo(t("cli.seed_done", lang(), n=n))


def synth(
    models: int = typer.Option(..., "--models", help="Số bản ghi cần sinh."),
    seed_: int = typer.Option(7, "--seed", help="Hạt giống ngẫu nhiên."),
) -> None:
    """Sinh nhanh N bản ghi tổng hợp (có gắn cờ mẫu) để đo hiệu năng."""
    if models <= 0:
        fail("cli.positive", 2, option="--models")
    eng = ready_engine()
    start = time.perf_counter()
    n = synthesize(eng, models, seed=seed_)
    typer.echo(t("cli.synth_done", lang(), n=n, seconds=f"{time.perf_counter() - start:.1f}"))


@filter_options(dimensions=False)
def stats(
    as_json: bool = typer.Option(False, "--json", help="In một đối tượng JSON."),
    filters: FilterValues = FILTERS,
) -> None:
    """Đếm bản ghi (không tính bản ghi đã xóa) theo năm, lĩnh vực, loại, giai đoạn, đơn vị."""
    with read_session(ready_engine()) as session:
        # the whole registry to this year by default (not the dashboard's period: see README)
        whole = (MOVEMENT_START_YEAR, dt.date.today().year)
        chosen = build_filters(session, filters, default_years=whole)
        result = compute(session, filters=chosen)
        if as_json:  # what the units reported, beside the records (registry/reports/stats.py)
            result["reported"] = reported_for(session, filters=chosen)
    if as_json:
        # A view that splits records between units gives fractional counts: 6 decimals hide the
        # float noise of their sums (total is exact; see README).
        result["by_unit"] = {k: round(v, 6) if isinstance(v, float) else v for k, v in result["by_unit"].items()}
        typer.echo(json.dumps(result, ensure_ascii=False, sort_keys=True))
        return
    for key in ("total", "replications", "units"):
        typer.echo(f"{key}: {result[key]}")
    for key in ("by_year", "by_field", "by_kind", "by_stage", "by_unit"):
        typer.echo(f"{key}: " + ", ".join(f"{k}={v}" for k, v in result[key].items()))


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(seed)
    app.command()(synth)
    app.command()(stats)
