"""The catalog: both languages, same keys, no empty strings; Vietnamese number formats."""

import re
import tomllib
import unicodedata

import pytest

from registry import catalog as files
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


def test_the_catalog_files_hold_pairs_in_nfc_and_each_key_once(tmp_path, monkeypatch):
    """registry/catalog/*.toml: a key twice (in two files, or in one) and a value that is not a pair
    of strings are refused; text typed decomposed (NFD) is read as NFC."""
    monkeypatch.setattr(files, "FOLDER", tmp_path)
    monkeypatch.setattr(files, "AREAS", ("a", "b"))
    (tmp_path / "a.toml").write_text('"x.one" = ["' + unicodedata.normalize("NFD", "Hóa") + '", "Hoa"]\n', "utf-8")
    (tmp_path / "b.toml").write_text('"x.two" = ["Hai", "Two"]\n', "utf-8")
    assert files.load() == {"x.one": ("Hóa", "Hoa"), "x.two": ("Hai", "Two")}
    assert unicodedata.is_normalized("NFC", files.load()["x.one"][0])
    (tmp_path / "b.toml").write_text('"x.one" = ["Một", "One"]\n', "utf-8")
    with pytest.raises(KeyError, match="x.one"):
        files.load()
    (tmp_path / "b.toml").write_text('"x.two" = ["Hai", "Two"]\n"x.two" = ["Ba", "Three"]\n', "utf-8")
    with pytest.raises(tomllib.TOMLDecodeError):
        files.load()
    (tmp_path / "b.toml").write_text('"x.two" = ["Hai"]\n', "utf-8")
    with pytest.raises(ValueError, match="x.two"):
        files.load()
    assert all(unicodedata.is_normalized("NFC", s) for pair in catalog().values() for s in pair)
