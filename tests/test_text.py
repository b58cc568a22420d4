"""registry.text: normalisation, folding, legacy encodings and unit-name parsing."""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.text import (
    LEGACY_CODES,
    ParsedUnitName,
    canonical,
    clean,
    convert_legacy,
    detect_legacy,
    fold,
    name_key,
    normalise_tone_marks,
    parse_unit_name,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def is_nfc(s: str) -> bool:
    return unicodedata.is_normalized("NFC", s)


# Every Vietnamese letter, built independently of the module: 12 vowels x (no tone + 5 tones), đ.
TONES = "\u0300\u0301\u0303\u0309\u0323"
VOWELS = [unicodedata.normalize("NFC", v) for v in "a ă â e ê i o ô ơ u ư y".split()]
LOWER_LETTERS = sorted(
    {unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ["", *TONES]} | {"đ"} | set("bcdghklmnpqrstvx")
)
VIETNAMESE_LETTERS = LOWER_LETTERS + [c.upper() for c in LOWER_LETTERS]
NON_ASCII_LETTERS = [c for c in VIETNAMESE_LETTERS if not c.isascii()]

vietnamese_text = st.text(alphabet=st.sampled_from(VIETNAMESE_LETTERS + list(" .-()0123456789")), max_size=40)
messy_text = st.text(alphabet=st.sampled_from(VIETNAMESE_LETTERS + list(" \t\n\u00a0\u200b.,()")), max_size=40)

NAMES = [
    "Thanh Hóa",
    "Hoằng Hóa",
    "Quảng Xương",
    "Mường Lát",
    "Như Xuân",
    "Đông Sơn",
    "Nghi Sơn",
    "Thường Xuân",
    "Bá Thước",
    "Yên Định",
    "Chính quyền thân thiện, vì nhân dân phục vụ",
    "Dân vận khéo",
]


def to_legacy(s: str, encoding: str) -> str:
    """Write ``s`` as a TCVN3/VNI font would store it, read back as Latin-1."""
    return "".join(LEGACY_CODES[encoding].get(c, c) for c in unicodedata.normalize("NFC", s))


# --- clean -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("  Thanh   Hóa ", "Thanh Hóa"),
        ("Thanh\u00a0Hóa", "Thanh Hóa"),
        ("Thanh\tHóa\r\n", "Thanh Hóa"),
        ("Hoằng\n\nHóa", "Hoằng Hóa"),
        ("\ufeffNga Sơn\u200b", "Nga Sơn"),
        ("Thanh Ho\u0301a", "Thanh Hóa"),
    ],
)
def test_clean(raw, expected):
    assert clean(raw) == expected


def test_clean_keeps_soft_hyphen_which_is_tcvn3_u_horn():
    assert clean(" M\xadêng ") == "M\xadêng"


def test_clean_does_not_move_tone_marks():
    assert clean("Thanh Hoá") == "Thanh Hoá"


@given(messy_text)
def test_clean_is_nfc_single_spaced_and_idempotent(s):
    out = clean(s)
    assert is_nfc(out)
    assert out == out.strip()
    assert "  " not in out and not re.search(r"[\t\n\u00a0\u200b]", out)
    assert clean(out) == out


# --- tone marks --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new",
    [
        ("Thanh Hoá", "Thanh Hóa"),
        ("Thuỷ", "Thủy"),
        ("Cẩm Thuỷ", "Cẩm Thủy"),
        ("hoà", "hòa"),
        ("khoẻ", "khỏe"),
        ("thuý", "thúy"),
        ("tuỳ", "tùy"),
        ("uỷ ban", "ủy ban"),
        ("hoạ", "họa"),
        ("loè", "lòe"),
        ("THANH HOÁ", "THANH HÓA"),
        ("THUỶ", "THỦY"),
        ("KHOẺ", "KHỎE"),
        ("Văn hoá – xã hội", "Văn hóa – xã hội"),
        ("Hoà, Thuỷ.", "Hòa, Thủy."),
    ],
)
def test_old_tone_placement_moves_to_first_vowel(old, new):
    assert normalise_tone_marks(old) == new
    assert normalise_tone_marks(nfd(old)) == new


@pytest.mark.parametrize(
    "word",
    [
        "Quý",
        "quý",
        "QUÝ",
        "quà",
        "quả",
        "hoàng",
        "toán",
        "khuyến",
        "Hoằng",
        "Huế",
        "thuế",
        "ngoài",
        "hoài",
        "khuya",
        "Thanh Hóa",
        "Thủy",
        "mùa",
        "của",
        "Nguyễn",
        "xoắn",
        "hoạt",
    ],
)
def test_tone_placement_left_alone(word):
    assert normalise_tone_marks(word) == word
    assert normalise_tone_marks(nfd(word)) == word


def test_normalise_tone_marks_returns_nfc_and_keeps_whitespace():
    out = normalise_tone_marks(nfd("Thanh  Hoá\n"))
    assert out == "Thanh  Hóa\n"
    assert is_nfc(out)


# --- canonical, fold, name_key -----------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["Thanh Hóa", "Thanh Hoá", " thanh\u00a0hoá ".title(), nfd("Thanh Hoá"), nfd("Thanh Hóa")]
)
def test_canonical_unifies_forms(raw):
    assert canonical(raw) == "Thanh Hóa"


def test_canonical_none_is_empty():
    assert canonical(None) == ""


@given(messy_text)
def test_canonical_is_idempotent_and_nfd_blind(s):
    out = canonical(s)
    assert canonical(out) == out
    assert canonical(nfd(s)) == out
    assert is_nfc(out)


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("Hoằng Hóa", "hoang hoa"),
        ("ĐÔNG SƠN", "dong son"),
        ("Đông Sơn", "dong son"),
        ("Thanh Hoá", "thanh hoa"),
        ("  Mường\tLát ", "muong lat"),
        ("Chính quyền thân thiện, vì nhân dân phục vụ", "chinh quyen than thien, vi nhan dan phuc vu"),
        ("Café", "cafe"),
        ("ÐÔNG SƠN", "dong son"),  # Icelandic eth typed for Đ
        (None, ""),
    ],
)
def test_fold(raw, folded):
    assert fold(raw) == folded


@given(vietnamese_text)
def test_fold_is_ascii_and_blind_to_nfd_and_tone_placement(s):
    out = fold(s)
    assert out.isascii()
    assert out == out.lower()
    assert fold(nfd(s)) == out
    assert fold(normalise_tone_marks(s)) == out
    assert fold(out) == out


def test_fold_same_for_every_form():
    forms = ["Thanh Hóa", "Thanh Hoá", nfd("Thanh Hóa"), nfd("Thanh Hoá"), "THANH HOÁ", "thanh hoa"]
    assert {fold(f) for f in forms} == {"thanh hoa"}


@pytest.mark.parametrize(
    "raw, key",
    [
        ("TP.Sầm  Sơn", "tpsamson"),
        ("tp sam son", "tpsamson"),
        ("Hoằng Hóa", "hoanghoa"),
        ("Thanh Hoá", "thanhhoa"),
        ("Quảng-Xương (2)", "quangxuong2"),
        ("", ""),
    ],
)
def test_name_key(raw, key):
    assert name_key(raw) == key


@given(messy_text)
def test_name_key_only_ascii_letters_and_digits(s):
    assert re.fullmatch(r"[a-z0-9]*", name_key(s))


# --- legacy encodings --------------------------------------------------------------------------


def test_letters_in_tables_are_exactly_the_non_ascii_vietnamese_letters():
    assert len(NON_ASCII_LETTERS) == 134
    for encoding in ("tcvn3", "vni"):
        assert set(LEGACY_CODES[encoding]) == set(NON_ASCII_LETTERS), encoding


def test_vni_codes_are_unique():
    codes = list(LEGACY_CODES["vni"].values())
    assert len(set(codes)) == len(codes)


def test_tcvn3_lowercase_codes_are_unique_and_one_byte():
    lower = {c: code for c, code in LEGACY_CODES["tcvn3"].items() if c.islower()}
    assert len(set(lower.values())) == len(lower) == 67
    assert all(len(code) == 1 and 0xA1 <= ord(code) <= 0xFF for code in LEGACY_CODES["tcvn3"].values())


@pytest.mark.parametrize(
    "letter, tcvn3, vni",
    [
        ("á", "¸", "aù"),
        ("à", "µ", "aø"),
        ("ả", "¶", "aû"),
        ("ã", "·", "aõ"),
        ("ạ", "¹", "aï"),
        ("ă", "¨", "aê"),
        ("ắ", "¾", "aé"),
        ("ặ", "Æ", "aë"),
        ("â", "©", "aâ"),
        ("ậ", "Ë", "aä"),
        ("ê", "ª", "eâ"),
        ("ệ", "Ö", "eä"),
        ("ô", "«", "oâ"),
        ("ơ", "¬", "ô"),
        ("ớ", "í", "ôù"),
        ("ư", "\xad", "ö"),
        ("ừ", "õ", "öø"),
        ("ị", "Þ", "ò"),
        ("ỉ", "Ø", "æ"),
        ("ĩ", "Ü", "ó"),
        ("ỵ", "þ", "î"),
        ("đ", "®", "ñ"),
        ("Đ", "§", "Ñ"),
        ("Ư", "¦", "Ö"),
        ("Ơ", "¥", "Ô"),
        ("Á", "¸", "AÙ"),
        ("Ậ", "Ë", "AÄ"),
    ],
)
def test_known_codes(letter, tcvn3, vni):
    assert LEGACY_CODES["tcvn3"][letter] == tcvn3
    assert LEGACY_CODES["vni"][letter] == vni


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("name", NAMES)
def test_round_trip_real_names(name, encoding):
    legacy = to_legacy(name, encoding)
    assert legacy != name
    if (name, encoding) != ("Nghi Sơn", "vni"):  # see test_vni_nghi_son_alone_is_ambiguous
        assert detect_legacy(legacy) == encoding
    assert convert_legacy(legacy, encoding) == name


def test_vni_nghi_son_alone_is_ambiguous():
    # VNI "Nghi Sơn" is "Nghi Sôn", which is also well-formed Unicode: only context decides.
    assert to_legacy("Nghi Sơn", "vni") == "Nghi Sôn"
    assert detect_legacy("Nghi Sôn") is None
    assert detect_legacy(to_legacy("Thị xã Nghi Sơn", "vni")) == "vni"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_round_trip_old_tone_placement_comes_back_canonical(encoding):
    legacy = to_legacy("Thanh Hoá, Cẩm Thuỷ", encoding)
    assert detect_legacy(legacy) == encoding
    assert convert_legacy(legacy, encoding) == "Thanh Hóa, Cẩm Thủy"


def test_examples_as_they_look_in_the_wild():
    assert detect_legacy("Thanh Ho¸") == "tcvn3"
    assert convert_legacy("Thanh Ho¸", "tcvn3") == "Thanh Hóa"
    assert detect_legacy("Thanh Hoùa") == "vni"
    assert convert_legacy("Thanh Hoùa", "vni") == "Thanh Hóa"
    assert (
        convert_legacy("B¶n Lt, x· Tam Chung, huyÖn M\xadêng L¸t", "tcvn3") == "Bản Lt, xã Tam Chung, huyện Mường Lát"
    )


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_round_trip_every_lowercase_letter(encoding):
    letters = [c for c in NON_ASCII_LETTERS if c.islower()]
    assert convert_legacy(to_legacy(" ".join(letters), encoding), encoding) == " ".join(letters)


def test_vni_round_trip_every_uppercase_letter():
    letters = " ".join(c for c in NON_ASCII_LETTERS if c.isupper())
    assert convert_legacy(to_legacy(letters, "vni"), "vni") == letters


@pytest.mark.parametrize("text", ["HUYỆN HOẰNG HÓA", "THỊ XÃ NGHI SƠN", "ĐÔNG SƠN", "DÂN VẬN KHÉO", "BÁ THƯỚC"])
def test_tcvn3_capitals_with_tones_come_back_in_capitalised_words(text):
    legacy = to_legacy(text, "tcvn3")
    assert detect_legacy(legacy) == "tcvn3"
    assert convert_legacy(legacy, "tcvn3") == text


def test_tcvn3_tone_letters_take_the_case_of_their_word_or_line():
    assert convert_legacy("Hµ Trung", "tcvn3") == "Hà Trung"
    assert convert_legacy("X· NGHI S¥N\nx· Hµ Trung, HO¸", "tcvn3") == "XÃ NGHI SƠN\nxã Hà Trung, HÓA"


def test_vni_mark_case_follows_the_base_letter():
    assert convert_legacy("Aùnh Saùng, aÙnh", "vni") == "Ánh Sáng, ánh"


def test_convert_keeps_text_outside_the_codes():
    assert convert_legacy("Năm 2024:\n  “Ho¸”", "tcvn3") == "Năm 2024:\n  “Hóa”"


def test_convert_rejects_unknown_encoding():
    with pytest.raises(ValueError, match="viscii"):
        convert_legacy("x", "viscii")


@given(st.text(alphabet=st.sampled_from(VIETNAMESE_LETTERS + list(" ,.")), max_size=40))
def test_vni_round_trip_any_text(s):
    assert convert_legacy(to_legacy(s, "vni"), "vni") == normalise_tone_marks(s)


@given(st.text(alphabet=st.sampled_from(LOWER_LETTERS + list(" ,.")), max_size=40))
def test_tcvn3_round_trip_any_lowercase_text(s):
    assert convert_legacy(to_legacy(s, "tcvn3"), "tcvn3") == normalise_tone_marks(s)


NOT_LEGACY = [
    "",
    "Thanh Hoa",
    "Dan van kheo 2024",
    "Café",
    "Nguyễn",
    "Thanh Hóa",
    "Thanh Hoá",
    "Hoàng Hóa",
    "Cô giáo Hoà",
    "Nghi Sơn",
    "Lê Thị Thuý",
    "Hôtel de Ville à Paris",
    "Où est le café ?",
    "Loïc est né à Paris",
    "naïve résumé",
    "Le goût du pain",
    "Noël à Besançon",
    "Müller, Köln",
    "Straße",
    "señor, mañana, año",
    "São Paulo",
    "Smørrebrød",
    "«Dân vận khéo»",
    "© 2024 Báo Thanh Hóa",
    "Le 22 février 2024, le Comité permanent du Parti provincial a publié le Dépêche officielle",
    "la sensibilisation au service du peuple des cadres, des fonctionnaires et des employés publics",
    "éloge des modèles typiques de « mobilisation de masse habile » dans la période 2021-2023",
] + NAMES


@pytest.mark.parametrize("text", NOT_LEGACY)
def test_not_legacy(text):
    assert detect_legacy(text) is None
    assert detect_legacy(nfd(text)) is None


# --- unit names --------------------------------------------------------------------------------


def unit(raw, level_hint, prefix, name, key, former=False, parent=None):
    return raw, ParsedUnitName(
        raw=canonical(raw), level_hint=level_hint, prefix=prefix, name=name, key=key, former=former, parent=parent
    )


@pytest.mark.parametrize(
    "raw, expected",
    [
        unit("huyện Quảng Xương", "district", "huyen", "Quảng Xương", "quangxuong"),
        unit("Nga Sơn", None, None, "Nga Sơn", "ngason"),
        unit("xã Hoằng Thái (Hoằng Hóa)", "commune", "xa", "Hoằng Thái", "hoangthai", parent="hoanghoa"),
        unit("TP Thanh Hóa", "district", "thanh_pho", "Thanh Hóa", "thanhhoa"),
        unit("TP. Sầm Sơn", "district", "thanh_pho", "Sầm Sơn", "samson"),
        unit("TP.Sầm Sơn", "district", "thanh_pho", "Sầm Sơn", "samson"),
        unit("T.P Thanh Hóa", "district", "thanh_pho", "Thanh Hóa", "thanhhoa"),
        unit("Tp Sầm Sơn", "district", "thanh_pho", "Sầm Sơn", "samson"),
        unit("Thành phố Thanh Hóa", "district", "thanh_pho", "Thanh Hóa", "thanhhoa"),
        unit("THÀNH PHỐ THANH HOÁ", "district", "thanh_pho", "THANH HÓA", "thanhhoa"),
        unit("huyện Như xuân", "district", "huyen", "Như xuân", "nhuxuan"),
        unit("huyện Quan Sơn (cũ)", "district", "huyen", "Quan Sơn", "quanson", former=True),
        unit("huyện Quan Sơn (CU)", "district", "huyen", "Quan Sơn", "quanson", former=True),
        unit("huyện Quan Sơn ( Cũ )", "district", "huyen", "Quan Sơn", "quanson", former=True),
        unit("xã Thành Yên cũ", "commune", "xa", "Thành Yên", "thanhyen", former=True),
        unit("xã Hoằng Thái (huyện Hoằng Hóa cũ)", "commune", "xa", "Hoằng Thái", "hoangthai", parent="hoanghoa"),
        unit(
            "xã Hoằng Thái (Hoằng Hóa) (cũ)", "commune", "xa", "Hoằng Thái", "hoangthai", former=True, parent="hoanghoa"
        ),
        unit("H. Yên Định", "district", "huyen", "Yên Định", "yendinh"),
        unit("H.Yên Định", "district", "huyen", "Yên Định", "yendinh"),
        unit("H Yên Định", "district", "huyen", "Yên Định", "yendinh"),
        unit("Huyện Yên Định", "district", "huyen", "Yên Định", "yendinh"),
        unit("HUYỆN YÊN ĐỊNH", "district", "huyen", "YÊN ĐỊNH", "yendinh"),
        unit("Thị xã Nghi Sơn", "district", "thi_xa", "Nghi Sơn", "nghison"),
        unit("TX Bỉm Sơn", "district", "thi_xa", "Bỉm Sơn", "bimson"),
        unit("TX. Bỉm Sơn", "district", "thi_xa", "Bỉm Sơn", "bimson"),
        unit("Thanh Hoá", None, None, "Thanh Hóa", "thanhhoa"),
        unit("Thanh Hóa", None, None, "Thanh Hóa", "thanhhoa"),
        unit("Tỉnh Thanh Hóa", "province", "tinh", "Thanh Hóa", "thanhhoa"),
        unit("Phường Hàm Rồng", "commune", "phuong", "Hàm Rồng", "hamrong"),
        unit("P. Hàm Rồng", "commune", "phuong", "Hàm Rồng", "hamrong"),
        unit("Xã Hoằng Thái", "commune", "xa", "Hoằng Thái", "hoangthai"),
        unit("X. Hoằng Thái", "commune", "xa", "Hoằng Thái", "hoangthai"),
        unit("Thị trấn Bút Sơn", "commune", "thi_tran", "Bút Sơn", "butson"),
        unit("TT Bút Sơn", "commune", "thi_tran", "Bút Sơn", "butson"),
        unit("TT. Bút Sơn", "commune", "thi_tran", "Bút Sơn", "butson"),
        unit("Hà Trung", None, None, "Hà Trung", "hatrung"),
        unit("Phú Lộc", None, None, "Phú Lộc", "phuloc"),
        unit("Phương Sơn", None, None, "Phương Sơn", "phuongson"),
        unit("Xà Bang", None, None, "Xà Bang", "xabang"),
        unit("Tĩnh Gia", None, None, "Tĩnh Gia", "tinhgia"),
        unit("Tinh Gia", None, None, "Tinh Gia", "tinhgia"),
        unit("h yên định", None, None, "h yên định", "hyendinh"),
        unit("Huyện", None, None, "Huyện", "huyen"),
        unit("  huyện   Hậu  Lộc  ", "district", "huyen", "Hậu Lộc", "hauloc"),
        unit("huyen quang xuong", "district", "huyen", "quang xuong", "quangxuong"),
        unit("tp sam son", "district", "thanh_pho", "sam son", "samson"),
        unit("", None, None, "", ""),
    ],
)
def test_parse_unit_name(raw, expected):
    assert parse_unit_name(raw) == expected


@pytest.mark.parametrize(
    "raw", ["Huyện Quảng Xương", "Thị xã Nghi Sơn", "xã Hoằng Thái (huyện Hoằng Hoá cũ)", "TP. Sầm Sơn"]
)
def test_parse_unit_name_nfd_and_old_tones_give_the_same_result(raw):
    assert parse_unit_name(nfd(raw)) == parse_unit_name(raw)
    assert parse_unit_name(nfd(raw)).raw == canonical(raw)


def test_parse_unit_name_keys_agree_across_spellings():
    spellings = ["huyện Yên Định", "H. Yên Định", "Huyện Yên Định", "Yên Định", nfd("HUYỆN YÊN ĐỊNH"), "yen dinh"]
    assert {parse_unit_name(s).key for s in spellings} == {"yendinh"}


def test_parsed_unit_name_is_frozen():
    parsed = parse_unit_name("huyện Quảng Xương")
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.key = "x"  # type: ignore[misc]
