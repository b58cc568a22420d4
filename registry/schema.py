"""Creating and upgrading the schema with Alembic, and loading the reference data (`init`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from registry.config import DATA_DIR, PROJECT_ROOT
from registry.db import write_session
from registry.exports.published import load_published
from registry.models import Bloc, WorkField
from registry.units.lineage import load_lineage
from registry.units.load import load_history, load_simple, load_units
from registry.units.views import build_view_maps


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
    upgrade(engine)
    with write_session(engine) as session:
        return load_all(session)


def load_all(session: Session, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Every reference file: units and their history since 2009, the lineage of the reform (before
    the views that use it), the unit views and the published figures."""
    load_simple(session, data_dir)
    n_units = load_units(session, data_dir)
    n_units += load_history(session, data_dir)["merged_communes"]
    load_lineage(session, data_dir)
    build_view_maps(session)
    load_published(session, data_dir / "published_figures.csv")
    return {
        "units": n_units,
        "fields": len(session.exec(select(WorkField)).all()),
        "blocs": len(session.exec(select(Bloc)).all()),
    }
