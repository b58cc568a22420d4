"""AppTest: no page of the Vietnamese interface shows one of Streamlit's English default strings.

Every page is rendered in Vietnamese (the public dashboard pages, the sign-in prompt, and every
staff page as an admin), and then:
- every selectbox and multiselect carries a placeholder of ours: Streamlit's own, sent as "", is
  "Choose an option", "Choose options" or "No options to select";
- every form has ``enter_to_submit=False``: otherwise a text field in it says "Press Enter to
  submit form";
- no text the page sends (labels, captions, alerts, markdown, options) holds an English default.
What Streamlit gives no parameter for ("No results" while searching a list, "Press Enter to apply"
next to a text field outside a form, the date picker's month names, the file uploader's
"Upload" / "200MB per file") is listed in the report of issue 15.
"""

from __future__ import annotations

import datetime as dt

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

ENGLISH_DEFAULTS = (
    "Choose an option",
    "Choose options",
    "No options to select",
    "Add an option",
    "Add options",
    "Choose or add",
    "No results",
    "Press Enter to apply",
    "Press Enter to submit form",
    "Drag and drop",
    "Browse files",
    "per file",
)
DASHBOARD_PAGES = [
    "pages/overview.py",
    "pages/number.py",
    "pages/spread.py",
    "pages/replication.py",
    "pages/browse.py",
    "pages/published.py",
]
STAFF_PAGES = ["pages/entry.py", "pages/import_data.py", "pages/review.py", "pages/export.py", "pages/admin.py"]


@pytest.fixture
def app_db(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SECRET_KEY", "apptest-key-" + "k" * 40 + "-0123456789abcdef")
    engine = make_engine(url)
    init(engine)
    with write_session(engine) as s:
        accounts.create_user(s, "quan-tri", "mat-khau-dai-2024", "admin", actor=SYSTEM)
        origin = writes.create_example(s, example_input(unit="400", registered_on=dt.date(2022, 3, 1)), actor=SYSTEM)
        writes.create_example(
            s,
            example_input(title="Bản sao", unit="380", registered_on=dt.date(2023, 3, 1), replicated_from=origin.id),
            actor=SYSTEM,
        )
        writes.create_example(s, example_input(title="Mẫu", kind="individual", is_sample=True), actor=SYSTEM)
        origin_id = origin.id
    yield engine, origin_id
    engine.dispose()


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def strings(proto) -> list[str]:
    """Every string field of a message, nested messages and repeated fields included."""
    out: list[str] = []
    for field, value in proto.ListFields():
        values = value if getattr(field, "is_repeated", False) else [value]
        for v in values:
            if isinstance(v, str):
                out.append(v)
            elif hasattr(v, "ListFields"):
                out.extend(strings(v))
    return out


def english_defaults(at: AppTest, page: str) -> list[str]:
    """What is wrong on the page just run, as readable lines (empty when all is well)."""
    problems = [f"{page}: exception {e.value}" for e in at.exception]
    for node in walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        kind = getattr(node, "type", "")
        if kind in ("selectbox", "multiselect") and not proto.placeholder.strip():
            problems.append(f"{page}: {kind} {proto.label!r} has Streamlit's English placeholder")
        if hasattr(proto, "WhichOneof") and "form" in [f.name for f, _v in proto.ListFields()]:
            if proto.form.enter_to_submit:
                problems.append(f"{page}: form {proto.form.form_id!r} says 'Press Enter to submit form'")
        for text in strings(proto):
            problems += [f"{page}: {kind} shows {english!r}" for english in ENGLISH_DEFAULTS if english in text]
    return problems


def run(page: str, **query) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    for key, value in {"lang": "vi", **query}.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def test_dashboard_pages_and_sign_in_have_no_english_defaults(app_db, monkeypatch):
    _engine, origin_id = app_db
    monkeypatch.setenv("PUBLIC_DASHBOARD", "false")
    problems = english_defaults(run(""), "signin")
    monkeypatch.setenv("PUBLIC_DASHBOARD", "true")
    for page in DASHBOARD_PAGES:
        problems += english_defaults(run(page, id=str(origin_id), model=str(origin_id)), page)
    assert not problems, "\n".join(problems)


def test_staff_pages_have_no_english_defaults(app_db, monkeypatch):
    engine, origin_id = app_db
    monkeypatch.delenv("PUBLIC_DASHBOARD", raising=False)
    CookieJar(monkeypatch).sign_in(engine, "quan-tri")
    problems = []
    for page in STAFF_PAGES:
        at = run(page)
        problems += english_defaults(at, page)
        if page == "pages/entry.py":  # a record opened: the None choices (commune, programme...) shown
            problems += english_defaults(run(page, id=str(origin_id)), page + "?id")
    assert not problems, "\n".join(problems)
