"""Vietnamese text as it arrives in the real world: normalisation, folding, legacy encodings, unit names.

The same name may come in NFC or NFD, with the tone mark in the old place ("Thanh Hoá") or the new one
("Thanh Hóa"), in a legacy 8-bit font (TCVN3/ABC, VNI) read as Latin-1, with or without a prefix ("Huyện", "TP").
- ``canonical`` is what the registry stores for every user text (``clean`` drops control characters);
- ``fold`` is what search compares ("hoang hoa" finds "Hoằng Hóa"), ``name_key`` what unit matching compares;
- ``detect_legacy``/``convert_legacy`` repair text typed in a TCVN3 or VNI font;
- ``parse_unit_name`` splits a unit as sources write it into prefix, bare name, parent and "former";
- ``strip_outer_quotes`` and ``title_match_key`` are for titles ("“Dân vận khéo” …").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "LEGACY_CODES",
    "PREFIX_LEVELS",
    "ParsedUnitName",
    "canonical",
    "clean",
    "convert_legacy",
    "detect_legacy",
    "fold",
    "name_key",
    "normalise_tone_marks",
    "parse_unit_name",
    "strip_outer_quotes",
    "title_match_key",
]

# --- normalisation ---------------------------------------------------------------------------
# Zero-width space, BOM and control characters but tab/LF/CR dropped; VT, FF, FS-US, NEL a space.
_DROPPED = dict.fromkeys([0x200B, 0xFEFF, *range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F, *range(0x80, 0xA0)])
_DROPPED |= dict.fromkeys([0x0B, 0x0C, *range(0x1C, 0x20), 0x85], " ")
_STROKED_D = str.maketrans("đð", "dd")  # "ð" (eth) is a common stand-in for "đ"
# Combining tone marks in the order grave, hook above, tilde, acute, dot below.
_TONES = "\u0300\u0309\u0303\u0301\u0323"
# An old-style open syllable in NFD: consonants, then o+a / o+e / u+y with the tone on the second vowel.
_OLD_PLACEMENT = re.compile(rf"([^\W\d_aeiouy]*)(o(?=[ae])|u(?=y))([aey])([{_TONES}])", re.IGNORECASE)


def clean(s: str | None, *, lines: bool = False) -> str:
    """NFC, without leading/trailing space, every run of whitespace (NBSP, tab, newline) one space.

    Zero-width spaces, BOMs and control characters (NUL, ESC...) are dropped. None gives "".
    With ``lines`` (description, results), line breaks stay (CRLF, CR -> LF), each line cleaned.
    """
    if s is None:
        return ""
    s = unicodedata.normalize("NFC", s).translate(_DROPPED)
    if not lines:
        return " ".join(s.split())
    return "\n".join(" ".join(line.split()) for line in re.split(r"\r\n?|\n", s)).strip("\n")


def _new_placement(match: re.Match[str]) -> str:
    word = match.group()
    old = _OLD_PLACEMENT.fullmatch(unicodedata.normalize("NFD", word))
    if old is None or old[2] in "uU" and old[1][-1:] in ("q", "Q"):  # "quý", "quà": qu is the initial
        return word
    return unicodedata.normalize("NFC", old[1] + old[2] + old[4] + old[3])


# In NFC, an old placement always shows as o/u followed by a precomposed toned a, e or y: text
# without such a pair (most text) needs no word-by-word look.
_CANDIDATE = re.compile("[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ]")


def normalise_tone_marks(s: str) -> str:
    """NFC text with the tone of open oa/oe/uy syllables on the first vowel, as the province writes.

    "Thanh Hoá" -> "Thanh Hóa", "Thuỷ" -> "Thủy", "khoẻ" -> "khỏe"; "Quý", "hoàng", "toán",
    "khuyến" (no open oa/oe/uy syllable) are unchanged.
    """
    s = unicodedata.normalize("NFC", s)
    if _CANDIDATE.search(s) is None:
        return s
    return re.sub(r"\w+", _new_placement, s)


@lru_cache(maxsize=65_536)
def _canonical(s: str) -> str:
    return normalise_tone_marks(clean(s))


def canonical(s: str | None, *, lines: bool = False) -> str:
    """The form stored for every user text: ``clean`` (with ``lines``) then ``normalise_tone_marks``.
    (Cached: imports repeat the same unit, field and bloc names on every row.)"""
    if s is None:
        return ""
    return _canonical(s) if len(s) < 200 and not lines else normalise_tone_marks(clean(s, lines=lines))


class _FoldTable(dict):  # for str.translate of NFD text: combining marks out, "đ"/"ð" -> "d"
    def __missing__(self, code: int) -> str | None:
        self[code] = out = None if unicodedata.combining(chr(code)) else chr(code).translate(_STROKED_D)
        return out


_FOLD_TABLE = _FoldTable()


def fold(s: str | None) -> str:
    """Search form: canonical, lowercase, no diacritics, "đ" -> "d" ("ĐÔNG SƠN" -> "dong son")."""
    folded = canonical(s).lower()
    if folded.isascii():
        return folded
    return unicodedata.normalize("NFD", folded).translate(_FOLD_TABLE)


@lru_cache(maxsize=16_384)
def name_key(s: str | None) -> str:
    """``fold`` with everything but a-z and 0-9 removed: "TP.Sầm  Sơn" -> "tpsamson"."""
    return re.sub(r"[^a-z0-9]", "", fold(s))


# --- legacy 8-bit encodings --------------------------------------------------------------------
# TCVN3 (ABC) codes of the vowels with each tone, in the order of _TONES, and of the toneless
# letters that ASCII lacks. TCVN3 has no codes for capitals with a tone: fonts such as .VnTimeH
# draw the lowercase codes as capitals, so those capitals are written with the lowercase codes.
_TCVN3_TONED = {
    "a": "µ¶·¸¹",
    "ă": "»¼½¾Æ",
    "â": "ÇÈÉÊË",
    "e": "ÌÎÏÐÑ",
    "ê": "ÒÓÔÕÖ",
    "i": "×ØÜÝÞ",
    "o": "ßáâãä",
    "ô": "åæçèé",
    "ơ": "êëìíî",
    "u": "ïñòóô",
    "ư": "õö÷øù",
    "y": "úûüýþ",
}
_TCVN3_PLAIN = dict(zip("ăâêôơưđĂÂÊÔƠƯĐ", "¨©ª«¬\xad®¡¢£¤¥¦§", strict=True))
# VNI writes a vowel as its ASCII base followed by a mark character. Per vowel: (stem, mark of
# the toneless letter, marks for the five tones in the order of _TONES). "i", "ỵ", "đ", and the
# stems "ô" (ơ) and "ö" (ư) are single characters.
_VNI_PLAIN_TONES = "øûõùï"
_VNI_VOWELS = {
    "a": ("a", "", _VNI_PLAIN_TONES),
    "ă": ("a", "ê", "èúüéë"),
    "â": ("a", "â", "àåãáä"),
    "e": ("e", "", _VNI_PLAIN_TONES),
    "ê": ("e", "â", "àåãáä"),
    "o": ("o", "", _VNI_PLAIN_TONES),
    "ô": ("o", "â", "àåãáä"),
    "ơ": ("ô", "", _VNI_PLAIN_TONES),
    "u": ("u", "", _VNI_PLAIN_TONES),
    "ư": ("ö", "", _VNI_PLAIN_TONES),
    "y": ("y", "", _VNI_PLAIN_TONES),
}
_VNI_SINGLE = {"ì": "ì", "ỉ": "æ", "ĩ": "ó", "í": "í", "ị": "ò", "ỵ": "î", "đ": "ñ"}


def _with_tone(vowel: str, tone: int) -> str:
    return unicodedata.normalize("NFC", vowel + _TONES[tone])


def _tcvn3_codes() -> dict[str, str]:
    codes = {_with_tone(v, t): marks[t] for v, marks in _TCVN3_TONED.items() for t in range(5)}
    codes |= {letter.upper(): code for letter, code in codes.items()}
    return codes | _TCVN3_PLAIN


def _vni_codes() -> dict[str, str]:
    codes = {}
    for vowel, (stem, plain, marks) in _VNI_VOWELS.items():
        if stem + plain != vowel:
            codes[vowel] = stem + plain
        codes |= {_with_tone(vowel, t): stem + marks[t] for t in range(5)}
    codes = codes | _VNI_SINGLE
    return codes | {letter.upper(): code.upper() for letter, code in codes.items()}


LEGACY_CODES: dict[str, dict[str, str]] = {"tcvn3": _tcvn3_codes(), "vni": _vni_codes()}
"""Per encoding, each Vietnamese letter that ASCII lacks -> its legacy code as read in Latin-1.

``convert_legacy`` uses the inverse; tests use this table to write legacy text.
"""


def _decoder(encoding: str) -> dict[str, str]:
    """Legacy code -> letter. Lowercase wins where TCVN3 shares a code; VNI marks of either case."""
    decode: dict[str, str] = {}
    for letter, code in sorted(LEGACY_CODES[encoding].items(), key=lambda item: not item[0].islower()):
        decode.setdefault(code, letter)
        if len(code) == 2:  # VNI: the case of the base letter decides ("Aù" and "aÙ" are seen too)
            decode.setdefault(code[0] + code[1].swapcase(), letter)
    return decode


_DECODE = {encoding: _decoder(encoding) for encoding in LEGACY_CODES}
_CODE_RE = {
    encoding: re.compile("|".join(map(re.escape, sorted(table, key=len, reverse=True))))
    for encoding, table in _DECODE.items()
}
# Runs of letters (TCVN3 also codes letters with Latin-1 symbols such as "¸" and the soft hyphen).
_LEGACY_WORD = {"tcvn3": re.compile(r"[A-Za-z\xa1-\xff]+"), "vni": re.compile(r"[A-Za-z\xc0-\xff]+")}
_CASELESS_TCVN3 = set("".join(_TCVN3_TONED.values()))
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
    r"(?:o(?=[aăe])|u(?=[âêyơ]))?"
    r"(?:iê|yê|ia|ya|uô|ua|ươ|ưa|[aăâeêioôơuưy])"
    r"(?P<final>ch|ng|nh|[cmnptk]|[iyou])?"
)


def _split_tone(letter: str) -> tuple[str, str]:
    """("ậ" ->) ("â", dot below): a letter without its tone mark, and the mark ("" if none)."""
    decomposed = unicodedata.normalize("NFD", letter)
    tone = "".join(c for c in decomposed if c in _TONES)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES)), tone


def _is_syllable(word: str) -> bool:
    """Whether ``word`` is spelt like one Vietnamese syllable.

    At most one tone, not on a final glide ("xaõ" is not), and a final c/ch/k/p/t takes sắc or nặng.
    """
    letters = [_split_tone(c) for c in unicodedata.normalize("NFC", word.lower())]
    tones = "".join(tone for _, tone in letters)
    match = _SYLLABLE.fullmatch("".join(base for base, _ in letters))
    if match is None or len(tones) > 1:
        return False
    if tones and match["final"] and next(i for i, (_, t) in enumerate(letters) if t) >= match.start("final"):
        return False
    return match["final"] not in ("c", "ch", "k", "p", "t") or tones in ("\u0301", "\u0323")


def _decode(s: str, encoding: str) -> str:
    if encoding == "tcvn3":
        return re.sub(r"[^\n]+", lambda line: _decode_tcvn3_line(line.group()), s)
    return _CODE_RE["vni"].sub(lambda m: _DECODE["vni"][m.group()], s)


def _in_capitals(tcvn3: str) -> bool:
    """Whether the letters of ``tcvn3`` that keep their case in TCVN3 are two or more capitals."""
    cased = [c for c in (_DECODE["tcvn3"].get(c, c) for c in tcvn3 if c not in _CASELESS_TCVN3) if c.isalpha()]
    return len(cased) >= 2 and all(c.isupper() for c in cased)


def _decode_tcvn3_line(line: str) -> str:
    """Decode a line; toned letters are capitals in a capitalised word or line ("HO¸" -> "HÓA")."""
    line_in_capitals = _in_capitals(line)

    def word(match: re.Match[str]) -> str:
        decoded = "".join(_DECODE["tcvn3"].get(c, c) for c in match.group())
        return decoded.upper() if line_in_capitals or _in_capitals(match.group()) else decoded

    return _LEGACY_WORD["tcvn3"].sub(word, line)


def _score(s: str, encoding: str) -> tuple[int, int]:
    """(valid - invalid words, telling words) for ``s`` read as ``encoding``.

    A word counts when it has a non-ASCII character. It is valid when every such character is part
    of a code and it decodes to a Vietnamese syllable, and only then counts for (not against) the
    encoding if it also has an ASCII letter outside the codes ("Où" proves nothing). It tells when
    it is a syllable only once decoded: "Ho¸" and "Hoùa" do, Unicode "Hóa" does not.
    """
    balance = telling = 0
    for word in _LEGACY_WORD[encoding].findall(s):
        if word.isascii():
            continue
        rest = _CODE_RE[encoding].sub("", word)
        if not (rest.isascii() and _is_syllable(_decode(word, encoding))):
            balance -= 1
        elif re.search("[A-Za-z]", rest):
            balance += 1
            telling += not _is_syllable(word)
    return balance, telling


def detect_legacy(s: str) -> str | None:
    """ "tcvn3" or "vni" when ``s`` is Vietnamese typed in that font and read as Latin-1, else None.

    "Thanh Ho¸" is TCVN3, "Thanh Hoùa" is VNI. Unicode Vietnamese (NFC or NFD), ASCII and
    French/English text are not flagged. A heuristic: a lone foreign word that happens to spell a
    VNI syllable (French "Loïc" reads as "Lọc") can still be flagged, so show the conversion first.
    """
    if any(ord(c) > 0xFF and unicodedata.category(c)[0] in "LM" for c in s):
        return None  # real Unicode letters or combining marks: not 8-bit text
    scores = {encoding: _score(s, encoding) for encoding in LEGACY_CODES}
    flagged = [encoding for encoding, (balance, telling) in scores.items() if balance > 0 and telling]
    return max(flagged, key=scores.__getitem__, default=None)


def convert_legacy(s: str, encoding: str) -> str:
    """Text typed in a TCVN3 ("tcvn3") or VNI ("vni") font and read as Latin-1, as Unicode NFC.

    Tone marks come out in the new placement; whitespace is kept. TCVN3 cannot tell a capital with
    a tone from a lowercase one: such letters are capitalised only in a word or line whose other
    letters (at least two) are capitals ("HO¸" -> "HÓA", "X· NGHI" -> "XÃ NGHI", "Hµ" -> "Hà").
    """
    if encoding not in LEGACY_CODES:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {sorted(LEGACY_CODES)}")
    return normalise_tone_marks(_decode(s, encoding))


# --- unit names --------------------------------------------------------------------------------
_PREFIX_WORDS = {
    "tinh": "tỉnh",
    "thanh_pho": "thành phố",
    "thi_xa": "thị xã",
    "thi_tran": "thị trấn",
    "huyen": "huyện",
    "xa": "xã",
    "phuong": "phường",
}
# "H" alone must be followed by a space and a capitalised word (checked in _split_prefix).
_ABBREVIATIONS = {
    "thanh_pho": r"t\.?p(?:\.|\b)",
    "thi_xa": r"t\.?x(?:\.|\b)",
    "thi_tran": r"t\.?t(?:\.|\b)",
    "huyen": r"h\.|h(?=\s)",
    "xa": r"x\.",
    "phuong": r"p\.",
}
PREFIX_LEVELS = {
    "tinh": "province",
    "thanh_pho": "district",
    "thi_xa": "district",
    "huyen": "district",
    "xa": "commune",
    "phuong": "commune",
    "thi_tran": "commune",
}
"""Administrative level that each prefix kind names (Thanh Hóa's cities are district-level)."""


def _prefix_pattern(unmarked: bool) -> re.Pattern[str]:
    """Prefixes at the start of a name; their unaccented spelling only for unaccented text.

    In accented text an unaccented "Xa" is more likely the start of a name. "tinh" is never taken
    for "tỉnh": "Tinh Gia" is Tĩnh Gia, the district's name until 2020.
    """
    groups = []
    for kind, word in _PREFIX_WORDS.items():
        spellings = {word, fold(word)} if unmarked and kind != "tinh" else {word}
        alternatives = [r"\s*".join(map(re.escape, w.split())) + r"\b" for w in sorted(spellings)]
        alternatives += [_ABBREVIATIONS[kind]] if kind in _ABBREVIATIONS else []
        groups.append(f"(?P<{kind}>{'|'.join(alternatives)})")
    return re.compile(rf"(?:{'|'.join(groups)})[\s.:]*", re.IGNORECASE)


_PREFIX = {unmarked: _prefix_pattern(unmarked) for unmarked in (False, True)}
_TAIL_BRACKET = re.compile(r"\s*\(([^()]*)\)\s*$")
_TAIL_FORMER = re.compile(r"\s+c[uũ]$", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedUnitName:
    """An administrative unit as a source wrote it, split for matching."""

    raw: str  # the whole text, canonical
    level_hint: str | None  # "province", "district", "commune" (from the prefix) or None
    prefix: str | None  # "tinh", "thanh_pho", "thi_xa", "huyen", "xa", "phuong", "thi_tran" or None
    name: str  # the bare name, canonical: "Quảng Xương"
    key: str  # name_key of the bare name: "quangxuong"
    former: bool  # the text marks the unit itself as former: "(cũ)" or a trailing "cũ"
    parent: str | None  # name_key of a bracketed parent: "xã Hoằng Thái (Hoằng Hóa)" -> "hoanghoa"


def _split_prefix(text: str) -> tuple[str | None, str]:
    match = _PREFIX[fold(text) == text.lower()].match(text)
    kind = match.lastgroup if match is not None else None  # every alternative is a named group
    if match is None or kind is None:
        return None, text
    rest = text[match.end() :]
    bare_h = match[kind].lower() == "h"
    if not rest or bare_h and not rest[0].isupper():
        return None, text
    return kind, rest


def parse_unit_name(s: str | None) -> ParsedUnitName:
    """Split a unit name as written in sources: "xã Hoằng Thái (huyện Hoằng Hóa cũ)", "TP. Sầm Sơn".

    Trailing "(cũ)"/"cũ" marks the unit as former; another trailing bracket names its parent,
    whose own "cũ" does not make the unit former. Prefixes are matched in any case, NFC or NFD,
    with or without a dot ("Huyện", "H.", "TP", "T.P", "Thị xã", "TX", "Xã", "X.", "P.", "TT"...).
    """
    raw = canonical(s)
    text, former, parent = raw, False, None
    while True:
        if bracket := _TAIL_BRACKET.search(text):
            text = text[: bracket.start()]
            if name_key(bracket[1]) == "cu":
                former = True
            else:
                parent = parent or parse_unit_name(bracket[1]).key or None
        elif (mark := _TAIL_FORMER.search(text)) and text[: mark.start()].strip():
            text, former = text[: mark.start()], True
        else:
            break
    prefix, name = _split_prefix(text.strip())
    name = name.strip(" .,;:")
    return ParsedUnitName(
        raw=raw,
        level_hint=PREFIX_LEVELS.get(prefix or ""),
        prefix=prefix,
        name=name,
        key=name_key(name),
        former=former,
        parent=parent,
    )


# --- titles --------------------------------------------------------------------------------------
_QUOTE_PAIRS = {"“": "”", '"': '"', "'": "'", "«": "»", "‘": "’", "„": "“", "”": "”", "‹": "›", "「": "」"}
_TITLE_LEAD = re.compile(r"^(?:mo hinh|dien hinh)\b[\s:,.-]*")
_DVK = re.compile(r"\bdan van kheo\b")


def strip_outer_quotes(s: str | None) -> str:
    """A title without the quotes around all of it, of any style: “…”, "…", '…', «…», ‘…’.

    Quotes inside the title stay (Mô hình “Dân vận khéo” trong …); so do quotes that do not
    enclose the whole title (“Dân vận khéo” gắn với giảm nghèo).
    """
    value = canonical(s)
    while len(value) >= 2 and _QUOTE_PAIRS.get(value[0]) == value[-1]:
        inner = value[1:-1]
        if value[0] in inner or value[-1] in inner:
            break  # “A” và “B”: the first and the last quote are not a pair
        value = inner.strip()
    return value


@lru_cache(maxsize=65_536)
def title_match_key(s: str | None) -> str:
    """The key under which two titles are the same model for duplicate matching: folded, outer
    quotes and punctuation removed, without a leading "mô hình"/"điển hình" and without the words
    "Dân vận khéo". ``Mô hình “Dân vận khéo” Bản sáng vùng biên`` and ``Bản sáng vùng biên`` match.
    (Cached: an import computes it for its rows, then the suggester for the same titles.)"""
    folded = fold(strip_outer_quotes(s))
    words = " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())
    words = _DVK.sub(" ", words)
    words = " ".join(words.split())
    while (stripped := _TITLE_LEAD.sub("", words)) != words:
        words = stripped.strip()
    return words or " ".join(folded.split())  # "Mô hình Dân vận khéo" alone keeps its words
