"""One settings object, built from the environment.

Every setting is documented in README.md; tests/test_docs.py keeps the two in step.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DATABASE_URL = f"sqlite:///{(DATA_DIR / 'registry.db').as_posix()}"


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Settings:
    """Settings read from environment variables (see README, "Configuration")."""

    database_url: str = DEFAULT_DATABASE_URL
    public_dashboard: bool = False
    boundaries_geojson: str | None = None
    import_max_mb: int = 20
    import_max_rows: int = 200_000
    secret_key: str | None = None
    browser_path: str | None = None
    import_max_memory_mb: int = 1536
    import_timeout_s: int = 120
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    trusted_proxies: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, environ: dict | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            public_dashboard=_bool(env.get("PUBLIC_DASHBOARD")),
            boundaries_geojson=env.get("BOUNDARIES_GEOJSON") or None,
            import_max_mb=_int(env.get("IMPORT_MAX_MB"), 20),
            import_max_rows=_int(env.get("IMPORT_MAX_ROWS"), 200_000),
            secret_key=env.get("SECRET_KEY") or None,
            browser_path=env.get("BROWSER_PATH") or None,
            import_max_memory_mb=_int(env.get("IMPORT_MAX_MEMORY_MB"), 1536),
            import_timeout_s=_int(env.get("IMPORT_TIMEOUT_S"), 120),
            session_idle_minutes=max(1, _int(env.get("SESSION_IDLE_MINUTES"), 30)),
            session_max_hours=max(1, _int(env.get("SESSION_MAX_HOURS"), 12)),
            trusted_proxies=tuple((env.get("TRUSTED_PROXIES") or "").replace(",", " ").split()),
        )


# Names of every setting, for the docs test.
SETTING_NAMES = (
    "DATABASE_URL",
    "PUBLIC_DASHBOARD",
    "BOUNDARIES_GEOJSON",
    "IMPORT_MAX_MB",
    "IMPORT_MAX_ROWS",
    "SECRET_KEY",
    "BROWSER_PATH",
    "IMPORT_MAX_MEMORY_MB",
    "IMPORT_TIMEOUT_S",
    "SESSION_IDLE_MINUTES",
    "SESSION_MAX_HOURS",
    "TRUSTED_PROXIES",
)


def get_settings() -> Settings:
    return Settings.from_env()
