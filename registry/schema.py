"""Creating and upgrading the schema with Alembic, and loading the reference data (`init`); the
process's one engine, ready for use (``ready_engine``)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from registry.config import DATA_DIR
from registry.db import shared_engine, write_session
from registry.migrate import alembic_config, upgrade
from registry.models import Bloc, WorkField
from registry.units.lineage import load_lineage
from registry.units.load import load_history, load_published, load_simple, load_units
from registry.units.views import build_view_maps

__all__ = ["alembic_config", "init", "is_initialised", "load_all", "ready_engine", "upgrade"]


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


def _prepare(engine: Engine) -> None:
    if not is_initialised(engine):
        init(engine)


def ready_engine(url: str | None = None) -> Engine:
    """The one engine of this process for ``url`` (default: the DATABASE_URL setting), shared by the
    dashboard's pages (ui/core.py) and the sign-in routes (web/server.py); the first call creates
    the schema and loads the reference data into an empty database."""
    return shared_engine(url, prepare=_prepare)
