"""The import offers suggested origins: the dry run lists them per row (the suggester run on the
planned rows, nothing written), and "link the suggestions with score ≥ S" makes each link an
audited write through the write layer, with a notice, the replication rollups equal to a recount."""

import datetime as dt
import json

import pytest
from sqlalchemy import func
from sqlalchemy import text as sql
from sqlmodel import Session, SQLModel, select

from registry import permissions
from registry.db import read_session, write_session
from registry.importing import plan as import_plan
from registry.models import AuditLog, ModelExample
from registry.records import rollups
from registry.suggestion_tables import ReplicationSuggestion
from tests.support.factories import make_example
from tests.support.import_rows import GOOD, csv_bytes

SUMMARIES = sorted(name for name in SQLModel.metadata.tables if name.startswith("summary_"))


def summaries(session):
    """Every rollup row but its id, without empty counts (a recount writes none)."""
    out = {}
    for name in SUMMARIES:
        rows = [tuple(r[1:]) for r in session.execute(sql(f"SELECT * FROM {name}"))]
        out[name] = sorted(r for r in rows if r[-1] != 0)
    return out


def assert_rollups_equal_a_recount(engine):
    with Session(engine) as s:
        kept = summaries(s)
        rollups.rebuild(s)
        assert summaries(s) == kept
        s.rollback()


def row(title, unit, day, holder="Chi bộ thôn Đông"):
    return ["Mô hình", title, holder, unit, "Kinh tế", "Khối chính quyền", day, "Đăng ký", "", ""]


@pytest.fixture
def origin(db):
    with write_session(db) as s:
        return make_example(s, title="Tuyến phố văn minh", unit="388", registered_on=dt.date(2021, 5, 1)).id


def test_the_dry_run_lists_suggested_origins_per_row_and_writes_nothing(db, origin):
    data = csv_bytes([GOOD[0], row("Chợ phiên vùng cao", "Huyện Bá Thước", "10/01/2022")])
    result = import_plan.run_import(db, data, "a.csv", permissions.SYSTEM, dry_run=True)
    assert result.ok and result.to_create == 2
    (suggestion,) = result.suggestions
    assert (suggestion.row, suggestion.origin_id, suggestion.origin_row) == (2, origin, None)
    assert (suggestion.title, suggestion.unit, suggestion.year) == ("Tuyến phố văn minh", "Huyện Lang Chánh", 2021)
    assert suggestion.score >= 0.9 and "tên trùng" in suggestion.reason
    (notice,) = [n for n in result.notices if n.key == "import.origin_suggested"]
    assert notice.row == 2
    score = f"{suggestion.score:.2f}"
    vi_score = score.replace(".", ",")
    assert notice.message("vi") == (
        f"Gợi ý nhân rộng từ (1): #{origin} “Tuyến phố văn minh” (Huyện Lang Chánh, 2021) — điểm {vi_score}."
    )
    assert notice.message("en").endswith(f"(Huyện Lang Chánh, 2021) — score {score}.")
    with read_session(db) as s:
        assert s.exec(select(func.count()).select_from(ModelExample)).one() == 1
        assert s.exec(select(func.count()).select_from(ReplicationSuggestion)).one() == 0


def test_a_row_that_names_its_origin_gets_no_suggestion_and_no_second_link(db, origin):
    header = ["Loại", "Tên mô hình", "Tập thể, cá nhân thực hiện", "Đơn vị", "Lĩnh vực", "Khối", "Ngày đăng ký"]
    header += ["Giai đoạn", "Ngày đánh giá hiệu quả", "Số người hưởng lợi", "Nhân rộng từ"]
    with write_session(db) as s:
        other = make_example(s, title="Khu dân cư kiểu mẫu", unit="386", registered_on=dt.date(2021, 1, 5)).id
    data = csv_bytes([[*GOOD[0], str(other)]], header=header)
    dry = import_plan.run_import(db, data, "a.csv", permissions.SYSTEM, dry_run=True)
    assert dry.ok and dry.suggestions == []
    result = import_plan.run_import(db, data, "a.csv", permissions.SYSTEM, link_min_score=0.1)
    assert result.committed and result.linked == []
    with read_session(db) as s:
        assert s.get(ModelExample, result.created_ids[0]).replicated_from_id == other


def test_linking_suggestions_of_at_least_a_score_makes_audited_links(db, origin):
    data = csv_bytes([GOOD[0], row("Chợ phiên vùng cao", "Huyện Bá Thước", "10/01/2022")])
    result = import_plan.run_import(db, data, "a.csv", permissions.SYSTEM, link_min_score=0.8)
    assert result.committed and len(result.created_ids) == 2
    copy_id, other_id = result.created_ids
    assert result.linked == [(copy_id, origin)]
    (notice,) = [n for n in result.notices if n.key == "import.origin_linked"]
    assert notice.row == 2 and notice.message("vi").startswith(
        f"Bản ghi #{copy_id} đã nối với nguồn được gợi ý #{origin}"
    )
    with read_session(db) as s:
        copy = s.get(ModelExample, copy_id)
        assert (copy.replicated_from_id, copy.origin_id, copy.version) == (origin, origin, 2)
        assert s.get(ModelExample, other_id).replicated_from_id is None
        audits = s.exec(select(AuditLog).where(AuditLog.entity_id == copy_id, AuditLog.action == "update")).all()
        assert len(audits) == 1 and json.loads(audits[0].after)["replicated_from_id"] == origin
        pending = s.exec(select(ReplicationSuggestion).where(ReplicationSuggestion.copy_id == copy_id)).all()
        assert pending == []  # a linked copy waits for no review
    assert_rollups_equal_a_recount(db)


def test_suggestions_below_the_score_are_not_linked(db, origin):
    result = import_plan.run_import(db, csv_bytes([GOOD[0]]), "a.csv", permissions.SYSTEM, link_min_score=0.99)
    assert result.committed and result.linked == []
    assert not [n for n in result.notices if n.key == "import.origin_linked"]
    with read_session(db) as s:
        assert s.get(ModelExample, result.created_ids[0]).replicated_from_id is None
        # the suggestion waits for review as after every import
        assert s.exec(select(ReplicationSuggestion.origin_id)).all() == [origin]


def test_another_row_of_the_file_can_be_the_suggested_origin(db):
    data = csv_bytes(
        [
            row("Chợ phiên vùng cao", "Huyện Bá Thước", "10/01/2022"),
            row("Mô hình “Chợ phiên vùng cao”", "Huyện Mường Lát", "01/02/2023", holder="Đoàn thanh niên"),
        ]
    )
    dry = import_plan.run_import(db, data, "a.csv", permissions.SYSTEM, dry_run=True)
    (suggestion,) = dry.suggestions
    assert (suggestion.row, suggestion.origin_id, suggestion.origin_row) == (3, None, 2)
    (notice,) = [n for n in dry.notices if n.key == "import.origin_suggested"]
    assert "dòng 2 của tệp “Chợ phiên vùng cao” (Huyện Bá Thước, 2022)" in notice.message("vi")
    result = import_plan.run_import(db, data, "a.csv", permissions.SYSTEM, link_min_score=0.5)
    first, second = result.created_ids
    assert result.linked == [(second, first)]
    with read_session(db) as s:
        assert s.get(ModelExample, second).replicated_from_id == first
    assert_rollups_equal_a_recount(db)
