"""Candidate origins for records without one, from what the records themselves say.

A candidate is an earlier record (or one of the same year when only years are known) in another
unit whose title, folded (``registry.text.title_match_key``) without generic words and with the
common abbreviations written out, is the same or close (rapidfuzz). The score in [0, 1] starts
from the closeness of the titles, weighed by how specific the title is (a title held by many
units proves little: decided from the data, never from a list), and adds the evidence of the
same field, a neighbouring unit and a shared programme. Pure computation: storing is ``store``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz
from sqlalchemy import or_, select
from sqlmodel import Session

from registry.i18n import t
from registry.models import AdminUnit, ModelExample, id_of
from registry.text import title_match_key

# Words that say nothing about which model a title names.
GENERIC_WORDS = ("mo hinh", "dien hinh", "dan van kheo", "xay dung", "thuc hien", "phong trao")
ABBREVIATIONS = {
    "ntm": "nong thon moi",
    "attp": "an toan thuc pham",
    "cqtt": "chinh quyen than thien",
    "antt": "an ninh trat tu",
    "pccc": "phong chay chua chay",
    "htx": "hop tac xa",
}
_GENERIC = re.compile(r"\b(?:" + "|".join(GENERIC_WORDS) + r")\b")
CLOSE = 85  # rapidfuzz token_set_ratio at least this: the titles are close
SPECIFIC_UNITS = 3  # a title held by up to this many units is specific
NEIGHBOUR_KM = 30.0
PER_KEY = 12  # latest earlier records of one title considered for a record
TOP = 3  # suggestions kept per record
FLOOR = 0.45  # below this a candidate is not kept
MISSING_WORD = 0.6  # closeness kept per word of the origin's title missing in the copy's
MIN_SIM = 0.7  # titles less close than this are not compared record by record
SUBSET_WORDS = 16  # up to this many distinct words, a title's origins may be found by its subsets


@lru_cache(maxsize=100_000)
def match_key(title: str | None) -> str:
    """The title as the suggester compares it: folded, abbreviations written out, generic words out.
    (Cached: titles repeat, and an import's dry run and commit each compare the whole registry.)"""
    words = [ABBREVIATIONS.get(w, w) for w in title_match_key(title).split()]
    stripped = " ".join(_GENERIC.sub(" ", " ".join(words)).split())
    return stripped or " ".join(words)


@dataclass
class Record:
    id: int
    title: str
    unit_id: int
    field_id: int
    programme_id: int | None
    registered_on: dt.date
    year_only: bool
    root_id: int | None
    replicated: bool = False
    key: str = ""


@dataclass
class Candidate:
    copy_id: int
    origin_id: int
    score: float
    reason: str


@dataclass
class Places:
    """Which units are neighbours: the same district of that time, or centroids close together."""

    district: dict[int, int] = field(default_factory=dict)
    point: dict[int, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> Places:
        units = {id_of(u): u for u in session.scalars(select(AdminUnit))}
        out = cls()
        for u in units.values():
            district = u
            while district.level == "commune" and district.parent_id is not None and district.parent_id in units:
                district = units[district.parent_id]
            out.district[id_of(u)] = id_of(district)
            if u.lat is not None and u.lon is not None:
                out.point[id_of(u)] = (u.lat, u.lon)
        return out

    def neighbours(self, a: int, b: int) -> bool:
        if self.district.get(a) == self.district.get(b) and a in self.district:
            return True
        pa, pb = self.point.get(a), self.point.get(b)
        if pa is None or pb is None:
            return False
        dy = (pa[0] - pb[0]) * 111.0
        dx = (pa[1] - pb[1]) * 111.0 * math.cos(math.radians(pa[0]))
        return dx * dx + dy * dy <= NEIGHBOUR_KM * NEIGHBOUR_KM


def load_records(session: Session, *, ids: set[int] | None = None) -> list[Record]:
    """The live records (or only those of ``ids``) as the suggester reads them."""
    ex = ModelExample.__table__.c
    query = select(
        ex.id, ex.title, ex.unit_id, ex.field_id, ex.programme_id, ex.registered_on, ex.registered_precision,
        ex.origin_id, ex.replicated_from_id,
    ).where(ex.deleted.is_(False))  # fmt: skip
    if ids is not None:
        query = query.where(ex.id.in_(sorted(ids)))
    out = []
    for rid, title, unit, fld, prog, day, precision, root, parent in session.execute(query):
        out.append(Record(rid, title, unit, fld, prog, day, precision == "year", root, parent is not None))
    return out


@lru_cache(maxsize=100_000)
def _words(key: str) -> frozenset[str]:
    return frozenset(key.split())


def load_block(session: Session, ids: set[int]) -> list[Record]:
    """The records ``ids`` and every live record that could be the origin of one of them, for the
    upkeep of a few records a write touched (the form), without reading the whole registry: a
    candidate origin's key holds no word its copy's key lacks (``_close_keys`` drops an origin
    with one missing word), so the block is the records whose key words all occur in one of the
    touched records' keys. Every record of such a key is in the block, so how many units hold it
    (how generic it is) is counted as over the whole registry: the suggestions are the same."""
    ex = ModelExample.__table__.c
    mine = session.execute(select(ex.id, ex.title).where(ex.id.in_(sorted(ids)), ex.deleted.is_(False))).all()
    wanted = {_words(match_key(title)) for _rid, title in mine}
    words = set().union(*wanted) if wanted else set()
    # the stored match_key (registry.text.title_match_key) holds every word of the suggester's key,
    # or the abbreviation it was written out from
    words |= {short for short, long in ABBREVIATIONS.items() if set(long.split()) & words}
    block = {rid for rid, _title in mine}
    if words:
        query = select(ex.id, ex.title).where(
            ex.deleted.is_(False), or_(*(ex.match_key.contains(w, autoescape=True) for w in sorted(words)))
        )
        block |= {rid for rid, title in session.execute(query) if any(_words(match_key(title)) <= w for w in wanted)}
    return load_records(session, ids=block)


def _close_keys(queries: list[str], choices: list[str]) -> list[list[tuple[int, float]]]:
    """For each query (a copy's key), the choices (origins' keys) close to it with their
    closeness in [0, 1]. A copy often adds words to its origin's title (a place name, "kiểu
    mẫu"); an origin whose own words the copy lacks is another, more specific model: its
    closeness is scaled by MISSING_WORD for each of its words the copy lacks, and compared only
    while that keeps it at MIN_SIM or more.

    With the constants as they are no word may be missing: an origin's words are a subset of its
    copy's. The origins of a query are then found by looking up the subsets of its words (a few
    dozen to a few thousand lookups for a real title), not by comparing it with every title that
    shares a word: a file of titles written with a small vocabulary made that quadratic (20.000
    rows took 11 minutes). A title of more than ``SUBSET_WORDS`` distinct words, or constants that
    allow a missing word, or a query whose words are rare enough that fewer choices hold them than
    it has subsets, go through the choices that hold one of their rarest words."""
    allowed = 0
    while MISSING_WORD ** (allowed + 1) >= MIN_SIM:
        allowed += 1
    words = [c.split() for c in choices]
    sets = [frozenset(ws) for ws in words]
    # a title that repeats a word counts its words with their repeats (bags), others as sets
    bags = {j: Counter(words[j]) for j, ws in enumerate(sets) if len(ws) != len(words[j])}
    by_set: dict[frozenset[str], list[int]] = defaultdict(list)
    for j, ws in enumerate(sets):
        if ws:
            by_set[ws].append(j)
    df = Counter(w for ws in sets for w in ws)
    postings: dict[str, list[int]] = defaultdict(list)
    for j, ws in enumerate(sets):
        rarest = [min(ws, key=lambda w: (df[w], w))] if allowed == 0 and ws else sorted(ws, key=lambda w: (df[w], w))
        for w in rarest[: allowed + 1]:
            postings[w].append(j)
    out: list[list[tuple[int, float]]] = []
    for a in queries:
        mine_words = a.split()
        mine = frozenset(mine_words)
        mine_bag = Counter(mine_words) if bags else None
        present = sorted(mine & df.keys())  # a word no choice holds cannot be in an origin's
        scan = sum(len(postings.get(w, ())) for w in present)
        near: Iterable[int]
        if allowed == 0 and len(present) <= SUBSET_WORDS and 2 ** len(present) < scan:
            near = [
                j
                for size in range(1, len(present) + 1)
                for subset in combinations(present, size)
                for j in by_set.get(frozenset(subset), ())
            ]
        else:
            near = {j for w in mine for j in postings.get(w, ())}
        found = []
        for j in near:
            b = choices[j]
            if a == b:
                found.append((j, 1.0))
                continue
            # each word of the origin's that the copy lacks: another, more specific model
            missing = len(sets[j] - mine) if j not in bags or mine_bag is None else sum((bags[j] - mine_bag).values())
            if MISSING_WORD**missing < MIN_SIM:
                continue
            close = fuzz.token_set_ratio(a, b, score_cutoff=CLOSE)
            if not close:
                continue
            sim = (0.5 * close + 0.5 * fuzz.ratio(a, b)) / 100 * MISSING_WORD**missing
            if sim >= MIN_SIM:
                found.append((j, sim))
        out.append(found)
    return out


def compute(
    session: Session,
    *,
    only: set[int] | None = None,
    rejected: AbstractSet[tuple[int, int]] = frozenset(),
    records: list[Record] | None = None,
    places: Places | None = None,
) -> list[Candidate]:
    """The best candidates (``TOP`` at most, score ≥ ``FLOOR``) of every live record without an
    origin, or only of the records ``only``; never a pair in ``rejected``."""
    records = records if records is not None else load_records(session)
    places = places or Places.load(session)
    key_index: dict[str, int] = {}
    for r in records:
        r.key = match_key(r.title)
        key_index.setdefault(r.key, len(key_index))
    keys = list(key_index)
    units_of: dict[int, set[int]] = defaultdict(set)
    by_key: dict[int, list[Record]] = defaultdict(list)
    for r in records:
        k = key_index[r.key]
        units_of[k].add(r.unit_id)
        by_key[k].append(r)
    for group in by_key.values():
        group.sort(key=lambda r: (r.registered_on, r.id))
    days = {k: [r.registered_on for r in group] for k, group in by_key.items()}
    wanted = [r for r in records if not r.replicated and (only is None or r.id in only)]
    wanted_keys = sorted({key_index[r.key] for r in wanted})
    close = dict(zip(wanted_keys, _close_keys([keys[k] for k in wanted_keys], keys), strict=True))
    out: list[Candidate] = []
    for r in wanted:
        found = []
        for k, sim in close.get(key_index[r.key], ()):
            group, when = by_key[k], days[k]
            # earlier records, or of the same year when only the year is known
            limit = dt.date(r.registered_on.year, 12, 31) if r.year_only else r.registered_on
            end = bisect.bisect_right(when, limit)
            n_units = len(units_of[k])
            # a title this common cannot reach the floor on its own: only a shared programme could lift it
            weak = sim * (0.3 + 0.6 * min(1.0, SPECIFIC_UNITS / n_units)) + 0.1 < FLOOR
            if weak and r.programme_id is None:
                continue
            for o in group[max(0, end - PER_KEY * 2) : end][::-1]:
                if o.id == r.id or o.unit_id == r.unit_id or o.root_id == r.id or (r.id, o.id) in rejected:
                    continue
                if o.registered_on == r.registered_on and o.id > r.id and not r.year_only:
                    continue
                if weak and o.programme_id != r.programme_id:
                    continue
                found.append(_score(r, o, sim, n_units, places))
                if len(found) >= PER_KEY * 4:
                    break
        found = [c for c in found if c[0] >= FLOOR]
        found.sort(key=lambda c: (-c[0], c[1]))
        out += [Candidate(r.id, c[2].id, round(c[0], 4), _reason(c[2], c[3])) for c in found[:TOP]]
    return out


def _score(r: Record, o: Record, sim: float, n_units: int, places: Places) -> tuple:
    """The score of ``o`` as origin of ``r`` and the evidence behind it (turned into words by ``_reason``)."""
    specific = min(1.0, SPECIFIC_UNITS / max(n_units, 1))
    same_field = r.field_id == o.field_id
    neighbour = places.neighbours(r.unit_id, o.unit_id)
    programme = r.programme_id is not None and r.programme_id == o.programme_id
    score = sim * (0.3 + 0.6 * specific) + (0.05 if same_field else -0.1) + 0.05 * neighbour + 0.15 * programme
    return (
        max(0.0, min(1.0, score)),
        (o.registered_on, o.id),
        o,
        (sim, n_units, specific, same_field, neighbour, programme),
    )


def _reason(o: Record, evidence: tuple) -> str:
    sim, n_units, specific, same_field, neighbour, programme = evidence
    parts = [
        t("suggest.reason.same_title", "vi", title=o.title)
        if sim >= 1
        else t("suggest.reason.close_title", "vi", title=o.title, pct=round(sim * 100))
    ]
    parts.append(t("suggest.reason.same_field" if same_field else "suggest.reason.other_field", "vi"))
    if neighbour:
        parts.append(t("suggest.reason.neighbour", "vi"))
    if programme:
        parts.append(t("suggest.reason.programme", "vi"))
    if specific < 0.99:
        parts.append(t("suggest.reason.generic", "vi", n=f"{n_units:,}".replace(",", ".")))
    return "; ".join(parts)
