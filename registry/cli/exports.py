"""Exports: ``export``, ``check-published`` and ``report``.

    python -m registry export --list
    python -m registry export --chart NAME --format png|svg|csv|xlsx --out PATH [filters]
    python -m registry export --bundle --out PATH.zip [filters]
    python -m registry export --registry --format csv|xlsx --out PATH [filters]
    python -m registry check-published [--tolerance 0.02|2%]
    python -m registry report --from DATE --until DATE --out FILE.xlsx|FILE.docx [--unit CODE]

Filters are the dashboard's (registry.cli.filters), with --sample/--no-sample and --lang.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import cast

import typer

from registry.cli.app import UserError, fail, ready_engine, set_lang
from registry.cli.filters import FILTER_HELP, FILTERS, FilterValues, build_filters, filter_options, split_values
from registry.db import read_session
from registry.exports import bundle as chart_bundle
from registry.exports import formats, images, published
from registry.exports import records as registry_export
from registry.exports.party_report import party_report_docx
from registry.exports.report import report_xlsx
from registry.exports.reported import against_reports
from registry.i18n import fmt_int, fmt_pct, t
from registry.permissions import SYSTEM


def _out_path(out: str | None, suffixes: tuple[str, ...]) -> Path:
    if not out:
        fail("export.cli.out_required", 2)
    path = Path(out)
    if path.suffix.lower() not in suffixes:
        fail("export.cli.bad_suffix", 2, path=out, suffixes=", ".join(suffixes))
    if not path.parent.exists():
        fail("export.cli.no_folder", 2, path=str(path.parent))
    return path


@filter_options()
def export(
    chart: str | None = typer.Option(None, "--chart", help="Tên biểu đồ (xem --list)."),
    fmt: str | None = typer.Option(None, "--format", help="png, svg, csv hoặc xlsx."),
    out: str | None = typer.Option(None, "--out", help="Tệp cần ghi."),
    bundle: bool = typer.Option(False, "--bundle", help="Một tệp ZIP gồm mọi biểu đồ (hoặc các --chart đã chọn)."),
    whole: bool = typer.Option(False, "--registry", help="Toàn bộ sổ đăng ký đã lọc (csv hoặc xlsx)."),
    list_: bool = typer.Option(False, "--list", help="Liệt kê tên các biểu đồ."),
    size: str = typer.Option("landscape", "--size", help="Cỡ ảnh: landscape (1200×675) hoặc square (1080×1080)."),
    filters: FilterValues = FILTERS,
    out_lang: str | None = typer.Option(None, "--lang", help=FILTER_HELP["lang"]),
) -> None:
    """Xuất biểu đồ (PNG, SVG), số liệu (CSV, XLSX), gói ZIP, hoặc toàn bộ sổ đăng ký đã lọc."""
    language = set_lang(out_lang)
    if size not in images.SIZES:
        fail("cli.bad_choice", 2, value=size, option="--size", choices=", ".join(images.SIZES))
    if sum(bool(x) for x in (list_, bundle, whole)) > 1:
        fail("export.cli.one_mode", 2)
    if list_:
        specs = _specs()
        for slug, spec in specs.items():
            typer.echo(f"{slug}\t{chart_bundle.chart_title(spec, language)}")
        return
    charts = split_values([chart] if chart else [])
    if bundle:
        path = _out_path(out, (".zip",))
    elif whole:
        if fmt not in formats.DATA_FORMATS:
            fail("cli.bad_choice", 2, value=fmt or "", option="--format", choices=", ".join(formats.DATA_FORMATS))
        path = _out_path(out, (f".{fmt}",))
    else:
        if not charts:
            fail("export.cli.chart_required", 2)
        if fmt is None or fmt not in formats.CHART_FORMATS:
            fail("cli.bad_choice", 2, value=fmt or "", option="--format", choices=", ".join(formats.CHART_FORMATS))
        path = _out_path(out, (f".{fmt}",))
    if charts:
        specs = _specs()
        for slug in charts:
            if slug not in specs:
                fail("cli.bad_choice", 2, value=slug, option="--chart", choices=", ".join(specs))
    eng = ready_engine()
    with read_session(eng) as session:
        chosen = build_filters(session, filters)
        if bundle:
            slugs = charts or list(_specs())
            start = time.perf_counter()
            try:
                _, data, reason = chart_bundle.bundle_zip(session, slugs, chosen, language, actor=SYSTEM, size=size)
            finally:
                images.close_shared()
            path.write_bytes(data)
            if reason:
                typer.echo(t("export.cli.no_images", language, reason=reason), err=True)
            typer.echo(
                t(
                    "export.cli.bundle_done",
                    language,
                    path=str(path),
                    n=len(slugs),
                    seconds=f"{time.perf_counter() - start:.1f}",
                )
            )
            return
        if whole:
            make = registry_export.registry_csv if fmt == "csv" else registry_export.registry_xlsx
            _, data = make(session, chosen, SYSTEM, language)
            path.write_bytes(data)
            typer.echo(t("export.cli.done", language, path=str(path), size=len(data)))
            return
        if fmt in images.FORMATS:
            problem = images.unavailable()
            if problem:
                raise UserError(problem.message(language), 1)
        try:
            chart_format = cast(str, fmt)  # one of CHART_FORMATS, checked above
            _, data = chart_bundle.chart_export(
                session, charts[0], chart_format, chosen, language, actor=SYSTEM, size=size
            )
        except images.ImagesUnavailable as exc:
            raise UserError(exc.message(language), 1) from exc
        finally:
            images.close_shared()
    path.write_bytes(data)
    typer.echo(t("export.cli.done", language, path=str(path), size=len(data)))


def check_published(
    tolerance: str | None = typer.Option(
        None, "--tolerance", help="Ngưỡng chênh lệch cho phép, phần của số công bố: 0.02 hoặc 2% (mặc định 2%)."
    ),
    out_lang: str | None = typer.Option(None, "--lang", help=FILTER_HELP["lang"]),
) -> None:
    """Đối chiếu số liệu tỉnh đã công bố với sổ đăng ký đếm đến cùng ngày; thoát mã 1 nếu chênh lệch vượt ngưỡng."""
    language = set_lang(out_lang)
    try:
        tol = published.parse_tolerance(tolerance)
    except ValueError:
        fail("export.cli.bad_tolerance", 2, value=tolerance)
    with read_session(ready_engine()) as session:
        compared = against_reports(session, published.check(session, tol, actor=SYSTEM))
        rows = [c.row for c in compared]
        for c in compared:
            r = c.row
            label = published.measure_label(r.measure, language, session)
            scope = published.scope_label(r.scope, language, session)
            registry = fmt_int(r.registry, language) if r.registry is not None else "–"
            records = fmt_int(c.records, language) if c.records is not None else "–"
            gap = f"{r.gap:+d}".replace("+", "+") if r.gap is not None else "–"
            rel = fmt_pct(r.relative_gap, language, 1) if r.relative_gap is not None else "–"
            typer.echo(
                f"{r.period_until.isoformat()}\t{scope}\t{label}\t{fmt_int(r.published, language)}\t"
                f"{registry}\t{gap}\t{rel}\t{t('published.status.' + r.status(), language)}\t"
                f"{t('report.source.' + c.source, language)}\t{records}"
            )
    tol_text = fmt_pct(tol, language, 1)
    if not rows:
        typer.echo(t("published.none", language))
        return
    if published.has_gaps(rows):
        n = sum(1 for r in rows if r.within is False)
        typer.echo(t("published.some_gaps", language, n=n, tolerance=tol_text), err=True)
        raise typer.Exit(1)
    typer.echo(t("published.all_ok", language, tolerance=tol_text))


def report(
    date_from: str = typer.Option(..., "--from", help="Từ ngày (YYYY-MM-DD hoặc DD/MM/YYYY) hoặc năm."),
    date_until: str = typer.Option(..., "--until", help="Đến ngày (YYYY-MM-DD hoặc DD/MM/YYYY) hoặc năm."),
    out: str = typer.Option(..., "--out", help="Tệp XLSX (bảng tính) hoặc DOCX (báo cáo Word) cần ghi."),
    unit: list[str] | None = typer.Option(None, "--unit", help=FILTER_HELP["unit"]),
    view: str = typer.Option("then", "--view", help=FILTER_HELP["view"]),
    tolerance: str | None = typer.Option(None, "--tolerance", help="Ngưỡng của trang đối chiếu số công bố."),
    out_lang: str | None = typer.Option(None, "--lang", help=FILTER_HELP["lang"]),
) -> None:
    """Báo cáo định kỳ gửi Ban Thường vụ (XLSX): đơn vị × lĩnh vực, giai đoạn, tập thể/cá nhân, nhân rộng,
    chương trình, đối chiếu số công bố, mô hình mới tiêu biểu."""
    language = set_lang(out_lang)
    path = _out_path(out, (".xlsx", ".docx"))
    try:
        tol = published.parse_tolerance(tolerance)
    except ValueError:
        fail("export.cli.bad_tolerance", 2, value=tolerance)
    with read_session(ready_engine()) as session:
        filters = build_filters(session, FilterValues(date_from, date_until, view, {"unit": unit}))
        if path.suffix.lower() == ".docx":  # the report to sign, in the Party's format
            try:
                data = party_report_docx(session, filters, language, actor=SYSTEM)
            finally:
                images.close_shared()
        else:
            data = report_xlsx(session, filters, language, actor=SYSTEM, tolerance=tol)
    path.write_bytes(data)
    typer.echo(t("export.cli.done", language, path=str(path), size=len(data)))


def _specs() -> dict:
    return chart_bundle.chart_specs()


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("check-published")(check_published)
    app.command("report")(report)
