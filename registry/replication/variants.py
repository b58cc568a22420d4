"""How the title of a copy varies from its origin's, as sources write them: quotes, a leading
"Mô hình", small rewordings, abbreviations, an added place name. Used by the demo data
(registry.demo) so that measuring the suggester (benchmarks/replication_inference.py) means
something, and by the tests."""

from __future__ import annotations

import random
from collections.abc import Set as AbstractSet

# long form -> abbreviation, as reports write them
SHORT_FORMS = (
    ("nông thôn mới", "NTM"),
    ("an toàn thực phẩm", "ATTP"),
    ("Chính quyền thân thiện", "CQTT"),
    ("an ninh trật tự", "ANTT"),
    ("phòng cháy chữa cháy", "PCCC"),
    ("Hợp tác xã", "HTX"),
)
REWORDINGS = ("Xây dựng {t}", "{t} kiểu mẫu", "Thực hiện {t}", "{t} ở cơ sở")


def abbreviate(title: str) -> str | None:
    for long, short in SHORT_FORMS:
        for form in (long, long[0].upper() + long[1:], long.lower()):
            if form in title:
                return title.replace(form, short, 1)
    return None


def vary(rng: random.Random, title: str, place: str, *, distinct: bool = False) -> str:
    """A copy's title written after ``title`` in ``place``. ``distinct``: a form that stays apart
    from the origin's once folded (a place name or a rewording), for a copy that is copied in turn."""
    if distinct:
        how = rng.choice(("place", "place", "reword"))
    else:
        how = rng.choices(("same", "quotes", "prefix", "abbrev", "reword", "place"), weights=(3, 3, 3, 2, 2, 3))[0]
    if how == "quotes":
        return f"“{title}”"
    if how == "prefix":
        return rng.choice(("Mô hình {t}", "Mô hình “{t}”", "Mô hình Dân vận khéo “{t}”")).format(t=title)
    if how == "abbrev":
        return abbreviate(title) or f"“{title}”"
    if how == "reword":
        word = rng.choice(REWORDINGS)
        return word.format(t=title[0].lower() + title[1:] if word[0] != "{" else title)
    if how == "place" and place:
        return f"{title} {place}" if rng.random() < 0.6 else f"{title} tại {place}"
    return title


def specific(rng: random.Random, title: str, place: str, villages: list[str], taken: set[str]) -> str:
    """An origin's own name: the common title made specific to where it began (unique in ``taken``)."""
    others = list(villages)
    rng.shuffle(others)
    # a village and the place: no origin's name holds another's
    for name in (f"{title} {v} {place}".strip() for v in others):
        if name not in taken:
            taken.add(name)
            return name
    n = 2
    while f"{title} {place} {n}" in taken:
        n += 1
    taken.add(f"{title} {place} {n}")
    return f"{title} {place} {n}"


def vary_families(
    rng: random.Random,
    titles: list[str],
    places: list[str],
    origins: list[int | None],
    villages: list[str],
    keep: AbstractSet[int] = frozenset(),
) -> list[str]:
    """New titles for rows ``titles`` (origin of row i: ``origins[i]``, an index, or None): every
    origin that is copied gets a name of its own, every copy a variant of its origin's title (a
    copy that is copied in turn, a distinct one). Rows that are no family keep the common titles,
    so that unrelated records share them. Rows in ``keep`` keep theirs."""
    copied = {o for o in origins if o is not None}
    taken: set[str] = set()
    out: dict[int, str] = {}  # row -> its new title, once decided

    def title_of(i: int) -> str:
        stack = [i]
        while stack:
            j = stack[-1]
            o = origins[j]
            if o is not None and o not in out:
                stack.append(o)
                continue
            stack.pop()
            if j in out:
                continue
            if j in keep:
                out[j] = titles[j]
            elif o is not None:
                out[j] = vary(rng, out[o], places[j], distinct=j in copied)
            elif j in copied:
                out[j] = specific(rng, titles[j], places[j], villages, taken)
            else:
                out[j] = titles[j]
        return out[i]

    return [title_of(i) for i in range(len(titles))]
