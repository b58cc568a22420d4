"""Bulk import from Excel (XLSX/XLS) and CSV: read, map headers, check every row, then commit all
rows or none in one transaction. The work is done by the named passes of
registry.importing.passes (their table says what each adds and which errors it raises); this
module runs them for a check (``check``) and for an import (``run_import``).

- XLSX/XLS are read with python-calamine: a formula is read as the value Excel saved with it and
  is never evaluated. CSV may be UTF-8 (with or without BOM) or UTF-16 as Excel's "Unicode text"
  writes it; any other encoding gets a message that names the problem, except a whole file typed
  in a legacy Vietnamese 8-bit font (TCVN3/ABC, VNI), which is detected and converted.
- Text typed in a TCVN3 or VNI font inside an otherwise Unicode file is detected cell by cell
  (``registry.text.detect_legacy``) and converted; each conversion is listed in the report as a
  notice so the user can check it. Mojibake never reaches the database.
- Headers are matched in Vietnamese or English, in any case, NFC or NFD, with or without
  diacritics or punctuation; dates as dd/mm/yyyy, yyyy-mm-dd or Excel serial numbers.
- Rows are matched to existing records by an ``id`` column (a file from our own export) or by
  their natural key (folded title, unit, registration date, folded holder). A matched row that
  differs becomes an update through ``records.writes.update_example`` (with its audit row); an identical
  one is left alone, so importing the same file twice creates nothing.
- ``run_import(..., dry_run=True)`` checks and reports; without it, nothing is written unless
  every row is valid, and then everything is written in one transaction.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from registry import locks, permissions
from registry.db import read_session, write_session
from registry.i18n import DEFAULT_LANG
from registry.importing.context import ImportContext, ImportOptions
from registry.importing.passes import AFTER, CHECK, READ, WRITE
from registry.importing.pipeline import run_passes
from registry.importing.results import ImportResult, Progress


def check(
    session: Session,
    data: bytes,
    filename: str,
    actor: permissions.Actor,
    lang: str = DEFAULT_LANG,
    progress: Progress | None = None,
) -> ImportResult:
    """The dry run: read and check every row; nothing is written."""
    permissions.authorize(actor, "import")
    ctx = ImportContext(data, filename, actor, ImportOptions(lang=lang, progress=progress), session=session)
    return run_passes(ctx, READ + CHECK).result


def run_import(
    engine: Engine,
    data: bytes,
    filename: str,
    actor: permissions.Actor,
    *,
    dry_run: bool = False,
    lang: str = DEFAULT_LANG,
    progress: Progress | None = None,
    link_min_score: float | None = None,
) -> ImportResult:
    """Check the file; unless ``dry_run`` or any row has an error, write every new row and every
    change in one transaction (all or nothing). With ``link_min_score``, each new row without an
    origin is linked to its best suggested origin of at least that score (audited updates in the
    same transaction, each a notice). Raises FileRejected for an unreadable file and
    PermissionDenied for an actor who may not import."""
    permissions.authorize(actor, "import")
    options = ImportOptions(
        lang=lang,
        dry_run=dry_run,
        suggest=dry_run or link_min_score is not None,
        link_min_score=link_min_score,
        progress=progress,
    )
    read = run_passes(ImportContext(data, filename, actor, options, engine=engine), READ)
    if dry_run:
        with read_session(engine) as session:
            return run_passes(_after_read(read, session), CHECK).result
    with write_session(engine) as session:
        # on PostgreSQL the checks run again under the lock of every unit the rows go into, so that
        # two imports of one file at once give each row once (registry/locks.py)
        ctx = locks.planned_under_locks(
            session,
            lambda: run_passes(_after_read(read, session), CHECK),
            lambda checked: [r.values["unit_id"] for r in checked.new if r.values],
        )
        run_passes(ctx, WRITE)
    ctx.session = None
    return run_passes(ctx, AFTER).result


def _after_read(read: ImportContext, session: Session) -> ImportContext:
    """A fresh context for the checks of a file already read (``read``), in ``session``."""
    ctx = ImportContext(read.data, read.filename, read.actor, read.options, engine=read.engine, session=session)
    ctx.table = read.table
    ctx.result.rows = read.result.rows
    ctx.result.notices = list(read.result.notices)
    return ctx
