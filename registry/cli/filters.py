"""The one parser of filter options for every command: --from/--until (a year or a date), --field,
--unit, --kind, --bloc, --stage, --programme (each repeatable or comma-separated), --view. Every
value is checked: a bad one prints one line and exits 2."""

from __future__ import annotations

import datetime as dt
from typing import Any, overload

from sqlalchemy import select
from sqlmodel import col

from registry import text
from registry.cli.app import fail
from registry.models import (
    KINDS,
    MOVEMENT_START_YEAR,
    REFORM_DATE,
    STAGES,
    VIEWS,
    AdminUnit,
    Bloc,
    Programme,
    WorkField,
)
from registry.queries.filters import DEFAULT_YEARS, Filters


@overload
def parse_date(value: str, option: str) -> dt.date: ...
@overload
def parse_date(value: None, option: str) -> None: ...
@overload
def parse_date(value: str | None, option: str) -> dt.date | None: ...
def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    fail("cli.bad_date", 2, value=value)


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


def split_values(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out += [text.canonical(v) for v in value.split(",") if v.strip()]
    return out


def _bound(value: str | None, option: str, end: bool) -> tuple[int | None, dt.date | None]:
    if value is None:
        return None, None
    raw = value.strip()
    if len(raw) == 4 and raw.isdigit():
        year = int(raw)
        if not MOVEMENT_START_YEAR <= year <= 2100:
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


def build_filters(
    session,
    *,
    date_from,
    date_until,
    view,
    field=None,
    unit=None,
    kind=None,
    bloc=None,
    stage=None,
    programme=None,
    sample: bool = True,
    default_years=None,
):
    """Filters from CLI values, each checked (one line, exit 2 on a bad one)."""
    if view not in VIEWS:
        fail("cli.bad_choice", 2, value=view, option="--view", choices=", ".join(VIEWS))
    y_from, d_from = _bound(date_from, "--from", False)
    y_until, d_until = _bound(date_until, "--until", True)
    years = default_years or DEFAULT_YEARS
    changes: dict[str, Any] = dict(
        year_from=y_from or (d_from.year if d_from else years[0]),
        year_until=y_until or (d_until.year if d_until else years[1]),
        date_from=d_from if d_from and (d_from.month, d_from.day) != (1, 1) else None,
        date_until=d_until if d_until and (d_until.month, d_until.day) != (12, 31) else None,
    )
    fields = session.execute(select(col(WorkField.code), col(WorkField.name_vi), col(WorkField.name_en))).all()
    blocs = session.execute(select(col(Bloc.code), col(Bloc.name_vi), col(Bloc.name_en))).all()
    programmes = session.execute(select(col(Programme.code), col(Programme.name_vi), col(Programme.name_en))).all()
    units = session.execute(
        select(col(AdminUnit.code), col(AdminUnit.name), col(AdminUnit.short_name)).where(
            col(AdminUnit.level).in_(("province", "district")) | (col(AdminUnit.valid_from) >= REFORM_DATE)
        )
    ).all()
    kinds_index = {k: k for k in KINDS}
    kinds_index.update(
        {
            "mo hinh": "collective",
            "tap the": "collective",
            "dien hinh": "individual",
            "ca nhan": "individual",
            "mohinh": "collective",
            "tapthe": "collective",
            "dienhinh": "individual",
            "canhan": "individual",
        }
    )
    filters = Filters(
        **changes,
        fields=_resolve("fields", split_values(field), "--field", _index(fields), [r[0] for r in fields]),
        units=_resolve("units", split_values(unit), "--unit", _index(units), ["38", "380", "…", "407"]),
        kinds=_resolve("kinds", split_values(kind), "--kind", kinds_index, list(KINDS)),
        blocs=_resolve("blocs", split_values(bloc), "--bloc", _index(blocs), [r[0] for r in blocs]),
        stages=_resolve("stages", split_values(stage), "--stage", {s: s for s in STAGES}, list(STAGES)),
        programmes=_resolve(
            "programmes", split_values(programme), "--programme", _index(programmes), [r[0] for r in programmes]
        ),
        include_sample=sample,
        view=view,
    )
    if filters.start > filters.end:
        fail("cli.bad_range", 2, start=filters.start.isoformat(), end=filters.end.isoformat())
    return filters
