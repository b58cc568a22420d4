"""The index behind the record search (browse, choosing a model).

The search matches every folded word of the query as a substring of ``model_example.search_text``
(a LIKE per word). Without an index that is a scan of the whole table, so:

- SQLite: an FTS5 table with the trigram tokenizer over ``search_text`` (external content: it
  stores the index, not the text), kept in step by triggers on ``model_example``. A word of three
  or more characters becomes a phrase of the MATCH, which narrows the rows to candidates; the LIKE
  conditions stay, so the results are exactly those of the plain LIKE.
- PostgreSQL: a GIN index with ``gin_trgm_ops`` (extension pg_trgm) on ``search_text``, which the
  planner uses for the LIKE conditions themselves.

Neither object is in the SQLModel metadata: ``attach`` creates them after the records table in
``create_all`` (tests), the migration 0005 creates them in databases built by Alembic, and
``include_name`` keeps them out of Alembic's autogenerate comparison.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, literal_column, select, table, text

FTS_TABLE = "model_example_fts"
FTS_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")
PG_INDEX = "ix_example_search_trgm"
MIN_WORD = 3  # the trigram tokenizer cannot match shorter words: they are checked by LIKE alone

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_text, content='model_example', "
    "content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON model_example BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON model_example BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF search_text ON model_example BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
)
SQLITE_DROP = (
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
)
# pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
PG_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON model_example USING gin (search_text gin_trgm_ops)",
)
PG_DROP = (f"DROP INDEX IF EXISTS {PG_INDEX}",)


def install(connection, *, fill: bool = True) -> None:
    """Create the search index for the connection's dialect (idempotent). ``fill`` (SQLite)
    indexes the rows already in the table."""
    name = connection.dialect.name
    if name == "sqlite":
        for statement in SQLITE_DDL:
            connection.exec_driver_sql(statement)
        if fill:
            rebuild(connection)
    elif name == "postgresql":
        for statement in PG_DDL:
            connection.exec_driver_sql(statement)


def uninstall(connection) -> None:
    for statement in {"sqlite": SQLITE_DROP, "postgresql": PG_DROP}.get(connection.dialect.name, ()):
        connection.exec_driver_sql(statement)


def rebuild(connection) -> None:
    """Re-read every row into the FTS index (SQLite; PostgreSQL's index needs no help)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def suspend(connection) -> None:
    """For a bulk load: drop the SQLite triggers, or PostgreSQL's trigram index (kept up row by
    row it cost more than the load itself); ``resume`` re-creates them and fills them once."""
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_DROP[:3]:
            connection.exec_driver_sql(statement)
    elif connection.dialect.name == "postgresql":
        for statement in PG_DROP:
            connection.exec_driver_sql(statement)


def resume(connection) -> None:
    install(connection, fill=True)


@contextmanager
def rows_indexed_after(connection, first_id: int, last_id: int) -> Iterator[None]:
    """For a bulk insert of the records ``first_id``..``last_id`` (SQLite): the insert trigger is
    dropped for the block and those rows are indexed in one statement after it (row by row the
    trigger cost four times the insert). All in the caller's transaction, so the index is never
    half-written: a rollback restores the trigger too. Without the trigger (no index, or a load
    between ``suspend`` and ``resume``) nothing is done."""
    name = f"{FTS_TABLE}_ai"
    exists = (
        connection.dialect.name == "sqlite"
        and connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
        ).first()
    )
    if not exists:
        yield
        return
    connection.exec_driver_sql(f"DROP TRIGGER {name}")
    try:
        yield
        connection.exec_driver_sql(
            f"INSERT INTO {FTS_TABLE}(rowid, search_text) "
            "SELECT id, search_text FROM model_example WHERE id BETWEEN ? AND ?",
            (first_id, last_id),
        )
    finally:
        connection.exec_driver_sql(SQLITE_DDL[1])


def attach(records_table) -> None:
    """Create the index whenever ``create_all`` creates the records table."""
    event.listen(records_table, "after_create", lambda target, connection, **kw: install(connection, fill=False))


def include_name(name, type_, parent_names) -> bool:
    """Alembic ``include_name`` hook: the search index is not part of the SQLModel metadata."""
    if type_ == "table" and name and (name == FTS_TABLE or any(name == FTS_TABLE + s for s in FTS_SHADOW_SUFFIXES)):
        return False
    if type_ == "index" and name == PG_INDEX:
        return False
    return True


def match_query(words: list[str]) -> str | None:
    """The FTS5 MATCH expression for the words the trigram index can match (None if none can):
    each word a quoted phrase (a substring), all of them required."""
    usable = [w for w in words if len(w) >= MIN_WORD]
    if not usable:
        return None
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in usable)


def candidates(match: str):
    """A SELECT of the record ids whose search text may contain every word of ``match``."""
    fts = table(FTS_TABLE)
    return (
        select(literal_column("rowid"))
        .select_from(fts)
        .where(text(f"{FTS_TABLE} MATCH :fts_match").bindparams(fts_match=match))
    )
