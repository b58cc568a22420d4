"""AppTest: the sign-in gate, the entry form (validation, duplicates, conflicts) and the import page."""

import datetime as dt
import re

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from registry import permissions
from registry.config import PROJECT_ROOT
from registry.db import read_session, write_session
from registry.models import ModelExample, ModelExampleUpdate
from registry.permissions import SYSTEM
from registry.records import writes
from registry.staff import accounts
from tests.support.factories import example_input
from tests.support.import_rows import GOOD, csv_bytes
from tests.support.signin import apptest_registry, start_session

PASSWORD = "mat-khau-dai-2024"


@pytest.fixture
def app_db(monkeypatch, tmp_path):
    engine, JAR[0] = apptest_registry(monkeypatch, tmp_path)
    with write_session(engine) as s:
        for name, role in (("bien-tap", "editor"), ("lanh-dao", "viewer"), ("quan-tri", "admin")):
            accounts.create_user(s, name, PASSWORD, role, actor=SYSTEM)
    yield engine
    engine.dispose()


JAR: list = [None]  # the browser's session cookie under AppTest (tests/support/signin.py)


def token(engine, name):
    """A live server-side session for ``name``: the value the sign-in route puts in the cookie."""
    return start_session(engine, name)


def page(engine, path, user="bien-tap", **query):
    at = AppTest.from_file(str(PROJECT_ROOT / path), default_timeout=60)
    JAR[0].value = token(engine, user) if user else None
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def button(at, label):
    return next(b for b in at.button if b.label == label)


def texts(elements):
    """The text the user reads: markdown escapes of ui/safe.py undone."""
    return " ".join(re.sub(r"\\(.)", r"\1", e.value).replace("\u2060", "") for e in elements)


def count(engine):
    with read_session(engine) as s:
        return s.execute(select(func.count()).select_from(ModelExample)).scalar_one()


# --------------------------------------------------------------------------- sign-in gate
def test_dashboard_shows_only_the_sign_in_page_until_signed_in(app_db):
    """The gate shows the sign-in prompt, whose button leads to the server's sign-in form (the
    form itself and its wrong/right password answers: tests/staff/test_sessions.py over HTTP)."""
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Đăng nhập hệ thống"
    link = at.get("link_button")[0]
    assert link.proto.label == "Đăng nhập" and link.proto.url.startswith("/auth/sign-in?")
    assert not at.get("selectbox") and not at.get("plotly_chart")  # nothing of the dashboard
    # after the sign-in route has set the cookie, the same browser is signed in
    JAR[0].sign_in(app_db, "bien-tap")
    at.run()
    assert not at.exception
    assert "session" not in at.query_params and PASSWORD not in str(at.query_params)
    assert not at.get("link_button") or all("/auth/sign-in" not in b.proto.url for b in at.get("link_button"))
    assert "bien-tap" in " ".join(c.value for c in at.sidebar.caption)


def test_a_reload_with_the_token_stays_signed_in_and_sign_out_ends_it(app_db):
    value = JAR[0].sign_in(app_db, "bien-tap")
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert at.title and at.title[0].value != "Đăng nhập hệ thống"

    def sign_out_page():
        from ui.auth import sign_out_page

        sign_out_page()

    out = AppTest.from_function(sign_out_page, default_timeout=60)
    out.run()
    assert not out.exception
    reload = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)  # a reload is a new session
    reload.run()  # the browser still sends the same cookie: its row is revoked
    assert reload.title[0].value == "Đăng nhập hệ thống"
    with read_session(app_db) as s:  # the old session is dead everywhere
        from registry.staff import sessions

        assert sessions.resolve(s, value) is None


def test_public_dashboard_needs_no_sign_in_for_charts_but_does_for_entry(app_db, monkeypatch):
    monkeypatch.setenv("PUBLIC_DASHBOARD", "true")
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception and not [w for w in at.text_input if w.key == "sign_in_name"]
    entry = page(app_db, "pages/entry.py", user=None)
    assert "cần đăng nhập" in texts(entry.error) and not entry.text_input


@pytest.mark.parametrize("path", ["pages/entry.py", "pages/import_data.py", "pages/review.py", "pages/admin.py"])
def test_a_viewer_is_refused_on_every_staff_page(app_db, path):
    at = page(app_db, path, user="lanh-dao")
    assert "không có quyền" in texts(at.error)
    assert not [w for w in at.text_input if w.key and w.key.startswith("f_")]


def test_admin_page_renders_for_an_admin(app_db):
    at = page(app_db, "pages/admin.py", user="quan-tri")
    assert not at.exception and not at.error


def test_an_account_added_on_the_admin_page_is_listed_at_once_and_a_short_password_refused(app_db):
    at = page(app_db, "pages/admin.py", user="quan-tri")
    name, password = at.text_input[0], at.text_input[1]
    name.set_value("can-bo-moi")
    password.set_value("ngan")
    button(at, "Thêm").click()
    at.run()
    assert "Mật khẩu phải có ít nhất 8 ký tự" in texts(at.error)  # the catalog's message, nothing written
    assert "can-bo-moi" not in at.dataframe[0].value.iloc[:, 0].tolist()
    at.text_input[0].set_value("can-bo-moi")
    at.text_input[1].set_value(PASSWORD)
    button(at, "Thêm").click()
    at.run()
    assert not at.exception and "Đã tạo tài khoản can-bo-moi" in texts(at.success)
    at.run()  # the next run lists the account (the list is read anew: sign-in lockouts change it too)
    assert "can-bo-moi" in at.dataframe[0].value.iloc[:, 0].tolist()


# --------------------------------------------------------------------------- entry form
def fill(at, title="Tuyến phố văn minh", unit="400"):
    at.text_input(key="f_title").set_value(title)
    at.selectbox(key="f_unit").set_value(unit)
    at.selectbox(key="f_field").set_value("economy")
    at.selectbox(key="f_bloc").set_value("state")
    at.date_input(key="f_registered_on").set_value(dt.date(2023, 5, 1))


def test_entry_validation_messages_next_to_the_fields(app_db):
    at = page(app_db, "pages/entry.py")
    assert not at.exception
    button(at, "Lưu").click()
    at.run()
    messages = texts(at.error)
    assert "Tên mô hình, điển hình không được để trống" in messages and "Đơn vị: không được để trống" in messages
    assert count(app_db) == 0


def test_entry_creates_a_record_with_nfc_trimmed_text(app_db):
    at = page(app_db, "pages/entry.py")
    fill(at, title="  Tuyến phố  văn minh Thanh Hoá ")
    button(at, "Lưu").click()
    at.run()
    assert not at.exception and "Đã tạo bản ghi" in texts(at.success)
    with read_session(app_db) as s:
        example = s.execute(select(ModelExample)).scalars().one()
        assert example.title == "Tuyến phố văn minh Thanh Hóa" and example.created_by == "bien-tap"


def test_entry_warns_about_a_duplicate_and_saves_on_purpose(app_db):
    with write_session(app_db) as s:
        writes.create_example(
            s, example_input(title="Tuyến phố văn minh", unit="400", registered_on=dt.date(2023, 2, 1)), actor=SYSTEM
        )
    at = page(app_db, "pages/entry.py")
    fill(at, title="TUYẾN PHỐ VĂN MINH")
    button(at, "Lưu").click()
    at.run()
    assert "Có thể trùng" in texts(at.warning) and count(app_db) == 1
    at.checkbox(key="f_save_anyway").check()
    button(at, "Lưu").click()
    at.run()
    assert count(app_db) == 2


def test_entry_conflict_shows_what_changed_and_keeps_the_users_input(app_db):
    with write_session(app_db) as s:
        example_id = writes.create_example(s, example_input(unit="400"), actor=SYSTEM).id
    at = page(app_db, "pages/entry.py", id=str(example_id))
    assert at.text_input(key="f_title").value == "Tuyến phố văn minh"
    at.text_area(key="f_results").set_value("Kết quả của tôi")
    with write_session(app_db) as s:  # someone else saves first
        writes.update_example(
            s,
            example_id,
            ModelExampleUpdate(version=1, holder_name="Người khác sửa"),
            permissions.Actor("nguoi-khac", "editor"),
        )
    button(at, "Lưu").click()
    at.run()
    assert "nguoi-khac" in texts(at.error)
    assert at.text_area(key="f_results").value == "Kết quả của tôi"  # nothing the user typed is lost
    with read_session(app_db) as s:
        current = writes.get_live(s, example_id)
        assert (current.holder_name, current.results) == ("Người khác sửa", "")
    button(at, "Giữ thay đổi của tôi trên phiên bản mới nhất").click()
    at.run()
    button(at, "Lưu").click()
    at.run()
    with read_session(app_db) as s:
        current = writes.get_live(s, example_id)
        assert (current.holder_name, current.results, current.version) == ("Người khác sửa", "Kết quả của tôi", 3)


def test_entry_keeps_only_the_month_when_the_source_gives_only_the_month(app_db):
    """A source that says "tháng 5/2023": the precision chosen beside the date keeps 05/2023, and
    reopening the record shows that choice again; changing the date keeps it too."""
    at = page(app_db, "pages/entry.py")
    fill(at)
    at.date_input(key="f_registered_on").set_value(dt.date(2023, 5, 17))
    precision = at.selectbox(key="f_registered_precision")
    assert precision.value == "day" and "Chỉ tháng (03/2023)" in precision.options
    precision.set_value("month")
    button(at, "Lưu").click()
    at.run()
    assert not at.exception and "Đã tạo bản ghi" in texts(at.success)
    with read_session(app_db) as s:
        example = s.execute(select(ModelExample)).scalars().one()
        assert (example.registered_on, example.registered_precision, example.year) == (
            dt.date(2023, 5, 1),
            "month",
            2023,
        )
    assert at.selectbox(key="f_registered_precision").value == "month"  # the record reopened
    at.date_input(key="f_registered_on").set_value(dt.date(2022, 8, 9))
    button(at, "Lưu").click()
    at.run()
    assert not at.exception
    with read_session(app_db) as s:
        example = s.execute(select(ModelExample)).scalars().one()
        assert (example.registered_on, example.registered_precision) == (dt.date(2022, 8, 1), "month")


def test_entry_keeps_the_year_or_month_of_a_stage_date(app_db):
    """A record entered with its stages: "công nhận tháng 3/2023", "khen thưởng năm 2024". Each
    stage date keeps the precision chosen under it, the history shows "03/2023" and "2024", and an
    award in "2024" is not refused as earlier than a recognition in March 2024."""
    at = page(app_db, "pages/entry.py")
    fill(at)
    at.date_input(key="f_registered_on").set_value(dt.date(2023, 1, 9))
    at.selectbox(key="f_stage").set_value("awarded")
    at.selectbox(key="f_recognition_level").set_value("province")
    for name, day, precision in (
        ("effective_on", dt.date(2023, 2, 1), "day"),
        ("recognised_on", dt.date(2024, 3, 20), "month"),
        ("outstanding_on", dt.date(2024, 3, 25), "day"),
        ("awarded_on", dt.date(2024, 1, 1), "year"),
    ):
        at.date_input(key=f"f_{name}").set_value(day)
        at.selectbox(key=f"f_{name.removesuffix('_on')}_precision").set_value(precision)
    at.text_input(key="f_award_form").set_value("Giấy khen")
    at.text_input(key="f_award_issuer").set_value("UBND tỉnh")
    button(at, "Lưu").click()
    at.run()
    assert not at.exception and not texts(at.error) and "Đã tạo bản ghi" in texts(at.success)
    with read_session(app_db) as s:
        example = s.execute(select(ModelExample)).scalars().one()
        assert (example.recognised_on, example.recognised_precision) == (dt.date(2024, 3, 1), "month")
        assert (example.awarded_on, example.awarded_precision) == (dt.date(2024, 1, 1), "year")
        assert (example.effective_precision, example.outstanding_precision) == ("day", "day")
    history = at.dataframe[-1].value  # the record reopened, with its stage history
    shown = dict(zip(history.iloc[:, 0], history.iloc[:, 1], strict=True))
    assert shown == {
        "Đăng ký": "09/01/2023",
        "Hiệu quả": "01/02/2023",
        "Được công nhận": "03/2024",
        "Tiêu biểu": "25/03/2024",
        "Được khen thưởng": "2024",
    }
    assert at.selectbox(key="f_awarded_precision").disabled  # stages change through the review


def test_browse_detail_shows_the_year_the_source_gave(app_db, monkeypatch):
    monkeypatch.setenv("PUBLIC_DASHBOARD", "true")
    with write_session(app_db) as s:
        example_id = writes.create_example(
            s,
            example_input(unit="400", registered_on=dt.date(2016, 1, 1), registered_precision="year"),
            actor=SYSTEM,
        ).id
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["id"] = str(example_id)
    at.run()
    at.switch_page("pages/browse.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(str(v) for table in at.table for v in table.value.to_numpy().ravel())
    assert "2016" in shown and "01/01/2016" not in shown


# --------------------------------------------------------------------------- import page
def test_import_page_dry_run_errors_download_and_commit(app_db):
    at = page(app_db, "pages/import_data.py")
    assert not at.exception
    bad = csv_bytes([GOOD[0], ["Mô hình", "X", "", "Huyện Không Có", "Kinh tế", "Khối Đảng", "01/02/2023", "", "", ""]])
    at.file_uploader[0].set_value(("loi.csv", bad, "text/csv"))
    at.run()
    assert "Tệp có 1 lỗi" in texts(at.error) and count(app_db) == 0
    assert not [b for b in at.button if b.key == "import_commit"]
    at.file_uploader[0].set_value(("tot.csv", csv_bytes(GOOD), "text/csv"))
    at.run()
    assert not at.exception
    at.button(key="import_commit").click()
    at.run()
    assert not at.exception and count(app_db) == 3
    assert "Đã nhập: 3 bản ghi mới" in texts(at.success)


def test_import_page_refuses_an_unreadable_file(app_db):
    at = page(app_db, "pages/import_data.py")
    at.file_uploader[0].set_value(("x.csv", b"", "text/csv"))
    at.run()
    assert "Tệp trống" in texts(at.error)


def test_review_page_moves_selected_records(app_db):
    with write_session(app_db) as s:
        ids = [
            writes.create_example(s, example_input(title=f"M{i}", registered_on=dt.date(2023, 1, 1)), actor=SYSTEM).id
            for i in range(3)
        ]
    at = page(app_db, "pages/review.py")
    assert not at.exception
    # AppTest cannot tick dataframe rows; the bulk move itself is writes.change_stage per record
    button(at, "Chuyển các bản ghi đã chọn").click()
    at.run()
    assert "chọn ít nhất một" in texts(at.warning)
    assert ids
