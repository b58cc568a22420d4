"""Entry point: page config, sign-in gate and navigation over pages/ (ASCII url paths,
Vietnamese titles) - and the web server that serves them.

This file plays two parts. ``streamlit run dashboard.py`` finds the ``st.App`` below and serves it
with uvicorn: the module is then imported as ``dashboard`` and builds the app with the sign-in
routes and the security middleware of web/server.py. That app runs this same file as its script,
under the name ``__main__`` (as AppTest does too), and then the page code runs: ``main()``.
"""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from registry.i18n import t
from ui import charts, outage  # noqa: F401 (charts: plotly, pandas and the specs load with the server)
from ui.auth import PUBLIC, account_box, allowed, current_actor, sign_in_form, sign_out_page
from ui.core import lang, language_switch
from web import server

PAGE_ICON = "🤝"
# (file, url path, title key, icon, section key, action the page needs)
PAGES = [
    ("pages/overview.py", "overview", "nav.overview", ":material/dashboard:", "nav.section.charts", "view"),
    ("pages/number.py", "number", "nav.number", ":material/bar_chart:", "nav.section.charts", "view"),
    ("pages/spread.py", "spread", "nav.spread", ":material/map:", "nav.section.charts", "view"),
    ("pages/replication.py", "replication", "nav.replication", ":material/account_tree:", "nav.section.charts", "view"),
    ("pages/browse.py", "browse", "nav.browse", ":material/search:", "nav.section.charts", "view"),
    ("pages/entry.py", "entry", "nav.entry", ":material/edit_note:", "nav.section.staff", "create"),
    ("pages/import_data.py", "import", "nav.import", ":material/upload_file:", "nav.section.staff", "import"),
    ("pages/review.py", "review", "nav.review", ":material/fact_check:", "nav.section.staff", "stage"),
    ("pages/suggestions.py", "suggestions", "nav.suggestions", ":material/link:", "nav.section.staff", "update"),
    ("pages/export.py", "export", "nav.export", ":material/download:", "nav.section.press", "export"),
    ("pages/published.py", "published", "nav.published", ":material/verified:", "nav.section.press", "view"),
    ("pages/admin.py", "admin", "nav.admin", ":material/admin_panel_settings:", "nav.section.admin", "audit"),
]


def build_navigation(language: str, actor=None) -> dict[str, list]:
    """Pages by section; with ``actor``, only the pages whose action the actor may do."""
    sections: dict[str, list] = {}
    for i, (path, url, title, icon, section, action) in enumerate(PAGES):
        if actor is not None and not allowed(actor, action):
            continue
        page = st.Page(path, title=t(title, language), url_path=url, icon=icon, default=i == 0)
        sections.setdefault(t(section, language), []).append(page)
    return sections


def sign_in_page() -> None:
    language_switch()
    sign_in_form()


def refused_page() -> None:
    """A page the signed-in user may not use, opened from a link: a refusal, not "page not found"."""
    language_switch()
    st.error(t("auth.forbidden", lang()), icon=":material/block:")


def hidden_pages(run, actor=None) -> list:
    """Hidden pages at the url paths of PAGES that ``actor`` may not open (all of them when nobody is
    signed in), each running ``run``. A shared link such as /spread?view=... then shows the sign-in
    form and, once signed in, that page with its filters (its script hash is its url path); a link
    to a page the role may not use shows a refusal."""
    return [
        st.Page(run, title=t(title, lang()), url_path=url, icon=icon, visibility="hidden")
        for path, url, title, icon, _section, action in PAGES
        if not (actor is not None and allowed(actor, action))
    ]


def main() -> None:
    # the tab's icon: an emoji, which the browser draws itself (a ":material/…:" icon is fetched from
    # fonts.gstatic.com on every page switch: a request to Google per click, and none offline)
    st.set_page_config(page_title=t("app.title", lang()), layout="wide", page_icon=PAGE_ICON)
    # Sign-in gate: nobody signed in and the dashboard not public -> the sign-in prompt only.
    actor = current_actor()
    if actor is None:
        st.navigation(
            [
                st.Page(sign_in_page, title=t("auth.sign_in", lang()), url_path="signin", icon=":material/login:"),
                *hidden_pages(sign_in_page),
            ],
            position="hidden",
        ).run()
        return
    pages = build_navigation(lang(), actor)
    account = t("auth.account", lang())
    if actor is PUBLIC:
        pages.setdefault(account, []).append(
            st.Page(sign_in_page, title=t("auth.sign_in", lang()), url_path="signin", icon=":material/login:")
        )
        pages[account] += hidden_pages(sign_in_page, actor)
    else:
        pages.setdefault(account, []).append(
            st.Page(sign_out_page, title=t("auth.sign_out", lang()), url_path="signout", icon=":material/logout:")
        )
        pages[account] += hidden_pages(refused_page, actor)
    account_box(actor)
    st.navigation(pages).run()


if __name__ == "__main__":  # the app's script: every browser run, and AppTest
    outage.guarded(main, lang)  # the database down: the message and a retry, not a traceback
else:  # imported by `streamlit run dashboard.py` (or uvicorn dashboard:app): the web server
    server.check_start()  # a short or placeholder SECRET_KEY stops the server here, before it listens
    # The pages/ folder beside this file makes Streamlit run its old multipage mode (pages/*.py as
    # pages of their own) until st.navigation has run once in the process: the first visit of
    # /signin then showed the English "Page not found", /spread ran pages/spread.py without the gate.
    # This app only ever navigates through main(): say so before the first session starts.
    PagesManager.uses_pages_directory = False
    app = st.App(__file__, routes=server.routes(), middleware=server.middleware())
    # ui.charts (imported above) has loaded plotly, pandas and the chart specs: the first page
    # needs them anyway, so they load before the server listens, then stay out of the collector's way
    server.settle_heap()
