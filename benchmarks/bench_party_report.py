#!/usr/bin/env python
"""Time to write the Word report to the Standing Committee for one full year (target: < 10 s at
1.000.000 records), with its chart images, on a registry built by `python -m registry synth`.

    python benchmarks/bench_party_report.py sqlite:///benchmarks/work/bench_1000000.db

Prints one line: the year, the records counted, the seconds (and how much of it the charts took:
the first image starts Chromium). Run by `make bench` (benchmarks/run.py) on its largest registry.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from registry.db import make_engine  # noqa: E402
from registry.exports import images  # noqa: E402
from registry.exports.party_report import party_report_docx  # noqa: E402
from registry.models import ModelExample  # noqa: E402
from registry.permissions import SYSTEM  # noqa: E402
from registry.queries.filters import Filters  # noqa: E402

TARGET_S = 10.0


def main(url: str) -> None:
    engine = make_engine(url)
    with Session(engine) as s:
        records = s.execute(select(func.count()).select_from(ModelExample)).scalar() or 0
        last = s.execute(select(func.max(ModelExample.year))).scalar() or dt.date.today().year
        year = min(last, dt.date.today().year - 1)  # a full year that is over
        filters = Filters(year_from=year, year_until=year)
        start = time.perf_counter()
        tables_only = party_report_docx(s, filters, actor=SYSTEM, charts=False)
        no_charts = time.perf_counter() - start
        start = time.perf_counter()
        try:
            data = party_report_docx(s, filters, actor=SYSTEM)
        finally:
            images.close_shared()
        full = time.perf_counter() - start
    engine.dispose()
    verdict = "met" if full < TARGET_S else "MISSED"
    print(
        f"Word report, full year {year}, {records:,} records: {full:.1f} s with charts "
        f"({no_charts:.1f} s without; {len(data) // 1024} KB, {len(tables_only) // 1024} KB without) "
        f"- target < {TARGET_S:.0f} s {verdict}"
    )


if __name__ == "__main__":
    main(sys.argv[1])
