"""A throwaway, real PostgreSQL server for tests.

    with PostgresServer() as pg:
        engine = sqlalchemy.create_engine(pg.url)
        other_url = pg.create_database("other")

The server lives in a fresh directory under /tmp (data dir, unix socket dir,
log), listens on 127.0.0.1 on a free port with trust authentication, and is
tuned for speed, not durability (fsync off).  PostgreSQL refuses to run as
root, so when we are root initdb/postgres run as the ``postgres`` OS user.
Servers orphaned by a killed test run are cleaned up by the next run.
"""

from __future__ import annotations

import atexit
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

PREFIX = "pgtest-"  # name prefix of our directories under /tmp
OWNER_FILE = "owner.pid"  # pid of the test process that owns a directory
RUN_USER = "postgres"  # OS user that runs the server when we are root


def pg_bindir() -> Path | None:
    """PostgreSQL's bin directory (``pg_config --bindir``), or None.

    Falls back to the newest /usr/lib/postgresql/*/bin when pg_config is not on
    PATH (Debian ships the server without putting it there).
    """
    candidates: list[Path] = []
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            candidates.append(Path(out.stdout.strip()))
    except (OSError, subprocess.SubprocessError):
        pass
    candidates += sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _version_key(p.parent.name), reverse=True
    )
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "postgres").is_file():
            return bindir
    return None


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def pg_skip_reason() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when they can."""
    if pg_bindir() is None:
        return (
            "PostgreSQL server binaries not found "
            "(no initdb/postgres via pg_config --bindir or /usr/lib/postgresql/*/bin)"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(RUN_USER)
        except KeyError:
            return f"running as root but there is no {RUN_USER!r} OS user to run PostgreSQL as"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _postmaster_pid(datadir: Path) -> int | None:
    """Pid from datadir/postmaster.pid if that process still runs postgres."""
    try:
        pid = int((datadir / "postmaster.pid").read_text().split("\n", 1)[0])
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return None
    return pid if b"postgres" in cmdline else None


def _sweep_stale(tmp: Path) -> None:
    """Stop servers and remove directories left by test processes that died."""
    for base in tmp.glob(PREFIX + "*"):
        try:
            owner = int((base / OWNER_FILE).read_text())
        except (OSError, ValueError):
            # No owner yet: maybe being created right now; only take very old ones.
            try:
                if time.time() - base.stat().st_mtime < 3600:
                    continue
            except OSError:
                continue
            owner = -1
        if owner > 0 and _pid_alive(owner):
            continue
        pid = _postmaster_pid(base / "data")
        if pid is not None:
            try:
                os.kill(pid, signal.SIGQUIT)  # immediate shutdown
            except OSError:
                pass
            deadline = time.monotonic() + 10
            while _pid_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
        shutil.rmtree(base, ignore_errors=True)


class PostgresServer:
    """A temporary PostgreSQL cluster; context manager or start()/stop().

    Attributes after start(): ``port``, ``dbname``, ``url`` (SQLAlchemy URL
    string ``postgresql+psycopg://postgres@127.0.0.1:PORT/DBNAME``), ``base``
    (the temp dir), ``log_path``.
    """

    def __init__(self, dbname: str = "test", startup_timeout: float = 30.0) -> None:
        self.dbname = dbname
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self.url: str | None = None
        self.base: Path | None = None
        self.proc: subprocess.Popen | None = None
        self.locale: str | None = None

    # -- lifecycle ---------------------------------------------------------

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> PostgresServer:
        if self.proc is not None:
            return self
        reason = pg_skip_reason()
        if reason:
            raise RuntimeError(reason)
        self.bindir = pg_bindir()
        tmp = Path("/tmp")  # world-traversable, unlike e.g. a TMPDIR under /root
        _sweep_stale(tmp)
        atexit.register(self.stop)
        try:
            self.base = Path(tempfile.mkdtemp(prefix=PREFIX, dir=tmp))
            (self.base / OWNER_FILE).write_text(str(os.getpid()))
            (self.base / "sock").mkdir()
            self._chown_tree(self.base)
            self.log_path = self.base / "server.log"
            self._initdb()
            for attempt in range(3):  # the free port can be taken before postgres binds it
                self.port = _free_port()
                if self._launch():
                    break
                if attempt == 2 or "could not bind" not in self.log_tail():
                    raise RuntimeError(
                        f"PostgreSQL did not start on port {self.port}.\n--- server log ---\n{self.log_tail()}"
                    )
            self.url = self.create_database(self.dbname)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Fast shutdown (SIGINT), SIGKILL after a timeout, remove the directory."""
        atexit.unregister(self.stop)
        if self.proc is not None:
            self._terminate(self.proc)
            self.proc = None
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None

    def halt(self) -> None:
        """Stop the server (fast shutdown) but keep its data and port: ``resume`` starts it again,
        as an operator's restart would (tests/faults: the database down under a running app)."""
        if self.proc is not None:
            self._terminate(self.proc)
            self.proc = None

    def resume(self) -> None:
        """Start the server again after ``halt``, on the same port with the same data."""
        if self.proc is None and not self._launch():
            raise RuntimeError(f"PostgreSQL did not start again on port {self.port}.\n{self.log_tail()}")

    # -- helpers -----------------------------------------------------------

    def admin_connect(self, dbname: str = "postgres") -> psycopg.Connection:
        """An autocommit psycopg connection as the postgres superuser."""
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True, connect_timeout=5
        )

    def create_database(self, name: str) -> str:
        """CREATE DATABASE name (UTF8, template0); return its SQLAlchemy URL."""
        with self.admin_connect() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(sql.Identifier(name)))
        return self.url_for(name)

    def url_for(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def _chown_tree(self, path: Path) -> None:
        path.chmod(0o755)
        if os.geteuid() == 0:
            user = pwd.getpwnam(RUN_USER)
            for p in [path, *path.rglob("*")]:
                os.chown(p, user.pw_uid, user.pw_gid)

    def _as_server_user(self) -> dict:
        """Popen keyword arguments that run the child as the server's OS user."""
        kwargs: dict = {"cwd": self.base, "env": self._env()}
        if os.geteuid() == 0:  # Popen drops privileges in the child before exec; no wrapper process
            user = pwd.getpwnam(RUN_USER)
            kwargs.update(user=user.pw_uid, group=user.pw_gid, extra_groups=[])
            kwargs["env"]["HOME"] = user.pw_dir
        return kwargs

    @staticmethod
    def _env() -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG") and not k.startswith("LC_")}
        env["LANG"] = "C.UTF-8"
        return env

    def _initdb(self) -> None:
        datadir = self.base / "data"
        errors = []
        for locale in ("C.UTF-8", "C"):
            shutil.rmtree(datadir, ignore_errors=True)
            cmd = [
                str(self.bindir / "initdb"),
                "-D",
                str(datadir),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--encoding=UTF8",
                f"--locale={locale}",
                "--no-sync",
            ]
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, **self._as_server_user())
            if out.returncode == 0:
                self.locale = locale
                return
            errors.append(f"--locale={locale}: exit {out.returncode}\n{out.stdout}\n{out.stderr}")
        raise RuntimeError("initdb failed:\n" + "\n".join(errors))

    def _launch(self) -> bool:
        """Start postgres on self.port; True once it accepts connections."""
        cmd = [
            str(self.bindir / "postgres"),
            "-D",
            str(self.base / "data"),
            "-k",
            str(self.base / "sock"),
            "-p",
            str(self.port),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "max_connections=200",
        ]
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                **self._as_server_user(),
            )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.proc = None
                return False
            try:
                with self.admin_connect():
                    return True
            except psycopg.OperationalError:
                time.sleep(0.1)
        log = self.log_tail()
        self._terminate(self.proc)
        self.proc = None
        raise RuntimeError(
            f"PostgreSQL did not accept connections within {self.startup_timeout:.0f} s.\n--- server log ---\n{log}"
        )

    @staticmethod
    def _terminate(proc: subprocess.Popen, timeout: float = 15.0) -> None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # postgres: SIGINT = fast shutdown
            try:
                proc.wait(timeout)  # the postmaster exits only after all its children
                return
            except subprocess.TimeoutExpired:
                pass
            try:  # still unreaped, so the group id is surely ours; children share it
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        proc.wait()
