"""Reading a unit cell as sources write it: the prefix words ("xã", "huyện", "TP"), a bracketed
district ("xã Hoằng Thái (Hoằng Hóa)"), lists ("xã Nga Liên, Nga Thanh, Nga Thái", "2 xã Pù Nhi
và Nhi Sơn"), "(cũ)" and "cũ", and the "nay là …" / "trước đây là …" forms. Pure text work:
``registry.units.placement`` decides which unit each name is."""

from __future__ import annotations

import re
from dataclasses import dataclass

from registry import text

_PREFIX_WORDS = {
    "xa": "xã",
    "phuong": "phường",
    "thi_tran": "thị trấn",
    "huyen": "huyện",
    "thi_xa": "thị xã",
    "thanh_pho": "thành phố",
}


_NOW = re.compile(r"^(?P<old>.+?)[\s,;(]*\bnay\s+(?:là|thuộc)\s+(?P<new>[^()]+?)\s*\)?$", re.IGNORECASE)


_BEFORE = re.compile(
    r"^(?P<new>.+?)[\s,;(]*\btrước\s+(?:đây\s+)?(?:là\s+|thuộc\s+)?[:\s]*(?P<old>[^()]+?)\s*\)?$", re.IGNORECASE
)


_PLURAL = re.compile(
    r"^(?:các|những|\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+"
    r"(?=(?:xã|phường|thị\s*trấn|huyện|thị\s*xã|thành\s*phố)\b)",
    re.IGNORECASE,
)


_VILLAGE = re.compile(r"^(?:thôn|bản|khu\s+phố|tổ\s+dân\s+phố|xóm|làng|phố|khu|ấp|đội|tổ)\b", re.IGNORECASE)


_AND = re.compile(r"\s+và\s+", re.IGNORECASE)


_TAIL_BRACKET = re.compile(r"\s*\(([^()]*)\)\s*$")


@dataclass
class Cell:
    """One cell taken apart: the unit names it lists, a district written beside them, a village
    written before them, and whether it is a list ("các xã", "2 xã", commas, "và")."""

    field: str
    raw: str
    names: list[str]
    district: str | None = None
    village: str = ""
    plural: bool = False

    @property
    def former(self) -> bool:
        return any(text.parse_unit_name(n).former for n in self.names)


# --------------------------------------------------------------------------- reading cells
def _split_top(value: str) -> list[str]:
    """Split on commas, semicolons, "và", "&", "+" outside brackets."""
    parts: list[str] = []
    buf: list[str] = []
    depth, i = 0, 0
    while i < len(value):
        ch = value[i]
        depth = depth + 1 if ch == "(" else max(0, depth - 1) if ch == ")" else depth
        if depth == 0 and ch in ",;+&":
            parts.append("".join(buf))
            buf, i = [], i + 1
            continue
        if depth == 0 and (m := _AND.match(value, i)):
            parts.append("".join(buf))
            buf, i = [], m.end()
            continue
        buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _strip_bracket(name: str) -> tuple[str, str | None]:
    """``"xã Hoằng Thái (Hoằng Hóa) (cũ)"`` → ``("xã Hoằng Thái (cũ)", "Hoằng Hóa")``."""
    former, bracket = False, None
    while m := _TAIL_BRACKET.search(name):
        inner = m.group(1).strip()
        name = name[: m.start()]
        if text.name_key(inner) == "cu":
            former = True
        elif bracket is None:
            bracket = inner
    return (f"{name} (cũ)" if former else name).strip(), bracket


def read_cell(value: str | None, field_name: str) -> Cell | None:
    raw = text.canonical(value)
    if not raw:
        return None
    body, village = raw, ""
    if (m := _TAIL_BRACKET.search(body)) and _VILLAGE.match(body) and body[: m.start()].strip():
        village, body = body[: m.start()].strip(), m.group(1).strip()  # "bản X (xã Y, huyện Z)"
    plural = bool(_PLURAL.match(body))
    body = _PLURAL.sub("", body)
    parts = _split_top(body)
    district = None
    if len(parts) == 2:  # "xã Quang Chiểu, huyện Mường Lát"
        levels = [text.parse_unit_name(p).level_hint for p in parts]
        if levels[1] == "district" and levels[0] != "district":
            parts, district = parts[:1], parts[1]
        elif levels[0] == "district" and levels[1] == "commune":
            parts, district = parts[1:], parts[0]
    names, prefix = [], None
    for part in parts:
        parsed = text.parse_unit_name(part)
        if parsed.prefix is None and prefix is not None:
            part = f"{_PREFIX_WORDS[prefix]} {part}"
        prefix = parsed.prefix or prefix
        names.append(part)
    if len(names) > 1 and text.parse_unit_name(names[-1]).former:  # "A, B, C (cũ)": all former
        names = [n if text.parse_unit_name(n).former else f"{n} (cũ)" for n in names]
    if len(names) == 1 and district is None:
        names[0], district = _strip_bracket(names[0])
    return Cell(field_name, raw, names, district, village, plural or len(names) > 1)


def now_and_before(cell: Cell | None) -> tuple[str, str] | None:
    """(former, current) names of "A nay là B" / "B (trước đây là A)", or None."""
    if cell is None:
        return None
    if m := _NOW.match(cell.raw):
        return m["old"].strip(" ,;("), m["new"].strip()
    if m := _BEFORE.match(cell.raw):
        return m["old"].strip(), m["new"].strip(" ,;(")
    return None
