"""The catalog: both languages, same keys, no empty strings; Vietnamese number formats."""

import re

from registry.i18n import catalog, fmt_int, fmt_pct, t


def test_both_languages_for_every_key():
    for key, pair in catalog().items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        vi, en = pair
        assert vi.strip() and en.strip(), key
        assert set(re.findall(r"{(\w+)}", vi)) == set(re.findall(r"{(\w+)}", en)), key


def test_numbers_the_vietnamese_way():
    assert fmt_int(8419) == "8.419" and fmt_int(8419, "en") == "8,419"
    assert fmt_int(1_000_000) == "1.000.000"
    assert fmt_pct(0.382) == "38%" and fmt_pct(0.3826, "vi", 1) == "38,3%" and fmt_pct(0.3826, "en", 1) == "38.3%"


def test_translation_fills_parameters():
    assert t("error.not_found", "vi", id=7) == "Không tìm thấy bản ghi số 7."
    assert t("error.not_found", "en", id=7) == "Record 7 was not found."
