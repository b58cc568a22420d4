"""The Excel template for bulk import (``python -m registry template OUT.xlsx``).

Sheet "Mô hình": Vietnamese headers (the import maps them back, see registry.importing) with
drop-down lists for kind, field, bloc, unit, commune, stage and recognition level. The lists of
units and communes (about 700 names) live in a hidden sheet. A second sheet holds instructions and
example rows. Written with xlsxwriter.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import xlsxwriter
from sqlmodel import Session, select
from sqlmodel import col as sql_col  # `col` names a column number below

from registry.i18n import DEFAULT_LANG, t
from registry.importing.headers import COLUMNS, DATE_COLUMNS, TEMPLATE_SHEET
from registry.models import KINDS, LEVELS, REFORM_DATE, STAGES, AdminUnit, Bloc, Programme, WorkField
from registry.records.words import REQUIRED

FILE_NAME = "mau_nhap_mo_hinh_dan_van_kheo.xlsx"
DATA_ROWS = 5000  # rows that carry the drop-down validation


def _label(column: str, lang: str) -> str:
    key = "field_name." + column
    label = t(key, lang)
    return label + (t("template.required_mark", lang) if column in REQUIRED else "")


def unit_choices(session: Session) -> tuple[list[str], list[str]]:
    """(holder units, communes) as "Name (code)" labels that the import resolves back to codes.

    Holder units: the province level, the districts of 2021–2025 and the communes and wards of
    1 Jul 2025. Communes: those of 2021–2025 with their district."""
    units = session.exec(select(AdminUnit).order_by(AdminUnit.level, AdminUnit.code)).all()
    by_id = {u.id: u for u in units}
    holders, communes = [], []
    for u in units:
        if u.level in ("province", "district"):
            holders.append(f"{u.name} ({u.code})")
        elif u.valid_from >= REFORM_DATE:
            holders.append(f"{u.name} ({u.code})")
        else:
            parent = by_id.get(u.parent_id)
            communes.append(f"{u.name} ({parent.short_name if parent else ''}, {u.code})")
    return holders, communes


def build_template(session: Session, lang: str = DEFAULT_LANG) -> bytes:

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1})
    date_fmt = book.add_format({"num_format": "dd/mm/yyyy"})
    text_fmt = book.add_format({"num_format": "@"})
    sheet = book.add_worksheet(TEMPLATE_SHEET)
    help_sheet = book.add_worksheet(t("template.help_sheet", lang))
    lists = book.add_worksheet(t("template.lists_sheet", lang))

    fields = session.exec(select(WorkField).order_by(sql_col(WorkField.sort))).all()
    blocs = session.exec(select(Bloc).order_by(sql_col(Bloc.sort))).all()
    programmes = session.exec(select(Programme).order_by(sql_col(Programme.sort))).all()
    holders, communes = unit_choices(session)
    choice_lists = {
        "kind": [t(f"kind.{k}", "vi") for k in KINDS],
        "field": [f.name_vi for f in fields],
        "bloc": [b.name_vi for b in blocs],
        "programme": [p.name_vi for p in programmes],
        "unit": holders,
        "commune": communes,
        "stage": [t(f"stage.{s}", "vi") for s in STAGES],
        "recognition_level": [t(f"level.{lv}", "vi") for lv in LEVELS],
    }
    ranges = {}
    list_name = t("template.lists_sheet", lang)
    for col, (name, values) in enumerate(choice_lists.items()):
        lists.write_string(0, col, name)
        for row, value in enumerate(values, start=1):
            lists.write_string(row, col, value)
        letter = xlsxwriter.utility.xl_col_to_name(col)
        ranges[name] = f"='{list_name}'!${letter}$2:${letter}${len(values) + 1}"
    lists.hide()

    for col, column in enumerate(COLUMNS):
        sheet.write_string(0, col, _label(column, lang), head)
        width = (
            14
            if column in DATE_COLUMNS
            else 40
            if column in ("title", "unit", "commune", "description", "results")
            else 18
        )
        # Date columns are text: Excel would turn "03/2023" into 01/03/2023 and show "2023" as
        # 15/07/1905; the import reads every form a source gives (and Excel dates typed elsewhere).
        sheet.set_column(col, col, width, text_fmt if column in DATE_COLUMNS else None)
        if column in ranges:
            sheet.data_validation(
                1,
                col,
                DATA_ROWS,
                col,
                {
                    "validate": "list",
                    "source": ranges[column],
                    "error_type": "warning",
                    "error_title": _label(column, lang),
                    "error_message": t("error.required", lang, field=_label(column, lang)),
                },
            )
    sheet.set_row(0, 45)
    sheet.freeze_panes(1, 0)
    sheet.activate()

    help_sheet.set_column(0, 0, 120)
    bold = book.add_format({"bold": True, "font_size": 13})
    help_sheet.write_string(0, 0, t("template.help_title", lang), bold)
    lines = t("template.help_lines", lang).split("|")
    for i, line in enumerate(lines, start=2):
        help_sheet.write_string(i, 0, f"{i - 1}. {line}")
    start = len(lines) + 4
    help_sheet.write_string(start - 1, 0, t("template.examples", lang), bold)
    for col, column in enumerate(COLUMNS):
        help_sheet.write_string(start, col, _label(column, lang), head)
    for r, example in enumerate(EXAMPLES, start=start + 1):
        for col, column in enumerate(COLUMNS):
            cell = example.get(column)
            if isinstance(cell, dt.date):
                help_sheet.write_datetime(r, col, dt.datetime.combine(cell, dt.time()), date_fmt)
            elif isinstance(cell, int):
                help_sheet.write_number(r, col, cell)
            elif cell:
                help_sheet.write_string(r, col, cell)
    book.close()
    return buffer.getvalue()


EXAMPLES: tuple[dict[str, Any], ...] = (
    {
        "kind": "Điển hình (cá nhân)",
        "title": "Chăn nuôi bò sinh sản, trồng rừng",
        "holder_name": "Ông Hà Văn Lượng",
        "locality": "Bản Lát, xã Tam Chung",
        "unit": "Huyện Mường Lát (384)",
        "field": "Kinh tế",
        "bloc": "Cộng đồng dân cư",
        "registered_on": dt.date(2023, 3, 15),
        "stage": "Hiệu quả",
        "effective_on": dt.date(2023, 11, 20),
        "beneficiaries": 12,
    },
    {
        "kind": "Mô hình (tập thể)",
        "title": "Bún an toàn thực phẩm",
        "holder_name": "Tổ hợp tác làm bún",
        "locality": "thôn Tân Lộc 2, xã Yên Thọ",
        "unit": "Huyện Yên Định (394)",
        "field": "Kinh tế",
        "bloc": "Cộng đồng dân cư",
        "registered_on": dt.date(2022, 2, 10),
        "stage": "Được công nhận",
        "effective_on": dt.date(2022, 9, 1),
        "recognised_on": dt.date(2022, 12, 5),
        "recognition_level": "Cấp huyện",
        "funds_vnd": 150000000,
    },
    {
        "kind": "Mô hình (tập thể)",
        "title": "Chính quyền thân thiện, vì nhân dân phục vụ",
        "holder_name": "UBND xã Đông Văn",
        "unit": "Huyện Đông Sơn (405)",
        "field": "Xây dựng hệ thống chính trị",
        "bloc": "Khối chính quyền",
        "programme": "Chính quyền thân thiện, vì nhân dân phục vụ",
        "registered_on": "04/2021",  # only the month, as many reports give it
    },
)
