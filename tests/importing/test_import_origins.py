""" "Nhân rộng từ" in an import takes what people write: an id, a title, "title (unit)",
"title – unit – year"; several candidates are listed and nothing is linked; a text that matches
nothing is a notice, the row is imported and the text is kept."""

import datetime as dt
import json

import pytest
from sqlmodel import Session, select

from registry import permissions
from registry.db import read_session, write_session
from registry.importing import plan as import_plan
from registry.importing import report as import_report
from registry.models import AuditLog, ModelExample
from tests.support.factories import make_example
from tests.support.import_rows import GOOD, HEADER, csv_bytes

ORIGIN = "Nhân rộng từ"


def origin_rows(*values):
    """One row per value: GOOD[0] (Hậu Lộc, 15/03/2023) with a distinct holder and the origin cell."""
    rows = []
    for i, value in enumerate(values):
        row = list(GOOD[0])
        row[1] = f"Mô hình sao chép số {i + 1}"
        rows.append([*row, value])
    return csv_bytes(rows, header=[*HEADER, ORIGIN])


@pytest.fixture
def stored(db):
    with write_session(db) as s:
        a = make_example(s, title="Bản sáng vùng biên", unit="388", registered_on=dt.date(2022, 3, 1)).id
        b = make_example(s, title="Bản sáng vùng biên", unit="384", registered_on=dt.date(2022, 5, 1)).id
        c = make_example(s, title="Chợ phiên vùng cao", unit="386", registered_on=dt.date(2021, 4, 1)).id
    return {"lang_chanh": a, "muong_lat": b, "cho_phien": c}


def copies(db, result):
    with read_session(db) as s:
        out = []
        for i in result.created_ids:
            ex = s.get(ModelExample, i)
            out.append((ex.replicated_from_id, ex.replicated_from_text))
        return out


def messages(result, key):
    return [n.message("vi") for n in result.notices if n.key == key]


def test_each_form_of_the_origin_links_the_record(db, stored):
    data = origin_rows(
        str(stored["cho_phien"]),
        "Chợ phiên vùng cao",
        "Mô hình “chợ phiên vùng cao”",
        "Bản sáng vùng biên (Lang Chánh)",
        "Bản sáng vùng biên – huyện Mường Lát – 2022",
        "«Ban sang vung bien» - Lang Chanh - 2022",
    )
    result = import_plan.run_import(db, data, "a.csv", permissions.SYSTEM)
    assert result.committed and not result.errors
    assert copies(db, result) == [
        (stored["cho_phien"], ""),
        (stored["cho_phien"], ""),
        (stored["cho_phien"], ""),
        (stored["lang_chanh"], ""),
        (stored["muong_lat"], ""),
        (stored["lang_chanh"], ""),
    ]
    found = messages(result, "import.origin_found")
    assert len(found) == 5  # the id says nothing: it is what it is
    assert f"#{stored['muong_lat']} “Bản sáng vùng biên” (Huyện Mường Lát, 2022)" in found[3]
    with read_session(db) as s:  # the family rollups know the copies
        origin = s.get(ModelExample, stored["cho_phien"])
        assert origin.origin_id is None
        assert {s.get(ModelExample, i).origin_id for i in result.created_ids[:3]} == {stored["cho_phien"]}


def test_several_candidates_are_listed_and_the_row_is_not_linked(db, stored):
    result = import_plan.run_import(db, origin_rows("Bản sáng vùng biên"), "a.csv", permissions.SYSTEM)
    assert result.committed and not result.errors
    assert copies(db, result) == [(None, "Bản sáng vùng biên")]
    (message,) = messages(result, "import.origin_ambiguous")
    assert "2 bản ghi khớp" in message
    assert f"#{stored['lang_chanh']} “Bản sáng vùng biên” (Huyện Lang Chánh, 2022)" in message
    assert f"#{stored['muong_lat']} “Bản sáng vùng biên” (Huyện Mường Lát, 2022)" in message
    english = next(n for n in result.notices if n.key == "import.origin_ambiguous").message("en")
    assert english.startswith("Replicated from “Bản sáng vùng biên”: 2 records match")


def test_a_text_that_matches_nothing_is_a_notice_and_the_text_is_kept(db, stored):
    data = origin_rows("Mô hình “Khu dân cư không rác” (Nga Sơn)")
    dry = import_plan.run_import(db, data, "a.csv", permissions.SYSTEM, dry_run=True)
    assert dry.ok and dry.to_create == 1
    (message,) = messages(dry, "import.origin_unmatched")
    assert "Khu dân cư không rác" in message and "dòng vẫn được nhập" in message
    assert any(ORIGIN in line and "Khu dân cư không rác" in line for line in import_report.report_lines(dry))
    result = import_plan.run_import(db, data, "a.csv", permissions.SYSTEM)
    assert result.committed
    assert copies(db, result) == [(None, "Mô hình “Khu dân cư không rác” (Nga Sơn)")]


def test_an_unknown_id_or_a_later_origin_is_still_an_error(db, stored):
    result = import_plan.run_import(db, origin_rows("999999"), "a.csv", permissions.SYSTEM)
    assert not result.committed and [e.key for e in result.errors] == ["error.origin_missing"]
    assert result.errors[0].column == ORIGIN
    with write_session(db) as s:
        later = make_example(s, title="Về sau", unit="386", registered_on=dt.date(2024, 1, 1)).id
    result = import_plan.run_import(db, origin_rows(f"#{later}"), "a.csv", permissions.SYSTEM)
    assert [e.key for e in result.errors] == ["error.origin_later"]
    # the same record named by title is no candidate (later than the copy): a notice, not an error
    result = import_plan.run_import(db, origin_rows("Về sau"), "a.csv", permissions.SYSTEM, dry_run=True)
    assert result.ok and messages(result, "import.origin_unmatched")


def test_reimporting_a_file_with_origins_changes_nothing(db, stored):
    data = origin_rows("Chợ phiên vùng cao (Bá Thước)", "Bản sáng vùng biên", "Không có gì")
    first = import_plan.run_import(db, data, "a.csv", permissions.SYSTEM)
    assert first.committed and len(first.created_ids) == 3
    again = import_plan.run_import(db, data, "a.csv", permissions.SYSTEM)
    assert (again.to_create, again.to_update, again.unchanged) == (0, 0, 3)


def test_a_row_that_names_its_origin_later_updates_the_record_and_clears_the_text(db, stored):
    first = import_plan.run_import(db, origin_rows("Bản sáng vùng biên"), "a.csv", permissions.SYSTEM)
    (copy_id,) = first.created_ids
    second = import_plan.run_import(db, origin_rows("Bản sáng vùng biên (Mường Lát)"), "a.csv", permissions.SYSTEM)
    assert second.updated_ids == [copy_id]
    with read_session(db) as s:
        ex = s.get(ModelExample, copy_id)
        assert (ex.replicated_from_id, ex.replicated_from_text) == (stored["muong_lat"], "")
        audits = s.exec(select(AuditLog).where(AuditLog.entity_id == copy_id, AuditLog.action == "update")).all()
        assert len(audits) == 1 and json.loads(audits[0].after)["replicated_from_id"] == stored["muong_lat"]


def test_an_empty_origin_cell_keeps_the_text_of_a_stored_record(sqlite_db):
    with Session(sqlite_db) as s:
        make_example(s, title="Bản sáng vùng biên", unit="388", registered_on=dt.date(2022, 3, 1))
    first = import_plan.run_import(sqlite_db, origin_rows("Không ai biết"), "a.csv", permissions.SYSTEM)
    again = import_plan.run_import(sqlite_db, origin_rows(""), "a.csv", permissions.SYSTEM)
    assert (again.to_update, again.unchanged) == (0, 1)
    assert copies(sqlite_db, first) == [(None, "Không ai biết")]
