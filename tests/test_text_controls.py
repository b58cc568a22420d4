"""registry.text.clean and canonical drop control characters at every entry point, and keep line
breaks where they are asked to (``lines=True``: description, results)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from registry.text import canonical, clean, fold

CONTROLS = [chr(c) for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)] if chr(c) not in "\t\n\r"]


def test_every_control_character_is_dropped_or_a_space():
    for c in CONTROLS:
        assert clean(f"Thanh{c}Hóa") in ("ThanhHóa", "Thanh Hóa"), repr(c)
        assert c not in clean(f"a{c}b", lines=True) and c not in canonical(f"a{c}b") and c not in fold(f"a{c}b")
    assert clean("Thanh\x00 Hóa\x1b") == "Thanh Hóa"
    assert clean("Dòng\x0bhai") == "Dòng hai"  # vertical tab (Word's line break) separates words


def test_soft_hyphen_and_letters_stay():
    assert clean("M\xadêng\x00") == "M\xadêng"  # the soft hyphen is TCVN3's ư, not a control


def test_lines_keep_line_breaks_and_normalise_them():
    assert clean("  Một  \r\nHai\rBa\n\nBốn \n\n", lines=True) == "Một\nHai\nBa\n\nBốn"
    assert clean("Một\tmục\u00a0hai", lines=True) == "Một mục hai"
    assert canonical("Thanh Hoá\r\nThuỷ", lines=True) == "Thanh Hóa\nThủy"
    assert canonical("Thanh Hoá\r\nThuỷ") == "Thanh Hóa Thủy"
    assert clean(None, lines=True) == ""


@given(
    st.text(alphabet=st.sampled_from(["a", "ế", " ", "\n", "\r", "\t", "\x00", "\x1b", "\x85", "\u200b"]), max_size=40)
)
def test_lines_output_is_nfc_without_controls_and_idempotent(s):
    out = clean(s, lines=True)
    assert unicodedata.is_normalized("NFC", out) and "\r" not in out
    assert not any(unicodedata.category(c) == "Cc" and c != "\n" for c in out)
    assert all(line == " ".join(line.split()) for line in out.split("\n"))
    assert clean(out, lines=True) == out
    assert clean(s) == " ".join(out.split())
