"""The one typer app of ``python -m registry``, its language state and the one-line errors.

Every command exits 0 on success; on bad input it prints one line (in Vietnamese, or English with
``--lang en``) and exits non-zero, never with a traceback (``registry.cli.main.run``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NoReturn, overload

import typer
from sqlalchemy.engine import Engine

from registry.db import make_engine
from registry.i18n import LANGS, t
from registry.schema import is_initialised

app = typer.Typer(
    help="Sổ đăng ký mô hình, điển hình “Dân vận khéo” tỉnh Thanh Hóa.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
STATE = {"lang": "vi"}


class UserError(Exception):
    """A user mistake: printed as one line, exit code ``code``."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def lang() -> str:
    return STATE["lang"]


def fail(key: str, code: int = 1, **params) -> NoReturn:
    raise UserError(t(key, lang(), **params), code)


@overload
def check_choice(value: str, option: str, choices) -> str: ...
@overload
def check_choice(value: str | None, option: str, choices) -> str | None: ...
def check_choice(value: str | None, option: str, choices) -> str | None:
    if value is not None and value not in choices:
        fail("cli.bad_choice", 2, value=value, option=option, choices=", ".join(choices))
    return value


def read_input(path: Path, language: str, summary: dict) -> bytes:
    """The bytes of an import's file; a file that cannot be read is one line on stderr, then the
    command's JSON summary (``summary``) as its last line, and exit code 2."""
    try:
        return path.read_bytes()
    except OSError as exc:
        typer.echo(
            f"{t('cli.error_prefix', language)}: "
            f"{t('import.cli_no_file', language, path=str(path), error=exc.strerror or exc)}",
            err=True,
        )
        typer.echo(json.dumps(summary))
        raise typer.Exit(2) from None


def set_lang(value: str | None) -> str:
    """A command's own ``--lang`` (the language of its files and messages), or the global one."""
    if value is None:
        return lang()
    check_choice(value, "--lang", LANGS)
    STATE["lang"] = value
    return value


def engine() -> Engine:
    return make_engine()


def ready_engine() -> Engine:
    """The engine of an initialised database, or a one-line error."""
    eng = engine()  # looked up at call time: tests replace it
    if not is_initialised(eng):
        fail("cli.not_initialised")
    return eng


@app.callback()
def main(lang_: str = typer.Option("vi", "--lang", help="Ngôn ngữ thông báo: vi hoặc en.")) -> None:
    """Sổ đăng ký mô hình, điển hình “Dân vận khéo” tỉnh Thanh Hóa."""
    STATE["lang"] = check_choice(lang_, "--lang", LANGS)
