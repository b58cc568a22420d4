"""Page switches per second that one and two app servers give, driven without a browser.

`make load` drives real Chromium contexts, and on this 2-core machine the browsers use most of the
CPU (benchmarks/load_results.json: their CPU seconds are reported beside the servers'), so adding a
server cannot show what it adds. This script speaks Streamlit's own protocol instead: each
simulated leader holds one WebSocket to a server (`/_stcore/stream`, the session cookie of a real
signed-in account, the Origin of the site) and asks for the next dashboard page as the browser's
sidebar link does (a ``rerun_script`` BackMsg with the page's script hash, the browser's context),
then waits for the server's ``script_finished``. The server does all it does for a browser: the
sign-in check, the page's script, the cached figures, every message to the socket. Only the
drawing is missing, which happens in the browser and costs the server nothing.

The same clients run against one server, then against two servers on the same registry (clients
split between them, as nginx's ip_hash does; docs/deploy.md). Reported for each: page switches
per second, p50/p95 of the switch as the server answers it, the servers' CPU per switch and the
driver's own CPU (so that a reader sees whether the driver limited the run), and the ratio of two
servers to one. Target (issue 14): two servers give twice the switches per second of one.

    .venv/bin/python benchmarks/switches.py [--records 100000] [--clients 8] [--seconds 30]
        [--postgres]    # both servers on one throwaway PostgreSQL 15 cluster (as the deployment)

Not a test: it prints figures and writes benchmarks/switches_results.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from benchmarks.browser import USER, cpu_seconds, pct, registry_db  # noqa: E402
from registry.i18n import t  # noqa: E402

RESULTS = ROOT / "benchmarks" / "switches_results.json"
PAGES = ("overview", "number", "spread", "replication", "browse")
TARGET_RATIO = 2.0
SIGN_IN = {t("auth.sign_in", "vi"), t("auth.sign_in", "en")}


class Leader:
    """One signed-in browser tab, as the server sees it."""

    def __init__(self, base: str, cookie: str, timeout: float) -> None:
        self.base, self.cookie, self.timeout = base.rstrip("/"), cookie, timeout
        self.hashes: dict[str, str] = {}
        self.default_page = ""  # the title of the page the app opens with
        self.headings: list[str] = []  # the headings of the last run's page, as the server sent them
        self.ws = None

    def _rerun(self, page_hash: str | None) -> bytes:
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.widget_states.SetInParent()
        if page_hash:
            rerun.page_script_hash = page_hash
        info = rerun.context_info
        info.timezone, info.timezone_offset, info.locale = "Asia/Ho_Chi_Minh", -420, "vi-VN"
        info.url, info.is_embedded, info.color_scheme = self.base + "/", False, "light"
        return msg.SerializeToString()

    async def connect(self) -> None:
        url = self.base.replace("http://", "ws://") + "/_stcore/stream"
        headers = {"Cookie": f"danvan_session={self.cookie}", "Origin": self.base}
        self.ws = await websockets.connect(
            url, additional_headers=headers, subprotocols=["streamlit"], max_size=None, open_timeout=self.timeout
        )
        await self.run(None)  # the first run: the overview, and the navigation with every page's hash
        if self.default_page in SIGN_IN:  # the sign-in gate opens with its form
            raise RuntimeError("the server shows the sign-in form: the session cookie is not signed in")

    async def run(self, page: str | None) -> float:
        """Ask for ``page`` (None: the app's default) and wait for the end of its script."""
        start = time.perf_counter()
        self.headings = []
        await self.ws.send(self._rerun(self.hashes.get(page) if page else None))
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), self.timeout)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "navigation":
                for p in msg.navigation.app_pages:
                    self.hashes[p.url_pathname] = p.page_script_hash
                    if p.is_default:
                        self.default_page = p.page_name
            elif kind == "delta" and msg.delta.new_element.WhichOneof("type") == "heading":
                self.headings.append(msg.delta.new_element.heading.body)
            elif kind == "script_finished":
                return time.perf_counter() - start

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def drive(bases: list[str], cookies: list[str], seconds: float, timeout: float, meter) -> dict:
    """Connect, warm up, then switch pages for ``seconds``; ``meter()`` is called when the timed
    part starts and when it ends (it reads the CPU counters)."""
    leaders = [Leader(bases[i % len(bases)], cookie, timeout) for i, cookie in enumerate(cookies)]
    await asyncio.gather(*(leader.connect() for leader in leaders))
    for leader in leaders:  # warm-up: every page once, so that the figures are in the cache
        for page in PAGES:
            await leader.run(page)
    times: list[float] = []
    meter()
    stop = time.perf_counter() + seconds

    async def work(leader: Leader, offset: int) -> None:
        i = offset
        while time.perf_counter() < stop:
            times.append(await leader.run(PAGES[i % len(PAGES)]))
            i += 1

    await asyncio.gather(*(work(leader, i) for i, leader in enumerate(leaders)))
    meter()
    await asyncio.gather(*(leader.close() for leader in leaders))
    return {"switches": len(times), "p50_s": statistics.median(times), "p95_s": pct(times, 0.95)}


def signed_in_cookies(url: str, n: int) -> list[str]:
    """``n`` live sessions of the benchmark's viewer account (as ``n`` sign-ins would leave)."""
    from registry.db import make_engine, write_session
    from registry.staff import accounts, sessions

    engine = make_engine(url)
    try:
        with write_session(engine) as session:
            user = accounts.get_user(session, USER)
            return [sessions.start(session, user, user_agent="benchmarks/switches.py") for _ in range(n)]
    finally:
        engine.dispose()


def measure(url: str, servers: int, args) -> dict:
    from tests.support.appserver import StreamlitServer

    env = {"DATABASE_URL": url, "PUBLIC_DASHBOARD": "false", "SECRET_KEY": secrets.token_hex(16)}
    with ExitStack() as stack:
        apps = [stack.enter_context(StreamlitServer(env=env)) for _ in range(servers)]
        procs = [psutil.Process(app.proc.pid) for app in apps]
        cookies = signed_in_cookies(url, args.clients)
        me = psutil.Process()
        marks: list[tuple[float, float, float]] = []  # (servers' CPU, driver's CPU, wall)

        def meter() -> None:
            marks.append((sum(cpu_seconds(p) for p in procs), cpu_seconds(me), time.perf_counter()))

        found = asyncio.run(drive([app.url for app in apps], cookies, args.seconds, args.timeout, meter))
    (server0, driver0, wall0), (server1, driver1, wall1) = marks
    server_s, driver_s, wall = server1 - server0, driver1 - driver0, wall1 - wall0
    n = found["switches"]
    return {
        "servers": servers,
        "clients": args.clients,
        **found,
        "wall_s": wall,
        "switches_per_s": n / wall,
        "server_cpu_ms_per_switch": 1000 * server_s / n,
        "server_cpu_share": server_s / (wall * (os.cpu_count() or 1)),
        "driver_cpu_share": driver_s / (wall * (os.cpu_count() or 1)),
    }


def postgres_registry(stack: ExitStack, records: int) -> str:
    from tests.support.pg import PostgresServer

    server = stack.enter_context(PostgresServer(dbname="switches"))
    env = {**os.environ, "DATABASE_URL": server.url}
    subprocess.run([sys.executable, "-m", "registry", "init"], cwd=ROOT, env=env, check=True, capture_output=True)
    print(f"building {records:,} records on PostgreSQL ...", flush=True)
    subprocess.run([sys.executable, "-m", "registry", "synth", "--models", str(records)], cwd=ROOT, env=env, check=True)
    from benchmarks.browser import PASSWORD
    from registry.db import make_engine, write_session
    from registry.permissions import SYSTEM
    from registry.staff import accounts

    engine = make_engine(server.url)
    with write_session(engine) as session:
        accounts.create_user(session, USER, PASSWORD, "viewer", actor=SYSTEM)
    engine.dispose()
    return server.url


def line(r: dict) -> str:
    return (
        f"{r['servers']} server{'s' if r['servers'] > 1 else ' '}  {r['switches']:>5} switches  "
        f"{r['switches_per_s']:6.1f} /s  p50 {r['p50_s']:.3f} s  p95 {r['p95_s']:.3f} s  "
        f"server CPU {r['server_cpu_ms_per_switch']:5.1f} ms/switch ({100 * r['server_cpu_share']:.0f} % of the "
        f"machine)  driver {100 * r['driver_cpu_share']:.0f} %"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8, help="simulated leaders (default 8)")
    parser.add_argument("--seconds", type=float, default=30, help="timed seconds per configuration (default 30)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds any one answer may take")
    parser.add_argument("--postgres", action="store_true", help="one throwaway PostgreSQL cluster for both servers")
    parser.add_argument("--servers", type=int, nargs="+", default=[1, 2], help="server counts to run (default 1 2)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.clients < 1 or args.seconds <= 0 or args.records < 1 or min(args.servers) < 1:
        parser.error("--clients, --seconds, --records and --servers must be positive")
    with ExitStack() as stack:
        url = postgres_registry(stack, args.records) if args.postgres else registry_db(args.records)
        backend = "PostgreSQL" if args.postgres else "SQLite"
        print(f"{args.records:,} records on {backend}, {args.clients} leaders, {args.seconds:.0f} s each", flush=True)
        runs = []
        for servers in args.servers:
            runs.append(measure(url, servers, args))
            print(line(runs[-1]), flush=True)
    by = {r["servers"]: r for r in runs}
    ratio = by[2]["switches_per_s"] / by[1]["switches_per_s"] if 1 in by and 2 in by else None
    if ratio is not None:
        verdict = "met" if ratio >= TARGET_RATIO else "missed"
        print(f"two servers ÷ one: {ratio:.2f}× the page switches per second (target {TARGET_RATIO:.0f}×: {verdict})")
    out = {"records": args.records, "backend": backend, "cpus": os.cpu_count(), "runs": runs, "ratio": ratio}
    args.out.write_text(json.dumps(out, indent=1), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
