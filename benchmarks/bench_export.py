"""Batch export timing: the first image (Chromium start-up) against later images from the same
kaleido process, and the data exports. Prints figures; not part of the tests.

    .venv/bin/python benchmarks/bench_export.py            # a temporary demo registry
    DATABASE_URL=... .venv/bin/python benchmarks/bench_export.py --existing
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import Session  # noqa: E402

from registry.charts.specs import CHARTS  # noqa: E402
from registry.db import make_engine  # noqa: E402
from registry.exports import (
    bundle,
    images,
    keyfigures,
    report,  # noqa: E402
)
from registry.exports import records as registry_export
from registry.permissions import SYSTEM  # noqa: E402
from registry.queries.filters import Filters  # noqa: E402


def engine():
    if "--existing" in sys.argv:
        return make_engine()
    from registry.demo import seed_demo
    from registry.schema import init

    eng = make_engine(f"sqlite:///{tempfile.mkdtemp()}/bench.db")
    init(eng)
    with Session(eng) as s:
        seed_demo(s, actor=SYSTEM)
        s.commit()
    return eng


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    eng = engine()
    filters = Filters()
    with Session(eng) as s:
        exports = {slug: bundle.prepare_chart(s, slug, filters, "vi", actor=SYSTEM) for slug in CHARTS}
        data_times = {fmt: [timed(getattr(e, fmt))[0] for e in exports.values()] for fmt in ("csv", "xlsx")}
        kf_time, _ = timed(lambda: keyfigures.paragraph(s, filters, "vi"))
        reg_csv, _ = timed(lambda: registry_export.registry_csv(s, filters, SYSTEM))
        reg_xlsx, _ = timed(lambda: registry_export.registry_xlsx(s, filters, SYSTEM))
        rep, _ = timed(lambda: report.report_xlsx(s, filters, actor=SYSTEM))
    print(f"records: 13.219 demo rows; charts: {len(CHARTS)}")
    for fmt, values in data_times.items():
        print(f"chart {fmt}: median {statistics.median(values) * 1000:.1f} ms, max {max(values) * 1000:.1f} ms")
    print(f"key figures paragraph: {kf_time * 1000:.1f} ms")
    print(f"whole registry CSV: {reg_csv:.2f} s, XLSX: {reg_xlsx:.2f} s; periodic report: {rep:.2f} s")
    reason = images.unavailable_reason("en")
    if reason:
        print(f"images skipped: {reason}")
        return
    renderer = images.ImageRenderer()
    start_time, _ = timed(renderer.start)
    first = None
    warm = {"png": [], "svg": []}
    for _slug, e in exports.items():
        for fmt in ("png", "svg"):
            seconds, _ = timed(lambda e=e, fmt=fmt: e.image(fmt, "landscape", renderer))
            if first is None:
                first = seconds
            else:
                warm[fmt].append(seconds)
    renderer.close()
    print(
        f"Chromium start-up: {start_time:.2f} s; first image: {first:.2f} s (start-up + first render: "
        f"{start_time + first:.2f} s)"
    )
    for fmt, values in warm.items():
        print(
            f"warm {fmt}: median {statistics.median(values):.3f} s, max {max(values):.3f} s over {len(values)} images"
        )
    with Session(eng) as s:
        bundle_time, (_, data, _) = timed(lambda: bundle.bundle_zip(s, list(CHARTS), filters, "vi", actor=SYSTEM))
    images.close_shared()
    print(
        f"bundle of {len(CHARTS)} charts (PNG+SVG+CSV+XLSX each, shared renderer): {bundle_time:.1f} s, "
        f"{len(data) / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
