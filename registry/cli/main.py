"""``python -m registry COMMAND``: every command of the app, and ``run``, which turns every user
error into one line and an exit code (never a traceback). Reads DATABASE_URL."""

from __future__ import annotations

import sys

import typer
from sqlalchemy.exc import ArgumentError, DatabaseError, ProgrammingError

# Typer 0.29 vendors Click; its exception types live here (pinned in requirements.txt).
from typer._click import exceptions as click

from registry import health
from registry.cli import data, exports, reports, staff, suggest
from registry.cli.app import UserError, app, lang
from registry.errors import RegistryError
from registry.i18n import t

for module in (data, staff, exports, suggest, reports):
    module.register(app)


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
    except (DatabaseError, ProgrammingError, ArgumentError) as exc:  # a damaged file, a full disk, no server
        typer.echo(f"{t('cli.error_prefix', lang())}: {health.describe(exc, lang())}", err=True)
        return 1
    except ModuleNotFoundError as exc:  # e.g. a DATABASE_URL naming a driver that is not installed
        typer.echo(f"{t('cli.error_prefix', lang())}: {t('cli.db_unreachable', lang(), error=str(exc))}", err=True)
        return 1


if __name__ == "__main__":
    sys.exit(run())
