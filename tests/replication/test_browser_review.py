"""Browser journey of issue 13, in Debian's Chromium against `streamlit run`: an editor signs in,
imports records WITHOUT origins through the import page ("Nhập từ Excel"), opens the review queue
("Gợi ý nhân rộng"), confirms two suggestions and rejects one; the replication count the pages
show (the overview's headline and the title of the chart "nhan-rong-theo-nam") is then exactly two
more than before, and so is the database's.

The registry is small and made here: three earlier records whose titles the imported rows repeat
in another unit (the suggester proposes one origin for each), and one link confirmed before, so
that the count starts above zero. Every wait is for an element or a text, never for the clock; on
failure a screenshot and the page text are saved under test-artifacts/.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import subprocess
import sys
from urllib.parse import urlparse

import pytest
from sqlalchemy import func, select

from registry.db import make_engine, read_session, write_session
from registry.i18n import fmt_int, t
from registry.models import ModelExample
from registry.permissions import SYSTEM
from registry.staff import accounts
from registry.suggestion_tables import ReplicationSuggestion
from tests.support.appserver import (
    PROJECT_ROOT,
    StreamlitServer,
    chromium_skip_reason,
    launch_chromium,
    save_failure_artifacts,
    settle,
)
from tests.support.factories import make_example
from tests.support.import_rows import HEADER, csv_bytes

VI = "vi"
TIMEOUT_MS = 60_000  # one Streamlit rerun on 2 cores under a full test run
EDITOR = "bien-tap-nhan-rong"
PASSWORD = "mat-khau-dai-" + secrets.token_hex(8)
ERROR_BOXES = '[data-testid="stException"], [data-testid="stAlertContentError"]'
# the earlier records (unit code, title, registration day); the import repeats each title in Hậu Lộc
ORIGINS = [
    ("388", "Bản sáng vùng biên", dt.date(2021, 4, 1)),
    ("384", "Đèn đường năng lượng mặt trời", dt.date(2021, 6, 1)),
    ("380", "Ngôi nhà khăn quàng đỏ", dt.date(2022, 2, 1)),
]
IMPORTED = [
    ["Mô hình", "Mô hình “Bản sáng vùng biên”", "Chi bộ thôn Đông", "Huyện Hậu Lộc", "Kinh tế", "Khối chính quyền"],
    ["Mô hình", "Đèn đường năng lượng mặt trời", "Chi hội Nông dân", "Huyện Hậu Lộc", "Kinh tế", "Khối chính quyền"],
    ["Mô hình", "Ngôi nhà khăn quàng đỏ", "Chi đoàn thôn Tây", "Huyện Hậu Lộc", "Kinh tế", "Khối chính quyền"],
]  # fmt: skip


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One app server (sign-in required) on a fresh small registry, and an engine on the same file."""
    reason = chromium_skip_reason()
    if reason:
        pytest.skip(f"the browser journey needs Chromium: {reason}")
    from playwright.sync_api import sync_playwright

    path = tmp_path_factory.mktemp("review-journey") / "registry.db"
    url = f"sqlite:///{path}"
    done = subprocess.run(
        [sys.executable, "-m", "registry", "init"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": url, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"registry init failed:\n{done.stdout}\n{done.stderr}"
    engine = make_engine(url)
    with write_session(engine) as s:
        accounts.create_user(s, EDITOR, PASSWORD, "editor", actor=SYSTEM)
    with write_session(engine) as s:
        for unit, title, day in ORIGINS:
            make_example(s, unit=unit, title=title, registered_on=day)
        first = make_example(s, unit="388", title="Tuyến phố văn minh", registered_on=dt.date(2021, 3, 1))
        make_example(
            s, unit="384", title="Tuyến phố văn minh", registered_on=dt.date(2022, 9, 1), replicated_from=first.id
        )  # a link confirmed before: the count starts at 1
    env = {"DATABASE_URL": url, "PUBLIC_DASHBOARD": "false", "SECRET_KEY": secrets.token_hex(16)}
    with StreamlitServer(env=env) as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        yield server, browser, engine
        browser.close()
    engine.dispose()


# --------------------------------------------------------------------------- steps
def sign_in(page, server) -> None:
    page.goto(server.url)
    page.get_by_label(t("field_name.name", VI), exact=True).fill(EDITOR)
    page.get_by_label(t("field_name.password", VI), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t("auth.sign_in", VI)).click()
    page.wait_for_url(lambda u: not urlparse(u).path.startswith("/auth/"))
    page.get_by_text(t("auth.signed_in_as", VI, name=EDITOR, role=t("role.editor", VI))).wait_for()
    settle(page)


def nav(page, url_path: str) -> None:
    """Click the sidebar navigation entry of ``url_path`` ("" for the overview)."""
    links = page.locator('[data-testid="stSidebarNav"] a')
    target = [a for a in links.all() if urlparse(a.get_attribute("href")).path.strip("/") == url_path]
    assert target, f"no navigation entry for /{url_path}"
    target[0].click()
    page.wait_for_url(lambda u: urlparse(u).path.strip("/") == url_path)
    settle(page)


def heading(page, key: str):
    return page.get_by_role("heading", name=t(key, VI), exact=True)


def assert_clean(page, where: str) -> None:
    boxes = page.locator(ERROR_BOXES)
    assert boxes.count() == 0, f"{where}: error box on the page: {boxes.all_inner_texts()}"


def open_fresh(page, server, path: str) -> None:
    """Open ``path`` by its address without filters: a new Streamlit session whose period is the
    dashboard's default, computed now (navigating would keep the period of the first page seen,
    which ended before the imported year)."""
    page.goto(server.url + path)
    settle(page)


def headline_replications(page, server) -> str:
    """The overview's headline count of replications, as the page prints it."""
    open_fresh(page, server, "")
    heading(page, "overview.heading").wait_for()
    box = page.locator('[data-testid="stMetric"]').filter(has_text=t("overview.replications", VI)).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def chart_replications(page, server) -> str:
    """The number in the title of the chart "nhan-rong-theo-nam" ("{n} lượt nhân rộng mô hình
    trong …") on the replication page."""
    open_fresh(page, server, "replication")
    heading(page, "replication.heading").wait_for()
    words = t("chart.rep.title", VI, n="<n>", period="<p>").split("<n>")[1].split("<p>")[0]
    title = page.locator('[data-testid="stPlotlyChart"] .gtitle').filter(has_text=words.strip()).first
    title.wait_for()
    found = re.match(r"\s*([\d.]+)\s", title.text_content())
    assert found, f"no count in the chart title {title.text_content()!r}"
    return found.group(1)


def queue_count(n: int) -> str:
    return t("suggest.page.count", VI, n=fmt_int(n, VI))


def db_links(engine) -> int:
    with read_session(engine) as s:
        query = select(func.count()).where(
            ModelExample.replicated_from_id.is_not(None), ModelExample.deleted.is_(False)
        )
        return s.execute(query.select_from(ModelExample)).scalar_one()


def db_statuses(engine) -> list[str]:
    with read_session(engine) as s:
        return sorted(s.execute(select(ReplicationSuggestion.status)).scalars())


# --------------------------------------------------------------------------- the journey
def test_an_editor_imports_reviews_and_the_replication_chart_counts_two_more(app):
    server, browser, engine = app
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        sign_in(page, server)
        links_before = db_links(engine)
        assert links_before == 1

        # import three rows without origins
        nav(page, "import")
        heading(page, "importpage.heading").wait_for()
        rows = [[*r, "01/03/2024", "Đăng ký", "", "50"] for r in IMPORTED]
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            files=[{"name": "nhan_rong.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows, header=HEADER)}]
        )
        page.get_by_text(t("importpage.suggestions", VI), exact=True).wait_for()  # the dry run suggests origins
        page.get_by_role("button", name=t("importpage.commit", VI, created="3", updated="0")).click()
        page.get_by_text(t("importpage.done", VI, created="3", updated="0")).wait_for()
        settle(page)
        assert_clean(page, "import done")
        assert db_links(engine) == links_before, "the import linked rows nobody chose to link"
        assert db_statuses(engine) == ["pending"] * 3, db_statuses(engine)

        # what the pages count before the confirmations (the suggestions are apart, never counted)
        shown_before = headline_replications(page, server)
        assert shown_before == fmt_int(links_before, VI)
        assert chart_replications(page, server) == shown_before
        page.get_by_text(t("suggest.pending", VI, n="3"), exact=False).wait_for()

        # the queue: confirm two, reject one
        nav(page, "suggestions")
        heading(page, "suggest.page.title").wait_for()
        page.get_by_text(queue_count(3), exact=True).wait_for()
        for left in (2, 1):
            page.get_by_role("button", name=t("suggest.page.confirm", VI), exact=True).first.click()
            page.get_by_text(queue_count(left), exact=True).wait_for()
            settle(page)
        page.get_by_role("button", name=t("suggest.page.reject", VI), exact=True).first.click()
        page.get_by_text(t("suggest.page.none", VI), exact=True).wait_for()
        settle(page)
        assert_clean(page, "queue done")
        assert db_statuses(engine) == ["confirmed", "confirmed", "rejected"]
        assert db_links(engine) == links_before + 2

        # the charts count exactly two more copies, and nothing waits apart any more
        expected = fmt_int(links_before + 2, VI)
        assert headline_replications(page, server) == expected
        assert chart_replications(page, server) == expected
        assert page.get_by_text(t("suggest.pending", VI, n="1")).count() == 0
        assert_clean(page, "replication page")
    except Exception as exc:
        folder = save_failure_artifacts(page, "journey-replication-review")
        raise AssertionError(f"replication review journey failed: {exc}\nscreenshot and page text: {folder}") from exc
    finally:
        context.close()
