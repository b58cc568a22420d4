"""Text in a spreadsheet cell that no spreadsheet runs as a formula: ``neutralise`` puts an apostrophe
before text that starts like one (the exports, the import's error report); the import takes it off
again (registry/importing/cells.py), so that an exported file imports back unchanged."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell value that no spreadsheet will evaluate: text starting with = + - @ tab or CR gets a
    leading apostrophe. Numbers, dates and booleans are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
