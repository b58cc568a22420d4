"""Translation and Vietnamese-style number formatting (Babel)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.numbers import format_decimal, format_percent

from registry.catalog import load

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
_LOCALES = {"vi": "vi_VN", "en": "en_US"}


@lru_cache(maxsize=1)
def catalog() -> dict[str, tuple[str, str]]:
    return load()


def t(key: str, lang: str = DEFAULT_LANG, /, **params) -> str:
    """The message for ``key`` in ``lang`` with ``params`` filled in. An unknown key is a bug and
    raises KeyError (tests catch it), never a silent fallback."""
    vi, en = catalog()[key]
    text = en if lang == "en" else vi
    return text.format(**params) if params else text


def lang_or_default(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def fmt_int(value: float | int | None, lang: str = DEFAULT_LANG) -> str:
    """8419 → "8.419" in Vietnamese, "8,419" in English."""
    if value is None:
        return "–"
    return format_decimal(round(value), locale=_LOCALES[lang_or_default(lang)])


def fmt_num(value: float | None, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    if value is None:
        return "–"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=_LOCALES[lang_or_default(lang)])


def fmt_pct(value: float | None, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """0.382 → "38%" (vi uses a comma for decimals: "38,2%")."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(value, format=pattern, locale=_LOCALES[lang_or_default(lang)])


def fmt_date(value: dt.date | None, lang: str = DEFAULT_LANG) -> str:
    if value is None:
        return "–"
    return value.strftime("%d/%m/%Y") if lang_or_default(lang) == "vi" else value.isoformat()


def fmt_date_precise(value: dt.date | None, precision: str | None = "day", lang: str = DEFAULT_LANG) -> str:
    """A date as much as the source gave it: "2023" for a year, "03/2023" for a month (in both
    languages), ``fmt_date`` for a day; never an invented "01/01/2023"."""
    if value is None:
        return "–"
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return value.strftime("%m/%Y")
    return fmt_date(value, lang)
