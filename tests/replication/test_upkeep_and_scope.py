"""The remaining pieces of the suggested links: a save in the entry form refreshes the saved
record's suggestions (after its commit; a failing suggester never undoes the save), the narrow
block read for a few records gives the suggestions of the whole registry, the review page's unit
filter offers a unit-limited editor their own units only, and the browse detail shows "Nhân rộng
từ" as written when it is kept."""

import datetime as dt
import re

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from registry.config import PROJECT_ROOT
from registry.db import read_session, write_session
from registry.models import AdminUnit, ModelExample
from registry.permissions import SYSTEM, Actor
from registry.replication import review, store, suggest
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
        hau_loc = s.execute(select(AdminUnit).where(AdminUnit.code == "400")).scalar_one().id
        accounts.create_user(s, "bien-tap", PASSWORD, "editor", actor=SYSTEM)
        accounts.create_user(s, "hau-loc", PASSWORD, "editor", unit="400", actor=SYSTEM)
        ids = {
            "lang_chanh": make_example(s, unit="388", title="Bản sáng vùng biên", registered_on=DAY).id,
            "muong_lat": make_example(s, unit="384", title="Bản sáng vùng biên", registered_on=DAY.replace(2023)).id,
            "den_380": make_example(s, unit="380", title="Đèn đường năng lượng mặt trời", registered_on=DAY).id,
            "den_400": make_example(
                s, unit="400", title="Đèn đường năng lượng mặt trời", registered_on=DAY.replace(2023)
            ).id,
        }
        recompute_all(s)
    yield engine, jar, ids, hau_loc
    engine.dispose()


def page(app_db, path, user="bien-tap"):
    engine, jar, _ids, _unit = app_db
    at = AppTest.from_file(str(PROJECT_ROOT / path), default_timeout=60)
    jar.value = start_session(engine, user) if user else None
    return at


def pending_of(engine, copy_id):
    with read_session(engine) as s:
        rows = s.execute(
            select(ReplicationSuggestion).where(
                ReplicationSuggestion.copy_id == copy_id, ReplicationSuggestion.status == "pending"
            )
        ).scalars()
        return sorted(r.origin_id for r in rows)


def fill_and_save(at, title):
    at.text_input(key="f_title").set_value(title)
    at.selectbox(key="f_unit").set_value("402")
    at.selectbox(key="f_field").set_value("economy")
    at.selectbox(key="f_bloc").set_value("state")
    at.date_input(key="f_registered_on").set_value(dt.date(2024, 5, 1))
    next(b for b in at.button if b.label == "Lưu").click()
    at.run()


def saved_id(engine, title):
    with read_session(engine) as s:
        return s.execute(select(ModelExample.id).where(ModelExample.title == title)).scalar_one()


# --------------------------------------------------------------------------- form saves
def test_a_form_save_suggests_origins_for_the_saved_record(app_db):
    engine, _jar, ids, _unit = app_db
    at = page(app_db, "pages/entry.py").run()
    fill_and_save(at, "Mô hình “Bản sáng vùng biên”")
    assert not at.exception, [e.value for e in at.exception]
    new = saved_id(engine, "Mô hình “Bản sáng vùng biên”")
    assert pending_of(engine, new) == sorted([ids["lang_chanh"], ids["muong_lat"]])


def test_a_failing_suggester_never_undoes_the_save(app_db, monkeypatch):
    engine, _jar, _ids, _unit = app_db

    def broken(*_a, **_k):
        raise RuntimeError("suggester down")

    monkeypatch.setattr(store, "suggest_for", broken)
    at = page(app_db, "pages/entry.py").run()
    fill_and_save(at, "Bản sáng vùng biên Nga Sơn")
    assert not at.exception, [e.value for e in at.exception]
    new = saved_id(engine, "Bản sáng vùng biên Nga Sơn")
    assert pending_of(engine, new) == []


def test_refresh_after_write_reports_a_failure_and_writes_nothing(app_db, monkeypatch):
    engine, _jar, ids, _unit = app_db
    before = pending_of(engine, ids["muong_lat"])
    assert before == [ids["lang_chanh"]]
    assert store.refresh_after_write(engine, [ids["muong_lat"]]) is True
    assert pending_of(engine, ids["muong_lat"]) == before
    monkeypatch.setattr(suggest, "compute", lambda *_a, **_k: 1 / 0)
    monkeypatch.setattr(store, "compute", lambda *_a, **_k: 1 / 0)
    assert store.refresh_after_write(engine, [ids["muong_lat"]]) is False
    assert pending_of(engine, ids["muong_lat"]) == before  # the failed refresh left the suggestion


def test_the_block_of_a_few_records_gives_the_suggestions_of_the_whole_registry(sqlite_session):
    """load_block reads only the records that could be origins, yet the suggestions (and how
    generic a title is) are those computed over every record: abbreviations, added place names,
    close rewordings and a title held by many units."""
    s = sqlite_session
    written = [
        ("388", "Xây dựng nông thôn mới kiểu mẫu", 2021),
        ("384", "Mô hình NTM kiểu mẫu", 2022),
        ("380", "“Nông thôn mới kiểu mẫu” Hoằng Hóa", 2023),
        ("399", "Camera an ninh", 2021),
        ("402", "Camera an ninh", 2021),
        ("405", "Camera an ninh", 2022),
        ("386", "Camera an ninh", 2022),
        ("385", "Camera an ninh thôn Đông", 2023),
        ("400", "Bản sáng vùng biên", 2021),
        ("401", "Bản sáng vùng biên giới", 2023),
        ("403", "Tuyến phố văn minh", 2022),
    ]
    made = [make_example(s, unit=u, title=t, registered_on=DAY.replace(y)).id for u, t, y in written]
    full = suggest.compute(s)
    by_copy: dict[int, list] = {}
    for c in full:
        by_copy.setdefault(c.copy_id, []).append((c.origin_id, c.score, c.reason))
    assert by_copy.get(made[1]) and by_copy.get(made[2]) and by_copy.get(made[7])
    for example_id in made:
        block = suggest.load_block(s, {example_id})
        assert len(block) < len(made) or example_id in (made[2], made[7])
        got = [(c.origin_id, c.score, c.reason) for c in suggest.compute(s, only={example_id}, records=block)]
        assert got == by_copy.get(example_id, []), example_id
    assert {r.id for r in suggest.load_block(s, {made[10]})} == {made[10]}  # a title no other record holds


# --------------------------------------------------------------------------- review page scope
def test_a_unit_limited_editor_is_offered_their_own_unit_only(app_db):
    engine, _jar, ids, hau_loc = app_db
    with read_session(engine) as s:
        everyone = {u.code for u in review.unit_choices(s, actor=SYSTEM)}
        mine = [u.code for u in review.unit_choices(s, actor=Actor("hau-loc", "editor", unit_id=hau_loc))]
    assert everyone == {"384", "400"} and mine == ["400"]
    at = page(app_db, "pages/suggestions.py", user="hau-loc").run()
    assert not at.exception
    name = next(u.name for u in _units(engine) if u.id == hau_loc)
    assert next(b for b in at.selectbox if b.label == "Đơn vị (bản sao)").options == ["Tất cả", name]
    shown = " ".join(m.value for m in at.markdown)
    assert f"#{ids['den_400']}" in shown and f"#{ids['muong_lat']}" not in shown
    at_all = page(app_db, "pages/suggestions.py").run()
    assert len(next(b for b in at_all.selectbox if b.label == "Đơn vị (bản sao)").options) == 3


def _units(engine):
    with read_session(engine) as s:
        return list(s.execute(select(AdminUnit)).scalars())


# --------------------------------------------------------------------------- browse detail
def test_browse_detail_shows_the_origin_as_written_when_kept(app_db, monkeypatch):
    engine, _jar, _ids, _unit = app_db
    monkeypatch.setenv("PUBLIC_DASHBOARD", "true")
    with write_session(engine) as s:
        kept = make_example(
            s, unit="402", title="Đường hoa thôn Nam", replicated_from_text="Đường hoa – Quảng Xương – 2019"
        ).id
        plain = make_example(s, unit="402", title="Đường hoa thôn Bắc").id

    def detail(example_id):
        at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
        at.query_params["id"] = str(example_id)
        at.run()
        at.switch_page("pages/browse.py").run()
        assert not at.exception, [e.value for e in at.exception]
        cells = [str(v) for table in at.table for v in table.value.to_numpy().ravel()]
        index = [str(i) for table in at.table for i in table.value.index]
        return " ".join(re.sub(r"\\(.)", r"\1", c) for c in cells), index

    shown, labels = detail(kept)
    assert "Nhân rộng từ (ghi như nguồn)" in labels and "Đường hoa – Quảng Xương – 2019" in shown
    _shown, labels = detail(plain)
    assert "Nhân rộng từ (ghi như nguồn)" not in labels
