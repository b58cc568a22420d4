"""Duplicate matching of titles (issue 12, item 6): a leading "mô hình"/"điển hình", the words
"Dân vận khéo", outer quotes, case and punctuation do not make another model: the import finds the
stored record, and the entry form warns of it."""

import datetime as dt

from sqlalchemy import func, select

from registry import permissions
from registry.db import read_session, write_session
from registry.importing import plan as import_plan
from registry.models import ModelExample
from registry.queries import staff as staff_queries
from registry.text import title_match_key
from tests.support.factories import make_example
from tests.support.import_rows import GOOD, csv_bytes

STORED = GOOD[0]  # "Tuyến phố văn minh", Chi bộ thôn Đông, Huyện Hậu Lộc, 15/03/2023
VARIANTS = [
    "Mô hình “Tuyến phố văn minh”",
    "Mô hình “Dân vận khéo” Tuyến phố văn minh",
    "“Dân vận khéo”: tuyến phố văn minh",
    "MÔ HÌNH: TUYẾN PHỐ VĂN MINH.",
    "«Tuyến phố văn minh»",
]


def live_count(db) -> int:
    with read_session(db) as s:
        return s.execute(select(func.count()).select_from(ModelExample)).scalar_one()


def test_every_variant_of_a_stored_title_is_the_same_record_on_import(db):
    assert import_plan.run_import(db, csv_bytes([STORED]), "a.csv", permissions.SYSTEM).summary()["created"] == 1
    rows = [[STORED[0], title, *STORED[2:]] for title in VARIANTS]
    for row in rows:
        result = import_plan.run_import(db, csv_bytes([row]), "b.csv", permissions.SYSTEM, dry_run=True)
        assert result.to_create == 0, row[1]
    # a title that only shares the words is another model
    other = [STORED[0], "Tuyến phố văn minh, an toàn", *STORED[2:]]
    assert import_plan.run_import(db, csv_bytes([other]), "c.csv", permissions.SYSTEM, dry_run=True).to_create == 1
    assert live_count(db) == 1


def test_the_entry_form_warns_of_a_stored_title_written_another_way(db):
    with write_session(db) as s:
        stored = make_example(s, title="Bản sáng vùng biên", unit="388", registered_on=dt.date(2022, 1, 10))
        stored_id, unit_id = stored.id, stored.unit_id
    with read_session(db) as s:
        found = staff_queries.possible_duplicates(
            s, title="Mô hình “Dân vận khéo” Bản sáng vùng biên", unit_id=unit_id, year=2022
        )
        other = staff_queries.possible_duplicates(s, title="Bản sáng vùng cao", unit_id=unit_id, year=2022)
    assert [i for i, _t in found] == [stored_id] and other == []


def test_a_title_that_is_only_the_movement_name_keeps_its_words():
    assert title_match_key("Mô hình Dân vận khéo") == "mo hinh dan van kheo"
    assert title_match_key("Mô hình Dân vận khéo") != title_match_key("Bản sáng vùng biên")
