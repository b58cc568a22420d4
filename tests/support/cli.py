"""The command line in a real subprocess, as a user runs it: ``python -m registry ARGS`` with
DATABASE_URL set, in the project folder."""

from __future__ import annotations

import os
import subprocess
import sys

from registry.config import PROJECT_ROOT


def run_cli(
    args: list[str],
    db_url: str,
    *,
    stdin: str | None = None,
    lang: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "DATABASE_URL": db_url, **(env or {})}
    cmd = [sys.executable, "-m", "registry", *(["--lang", lang] if lang else []), *args]
    return subprocess.run(
        cmd, cwd=PROJECT_ROOT, env=full_env, capture_output=True, text=True, timeout=timeout, input=stdin
    )
