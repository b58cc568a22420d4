"""How long each dashboard page takes to compute all of its figures, cold and warm.

Builds SQLite registries with ``python -m registry synth --models N`` (100.000 and 1.000.000 by
default; reused when the file exists), then for each page runs every CHARTS data function the page
uses with the default filters (plus the headline for the overview and one browse page), on a
fresh engine (cold: new connection, no Python caches) and again (warm: SQLite's page cache
filled). The baseline, in the same process, is the naive way: read the whole records table into
pandas and group by year and field. Targets: 0,05 s per page at 100.000 records and
0,15 s at 1.000.000, cold.

    .venv/bin/python benchmarks/bench_pages.py [--sizes 100000 1000000] [--dir /tmp/bench]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from sqlalchemy import text  # noqa: E402

from registry.charts.pipeline import chart_figure, chart_frame
from registry.db import make_engine, read_session  # noqa: E402
from registry.queries import (
    counts,
    labels,
    listing,  # noqa: E402
)
from registry.queries.filters import Filters  # noqa: E402
from ui.charts import PAGE_CHARTS  # noqa: E402

TARGETS = {100_000: 0.05, 1_000_000: 0.15}


def build(path: Path, n: int) -> str:
    url = f"sqlite:///{path}"
    if path.exists():
        return url
    env = dict(os.environ, DATABASE_URL=url)
    subprocess.run([sys.executable, "-m", "registry", "init"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "registry", "synth", "--models", str(n)], cwd=ROOT, env=env, check=True)
    return url


def page_work(page: str, figures: bool = False):
    def run(session, filters):
        names = labels.Labels.load(session, "vi")  # the dashboard holds these cached, once for every chart
        for slug in PAGE_CHARTS.get(page, ()):
            df = chart_frame(session, slug, filters, names.codes, today=dt.date.today())
            if figures:
                chart_figure(slug, df, filters, names, today=dt.date.today())
        if page == "overview":
            counts.headline(session, filters=filters, labels=labels.Labels.load(session))
        if page == "browse":
            listing.browse(session, filters=filters, page=3)

    return run


def search_work(session, filters):
    listing.browse(session, filters=filters, query="dong son")


def baseline(session, filters):
    df = pd.read_sql(
        text("SELECT year, field_id, kind, stage, unit_id, deleted FROM model_example"), session.connection()
    )
    df = df[(df.deleted == 0) & df.year.between(filters.start.year, filters.end.year)]
    df.groupby(["year", "field_id"]).size()


def timed(url: str, work, repeat: int = 3) -> tuple[float, float]:
    engine = make_engine(url)
    filters = Filters()
    with read_session(engine) as session:
        t0 = time.perf_counter()
        work(session, filters)
        cold = time.perf_counter() - t0
    warm = []
    for _ in range(repeat):
        with read_session(engine) as session:
            t0 = time.perf_counter()
            work(session, filters)
            warm.append(time.perf_counter() - t0)
    engine.dispose()
    return cold, min(warm)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--dir", default="/tmp/bench_pages")
    args = parser.parse_args()
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    print("cold/warm: the page's SQL reads (CHARTS data functions); +figures: the same plus building the plotly")
    print("figures (warm, not rendered); baseline: whole table into pandas + group by, cold, same process")
    print(
        f"{'records':>9} {'page':<12} {'cold s':>8} {'warm s':>8} {'+figures':>9} {'target':>7} {'ok':>3} "
        f"{'baseline s':>10} {'speed-up':>9}"
    )
    for n in args.sizes:
        url = build(folder / f"registry_{n}.db", n)
        base_cold, _ = timed(url, baseline, repeat=1)
        target = TARGETS.get(n)
        rows = [(p, page_work(p)) for p in ("overview", "number", "spread", "replication", "browse")]
        rows.append(("search", search_work))
        timed(url, page_work("number", figures=True), repeat=1)  # imports and plotly validators, once
        for name, work in rows:
            cold, warm = timed(url, work)
            with_fig = timed(url, page_work(name, figures=True), repeat=2)[1] if name in PAGE_CHARTS else warm
            ok = "yes" if target is None or cold <= target else "NO"
            print(
                f"{n:>9} {name:<12} {cold:>8.3f} {warm:>8.3f} {with_fig:>9.3f} {target or 0:>7.2f} {ok:>3} "
                f"{base_cold:>10.3f} {base_cold / cold:>8.1f}x"
            )


if __name__ == "__main__":
    main()
