"""The import of model rows as named passes over one ``ImportContext`` (registry.importing.context),
run by ``pipeline.run_passes``; registry.importing.plan runs them for ``check`` and ``run_import``.

Every error and notice carries the name of the pass that raised it (``RowError.pass_name``), so
``result.for_row(17)`` says which pass refused row 17, and why. A whole file refused raises
``FileRejected`` (registry.importing.results) from "read" and nothing else runs.

pass          when             adds                                       errors (E) and notices (N), by catalog key
------------  ---------------  -----------------------------------------  ----------------------------------------------
read          before the       ctx.table: headers, data rows and their    raises FileRejected: import.too_big, .empty,
              session          numbers; result.rows                       .bad_workbook, .wrong_sheet, .no_rows,
                                                                          .too_many_rows, .bad_encoding, .bad_csv,
                                                                          .no_header, upload.* (guard, sandbox);
                                                                          N import.legacy_file
headers       check            ctx.columns (index -> input field),        E import.column_twice, import.column_missing;
                               ctx.labels (field -> header as written);   N import.column_ignored
                               halts on an error
cells         check            ctx.rows: each row's cells, the id it      E upload.bad_date, error.not_a_number,
                               names, its ModelExampleCreate (words to    error.required, error.title_empty,
                               codes; unit, field, bloc and programme     import.row_invalid; N import.legacy_converted
                               names resolved once each)
validate      check            row.values (the columns the write layer    E every problem of records.validation: error.*
                               would store); result.rules (rows each      (bad_kind, required, unknown_field/_bloc/
                               placement rule placed); drops              _programme/_unit, ambiguous_unit, unit eras,
                               error.award_required of a row naming a     commune_*, bad_stage, stage dates,
                               stored record in a file without award      date_in_future, bad_level, level_required,
                               columns                                    award_required, negative, too_long,
                                                                          year_range, origin_*), upload.text_too_long,
                                                                          upload.bad_precision; N place.*
keys          check            row.values: title_key, match_key,          none
                               search_text (as finish_values)
origins       check            "Nhân rộng từ" as written resolved:        E error.origin_missing, .origin_cycle,
                               replicated_from_id where it names one      .origin_later; N import.origin_found,
                               record                                     .origin_ambiguous, .origin_unmatched
classify      check            ctx.new, ctx.updates (row, stored record,  E import.duplicate_id, .duplicate_row,
                               changes), result.unchanged; every row's    .unknown_id, .deleted_id, .unit_forbidden;
                               errors into result.errors                  N import.stage_ignored
suggest       check            result.suggestions for the new rows that   N import.origin_suggested
                               name no origin (dry run or link score)
summary       check            result.to_create, .to_update, .preview;    none
                               the errors in row order
create        transaction      result.created_ids: the new records with   none (a failure rolls everything back)
                               history, awards, rollups, audit; halts on
                               an error or when nothing is to be written
link          transaction      result.linked: new rows linked to their    N import.origin_linked, .origin_not_linked
                               best suggestion of at least the score
update        transaction      result.updated_ids (each an audited        none (a failure rolls everything back)
                               update); result.committed
replications  after it         suggested origins stored for the rows      none (a failure is logged; the import stands)
                               written (registry.replication.store)

"check" passes run in the session of the check (read-only in a dry run), "transaction" ones in the
same write transaction after them (never in a dry run), "after it" in a transaction of its own.
"""

from __future__ import annotations

import logging

from sqlalchemy import select as sa_select

from registry import text
from registry.db import write_session
from registry.errors import field_label
from registry.importing import linking
from registry.importing.cells import convert_rows
from registry.importing.classify import classify
from registry.importing.context import ImportContext
from registry.importing.headers import UNIT_CODE, export_only, map_header
from registry.importing.pipeline import Step
from registry.importing.read import read_table
from registry.importing.results import RowError
from registry.models import ModelExample, ModelExampleUpdate
from registry.records import bulk, writes
from registry.records.audit import audit
from registry.records.words import REQUIRED
from registry.replication import store as suggestions

log = logging.getLogger(__name__)
# Placement rules that read the cells as written and need no word in the report.
QUIET_RULES = ("plain", "province_level")
AWARD = "error.award_required"
PREVIEW_ROWS = 200


def read(ctx: ImportContext) -> None:
    """The file's cells (raises FileRejected)."""
    ctx.table = read_table(ctx.data, ctx.filename, ctx.options.progress)
    ctx.result.rows = len(ctx.table.rows)
    ctx.result.notices += ctx.table.notices


def map_headers(ctx: ImportContext) -> None:
    """Column index → input field; unknown headers are notices, repeated or missing ones errors
    (and then nothing more is checked)."""
    table, result = ctx.cells, ctx.result
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
            label = field_label(name, ctx.lang)
            result.errors.append(RowError(header_row, label, "import.column_missing", {"column": label}, name))
    ctx.columns = columns
    ctx.labels = {name: table.headers[i] for i, name in columns.items()}
    ctx.halted = bool(result.errors)


def convert_cells(ctx: ImportContext) -> None:
    ctx.rows = convert_rows(ctx)
    ctx.options.report(len(ctx.rows) // 4, len(ctx.rows), "check")


def validate(ctx: ImportContext) -> None:
    """The validation of the write layer for every converted row: its problems as cell errors,
    what it read and did for the row (placing the unit by a forgiving rule) as notices, and how
    many rows each placement rule placed."""
    rows, refs, result = ctx.rows, ctx.refs, ctx.result
    good = [r for r in rows if r.data is not None]
    checked = bulk.validate_batch(ctx.db, [r.data for r in good if r.data is not None], refs)
    for row, res in zip(good, checked, strict=True):
        row.values = res.values
        for p in res.problems:
            column = ctx.labels.get(p.field) or field_label(p.field, ctx.lang)
            row.errors.append(RowError(row.number, column, p.key, p.params, p.field))
        for n in res.notices:
            column = ctx.labels.get(n.field) or field_label(n.field, ctx.lang)
            result.notices.append(RowError(row.number, column, n.key, n.params, n.field))
        if res.rule and res.rule not in QUIET_RULES and not res.problems:
            result.rules[res.rule] += 1
    _forgive_awards(ctx)
    ctx.options.report(len(rows) // 2, len(rows), "check")


def _forgive_awards(ctx: ImportContext) -> None:
    """A row that names a stored record by its id needs no award form or issuer: an import never
    changes a stored record's stage (``import.stage_ignored``), so its award stands. Our registry
    export has an id column and no award columns: without this its awarded records fail."""
    pending = {r.record_id: r for r in ctx.rows if r.record_id is not None and any(e.key == AWARD for e in r.errors)}
    if not pending or {"award_form", "award_issuer"} & ctx.present:
        return
    table = ModelExample.__table__
    for chunk in bulk.chunks(sorted(pending), 500):
        query = sa_select(table.c.id).where(table.c.id.in_(chunk), table.c.deleted.is_(False))
        for record_id in ctx.db.execute(query).scalars():
            row = pending[record_id]
            row.errors = [e for e in row.errors if e.key != AWARD]


def search_keys(ctx: ImportContext) -> None:
    """The derived search columns, as records.validation.finish_values computes them (it keeps
    them when present), with each distinct value folded once."""
    units, fold = ctx.refs.units, ctx.fold
    for row in ctx.rows:
        v = row.values
        if v is None or row.errors:
            continue
        title = text.fold(v["title"])
        v["title_key"] = title[:300]
        v["match_key"] = text.title_match_key(v["title"])[:300]
        parts = [title, fold[v["holder_name"]], fold[v["locality"]]]
        for unit_id in (v["unit_id"], v["commune_id"]):
            if unit_id is not None:
                parts.append(fold[units.by_id[unit_id].name])
        v["search_text"] = " ".join(p for p in parts if p)


def suggest(ctx: ImportContext) -> None:
    if ctx.options.suggest and ctx.new and not ctx.result.errors:
        linking.suggest_new(ctx)


def summarise(ctx: ImportContext) -> None:
    result, units = ctx.result, ctx.refs.units
    result.to_create, result.to_update = len(ctx.new), len(ctx.updates)
    for row in ctx.new[:PREVIEW_ROWS]:
        v = row.values or {}
        result.preview.append(
            {
                "row": row.number,
                "title": v["title"],
                "unit": units.by_id[v["unit_id"]].name,
                "registered_on": v["registered_on"],
                "kind": v["kind"],
                "stage": v["stage"],
            }
        )
    result.errors.sort(key=lambda e: (e.row, e.column))


def create(ctx: ImportContext) -> None:
    """Every new row in one bulk insert; nothing more is done when a row has an error or there is
    nothing to write."""
    result = ctx.result
    if ctx.options.dry_run or result.errors or not (ctx.new or ctx.updates):
        ctx.halted = True
        return
    if ctx.new:
        items = [(r.values or {}, r.data) for r in ctx.new if r.data is not None]
        result.created_ids = bulk.insert_resolved(ctx.db, items, ctx.actor, note=ctx.filename, refs=ctx.refs)


def link(ctx: ImportContext) -> None:
    score = ctx.options.link_min_score
    if score is not None and ctx.result.created_ids:
        created = {r.number: i for r, i in zip(ctx.new, ctx.result.created_ids, strict=True)}
        linking.link_suggested(ctx, created, score)


def update(ctx: ImportContext) -> None:
    """Each change an audited update through the write layer (an audit row of the import when it
    created nothing), and the import committed."""
    result, new, updates = ctx.result, ctx.new, ctx.updates
    total = len(new) + len(updates)
    ctx.options.report(len(new), total, "write")
    for i, (_row, example, changes) in enumerate(updates, start=1):
        data = ModelExampleUpdate(version=example.version, **changes)
        writes.update_example(ctx.db, example.id, data, ctx.actor, ctx.refs)
        result.updated_ids.append(example.id)
        if i % 200 == 0:
            ctx.options.report(len(new) + i, total, "write")
    if not new:
        audit(ctx.db, ctx.actor, "import", None, None, {"created": 0, "updated": len(updates)}, note=ctx.filename)
    ctx.options.report(total, total, "done")
    result.committed = True


def store_suggestions(ctx: ImportContext) -> None:
    """Suggested origins for the rows just written (the sources never give one), in their own
    transaction after the import's: the import stands even if this fails, and staff can recompute
    with ``suggest-replications``."""
    example_ids = ctx.result.created_ids + ctx.result.updated_ids
    if not example_ids or ctx.engine is None:
        return
    try:
        with write_session(ctx.engine) as session:
            suggestions.suggest_for(session, example_ids)
    except Exception:  # noqa: BLE001 - never undo or fail an import that is already committed
        log.exception("suggesting origins after an import failed")


READ = (Step("read", read),)
CHECK = (
    Step("headers", map_headers),
    Step("cells", convert_cells),
    Step("validate", validate),
    Step("keys", search_keys),
    Step("origins", linking.resolve_origins),
    Step("classify", classify),
    Step("suggest", suggest),
    Step("summary", summarise),
)
WRITE = (Step("create", create), Step("link", link), Step("update", update))
AFTER = (Step("replications", store_suggestions),)
PASSES = READ + CHECK + WRITE + AFTER
