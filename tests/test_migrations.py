"""Migrations upgrade an empty database, and autogenerate finds no difference from the models."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy import text as sql
from sqlmodel import SQLModel

import registry.models  # noqa: F401
from registry import search_index
from registry.db import make_engine
from registry.schema import alembic_config, init, upgrade


def assert_no_diff(engine):
    with engine.connect() as conn:
        # the search index (FTS5 table / trigram index) is kept outside the metadata on purpose
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": search_index.include_name})
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == [], diff


def test_sqlite_upgrade_and_no_diff(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    upgrade(engine)
    assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
    assert_no_diff(engine)
    counts = init(engine)  # idempotent on an upgraded database
    assert counts["units"] >= 28 and init(engine) == counts


def test_postgresql_upgrade_and_no_diff(pg_server):
    url = pg_server.create_database("migrations_test")
    engine = make_engine(url)
    upgrade(engine)
    assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
    assert_no_diff(engine)
    assert init(engine)["units"] >= 28
    engine.dispose()


def test_match_keys_of_stored_records_are_filled_for_duplicate_matching(tmp_path):
    """0009 gives the records stored before it the match key new records get: a title written
    with "Mô hình “Dân vận khéo” …" matches the same model stored without those words; the sort key
    stays the folded title."""
    from alembic import command
    from sqlalchemy import text as sql

    from registry.schema import alembic_config
    from registry.text import fold, title_match_key

    engine = make_engine(f"sqlite:///{tmp_path / 'k.db'}")
    init(engine)
    title = "Mô hình “Dân vận khéo” Bản sáng vùng biên"
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
        unit = conn.execute(sql("SELECT id FROM admin_unit WHERE code = '388'")).scalar_one()
        conn.execute(
            sql(
                "INSERT INTO model_example (kind, title, holder_name, locality, unit_id, field_id, bloc_id,"
                " description, registered_on, stage, results, is_sample, year, title_key, search_text, version,"
                " created_at, created_by, updated_at, updated_by, deleted) VALUES ('collective', :t, '', '', :u,"
                " (SELECT MIN(id) FROM work_field), (SELECT MIN(id) FROM bloc), '', '2022-01-10', 'registered',"
                " '', 0, 2022, :k, '', 1, '2022-01-10', 'x', '2022-01-10', 'x', 0)"
            ),
            {"t": title, "u": unit, "k": fold(title)},
        )
    upgrade(engine)
    with engine.connect() as conn:
        key, sort_key = conn.execute(sql("SELECT match_key, title_key FROM model_example")).one()
    assert key == title_match_key("Bản sáng vùng biên") == "ban sang vung bien"
    assert sort_key == fold(title)


def test_sqlite_date_precision_columns_upgrade_and_downgrade(tmp_path):
    """0008 adds a precision beside each date ("day" for the records already there) and keeps the
    search index triggers of the table; its downgrade takes the columns away again."""
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")
    init(engine)
    triggers_before = _triggers(engine)
    with engine.begin() as conn:
        conn.execute(
            sql(
                "INSERT INTO model_example (kind, title, holder_name, locality, description, registered_on, stage,"
                " results, is_sample, unit_id, field_id, bloc_id, year, title_key, search_text, created_at,"
                " created_by, updated_at, updated_by, version, deleted) SELECT 'collective', 'Cũ', '', '', '',"
                " '2023-03-15', 'registered', '', 0, id, (SELECT min(id) FROM work_field), (SELECT min(id) FROM bloc),"
                " 2023, 'cu', 'cu', '2023-03-15 00:00:00', 'x', '2023-03-15 00:00:00', 'x', 1, 0"
                " FROM admin_unit WHERE level = 'district' LIMIT 1"
            )
        )
    upgrade(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("model_example")}
    assert {"registered_precision", "effective_precision", "awarded_precision"} <= columns
    with engine.connect() as conn:
        assert conn.execute(sql("SELECT registered_precision, effective_precision FROM model_example")).all() == [
            ("day", "day")
        ]
    assert _triggers(engine) == triggers_before and triggers_before  # the search index still follows the table
    assert_no_diff(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")
    columns = {c["name"] for c in inspect(engine).get_columns("model_example")}
    assert not {c for c in columns if c.endswith("_precision")}
    engine.dispose()


def _triggers(engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
