"""Each pass of the import on its own, fed a small context (the passes before it run to build it),
the machinery that runs them, and the answer to "which pass refused row N, and why"."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import pytest
from sqlalchemy import func, select

from registry import permissions
from registry.db import read_session, write_session
from registry.importing import passes
from registry.importing.context import ImportContext, ImportOptions
from registry.importing.pipeline import Step, run_passes
from registry.importing.read import Table
from registry.importing.results import FileRejected, ImportResult, RowError
from registry.models import ModelExample
from registry.records.validation import finish_values
from registry.replication import store
from tests.support.factories import make_example
from tests.support.import_rows import GOOD, HEADER, csv_bytes, to_legacy

NAMES = [p.name for p in passes.PASSES]


def context(session, rows=GOOD, header=HEADER, upto: str | None = None, **options) -> ImportContext:
    """A context of ``rows`` after the passes before ``upto`` (after "read" when None)."""
    ctx = ImportContext(csv_bytes(rows, header), "f.csv", permissions.SYSTEM, ImportOptions(**options))
    ctx.session = session
    run_passes(ctx, passes.PASSES[: NAMES.index(upto) if upto else 1])
    return ctx


def run(ctx: ImportContext, name: str) -> ImportContext:
    return run_passes(ctx, [p for p in passes.PASSES if p.name == name])


def keys(items) -> list[tuple[int, str, str]]:
    return [(e.row, e.key, e.pass_name) for e in items]


# --------------------------------------------------------------------------- the machinery
@dataclasses.dataclass
class _Line:  # a second kind of row: what a unit-report import would bring
    text: str
    errors: list[RowError] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class _Lines:
    rows: list[_Line]
    result: ImportResult = dataclasses.field(default_factory=lambda: ImportResult("r.docx"))
    halted: bool = False


def _split(ctx: _Lines) -> None:
    for number, line in enumerate(ctx.rows, start=1):
        if not line.text:
            line.errors.append(RowError(number, "text", "error.required"))
    ctx.result.notices.append(RowError(0, "", "import.legacy_file", {"encoding": "VNI"}))


def _collect(ctx: _Lines) -> None:
    for line in ctx.rows:
        ctx.result.errors += line.errors
        line.errors = []
    ctx.result.errors.append(RowError(3, "text", "import.duplicate_row", {"other": 1}))
    ctx.halted = True


def test_run_passes_stamps_each_error_and_notice_with_its_pass_and_stops_when_halted():
    ran = []
    ctx = _Lines([_Line("a"), _Line(""), _Line("a")])
    run_passes(ctx, [Step("split", _split), Step("collect", _collect), Step("never", ran.append)])
    assert ran == []  # halted by "collect"
    assert keys(ctx.result.errors) == [(2, "error.required", "split"), (3, "import.duplicate_row", "collect")]
    assert keys(ctx.result.notices) == [(0, "import.legacy_file", "split")]
    assert ctx.result.for_row(2) == ctx.result.errors[:1]


def test_the_passes_are_named_once_each_and_the_docstring_table_lists_every_one():
    assert len(set(NAMES)) == len(NAMES) == len(passes.PASSES)
    assert passes.PASSES == passes.READ + passes.CHECK + passes.WRITE + passes.AFTER
    lines = (passes.__doc__ or "").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("------------"))
    listed = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        if not line.startswith(" "):
            listed.append(line.split()[0])
    assert listed == NAMES


# --------------------------------------------------------------------------- each pass
def test_read_gives_the_table_and_its_legacy_notice(sqlite_session):
    data = to_legacy(csv_bytes([GOOD[0]], encoding="utf-8").decode("utf-8"), "tcvn3").encode("latin-1")
    ctx = ImportContext(data, "f.csv", permissions.SYSTEM)
    run(ctx, "read")
    assert ctx.cells.headers == HEADER and ctx.cells.row_numbers == [2] and ctx.result.rows == 1
    assert keys(ctx.result.notices) == [(0, "import.legacy_file", "read")]
    with pytest.raises(FileRejected):
        run_passes(ImportContext(b"", "f.csv", permissions.SYSTEM), passes.READ)


def test_headers_map_the_columns_and_halt_on_a_missing_or_repeated_one(sqlite_session):
    ctx = context(sqlite_session, upto="headers")
    run(ctx, "headers")
    assert not ctx.halted and ctx.columns[0] == "kind" and ctx.labels["unit"] == "Đơn vị"
    ctx = ImportContext(b"", "f.csv", permissions.SYSTEM, session=sqlite_session)
    ctx.table = Table("", ["Loại", "Tên mô hình", "Loại", "Ghi chú"], [], [2])
    run(ctx, "headers")
    assert ctx.halted
    assert [(e.key, e.column) for e in ctx.result.errors if e.key == "import.column_twice"] == [
        ("import.column_twice", "Loại")
    ]
    missing = {e.field for e in ctx.result.errors if e.key == "import.column_missing"}
    assert missing == {"unit", "field", "bloc", "registered_on"}
    assert {e.pass_name for e in ctx.result.errors} == {"headers"}
    assert keys(ctx.result.notices) == [(1, "import.column_ignored", "headers")]


def test_cells_convert_words_dates_and_numbers_and_refuse_a_bad_cell(sqlite_session):
    bad = [*GOOD[0][:6], "31/02/2023", *GOOD[0][7:9], "nhiều"]
    ctx = context(sqlite_session, [GOOD[1], bad], upto="cells")
    run(ctx, "cells")
    good, refused = ctx.rows
    assert good.data is not None and good.data.kind == "individual" and good.data.stage == "effective"
    assert good.data.registered_on == dt.date(2022, 2, 10) and good.data.beneficiaries == 1200
    assert refused.data is None
    assert keys(refused.errors) == [(3, "upload.bad_date", "cells"), (3, "error.not_a_number", "cells")]


def test_validate_gives_the_columns_and_the_write_layers_problems(sqlite_session):
    unknown = [*GOOD[0][:4], "Thể thao", *GOOD[0][5:]]
    ctx = context(sqlite_session, [GOOD[0], unknown], upto="validate")
    run(ctx, "validate")
    valid, refused = ctx.rows
    assert valid.values is not None and valid.values["kind"] == "collective" and valid.errors == []
    assert valid.values["unit_id"] is not None and valid.values["field_id"] is not None
    assert [(e.key, e.column, e.pass_name) for e in refused.errors] == [("error.unknown_field", "Lĩnh vực", "validate")]


def test_validate_forgives_the_award_of_a_row_naming_a_stored_record(sqlite_session):
    stored = make_example(sqlite_session, title="Đã khen", registered_on=dt.date(2022, 1, 5))
    header = ["id", *HEADER]
    cells = [GOOD[0][0], "Đã khen", "", "Huyện Hậu Lộc", "Kinh tế", "Khối chính quyền", "05/01/2022", "Khen thưởng"]
    rows = [[str(stored.id), *cells, "01/02/2022", ""], ["", *cells, "01/02/2022", ""]]
    ctx = context(sqlite_session, rows, header=header, upto="validate")
    run(ctx, "validate")
    named, unnamed = ([e.key for e in row.errors] for row in ctx.rows)
    assert "error.award_required" in unnamed and "error.award_required" not in named


def test_keys_are_the_search_columns_finish_values_would_compute(sqlite_session):
    ctx = context(sqlite_session, upto="keys")
    run(ctx, "keys")
    for row in ctx.rows:
        assert row.values is not None
        derived = ("title_key", "match_key", "search_text")
        expected = finish_values({k: v for k, v in row.values.items() if k not in derived}, ctx.refs)
        assert [row.values[k] for k in derived[:2]] == [expected[k] for k in derived[:2]]
        assert row.values["search_text"].split() == expected["search_text"].split()


def test_origins_link_a_row_to_the_one_record_its_text_names(sqlite_session):
    origin = make_example(sqlite_session, title="Dân vận khéo gốc", unit="400", registered_on=dt.date(2021, 5, 1))
    header = [*HEADER, "Nhân rộng từ"]
    rows = [[*GOOD[0], "Dân vận khéo gốc"], [*GOOD[2], "#999999"]]
    ctx = context(sqlite_session, rows, header=header, upto="origins")
    run(ctx, "origins")
    assert ctx.rows[0].values is not None and ctx.rows[0].values["replicated_from_id"] == origin.id
    assert keys(ctx.result.notices)[-1] == (2, "import.origin_found", "origins")
    assert keys(ctx.rows[1].errors) == [(3, "error.origin_missing", "origins")]


def test_classify_sorts_rows_into_new_updated_and_unchanged_and_refuses_a_repeat(sqlite_session):
    run_passes(context(sqlite_session, [GOOD[0], GOOD[1]], upto="create", dry_run=False), passes.WRITE)
    sqlite_session.commit()
    changed = [*GOOD[1][:9], "1.300"]  # same model, new count of beneficiaries
    ctx = context(sqlite_session, [GOOD[0], changed, GOOD[2], GOOD[2]], upto="classify")
    run(ctx, "classify")
    assert [r.number for r in ctx.new] == [4] and ctx.result.unchanged == 1
    assert [(row.number, changes) for row, _stored, changes in ctx.updates] == [(3, {"beneficiaries": 1300})]
    assert keys(ctx.result.errors) == [(5, "import.duplicate_row", "classify")]


def test_suggest_lists_origins_for_new_rows_only_when_asked(sqlite_session):
    make_example(sqlite_session, title="Tuyến phố văn minh", unit="388", registered_on=dt.date(2021, 5, 1))
    row = [GOOD[0][0], "Mô hình “Tuyến phố văn minh”", *GOOD[0][2:]]
    quiet = context(sqlite_session, [row], upto="suggest", suggest=False)
    run(quiet, "suggest")
    assert quiet.result.suggestions == []
    ctx = context(sqlite_session, [row], upto="suggest")
    run(ctx, "suggest")
    assert [s.row for s in ctx.result.suggestions] == [2]
    assert keys(ctx.result.notices)[-1] == (2, "import.origin_suggested", "suggest")


def test_summary_counts_previews_and_sorts_the_errors(sqlite_session):
    ctx = context(sqlite_session, upto="summary")
    ctx.result.errors += [RowError(9, "b", "error.required"), RowError(9, "a", "error.required")]
    run(ctx, "summary")
    assert (ctx.result.to_create, ctx.result.to_update) == (3, 0)
    assert [(p["row"], p["kind"], p["stage"]) for p in ctx.result.preview] == [
        (2, "collective", "registered"),
        (3, "individual", "effective"),
        (4, "collective", "registered"),
    ]
    assert [e.column for e in ctx.result.errors] == ["a", "b"]


def _count(db) -> int:
    with read_session(db) as s:
        return s.execute(select(func.count()).select_from(ModelExample)).scalar_one()


def test_create_link_and_update_write_in_one_transaction_and_never_in_a_dry_run(sqlite_db):
    with write_session(sqlite_db) as s:
        dry = context(s, upto="create")
        run_passes(dry, passes.WRITE)
    assert dry.halted and _count(sqlite_db) == 0 and not dry.result.committed
    with write_session(sqlite_db) as s:
        ctx = context(s, upto="create", dry_run=False, suggest=True, link_min_score=0.0)
        run(ctx, "create")
        assert len(ctx.result.created_ids) == 3 and not ctx.halted
        run(ctx, "link")
        run(ctx, "update")
    assert ctx.result.committed and _count(sqlite_db) == 3
    with write_session(sqlite_db) as s:
        again = context(s, [[*GOOD[0][:9], "999"]], upto="create", dry_run=False)
        run_passes(again, passes.WRITE)
    assert again.result.updated_ids == [ctx.result.created_ids[0]] and again.result.committed


def test_replications_store_suggestions_after_the_import_and_survive_a_failure(sqlite_db, monkeypatch, caplog):
    asked = []
    monkeypatch.setattr(store, "suggest_for", lambda session, ids: asked.append(ids))
    ctx = ImportContext(b"", "f.csv", permissions.SYSTEM, engine=sqlite_db)
    ctx.result.created_ids, ctx.result.updated_ids = [5, 6], [2]
    run(ctx, "replications")
    assert asked == [[5, 6, 2]]

    def broken(session, ids):
        raise RuntimeError("down")

    monkeypatch.setattr(store, "suggest_for", broken)
    with caplog.at_level(logging.ERROR):
        run(ctx, "replications")
    assert "suggesting origins after an import failed" in caplog.text


# --------------------------------------------------------------------------- which pass refused a row
def test_the_result_says_which_pass_refused_each_row_and_why(sqlite_session):
    rows = [
        GOOD[0],
        [*GOOD[1][:6], "32/13/2022", *GOOD[1][7:]],  # row 3: a date no calendar has
        [*GOOD[2][:4], "Thể thao", *GOOD[2][5:]],  # row 4: a field the registry does not know
        GOOD[0],  # row 5: row 2 again
    ]
    ctx = context(sqlite_session, rows, upto="headers")
    result = run_passes(ctx, passes.CHECK).result
    assert [(e.pass_name, e.key) for e in result.for_row(3)] == [("cells", "upload.bad_date")]
    assert [(e.pass_name, e.key) for e in result.for_row(4)] == [("validate", "error.unknown_field")]
    assert [(e.pass_name, e.key) for e in result.for_row(5)] == [("classify", "import.duplicate_row")]
    assert "2" in result.for_row(5)[0].message("en")  # the row it repeats
