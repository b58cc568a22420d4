"""The staff reads: record search, labels, possible duplicates, the review list, history, recent
changes, deleted records; on SQLite and PostgreSQL."""

import datetime as dt

from registry.models import ModelExampleUpdate
from registry.permissions import SYSTEM, Actor
from registry.queries import staff as staff_queries
from registry.records import writes
from tests.support.factories import make_example


def test_search_finds_by_folded_words_and_by_id_newest_first(session):
    a = make_example(session, title="Chợ văn minh Hoằng Hóa", unit="399")
    b = make_example(session, title="Chợ an toàn thực phẩm", unit="380")
    found = staff_queries.search_records(session, query="cho")
    assert [i for i, _ in found[:2]] == [b.id, a.id]
    assert [i for i, _ in staff_queries.search_records(session, query="hoang hoa cho")] == [a.id]
    assert staff_queries.search_records(session, query=str(b.id))[0][0] == b.id
    assert [i for i, _ in staff_queries.search_records(session, query="cho", unit_id=a.unit_id)] == [a.id]
    label = dict(found)[a.id]
    assert label.startswith(f"#{a.id} Chợ văn minh Hoằng Hóa (") and "2023" in label


def test_record_label_and_a_missing_record(session):
    ex = make_example(session, title="Dân vận khéo ở bản")
    assert staff_queries.record_label(session, example_id=ex.id) == f"#{ex.id} Dân vận khéo ở bản (2023)"
    assert staff_queries.record_label(session, example_id=ex.id + 999) is None


def test_possible_duplicates_match_title_unit_and_year_only(session):
    ex = make_example(session, title="Tuyến phố văn minh")
    make_example(session, title="Tuyến phố văn minh", unit="399")  # another unit
    make_example(session, title="Tuyến phố văn minh", registered_on=dt.date(2022, 3, 1))  # another year
    same = staff_queries.possible_duplicates(session, title="TUYẾN PHỐ VĂN MINH", unit_id=ex.unit_id, year=2023)
    assert same == [(ex.id, "Tuyến phố văn minh")]
    assert (
        staff_queries.possible_duplicates(
            session, title="Tuyến phố văn minh", unit_id=ex.unit_id, year=2023, exclude_id=ex.id
        )
        == []
    )


def test_review_list_filters_and_leaves_out_deleted(session):
    old = make_example(session, title="Cũ", registered_on=dt.date(2021, 2, 1))
    new = make_example(session, title="Mới", stage="effective", effective_on=dt.date(2023, 6, 1))
    gone = make_example(session, title="Đã xóa")
    writes.delete_example(session, gone.id, actor=SYSTEM)
    session.commit()
    rows = staff_queries.review_list(session)
    assert [r["id"] for r in rows] == [old.id, new.id]
    assert [r["id"] for r in staff_queries.review_list(session, stage="effective")] == [new.id]
    assert [r["id"] for r in staff_queries.review_list(session, year=2021)] == [old.id]
    assert [r["id"] for r in staff_queries.review_list(session, query="moi")] == [new.id]


def test_history_shows_what_changed_and_recent_changes_filter_by_user(session):
    ex = make_example(session, title="Trước")
    writes.update_example(session, ex.id, ModelExampleUpdate(version=1, title="Sau"), actor=Actor("bt", "editor"))
    session.commit()
    changes = staff_queries.history(session, example_id=ex.id)
    assert [c.action for c in changes] == ["update", "create"]
    assert changes[0].fields["title"] == ("Trước", "Sau") and "version" not in changes[0].fields
    assert [c.user for c in staff_queries.recent_changes(session, user="bt")] == ["bt"]
    today = dt.datetime.now(dt.UTC).date()
    assert len(staff_queries.recent_changes(session, date_from=today, date_until=today)) == 2
    assert staff_queries.recent_changes(session, date_until=today - dt.timedelta(days=1)) == []
    assert staff_queries.audit_users(session) == ["bt", "system"]


def test_stage_events_and_deleted_records(session):
    ex = make_example(session, stage="effective", effective_on=dt.date(2023, 6, 1))
    assert [e.stage for e in staff_queries.stage_events(session, example_id=ex.id)] == ["registered", "effective"]
    writes.delete_example(session, ex.id, actor=Actor("qt", "admin"))
    session.commit()
    deleted = staff_queries.deleted_records(session)
    assert [(d["id"], d["deleted_by"]) for d in deleted] == [(ex.id, "qt")]
