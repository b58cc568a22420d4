"""A real Streamlit server and a real Chromium (system binary) for tests.

    with StreamlitServer("dashboard.py", env={"DATABASE_URL": pg.url}) as app, \\
            sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page()
        page.goto(app.url)
        settle(page)

Chromium is never downloaded: we use /usr/bin/chromium (or $BROWSER_PATH).
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = PROJECT_ROOT / "test-artifacts"

# The sandbox is closed (no network) and we run as root: keep Chromium quiet and offline.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    """True when something accepts TCP connections on host:port."""
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, port)) == 0


class StreamlitServer:
    """``streamlit run APP`` in the background; context manager or start()/stop().

    ``app`` is resolved against ``cwd`` (default: the project root); ``env``
    updates a copy of os.environ.  ``url`` is ``http://127.0.0.1:PORT/``.
    """

    def __init__(
        self,
        app: str | os.PathLike = "dashboard.py",
        env: dict | None = None,
        cwd: str | os.PathLike = PROJECT_ROOT,
        startup_timeout: float = 90.0,
    ) -> None:
        self.app, self.env, self.cwd, self.startup_timeout = str(app), env or {}, Path(cwd), startup_timeout
        self.port: int | None = None
        self.url: str | None = None
        self.proc: subprocess.Popen | None = None
        self.log_path: Path | None = None

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> StreamlitServer:
        if self.proc is not None:
            return self
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        fd, log = tempfile.mkstemp(prefix="streamlit-", suffix=".log")
        self.log_path = Path(log)
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            self.app,
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(self.port),
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ]
        env = {**os.environ, **{k: str(v) for k, v in self.env.items()}}
        atexit.register(self.stop)
        with os.fdopen(fd, "wb") as logfile:
            self.proc = subprocess.Popen(
                cmd,
                cwd=self.cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=logfile,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self._wait_healthy()
        except BaseException:
            self.stop(keep_log=True)
            raise
        return self

    def _wait_healthy(self) -> None:
        health = f"{self.url}_stcore/health"
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"Streamlit exited with code {self.proc.returncode} before becoming healthy "
                    f"(log {self.log_path}).\n--- log ---\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(health, timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise RuntimeError(
            f"Streamlit not healthy after {self.startup_timeout:.0f} s at {health} "
            f"(log {self.log_path}).\n--- log ---\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except (OSError, AttributeError):
            return "(no log)"

    def stop(self, keep_log: bool = False) -> None:
        """SIGTERM the whole process group, SIGKILL after 10 s; delete the log unless keep_log."""
        atexit.unregister(self.stop)
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
                try:
                    os.killpg(proc.pid, sig)  # unreaped leader, so the group is ours
                except ProcessLookupError:
                    break
                try:
                    proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if proc is not None:
            proc.wait()
        if self.log_path is not None and not keep_log:
            self.log_path.unlink(missing_ok=True)


def chromium_path() -> str | None:
    """$BROWSER_PATH, else /usr/bin/chromium, else `chromium` on PATH."""
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def chromium_skip_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright (Python) is not installed"
    if chromium_path() is None:
        return "no Chromium binary ($BROWSER_PATH, /usr/bin/chromium or `chromium` on PATH)"
    return None


# Every host resolves to nothing but 127.0.0.1: no other host is reachable.
# Cheaper than intercepting each request with a Playwright route, which sends every one of them
# through the browser process and the driver to Python and back.
LOOPBACK_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


def launch_chromium(playwright, extra_args=(), **kwargs):
    """Launch the system Chromium headless via a sync or async Playwright object."""
    return playwright.chromium.launch(
        headless=True, executable_path=chromium_path(), args=[*CHROMIUM_ARGS, *extra_args], **kwargs
    )


def settle(page, timeout_ms: int = 30_000) -> None:
    """Wait until Streamlit has finished running the script (never raises on timeout)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_load_state("networkidle", timeout=timeout_ms)
    except PlaywrightTimeout:
        pass
    try:  # the "Running..." widget exists only while the script runs
        page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout_ms)
    except PlaywrightTimeout:
        pass
    page.wait_for_timeout(300)


def save_failure_artifacts(page, name: str) -> Path:
    """Save a full-page screenshot and the page text to test-artifacts/<name>/; return that folder."""
    folder = ARTIFACTS_DIR / (re.sub(r"[^\w.-]+", "_", name).strip("._") or "unnamed")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(folder / "screenshot.png"), full_page=True)
    except Exception as exc:  # keep going: the text may still be useful
        (folder / "screenshot-error.txt").write_text(repr(exc))
    try:
        text = page.inner_text("body")
    except Exception as exc:
        text = f"(could not read page text: {exc!r})"
    (folder / "page.txt").write_text(f"URL: {page.url}\n\n{text}", encoding="utf-8")
    return folder
