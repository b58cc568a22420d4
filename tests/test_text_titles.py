"""Titles: outer quotes of any style removed; duplicate matching ignores a
leading "mô hình"/"điển hình" and the words "Dân vận khéo"."""

import pytest

from registry import text


@pytest.mark.parametrize(
    "value, expected",
    [
        ("“Thắp sáng đường quê”", "Thắp sáng đường quê"),
        ('"Camera an ninh"', "Camera an ninh"),
        ("'Hàng rào xanh'", "Hàng rào xanh"),
        ("«Bản sáng vùng biên»", "Bản sáng vùng biên"),
        ("Mô hình “Đường tranh bích họa”", "Mô hình “Đường tranh bích họa”"),  # not around the whole title
        ("“Dân vận khéo” gắn với giảm nghèo", "“Dân vận khéo” gắn với giảm nghèo"),
        ("“A” và “B”", "“A” và “B”"),
    ],
)
def test_outer_quotes_are_removed(value, expected):
    assert text.strip_outer_quotes(value) == expected


def test_title_match_key_ignores_model_words_and_the_movement_name():
    key = text.title_match_key("Bản sáng vùng biên")
    assert text.title_match_key("Mô hình “Bản sáng vùng biên”") == key
    assert text.title_match_key("Mô hình “Dân vận khéo” Bản sáng vùng biên") == key
    assert text.title_match_key("điển hình: BẢN SÁNG VÙNG BIÊN") == key
    assert text.title_match_key("Bản sáng vùng cao") != key
