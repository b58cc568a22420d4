"""Charts for the press: one chart's data, figure and metadata (``prepare_chart``), in one format
(``chart_export``: PNG, SVG, CSV or XLSX), or a ZIP of several with a README.txt in Vietnamese and
English (``bundle_zip``). A chart's data needs "view" (it is what the chart shows); a bundle
needs "export"."""

from __future__ import annotations

import datetime as dt
import inspect
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from registry.charts.specs import CHARTS
from registry.charts.words import partial_year
from registry.exports.boards import source_name
from registry.exports.formats import (
    BOM,
    CHART_FORMATS,
    GENERAL_DEFINITIONS,
    Metadata,
    Table,
    as_of_date,
    csv_bytes,
    describe,
    file_name,
    filter_names,
    includes_sample,
    metadata_for,
    reference_names,
    slugify,
    xlsx_bytes,
)
from registry.exports.images import Frame, ImagesUnavailable, chart_image, shared_renderer, unavailable
from registry.i18n import catalog, fmt_date, t
from registry.permissions import Actor, authorize
from registry.queries.filters import Filters
from registry.queries.labels import Labels


# --------------------------------------------------------------------------- charts
def chart_specs() -> dict:
    """The dashboard's chart registry (registry.charts.CHARTS), keyed by ASCII slug."""
    return CHARTS


def chart_title(spec, lang: str) -> str:
    try:
        return t(spec.title_key, lang)
    except (KeyError, IndexError):
        return spec.slug


def chart_file_stem(spec, lang: str) -> str:
    """The chart's part of a file name: its ASCII slug ("theo-linh-vuc")."""
    return slugify(spec.slug) or "chart"


def chart_table(spec, frame, labels: Labels, filters: Filters | None = None, today: dt.date | None = None) -> Table:
    """A chart's numbers exactly as plotted, the name of each code beside it and headings in the
    labels' language; with ``filters``, a partial last year says so in a "year_note" column
    beside the year ("chưa trọn năm: tính đến 01/12/2026")."""
    named = spec.table(frame, labels)
    partial = partial_year(filters, today) if filters is not None else None
    if partial is not None and "year" in named.columns and "year_note" not in named.columns:
        year, day = partial
        note = t("export.partial_cell", labels.lang, day=fmt_date(day, labels.lang))
        notes = [note if int(y) == year else "" for y in named["year"]]
        named = named.copy()
        named.insert(named.columns.get_loc("year") + 1, "year_note", notes)
    table = Table.from_frame(named)
    table.columns = [
        t(f"export.colname.{c}", labels.lang) if f"export.colname.{c}" in catalog() else str(c) for c in named.columns
    ]
    return table


@dataclass
class ChartExport:
    """One chart's data and figure for one set of filters."""

    spec: Any
    frame: Any  # pandas DataFrame, exactly as plotted
    figure: Any
    meta: Metadata
    filters: Filters
    labels: Labels
    today: dt.date | None = None

    def name(self, ext: str, names: Mapping[str, str] | None = None) -> str:
        return file_name(chart_file_stem(self.spec, self.meta.lang), self.filters, ext, self.meta.lang, names)

    def table(self) -> Table:
        return chart_table(self.spec, self.frame, self.labels, self.filters, self.today)

    def csv(self) -> bytes:
        return csv_bytes(self.table())

    def xlsx(self) -> bytes:
        return xlsx_bytes(self.table(), self.meta)

    def image(self, fmt: str, size: str = "landscape", renderer=None) -> bytes:
        return chart_image(self.figure, fmt, Frame(self.meta.as_of, self.meta.sample, self.meta.lang), size, renderer)

    def render(self, fmt: str, size: str = "landscape", renderer=None) -> bytes:
        if fmt == "csv":
            return self.csv()
        if fmt == "xlsx":
            return self.xlsx()
        return self.image(fmt, size, renderer)


def prepare_chart(
    session: Session, slug: str, filters: Filters, lang: str = "vi", *, actor: Actor, today: dt.date | None = None
) -> ChartExport:
    """The data and figure of chart ``slug`` for ``filters``, with its metadata. Needs "view"."""
    authorize(actor, "view")
    specs = chart_specs()
    if slug not in specs:
        raise KeyError(slug)
    spec = specs[slug]
    labels = Labels.load(session, lang)
    frame = spec.data(session, filters, labels.codes, **_today(spec.data, today))
    figure = spec.figure(frame, filters, labels, **_today(spec.figure, today))
    finding = _figure_title(figure)
    meta = metadata_for(
        session, filters, lang, chart_title(spec, lang), finding, today, labels=labels, note_keys=figure_notes(figure)
    )
    return ChartExport(spec, frame, figure, meta, filters, labels, today)


def _today(builder, today: dt.date | None) -> dict:
    """``{"today": today}`` for a chart builder that marks the partial year (it takes ``today``),
    else nothing: the builders of charts without years keep their three arguments."""
    if today is None:
        return {}
    try:
        return {"today": today} if "today" in inspect.signature(builder).parameters else {}
    except (TypeError, ValueError):
        return {}


def figure_notes(figure) -> tuple[str, ...]:
    """Catalog keys of the notes a figure carries in ``layout.meta["note_keys"]`` (the boundary
    map's footnote, registry/charts/maps.py), for the export's metadata and README."""
    try:
        meta = figure.layout.meta
    except AttributeError:
        return ()
    keys = meta.get("note_keys") if isinstance(meta, dict) else None
    return tuple(k for k in keys or () if isinstance(k, str) and k in catalog())


def _figure_title(figure) -> str:
    try:
        value = figure.layout.title.text or ""
    except AttributeError:
        return ""
    return re.sub(r"<[^>]+>", " ", value).strip()


def chart_export(
    session: Session,
    slug: str,
    fmt: str,
    filters: Filters,
    lang: str = "vi",
    *,
    actor: Actor,
    size: str = "landscape",
    renderer=None,
    today: dt.date | None = None,
) -> tuple[str, bytes]:
    """(file name, bytes) of chart ``slug`` as png, svg, csv or xlsx."""
    if fmt not in CHART_FORMATS:
        raise ValueError(fmt)
    export = prepare_chart(session, slug, filters, lang, actor=actor, today=today)
    names = reference_names(session, lang)
    return export.name(fmt, names), export.render(fmt, size, renderer)


def readme_text(
    exports: Sequence[ChartExport],
    filters_text: dict[str, str],
    as_of: dt.date,
    sample: bool,
    files: Sequence[str],
    images_reason: dict[str, str] | None = None,
    partial: tuple[int, dt.date] | None = None,
) -> str:
    """README.txt of a bundle: Vietnamese first, then English; ``partial`` (year, day) says that
    the last year is not whole."""
    blocks = []
    for lang in ("vi", "en"):
        lines = [
            t("export.readme.title", lang),
            "=" * len(t("export.readme.title", lang)),
            "",
            t("export.citation", lang, date=fmt_date(as_of, lang), board=source_name(as_of, lang)),
            "",
            f"{t('export.meta.as_of', lang)}: {fmt_date(as_of, lang)}",
            f"{t('export.meta.filters', lang)}: {filters_text[lang]}",
        ]
        if partial is not None:
            value = t("export.meta.partial_value", lang, year=partial[0], day=fmt_date(partial[1], lang))
            lines.append(f"{t('export.meta.partial', lang)}: {value}")
        if sample:
            lines.append(t("export.readme.sample", lang))
        lines += ["", t("export.readme.files", lang)]
        if images_reason:
            lines.append(t("export.readme.no_images", lang, reason=images_reason[lang]))
        lines += ["", f"{t('export.readme.charts', lang)}:"]
        for e in exports:
            title = chart_title(e.spec, lang)
            lines.append(f"- {title} ({e.spec.slug})")
            lines += [f"  {t(key, lang)}" for key in e.meta.note_keys]
        lines += ["", f"{t('export.meta.definitions', lang)}:"]
        lines += [f"- {t(key, lang)}" for key in GENERAL_DEFINITIONS]
        blocks.append("\n".join(lines))
    listing = "\n".join(f"  {name}" for name in files)
    return ("\n\n" + "-" * 72 + "\n\n").join(blocks) + "\n\n" + "-" * 72 + "\n\n" + listing + "\n"


def bundle_zip(
    session: Session,
    slugs: Sequence[str],
    filters: Filters,
    lang: str = "vi",
    *,
    actor: Actor,
    images: bool = True,
    size: str = "landscape",
    renderer=None,
    today: dt.date | None = None,
) -> tuple[str, bytes, str | None]:
    """(file name, ZIP bytes, reason images are missing or None) of the chosen charts: PNG, SVG,
    CSV and XLSX each, and README.txt (vi + en) with the citation, as-of date, filters and
    definitions. Images are left out, with the reason in the README, where Chromium is missing.
    One renderer (one Chromium) serves every image of the bundle. Needs "export"."""
    authorize(actor, "export")

    names = reference_names(session, lang)
    exports = [prepare_chart(session, slug, filters, lang, actor=actor, today=today) for slug in slugs]
    reason: dict[str, str] | None = None
    problem = unavailable() if images else None
    if not images:
        reason = {"vi": "", "en": ""}
    elif problem:
        reason = {code: problem.message(code) for code in ("vi", "en")}
    renderer = renderer or (shared_renderer() if images and not problem else None)
    files: dict[str, bytes] = {}
    for e in exports:
        files[e.name("csv", names)] = e.csv()
        files[e.name("xlsx", names)] = e.xlsx()
        if reason is None:
            try:
                for fmt in ("png", "svg"):
                    files[e.name(fmt, names)] = e.image(fmt, size, renderer)
            except ImagesUnavailable as exc:
                reason = {code: exc.message(code) for code in ("vi", "en")}
    as_of = as_of_date(filters, today)
    sample = includes_sample(session, filters)
    filters_text = {code: describe(filters, code, filter_names(session, code)) for code in ("vi", "en")}
    ordered = sorted(files)
    images_reason = reason if reason and reason["vi"] else None
    readme = readme_text(
        exports, filters_text, as_of, sample, ordered, images_reason, partial=partial_year(filters, today)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", (BOM + readme).encode("utf-8"))
        for name in ordered:
            zf.writestr(name, files[name])
    name = file_name(t("export.slug.bundle", lang), filters, "zip", lang, names)
    return name, buffer.getvalue(), (reason[lang] if reason and reason[lang] else None)
