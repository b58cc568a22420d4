"""The words for a record's codes and the columns an input must fill, each written once and shared
by the validation (registry.records.validation) and the import (registry.importing): the kinds,
stages and recognition levels as spreadsheets and people write them, besides their codes and the
catalog's labels (a word the import reads, the validation reads the same way); the required
columns; the stage with the columns that go with it."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from registry import text
from registry.i18n import catalog
from registry.models import KINDS, LEVELS, STAGE_DATE_FIELDS, STAGES

# Synonyms seen in the province's files, besides each code and its catalog labels (vi and en).
KIND_WORDS = {
    "mô hình": "collective",
    "tập thể": "collective",
    "mô hình tập thể": "collective",
    "điển hình": "individual",
    "cá nhân": "individual",
    "điển hình cá nhân": "individual",
    "model": "collective",
    "exemplar": "individual",
}
STAGE_WORDS = {
    "đăng ký": "registered",
    "hiệu quả": "effective",
    "công nhận": "recognised",
    "tiêu biểu": "outstanding",
    "khen thưởng": "awarded",
    "đã khen thưởng": "awarded",
    "đã công nhận": "recognised",
    "có hiệu quả": "effective",
    "recognized": "recognised",
}
LEVEL_WORDS = {
    "xã": "commune",
    "huyện": "district",
    "tỉnh": "province",
    "trung ương": "central",
    "cấp trung ương": "central",
    "tw": "central",
    "cấp xã": "commune",
    "cấp huyện": "district",
    "cấp tỉnh": "province",
}
# The input fields a record cannot go without (the import's template marks them with "(*)").
REQUIRED = ("kind", "title", "unit", "field", "bloc", "registered_on")
# The stage and the columns that go with it, in the order of the template, the export and synth.
STAGE_COLUMNS = ("stage", *STAGE_DATE_FIELDS.values(), "recognition_level")


def choice_index(prefix: str, codes: Iterable[str], extra: dict[str, str]) -> dict[str, str]:
    """``text.name_key`` of each code, of its catalog labels (``prefix.code``) and of each extra
    word → the code."""
    out: dict[str, str] = {}
    for code in codes:
        out[text.name_key(code)] = code
        for label in catalog().get(f"{prefix}.{code}", ()):
            out[text.name_key(label)] = code
    for label, code in extra.items():
        out[text.name_key(label)] = code
    return out


class Choices:
    """The word → code index of the kinds, the stages and the recognition levels."""

    def __init__(self) -> None:
        self.kind = choice_index("kind", KINDS, KIND_WORDS)
        self.stage = choice_index("stage", STAGES, STAGE_WORDS)
        self.level = choice_index("level", LEVELS, LEVEL_WORDS)


@cache
def choices() -> Choices:
    """The indexes, built once (the catalog and the word lists do not change while running)."""
    return Choices()


def kind_code(value: str | None) -> str | None:
    """The kind a word names ("Mô hình", "cá nhân", "Exemplar", "individual"), or None."""
    return choices().kind.get(text.name_key(value)) if value else None


def stage_code(value: str | None) -> str | None:
    """The stage a word names ("Đăng ký", "đã khen thưởng", "effective"), or None."""
    return choices().stage.get(text.name_key(value)) if value else None


def level_code(value: str | None) -> str | None:
    """The recognition level a word names ("Cấp tỉnh", "TW", "district"), or None."""
    return choices().level.get(text.name_key(value)) if value else None
