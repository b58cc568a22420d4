#!/usr/bin/env python
"""`make bench`: measure the registry at 10.000, 100.000 and 1.000.000 records.

For each size and backend (SQLite always; PostgreSQL when installed) it builds a registry with
`python -m registry synth`, then measures, in a child process per size:
- pages: each dashboard page's figure computation (the numbers of its charts, default filters),
  cold (empty cache, after an unmeasured warm-up of imports and a garbage collection) and cached
  (through a cache keyed by filters and data version, as the UI's); drawing the plotly figures is
  timed apart;
- baselines in the same run: (a) the raw SQL the page sends, replayed on the DB-API cursor (the
  floor); (b) the naive approach, every row loaded into pandas then grouped; (c) DuckDB in memory
  over the same rows (the physical limit of the aggregation);
- ratios ours/raw, naive/ours, ours/DuckDB; peak memory (RSS) of the page computations;
and once: synth time, import rows/s (CSV, XLSX), a warm PNG export, start-up time of the server,
and the Word report of a full year on the largest SQLite registry (benchmarks/bench_party_report.py).
It prints a table, writes benchmarks/results.json, and says which targets were missed.
Nothing here is a test; targets are reported, never loosened.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "results.json"
TARGETS = {
    "page_cold_1m": 0.15,
    "page_cached_1m": 0.02,
    "page_cold_100k": 0.05,
    "ours_over_duckdb": 2.0,
    "naive_over_ours": 20.0,
    "synth_1m": 30.0,
    "import_csv_rows_s": 10_000,
    "png_warm_s": 0.6,
    "peak_mb_1m": 600,
}


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


# --------------------------------------------------------------------------- child: one registry
def measure(url: str) -> dict:
    """Runs in a child process so that peak memory belongs to the page computations."""
    from sqlalchemy import event
    from sqlmodel import Session

    from registry.charts.pipeline import chart_figure, chart_frame
    from registry.db import make_engine
    from registry.queries.filters import Codes, Filters
    from registry.queries.labels import Labels
    from registry.records import rollups
    from ui.charts import PAGE_CHARTS

    engine = make_engine(url)
    filters = Filters()
    lang = "vi"
    statements: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        statements.append((statement, parameters))

    cache: dict = {}

    def page(name: str, cached: bool) -> dict:
        """The figures (numbers) of a page: through the cache keyed by filters and data version."""
        frames = {}
        with Session(engine) as session:
            version = rollups.data_version(session)
            codes = Codes.load(session)
            for slug in PAGE_CHARTS[name]:
                key = (slug, filters, version)  # a chart's numbers are the same in every language
                if not (cached and key in cache):
                    cache[key] = chart_frame(session, slug, filters, codes, today=dt.date.today())
                frames[slug] = cache[key]
        return frames

    def draw(frames: dict) -> None:
        with Session(engine) as session:
            names = Labels.load(session, lang)
        for slug, df in frames.items():
            chart_figure(slug, df, filters, names, today=dt.date.today())

    for name in PAGE_CHARTS:  # warm-up: imports and plotly's validators, not measured
        draw(page(name, cached=False))
    out: dict = {"pages": {}}
    for name in PAGE_CHARTS:
        cache.clear()
        statements.clear()
        gc.collect()  # as pyperf does: a collection left by the previous page's figures is not this page's cost
        event.listen(engine, "before_cursor_execute", record)
        start = time.perf_counter()
        frames = page(name, cached=False)
        cold = time.perf_counter() - start
        event.remove(engine, "before_cursor_execute", record)
        draw_s = best_of(lambda frames=frames: draw(frames), 2)
        sql = list(statements)
        cached = best_of(lambda name=name: page(name, cached=True), 5)

        def replay() -> None:
            with engine.connect() as conn:
                cur = conn.connection.driver_connection.cursor()
                for statement, params in sql:  # noqa: B023 (replay runs inside this iteration)
                    cur.execute(statement, params or ())
                    cur.fetchall()

        raw = best_of(replay)
        out["pages"][name] = {
            "cold_s": cold,
            "cached_s": cached,
            "raw_sql_s": raw,
            "figures_draw_s": draw_s,
            "statements": len(sql),
        }
    out["peak_mb_pages"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.update(baselines(engine))
    ours_total = sum(p["cold_s"] for p in out["pages"].values() if p)
    out["ours_core_s"] = sum(out["pages"][p]["cold_s"] for p in ("number", "spread") if p in out["pages"])
    out["ours_total_s"] = ours_total
    return out


NAIVE_GROUPS = [
    ("year", "field_id"),
    ("year", "kind"),
    ("year", "bloc_id"),
    ("year", "stage"),
    ("stage",),
    ("year", "unit_id"),
    ("unit_id",),
    ("unit_id", "field_id"),
]


def baselines(engine) -> dict:
    """(b) naive pandas and (c) DuckDB, on the figures of the number and spread pages."""
    import pandas as pd

    cols = "id, year, field_id, unit_id, kind, bloc_id, stage, replicated_from_id, is_sample, deleted"
    start = time.perf_counter()
    with engine.connect() as conn:
        df = pd.read_sql_query(f"SELECT {cols} FROM model_example", conn)
    live = df[(df["deleted"] == 0) & df["year"].between(2021, 2024)]
    for group in NAIVE_GROUPS:
        live.groupby(list(group)).size()
    naive = time.perf_counter() - start
    out = {"naive_s": naive, "rows": len(df)}
    try:
        import duckdb
    except ImportError:
        return out
    con = duckdb.connect()
    con.register("src", df)
    con.execute("CREATE TABLE model_example AS SELECT * FROM src")
    queries = [
        f"SELECT {', '.join(g)}, count(*) FROM model_example WHERE deleted = 0 AND year BETWEEN 2021 AND 2024 "
        f"GROUP BY {', '.join(g)}"
        for g in NAIVE_GROUPS
    ]
    out["duckdb_s"] = best_of(lambda: [con.execute(q).fetchall() for q in queries])
    con.close()
    return out


# --------------------------------------------------------------------------- parent
def build(url: str, n: int, server_pid: int | None = None) -> dict:
    """Run ``synth`` for ``n`` records: wall time of the command, its CPU time (user + system),
    and, for PostgreSQL, the CPU time of the server's processes over the same span (the machine
    may be shared: the CPU times say what the wall time cost)."""
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "registry", "init"], env=env, check=True, capture_output=True, cwd=ROOT)
    cpu_before, server_before = _children_cpu(), server_cpu(server_pid)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "registry", "synth", "--models", str(n)],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    out = {"synth_s": time.perf_counter() - start, "synth_cpu_s": _children_cpu() - cpu_before}
    if server_pid is not None:
        time.sleep(0.5)  # the synth's backend has exited: its CPU time is in the server's children
        out["synth_server_cpu_s"] = server_cpu(server_pid) - server_before
    return out


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def server_cpu(pid: int | None) -> float:
    """CPU seconds of a PostgreSQL server so far: the postmaster, its live processes and those
    that have exited (Linux /proc; 0 elsewhere)."""
    if pid is None or not Path(f"/proc/{pid}/stat").exists():
        return 0.0

    def fields(p: str) -> list[str]:
        return Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()

    ticks = sum(int(v) for v in fields(str(pid))[11:15])  # utime stime cutime cstime
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                f = fields(entry)
            except OSError:
                continue
            if int(f[1]) == pid:
                ticks += int(f[11]) + int(f[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def child(url: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--measure", url], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def startup_seconds(url: str) -> float | None:
    from tests.support.appserver import StreamlitServer, chromium_skip_reason, launch_chromium

    start = time.perf_counter()
    with StreamlitServer(env={"DATABASE_URL": url, "PUBLIC_DASHBOARD": "true"}) as server:
        if chromium_skip_reason():
            return time.perf_counter() - start
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page()
            page.goto(server.url)
            page.wait_for_selector('[data-testid="stMetricValue"], [data-testid="stAlert"]', timeout=60000)
            elapsed = time.perf_counter() - start
            browser.close()
            return elapsed


def extras(url: str) -> dict:
    """Import throughput and image export, from their own benchmark scripts (staff and exports
    issues), run in the same session and parsed from what they print."""
    import re

    out: dict = {"import_lines": [], "export_lines": []}
    proc = subprocess.run([sys.executable, "benchmarks/bench_import.py"], capture_output=True, text=True, cwd=ROOT)
    out["import_lines"] = [line for line in proc.stdout.splitlines() if line.strip()]
    for line in out["import_lines"]:
        m = re.match(r"(CSV|XLSX) import\s+\d+ rows\s+[\d.]+ s\s+(\d+) rows/s", line)
        if m:
            out[f"import_{m.group(1).lower()}_rows_s"] = float(m.group(2))
    proc = subprocess.run([sys.executable, "benchmarks/bench_export.py"], capture_output=True, text=True, cwd=ROOT)
    out["export_lines"] = [line for line in proc.stdout.splitlines() if line.strip()]
    return out


def party_report_lines(url: str) -> list[str]:
    """The Word report's line (its time for a full year; target < 10 s at 1.000.000 records)."""
    proc = subprocess.run(
        [sys.executable, "benchmarks/bench_party_report.py", url], capture_output=True, text=True, cwd=ROOT
    )
    return [line for line in proc.stdout.splitlines() if line.strip()] or [f"Word report failed: {proc.stderr[-300:]}"]


def fmt(value, digits=3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    ap.add_argument("--extras-only", action="store_true", help="only import and export figures")
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    if args.extras_only:
        results = {"sizes": {}, **extras("")}
        summary(results)
        return
    WORK.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict = {"sizes": {}, "targets": TARGETS}
    pg = None
    backends = args.backends.split(",")
    if "postgresql" in backends:
        from tests.support.pg import PostgresServer, pg_skip_reason

        reason = pg_skip_reason()
        if reason:
            print(f"PostgreSQL skipped: {reason}")
            backends.remove("postgresql")
        else:
            pg = PostgresServer(dbname="bench").start()
    try:
        for backend in backends:
            for n in sizes:
                if backend == "sqlite":
                    path = WORK / f"bench_{n}.db"
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{path}{suffix}").unlink(missing_ok=True)
                    url = f"sqlite:///{path}"
                else:
                    url = pg.create_database(f"bench_{n}")
                synth = build(url, n, pg.proc.pid if backend == "postgresql" else None)
                m = child(url)
                m.update(synth)
                results["sizes"][f"{backend}:{n}"] = m
                report_size(backend, n, m)
        first_sqlite = next((k for k in results["sizes"] if k.startswith("sqlite")), None)
        if first_sqlite:
            url = f"sqlite:///{WORK / ('bench_' + first_sqlite.split(':')[1] + '.db')}"
            results["startup_s"] = startup_seconds(url)
            results.update(extras(url))
            largest = max((int(k.split(":")[1]) for k in results["sizes"] if k.startswith("sqlite")), default=None)
            results["export_lines"] = results.get("export_lines", []) + party_report_lines(
                f"sqlite:///{WORK / f'bench_{largest}.db'}"
            )
    finally:
        if pg:
            pg.stop()
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    summary(results)


def report_size(backend: str, n: int, m: dict) -> None:
    cpu = f", CPU {m['synth_cpu_s']:.1f} s" if "synth_cpu_s" in m else ""
    cpu += f" + server {m['synth_server_cpu_s']:.1f} s" if "synth_server_cpu_s" in m else ""
    print(f"\n{backend}, {n:,} records (synth {m['synth_s']:.1f} s{cpu}, page peak memory {m['peak_mb_pages']:.0f} MB)")
    print(f"{'page':<13}{'cold s':>9}{'cached s':>10}{'raw SQL s':>11}{'ours/raw':>10}{'plotly s':>10}")
    for name, p in m["pages"].items():
        print(
            f"{name:<13}{fmt(p['cold_s']):>9}{fmt(p['cached_s'], 4):>10}{fmt(p['raw_sql_s']):>11}"
            f"{p['cold_s'] / max(p['raw_sql_s'], 1e-9):>10.1f}{fmt(p['figures_draw_s']):>10}"
        )
    core = m["ours_core_s"]
    print(
        f"number+spread pages (ours) {core:.3f} s; naive pandas {m['naive_s']:.3f} s "
        f"(naive/ours {m['naive_s'] / core:.1f})"
        + (f"; DuckDB {m['duckdb_s']:.3f} s (ours/DuckDB {core / m['duckdb_s']:.1f})" if "duckdb_s" in m else "")
    )


def summary(results: dict) -> None:
    missed = []
    for key, m in results["sizes"].items():
        backend, n = key.split(":")
        n = int(n)
        for name, p in m["pages"].items():
            if n >= 1_000_000 and p["cold_s"] > TARGETS["page_cold_1m"]:
                missed.append(f"{key} {name} cold {p['cold_s']:.3f} s > {TARGETS['page_cold_1m']}")
            if n >= 1_000_000 and p["cached_s"] > TARGETS["page_cached_1m"]:
                missed.append(f"{key} {name} cached {p['cached_s']:.4f} s > {TARGETS['page_cached_1m']}")
            if n == 100_000 and p["cold_s"] > TARGETS["page_cold_100k"]:
                missed.append(f"{key} {name} cold {p['cold_s']:.3f} s > {TARGETS['page_cold_100k']}")
        if n >= 1_000_000:
            if m["synth_s"] > TARGETS["synth_1m"]:
                cpu = f" (CPU {m['synth_cpu_s']:.1f} s)" if "synth_cpu_s" in m else ""
                missed.append(f"{key} synth {m['synth_s']:.1f} s{cpu} > {TARGETS['synth_1m']}")
            if m["peak_mb_pages"] > TARGETS["peak_mb_1m"]:
                missed.append(f"{key} peak memory {m['peak_mb_pages']:.0f} MB > {TARGETS['peak_mb_1m']}")
            if "duckdb_s" in m and m["ours_core_s"] / m["duckdb_s"] > TARGETS["ours_over_duckdb"]:
                missed.append(
                    f"{key} ours/DuckDB {m['ours_core_s'] / m['duckdb_s']:.1f} > {TARGETS['ours_over_duckdb']}"
                )
            if m["naive_s"] / m["ours_core_s"] < TARGETS["naive_over_ours"]:
                missed.append(f"{key} naive/ours {m['naive_s'] / m['ours_core_s']:.1f} < {TARGETS['naive_over_ours']}")
    if results.get("import_csv_rows_s") and results["import_csv_rows_s"] < TARGETS["import_csv_rows_s"]:
        missed.append(f"import CSV {results['import_csv_rows_s']:.0f} rows/s < {TARGETS['import_csv_rows_s']}")
    if results.get("import_xlsx_rows_s") and results["import_xlsx_rows_s"] < 5_000:
        missed.append(f"import XLSX {results['import_xlsx_rows_s']:.0f} rows/s < 5000")
    print(f"\nstart-up to first page: {fmt(results.get('startup_s'), 1)} s")
    for line in results.get("import_lines", []) + results.get("export_lines", []):
        print(f"  {line}")
    print("\nTargets missed:" if missed else "\nEvery target met.")
    for line in missed:
        print(f"  - {line}")
    print(f"results: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
