"""An import of records without origins (as every source sends them) leaves suggested origins for
the rows it wrote, in the review queue, never as links."""

import datetime as dt

from sqlalchemy import select

from registry import permissions
from registry.db import read_session, write_session
from registry.importing import plan as import_plan
from registry.models import ModelExample
from registry.replication import store as suggestions
from registry.suggestion_tables import ReplicationSuggestion
from tests.support.factories import make_example
from tests.support.import_rows import GOOD, csv_bytes


def test_an_import_suggests_origins_for_the_rows_it_wrote(db):
    with write_session(db) as s:
        origin = make_example(s, title="Tuyến phố văn minh", unit="388", registered_on=dt.date(2021, 5, 1))
        origin_id = origin.id
    row = [GOOD[0][0], "Mô hình “Tuyến phố văn minh”", *GOOD[0][2:]]  # Hậu Lộc, 15/03/2023
    result = import_plan.run_import(db, csv_bytes([row]), "a.csv", permissions.SYSTEM)
    assert result.committed and len(result.created_ids) == 1
    with read_session(db) as s:
        suggested = s.execute(select(ReplicationSuggestion.copy_id, ReplicationSuggestion.origin_id)).all()
        copy = s.get(ModelExample, result.created_ids[0])
        assert copy.replicated_from_id is None  # a suggestion, not a link
    assert (result.created_ids[0], origin_id) in suggested


def test_a_failing_suggester_never_undoes_the_import(db, monkeypatch):
    def broken(session, ids):
        raise RuntimeError("suggester down")

    monkeypatch.setattr(suggestions, "suggest_for", broken)
    result = import_plan.run_import(db, csv_bytes(GOOD[:1]), "a.csv", permissions.SYSTEM)
    with read_session(db) as s:
        assert s.get(ModelExample, result.created_ids[0]) is not None
