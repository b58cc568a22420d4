"""A leader on a phone on a mobile link (issue 24): Chromium at 390 px over an emulated link, first
and returning visits of the brief (/ban-tin) and of the overview, against the one-chart Streamlit
baseline app of benchmarks/browser.py in the same run. Not part of the tests: `make bench-mobile`.

The link is emulated with CDP Network.emulateNetworkConditions: "slow 4G" (150 ms round trip,
1,6 Mbit/s down, 750 kbit/s up) and "3G" (300 ms, 400 kbit/s down, 400 kbit/s up). The dashboard
runs on the demo registry (``registry seed --demo``), public, so that no sign-in is timed. For
each visit it prints the seconds until drawn, the bytes transferred until then (encoded, as on
the wire; the brief's idle prefetch of the dashboard's scripts starts after that), and the
physical limit beside them: bytes ÷ bandwidth + the round trips no page can avoid (the emulated
latency is added once per request: the brief 1, its document; a Streamlit page 3: the document,
its scripts, its WebSocket).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.browser import BASELINE_APP, DRAWN_JS  # noqa: E402
from registry.i18n import t  # noqa: E402

WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "mobile_results.json"
VIEWPORT = {"width": 390, "height": 844}
# name: (round trip ms, down bit/s, up bit/s)
LINKS = {"slow4g": (150, 1_600_000, 750_000), "3g": (300, 400_000, 400_000)}
TARGETS = {  # seconds: (link, path, visit) -> at most
    ("slow4g", "brief", "first"): 3.0,
    ("slow4g", "overview", "first"): 15.0,
    ("slow4g", "brief", "returning"): 1.0,
    ("slow4g", "overview", "returning"): 1.5,
    ("3g", "brief", "first"): 8.0,
}
BRIEF_DRAWN_JS = "() => document.readyState === 'complete' && document.querySelectorAll('section svg').length >= 4"


def demo_db() -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{WORK / 'mobile_demo.db'}"
    env = {**os.environ, "DATABASE_URL": url}
    for args in (["init"], ["seed", "--demo", "--if-empty"]):
        subprocess.run([sys.executable, "-m", "registry", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    return url


def visit(context, url: str, drawn, link: str, timeout_ms: int) -> dict:
    """One visit of ``url`` in ``context`` over ``link``: seconds until drawn and bytes until then."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    rtt, down, up = LINKS[link]
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": rtt, "downloadThroughput": down / 8, "uploadThroughput": up / 8},
    )
    received = {"bytes": 0}
    cdp.on(
        "Network.loadingFinished", lambda e: received.__setitem__("bytes", received["bytes"] + e["encodedDataLength"])
    )
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    drawn(page)
    seconds = time.perf_counter() - start
    found = {"seconds": round(seconds, 2), "bytes": int(received["bytes"])}
    page.close()
    return found


def limit(nbytes: int, link: str, round_trips: int) -> float:
    rtt, down, _up = LINKS[link]
    return nbytes * 8 / down + round_trips * rtt / 1000


def measure(browser, base: str, path: str, drawn, links: list[str], round_trips: int, timeout_ms: int) -> dict:
    out = {}
    for link in links:
        context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
        first = visit(context, base + path, drawn, link, timeout_ms)
        returning = visit(context, base + path, drawn, link, timeout_ms)
        context.close()
        for name, found in (("first", first), ("returning", returning)):
            found["limit_s"] = round(limit(found["bytes"], link, round_trips), 2)
            out[f"{link}/{name}"] = found
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    timeout_ms = int(args.timeout * 1000)

    from playwright.sync_api import sync_playwright

    from tests.support.appserver import StreamlitServer, chromium_skip_reason, launch_chromium

    reason = chromium_skip_reason()
    if reason:
        print(f"the mobile benchmark needs Chromium: {reason}", file=sys.stderr)
        return 2
    env = {"DATABASE_URL": demo_db(), "PUBLIC_DASHBOARD": "true", "SECRET_KEY": secrets.token_hex(24)}
    heading = t("overview.heading", "vi")

    def brief_drawn(page) -> None:
        page.wait_for_function(BRIEF_DRAWN_JS, polling=100, timeout=timeout_ms)

    def overview_drawn(page) -> None:
        page.wait_for_function(DRAWN_JS, arg=[heading, 4], polling="raf", timeout=timeout_ms)

    def baseline_drawn(page) -> None:
        page.wait_for_function(DRAWN_JS, arg=["Trang A", 1], polling="raf", timeout=timeout_ms)

    results: dict = {}
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        with StreamlitServer(env=env) as server:
            results["brief"] = measure(
                browser, str(server.url), "ban-tin", brief_drawn, ["slow4g", "3g"], 1, timeout_ms
            )
            results["overview"] = measure(browser, str(server.url), "", overview_drawn, ["slow4g"], 3, timeout_ms)
        folder = WORK / "baseline_app"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "app.py").write_text(textwrap.dedent(BASELINE_APP).lstrip(), encoding="utf-8")
        with StreamlitServer(app=folder / "app.py", cwd=folder) as server:
            results["baseline"] = measure(browser, str(server.url), "", baseline_drawn, ["slow4g"], 3, timeout_ms)
        browser.close()
    lines = [f"{'path':<10}{'link/visit':<18}{'seconds':>8}{'target':>8}{'KB':>9}{'limit s':>9}"]
    for path, found in results.items():
        for key, row in found.items():
            link, name = key.split("/")
            target = TARGETS.get((link, path, name))
            lines.append(
                f"{path:<10}{key:<18}{row['seconds']:>8.2f}{(f'≤{target:g}' if target else ''):>8}"
                f"{row['bytes'] / 1000:>9.1f}{row['limit_s']:>9.2f}"
            )
    print("\n".join(lines))
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
