"""The provincial board the movement reports to, by date (data/boards.csv): Ban Dân vận Tỉnh ủy
until its merger on 11 Feb 2025, Ban Tuyên giáo và Dân vận Tỉnh ủy since. The report to the
Standing Committee is issued in the name of the board of its date; every source line names the
board of the date its figures run to (``source_name``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from registry.config import DATA_DIR
from registry.datafiles import parse_date, read_csv

BOARDS_FILE = DATA_DIR / "boards.csv"


@dataclass(frozen=True)
class Board:
    code: str
    name_vi: str
    source_vi: str
    source_en: str
    symbol: str
    valid_from: dt.date
    valid_to: dt.date | None

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@lru_cache(maxsize=1)
def boards() -> tuple[Board, ...]:
    rows = []
    for row in read_csv(BOARDS_FILE):
        start = parse_date(row["valid_from"])
        if start is None:
            raise ValueError(f"{BOARDS_FILE.name}: {row['code']} has no valid_from")
        rows.append(
            Board(
                row["code"],
                row["name_vi"],
                row["source_vi"],
                row["source_en"],
                row["symbol"],
                start,
                parse_date(row["valid_to"]),
            )
        )
    return tuple(sorted(rows, key=lambda b: b.valid_from))


def board_on(day: dt.date) -> Board:
    """The board valid on ``day`` (the first one for a day before any, the last after all)."""
    found = [b for b in boards() if b.valid_on(day)]
    if found:
        return found[0]
    every = boards()
    return every[0] if day < every[0].valid_from else every[-1]


def source_name(day: dt.date, lang: str = "vi") -> str:
    """The board as a source line names it on ``day``: "Ban Dân vận Tỉnh ủy Thanh Hóa"."""
    board = board_on(day)
    return board.source_en if lang == "en" else board.source_vi
