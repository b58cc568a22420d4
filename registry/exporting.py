"""Exports for reporters and staff: pure functions that return bytes.

- ``csv_bytes``: UTF-8 with a BOM (Excel then reads Vietnamese correctly), CRLF rows.
- ``xlsx_bytes``: a data sheet and a metadata sheet (source, citation, as-of date, filters,
  definitions of each measure, data version).
- Every text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  neutralised with a leading apostrophe, so that no spreadsheet runs it as a formula; numbers stay
  numbers.
- ``file_name``: ASCII names that say what is inside, e.g. ``dvk_thanh-hoa_2021-2024_theo-linh-vuc.png``.
- ``chart_export`` / ``bundle_zip``: one chart in one format, or a ZIP of several charts (PNG, SVG,
  CSV, XLSX each, and a README.txt in Vietnamese and English with the citation).
- ``registry_csv`` / ``registry_xlsx``: the whole registry, filtered, read from SQL in chunks.

Roles are checked here as well as on the page: a chart's data needs "view" (it is what the chart
shows); the whole registry, bundles and reports need "export". Deleted records are never exported.
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping, Sequence

from sqlalchemy import select
from sqlmodel import Session

from registry import text
from registry.records import rollups
from registry.i18n import fmt_date, t
from registry.models import AdminUnit, Bloc, ModelExample, Programme, WorkField
from registry.queries.filters import Codes, Filters
from registry.queries.counts import count_by, record_conditions
from registry.permissions import Actor, authorize

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATA_FORMATS = ("csv", "xlsx")
CHART_FORMATS = ("png", "svg", "csv", "xlsx")
MAX_NAME = 120
PREFIX = "dvk"
CHUNK = 5000


# --------------------------------------------------------------------------- cells
def neutralise(value: Any) -> Any:
    """A cell value that no spreadsheet will evaluate: text starting with = + - @ tab or CR gets a
    leading apostrophe. Numbers, dates and booleans are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd
        return value is pd.NA or value is pd.NaT
    except Exception:  # noqa: BLE001
        return False


def _plain(value: Any) -> Any:
    """numpy scalars to Python, missing values to None, text to NFC."""
    if _is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (AttributeError, ValueError):
            pass
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def _csv_text(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(round(value, 10))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(neutralise(value))


# --------------------------------------------------------------------------- tables
@dataclass
class Table:
    """Column headings and rows of plain values: what every exporter writes."""

    columns: list[str]
    rows: list[list[Any]] | Iterable[list[Any]]

    @classmethod
    def from_frame(cls, df) -> "Table":
        columns = [str(c) for c in df.columns]
        rows = ([_plain(v) for v in row] for row in df.itertuples(index=False, name=None))
        return cls(columns, list(rows))


def _as_table(data) -> Table:
    if isinstance(data, Table):
        return data
    return Table.from_frame(data)


def csv_bytes(data) -> bytes:
    """A table (or a pandas DataFrame) as CSV: UTF-8 with BOM, comma-separated, CRLF rows,
    formula-like text neutralised."""
    table = _as_table(data)
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_text(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_text(v) for v in row])
    return buffer.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- metadata
@dataclass
class Metadata:
    """What a reader needs to cite and understand an export."""

    title: str
    as_of: dt.date
    filters_text: str
    data_version: int
    sample: bool
    lang: str = "vi"
    finding: str = ""
    definitions: list[tuple[str, str]] = field(default_factory=list)
    exported_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))

    @property
    def source(self) -> str:
        return t("export.source", self.lang)

    @property
    def citation(self) -> str:
        return t("export.citation", self.lang, date=fmt_date(self.as_of, self.lang))

    def rows(self) -> list[tuple[str, str]]:
        lang = self.lang
        out = [(t("export.meta.title", lang), self.title)]
        if self.finding and self.finding != self.title:
            out.append(("", self.finding))
        out += [
            (t("export.meta.source", lang), self.source),
            (t("export.meta.citation", lang), self.citation),
            (t("export.meta.as_of", lang), fmt_date(self.as_of, lang)),
            (t("export.meta.filters", lang), self.filters_text),
            (t("export.meta.sample", lang), t("export.meta.sample_yes" if self.sample else "export.meta.sample_no", lang)),
            (t("export.meta.data_version", lang), str(self.data_version)),
            (t("export.meta.exported_at", lang), self.exported_at.strftime("%d/%m/%Y %H:%M") if lang == "vi"
             else self.exported_at.isoformat(sep=" ")),
        ]
        return out


GENERAL_DEFINITIONS = ("export.def.records", "export.def.kind", "export.def.stage", "export.def.replication",
                       "export.def.unit", "export.def.year")


def definitions(lang: str) -> list[tuple[str, str]]:
    """The definition of every measure an export may hold (one line each)."""
    return [(t("export.meta.definitions", lang) if i == 0 else "", t(key, lang))
            for i, key in enumerate(GENERAL_DEFINITIONS)]


def as_of_date(filters: Filters, today: dt.date | None = None) -> dt.date:
    """The date the figures run to: the end of the period, or today if the period runs on."""
    today = today or dt.date.today()
    return min(filters.end, today)


def includes_sample(session: Session, filters: Filters, codes: Codes | None = None) -> bool:
    """True when sample rows are among the records the filters select."""
    if not filters.include_sample:
        return False
    return any(r[0] == 1 and r[1] for r in count_by(session, filters, ("is_sample",), codes))


def describe(filters: Filters, lang: str) -> str:
    """The filters in words, as every chart states them (registry.charts.describe_filters)."""
    try:
        from registry.charts import describe_filters
    except ImportError:  # the dashboard's charts module is not there yet
        return f"{fmt_date(filters.start, lang)} – {fmt_date(filters.end, lang)}"
    return html.unescape(describe_filters(filters, lang))  # plotly-escaped there; plain text here


def metadata_for(session: Session, filters: Filters, lang: str, title: str, finding: str = "",
                 today: dt.date | None = None) -> Metadata:
    return Metadata(title=title, finding=finding, as_of=as_of_date(filters, today), filters_text=describe(filters, lang),
                    data_version=rollups.data_version(session), sample=includes_sample(session, filters), lang=lang,
                    definitions=definitions(lang))


# --------------------------------------------------------------------------- XLSX
def xlsx_bytes(data, meta: Metadata, sheet: str | None = None, *, landscape: bool = True) -> bytes:
    """A workbook with the data sheet (header row frozen, filter, print settings) and a metadata
    sheet. Text goes in as text (never as a formula) and is neutralised; numbers stay numbers."""
    import xlsxwriter

    table = _as_table(data)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False})
    book.set_properties({"title": meta.title, "author": meta.source, "comments": meta.citation})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#EEEEEE", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    date_fmt = book.add_format({"num_format": "dd/mm/yyyy" if meta.lang == "vi" else "yyyy-mm-dd"})
    ws = book.add_worksheet(_sheet_name(sheet or t("export.meta.data_sheet", meta.lang)))
    widths = [min(max(len(c), 8), 50) for c in table.columns]
    for col, name in enumerate(table.columns):
        ws.write_string(0, col, str(neutralise(name)), bold)
    n_rows = 0
    for r, row in enumerate(table.rows, start=1):
        n_rows = r
        for col, value in enumerate(row):
            write_cell(ws, r, col, value, date_fmt)
            if isinstance(value, str) and col < len(widths):
                widths[col] = min(max(widths[col], len(value)), 50)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width + 2)
    ws.freeze_panes(1, 0)
    if table.columns:
        ws.autofilter(0, 0, max(n_rows, 1), len(table.columns) - 1)
    print_setup(ws, header_rows=(0, 0), landscape=landscape)
    ws.set_footer("&L" + _header_escape(meta.citation))
    meta_ws = book.add_worksheet(_sheet_name(t("export.meta.sheet", meta.lang)))
    meta_ws.write_string(0, 0, t("export.meta.item", meta.lang), bold)
    meta_ws.write_string(0, 1, t("export.meta.value", meta.lang), bold)
    r = 1
    for label, value in meta.rows() + list(meta.definitions or definitions(meta.lang)):
        meta_ws.write_string(r, 0, str(neutralise(label)), wrap)
        meta_ws.write_string(r, 1, str(neutralise(value)), wrap)
        r += 1
    meta_ws.set_column(0, 0, 28)
    meta_ws.set_column(1, 1, 100)
    print_setup(meta_ws, header_rows=(0, 0), landscape=landscape)
    book.close()
    return buffer.getvalue()


def write_cell(ws, row: int, col: int, value: Any, date_fmt=None, fmt=None) -> None:
    """One cell: numbers as numbers, dates as dates, text as neutralised text."""
    value = _plain(value)
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, value, fmt)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(row, col, value.replace(tzinfo=None), date_fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), date_fmt)
    else:
        ws.write_string(row, col, str(neutralise(str(value))), fmt)


def print_setup(ws, header_rows: tuple[int, int] | None = (0, 0), landscape: bool = True) -> None:
    """A4 landscape, fit to the page width, header rows repeated on every page."""
    if landscape:
        ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if header_rows is not None:
        ws.repeat_rows(*header_rows)


def _header_escape(value: str) -> str:
    return value.replace("&", "&&")[:240]


def _sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Sheet"


# --------------------------------------------------------------------------- file names
def slugify(value: str) -> str:
    """ASCII lower-case words joined by hyphens: "Theo lĩnh vực" → "theo-linh-vuc"."""
    folded = text.fold(value)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def period_slug(filters: Filters) -> str:
    start, end = filters.start, filters.end
    if filters.whole_years:
        return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"
    return f"{start:%Y%m%d}-{end:%Y%m%d}"


def filters_slug(filters: Filters, lang: str = "vi", names: Mapping[str, str] | None = None) -> str:
    """The scope and period part of a file name: "thanh-hoa_2021-2024" or, with a unit filter,
    "yen-dinh_2023"; field and kind filters add their names."""
    names = names or {}
    if filters.units:
        scope = "-".join(slugify(names.get(f"unit:{c}", c)) for c in filters.units[:3])
        if len(filters.units) > 3:
            scope += f"-va-{len(filters.units) - 3}" if lang == "vi" else f"-and-{len(filters.units) - 3}"
    else:
        scope = t("export.slug.province", lang)
    parts = [scope, period_slug(filters)]
    extra = [slugify(names.get(f"field:{c}", c)) for c in filters.fields]
    extra += [slugify(t(f"kind.{k}", lang).split("(")[-1].rstrip(")")) for k in filters.kinds]
    if extra:
        parts.append("-".join(extra))
    return "_".join(p for p in parts if p)


def file_name(what: str, filters: Filters, ext: str, lang: str = "vi", names: Mapping[str, str] | None = None) -> str:
    """ASCII file name that says what is inside: ``dvk_thanh-hoa_2021-2024_theo-linh-vuc.png``."""
    stem = "_".join(p for p in (PREFIX, filters_slug(filters, lang, names), slugify(what)) if p)
    stem = re.sub(r"[^A-Za-z0-9_.-]", "-", stem)[:MAX_NAME].rstrip("-_")
    return f"{stem}.{ext.lstrip('.').lower()}"


def reference_names(session: Session, lang: str = "vi") -> dict[str, str]:
    """"unit:<code>" and "field:<code>" → name, for file names and words."""
    name = "name_en" if lang == "en" else "name_vi"
    out = {f"unit:{c}": s for c, s in session.execute(select(AdminUnit.code, AdminUnit.short_name))}
    out.update({f"field:{c}": n for c, n in session.execute(select(WorkField.code, getattr(WorkField, name)))})
    return out


# --------------------------------------------------------------------------- charts
def chart_specs() -> dict:
    """The dashboard's chart registry (registry.charts.CHARTS), keyed by ASCII slug."""
    from registry.charts import CHARTS
    return CHARTS


def chart_title(spec, lang: str) -> str:
    try:
        return t(spec.title_key, lang)
    except (KeyError, IndexError):
        return spec.slug


def chart_file_stem(spec, lang: str) -> str:
    """The chart's part of a file name: its ASCII slug ("theo-linh-vuc")."""
    return slugify(spec.slug) or "chart"


# Columns a chart's frame holds only to draw it (colours, tile positions, short labels).
PRESENTATION_COLUMNS = ("colour", "col", "row", "short", "lat", "lon")


def chart_table(frame, lang: str = "vi") -> Table:
    """A chart's numbers exactly as plotted, with headings in ``lang`` and without the columns
    that only place or colour the marks."""
    keep = [c for c in frame.columns if c not in PRESENTATION_COLUMNS]
    table = Table.from_frame(frame[keep])
    from registry.i18n import catalog
    table.columns = [t(f"export.colname.{c}", lang) if f"export.colname.{c}" in catalog() else str(c) for c in keep]
    return table


@dataclass
class ChartExport:
    """One chart's data and figure for one set of filters."""

    spec: Any
    frame: Any  # pandas DataFrame, exactly as plotted
    figure: Any
    meta: Metadata
    filters: Filters

    def name(self, ext: str, names: Mapping[str, str] | None = None) -> str:
        return file_name(chart_file_stem(self.spec, self.meta.lang), self.filters, ext, self.meta.lang, names)

    def table(self) -> Table:
        return chart_table(self.frame, self.meta.lang)

    def csv(self) -> bytes:
        return csv_bytes(self.table())

    def xlsx(self) -> bytes:
        return xlsx_bytes(self.table(), self.meta)

    def image(self, fmt: str, size: str = "landscape", renderer=None) -> bytes:
        from registry.images import Frame, chart_image
        return chart_image(self.figure, fmt, Frame(self.meta.as_of, self.meta.sample, self.meta.lang), size, renderer)

    def render(self, fmt: str, size: str = "landscape", renderer=None) -> bytes:
        if fmt == "csv":
            return self.csv()
        if fmt == "xlsx":
            return self.xlsx()
        return self.image(fmt, size, renderer)


def prepare_chart(session: Session, slug: str, filters: Filters, lang: str = "vi", actor: Actor | None = None,
                  today: dt.date | None = None) -> ChartExport:
    """The data and figure of chart ``slug`` for ``filters``, with its metadata. Needs "view"."""
    if actor is not None:
        authorize(actor, "view")
    specs = chart_specs()
    if slug not in specs:
        raise KeyError(slug)
    spec = specs[slug]
    frame = spec.data(session, filters, lang)
    figure = spec.figure(frame, filters, lang)
    finding = _figure_title(figure)
    meta = metadata_for(session, filters, lang, chart_title(spec, lang), finding, today)
    return ChartExport(spec, frame, figure, meta, filters)


def _figure_title(figure) -> str:
    try:
        value = figure.layout.title.text or ""
    except AttributeError:
        return ""
    return re.sub(r"<[^>]+>", " ", value).strip()


def chart_export(session: Session, slug: str, fmt: str, filters: Filters, lang: str = "vi",
                 actor: Actor | None = None, size: str = "landscape", renderer=None,
                 today: dt.date | None = None) -> tuple[str, bytes]:
    """(file name, bytes) of chart ``slug`` as png, svg, csv or xlsx."""
    if fmt not in CHART_FORMATS:
        raise ValueError(fmt)
    export = prepare_chart(session, slug, filters, lang, actor, today)
    names = reference_names(session, lang)
    return export.name(fmt, names), export.render(fmt, size, renderer)


def readme_text(exports: Sequence[ChartExport], filters_text: dict[str, str], as_of: dt.date, sample: bool,
                files: Sequence[str], images_reason: dict[str, str] | None = None) -> str:
    """README.txt of a bundle: Vietnamese first, then English."""
    blocks = []
    for lang in ("vi", "en"):
        lines = [t("export.readme.title", lang), "=" * len(t("export.readme.title", lang)), "",
                 t("export.citation", lang, date=fmt_date(as_of, lang)), "",
                 f"{t('export.meta.as_of', lang)}: {fmt_date(as_of, lang)}",
                 f"{t('export.meta.filters', lang)}: {filters_text[lang]}"]
        if sample:
            lines.append(t("export.readme.sample", lang))
        lines += ["", t("export.readme.files", lang)]
        if images_reason:
            lines.append(t("export.readme.no_images", lang, reason=images_reason[lang]))
        lines += ["", f"{t('export.readme.charts', lang)}:"]
        for e in exports:
            title = chart_title(e.spec, lang)
            lines.append(f"- {title} ({e.spec.slug})")
        lines += ["", f"{t('export.meta.definitions', lang)}:"]
        lines += [f"- {t(key, lang)}" for key in GENERAL_DEFINITIONS]
        blocks.append("\n".join(lines))
    listing = "\n".join(f"  {name}" for name in files)
    return ("\n\n" + "-" * 72 + "\n\n").join(blocks) + "\n\n" + "-" * 72 + "\n\n" + listing + "\n"


def bundle_zip(session: Session, slugs: Sequence[str], filters: Filters, lang: str = "vi",
               actor: Actor | None = None, *, images: bool = True, size: str = "landscape", renderer=None,
               today: dt.date | None = None) -> tuple[str, bytes, str | None]:
    """(file name, ZIP bytes, reason images are missing or None) of the chosen charts: PNG, SVG,
    CSV and XLSX each, and README.txt (vi + en) with the citation, as-of date, filters and
    definitions. Images are left out, with the reason in the README, where Chromium is missing.
    One renderer (one Chromium) serves every image of the bundle. Needs "export"."""
    if actor is not None:
        authorize(actor, "export")
    from registry.images import ImagesUnavailable, shared_renderer, unavailable

    names = reference_names(session, lang)
    exports = [prepare_chart(session, slug, filters, lang, None, today) for slug in slugs]
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
    filters_text = {code: describe(filters, code) for code in ("vi", "en")}
    ordered = sorted(files)
    readme = readme_text(exports, filters_text, as_of, sample, ordered,
                         reason if reason and reason["vi"] else None)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", (BOM + readme).encode("utf-8"))
        for name in ordered:
            zf.writestr(name, files[name])
    name = file_name(t("export.slug.bundle", lang), filters, "zip", lang, names)
    return name, buffer.getvalue(), (reason[lang] if reason and reason[lang] else None)


# --------------------------------------------------------------------------- the whole registry
REGISTRY_COLUMNS = ("id", "unit_code", "unit", "commune", "field", "bloc", "programme", "kind", "title", "holder",
                    "locality", "registered_on", "year", "stage", "effective_on", "recognised_on", "outstanding_on",
                    "awarded_on", "recognition_level", "replicated_from", "origin", "beneficiaries", "funds_vnd",
                    "results", "description", "is_sample", "updated_at")
ADMIN_COLUMNS = ("created_by", "updated_by")


def registry_columns(actor: Actor) -> tuple[str, ...]:
    return REGISTRY_COLUMNS + (ADMIN_COLUMNS if actor.role == "admin" else ())


def registry_table(session: Session, filters: Filters, actor: Actor, lang: str = "vi") -> Table:
    """The filtered live records as a table (headings in ``lang``), read in chunks from SQL.
    Needs "export"; staff user names only for admins."""
    authorize(actor, "export")
    columns = registry_columns(actor)
    return Table([t(f"export.col.{c}", lang) for c in columns], _registry_rows(session, filters, columns, lang))


def _registry_rows(session: Session, filters: Filters, columns: Sequence[str], lang: str) -> Iterator[list]:
    codes = Codes.load(session)
    name = "name_en" if lang == "en" else "name_vi"
    ex = ModelExample.__table__
    unit = AdminUnit.__table__.alias("unit")
    commune = AdminUnit.__table__.alias("commune")
    wf, bl, pr = WorkField.__table__, Bloc.__table__, Programme.__table__
    stmt = (select(ex, unit.c.code.label("unit_code_"), unit.c.name.label("unit_name_"),
                   commune.c.name.label("commune_name_"), wf.c[name].label("field_name_"), bl.c[name].label("bloc_name_"),
                   pr.c[name].label("programme_name_"))
            .select_from(ex.join(unit, unit.c.id == ex.c.unit_id).outerjoin(commune, commune.c.id == ex.c.commune_id)
                         .join(wf, wf.c.id == ex.c.field_id).join(bl, bl.c.id == ex.c.bloc_id)
                         .outerjoin(pr, pr.c.id == ex.c.programme_id))
            .where(*record_conditions(ex, filters, codes)).order_by(ex.c.registered_on, ex.c.id))
    kinds = {k: t(f"kind.{k}", lang) for k in ("collective", "individual")}
    yes, no = t("export.yes", lang), t("export.no", lang)
    result = session.execute(stmt.execution_options(yield_per=CHUNK))
    for r in result.mappings():
        values = {
            "id": r["id"], "unit_code": r["unit_code_"], "unit": r["unit_name_"], "commune": r["commune_name_"],
            "field": r["field_name_"], "bloc": r["bloc_name_"], "programme": r["programme_name_"],
            "kind": kinds.get(r["kind"], r["kind"]), "title": r["title"], "holder": r["holder_name"],
            "locality": r["locality"], "registered_on": r["registered_on"], "year": r["year"],
            "stage": t(f"stage.{r['stage']}", lang) if r["stage"] else "", "effective_on": r["effective_on"],
            "recognised_on": r["recognised_on"], "outstanding_on": r["outstanding_on"], "awarded_on": r["awarded_on"],
            "recognition_level": t(f"level.{r['recognition_level']}", lang) if r["recognition_level"] else None,
            "replicated_from": r["replicated_from_id"], "origin": r["origin_id"], "beneficiaries": r["beneficiaries"],
            "funds_vnd": r["funds_vnd"], "results": r["results"], "description": r["description"],
            "is_sample": yes if r["is_sample"] else no, "updated_at": _naive(r["updated_at"]),
            "created_by": r["created_by"], "updated_by": r["updated_by"],
        }
        yield [values[c] for c in columns]


def _naive(value):
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    return value


def registry_csv(session: Session, filters: Filters, actor: Actor, lang: str = "vi") -> tuple[str, bytes]:
    """(file name, CSV bytes) of the filtered registry. Needs "export"."""
    table = registry_table(session, filters, actor, lang)
    names = reference_names(session, lang)
    return file_name(t("export.slug.registry", lang), filters, "csv", lang, names), csv_bytes(table)


def registry_xlsx(session: Session, filters: Filters, actor: Actor, lang: str = "vi",
                  today: dt.date | None = None) -> tuple[str, bytes]:
    """(file name, XLSX bytes) of the filtered registry with its metadata sheet. Needs "export"."""
    table = registry_table(session, filters, actor, lang)
    meta = metadata_for(session, filters, lang, t("export.slug.registry", lang), today=today)
    meta.title = t("export.source", lang)
    names = reference_names(session, lang)
    return file_name(t("export.slug.registry", lang), filters, "xlsx", lang, names), xlsx_bytes(table, meta)
