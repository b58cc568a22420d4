"""AppTest: user and URL text never becomes markdown (links, images) on the pages (ui/safe.py).

Reflected: a link's bad filter value is shown as code. Stored: a record whose title, holder and
locality are markdown links and images shows them as text in the browse page's detail (heading,
table, origin line) and in the entry form's duplicates warning. Here the markdown bodies Streamlit
receives are inspected; tests/test_browser_first_visit.py opens the reflected link in Chromium
(no ``a[href*="evil.example"]``).
"""

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from registry.config import PROJECT_ROOT
from registry.db import make_engine, write_session
from registry.permissions import SYSTEM
from registry.records import writes
from registry.schema import init
from registry.staff import accounts
from tests.support.factories import example_input
from tests.support.signin import CookieJar

LINK = "[Đăng nhập lại](https://evil.example)"
IMAGE = "![x](https://evil.example/p.png)"
EVIL = f"{LINK} {IMAGE}"
REFLECTED = "[Phiên hết hạn](https://evil.example/login)"
# what a live markdown link, image or bare address needs, unescaped
LIVE = re.compile(r"(?<!\\)\]\(|(?<!\\)!\[|https?://|www\.")


def live(markdown: str) -> bool:
    return LIVE.search(markdown) is not None


@pytest.fixture
def app_db(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PUBLIC_DASHBOARD", "true")
    monkeypatch.setenv("SECRET_KEY", "apptest-key-" + "k" * 40 + "-0123456789abcdef")
    engine = make_engine(url)
    init(engine)
    yield engine
    engine.dispose()


def test_a_bad_filter_value_in_the_link_is_code_not_a_link(app_db):
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["kind"] = REFLECTED
    at.run()
    assert not at.exception
    warning = next(w.value for w in at.warning if "evil.example" in w.value)
    assert f"`kind={REFLECTED}`" in warning  # shown verbatim, as code
    outside_code = re.sub(r"(`+).*?\1", "", warning)
    assert "evil.example" not in outside_code and not live(outside_code)


def test_a_stored_title_holder_and_locality_show_as_text_on_browse(app_db):
    with write_session(app_db) as s:
        origin = writes.create_example(
            s, example_input(title=EVIL, holder_name=LINK, locality=IMAGE, unit="400"), actor=SYSTEM
        ).id
        copy = writes.create_example(
            s, example_input(title="Bản sao", unit="380", replicated_from=origin), actor=SYSTEM
        ).id
    for shown, origin_line in ((origin, False), (copy, True)):
        at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
        at.query_params["id"] = str(shown)
        at.run()
        at.switch_page("pages/browse.py").run()
        assert not at.exception, [e.value for e in at.exception]
        bodies = [h.value for h in at.subheader] + [m.value for m in at.markdown]
        if origin_line:
            assert any("Đăng nhập lại" in b for b in bodies), bodies  # the origin line names it
        else:
            heading = next(h.value for h in at.subheader if "Đăng nhập lại" in h.value)
            assert "evil" in heading and not live(heading)
            cells = [str(v) for v in at.table[0].value.iloc[:, 0]]
            assert any("Đăng nhập lại" in c for c in cells) and any("png" in c for c in cells)
            assert not any(live(c) for c in cells), cells
        assert not any(live(b) for b in bodies), bodies


def test_titles_in_the_duplicates_warning_show_as_text(app_db, monkeypatch):
    with write_session(app_db) as s:
        accounts.create_user(s, "bien-tap", "mat-khau-dai-2024", "editor", actor=SYSTEM)
        writes.create_example(s, example_input(title=EVIL, unit="400", registered_on=dt.date(2023, 2, 1)), actor=SYSTEM)
    jar = CookieJar(monkeypatch)
    jar.sign_in(app_db, "bien-tap")
    at = AppTest.from_file(str(PROJECT_ROOT / "pages/entry.py"), default_timeout=120).run()
    at.text_input(key="f_title").set_value(EVIL)
    at.selectbox(key="f_unit").set_value("400")
    at.selectbox(key="f_field").set_value("economy")
    at.selectbox(key="f_bloc").set_value("state")
    at.date_input(key="f_registered_on").set_value(dt.date(2023, 5, 1))
    next(b for b in at.button if b.label == "Lưu").click()
    at.run()
    assert not at.exception
    warning = next(w.value for w in at.warning if "Có thể trùng" in w.value)
    assert "Đăng nhập lại" in warning and not live(warning), warning
