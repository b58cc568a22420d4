"""Bulk import from Excel (XLSX/XLS) and CSV: read, map headers, check every row, then commit all
rows or none in one transaction.

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

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from registry import locks, permissions, text
from registry.db import read_session, write_session
from registry.errors import PermissionDenied, field_label
from registry.i18n import DEFAULT_LANG
from registry.importing import linking
from registry.importing.cells import Choices, Row, convert_rows
from registry.importing.headers import REQUIRED, UNIT_CODE, export_only, map_header
from registry.importing.read import Table, read_table
from registry.importing.results import ImportResult, Progress, RowError
from registry.models import ModelExample, ModelExampleUpdate
from registry.records import bulk, writes
from registry.records.audit import audit
from registry.records.validation import References
from registry.replication import store as suggestions

# Placement rules that read the cells as written and need no word in the report.
log = logging.getLogger(__name__)
QUIET_RULES = ("plain", "province_level")
AWARD = "error.award_required"

# Columns of the table an import may update, with the ModelExampleUpdate field they come from.
_UPDATABLE = {
    "kind": "kind",
    "title": "title",
    "holder_name": "holder_name",
    "locality": "locality",
    "unit_id": "unit",
    "commune_id": "commune",
    "field_id": "field",
    "bloc_id": "bloc",
    "programme_id": "programme",
    "description": "description",
    "registered_on": "registered_on",
    "results": "results",
    "beneficiaries": "beneficiaries",
    "funds_vnd": "funds_vnd",
    "replicated_from_id": "replicated_from",
    "replicated_from_text": "replicated_from_text",
}
_STAGE_COLUMNS = ("stage", "effective_on", "recognised_on", "outstanding_on", "awarded_on", "recognition_level")


class _Folds(dict):
    """text.fold of each distinct value once (holders, localities and unit names repeat)."""

    def __missing__(self, value: str) -> str:
        self[value] = folded = text.fold(value)
        return folded


def natural_key(values, fold: _Folds) -> tuple:
    """(folded title, unit id, registration date, folded holder): the same model in the same unit.
    ``values`` is a row's column values or a stored record."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return (get("match_key"), get("unit_id"), get("registered_on"), fold[get("holder_name") or ""])


def _update_payload(example: ModelExample, values: dict, present: set[str], refs: References) -> dict:
    changes: dict[str, Any] = {}
    for column, name in _UPDATABLE.items():
        if name == "replicated_from_text":  # an empty cell leaves the text as it is; an id clears it
            name = "replicated_from" if values.get(column) or values.get("replicated_from_id") else ""
        if name not in present or getattr(example, column) == values.get(column):
            continue
        value = values.get(column)
        if column in ("unit_id", "commune_id"):
            value = refs.units.by_id[value].code if value else None
        elif column in ("field_id", "bloc_id", "programme_id"):
            value = str(value) if value else None
        changes["replicated_from_text" if column == "replicated_from_text" else name] = value
    # the precision of the date goes with it: "03/2023" read back over a record of "2023"
    precision = values.get("registered_precision") or "day"
    if "registered_on" in present and ("registered_on" in changes or example.registered_precision != precision):
        changes["registered_precision"] = precision
    return changes


@dataclass
class _Plan:
    result: ImportResult
    new: list[Row]
    updates: list[tuple[Row, ModelExample, dict]]


def _map_columns(table: Table, lang: str, result: ImportResult) -> dict[int, str]:
    """Column index → input field; unknown headers are notices, repeated or missing ones errors."""
    columns: dict[int, str] = {}
    for i, header in enumerate(table.headers):
        name = map_header(header)
        if name is None:
            if header and not export_only(header):
                result.notices.append(RowError(1, header, "import.column_ignored", {"column": header}))
            continue
        if name in columns.values():
            result.errors.append(RowError(1, header, "import.column_twice", {"column": header}))
            continue
        columns[i] = name
    if UNIT_CODE in columns.values() and "unit" not in columns.values():  # the code alone is the unit
        columns = {i: "unit" if name == UNIT_CODE else name for i, name in columns.items()}
    header_row = table.row_numbers[0] - 1 if table.row_numbers else 1
    for name in REQUIRED:
        if name not in columns.values():
            result.errors.append(
                RowError(
                    header_row,
                    field_label(name, lang),
                    "import.column_missing",
                    {"column": field_label(name, lang)},
                    name,
                )
            )
    return columns


def _validate(
    session: Session, rows: list[Row], labels: dict[str, str], refs: References, lang: str, result: ImportResult
) -> None:
    """The validation of the write layer for every converted row: its problems as cell errors, what
    it read and did for the row (placing the unit by a forgiving rule) as notices, and how many rows
    each placement rule placed."""
    good = [r for r in rows if r.data is not None]
    for row, res in zip(good, bulk.validate_batch(session, [r.data for r in good], refs), strict=True):
        row.values = res.values
        for p in res.problems:
            column = labels.get(p.field) or field_label(p.field, lang)
            row.errors.append(RowError(row.number, column, p.key, p.params, p.field))
        for n in res.notices:
            column = labels.get(n.field) or field_label(n.field, lang)
            result.notices.append(RowError(row.number, column, n.key, n.params, n.field))
        if res.rule and res.rule not in QUIET_RULES and not res.problems:
            result.rules[res.rule] += 1


def _forgive_awards(session: Session, rows: list[Row], present: set[str]) -> None:
    """A row that names a stored record by its id needs no award form or issuer: an import never
    changes a stored record's stage (``import.stage_ignored``), so its award stands. Our registry
    export has an id column and no award columns: without this its awarded records fail."""
    pending = {r.record_id: r for r in rows if r.record_id is not None and any(e.key == AWARD for e in r.errors)}
    if not pending or {"award_form", "award_issuer"} & present:
        return
    table = ModelExample.__table__
    for chunk in bulk.chunks(sorted(pending), 500):
        query = sa_select(table.c.id).where(table.c.id.in_(chunk), table.c.deleted.is_(False))
        for record_id in session.execute(query).scalars():
            row = pending[record_id]
            row.errors = [e for e in row.errors if e.key != AWARD]


def _derive_search(rows: list[Row], refs: References, fold: _Folds) -> None:
    """The derived search columns, as records.validation.finish_values computes them (it keeps
    them when present), with each distinct value folded once."""
    for row in rows:
        v = row.values
        if v is None or row.errors:
            continue
        title = text.fold(v["title"])
        v["title_key"] = title[:300]
        v["match_key"] = text.title_match_key(v["title"])[:300]
        parts = [title, fold[v["holder_name"]], fold[v["locality"]]]
        for unit_id in (v["unit_id"], v["commune_id"]):
            if unit_id is not None:
                parts.append(fold[refs.units.by_id[unit_id].name])
        v["search_text"] = " ".join(p for p in parts if p)


def _existing(session: Session, rows: list[Row], fold: _Folds) -> tuple[dict[int, Any], dict[tuple, Any]]:
    """Stored records the rows may match: by id, and by natural key among live records with the
    same title (Core rows: attribute access like the model, much faster to load)."""
    table = ModelExample.__table__
    ids = sorted({r.record_id for r in rows if r.record_id is not None})
    by_id: dict[int, Any] = {}
    for chunk in bulk.chunks(ids, 500):
        for ex in session.execute(sa_select(table).where(table.c.id.in_(chunk))):
            by_id[ex.id] = ex
    match_keys = sorted({r.values["match_key"] for r in rows if r.values and not r.errors and r.record_id is None})
    by_key: dict[tuple, Any] = {}
    for chunk in bulk.chunks(match_keys, 500):
        # live records filtered here: in the query SQLite took the index on "deleted" (a scan)
        for ex in session.execute(sa_select(table).where(table.c.match_key.in_(chunk))):
            if not ex.deleted:
                by_key.setdefault(natural_key(ex, fold), ex)
    return by_id, by_key


def _plan(
    session: Session,
    table: Table,
    filename: str,
    actor: permissions.Actor,
    lang: str,
    progress: Progress | None,
    suggest: bool = True,
) -> _Plan:
    """Check every row; with ``suggest``, the suggested origins of the new rows that name none."""
    result = ImportResult(filename=filename, rows=len(table.rows))
    result.notices += table.notices
    columns = _map_columns(table, lang, result)
    if result.errors:
        return _Plan(result, [], [])
    present = set(columns.values())
    labels = {name: table.headers[i] for i, name in columns.items()}
    refs = References(session)
    rows = convert_rows(table, columns, refs, Choices(), result.notices)
    if progress:
        progress(len(rows) // 4, len(rows), "check")
    _validate(session, rows, labels, refs, lang, result)
    _forgive_awards(session, rows, present)
    if progress:
        progress(len(rows) // 2, len(rows), "check")
    fold = _Folds()
    _derive_search(rows, refs, fold)
    linking.resolve_origins(session, rows, refs, labels, lang, result)
    by_id, by_key = _existing(session, rows, fold)
    new, updates = _classify(rows, by_id, by_key, fold, labels, present, actor, refs, result)
    if suggest and new and not result.errors:
        linking.suggest_new(session, new, refs, labels, lang, result)
    result.to_create, result.to_update = len(new), len(updates)
    for row in new[:200]:
        v = row.values
        result.preview.append(
            {
                "row": row.number,
                "title": v["title"],
                "unit": refs.units.by_id[v["unit_id"]].name,
                "registered_on": v["registered_on"],
                "kind": v["kind"],
                "stage": v["stage"],
            }
        )
    result.errors.sort(key=lambda e: (e.row, e.column))
    return _Plan(result, new, updates)


def _classify(
    rows: list[Row],
    by_id: dict,
    by_key: dict,
    fold: _Folds,
    labels: dict[str, str],
    present: set[str],
    actor: permissions.Actor,
    refs: References,
    result: ImportResult,
):
    """Each valid row: new, an update of a stored record, or unchanged; repeated rows or ids,
    unknown ids and units the actor may not write are errors."""
    seen_keys: dict[tuple, int] = {}
    seen_ids: dict[int, int] = {}
    new: list[Row] = []
    updates: list[tuple[Row, ModelExample, dict]] = []
    for row in rows:
        if row.values is None or row.errors:
            result.errors += row.errors
            continue
        key = natural_key(row.values, fold)
        if row.record_id is not None:
            if row.record_id in seen_ids:
                result.errors.append(
                    RowError(
                        row.number,
                        labels["id"],
                        "import.duplicate_id",
                        {"id": row.record_id, "other": seen_ids[row.record_id]},
                        "id",
                    )
                )
                continue
            seen_ids[row.record_id] = row.number
        if key in seen_keys:
            result.errors.append(
                RowError(row.number, labels["title"], "import.duplicate_row", {"other": seen_keys[key]}, "title")
            )
            continue
        seen_keys[key] = row.number
        existing = by_id.get(row.record_id) if row.record_id is not None else by_key.get(key)
        if row.record_id is not None and (existing is None or existing.deleted):
            result.errors.append(
                RowError(
                    row.number,
                    labels["id"],
                    "import.unknown_id" if existing is None else "import.deleted_id",
                    {"id": row.record_id},
                    "id",
                )
            )
            continue
        unit_id = existing.unit_id if existing is not None else row.values["unit_id"]
        try:
            permissions.authorize(actor, "update" if existing is not None else "create", unit_id, refs.units)
            if existing is not None and row.values["unit_id"] != existing.unit_id:
                permissions.authorize(actor, "update", row.values["unit_id"], refs.units)
        except PermissionDenied:
            result.errors.append(RowError(row.number, labels["unit"], "import.unit_forbidden", {}, "unit"))
            continue
        if existing is None:
            new.append(row)
            continue
        changes = _update_payload(existing, row.values, present, refs)
        if any(c in present for c in _STAGE_COLUMNS) and _stage_differs(existing, row.values):
            result.notices.append(
                RowError(row.number, labels.get("stage", ""), "import.stage_ignored", {"id": existing.id}, "stage")
            )
        if changes:
            updates.append((row, existing, changes))
        else:
            result.unchanged += 1
    return new, updates


def _stage_differs(example: ModelExample, values: dict) -> bool:
    return any(getattr(example, k) != values.get(k) for k in _STAGE_COLUMNS)


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
    table = read_table(data, filename, progress)
    return _plan(session, table, filename, actor, lang, progress).result


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
    table = read_table(data, filename, progress)
    if dry_run:
        with read_session(engine) as session:
            return _plan(session, table, filename, actor, lang, progress).result
    with write_session(engine) as session:
        plan = locks.planned_under_locks(
            session,
            lambda: _plan(session, table, filename, actor, lang, progress, suggest=link_min_score is not None),
            lambda p: [r.values["unit_id"] for r in p.new if r.values],
        )
        result = plan.result
        result.dry_run = False
        if result.errors or not (plan.new or plan.updates):
            return result
        total = len(plan.new) + len(plan.updates)
        refs = References(session)
        if plan.new:
            result.created_ids = bulk.insert_resolved(
                session, [(r.values, r.data) for r in plan.new], actor, note=filename, refs=refs
            )
        if link_min_score is not None and result.created_ids:
            created = {r.number: i for r, i in zip(plan.new, result.created_ids, strict=True)}
            linking.link_suggested(session, result, created, link_min_score, actor, refs, lang)
        if progress:
            progress(len(plan.new), total, "write")
        for i, (_row, example, changes) in enumerate(plan.updates, start=1):
            writes.update_example(
                session, example.id, ModelExampleUpdate(version=example.version, **changes), actor, refs
            )
            result.updated_ids.append(example.id)
            if progress and i % 200 == 0:
                progress(len(plan.new) + i, total, "write")
        if not plan.new:
            audit(session, actor, "import", None, None, {"created": 0, "updated": len(plan.updates)}, note=filename)
        if progress:
            progress(total, total, "done")
        result.committed = True
    _suggest_origins(engine, result.created_ids + result.updated_ids)
    return result


def _suggest_origins(engine: Engine, example_ids: list[int]) -> None:
    """Suggested origins for the rows just written (the sources never give one), in their own
    transaction after the import's: the import stands even if this fails, and staff can recompute
    with ``suggest-replications``."""
    if not example_ids:
        return
    try:
        with write_session(engine) as session:
            suggestions.suggest_for(session, example_ids)
    except Exception:  # noqa: BLE001 - never undo or fail an import that is already committed
        log.exception("suggesting origins after an import failed")
