"""The brief ("Bản tin", ``GET /ban-tin``): a leader's light first page, served by our own web
server as plain HTML with no script (web/brief_html.py writes it).

- Sign-in and roles as the dashboard: the same cookie (``danvan_session``); without a live session
  (and the dashboard not public) it answers 303 to the sign-in page, which comes back here.
- Filters and language from the URL, read as the dashboard reads them
  (``registry.queries.filters.filters_from_query``; without ``to`` the period runs to the latest
  year with records, never past this year), so that a shared link opens the same view.
- The headline figures and the key-figures sentence (registry/exports/keyfigures.py), and four
  charts as inline SVG drawn from each ``BuiltChart``'s table (web/brief_svg.py).
- The page is cached in memory per (data version, filters, language, public): every write bumps the
  data version, and the first request after it builds the page again (one SQL pass per chart, in a
  worker thread; no browser). ``stats["builds"]`` counts those builds.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from registry.charts.pipeline import BuiltChart, build_chart
from registry.charts.words import partial_mask, year_labels, year_tick_note
from registry.config import get_settings
from registry.db import read_session
from registry.exports import keyfigures
from registry.i18n import lang_or_default
from registry.queries.counts import default_period
from registry.queries.filters import Filters, filters_from_query, filters_to_query
from registry.queries.labels import Labels
from registry.records.rollups import data_version
from registry.schema import ready_engine
from registry.staff import sessions
from web import brief_html, brief_svg

PATH = "/ban-tin"
# (chart, dashboard page that shows it, drawing): the overview's main charts and the ranking
CHARTS = (
    ("theo-nam", "/", "columns"),
    ("theo-linh-vuc", "/", "rows"),
    ("nhan-rong-theo-nam", "/replication", "columns"),
    ("xep-hang-don-vi", "/spread", "rows"),
)
TOP_ROWS = 6
CACHE_SIZE = 64

_cache: OrderedDict[tuple, str] = OrderedDict()
_lock = threading.Lock()
stats = {"builds": 0}


@dataclass(frozen=True)
class Figure:
    """One chart of the brief: its finding, its SVG, its note and the page that shows it in full."""

    finding: str
    svg: str
    note: str | None
    href: str


def read_filters(session, params: dict[str, str], today: dt.date) -> Filters:
    if not params.get("to"):
        found, bad = filters_from_query({**params, "to": str(default_period(session, today=today)[1])})
        if not any(key == "to" for key, _ in bad):
            return found
    return filters_from_query(params)[0]


def figure(built: BuiltChart, filters: Filters, lang: str, href: str, drawing: str, today: dt.date) -> Figure:
    table = built.table
    if drawing == "columns" and "year" in table.columns:
        by_year = table.groupby("year", sort=True)["n"].sum()
        years = list(by_year.index)
        svg = brief_svg.columns(
            year_labels(years, filters, lang, today),
            list(by_year.values),
            lang=lang,
            partial=partial_mask(years, filters, today),
            title=built.finding,
        )
        return Figure(built.finding, svg, year_tick_note(years, filters, lang, today), href)
    name = next((c for c in ("field", "unit", "title") if c in table.columns), table.columns[0])
    totals = table.groupby(name, sort=False)["n"].sum().sort_values(ascending=False).head(TOP_ROWS)
    svg = brief_svg.rows([str(v) for v in totals.index], list(totals.values), lang=lang, title=built.finding)
    return Figure(built.finding, svg, None, href)


def build(params: dict[str, str], lang: str, public: bool, today: dt.date) -> str:
    """The page for these URL parameters (cached per data version, filters, language, public)."""
    with read_session(ready_engine()) as session:
        version = data_version(session)
        filters = read_filters(session, params, today)
        query = filters_to_query(filters)
        key = (version, tuple(sorted(query.items())), lang, public, today)
        with _lock:
            if key in _cache:
                _cache.move_to_end(key)
                return _cache[key]
        labels = Labels.load(session, lang)
        figures = keyfigures.compute(session, filters, today)
        sentence = keyfigures.paragraph(session, filters, lang, figures, today)
        charts = []
        for slug, page, drawing in CHARTS:
            built = build_chart(session, slug, filters, lang=lang, today=today, labels=labels)
            href = page + ("?" + urlencode({**query, "lang": lang}) if query or lang != "vi" else "")
            charts.append(figure(built, filters, lang, href, drawing, today))
    html = brief_html.page(
        lang, figures=figures, sentence=sentence, charts=charts, query=query, public=public, filters=filters
    )
    with _lock:
        stats["builds"] += 1
        _cache[key] = html
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return html


def signed_in(raw: str | None) -> bool:
    if not raw:
        return False
    with read_session(ready_engine()) as session:
        return sessions.resolve(session, raw, refresh=False) is not None


async def brief_page(request: Request) -> Response:
    params = dict(request.query_params)
    lang = lang_or_default(params.pop("lang", None))
    public = get_settings().public_dashboard
    if not public and not await run_in_threadpool(signed_in, request.cookies.get(sessions.COOKIE)):
        here = PATH + (("?" + request.url.query) if request.url.query else "")
        return RedirectResponse(sessions.SIGN_IN_PATH + "?" + urlencode({"next": here, "lang": lang}), 303)
    html = await run_in_threadpool(build, params, lang, public, dt.date.today())
    response = HTMLResponse(html)
    response.headers["Content-Security-Policy"] = brief_html.CSP
    response.headers["Cache-Control"] = "public, max-age=60" if public else "private, no-cache"
    return response


def routes() -> list[Route]:
    return [Route(PATH, brief_page, methods=["GET"])]
