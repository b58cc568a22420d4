"""The shared filters in the sidebar, kept in the URL query parameters.

Every dashboard page calls ``sidebar_filters()``: it draws the language switch and the filter
widgets, reads the starting values from the URL (a bad value is ignored with a visible warning),
and writes the chosen values back to the URL so that a link reproduces the view. When a page is
opened from the navigation (which drops the query), the last filters of the session are restored.

The default period runs from 2021 through the latest year with records, the same for every page,
export and command (``registry.queries.filters.default_until``; the codec's ``Filters()`` keeps
2021–2024 only to stay pure): a URL without "to" shows it, and the URL the page writes always
names its last year ("to"), so that a shared link shows the same years next year too. The list
filters and the sample toggle are drawn from ``registry.dimensions``. One button picks 2024, the
"Năm dân vận chính quyền".
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode, urlsplit

import streamlit as st

from registry.dimensions import DIMENSIONS, LISTS
from registry.i18n import t
from registry.models import MOVEMENT_START_YEAR, VIEWS
from registry.queries.filters import PARAMS, Filters, filters_from_query, filters_to_query
from registry.queries.filters import default_until as period_until
from registry.reference import choices
from ui import readers
from ui.core import lang, language_switch, tr
from ui.safe import code

SESSION_KEY = "dashboard_filters_query"
GOVERNMENT_YEAR = 2024  # "Năm dân vận chính quyền": one click in the sidebar


def default_until(include_sample: bool = True, today: dt.date | None = None) -> int:
    """The last year of the default period (the rule of every page, export and command,
    ``registry.queries.filters.default_until``), from the cached latest year with live records."""
    return period_until(readers.latest_year(include_sample), today)


def read_filters(params: dict[str, str], known=None) -> tuple[Filters, list[tuple[str, str]]]:
    """The filters of the URL ``params`` with the dashboard's default period: without "to", the
    period runs to ``default_until()``; explicit years and days are kept."""
    if params.get("to"):
        return filters_from_query(params, known)
    until = default_until(params.get("sample") != "0")
    found, bad = filters_from_query({**params, "to": str(until)}, known)
    if any(key == "to" for key, _value in bad):  # "from" after the default end: the codec's own default
        return filters_from_query(params, known)
    return found, bad


def page_query(filters: Filters) -> dict[str, str]:
    """The query parameters the dashboard writes for ``filters``: the codec's, and always the last
    year ("to"), which the codec leaves out when it is its own default (2024) but which the
    dashboard's default (the latest year) would read differently."""
    query = filters_to_query(filters)
    query.setdefault("to", str(filters.year_until))
    return query


def pick_years(first: int, last: int) -> None:
    """Callback of a one-click period (2024): the URL says it, the slider starts from it."""
    st.query_params["from"] = str(first)
    st.query_params["to"] = str(last)
    st.session_state.pop("flt_years", None)
    st.session_state.pop(SESSION_KEY, None)


def _url_filter_params() -> dict[str, str]:
    return {k: value for k in PARAMS if (value := st.query_params.get(k))}


def sidebar_filters() -> Filters:
    language_switch()
    language = lang()
    params = _url_filter_params()
    if not params and st.session_state.get(SESSION_KEY):
        params = dict(st.session_state[SESSION_KEY])
    start, bad = read_filters(params, readers.known_codes())
    if bad:
        shown = ", ".join(code(f"{k}={v}") for k, v in bad)  # as code: a value is never a link (ui/safe.py)
        st.warning(tr("filters.bad_value", values=shown), icon=":material/warning:")
    labels = readers.labels(language)
    sb = st.sidebar
    sb.header(tr("filters.heading"))
    last_year = max(dt.date.today().year, start.end.year)
    years = sb.slider(
        tr("filters.period"),
        min_value=MOVEMENT_START_YEAR,
        max_value=last_year,
        value=(start.start.year, start.end.year),
        key="flt_years",
    )
    sb.button(
        tr("filters.year_2024"),
        key="flt_year_2024",
        help=tr("filters.year_2024_help"),
        icon=":material/event:",
        type="secondary" if tuple(years) != (GOVERNMENT_YEAR, GOVERNMENT_YEAR) else "primary",
        on_click=pick_years,
        args=(GOVERNMENT_YEAR, GOVERNMENT_YEAR),
    )

    def pick(label_key: str, names: dict[str, str], chosen, key: str) -> list[str]:
        """One list filter: every option named, "all" when none is picked."""
        return sb.multiselect(
            tr(label_key),
            list(names),
            default=[c for c in chosen if c in names],
            format_func=lambda c: names.get(c, c),
            placeholder=tr("filters.all"),
            key=key,
        )

    unit_choices = readers.unit_options()
    chosen: dict[str, Any] = {
        dim.attr: tuple(pick(dim.label_key, choices(dim, labels, unit_choices), dim.values(start), dim.widget_key))
        for dim in LISTS
    }
    for dim in DIMENSIONS:
        if dim.flag:
            chosen[dim.attr] = sb.toggle(tr(dim.label_key), value=getattr(start, dim.attr), key=dim.widget_key)
    view = sb.radio(
        tr("filters.view"),
        list(VIEWS),
        index=list(VIEWS).index(start.view),
        format_func=lambda v: t(f"view.{v}", language),
        key="flt_view",
    )
    keep_from = start.date_from if start.date_from and start.date_from.year == years[0] else None
    keep_until = start.date_until if start.date_until and start.date_until.year == years[1] else None
    filters = Filters(
        year_from=years[0],
        year_until=years[1],
        date_from=keep_from,
        date_until=keep_until,
        view=view,
        **chosen,
    )
    wanted = page_query(filters)
    current = _url_filter_params()
    if wanted != current:
        for key in PARAMS:
            if key in st.query_params and key not in wanted:
                del st.query_params[key]
        for key, value in wanted.items():
            if current.get(key) != value:
                st.query_params[key] = value
    st.session_state[SESSION_KEY] = wanted
    if sb.button(tr("filters.reset"), icon=":material/restart_alt:", key="flt_reset"):
        reset()
    share_link(wanted)
    return filters


def clean_link(query: dict[str, str]) -> str:
    """This page's address with the filters and the language only: never anything about sign-in."""
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:  # no browser (AppTest)
        parts = urlsplit("")
    base = f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else (parts.path or "/")
    params = {**query, "lang": lang()}
    return base + "?" + urlencode(params)


def share_link(query: dict[str, str]) -> None:
    """The "Sao chép liên kết" button: a box with the clean link and its copy button."""
    sb = st.sidebar
    with sb.popover(tr("share.copy"), icon=":material/link:", width="stretch"):
        st.code(clean_link(query), language=None, wrap_lines=True)
        st.caption(tr("share.hint"))
    sb.caption(tr("share.link_hint"))


def reset() -> None:
    for key in PARAMS:
        if key in st.query_params:
            del st.query_params[key]
    st.session_state.pop(SESSION_KEY, None)
    for key in [k for k in st.session_state if str(k).startswith("flt_")]:
        del st.session_state[key]
    st.rerun()


def link_params(filters: Filters) -> dict[str, str]:
    """Query parameters for st.page_link, so that a linked page opens with the same filters."""
    params = page_query(filters)
    params["lang"] = lang()
    return params
