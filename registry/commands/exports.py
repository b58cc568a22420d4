"""CLI of the exports issue: ``export``, ``check-published`` and ``report``.

    python -m registry export --list
    python -m registry export --chart NAME --format png|svg|csv|xlsx --out PATH [filters]
    python -m registry export --bundle --out PATH.zip [filters]
    python -m registry export --registry --format csv|xlsx --out PATH [filters]
    python -m registry check-published [--tolerance 0.02|2%]
    python -m registry report --from DATE --until DATE --out FILE.xlsx

Filters are the dashboard's: --from/--until (a year or a date), --field, --unit, --kind, --bloc,
--stage, --programme (each repeatable or comma-separated), --view, --sample/--no-sample, --lang.
Every value is checked: a bad one prints one line and exits 2.
"""
from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import List, Optional

import typer

from registry import text
from registry.cli import STATE, UserError, fail, lang, parse_date, ready_engine
from registry.i18n import LANGS, t

FILTER_HELP = {
    "from": "Từ năm (2021) hoặc ngày (YYYY-MM-DD, DD/MM/YYYY).",
    "until": "Đến năm (2024) hoặc ngày (YYYY-MM-DD, DD/MM/YYYY).",
    "field": "Lĩnh vực (mã hoặc tên), lặp lại hoặc ngăn bằng dấu phẩy.",
    "unit": "Đơn vị (mã hoặc tên), lặp lại hoặc ngăn bằng dấu phẩy.",
    "kind": "Loại: collective, individual.",
    "bloc": "Khối (mã hoặc tên).",
    "stage": "Giai đoạn: registered, effective, recognised, outstanding, awarded.",
    "programme": "Chương trình (mã hoặc tên).",
    "view": "Cách tính đơn vị: then, districts-2025, new-units.",
    "lang": "Ngôn ngữ của tệp xuất: vi hoặc en.",
}


def _split(values: Optional[List[str]]) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out += [text.canonical(v) for v in value.split(",") if v.strip()]
    return out


def _bound(value: Optional[str], option: str, end: bool) -> tuple[int | None, dt.date | None]:
    if value is None:
        return None, None
    raw = value.strip()
    if len(raw) == 4 and raw.isdigit():
        year = int(raw)
        if not 2009 <= year <= 2100:
            fail("cli.bad_date", 2, value=value)
        return year, None
    day = parse_date(raw, option)
    return day.year, day


def _resolve(kind: str, values: list[str], option: str, index: dict[str, str], choices: list[str]) -> tuple[str, ...]:
    out = []
    for value in values:
        code = index.get(value.lower()) or index.get(text.name_key(value))
        if code is None:
            fail("cli.bad_choice", 2, value=value, option=option, choices=", ".join(choices))
        if code not in out:
            out.append(code)
    return tuple(out)


def _index(rows) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, *names in rows:
        out[code.lower()] = code
        for name in names:
            if name:
                out.setdefault(text.name_key(name), code)
    return out


def build_filters(session, *, date_from, date_until, field, unit, kind, bloc, stage, programme, view,
                  sample: bool = True, default_years=None):
    """Filters from CLI values, each checked (one line, exit 2 on a bad one)."""
    from sqlalchemy import select

    from registry.models import KINDS, STAGES, VIEWS, AdminUnit, Bloc, Programme, WorkField
    from registry.queries import DEFAULT_YEARS, Filters

    if view not in VIEWS:
        fail("cli.bad_choice", 2, value=view, option="--view", choices=", ".join(VIEWS))
    y_from, d_from = _bound(date_from, "--from", False)
    y_until, d_until = _bound(date_until, "--until", True)
    years = default_years or DEFAULT_YEARS
    changes = dict(year_from=y_from or (d_from.year if d_from else years[0]),
                   year_until=y_until or (d_until.year if d_until else years[1]),
                   date_from=d_from if d_from and (d_from.month, d_from.day) != (1, 1) else None,
                   date_until=d_until if d_until and (d_until.month, d_until.day) != (12, 31) else None)
    fields = session.execute(select(WorkField.code, WorkField.name_vi, WorkField.name_en)).all()
    blocs = session.execute(select(Bloc.code, Bloc.name_vi, Bloc.name_en)).all()
    programmes = session.execute(select(Programme.code, Programme.name_vi, Programme.name_en)).all()
    units = session.execute(select(AdminUnit.code, AdminUnit.name, AdminUnit.short_name)
                            .where(AdminUnit.level.in_(("province", "district")) | (AdminUnit.valid_from >= dt.date(2025, 7, 1)))).all()
    kinds_index = {k: k for k in KINDS}
    kinds_index.update({"mo hinh": "collective", "tap the": "collective", "dien hinh": "individual",
                        "ca nhan": "individual", "mohinh": "collective", "tapthe": "collective",
                        "dienhinh": "individual", "canhan": "individual"})
    filters = Filters(
        **changes,
        fields=_resolve("fields", _split(field), "--field", _index(fields), [r[0] for r in fields]),
        units=_resolve("units", _split(unit), "--unit", _index(units), ["38", "380", "…", "407"]),
        kinds=_resolve("kinds", _split(kind), "--kind", kinds_index, list(KINDS)),
        blocs=_resolve("blocs", _split(bloc), "--bloc", _index(blocs), [r[0] for r in blocs]),
        stages=_resolve("stages", _split(stage), "--stage", {s: s for s in STAGES}, list(STAGES)),
        programmes=_resolve("programmes", _split(programme), "--programme", _index(programmes),
                            [r[0] for r in programmes]),
        include_sample=sample, view=view)
    if filters.start > filters.end:
        fail("cli.bad_range", 2, start=filters.start.isoformat(), end=filters.end.isoformat())
    return filters


def _out_path(out: Optional[str], suffixes: tuple[str, ...]) -> Path:
    if not out:
        fail("export.cli.out_required", 2)
    path = Path(out)
    if path.suffix.lower() not in suffixes:
        fail("export.cli.bad_suffix", 2, path=out, suffixes=", ".join(suffixes))
    if not path.parent.exists():
        fail("export.cli.no_folder", 2, path=str(path.parent))
    return path


def _set_lang(value: Optional[str]) -> str:
    if value is None:
        return lang()
    if value not in LANGS:
        fail("cli.bad_choice", 2, value=value, option="--lang", choices=", ".join(LANGS))
    STATE["lang"] = value
    return value


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export(
        chart: Optional[str] = typer.Option(None, "--chart", help="Tên biểu đồ (xem --list)."),
        fmt: Optional[str] = typer.Option(None, "--format", help="png, svg, csv hoặc xlsx."),
        out: Optional[str] = typer.Option(None, "--out", help="Tệp cần ghi."),
        bundle: bool = typer.Option(False, "--bundle", help="Một tệp ZIP gồm mọi biểu đồ (hoặc các --chart đã chọn)."),
        whole: bool = typer.Option(False, "--registry", help="Toàn bộ sổ đăng ký đã lọc (csv hoặc xlsx)."),
        list_: bool = typer.Option(False, "--list", help="Liệt kê tên các biểu đồ."),
        size: str = typer.Option("landscape", "--size", help="Cỡ ảnh: landscape (1200×675) hoặc square (1080×1080)."),
        date_from: Optional[str] = typer.Option(None, "--from", help=FILTER_HELP["from"]),
        date_until: Optional[str] = typer.Option(None, "--until", help=FILTER_HELP["until"]),
        field: Optional[List[str]] = typer.Option(None, "--field", help=FILTER_HELP["field"]),
        unit: Optional[List[str]] = typer.Option(None, "--unit", help=FILTER_HELP["unit"]),
        kind: Optional[List[str]] = typer.Option(None, "--kind", help=FILTER_HELP["kind"]),
        bloc: Optional[List[str]] = typer.Option(None, "--bloc", help=FILTER_HELP["bloc"]),
        stage: Optional[List[str]] = typer.Option(None, "--stage", help=FILTER_HELP["stage"]),
        programme: Optional[List[str]] = typer.Option(None, "--programme", help=FILTER_HELP["programme"]),
        view: str = typer.Option("then", "--view", help=FILTER_HELP["view"]),
        sample: bool = typer.Option(True, "--sample/--no-sample", help="Tính cả dữ liệu mẫu hay không."),
        out_lang: Optional[str] = typer.Option(None, "--lang", help=FILTER_HELP["lang"]),
    ) -> None:
        """Xuất biểu đồ (PNG, SVG), số liệu (CSV, XLSX), gói ZIP, hoặc toàn bộ sổ đăng ký đã lọc."""
        from registry import exporting, images
        from registry.db import read_session
        from registry.permissions import SYSTEM

        language = _set_lang(out_lang)
        if size not in images.SIZES:
            fail("cli.bad_choice", 2, value=size, option="--size", choices=", ".join(images.SIZES))
        if sum(bool(x) for x in (list_, bundle, whole)) > 1:
            fail("export.cli.one_mode", 2)
        if list_:
            specs = _specs()
            for slug, spec in specs.items():
                typer.echo(f"{slug}\t{exporting.chart_title(spec, language)}")
            return
        charts = _split([chart] if chart else [])
        if bundle:
            path = _out_path(out, (".zip",))
        elif whole:
            if fmt not in exporting.DATA_FORMATS:
                fail("cli.bad_choice", 2, value=fmt or "", option="--format", choices=", ".join(exporting.DATA_FORMATS))
            path = _out_path(out, (f".{fmt}",))
        else:
            if not charts:
                fail("export.cli.chart_required", 2)
            if fmt not in exporting.CHART_FORMATS:
                fail("cli.bad_choice", 2, value=fmt or "", option="--format", choices=", ".join(exporting.CHART_FORMATS))
            path = _out_path(out, (f".{fmt}",))
        if charts:
            specs = _specs()
            for slug in charts:
                if slug not in specs:
                    fail("cli.bad_choice", 2, value=slug, option="--chart", choices=", ".join(specs))
        eng = ready_engine()
        with read_session(eng) as session:
            filters = build_filters(session, date_from=date_from, date_until=date_until, field=field, unit=unit,
                                    kind=kind, bloc=bloc, stage=stage, programme=programme, view=view, sample=sample)
            if bundle:
                slugs = charts or list(_specs())
                start = time.perf_counter()
                try:
                    _, data, reason = exporting.bundle_zip(session, slugs, filters, language, SYSTEM, size=size)
                finally:
                    images.close_shared()
                path.write_bytes(data)
                if reason:
                    typer.echo(t("export.cli.no_images", language, reason=reason), err=True)
                typer.echo(t("export.cli.bundle_done", language, path=str(path), n=len(slugs),
                             seconds=f"{time.perf_counter() - start:.1f}"))
                return
            if whole:
                make = exporting.registry_csv if fmt == "csv" else exporting.registry_xlsx
                _, data = make(session, filters, SYSTEM, language)
                path.write_bytes(data)
                typer.echo(t("export.cli.done", language, path=str(path), size=len(data)))
                return
            if fmt in images.FORMATS:
                problem = images.unavailable()
                if problem:
                    raise UserError(problem.message(language), 1)
            try:
                _, data = exporting.chart_export(session, charts[0], fmt, filters, language, SYSTEM, size=size)
            except images.ImagesUnavailable as exc:
                raise UserError(exc.message(language), 1) from exc
            finally:
                images.close_shared()
        path.write_bytes(data)
        typer.echo(t("export.cli.done", language, path=str(path), size=len(data)))

    @app.command("check-published")
    def check_published(
        tolerance: Optional[str] = typer.Option(None, "--tolerance",
                                                help="Ngưỡng chênh lệch cho phép, phần của số công bố: 0.02 hoặc 2% "
                                                     "(mặc định 2%)."),
        out_lang: Optional[str] = typer.Option(None, "--lang", help=FILTER_HELP["lang"]),
    ) -> None:
        """Đối chiếu số liệu tỉnh đã công bố với sổ đăng ký đếm đến cùng ngày; thoát mã 1 nếu chênh lệch vượt ngưỡng."""
        from registry.exports import published
        from registry.db import read_session
        from registry.i18n import fmt_int, fmt_pct

        language = _set_lang(out_lang)
        try:
            tol = published.parse_tolerance(tolerance)
        except ValueError:
            fail("export.cli.bad_tolerance", 2, value=tolerance)
        with read_session(ready_engine()) as session:
            rows = published.check(session, tol)
            for r in rows:
                label = published.measure_label(r.measure, language, session)
                scope = published.scope_label(r.scope, language, session)
                registry = fmt_int(r.registry, language) if r.registry is not None else "–"
                gap = (f"{r.gap:+d}".replace("+", "+") if r.gap is not None else "–")
                rel = fmt_pct(r.relative_gap, language, 1) if r.relative_gap is not None else "–"
                typer.echo(f"{r.period_until.isoformat()}\t{scope}\t{label}\t{fmt_int(r.published, language)}\t"
                           f"{registry}\t{gap}\t{rel}\t{t('published.status.' + r.status(), language)}")
        tol_text = fmt_pct(tol, language, 1)
        if not rows:
            typer.echo(t("published.none", language))
            return
        if published.has_gaps(rows):
            n = sum(1 for r in rows if r.within is False)
            typer.echo(t("published.some_gaps", language, n=n, tolerance=tol_text), err=True)
            raise typer.Exit(1)
        typer.echo(t("published.all_ok", language, tolerance=tol_text))

    @app.command("report")
    def report(
        date_from: str = typer.Option(..., "--from", help="Từ ngày (YYYY-MM-DD hoặc DD/MM/YYYY) hoặc năm."),
        date_until: str = typer.Option(..., "--until", help="Đến ngày (YYYY-MM-DD hoặc DD/MM/YYYY) hoặc năm."),
        out: str = typer.Option(..., "--out", help="Tệp XLSX cần ghi."),
        view: str = typer.Option("then", "--view", help=FILTER_HELP["view"]),
        tolerance: Optional[str] = typer.Option(None, "--tolerance", help="Ngưỡng của trang đối chiếu số công bố."),
        out_lang: Optional[str] = typer.Option(None, "--lang", help=FILTER_HELP["lang"]),
    ) -> None:
        """Báo cáo định kỳ gửi Ban Thường vụ (XLSX): đơn vị × lĩnh vực, giai đoạn, tập thể/cá nhân, nhân rộng,
        chương trình, đối chiếu số công bố, mô hình mới tiêu biểu."""
        from registry.exports import published
        from registry.db import read_session
        from registry.report import report_xlsx
        from registry.permissions import SYSTEM

        language = _set_lang(out_lang)
        path = _out_path(out, (".xlsx",))
        try:
            tol = published.parse_tolerance(tolerance)
        except ValueError:
            fail("export.cli.bad_tolerance", 2, value=tolerance)
        with read_session(ready_engine()) as session:
            filters = build_filters(session, date_from=date_from, date_until=date_until, field=None, unit=None,
                                    kind=None, bloc=None, stage=None, programme=None, view=view)
            data = report_xlsx(session, filters, language, SYSTEM, tol)
        path.write_bytes(data)
        typer.echo(t("export.cli.done", language, path=str(path), size=len(data)))


def _specs() -> dict:
    try:
        from registry.exporting import chart_specs
        return chart_specs()
    except ImportError:
        fail("export.cli.no_charts", 1)


__all__ = ["build_filters", "register"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit("use: python -m registry export …")
