"""The columns of the import and the many ways spreadsheets name them: Vietnamese or English, any
case, NFC or NFD, with or without diacritics or punctuation; and the headers of our own registry
export (registry/exports/records.py), so that an exported file imports back unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from registry import text
from registry.i18n import catalog
from registry.records.words import STAGE_COLUMNS

# Input fields in template order. The first label of each is the template's Vietnamese header.
COLUMNS: tuple[str, ...] = (
    "id",
    "kind",
    "title",
    "holder_name",
    "locality",
    "unit",
    "commune",
    "field",
    "bloc",
    "programme",
    "registered_on",
    *STAGE_COLUMNS,
    "award_form",
    "award_issuer",
    "description",
    "results",
    "beneficiaries",
    "funds_vnd",
    "replicated_from",
)
DATE_COLUMNS = ("registered_on", "effective_on", "recognised_on", "outstanding_on", "awarded_on")
# "Nhân rộng từ" is text: an id, a title, "title (unit)" or "title – unit – year"
# (registry.replication.origins reads it; registry.importing.linking resolves it)
INT_COLUMNS = ("beneficiaries", "funds_vnd", "id")
# Header variants seen in the province's spreadsheets, besides the catalog labels (vi and en).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "mã bản ghi", "số hiệu", "record id", "mã số"),
    "kind": ("loại", "loại hình", "mô hình/điển hình", "tập thể/cá nhân", "phân loại"),
    "title": ("tên mô hình, điển hình", "tên mô hình", "tên điển hình", "tên", "tên mô hình/điển hình"),
    "holder_name": (
        "tập thể, cá nhân thực hiện",
        "chủ thể",
        "người thực hiện",
        "đơn vị thực hiện",
        "tập thể/cá nhân",
        "cá nhân, tập thể",
    ),
    "locality": ("thôn, xã", "địa bàn", "địa chỉ", "thôn xóm"),
    "unit": ("đơn vị", "huyện", "huyện, thị xã, thành phố", "đơn vị (huyện)", "đơn vị cấp huyện"),
    "commune": ("xã, phường", "xã", "xã phường thị trấn", "xã, phường, thị trấn"),
    "field": ("lĩnh vực",),
    "bloc": ("khối",),
    "programme": ("chương trình",),
    "registered_on": ("ngày đăng ký", "ngày đk", "đăng ký ngày"),
    "stage": ("giai đoạn", "tình trạng", "kết quả xét duyệt"),
    "effective_on": ("ngày hiệu quả", "ngày đánh giá hiệu quả"),
    "recognised_on": ("ngày công nhận",),
    "outstanding_on": ("ngày tiêu biểu", "ngày chọn tiêu biểu"),
    "awarded_on": ("ngày khen thưởng", "ngày khen"),
    "recognition_level": ("cấp công nhận",),
    "award_form": ("hình thức khen thưởng", "hình thức khen"),
    "award_issuer": ("cơ quan khen thưởng", "cấp khen thưởng"),
    "description": ("mô tả", "nội dung", "nội dung mô hình"),
    "results": ("kết quả", "hiệu quả đạt được"),
    "beneficiaries": ("số người hưởng lợi", "số người được hưởng lợi"),
    "funds_vnd": ("kinh phí", "kinh phí huy động", "kinh phí (đồng)", "kinh phí huy động (đồng)"),
    "replicated_from": ("nhân rộng từ", "nhân rộng từ mô hình", "nhân rộng từ (số)", "mã mô hình gốc"),
}
TEMPLATE_SHEET = "Mô hình"
# The unit's code, a column of the export beside the unit's name: it names the unit when both are
# there (a code is never ambiguous), and is the unit column when alone.
UNIT_CODE = "unit_code"
UNIT_CODE_ALIASES = ("mã đơn vị", "unit code")
# Export columns ("export.col.<name>") under another name here; and the export's derived or audit
# columns, which an import passes over without a notice (they are the registry's, not the user's).
EXPORT_NAMES = {"holder": "holder_name", "unit_code": UNIT_CODE}
EXPORT_ONLY = ("year", "origin", "is_sample", "updated_at", "created_by", "updated_by")


def _labels(key: str) -> list[str]:
    return list(catalog().get(key, ()))


def _header_index() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in COLUMNS:
        variants = [name, name.replace("_", " "), *HEADER_ALIASES.get(name, ())]
        variants += _labels(f"field_name.{name}") + _labels(f"export.col.{name}")
        for v in variants:
            out.setdefault(text.name_key(v), name)
    for export_name, name in EXPORT_NAMES.items():
        for v in _labels(f"export.col.{export_name}"):
            out.setdefault(text.name_key(v), name)
    for v in UNIT_CODE_ALIASES:
        out.setdefault(text.name_key(v), UNIT_CODE)
    return out


_HEADERS = None


def header_map() -> dict[str, str]:
    global _HEADERS
    if _HEADERS is None:
        _HEADERS = _header_index()
    return _HEADERS


def map_header(label: Any) -> str | None:
    """The input field a header names (any case, NFC/NFD, with or without diacritics), or None."""
    if label is None:
        return None
    key = text.name_key(str(label))
    return header_map().get(key) if key else None


def export_only(label: Any) -> bool:
    """Whether a header is one of the export's derived or audit columns (``EXPORT_ONLY``)."""
    key = text.name_key(str(label or ""))
    return bool(key) and any(key in map(text.name_key, _labels(f"export.col.{c}")) for c in EXPORT_ONLY)


def find_header(cells: Sequence[Sequence[Any]], look: int = 10) -> tuple[int, list[str]] | None:
    for i, row in enumerate(cells[:look]):
        headers = ["" if v is None else text.canonical(str(v)) for v in row]
        if sum(1 for h in headers if map_header(h)) >= 3:
            return i, headers
    return None
