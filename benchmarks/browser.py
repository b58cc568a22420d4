"""What a leader feels in Chromium, apart from what the browser costs: click-to-drawn time and the
server's CPU per page switch, against a one-chart Streamlit app measured in the same run.

For each registry size (100.000 and 1.000.000 records by default; SQLite files built with
``python -m registry synth`` under benchmarks/work/ and reused), one server is started and one
headless Chromium (Debian's, never downloaded) signs in as a viewer, then:

- **first page after sign-in**: from the click on "Đăng nhập" until the overview is drawn, after
  ``--typing`` seconds on the form (a person types a name and a password; the form prefetches the
  app's scripts meanwhile). In a new browser (empty cache; the first on a server that has served
  nobody yet is reported apart), and in a returning browser (its cache kept, as a leader's phone
  keeps it from one day to the next);
- **click-to-drawn**: per dashboard page, from the click on its menu link until its heading is
  there, nothing runs, no skeleton or stale element is left and every plotly chart has drawn its
  SVG (as many charts as the page has). One warm-up round, then ``--rounds`` rounds; p50 and p95;
- **server CPU per page switch**: user + system CPU of the server process (from /proc, psutil)
  over the measured rounds, divided by the number of switches. The browser's CPU is reported
  beside it, so a reader can see who used the machine.

The baseline is a two-page Streamlit app with one stacked bar chart per page, measured the same
way by the same browser. Every page is reported as a ratio to it.

Targets (issue 14; reported, never loosened): at 1.000.000 records, server CPU per page switch
≤ 80 ms; every page's click-to-drawn p95 ≤ 2× the baseline's; first page after sign-in ≤ 1,5 s.

    .venv/bin/python benchmarks/browser.py [--sizes 100000 1000000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from registry.i18n import t  # noqa: E402

WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "browser_results.json"
USER, PASSWORD = "bench-viewer", "do-thoi-gian-ve-2024"
VI = "vi"
# url path -> heading key of the dashboard pages a leader switches between
PAGES = {
    "overview": "overview.heading",
    "number": "number.heading",
    "spread": "spread.heading",
    "replication": "replication.heading",
    "browse": "browse.heading",
}
TARGETS = {"cpu_ms_per_switch_1m": 80.0, "p95_over_baseline": 2.0, "first_page_s": 1.5}
VIEWPORT = {"width": 1280, "height": 900}

# Drawn: the page's heading is there, the script has finished, no skeleton or stale element is
# left, there are at least as many plotly charts as the page has and each has drawn its SVG.
DRAWN_JS = """([heading, charts]) => {
  const heads = [...document.querySelectorAll('h1, h2, h3')];
  if (!heads.some((h) => h.textContent.trim() === heading)) return false;
  if (document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSkeleton"]')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  const plots = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return plots.length >= charts && plots.every((p) => p.querySelector('.main-svg'));
}"""
COUNT_JS = "() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length"

BASELINE_APP = '''
"""Baseline: two pages, one stacked bar chart each (what a one-chart Streamlit page costs)."""
import plotly.graph_objects as go
import streamlit as st

FIELDS = [f"Lĩnh vực {i}" for i in range(1, 11)]
YEARS = list(range(2021, 2027))


def draw(title: str, offset: int) -> None:
    st.title(title)
    fig = go.Figure(
        [go.Bar(name=f, x=YEARS, y=[(y - 2020) * 37 + i * 11 + offset for y in YEARS]) for i, f in enumerate(FIELDS)]
    )
    fig.update_layout(barmode="stack", title=title)
    st.plotly_chart(fig, width="stretch")


def page_a() -> None:
    draw("Trang A", 0)


def page_b() -> None:
    draw("Trang B", 5)


st.set_page_config(layout="wide")
st.navigation([st.Page(page_a, title="Trang A", url_path="a"), st.Page(page_b, title="Trang B", url_path="b")]).run()
'''
BASELINE_PAGES = {"a": ("Trang A", "Trang A"), "b": ("Trang B", "Trang B")}


# --------------------------------------------------------------------------- set-up
def registry_db(n: int) -> str:
    """The SQLite registry of ``n`` synthetic records (built once, migrated each run), with the viewer."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"browser_{n}.db"
    url = f"sqlite:///{path}"
    env = {**os.environ, "DATABASE_URL": url}
    fresh = not path.exists()
    subprocess.run([sys.executable, "-m", "registry", "init"], cwd=ROOT, env=env, check=True, capture_output=True)
    if fresh:
        print(f"building {n:,} records in {path} ...", flush=True)
        subprocess.run([sys.executable, "-m", "registry", "synth", "--models", str(n)], cwd=ROOT, env=env, check=True)
    from registry.db import make_engine, write_session
    from registry.permissions import SYSTEM
    from registry.staff import accounts

    engine = make_engine(url)
    try:
        with write_session(engine) as session:
            if accounts.get_user(session, USER) is None:
                accounts.create_user(session, USER, PASSWORD, "viewer", actor=SYSTEM)
    finally:
        engine.dispose()
    return url


def start_profiler(pid: int, out: Path) -> subprocess.Popen:
    """py-spy sampling the server until SIGINT: every thread, only while it holds the GIL (so a
    sample is Python work, not a sleeping file watcher or a worker waiting on its queue; py-spy's
    idle detection does not see those here), collapsed stacks."""
    spy = Path(sys.executable).with_name("py-spy")
    cmd = [str(spy), "record", "--pid", str(pid), "--rate", "250", "--gil", "--format", "raw", "--output", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # attached
    return proc


def _thread_of(stack: str) -> str:
    if "_run_script" in stack:
        return "script thread (reruns)"
    if "run_forever" in stack:
        return "event loop (messages, websocket)"
    return "other threads"


def profile_top(path: Path, top: int = 25) -> list[str]:
    """From py-spy's collapsed stacks (GIL-holding samples): each thread's share, then the
    functions that held the script thread longest (inclusive share of all samples), then the
    functions where the samples were (self share, every thread). One line each."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    threads: dict[str, int] = {}
    total = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        thread = _thread_of(stack)
        threads[thread] = threads.get(thread, 0) + n
        frames = stack.split(";")
        own[frames[-1]] = own.get(frames[-1], 0) + n
        if thread.startswith("script"):
            for frame in set(frames):
                inclusive[frame] = inclusive.get(frame, 0) + n
    if not total:
        return []
    share = lambda n: f"{100 * n / total:5.1f} %"  # noqa: E731
    lines = [f"{share(n)}  [{name}]" for name, n in sorted(threads.items(), key=lambda kv: -kv[1])]
    lines += [f"{share(n)}  {frame}" for frame, n in sorted(inclusive.items(), key=lambda kv: -kv[1])[:top]]
    lines += [f"{share(n)}  self: {frame}" for frame, n in sorted(own.items(), key=lambda kv: -kv[1])[:12]]
    return lines


def cpu_seconds(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return times.user + times.system + times.children_user + times.children_system


def browser_cpu(pid: int) -> float:
    """CPU seconds of every process of the browser this script drives (Playwright's driver and
    Chromium are children of this process)."""
    total = 0.0
    for child in psutil.Process(pid).children(recursive=True):
        try:
            times = child.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return total


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


# --------------------------------------------------------------------------- measuring
def switch(page, link_text: str, heading: str, charts: int, timeout_ms: int) -> float:
    link = page.locator('[data-testid="stSidebarNav"] a').filter(has_text=link_text).first
    start = time.perf_counter()
    link.click()
    page.wait_for_function(DRAWN_JS, arg=[heading, charts], timeout=timeout_ms, polling="raf")
    return time.perf_counter() - start


def stable_count(page, quiet_ms: int = 1500) -> int:
    """The number of plotly charts once it has not changed for ``quiet_ms``."""
    last, since = -1, time.perf_counter()
    while True:
        now = page.evaluate(COUNT_JS)
        if now != last:
            last, since = now, time.perf_counter()
        elif time.perf_counter() - since > quiet_ms / 1000:
            return now
        page.wait_for_timeout(100)


def measure_pages(
    page, pages: dict[str, tuple[str, str]], server_pid: int, rounds: int, timeout_ms: int, profile: Path | None = None
) -> dict:
    """``pages``: url path -> (menu link text, heading)."""
    # a warm-up round (it also counts each page's charts), then ``rounds`` timed rounds of switches
    proc = psutil.Process(server_pid)
    charts: dict[str, int] = {}
    order = list(pages)
    for path in order[1:] + order[:1]:  # warm-up: every page once, ending on the first
        switch(page, *pages[path], 0, timeout_ms)
        charts[path] = stable_count(page)
    times: dict[str, list[float]] = {p: [] for p in order}
    spy = start_profiler(server_pid, profile) if profile else None
    cpu0, browser0, wall0 = cpu_seconds(proc), browser_cpu(os.getpid()), time.perf_counter()
    switches = 0
    for _ in range(rounds):
        for path in order[1:] + order[:1]:
            times[path].append(switch(page, *pages[path], charts[path], timeout_ms))
            switches += 1
    # the server may still answer the last rerun's messages: let it finish before reading its CPU
    page.wait_for_timeout(300)
    server_s, browser_s = cpu_seconds(proc) - cpu0, browser_cpu(os.getpid()) - browser0
    if spy is not None:
        spy.send_signal(signal.SIGINT)
        spy.wait(60)
    return {
        "pages": {
            p: {
                "charts": charts[p],
                "p50_s": statistics.median(v),
                "p95_s": pct(v, 0.95),
                "max_s": max(v),
                "runs": len(v),
            }
            for p, v in times.items()
        },
        "switches": switches,
        "wall_s": time.perf_counter() - wall0,
        "server_cpu_ms_per_switch": 1000 * server_s / switches,
        "browser_cpu_ms_per_switch": 1000 * browser_s / switches,
    }


def sign_in(page, base: str, timeout_ms: int, typing_ms: int) -> float:
    """Open the app (the sign-in form), type for ``typing_ms`` as a person does, then time the
    click on "Đăng nhập" until the overview is drawn."""
    page.goto(base)
    page.get_by_label(t("field_name.name", VI), exact=True).fill(USER)
    page.get_by_label(t("field_name.password", VI), exact=True).fill(PASSWORD)
    page.wait_for_timeout(typing_ms)
    start = time.perf_counter()
    page.get_by_role("button", name=t("auth.sign_in", VI)).click()
    page.wait_for_function(DRAWN_JS, arg=[t("overview.heading", VI), 4], timeout=timeout_ms, polling="raf")
    return time.perf_counter() - start


def first_pages(browser, base: str, times: int, timeout_ms: int, typing_ms: int) -> dict:
    """The first page after sign-in: in a new browser (empty cache) ``times`` times, the first on
    a server that has served nobody yet; and in a returning browser (its cache kept, signed out
    by dropping the cookie) ``times`` times."""
    new: list[float] = []
    for _ in range(times):
        context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
        context.set_default_timeout(timeout_ms)
        new.append(sign_in(context.new_page(), base, timeout_ms, typing_ms))
        context.close()
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
    context.set_default_timeout(timeout_ms)
    page = context.new_page()
    sign_in(page, base, timeout_ms, typing_ms)  # the browser's first visit fills its cache
    returning = []
    for _ in range(times):
        context.clear_cookies()
        returning.append(sign_in(page, base, timeout_ms, typing_ms))
    context.close()
    return {"new_cold_s": new[0], "new_s": new[1:] or new, "returning_s": returning}


def run_dashboard(url: str, size: int, browser, args) -> dict:
    from tests.support.appserver import StreamlitServer

    env = {"DATABASE_URL": url, "PUBLIC_DASHBOARD": "false", "SECRET_KEY": secrets.token_hex(16)}
    with StreamlitServer(env=env) as server:
        base = server.url
        first = first_pages(browser, base, args.sign_ins, args.timeout_ms, args.typing_ms)
        context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
        context.set_default_timeout(args.timeout_ms)
        page = context.new_page()
        sign_in(page, base, args.timeout_ms, 0)
        pages = {p: (t(f"nav.{p}", VI), t(k, VI)) for p, k in PAGES.items() if p in args.pages}
        profile = WORK / f"profile_{size}.txt" if args.profile else None
        found = measure_pages(page, pages, server.proc.pid, args.rounds, args.timeout_ms, profile)
        if profile is not None and profile.exists():
            found["profile_top"] = profile_top(profile)
        context.close()
    found["first_page"] = first
    found["first_page_new_s"] = statistics.median(first["new_s"])
    found["first_page_returning_s"] = statistics.median(first["returning_s"])
    return found


def run_baseline(browser, args) -> dict:
    from tests.support.appserver import StreamlitServer

    folder = WORK / "baseline_app"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "app.py").write_text(textwrap.dedent(BASELINE_APP).lstrip(), encoding="utf-8")
    with StreamlitServer(app=folder / "app.py", cwd=folder) as server:
        context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
        context.set_default_timeout(args.timeout_ms)
        page = context.new_page()
        page.goto(server.url)
        page.wait_for_function(DRAWN_JS, arg=["Trang A", 1], polling="raf")
        found = measure_pages(page, BASELINE_PAGES, server.proc.pid, args.rounds * 2, args.timeout_ms)
        context.close()
    return found


# --------------------------------------------------------------------------- report
def report(n: int, found: dict, base: dict) -> list[str]:
    b50 = statistics.median([v["p50_s"] for v in base["pages"].values()])
    b95 = statistics.median([v["p95_s"] for v in base["pages"].values()])
    bcpu = base["server_cpu_ms_per_switch"]
    lines = [
        f"\n{n:,} records".replace(",", "."),
        f"{'page':<13}{'charts':>7}{'p50 s':>8}{'p95 s':>8}{'p50 ×':>8}{'p95 ×':>8}",
    ]
    for path, v in found["pages"].items():
        ratios = f"{v['p50_s'] / b50:>8.2f}{v['p95_s'] / b95:>8.2f}"
        lines.append(f"{path:<13}{v['charts']:>7}{v['p50_s']:>8.3f}{v['p95_s']:>8.3f}{ratios}")
    lines.append(f"{'baseline':<13}{1:>7}{b50:>8.3f}{b95:>8.3f}{1:>8.2f}{1:>8.2f}")
    cpu = found["server_cpu_ms_per_switch"]
    lines.append(
        f"server CPU per switch: {cpu:.0f} ms ({cpu / bcpu:.1f}× the baseline's {bcpu:.0f} ms); "
        f"browser CPU per switch: {found['browser_cpu_ms_per_switch']:.0f} ms "
        f"(baseline {base['browser_cpu_ms_per_switch']:.0f} ms)"
    )
    first = found["first_page"]
    lines.append(
        f"first page after sign-in (p50): new browser {found['first_page_new_s']:.2f} s "
        f"(the server's first: {first['new_cold_s']:.2f} s), returning browser {found['first_page_returning_s']:.2f} s"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds over the pages (default 7)")
    parser.add_argument("--sign-ins", type=int, default=5, help="sign-ins of each kind (default 5)")
    parser.add_argument(
        "--typing", type=float, default=2.0, help="seconds a user takes to type name and password (default 2)"
    )
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES))
    parser.add_argument("--timeout", type=float, default=90, help="seconds any one wait may take")
    parser.add_argument("--profile", action="store_true", help="py-spy the server during the timed rounds")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    args.timeout_ms = int(args.timeout * 1000)
    args.typing_ms = int(args.typing * 1000)

    from playwright.sync_api import sync_playwright

    from tests.support.appserver import chromium_skip_reason, launch_chromium

    reason = chromium_skip_reason()
    if reason:
        print(f"the browser benchmark needs Chromium: {reason}", file=sys.stderr)
        return 2
    urls = {n: registry_db(n) for n in args.sizes}
    results: dict = {"rounds": args.rounds, "cpus": os.cpu_count(), "targets": TARGETS, "sizes": {}}
    lines: list[str] = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        base = run_baseline(browser, args)
        results["baseline"] = base
        for n, url in urls.items():
            found = run_dashboard(url, n, browser, args)
            results["sizes"][str(n)] = found
            lines += report(n, found, base)
            print("\n".join(report(n, found, base)), flush=True)
            if found.get("profile_top"):
                print("profile of the server (samples holding the GIL: threads, script thread inclusive, self):")
                print("\n".join("  " + line for line in found["profile_top"]), flush=True)
        browser.close()
    big = results["sizes"].get(str(max(args.sizes)))
    if big:
        b95 = statistics.median([v["p95_s"] for v in base["pages"].values()])
        worst = max(v["p95_s"] / b95 for v in big["pages"].values())
        first = big["first_page_returning_s"]
        print(
            f"\ntargets at {max(args.sizes):,} records: server CPU per switch {big['server_cpu_ms_per_switch']:.0f} ms "
            f"(≤ {TARGETS['cpu_ms_per_switch_1m']:.0f}); worst p95 {worst:.2f}× the baseline "
            f"(≤ {TARGETS['p95_over_baseline']:.1f}); first page (returning browser) {first:.2f} s "
            f"(≤ {TARGETS['first_page_s']:.1f})".replace(",", ".")
        )
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
