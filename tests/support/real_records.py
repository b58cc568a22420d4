"""tests/data/real_records.csv (see tests/data/README.md): the rows and the dates they stand for."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from sqlmodel import Session

from registry.db import make_engine
from registry.units.index import UnitIndex

FILE = Path(__file__).resolve().parents[1] / "data" / "real_records.csv"
REFORM_DATE = dt.date(2025, 7, 1)


def real_records() -> list[dict]:
    with FILE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def record_days(registered_on: str, source_date: str) -> list[dt.date]:
    """The day(s) a row stands for: its ``registered_on`` ("2023", "năm 2023", "03/2023",
    "tháng 3/2023", "dd/mm/yyyy"), else its ``source_date``. A bare 2025 gives both sides of the
    reform (30 Jun and 1 Jul), since it falls on both."""
    value = re.sub(r"^(năm|tháng)\s+", "", (registered_on or "").strip().lower())
    if not value:
        y, *rest = (int(p) for p in source_date.split("-"))
        if not rest:
            return record_days(str(y), "")
        return [dt.date(y, rest[0], rest[1] if len(rest) > 1 else 15)]
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return [dt.date(2025, 6, 30), REFORM_DATE] if year == 2025 else [dt.date(year, 7, 1)]
    if m := re.fullmatch(r"(\d{1,2})/(\d{4})", value):
        return [dt.date(int(m[2]), int(m[1]), 15)]
    d, m, y = (int(p) for p in value.split("/"))
    return [dt.date(y, m, d)]


def unit_index(template) -> UnitIndex:
    """The unit index of the registry template file ``template`` (read once per test module)."""
    engine = make_engine(f"sqlite:///{template}")
    try:
        with Session(engine) as session:
            return UnitIndex.load(session)
    finally:
        engine.dispose()
