"""Browser journeys: the product as its users meet it, in Debian's Chromium against `streamlit run`.

One app server (sign-in required: PUBLIC_DASHBOARD off) runs on a copy of the seeded demo
registry for the whole module. Each journey is written as a new user would walk it: it signs in
through the form, clicks the sidebar navigation and the widgets, and reads what the page shows.
Expectations are computed from the database at the time (registry.queries.stats), so a journey
that writes does not break the others. On failure, a screenshot and the page text of every open
page are saved under test-artifacts/ and the assertion message names the folders.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import secrets
import shutil
import string
import subprocess
import sys
import zipfile
from contextlib import contextmanager
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import pytest
from sqlalchemy import func, select

from registry.db import make_engine, read_session
from registry.errors import field_label
from registry.exports.boards import boards
from registry.i18n import fmt_int, t
from registry.models import AdminUnit, Bloc, ModelExample, WorkField
from registry.queries import counts
from registry.queries.filters import Filters
from registry.text import fold
from tests.support.appserver import (
    PROJECT_ROOT,
    StreamlitServer,
    chromium_skip_reason,
    launch_chromium,
    save_failure_artifacts,
    settle,
)
from tests.support.periods import dashboard_filters
from tests.support.signin import parse_demo_passwords

VI = "vi"
TIMEOUT_MS = 60_000  # one Streamlit rerun on 2 cores under a full test run; downloads get more
DOWNLOAD_TIMEOUT_MS = 180_000
PASSWORDS: dict[str, str] = {}  # printed once by `seed --demo --accounts` (random), read by demo_db_template
ERROR_BOXES = '[data-testid="stException"], [data-testid="stAlertContentError"]'
# url path of each dashboard page -> its heading (pages/*.py)
HEADINGS = {
    "": "overview.heading",
    "number": "number.heading",
    "spread": "spread.heading",
    "replication": "replication.heading",
    "browse": "browse.heading",
    "published": "published.heading",
}
HOLDER_UNIT = "400"  # Hậu Lộc: demo-editor may use every unit, demo-editor-hauloc only this one


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory):
    """A seeded demo registry (schema, reference data, demo records and accounts), built once."""
    reason = chromium_skip_reason()
    if reason:
        pytest.skip(f"browser journeys need Chromium: {reason}")
    path = tmp_path_factory.mktemp("journeys") / "demo.db"
    env = {"DATABASE_URL": f"sqlite:///{path}", "PYTHONDONTWRITEBYTECODE": "1"}
    for args in (["init"], ["seed", "--demo", "--accounts"]):
        done = subprocess.run(
            [sys.executable, "-m", "registry", *args],
            cwd=PROJECT_ROOT,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"registry {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    PASSWORDS.update(parse_demo_passwords(done.stdout))
    assert len(PASSWORDS) == 5, done.stdout
    return path


@pytest.fixture(scope="module")
def app(demo_db_template, tmp_path_factory):
    """ONE app server on a fresh copy of the demo registry, and an engine on the same file."""
    from playwright.sync_api import sync_playwright

    path = tmp_path_factory.mktemp("journeys-app") / "registry.db"
    shutil.copy(demo_db_template, path)
    url = f"sqlite:///{path}"
    env = {"DATABASE_URL": url, "PUBLIC_DASHBOARD": "false", "SECRET_KEY": secrets.token_hex(16)}
    engine = make_engine(url)
    with StreamlitServer(env=env) as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        # Streamlit runs pages/*.py directly (its old multipage mode) until the main script has called
        # st.navigation once on this server: load the root first, as the first visitor of the day would.
        warm = browser.new_page()
        warm.set_default_timeout(TIMEOUT_MS)
        warm.goto(server.url)
        sign_in(warm, "demo-viewer")
        warm.close()
        yield Journey(server, browser, engine)
        browser.close()
    engine.dispose()


class Journey:
    """The server, the browser and the database of the journeys, with the steps users take."""

    def __init__(self, server, browser, engine):
        self.server, self.browser, self.engine = server, browser, engine
        self.pages: list = []

    # ---------------------------------------------------------------- browser
    def new_page(self):
        """A page in a NEW browser context (its own cookies and Streamlit session)."""
        context = self.browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="vi-VN"
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        self.pages.append(page)
        return page

    def close_all(self) -> None:
        for page in self.pages:
            if not page.is_closed():
                page.context.close()
        self.pages.clear()

    @contextmanager
    def walk(self, name: str):
        """Run a journey; on any failure save every open page and name the folders."""
        try:
            yield self
        except Exception as exc:
            folders = [
                str(save_failure_artifacts(page, f"journey-{name}-{i}"))
                for i, page in enumerate(self.pages)
                if not page.is_closed()
            ]
            raise AssertionError(
                f"journey '{name}' failed: {exc}\n"
                f"screenshots and page text saved in: {', '.join(folders) or '(no page open)'}"
            ) from exc
        finally:
            self.close_all()

    def url(self, path: str = "", **params) -> str:
        return self.server.url + path + (("?" + urlencode(params)) if params else "")

    # ---------------------------------------------------------------- database
    def stats(self, filters: Filters | None = None) -> dict:
        """The registry's numbers for ``filters``, by default the dashboard's default period (2021
        through the latest year with records), which a page opened without "from"/"to" shows."""
        with read_session(self.engine) as session:
            return counts.stats(session, filters=filters or dashboard_filters(session))

    def default_filters(self, **changes) -> Filters:
        """The dashboard's default filters with ``changes`` (what the page shows for them)."""
        with read_session(self.engine) as session:
            return dashboard_filters(session, **changes)

    def record_count(self) -> int:
        with read_session(self.engine) as session:
            return session.execute(select(func.count()).select_from(ModelExample)).scalar_one()

    def code(self, model, name_vi: str) -> str:
        with read_session(self.engine) as session:
            return session.execute(select(model.code).where(model.name_vi == name_vi)).scalar_one()


def heading(page, key: str, **params):
    return page.get_by_role("heading", name=t(key, VI, **params), exact=True)


def sign_in(page, user: str) -> None:
    """Fill the sign-in form as ``user`` (the server's page, where every address without a session
    leads); wait for the signed-in page. The session is in an HttpOnly cookie, never in the URL."""
    page.get_by_label(t("field_name.name", VI), exact=True).fill(user)
    page.get_by_label(t("field_name.password", VI), exact=True).fill(PASSWORDS[user])
    page.get_by_role("button", name=t("auth.sign_in", VI)).click()
    page.wait_for_url(lambda u: not urlparse(u).path.startswith("/auth/"))
    if urlparse(page.url).path == "/ban-tin":  # a leader lands on the brief and opens the dashboard from it
        page.get_by_role("link", name=t("brief.open_dashboard", VI)).click()
    signed_in = page.get_by_text(t("auth.signed_in_as", VI, name=user, role=t(f"role.{page_role(user)}", VI)))
    signed_in.wait_for()
    settle(page)
    assert "session=" not in page.url, page.url


def copied_link(page) -> str:
    """Click "Sao chép liên kết" in the sidebar and read the link it offers to copy."""
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name=t("share.copy", VI)).click()
    box = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]').first
    box.wait_for()
    link = box.inner_text().strip()
    page.keyboard.press("Escape")
    return link


def page_role(user: str) -> str:
    return {"demo-viewer": "viewer", "demo-reporter": "reporter", "demo-admin": "admin"}.get(user, "editor")


def open_site(page, journey: Journey, user: str) -> None:
    page.goto(journey.url())
    sign_in(page, user)


def nav(page, url_path: str):
    """Click the sidebar navigation entry of ``url_path`` ("" for the overview)."""
    link = page.locator('[data-testid="stSidebarNav"] a').filter(has_not_text=t("auth.sign_out", VI))
    target = [a for a in link.all() if urlparse(a.get_attribute("href")).path.strip("/") == url_path]
    assert target, f"no navigation entry for /{url_path}"
    target[0].click()
    page.wait_for_url(lambda u: urlparse(u).path.strip("/") == url_path)
    settle(page)


def assert_clean(page, where: str) -> None:
    """No exception box and no error message on the page."""
    boxes = page.locator(ERROR_BOXES)
    assert boxes.count() == 0, f"{where}: error box on the page: {boxes.all_inner_texts()}"


def metric(page, label_key: str, **params) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=t(label_key, VI, **params)).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def wait_charts(page, count: int | None = None) -> list[str]:
    """Scroll to every plotly chart on the page, wait until it has drawn its title, and return the
    titles and subtitles (they carry the figures and the filters). With ``count``, first wait until
    that many charts are on the page (a page still drawing after sign-in has fewer)."""
    settle(page)
    charts = page.locator('[data-testid="stPlotlyChart"]')
    charts.first.wait_for()
    if count is not None:
        from playwright.sync_api import expect

        expect(charts).to_have_count(count, timeout=30_000)
    else:  # a page still drawing has fewer charts: wait until their number holds for a second
        previous = -1
        for _ in range(30):
            if (now := charts.count()) == previous:
                break
            previous = now
            page.wait_for_timeout(1000)
    texts = []
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        chart.locator(".gtitle").first.wait_for()
        texts += chart.locator(".gtitle, .gtitle-subtitle").all_text_contents()
    return texts


def only_one(page, label: str) -> None:
    """Wait until exactly one input carries ``label``: Streamlit keeps the previous run's elements
    (stale) on the page until the new run has replaced them."""
    page.wait_for_function(
        '(label) => document.querySelectorAll(`input[aria-label="${label}"]`).length === 1',
        arg=label,
        timeout=TIMEOUT_MS,
    )


def pick(page, label: str, option: str) -> None:
    """Choose ``option`` in the select box labelled ``label`` by typing, as a user would."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text(label, exact=True)).first
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()


def type_date(page, label: str, day: dt.date) -> None:
    for part, value in (("day", f"{day.day:02d}"), ("month", f"{day.month:02d}"), ("year", str(day.year))):
        page.get_by_role("spinbutton", name=f"{part}, {label}").click()
        page.keyboard.type(value)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


# --------------------------------------------------------------------------- 1. a leader
def test_a_leader_browses_every_page_changes_filters_and_shares_a_view(app):
    with app.walk("leader") as j:
        page = j.new_page()
        open_site(page, j, "demo-viewer")
        heading(page, "overview.heading").wait_for()
        assert metric(page, "overview.total") == fmt_int(j.stats()["total"], VI)
        assert_clean(page, "overview")

        # every page in the sidebar navigation
        links = page.locator('[data-testid="stSidebarNav"] a')
        paths = [urlparse(a.get_attribute("href")).path.strip("/") for a in links.all()]
        assert set(HEADINGS) <= set(paths), f"navigation of a leader: {paths}"
        assert not {"entry", "import", "review", "export", "admin"} & set(paths), (
            f"staff pages shown to a leader: {paths}"
        )
        for path in [p for p in paths if p != "signout"]:
            nav(page, path)
            heading(page, HEADINGS[path]).wait_for()
            if path in ("", "number", "spread", "replication"):
                assert wait_charts(page), f"/{path}: no chart drawn"
            assert_clean(page, f"/{path}")

        # filters: a field in the sidebar multiselect, then the unit view radio
        nav(page, "")
        economy_name = "Kinh tế"
        economy = j.code(WorkField, economy_name)
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text=t("filters.fields", VI)).click()
        page.get_by_role("option", name=economy_name, exact=True).click()
        page.keyboard.press("Escape")
        page.wait_for_url(re.compile(rf"[?&]field={economy}\b"))
        settle(page)
        by_field = j.default_filters(fields=(economy,))
        assert metric(page, "overview.total") == fmt_int(j.stats(by_field)["total"], VI)
        sidebar.get_by_text(t("view.districts-2025", VI), exact=True).click()
        page.wait_for_url(re.compile(r"[?&]view=districts-2025\b"))
        settle(page)
        shared_filters = j.default_filters(fields=(economy,), view="districts-2025")
        assert metric(page, "overview.total") == fmt_int(j.stats(shared_filters)["total"], VI)
        assert_clean(page, "overview with filters")

        # the spread page keeps the filters; its address is the link the leader sends
        nav(page, "spread")
        heading(page, "spread.heading").wait_for()
        titles = wait_charts(page)
        # the subtitles say which filters made the figures (plotly wraps lines: compare without spaces)
        assert any(
            squash(t("view.districts-2025", VI)) in squash(s) and squash(economy_name) in squash(s) for s in titles
        ), titles
        shared = copied_link(page)
        assert "field=" in shared and "view=districts-2025" in shared, shared
        assert f"to={shared_filters.year_until}" in shared, shared  # the default period, named: it round-trips
        assert "session" not in shared and urlparse(shared).path.strip("/") == "spread", shared

        # a colleague opens the link in a new browser, signs in there, and sees the same view
        other = j.new_page()
        other.goto(shared)
        other.get_by_label(t("field_name.password", VI), exact=True).wait_for()  # not signed in as the sender
        sign_in(other, "demo-viewer")
        heading(other, "spread.heading").wait_for()
        assert urlparse(other.url).path.strip("/") == "spread"
        assert parse_qs(urlparse(other.url).query)["field"] == [economy]
        chart_count = page.locator('[data-testid="stPlotlyChart"]').count()
        assert sorted(wait_charts(other, count=chart_count)) == sorted(titles)
        assert_clean(other, "shared link")
        # the same filters on the overview show the same figures
        other.goto(urlunparse(urlparse(shared)._replace(path="/")))
        heading(other, "overview.heading").wait_for()
        settle(other)
        assert metric(other, "overview.total") == fmt_int(j.stats(shared_filters)["total"], VI)
        assert_clean(other, "overview from the link")


# --------------------------------------------------------------------------- 2. an editor
def template_workbook(engine, rows: list[dict]) -> bytes:
    """The import template (registry.template.build_template) filled with ``rows`` (column -> value)."""
    import openpyxl

    from registry.importing.headers import COLUMNS, TEMPLATE_SHEET
    from registry.importing.template import build_template

    with read_session(engine) as session:
        book = openpyxl.load_workbook(io.BytesIO(build_template(session, VI)))
    sheet = book[TEMPLATE_SHEET]
    for r, row in enumerate(rows, start=2):
        for name, value in row.items():
            sheet.cell(row=r, column=COLUMNS.index(name) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_rows(tag: str, unit_label: str) -> list[dict]:
    """50 valid rows of 2024 for one unit, as staff would type them into the template."""
    rows = []
    for i in range(1, 51):
        rows.append(
            {
                "kind": t("kind.collective" if i % 3 else "kind.individual", VI),
                "title": f"Đường làng xanh {tag} số {i}",
                "holder_name": f"Chi hội Nông dân thôn {i}",
                "locality": f"Thôn {i}",
                "unit": unit_label,
                "field": "Kinh tế",
                "bloc": "Cộng đồng dân cư",
                "registered_on": dt.datetime(2024, 1 + i % 12, 1 + i % 27),
                "beneficiaries": 10 + i,
            }
        )
    return rows


def upload(page, name: str, data: bytes) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[
            {
                "name": name,
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": data,
            }
        ]
    )


def test_an_editor_enters_a_model_meets_a_conflict_and_imports_50_rows(app):
    tag = "".join(secrets.choice(string.ascii_lowercase) for _ in range(6))
    with read_session(app.engine) as session:
        unit_name = session.execute(select(AdminUnit.name).where(AdminUnit.code == HOLDER_UNIT)).scalar_one()
    unit_label = f"{unit_name} ({HOLDER_UNIT})"
    with app.walk("editor") as j:
        total_before = j.stats()["total"]
        count_before = j.record_count()
        page = j.new_page()
        open_site(page, j, "demo-editor")
        heading(page, "overview.heading").wait_for()
        assert metric(page, "overview.total") == fmt_int(total_before, VI)

        # enter a model through the form
        nav(page, "entry")
        heading(page, "entry.heading").wait_for()
        title = f"Dân vận khéo xây dựng đường làng {tag}"
        only_one(page, field_label("title", VI) + " *")
        page.get_by_label(field_label("title", VI) + " *", exact=True).fill(title)
        pick(page, field_label("unit", VI) + " *", unit_label)
        pick(page, field_label("field", VI) + " *", "Kinh tế")
        pick(page, field_label("bloc", VI) + " *", "Khối chính quyền")
        type_date(page, field_label("registered_on", VI) + " *", dt.date(2024, 3, 15))
        page.get_by_role("button", name=t("entry.save", VI), exact=True).click()
        created = re.escape(t("entry.created", VI, id=987654321)).replace("987654321", r"(\d+)")
        message = page.get_by_text(re.compile(created))
        message.wait_for()
        example_id = int(re.search(created, message.inner_text()).group(1))
        with read_session(j.engine) as session:
            row = session.get(ModelExample, example_id)
            assert row is not None and row.title == title and row.version == 1 and not row.deleted
            assert session.get(AdminUnit, row.unit_id).code == HOLDER_UNIT
            assert row.bloc_id and session.get(Bloc, row.bloc_id).name_vi == "Khối chính quyền"
        heading(page, "entry.editing", id=example_id, version=1).wait_for()
        settle(page)
        assert_clean(page, "entry after save")

        # a colleague opens the same record in another browser
        other = j.new_page()
        open_site(other, j, "demo-editor-hauloc")
        nav(other, "entry")
        other.get_by_label(t("entry.open_id", VI), exact=True).fill(str(example_id))
        other.get_by_label(t("entry.open_id", VI), exact=True).press("Enter")
        settle(other)
        other.get_by_role("button", name=t("entry.open", VI), exact=True).click()
        heading(other, "entry.editing", id=example_id, version=1).wait_for()
        settle(other)

        # the first editor saves a change ...
        holder = field_label("holder_name", VI)
        only_one(page, holder)
        page.get_by_label(holder, exact=True).fill("Hợp tác xã Đồng Tiến")
        page.get_by_role("button", name=t("entry.save", VI), exact=True).click()
        page.get_by_text(t("entry.updated", VI, id=example_id)).wait_for()
        heading(page, "entry.editing", id=example_id, version=2).wait_for()
        # ... then the second saves theirs and is told, not silently overwritten
        only_one(other, holder)
        other.get_by_label(holder, exact=True).fill("Chi đoàn thôn Đồng Tiến")
        other.get_by_role("button", name=t("entry.save", VI), exact=True).click()
        conflict = other.locator('[data-testid="stAlertContentError"]').filter(
            has_text=t("error.conflict", VI, user="demo-editor", at="", current=2, yours=1).split(" lúc")[0]
        )
        conflict.wait_for()
        assert "demo-editor" in conflict.inner_text()
        with read_session(j.engine) as session:
            row = session.get(ModelExample, example_id)
            assert (row.holder_name, row.version) == ("Hợp tác xã Đồng Tiến", 2)
        other.context.close()

        # import the template filled with 50 rows: first with errors, then corrected
        nav(page, "import")
        heading(page, "importpage.heading").wait_for()
        good = import_rows(tag, unit_label)
        bad = [dict(r) for r in good]
        bad[4]["unit"] = "Huyện Không Có Thật (999)"
        bad[9].update(
            stage=t("stage.effective", VI), registered_on=dt.datetime(2024, 6, 1), effective_on=dt.datetime(2024, 1, 10)
        )
        bad[14]["title"] = None
        count_mid = j.record_count()
        assert count_mid == count_before + 1
        upload(page, f"mo_hinh_{tag}_loi.xlsx", template_workbook(j.engine, bad))
        page.get_by_text(t("importpage.fix_first", VI, n=3)).wait_for()
        assert metric(page, "importpage.errors") == "3"
        report = page.locator('[data-testid="stDataFrame"]').first
        for row_no in ("6", "11", "16"):  # the spreadsheet's row numbers (the header is row 1)
            report.locator('[role="gridcell"]').filter(has_text=re.compile(rf"^{row_no}$")).first.wait_for(
                state="attached"
            )  # the grid is a canvas; its accessible cells are in the DOM
        assert (
            page.get_by_role(
                "button", name=re.compile(re.escape(t("importpage.commit", VI, created="X", updated="Y")).split("X")[0])
            ).count()
            == 0
        )
        assert j.record_count() == count_mid, "a file with errors wrote records"

        upload(page, f"mo_hinh_{tag}.xlsx", template_workbook(j.engine, good))
        commit = page.get_by_role("button", name=t("importpage.commit", VI, created="50", updated="0"))
        commit.click()
        page.get_by_text(t("importpage.done", VI, created="50", updated="0")).wait_for()
        assert j.record_count() == count_mid + 50
        assert_clean(page, "import done")

        # the new records are in the charts ...
        nav(page, "")
        heading(page, "overview.heading").wait_for()
        total_after = j.stats()["total"]
        assert total_after == total_before + 51
        assert metric(page, "overview.total") == fmt_int(total_after, VI)
        # ... and in the browse page, found without diacritics
        nav(page, "browse")
        needle = fold(f"Đường làng xanh {tag} số 37")
        search = page.get_by_label(t("browse.search", VI), exact=True)
        search.fill(needle)
        search.press("Enter")
        page.get_by_text(t("browse.found", VI, n="1", page="1", pages="1"), exact=True).wait_for()
        page.locator('[data-testid="stDataFrame"]').get_by_text(f"Đường làng xanh {tag} số 37", exact=True).wait_for(
            state="attached"
        )
        assert_clean(page, "browse search")


# --------------------------------------------------------------------------- 3. a reporter
def test_a_reporter_downloads_a_chart_png_its_csv_and_the_bundle(app):
    from PIL import Image

    from registry.exports.images import SIZES

    with app.walk("reporter") as j:
        page = j.new_page()
        open_site(page, j, "demo-reporter")
        nav(page, "export")
        heading(page, "exportpage.heading").wait_for()
        settle(page)
        assert_clean(page, "export page")
        chart = "theo-nam"  # the one-chart picker starts on the first chart: models per year

        def download(label: str):
            button = page.locator('[data-testid="stDownloadButton"]').filter(has_text=label).first
            with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
                button.click()
            return info.value.suggested_filename, info.value.path().read_bytes()

        name, png = download(t("exportpage.format.png", VI))
        assert name.endswith(f"{chart}.png"), name
        image = Image.open(io.BytesIO(png))
        image.load()
        assert image.format == "PNG" and image.size == SIZES["landscape"], (image.format, image.size)

        name, data = download(t("exportpage.format.csv", VI))
        assert name.endswith(f"{chart}.csv"), name
        text = data.decode("utf-8-sig")
        lines = [line for line in text.splitlines() if line.strip()]
        csv_total = sum(int(line.rsplit(",", 1)[1]) for line in lines[1:])
        expected = j.stats()["total"]
        assert csv_total == expected, (csv_total, expected, text[:300])
        key_figures = " ".join(page.locator('[data-testid="stCode"]').all_inner_texts())
        assert fmt_int(csv_total, VI) in key_figures, (
            f"{fmt_int(csv_total, VI)} not in the key figures: {key_figures[:400]}"
        )

        bundle_label = re.compile(re.escape(t("exportpage.bundle.download", VI, n=987654)).replace("987654", r"(\d+)"))
        charts_in_bundle = int(bundle_label.search(page.get_by_text(bundle_label).inner_text()).group(1))
        name, bundle = download(bundle_label)
        assert name.endswith(".zip")
        with zipfile.ZipFile(io.BytesIO(bundle)) as z:
            names = z.namelist()
            readme = next(n for n in names if n.rsplit("/", 1)[-1] == "README.txt")
            readme_text = z.read(readme).decode("utf-8-sig")  # the board of the day the figures run to
            assert any(f"Nguồn: {b.source_vi}," in readme_text for b in boards()), readme_text[:300]
            assert sum(n.endswith(".png") for n in names) == charts_in_bundle, names
            assert sum(n.endswith(".csv") for n in names) == charts_in_bundle, names
        assert_clean(page, "export downloads")


# --------------------------------------------------------------------------- 4. a viewer on a staff page
def test_a_viewer_who_opens_the_entry_page_by_its_address_is_refused(app):
    with app.walk("viewer-refused") as j:
        page = j.new_page()
        open_site(page, j, "demo-viewer")
        for path in ("entry", "import"):
            page.goto(j.url(path))
            page.get_by_text(t("auth.forbidden", VI)).wait_for()
            settle(page)
            assert page.get_by_label(field_label("title", VI) + " *").count() == 0
            assert page.get_by_role("button", name=t("entry.save", VI), exact=True).count() == 0
            assert page.locator('[data-testid="stForm"], [data-testid="stFileUploader"]').count() == 0
            assert page.locator('[data-testid="stException"]').count() == 0
