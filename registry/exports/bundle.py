"""Charts for the press, as bytes: one chart (a ``BuiltChart`` from registry/charts/pipeline.py
with its metadata, ``prepare_chart``) in one format (``chart_export``: PNG, SVG, CSV or XLSX), or a
ZIP of several with a README.txt in Vietnamese and English (``bundle_zip``). Nothing here builds a
chart: the figure, the table and the words are the pipeline's, as on the dashboard. A chart's data
needs "view" (it is what the chart shows); a bundle needs "export"."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlmodel import Session

from registry.charts.pipeline import BuiltChart, build_chart, chart_spec, chart_title
from registry.charts.specs import CHARTS, ChartSpec
from registry.charts.words import partial_year
from registry.exports.boards import source_name
from registry.exports.formats import (
    BOM,
    CHART_FORMATS,
    GENERAL_DEFINITIONS,
    Metadata,
    Table,
    as_of_date,
    chart_sheet,
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
from registry.exports.images import Frame, ImageRenderer, ImagesUnavailable, chart_image, shared_renderer, unavailable
from registry.i18n import fmt_date, t
from registry.permissions import Actor, authorize
from registry.queries.filters import Filters
from registry.queries.labels import Labels


# --------------------------------------------------------------------------- charts
def chart_specs() -> dict[str, ChartSpec]:
    """The dashboard's chart registry (registry.charts.CHARTS), keyed by ASCII slug."""
    return CHARTS


def chart_file_stem(slug: str) -> str:
    """The chart's part of a file name: its ASCII slug ("theo-linh-vuc")."""
    return slugify(slug) or "chart"


@dataclass(frozen=True)
class ChartExport:
    """One built chart and its metadata, ready to be written in each format."""

    chart: BuiltChart
    meta: Metadata
    filters: Filters

    def name(self, ext: str, names: Mapping[str, str] | None = None) -> str:
        return file_name(chart_file_stem(self.chart.slug), self.filters, ext, self.meta.lang, names)

    def table(self) -> Table:
        return chart_sheet(self.chart.table, self.meta.lang)

    def csv(self) -> bytes:
        return csv_bytes(self.table())

    def xlsx(self) -> bytes:
        return xlsx_bytes(self.table(), self.meta)

    def image(self, fmt: str, size: str = "landscape", renderer: ImageRenderer | None = None) -> bytes:
        frame = Frame(self.meta.as_of, self.meta.sample, self.meta.lang)
        return chart_image(self.chart.figure, fmt, frame, size, renderer)

    def render(self, fmt: str, size: str = "landscape", renderer: ImageRenderer | None = None) -> bytes:
        if fmt == "csv":
            return self.csv()
        if fmt == "xlsx":
            return self.xlsx()
        return self.image(fmt, size, renderer)


def prepare_chart(
    session: Session, slug: str, filters: Filters, lang: str = "vi", *, actor: Actor, today: dt.date | None = None
) -> ChartExport:
    """Chart ``slug`` for ``filters`` (registry/charts/pipeline.build_chart) with its metadata.
    Needs "view". ``today`` defaults to the real day."""
    authorize(actor, "view")
    chart_spec(slug)  # an unknown chart raises KeyError before anything is read
    today = today or dt.date.today()
    labels = Labels.load(session, lang)
    chart = build_chart(session, slug, filters, lang=lang, today=today, labels=labels)
    meta = metadata_for(session, filters, lang, chart.title, chart.finding, today, labels=labels, note_keys=chart.notes)
    return ChartExport(chart, meta, filters)


def chart_export(
    session: Session,
    slug: str,
    fmt: str,
    filters: Filters,
    lang: str = "vi",
    *,
    actor: Actor,
    size: str = "landscape",
    renderer: ImageRenderer | None = None,
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
            slug = e.chart.slug
            lines.append(f"- {chart_title(chart_spec(slug), lang)} ({slug})")
            lines += [f"  {t(key, lang)}" for key in e.chart.notes]
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
    renderer: ImageRenderer | None = None,
    today: dt.date | None = None,
) -> tuple[str, bytes, str | None]:
    """(file name, ZIP bytes, reason images are missing or None) of the chosen charts: PNG, SVG,
    CSV and XLSX each, and README.txt (vi + en) with the citation, as-of date, filters and
    definitions. Images are left out, with the reason in the README, where Chromium is missing.
    One renderer (one Chromium) serves every image of the bundle. Needs "export"."""
    authorize(actor, "export")
    today = today or dt.date.today()  # one day for every chart and the README
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
