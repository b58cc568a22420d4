"""Download buttons for charts, bundles, the registry and the periodic report.

Files are made only when a button is clicked (Streamlit's deferred download data), by the pure
functions of registry.exports, which check the role again. The callables run
outside the script thread, so they take the engine and the actor as values and never call st.*.
A chart page may call ``chart_downloads(slug, filters)`` under its chart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import streamlit as st

from registry.db import read_session
from registry.exports import bundle, formats, images
from registry.exports import records as registry_export
from registry.exports.report import report_file_name, report_xlsx
from registry.permissions import Actor
from registry.queries.filters import Filters
from registry.reference import snapshot
from ui.auth import allowed, current_actor, download_check
from ui.core import engine, lang, tr

MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
ICONS = {
    "png": ":material/image:",
    "svg": ":material/draw:",
    "csv": ":material/table_view:",
    "xlsx": ":material/grid_on:",
    "zip": ":material/folder_zip:",
}


def _deferred(make: Callable, *args, action: str, **kwargs) -> Callable[[], bytes]:
    """A no-argument callable that opens its own session and returns the file's bytes. The account
    is checked again when the file is built (a button already on screen stops working once the
    session ends or the role loses ``action``), and the file is made for the account as it is now."""
    eng = engine()
    check = download_check(action)

    def run() -> bytes:
        actor = check()  # raises PermissionDenied
        with read_session(eng) as session:
            result = make(session, *args, **{**kwargs, "actor": actor})
        return result[1] if isinstance(result, tuple) else result

    return run


def _names(filters: Filters, language: str) -> dict[str, str]:
    """The names a file name uses: a view of the reference snapshot (read again after a write)."""
    with read_session(engine()) as session:
        return snapshot(session).file_names(language)


def images_reason() -> str | None:
    """Why PNG/SVG cannot be made here (shown on the buttons), or None."""
    return images.unavailable_reason(lang())


def chart_downloads(slug: str, filters: Filters, key: str | None = None, size: str = "landscape") -> None:
    """PNG, SVG, CSV and XLSX buttons for chart ``slug`` with the current filters."""
    actor = current_actor()
    if not allowed(actor, "view"):
        return
    language = lang()
    names = _names(filters, language)
    reason = images_reason()
    columns = st.columns(4)
    for column, fmt in zip(columns, formats.CHART_FORMATS, strict=False):
        disabled = fmt in images.FORMATS and reason is not None
        name = formats.file_name(slug, filters, fmt, language, names)
        column.download_button(
            tr(f"exportpage.format.{fmt}"),
            data=_deferred(bundle.chart_export, slug, fmt, filters, language, action="view", actor=actor, size=size),
            file_name=name,
            mime=MIME[fmt],
            icon=ICONS[fmt],
            disabled=disabled,
            help=reason if disabled else name,
            key=f"{key or 'dl_' + slug}_{fmt}",
            on_click="ignore",
            width="stretch",
        )


def bundle_button(slugs: Sequence[str], filters: Filters, actor: Actor, size: str = "landscape") -> None:
    language = lang()
    name = formats.file_name(tr("export.slug.bundle"), filters, "zip", language, _names(filters, language))

    def make(session, *args, **kwargs):
        return bundle.bundle_zip(session, *args, **kwargs)[:2]

    st.download_button(
        tr("exportpage.bundle.download", n=len(slugs)),
        data=_deferred(make, list(slugs), filters, language, action="export", actor=actor, size=size),
        file_name=name,
        mime=MIME["zip"],
        icon=ICONS["zip"],
        disabled=not slugs,
        type="primary",
        key="dl_bundle",
        on_click="ignore",
    )


def registry_buttons(filters: Filters, actor: Actor) -> None:
    language = lang()
    names = _names(filters, language)
    left, right = st.columns(2)
    for column, fmt, make in (
        (left, "csv", registry_export.registry_csv),
        (right, "xlsx", registry_export.registry_xlsx),
    ):
        name = formats.file_name(tr("export.slug.registry"), filters, fmt, language, names)
        column.download_button(
            tr(f"exportpage.registry.{fmt}"),
            data=_deferred(make, filters, lang=language, action="export", actor=actor),
            file_name=name,
            mime=MIME[fmt],
            icon=ICONS[fmt],
            key=f"dl_registry_{fmt}",
            on_click="ignore",
            width="stretch",
        )


def report_button(filters: Filters, actor: Actor) -> None:
    language = lang()
    st.download_button(
        tr("report.download"),
        data=_deferred(report_xlsx, filters, language, action="export", actor=actor),
        file_name=report_file_name(filters, language),
        mime=MIME["xlsx"],
        icon=ICONS["xlsx"],
        key="dl_report",
        on_click="ignore",
        type="primary",
    )


def period_filters(start: dt.date, end: dt.date, view: str = "then") -> Filters:
    """Filters for a report period given as two days."""
    return Filters(
        year_from=start.year,
        year_until=end.year,
        date_from=None if (start.month, start.day) == (1, 1) else start,
        date_until=None if (end.month, end.day) == (12, 31) else end,
        view=view,
    )
