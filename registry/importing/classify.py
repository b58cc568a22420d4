"""The import's "classify" pass: each valid row matched to a stored record, by the ``id`` it names
(a file from our own export) or by its natural key (folded title, unit, registration date, folded
holder), and put in one of three heaps: new, an update of a stored record (with the changes), or
unchanged. Repeated rows or ids, unknown or deleted ids and units the actor may not write are
errors; a stage that differs from the stored one is a notice (an import never changes a stage)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select as sa_select

from registry import permissions
from registry.errors import PermissionDenied
from registry.importing.context import Folds, ImportContext, Row
from registry.importing.results import RowError
from registry.models import ModelExample
from registry.records import bulk
from registry.records.validation import References
from registry.records.words import STAGE_COLUMNS

# Columns of the table an import may update, with the ModelExampleUpdate field they come from.
UPDATABLE = {
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


def natural_key(values: Any, fold: Folds) -> tuple:
    """(folded title, unit id, registration date, folded holder): the same model in the same unit.
    ``values`` is a row's column values or a stored record."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return (get("match_key"), get("unit_id"), get("registered_on"), fold[get("holder_name") or ""])


def update_payload(example: Any, values: dict, present: set[str], refs: References) -> dict:
    """The ``ModelExampleUpdate`` fields of the columns the file has that differ from the stored
    record (a unit as its code, a field, bloc or programme as its id in text)."""
    changes: dict[str, Any] = {}
    for column, name in UPDATABLE.items():
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


def stored_matches(ctx: ImportContext) -> tuple[dict[int, Any], dict[tuple, Any]]:
    """Stored records the rows may match: by id, and by natural key among live records with the
    same title (Core rows: attribute access like the model, much faster to load)."""
    session, rows, fold = ctx.db, ctx.rows, ctx.fold
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


def classify(ctx: ImportContext) -> None:
    """Each valid row into ``ctx.new``, ``ctx.updates`` or ``result.unchanged``; then every row's
    errors are the result's (in row order)."""
    by_id, by_key = stored_matches(ctx)
    result, refs, present = ctx.result, ctx.refs, ctx.present
    stages_present = any(c in present for c in STAGE_COLUMNS)
    seen_keys: dict[tuple, int] = {}
    seen_ids: dict[int, int] = {}
    for row in ctx.rows:
        if row.values is None or row.errors:
            result.errors += row.errors
            continue
        existing = _match(ctx, row, by_id, by_key, seen_keys, seen_ids)
        if isinstance(existing, RowError):
            result.errors.append(existing)
            continue
        if existing is None:
            ctx.new.append(row)
            continue
        changes = update_payload(existing, row.values, present, refs)
        if stages_present and _stage_differs(existing, row.values):
            result.notices.append(
                RowError(row.number, ctx.column("stage"), "import.stage_ignored", {"id": existing.id}, "stage")
            )
        if changes:
            ctx.updates.append((row, existing, changes))
        else:
            result.unchanged += 1


def _match(
    ctx: ImportContext,
    row: Row,
    by_id: dict[int, Any],
    by_key: dict[tuple, Any],
    seen_keys: dict[tuple, int],
    seen_ids: dict[int, int],
) -> RowError | Any:
    """The stored record a valid row updates (None for a new row), or why it cannot be imported
    (a RowError). Remembers the row's key and id in ``seen_keys`` and ``seen_ids``."""
    values, number = row.values or {}, row.number
    key = natural_key(values, ctx.fold)
    if row.record_id is not None:
        if row.record_id in seen_ids:
            params = {"id": row.record_id, "other": seen_ids[row.record_id]}
            return RowError(number, ctx.labels["id"], "import.duplicate_id", params, "id")
        seen_ids[row.record_id] = number
    if key in seen_keys:
        return RowError(number, ctx.labels["title"], "import.duplicate_row", {"other": seen_keys[key]}, "title")
    seen_keys[key] = number
    existing = by_id.get(row.record_id) if row.record_id is not None else by_key.get(key)
    if row.record_id is not None and (existing is None or existing.deleted):
        why = "import.unknown_id" if existing is None else "import.deleted_id"
        return RowError(number, ctx.labels["id"], why, {"id": row.record_id}, "id")
    unit_id = existing.unit_id if existing is not None else values["unit_id"]
    units = ctx.refs.units
    try:
        permissions.authorize(ctx.actor, "update" if existing is not None else "create", unit_id, units)
        if existing is not None and values["unit_id"] != existing.unit_id:
            permissions.authorize(ctx.actor, "update", values["unit_id"], units)
    except PermissionDenied:
        return RowError(number, ctx.labels["unit"], "import.unit_forbidden", {}, "unit")
    return existing


def _stage_differs(example: Any, values: dict) -> bool:
    return any(getattr(example, k) != values.get(k) for k in STAGE_COLUMNS)
