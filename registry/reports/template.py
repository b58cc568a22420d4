"""The Excel template of the summary table of unit reports (``python -m registry reports template
OUT.xlsx``): the issue's headers on the first sheet, one example row, the reporting units of each
era on a second sheet, and the rules on a third."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from openpyxl.styles import Font
from sqlmodel import Session, col, select

from registry.i18n import DEFAULT_LANG, t
from registry.models import REFORM_DATE, AdminUnit
from registry.reports.reading import TEMPLATE_HEADERS

SHEET = "Báo cáo đơn vị"
UNITS_SHEET = "Đơn vị"
RULES_SHEET = "Hướng dẫn"
EXAMPLE = ("Huyện Hậu Lộc", "01/01/2023", "31/12/2023", "Số 12-BC/ĐU", "10/01/2024", 201, 147, 54, 80, 60, 31, 30)
RULES = tuple(f"report.template.rule{i}" for i in range(1, 6))  # catalog keys (registry/catalog/reports.py)


def reporting_units(session: Session) -> list[AdminUnit]:
    """The units that report: district-level units, the new communes and wards, the provincial bodies."""
    units = session.exec(select(AdminUnit).order_by(col(AdminUnit.level), col(AdminUnit.code))).all()
    return [
        u for u in units if u.level in ("district", "body") or (u.level == "commune" and u.valid_from >= REFORM_DATE)
    ]


def build_template(session: Session, lang: str = DEFAULT_LANG) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(TEMPLATE_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(list(EXAMPLE))
    sheet.freeze_panes = "A2"
    units = book.create_sheet(UNITS_SHEET)
    units.append(["Mã", "Đơn vị", "Từ ngày", "Đến ngày"])
    for u in reporting_units(session):
        units.append(
            [u.code, u.name, u.valid_from.strftime("%d/%m/%Y"), u.valid_to.strftime("%d/%m/%Y") if u.valid_to else ""]
        )
    rules = book.create_sheet(RULES_SHEET)
    for key in RULES:
        rules.append([t(key, lang)])
    book.properties.created = dt.datetime(2021, 1, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
