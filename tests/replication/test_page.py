"""AppTest of the review page "Gợi ý nhân rộng": the queue, confirm and reject, and the pending
count shown apart on the replication page."""

import datetime as dt

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from registry.config import PROJECT_ROOT
from registry.db import read_session, write_session
from registry.models import ModelExample
from registry.permissions import SYSTEM
from registry.replication.store import recompute_all
from registry.staff import accounts
from registry.suggestion_tables import ReplicationSuggestion
from tests.support.factories import make_example
from tests.support.signin import apptest_registry, start_session

PASSWORD = "mat-khau-dai-2024"
DAY = dt.date(2022, 3, 1)


@pytest.fixture
def app_db(monkeypatch, tmp_path):
    engine, jar = apptest_registry(monkeypatch, tmp_path)
    with write_session(engine) as s:
        accounts.create_user(s, "bien-tap", PASSWORD, "editor", actor=SYSTEM)
        accounts.create_user(s, "lanh-dao", PASSWORD, "viewer", actor=SYSTEM)
        make_example(s, unit="388", title="Bản sáng vùng biên", registered_on=DAY)
        make_example(s, unit="384", title="Mô hình “Bản sáng vùng biên”", registered_on=DAY.replace(2023))
        make_example(s, unit="380", title="Đèn đường năng lượng mặt trời", registered_on=DAY)
        make_example(s, unit="388", title="Đèn đường năng lượng mặt trời", registered_on=DAY.replace(2023))
        recompute_all(s)
    yield engine, jar
    engine.dispose()


def page(app_db, path, user="bien-tap"):
    engine, jar = app_db
    at = AppTest.from_file(str(PROJECT_ROOT / path), default_timeout=60)
    jar.value = start_session(engine, user) if user else None
    return at.run()


def statuses(engine):
    with read_session(engine) as s:
        return sorted(r.status for r in s.execute(select(ReplicationSuggestion)).scalars())


def test_editor_confirms_one_and_rejects_another(app_db):
    engine, _jar = app_db
    at = page(app_db, "pages/suggestions.py")
    assert not at.exception
    assert [t.value for t in at.title] == ["Gợi ý nhân rộng"]
    assert "Bản sáng vùng biên" in " ".join(m.value for m in at.markdown)
    next(b for b in at.button if b.label == "Xác nhận").click().run()
    assert not at.exception
    assert "confirmed" in statuses(engine)
    next(b for b in at.button if b.label == "Bác bỏ").click().run()
    assert not at.exception
    assert "rejected" in statuses(engine) and "pending" not in statuses(engine)
    with read_session(engine) as s:
        linked = s.execute(select(ModelExample).where(ModelExample.replicated_from_id.is_not(None))).scalars().all()
    assert len(linked) == 1


def test_a_viewer_cannot_open_the_queue(app_db):
    at = page(app_db, "pages/suggestions.py", user="lanh-dao")
    assert not [b for b in at.button if b.label in ("Xác nhận", "Bác bỏ")]


def test_replication_page_shows_the_pending_count_apart(app_db):
    at = page(app_db, "pages/replication.py")
    assert not at.exception
    notes = [c.value for c in at.caption if "chưa xác nhận" in c.value]
    assert notes and notes[0].startswith("2 gợi ý nhân rộng chưa xác nhận")
