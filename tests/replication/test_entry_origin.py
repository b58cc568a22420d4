"""AppTest of the entry form: "Nhân rộng từ" written in words links the one matching record,
offers several to pick, and keeps a text that matches nothing (the record is saved)."""

import datetime as dt
import re

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from registry.config import PROJECT_ROOT
from registry.db import read_session, write_session
from registry.models import ModelExample
from registry.permissions import SYSTEM
from registry.staff import accounts
from tests.support.factories import make_example
from tests.support.signin import apptest_registry, start_session

JAR: list = [None]


@pytest.fixture
def app_db(monkeypatch, tmp_path):
    engine, JAR[0] = apptest_registry(monkeypatch, tmp_path)
    with write_session(engine) as s:
        accounts.create_user(s, "bien-tap", "mat-khau-dai-2024", "editor", actor=SYSTEM)
        lang_chanh = make_example(s, title="Bản sáng vùng biên", unit="388", registered_on=dt.date(2022, 3, 1)).id
        muong_lat = make_example(s, title="Bản sáng vùng biên", unit="384", registered_on=dt.date(2022, 6, 1)).id
    yield engine, {"lang_chanh": lang_chanh, "muong_lat": muong_lat}
    engine.dispose()


def page(engine, **query):
    at = AppTest.from_file(str(PROJECT_ROOT / "pages/entry.py"), default_timeout=60)
    JAR[0].value = start_session(engine, "bien-tap")
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def texts(elements):
    return " ".join(re.sub(r"\\(.)", r"\1", e.value).replace("\u2060", "") for e in elements)


def save(at):
    next(b for b in at.button if b.label == "Lưu").click()
    return at.run()


def fill(at, origin):
    at.text_input(key="f_title").set_value("Bản sáng vùng biên Hậu Lộc")
    at.selectbox(key="f_unit").set_value("400")
    at.selectbox(key="f_field").set_value("economy")
    at.selectbox(key="f_bloc").set_value("state")
    at.date_input(key="f_registered_on").set_value(dt.date(2023, 5, 1))
    at.text_input(key="f_replicated_from_text").set_value(origin)


def stored(engine):
    with read_session(engine) as s:
        return [
            (e.title, e.replicated_from_id, e.replicated_from_text)
            for e in s.execute(select(ModelExample).order_by(ModelExample.id)).scalars()
        ][2:]


def test_a_title_with_its_unit_links_the_record(app_db):
    engine, ids = app_db
    at = page(engine)
    fill(at, "Mô hình “Bản sáng vùng biên” (huyện Lang Chánh)")
    save(at)
    assert not at.exception
    assert stored(engine) == [("Bản sáng vùng biên Hậu Lộc", ids["lang_chanh"], "")]
    assert f"đã nối với bản ghi #{ids['lang_chanh']} “Bản sáng vùng biên” (Huyện Lang Chánh, 2022)" in texts(at.success)


def test_several_candidates_are_offered_to_pick(app_db):
    engine, ids = app_db
    at = page(engine)
    fill(at, "ban sang vung bien")
    save(at)
    assert not at.exception and stored(engine) == []
    warning = texts(at.warning)
    assert "2 bản ghi khớp" in warning and f"#{ids['muong_lat']}" in warning and "Huyện Mường Lát" in warning
    picker = at.selectbox(key="f_replicated_from")
    for which in ("lang_chanh", "muong_lat"):
        assert any(option.startswith(f"#{ids[which]} “Bản sáng vùng biên”") for option in picker.options)
    picker.set_value(ids["muong_lat"])
    save(at)
    assert stored(engine) == [("Bản sáng vùng biên Hậu Lộc", ids["muong_lat"], "")]


def test_saving_again_keeps_the_text_of_several_candidates_without_a_link(app_db):
    engine, _ = app_db
    at = page(engine)
    fill(at, "Bản sáng vùng biên")
    save(at)
    save(at)
    assert stored(engine) == [("Bản sáng vùng biên Hậu Lộc", None, "Bản sáng vùng biên")]
    assert "chưa nối" in texts(at.success)


def test_a_text_that_matches_nothing_is_kept_and_shown_when_the_record_is_opened(app_db):
    engine, _ = app_db
    at = page(engine)
    fill(at, "Khu dân cư tự quản – Nga Sơn – 2021")
    save(at)
    assert not at.exception
    assert stored(engine) == [("Bản sáng vùng biên Hậu Lộc", None, "Khu dân cư tự quản – Nga Sơn – 2021")]
    assert "không có bản ghi nào đăng ký trước khớp" in texts(at.success)
    with read_session(engine) as s:
        new_id = s.execute(select(ModelExample.id).order_by(ModelExample.id.desc())).scalars().first()
    opened = page(engine, id=str(new_id))
    assert opened.text_input(key="f_replicated_from_text").value == "Khu dân cư tự quản – Nga Sơn – 2021"
