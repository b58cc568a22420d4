"""AppTest of the import page: the dry run lists suggested origins; "link the suggestions with
score ≥ S" is off by default and, when chosen, links and says how many."""

import datetime as dt
import re

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from registry.config import PROJECT_ROOT
from registry.db import read_session, write_session
from registry.models import ModelExample
from registry.permissions import SYSTEM
from registry.staff import accounts
from tests.support.factories import make_example
from tests.support.import_rows import GOOD, csv_bytes
from tests.support.signin import apptest_registry, start_session

JAR: list = [None]


@pytest.fixture
def app_db(monkeypatch, tmp_path):
    engine, JAR[0] = apptest_registry(monkeypatch, tmp_path)
    with write_session(engine) as s:
        accounts.create_user(s, "bien-tap", "mat-khau-dai-2024", "editor", actor=SYSTEM)
        origin = make_example(s, title="Tuyến phố văn minh", unit="388", registered_on=dt.date(2021, 5, 1)).id
    yield engine, origin
    engine.dispose()


def page(engine):
    at = AppTest.from_file(str(PROJECT_ROOT / "pages/import_data.py"), default_timeout=60)
    JAR[0].value = start_session(engine, "bien-tap")
    return at.run()


def texts(elements):
    return " ".join(re.sub(r"\\(.)", r"\1", e.value).replace("\u2060", "") for e in elements)


def copies(engine):
    with read_session(engine) as s:
        rows = s.exec(select(ModelExample).where(ModelExample.created_by == "bien-tap")).all()
        return {e.title: e.replicated_from_id for e in rows}


@pytest.mark.parametrize("link", [False, True])
def test_suggestions_are_listed_and_linked_only_when_chosen(app_db, link):
    engine, origin = app_db
    at = page(engine)
    at.file_uploader[0].set_value(("tot.csv", csv_bytes(GOOD[:2]), "text/csv"))
    at.run()
    assert not at.exception
    assert "Gợi ý nhân rộng cho các dòng mới" in texts(at.subheader)
    table = at.dataframe[-1].value
    assert list(table["Nguồn được gợi ý"]) == [f"#{origin}"] and list(table["Dòng"]) == [2]
    assert at.checkbox(key="import_link").value is False  # off by default
    if link:
        at.checkbox(key="import_link").check()
        at.run()
        at.number_input(key="import_link_score").set_value(0.9)
        at.run()
    at.button(key="import_commit").click()
    at.run()
    assert not at.exception
    got = copies(engine)
    assert got == {
        "Tuyến phố văn minh": origin if link else None,
        "Chăn nuôi bò sinh sản, trồng rừng": None,
    }
    done = texts(at.success)
    assert "Đã nhập: 2 bản ghi mới" in done
    assert ("Đã nối 1 bản ghi với nguồn được gợi ý (điểm ≥ 0,90)." in done) is link
    assert (f"đã nối với nguồn được gợi ý #{origin}" in texts(at.caption)) is link
