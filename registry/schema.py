"""Creating and upgrading the schema with Alembic, and loading reference data (`init`)."""
from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from registry.config import PROJECT_ROOT


def alembic_config() -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates it on an empty database)."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def is_initialised(engine: Engine) -> bool:
    return inspect(engine).has_table("model_example")


def init(engine: Engine) -> dict[str, int]:
    """Create or upgrade the schema and load the reference data. Idempotent."""
    from registry import reference
    from registry.db import write_session

    upgrade(engine)
    with write_session(engine) as session:
        return reference.load_all(session)
