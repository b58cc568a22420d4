#!/usr/bin/env python
"""`make load`: concurrent users against one app server on loopback (not a test).

It starts ONE `streamlit run dashboard.py` on 127.0.0.1 over a fresh copy of the demo registry
(seeded here with `python -m registry init` + `seed --demo`, or copied from --from-db), creates
one account per simulated user, then drives ONE headless Chromium (Debian's, never downloaded)
with one browser context per user from asyncio:

- viewers (default 8) switch pages in the sidebar navigation, change the unit view radio, add a
  field in the field multiselect and reset the filters;
- editors (default 2) save new records through the entry form, each with a unique title.

Every interaction is timed from the click to the rendered result: the expected element (page
heading, URL query parameter, success message), then Streamlit's status widget gone and the
charts drawn. It prints p50/p95/max per kind of interaction and every error, then checks that
each record an editor saw saved is in the database, and that the database holds exactly those
records of this run (nothing lost, nothing extra). Results go to benchmarks/load_results.json.

It also samples the CPU seconds of the server processes and, apart, of Playwright and Chromium
(psutil, every 0,25 s, so that renderers that exit still count), and the whole machine's busy
time, so that a reader sees who used the machine; and the page switches per second.
``--servers 2`` starts two app servers on the same registry and splits the users between them (as
nginx's ip_hash does, docs/deploy.md); ``--database-url`` points them at PostgreSQL.

Bounds: every session stops at the deadline (--seconds) or after --max-actions interactions;
every wait has a timeout (--timeout); the whole run is cancelled at the deadline plus a grace
period. No host but 127.0.0.1 is reachable from the browser (Chromium resolves no host name).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from registry.permissions import SYSTEM  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "load_results.json"
VI = "vi"
PASSWORD = "tai-thu-dong-thoi-2024"
PAGES = {
    "": "overview.heading",
    "number": "number.heading",
    "spread": "spread.heading",
    "replication": "replication.heading",
    "browse": "browse.heading",
}
VIEWS = ("then", "districts-2025", "new-units")
EDITOR_UNITS = ("380", "386", "394", "399", "400", "401", "406", "407")
RENDERED_JS = """() => !document.querySelector('[data-testid="stStatusWidget"]')
    && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].slice(0, 2)
           .every(c => c.querySelector('.gtitle'))"""

ONE_EMPTY_TITLE_JS = """(label) => {
    const inputs = document.querySelectorAll(`input[aria-label="${label}"]`);
    return inputs.length === 1 && inputs[0].value === "";
}"""


# --------------------------------------------------------------------------- set-up
def prepare_database(workdir: Path, from_db: str | None) -> str:
    path = workdir / "load.db"
    url = f"sqlite:///{path}"
    if from_db:  # a copy, brought up to the current schema (init is idempotent and migrates)
        shutil.copy(from_db, path)
        subprocess.run(
            [sys.executable, "-m", "registry", "init"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url},
            check=True,
            stdout=subprocess.DEVNULL,
        )
    else:
        env = {**os.environ, "DATABASE_URL": url}
        for args in (["init"], ["seed", "--demo"]):
            print(f"registry {' '.join(args)} ...", flush=True)
            subprocess.run(
                [sys.executable, "-m", "registry", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
            )
    return url


def create_accounts(engine, viewers: int, editors: int) -> tuple[list[str], list[str]]:
    from registry.db import write_session
    from registry.staff import accounts

    names_v = [f"load-viewer-{i}" for i in range(1, viewers + 1)]
    names_e = [f"load-editor-{i}" for i in range(1, editors + 1)]
    with write_session(engine) as session:
        for name in names_v:
            accounts.create_user(session, name, PASSWORD, "viewer", actor=SYSTEM)
        for name in names_e:
            accounts.create_user(session, name, PASSWORD, "editor", actor=SYSTEM)
    return names_v, names_e


def reference(engine) -> dict:
    from sqlalchemy import select

    from registry.db import read_session
    from registry.models import AdminUnit, Bloc, WorkField

    with read_session(engine) as session:
        fields = {code: name for code, name in session.execute(select(WorkField.code, WorkField.name_vi))}
        blocs = [name for (name,) in session.execute(select(Bloc.name_vi).order_by(Bloc.sort))]
        units = {
            code: f"{name} ({code})"
            for code, name in session.execute(
                select(AdminUnit.code, AdminUnit.name).where(AdminUnit.code.in_(EDITOR_UNITS))
            )
        }
    return {"fields": fields, "blocs": blocs, "units": units}


# --------------------------------------------------------------------------- measurements
class Recorder:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[dict] = []

    def ok(self, kind: str, seconds: float) -> None:
        self.times[kind].append(seconds)

    def error(self, who: str, kind: str, exc: BaseException | str) -> None:
        lines = str(exc).strip().splitlines()
        where = [line.strip() for line in lines if "waiting for" in line][:1]  # Playwright names the locator
        said = [line.strip() for line in lines if line.startswith("; ")][:1]  # what the script saw
        text = " / ".join(lines[:1] + where + said)[:800] if lines else type(exc).__name__
        self.errors.append({"who": who, "kind": kind, "error": text, "at": round(time.monotonic(), 1)})

    def summary(self) -> dict:
        out = {}
        for kind, values in sorted(self.times.items()):
            values = sorted(values)
            q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
            out[kind] = {
                "count": len(values),
                "p50_s": round(statistics.median(values), 3),
                "p95_s": round(q[94], 3),
                "max_s": round(values[-1], 3),
            }
        return out


class Session:
    """One simulated user: a browser context, a page, and the recorder."""

    def __init__(self, name: str, browser, base: str, rec: Recorder, args, deadline: float, rng: random.Random):
        self.name, self.browser, self.base, self.rec, self.args = name, browser, base, rec, args
        self.deadline, self.rng, self.page, self.token, self.actions = deadline, rng, None, None, 0
        self.timeout_ms = int(args.timeout * 1000)

    def more(self) -> bool:
        return time.monotonic() < self.deadline and self.actions < self.args.max_actions

    async def open(self) -> None:
        context = await self.browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
        context.set_default_timeout(self.timeout_ms)
        self.page = await context.new_page()

    async def close(self) -> None:
        if self.page is not None:
            await self.page.context.close()

    async def rendered(self) -> None:
        await self.page.wait_for_function(RENDERED_JS, timeout=self.timeout_ms, polling=50)

    async def timed(self, kind: str, action, done) -> bool:
        """Run ``action`` (the click), then ``done`` (waits for its result); record the time."""
        from playwright.async_api import Error as PlaywrightError

        self.actions += 1
        start = time.perf_counter()
        try:
            await action()
            await done()
            errors = self.page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
            if await errors.count():
                raise RuntimeError("error box: " + " | ".join(await errors.all_inner_texts()))
        except (TimeoutError, PlaywrightError, RuntimeError) as exc:
            self.rec.error(self.name, kind, exc)
            await self.recover()
            return False
        self.rec.ok(kind, time.perf_counter() - start)
        return True

    async def recover(self) -> None:
        """After an error: reload the signed-in overview (bounded by the timeout)."""
        try:
            if self.token:  # the session cookie lives in this browser context
                await self.page.goto(self.base, timeout=self.timeout_ms)
                await self.page.get_by_role("heading", name=t("overview.heading")).wait_for()
                await self.rendered()
        except Exception as exc:  # noqa: BLE001 - the loop goes on; the next interaction reports
            self.rec.error(self.name, "recover", exc)

    async def sign_in(self, user: str) -> None:
        page = self.page
        await page.goto(self.base)
        await page.get_by_label(t("field_name.name"), exact=True).fill(user)
        await page.get_by_label(t("field_name.password"), exact=True).fill(PASSWORD)

        async def done():  # the sign-in route sets an HttpOnly cookie and sends the browser back
            await page.wait_for_url(lambda u: not urlparse(u).path.startswith("/auth/"))
            await page.get_by_role("heading", name=t("overview.heading")).wait_for()
            await self.rendered()

        if not await self.timed("sign_in", page.get_by_role("button", name=t("auth.sign_in")).click, done):
            raise RuntimeError(f"{user} could not sign in")
        self.token = user  # signed in: the context holds the cookie

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.args.think))


class Viewer(Session):
    async def run(self, ref: dict) -> None:
        _page, current = self.page, ""
        while self.more():
            roll = self.rng.random()
            if roll < 0.5:
                current = await self.switch_page(current)
            elif roll < 0.75:
                await self.change_view()
            elif roll < 0.92:
                await self.add_field(ref)
            else:
                await self.reset()
            await self.think()

    async def switch_page(self, current: str) -> str:
        page = self.page
        target = self.rng.choice([p for p in PAGES if p != current])
        link = page.locator(f'[data-testid="stSidebarNav"] a[href="{self.base}{target}"]')

        async def done():
            await page.wait_for_url(lambda u: urlparse(u).path.strip("/") == target)
            await page.get_by_role("heading", name=t(PAGES[target]), exact=True).wait_for()
            await self.rendered()

        ok = await self.timed("page_switch", link.click, done)
        return target if ok else ""

    async def change_view(self) -> None:
        page = self.page
        now = parse_qs(urlparse(page.url).query).get("view", ["then"])[0]
        view = self.rng.choice([v for v in VIEWS if v != now])
        radio = page.locator('[data-testid="stSidebar"]').get_by_text(t(f"view.{view}"), exact=True)

        async def done():
            await page.wait_for_url(lambda u: parse_qs(urlparse(u).query).get("view", ["then"])[0] == view)
            await self.rendered()

        await self.timed("filter_view", radio.click, done)

    async def add_field(self, ref: dict) -> None:
        page = self.page
        chosen = parse_qs(urlparse(page.url).query).get("field", [""])[0].split(",")
        left = [c for c in ref["fields"] if c not in chosen]
        if not left:
            return await self.reset()
        code = self.rng.choice(left)

        async def click():
            from playwright.async_api import TimeoutError as PlaywrightTimeout

            box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
                has_text=t("filters.fields")
            )
            option = page.get_by_role("option", name=ref["fields"][code], exact=True)
            # the text input after the chips opens the list: a click on the middle of the box lands
            # on a chip once a long field name is picked, and opens nothing
            opener = box.locator("input")
            for attempt in range(3):  # a click that lands during a rerun may not open the list: try again
                await opener.click()
                try:
                    await option.click(timeout=5000 if attempt < 2 else self.timeout_ms)
                    break
                except PlaywrightTimeout as exc:
                    await page.keyboard.press("Escape")
                    # on a busy machine the click may have landed after the wait: then it is picked
                    if ref["fields"][code] in await box.inner_text():
                        return
                    if attempt == 2:
                        raise PlaywrightTimeout(f"{exc}{await self.filters_state()}") from exc
            await page.keyboard.press("Escape")

        async def done():
            from playwright.async_api import TimeoutError as PlaywrightTimeout

            try:
                await page.wait_for_url(lambda u: code in parse_qs(urlparse(u).query).get("field", [""])[0].split(","))
            except PlaywrightTimeout as exc:
                raise PlaywrightTimeout(f"{exc}{await self.filters_state()}") from exc
            await self.rendered()

        await self.timed("filter_field", click, done)

    async def filters_state(self) -> str:
        """What the sidebar's list filters showed and what the URL held, as a line that
        ``Recorder.error`` keeps (it starts with "; ")."""
        boxes = self.page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
        shown = " | ".join(await boxes.all_inner_texts()).replace("\n", " · ")
        return f"\n; the filters showed [{shown}], the URL was {self.page.url}"

    async def reset(self) -> None:
        page = self.page
        button = page.locator('[data-testid="stSidebar"]').get_by_role("button", name=t("filters.reset"))

        async def done():
            await page.wait_for_url(lambda u: not ({"view", "field"} & set(parse_qs(urlparse(u).query))))
            await self.rendered()

        await self.timed("filter_reset", button.click, done)


class Editor(Session):
    def __init__(self, *args, run_id: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.run_id, self.saved, self.unconfirmed = run_id, [], []

    async def run(self, ref: dict) -> None:
        page = self.page
        await page.goto(f"{self.base}entry")
        await page.get_by_role("heading", name=t("entry.heading")).wait_for()
        n = 0
        created = re.compile(re.escape(t("entry.created", id=987654321)).replace("987654321", r"(\d+)"))
        while self.more():
            n += 1
            title = f"Tải thử {self.run_id} {self.name} số {n}"
            new = page.get_by_role("button", name=t("entry.new"), exact=True)

            async def blank():
                await page.get_by_role("heading", name=t("entry.creating"), exact=True).wait_for()
                # the previous run's form is gone (Streamlit keeps stale elements until a run ends)
                await page.wait_for_function(
                    ONE_EMPTY_TITLE_JS, arg=field_label("title") + " *", timeout=self.timeout_ms, polling=50
                )
                await page.wait_for_function(RENDERED_JS, timeout=self.timeout_ms, polling=50)

            if not await self.timed("entry_new", new.click, blank):
                continue
            try:
                await page.get_by_label(field_label("title") + " *", exact=True).fill(title)
                await pick(page, field_label("unit") + " *", self.rng.choice(list(ref["units"].values())))
                await pick(page, field_label("field") + " *", self.rng.choice(list(ref["fields"].values())))
                await pick(page, field_label("bloc") + " *", self.rng.choice(ref["blocs"]))
                day = dt.date(2024, self.rng.randint(1, 12), self.rng.randint(1, 28))
                for part, value in (("day", f"{day.day:02d}"), ("month", f"{day.month:02d}"), ("year", str(day.year))):
                    await page.get_by_role("spinbutton", name=f"{part}, {field_label('registered_on')} *").click()
                    await page.keyboard.type(value)
            except Exception as exc:  # noqa: BLE001 - counted, then the next record
                self.rec.error(self.name, "entry_fill", exc)
                await self.recover_entry()
                continue
            message = page.get_by_text(created)

            async def saved(message=message):
                await message.wait_for()
                await page.wait_for_function(RENDERED_JS, timeout=self.timeout_ms, polling=50)

            ok = await self.timed(
                "entry_save", page.get_by_role("button", name=t("entry.save"), exact=True).click, saved
            )
            if ok:
                self.saved.append((int(created.search(await message.inner_text()).group(1)), title))
            else:
                self.unconfirmed.append(title)
                await self.recover_entry()
            await self.think()

    async def recover_entry(self) -> None:
        try:
            await self.page.goto(f"{self.base}entry")
            await self.page.get_by_role("heading", name=t("entry.heading")).wait_for()
        except Exception as exc:  # noqa: BLE001
            self.rec.error(self.name, "recover", exc)


async def pick(page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text(label, exact=True)).first
    await box.click()
    await page.keyboard.type(option)
    await page.get_by_role("option", name=option, exact=True).click()


def t(key: str, **params) -> str:
    from registry.i18n import t as translate

    return translate(key, VI, **params)


def field_label(name: str) -> str:
    from registry.errors import field_label as label

    return label(name, VI)


# --------------------------------------------------------------------------- the run
async def drive(bases: list[str], args, viewers: list[str], editors: list[str], ref: dict, run_id: str, rec: Recorder):
    from playwright.async_api import async_playwright

    from tests.support.appserver import LOOPBACK_ONLY, launch_chromium

    async with async_playwright() as pw:
        # no host but 127.0.0.1 is reachable (the map's glyph server, any link out), without
        # routing every request through Playwright: with ten users that queue held each sign-in
        # for 30 s while the machine sat two-thirds idle
        browser = await launch_chromium(pw, extra_args=[LOOPBACK_ONLY])
        try:
            for base in bases:  # the main script must run once before any sub-page URL
                warm = await browser.new_page()
                await warm.goto(base)
                await warm.get_by_label(t("field_name.name"), exact=True).wait_for(timeout=args.timeout * 1000)
                await warm.close()
            rng = random.Random(args.seed)
            deadline = time.monotonic() + args.seconds
            # users split between the servers, as nginx's ip_hash splits browsers
            sessions: list[Session] = [
                Viewer(n, browser, bases[i % len(bases)], rec, args, deadline, random.Random(rng.random()))
                for i, n in enumerate(viewers)
            ]
            sessions += [
                Editor(
                    n,
                    browser,
                    bases[i % len(bases)],
                    rec,
                    args,
                    deadline,
                    random.Random(rng.random()),
                    run_id=run_id,
                )
                for i, n in enumerate(editors)
            ]

            async def one(session: Session, user: str):
                await asyncio.sleep(session.rng.uniform(0, 3))  # users do not all arrive in the same second
                await session.open()
                try:
                    await session.sign_in(user)
                    await session.run(ref)
                except Exception as exc:  # noqa: BLE001 - one user's failure must not stop the others
                    rec.error(session.name, "session", exc)
                finally:
                    await session.close()

            tasks = [one(s, s.name) for s in sessions]
            try:
                await asyncio.wait_for(asyncio.gather(*tasks), timeout=args.seconds + args.grace)
            except TimeoutError:
                rec.error("run", "deadline", f"sessions still busy {args.grace:.0f} s after the deadline: cancelled")
            return [s for s in sessions if isinstance(s, Editor)]
        finally:
            await browser.close()


class CpuSampler:
    """CPU seconds of every process this script started, sampled every ``every`` seconds from a
    thread: a Chromium renderer that exits with its closed context keeps the CPU it was last seen
    with (reading the living children once at the end lost those, and reported a machine that was
    100 % busy as a third used). Also the whole machine's busy CPU seconds over the same time."""

    def __init__(self, server_pids: set[int], every: float = 0.25) -> None:
        import threading

        self.server_pids, self.every = server_pids, every
        self.seen: dict[tuple[int, float], tuple[bool, float]] = {}  # (pid, started) -> (server?, cpu)
        self.base: dict[tuple[int, float], float] = {}
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    @staticmethod
    def _busy() -> float:
        times = psutil.cpu_times()
        return sum(times) - times.idle - getattr(times, "iowait", 0.0)

    def _sample(self) -> None:
        for proc in psutil.Process().children(recursive=True):
            try:
                with proc.oneshot():
                    key, times = (proc.pid, proc.create_time()), proc.cpu_times()
            except psutil.Error:
                continue
            self.seen[key] = (proc.pid in self.server_pids, times.user + times.system)

    def _loop(self) -> None:
        while not self.stop_event.wait(self.every):
            self._sample()

    def __enter__(self) -> CpuSampler:
        self._sample()
        self.base = {key: cpu for key, (_, cpu) in self.seen.items()}
        self.machine0 = self._busy()
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._sample()
        self.stop_event.set()
        self.thread.join()
        self.machine_s = self._busy() - self.machine0

    def split(self) -> tuple[float, float]:
        """(servers' CPU seconds, everything else's: Playwright's driver and Chromium)."""
        used = {True: 0.0, False: 0.0}
        for key, (server, cpu) in self.seen.items():
            used[server] += cpu - self.base.get(key, 0.0)
        return used[True], used[False]


def check_saved(engine, run_id: str, editors: list) -> dict:
    from sqlalchemy import select

    from registry.db import read_session
    from registry.models import ModelExample

    confirmed = {i: title for e in editors for i, title in e.saved}
    unconfirmed = [title for e in editors for title in e.unconfirmed]
    with read_session(engine) as session:
        rows = dict(
            session.execute(
                select(ModelExample.id, ModelExample.title).where(
                    ModelExample.title.like(f"Tải thử {run_id} %"), ModelExample.deleted.is_(False)
                )
            ).all()
        )
    missing = sorted(i for i, title in confirmed.items() if rows.get(i) != title)
    extra = {i: title for i, title in rows.items() if i not in confirmed}
    return {
        "confirmed_saves": len(confirmed),
        "in_database": len(rows),
        "missing": missing,
        "unconfirmed_attempts": len(unconfirmed),
        "in_database_but_unconfirmed": sorted(extra.values()),
        "exact": not missing and len(rows) == len(confirmed),
    }


def server_log_errors(path: Path | None) -> list[str]:
    """The last line of each traceback in the server's log (the exception and its message)."""
    try:
        lines = path.read_text(errors="replace").splitlines()
    except (OSError, AttributeError):
        return []
    out, inside = [], False
    for _i, line in enumerate(lines):
        if line.startswith("Traceback"):
            inside = True
        elif inside and line and not line.startswith((" ", "\t")):
            out.append(line[:300])
            inside = False
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120, help="how long the users keep working (default 120)")
    parser.add_argument("--viewers", type=int, default=8)
    parser.add_argument("--editors", type=int, default=2)
    parser.add_argument("--from-db", help="copy this seeded SQLite registry instead of seeding a new one")
    parser.add_argument("--timeout", type=float, default=60, help="seconds any one wait may take (default 60)")
    parser.add_argument("--grace", type=float, default=90, help="seconds after the deadline before cancelling")
    parser.add_argument("--max-actions", type=int, default=2000, help="interactions per user at most")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.5, 2.0),
        metavar=("MIN", "MAX"),
        help="pause between two interactions of one user, seconds (default 0.5 2.0)",
    )
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--servers", type=int, default=1, help="app servers on the same database (default 1)")
    parser.add_argument(
        "--database-url", help="use this registry (e.g. PostgreSQL, for --servers 2) instead of a SQLite copy"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    from registry.db import make_engine
    from tests.support.appserver import StreamlitServer, chromium_skip_reason

    reason = chromium_skip_reason()
    if reason:
        print(f"load test needs Chromium: {reason}", file=sys.stderr)
        return 2
    run_id = secrets.token_hex(3)
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        url = args.database_url or prepare_database(Path(tmp), args.from_db)
        engine = make_engine(url)
        viewers, editors = create_accounts(engine, args.viewers, args.editors)
        ref = reference(engine)
        env = {"DATABASE_URL": url, "PUBLIC_DASHBOARD": "false", "SECRET_KEY": secrets.token_hex(16)}
        rec = Recorder()
        started = dt.datetime.now(dt.UTC)
        servers = [StreamlitServer(env=env).start() for _ in range(max(1, args.servers))]
        try:
            assert all(urlparse(s.url).hostname == "127.0.0.1" for s in servers)
            print(
                f"servers {' '.join(s.url for s in servers)}: {len(viewers)} viewers, {len(editors)} editors "
                f"for {args.seconds:.0f} s",
                flush=True,
            )
            t0 = time.monotonic()
            with CpuSampler({s.proc.pid for s in servers}) as sampler:
                editor_sessions = asyncio.run(drive([s.url for s in servers], args, viewers, editors, ref, run_id, rec))
            wall = time.monotonic() - t0
            server_cpu, browser_cpu = sampler.split()  # the rest: Playwright's driver and Chromium
        finally:
            for server in servers:
                server.stop(keep_log=True)
        server = servers[0]
        server_errors = [line for s in servers for line in server_log_errors(s.log_path)]
        saved = check_saved(engine, run_id, editor_sessions)
        engine.dispose()

    summary = rec.summary()
    errors_by_kind: dict[str, int] = defaultdict(int)
    for e in rec.errors:
        errors_by_kind[e["kind"]] += 1
    result = {
        "started": started.isoformat(timespec="seconds"),
        "seconds": args.seconds,
        "wall_s": round(wall, 1),
        "viewers": args.viewers,
        "editors": args.editors,
        "cpus": os.cpu_count(),
        "think_s": list(args.think),
        "servers": len(servers),
        "interactions": summary,
        "page_switches_per_s": round(summary.get("page_switch", {}).get("count", 0) / wall, 2),
        "cpu": {
            "server_s": round(server_cpu, 1),
            "browsers_s": round(browser_cpu, 1),
            "server_share_of_machine": round(server_cpu / (wall * (os.cpu_count() or 1)), 3),
            "browsers_share_of_machine": round(browser_cpu / (wall * (os.cpu_count() or 1)), 3),
            "machine_busy_s": round(sampler.machine_s, 1),
            "machine_busy_share": round(sampler.machine_s / (wall * (os.cpu_count() or 1)), 3),
        },
        "errors": dict(errors_by_kind),
        "error_samples": rec.errors[:50],
        "server_log": str(server.log_path),
        "server_log_errors": server_errors[:20],
        "saved": saved,
    }
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    print(f"\n{'interaction':<16}{'count':>7}{'p50 s':>9}{'p95 s':>9}{'max s':>9}")
    for kind, row in summary.items():
        print(f"{kind:<16}{row['count']:>7}{row['p50_s']:>9.2f}{row['p95_s']:>9.2f}{row['max_s']:>9.2f}")
    cpu = result["cpu"]
    print(
        f"\npage switches per second: {result['page_switches_per_s']:.2f} with {len(servers)} server(s); "
        f"CPU over {wall:.0f} s on {os.cpu_count()} cores: servers {cpu['server_s']:.0f} s "
        f"({100 * cpu['server_share_of_machine']:.0f} % of the machine), browsers {cpu['browsers_s']:.0f} s "
        f"({100 * cpu['browsers_share_of_machine']:.0f} %); the whole machine busy {cpu['machine_busy_s']:.0f} s "
        f"({100 * cpu['machine_busy_share']:.0f} %)"
    )
    print(f"\nerrors: {sum(errors_by_kind.values())}" + (f" {dict(errors_by_kind)}" if errors_by_kind else ""))
    for e in rec.errors[:10]:
        print(f"  {e['who']} {e['kind']}: {e['error']}")
    if server_errors:
        print(f"server log {server.log_path}: {len(server_errors)} tracebacks; last lines:")
        for line in server_errors[:5]:
            print(f"  {line}")
    print(
        f"records saved by the editors: {saved['confirmed_saves']} confirmed, {saved['in_database']} in the database"
        f" -> {'exact, nothing lost' if saved['exact'] else 'MISMATCH'}"
        + (f"; missing ids {saved['missing']}" if saved["missing"] else "")
        + (
            f"; {len(saved['in_database_but_unconfirmed'])} saved without confirmation (timed out in the browser)"
            if saved["in_database_but_unconfirmed"]
            else ""
        )
    )
    print(f"wrote {args.out}")
    return 0 if saved["exact"] else 1


if __name__ == "__main__":
    sys.exit(main())
