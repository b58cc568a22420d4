"""Reading the reference files under data/: CSV with leading '#' comment lines, text in NFC."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from registry import text


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a data file, skipping its leading '#' comment lines; text is NFC."""
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        for row in csv.DictReader(lines):
            yield {k: text.clean(v) for k, v in row.items()}


def parse_date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def parse_number(value: str, cast=float):
    return cast(value) if value not in ("", None) else None
