"""What the suggester weighs beside the closeness of two titles: which of two records came first
(one direction per pair), whether a title is an honour or a model, whether the text states the
origin, how many unrelated holders share a title, and whether a title names a campaign (a
programme, or a model of a provincial body).

The direction rule, for two records whose titles are close (``precedes``):
  1. the record registered earlier is the origin, the dates compared at the coarser of the two
     precisions (a "2024" and a "03/2024" compare as years, as ``check_origin`` compares them);
  2. when that ties, the holder of the higher level (province, then district, then commune): a
     campaign is rolled out from above;
  3. then the record that states no origin of its own (an empty "Nhân rộng từ");
  4. then the record entered first (the lower id).
The rule is a strict order, so a pair is only ever suggested one way; the reviewer can flip it.
Pure functions: the suggester (``registry.replication.suggest``) calls them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from registry.text import fold, title_match_key

LEVEL_RANK = {"province": 0, "central": 0, "district": 1, "commune": 2}
# How an honour (a category shared by many people) is written: a kind of person, then a word of
# praise. "Nông dân sản xuất kinh doanh giỏi", "Người tốt việc tốt", "Gương … điển hình".
_PERSON = (
    r"nguoi|guong|ca nhan|can bo|hoi vien|nong dan|dang vien|cuu chien binh|thanh nien|phu nu|gia dinh"
    r"|ho gia dinh|cong dan|chi hoi truong|truong thon|bi thu|cong chuc|giao vien|chien si|doanh nhan"
)
_PRAISE = r"tieu bieu|dien hinh|xuat sac|gioi|guong mau|tien tien|tot viec tot|kieu mau|van hoa"
_HONOUR = re.compile(rf"^(?:(?:danh hieu|dien hinh|mo hinh)\s+)?(?:{_PERSON})\b.*\b(?:{_PRAISE})\b")
# How a text says where a model comes from: "học tập mô hình …", "theo mô hình …", "nhân rộng từ …"
_STATED = re.compile(
    r"\b(?:hoc tap(?: kinh nghiem)?|theo (?:mo hinh|cach lam)|nhan rong(?: tu)?|lam theo|hoc hoi)\b(.{3,200})"
)


@dataclass(frozen=True)
class Order:
    """What the direction rule reads of a record."""

    id: int
    registered_on: dt.date
    precision: str  # "day", "month" or "year"
    level: int  # LEVEL_RANK of the holder's unit
    states_origin: bool


def _at(day: dt.date, precision: str) -> tuple[int, ...]:
    if precision == "year":
        return (day.year,)
    if precision == "month":
        return (day.year, day.month)
    return (day.year, day.month, day.day)


def _periods(a: Order, b: Order) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The two dates at the coarser of the two precisions."""
    precisions = (a.precision, b.precision)
    coarse = "year" if "year" in precisions else "month" if "month" in precisions else "day"
    return _at(a.registered_on, coarse), _at(b.registered_on, coarse)


def same_period(a: Order, b: Order) -> bool:
    """Whether the dates cannot tell which came first (the rest of the rule decides)."""
    da, db = _periods(a, b)
    return da == db


def precedes(a: Order, b: Order) -> bool:
    """Whether ``a`` comes before ``b`` by the direction rule (the module's docstring)."""
    da, db = _periods(a, b)
    if da != db:
        return da < db
    if a.level != b.level:
        return a.level < b.level
    if a.states_origin != b.states_origin:
        return not a.states_origin
    return a.id < b.id


@lru_cache(maxsize=100_000)
def is_honour(title: str | None) -> bool:
    """A title that names an honour held by people ("Người … tiêu biểu", "Nông dân … giỏi"), not a
    model someone runs ("Mô hình nuôi ong")."""
    folded = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(title)).split())
    return bool(_HONOUR.search(folded))


@lru_cache(maxsize=100_000)
def stated_keys(text: str | None) -> tuple[frozenset[str], ...]:
    """The word sets a text names as an origin: the whole "Nhân rộng từ" as written, or what follows
    "học tập", "theo mô hình", "nhân rộng từ" in a description (folded as titles are)."""
    if not text:
        return ()
    folded = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())
    return tuple(frozenset(title_match_key(m.group(1)).split()) for m in _STATED.finditer(folded))


def states(origin_words: frozenset[str], written: str, description: str) -> bool:
    """Whether the copy's own text names the origin's title: its "Nhân rộng từ" as written, or a
    phrase of its description ("học tập mô hình …")."""
    if not origin_words:
        return False
    if written and origin_words <= frozenset(title_match_key(written).split()):
        return True
    return any(origin_words <= words for words in stated_keys(description))


def holders(words: frozenset[str], postings: dict[str, set[str]], families: dict[str, set[object]]) -> int:
    """How many unrelated holders share a title: over the title keys that hold every word of
    ``words`` (the title or a longer form of it; ``postings``: word -> keys), their holders
    (``families``: key -> a confirmed family's root, or ("unit", id) for a record in no family)."""
    if not words:
        return 0
    lists = sorted((postings.get(w, set()) for w in words), key=len)
    sharing = set(lists[0]).intersection(*lists[1:])
    return len(set().union(*(families[k] for k in sharing))) if sharing else 0


@dataclass(frozen=True)
class Campaign:
    """A programme as the suggester matches it: its id, name and the words of its name."""

    id: int
    name: str
    words: frozenset[str]


def campaigns(programmes: Iterable[tuple[int, str]], key: Callable[[str], str] = title_match_key) -> list[Campaign]:
    """The programmes, their names' words as ``key`` folds titles."""
    out = []
    for pid, name in programmes:
        words = frozenset(key(name).split())
        if words:
            out.append(Campaign(pid, name, words))
    return out


def campaign_of(words: frozenset[str], programme_id: int | None, known: list[Campaign]) -> Campaign | None:
    """The programme a record belongs to: its tag, or a title that holds the programme's name."""
    for c in known:
        if c.id == programme_id or (c.words and c.words <= words):
            return c
    return None


def in_one_run(origin_key: str, copy_key: str) -> bool:
    """Whether the origin's words stand together in the copy's title, in any order ("bản sáng vùng
    biên" in "giới thiệu giống ngô bản sáng vùng biên"), not scattered through it ("thôn kiểu mẫu"
    in "nông thôn mới kiểu mẫu"). A copy adds words around its origin's title, not inside it."""
    mine, theirs = origin_key.split(), copy_key.split()
    want, size = sorted(mine), len(mine)
    if size > len(theirs):
        return True  # not a sub-title (a close rewording): the closeness decides
    return any(sorted(theirs[i : i + size]) == want for i in range(len(theirs) - size + 1))
