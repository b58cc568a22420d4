"""The command line: ``python -m registry COMMAND``. Reads DATABASE_URL.

Every command exits 0 on success; on bad input it prints one line (in Vietnamese, or English with
``--lang en``) and exits non-zero, never with a traceback.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
import time
from typing import Optional

import typer
# Typer 0.29 vendors Click; its exception types live here (pinned in requirements.txt).
from typer._click import exceptions as click
from sqlalchemy.exc import OperationalError, ProgrammingError, ArgumentError

from registry.permissions import SYSTEM
from registry.errors import RegistryError
from registry.i18n import LANGS, t

app = typer.Typer(help="Sổ đăng ký mô hình, điển hình “Dân vận khéo” tỉnh Thanh Hóa.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None)
STATE = {"lang": "vi"}


class UserError(Exception):
    """A user mistake: printed as one line, exit code ``code``."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def lang() -> str:
    return STATE["lang"]


def fail(key: str, code: int = 1, **params) -> None:
    raise UserError(t(key, lang(), **params), code)


def parse_date(value: Optional[str], option: str) -> Optional[dt.date]:
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    fail("cli.bad_date", 2, value=value)


def check_choice(value: Optional[str], option: str, choices) -> Optional[str]:
    if value is not None and value not in choices:
        fail("cli.bad_choice", 2, value=value, option=option, choices=", ".join(choices))
    return value


def engine():
    from registry.db import make_engine
    return make_engine()


def ready_engine():
    """The engine of an initialised database, or a one-line error."""
    from registry.schema import is_initialised

    eng = engine()
    if not is_initialised(eng):
        fail("cli.not_initialised")
    return eng


@app.callback()
def main(lang_: str = typer.Option("vi", "--lang", help="Ngôn ngữ thông báo: vi hoặc en.")) -> None:
    """Sổ đăng ký mô hình, điển hình “Dân vận khéo” tỉnh Thanh Hóa."""
    STATE["lang"] = check_choice(lang_, "--lang", LANGS)


@app.command()
def init() -> None:
    """Tạo hoặc nâng cấp cơ sở dữ liệu và nạp dữ liệu danh mục (chạy lại nhiều lần vẫn an toàn)."""
    from registry.schema import init as do_init

    counts = do_init(engine())
    typer.echo(t("cli.init_done", lang(), **counts))


@app.command()
def seed(demo: bool = typer.Option(False, "--demo", help="Nạp dữ liệu mẫu (có gắn cờ mẫu)."),
         if_empty: bool = typer.Option(False, "--if-empty", help="Chỉ nạp khi sổ chưa có bản ghi nào.")) -> None:
    """Nạp dữ liệu mẫu cố định (cùng hạt giống → cùng dữ liệu) vào sổ đăng ký."""
    from sqlalchemy import func, select

    from registry.db import write_session
    from registry.demo import seed_demo
    from registry.models import ModelExample

    if not demo:
        raise UserError(t("cli.bad_choice", lang(), value="", option="--demo", choices="--demo"), 2)
    eng = ready_engine()
    with write_session(eng) as session:
        count = lambda sample: session.exec(select(func.count()).select_from(ModelExample).where(  # noqa: E731
            ModelExample.is_sample.is_(sample))).one()[0]
        real, sample = count(False), count(True)
        if if_empty and real:
            typer.echo(t("cli.seed_not_empty", lang(), n=real))
            return
        if real:
            fail("cli.seed_refused", 1, n=real)
        from registry.staff.accounts import seed_demo_accounts  # the only code path with default passwords
        accounts = seed_demo_accounts(session)
        if accounts:
            typer.echo(t("user.demo_accounts", lang(), n=accounts))
        if sample:
            typer.echo(t("cli.seed_already", lang(), n=sample))
            return
        n = seed_demo(session, actor=SYSTEM)
    typer.echo(t("cli.seed_done", lang(), n=n))


@app.command()
def synth(models: int = typer.Option(..., "--models", help="Số bản ghi cần sinh."),
          seed_: int = typer.Option(7, "--seed", help="Hạt giống ngẫu nhiên.")) -> None:
    """Sinh nhanh N bản ghi tổng hợp (có gắn cờ mẫu) để đo hiệu năng."""
    from registry.synth import synthesize

    if models <= 0:
        fail("cli.positive", 2, option="--models")
    eng = ready_engine()
    start = time.perf_counter()
    n = synthesize(eng, models, seed=seed_)
    typer.echo(t("cli.synth_done", lang(), n=n, seconds=f"{time.perf_counter() - start:.1f}"))


@app.command()
def stats(as_json: bool = typer.Option(False, "--json", help="In một đối tượng JSON."),
          date_from: Optional[str] = typer.Option(None, "--from", help="Từ ngày (YYYY-MM-DD hoặc DD/MM/YYYY)."),
          date_until: Optional[str] = typer.Option(None, "--until", help="Đến ngày (YYYY-MM-DD hoặc DD/MM/YYYY)."),
          view: str = typer.Option("then", "--view", help="Cách tính đơn vị: then, districts-2025, new-units.")) -> None:
    """Đếm bản ghi (không tính bản ghi đã xóa) theo năm, lĩnh vực, loại, giai đoạn, đơn vị."""
    from registry.db import read_session
    from registry.models import MOVEMENT_START_YEAR, VIEWS
    from registry.queries import Filters, stats as compute

    start = parse_date(date_from, "--from")
    end = parse_date(date_until, "--until")
    check_choice(view, "--view", VIEWS)
    filters = Filters(year_from=MOVEMENT_START_YEAR, year_until=dt.date.today().year, date_from=start,
                      date_until=end, view=view)
    if filters.start > filters.end:
        fail("cli.bad_range", 2, start=filters.start.isoformat(), end=filters.end.isoformat())
    with read_session(ready_engine()) as session:
        result = compute(session, filters)
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


def _register_extensions() -> None:
    """Commands of other areas (staff, exports, reform) register themselves here."""
    from importlib import import_module

    for name in ("registry.commands.staff", "registry.commands.exports", "registry.commands.reform"):
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name or exc.name == "registry.commands":
                continue
            raise
        module.register(app)


_register_extensions()


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and turn every user error into one line and an exit code."""
    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="python -m registry", standalone_mode=False)
        # Click returns a raised typer.Exit's code in non-standalone mode instead of raising it
        return code if isinstance(code, int) and not isinstance(code, bool) else 0
    except UserError as exc:
        typer.echo(f"{t('cli.error_prefix', lang())}: {exc}", err=True)
        return exc.code
    except RegistryError as exc:
        typer.echo(f"{t('cli.error_prefix', lang())}: {exc.message(lang())}", err=True)
        return 1
    except typer.Abort:
        typer.echo(t("cli.aborted", lang()), err=True)
        return 1
    except click.NoArgsIsHelpError as exc:
        typer.echo(exc.format_message())
        return 0
    except click.UsageError as exc:
        typer.echo(f"{t('cli.error_prefix', lang())}: {exc.format_message()}", err=True)
        return 2
    except typer.Exit as exc:
        return exc.exit_code
    except (OperationalError, ProgrammingError, ArgumentError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        typer.echo(f"{t('cli.error_prefix', lang())}: {t('cli.db_unreachable', lang(), error=reason)}", err=True)
        return 1
    except ModuleNotFoundError as exc:  # e.g. a DATABASE_URL naming a driver that is not installed
        typer.echo(f"{t('cli.error_prefix', lang())}: {t('cli.db_unreachable', lang(), error=str(exc))}", err=True)
        return 1


if __name__ == "__main__":
    sys.exit(run())
