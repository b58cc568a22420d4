"""Candidate origins for records without one, from what the records themselves say.

A candidate is a record before it by the direction rule (``evidence.precedes``: the earlier
date, then the higher level, then the record naming no origin, then the lower id; so a pair is
only ever suggested one way) in another unit, whose title, folded (``registry.text.title_match_key``)
without generic words and with the common abbreviations written out, is the same or close
(rapidfuzz), its words standing together in the copy's title. The score in [0, 1]
(``pairs.Registry.weigh``) starts from the closeness of the titles, weighed by how many unrelated
holders share the title (decided from the data, never from a list), and adds what the copy's text
states ("Nhân rộng từ", "học tập mô hình …"), a campaign (a title naming a programme points to its
first record), a provincial body's model, the same field, a neighbouring unit and a shared
programme tag. An honour shared by people ("Nông dân … giỏi") links no exemplars unless the text
says so. Each copy gets one default origin (``rank`` 0) and its alternatives. Pure computation:
storing is ``store``.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz
from sqlalchemy import and_, case, or_, select
from sqlmodel import Session, col

from registry.i18n import t
from registry.models import ModelExample, Programme
from registry.reference import snapshot
from registry.replication import evidence
from registry.replication.pairs import SPECIFIC_UNITS, Evidence, Record, Registry, period_end, words
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
class Candidate:
    copy_id: int
    origin_id: int
    score: float
    reason: str
    rank: int = 0  # 0: the copy's default origin; 1, 2, …: the alternatives ("xem thêm")


@dataclass
class Places:
    """Which units are neighbours: the same district of that time, or centroids close together."""

    district: dict[int, int] = field(default_factory=dict)
    point: dict[int, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> Places:
        """From the units of the reference snapshot (registry.reference)."""
        units = {u.id: u for u in snapshot(session).units}
        out = cls()
        for u in units.values():
            district = u
            while district.level == "commune" and district.parent_id is not None and district.parent_id in units:
                district = units[district.parent_id]
            out.district[u.id] = district.id
            if u.lat is not None and u.lon is not None:
                out.point[u.id] = (u.lat, u.lon)
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


# how a description says where its model comes from (``evidence.stated_keys``), in canonical text
# (NFC): only such descriptions are read
STATING = ("ọc tập", "heo mô hình", "heo cách làm", "hân rộng", "àm theo", "ọc hỏi")


def _stating(column):  # noqa: ANN001, ANN202 - a SQL expression
    return case((or_(*(column.contains(w, autoescape=True) for w in STATING)), column), else_="")


def load_records(session: Session, *, ids: set[int] | None = None) -> list[Record]:
    """The live records (or only those of ``ids``) as the suggester reads them."""
    ex = ModelExample.__table__.c
    query = select(
        ex.id, ex.title, ex.unit_id, ex.field_id, ex.programme_id, ex.registered_on, ex.registered_precision,
        ex.origin_id, ex.replicated_from_id, ex.kind, ex.replicated_from_text, _stating(ex.description),
    ).where(ex.deleted.is_(False))  # fmt: skip
    if ids is not None:
        query = query.where(ex.id.in_(sorted(ids)))
    out = []
    for rid, title, unit, fld, prog, day, precision, root, parent, kind, written, about in session.execute(query):
        out.append(
            Record(
                rid,
                title,
                unit,
                fld,
                prog,
                day,
                precision == "year",
                root,
                parent is not None,
                kind=kind,
                precision=precision or "day",
                written=written or "",
                description=about or "",
                parent=parent,
            )  # fmt: skip
        )
    return out


def _forms(word: str) -> list[str]:
    """How a word of the suggester's key may be stored in ``match_key`` (``title_match_key``, where
    abbreviations are not written out): itself, or an abbreviation whose long form holds it."""
    return [word] + [short for short, long in ABBREVIATIONS.items() if word in long.split()]


def _holding(ex, keys: set[frozenset[str]]):  # noqa: ANN001, ANN202 - a SQL condition
    """The SQL condition: the stored key holds every word of one of ``keys`` (checked again in Python)."""
    return or_(
        *(
            and_(*(or_(*(ex.match_key.contains(f, autoescape=True) for f in _forms(w))) for w in sorted(k)))
            for k in keys
        )
    )


def load_block(session: Session, ids: set[int]) -> list[Record]:
    """The records ``ids`` and every live record the suggester reads for them, for the upkeep of a
    few records a write touched (the form), without reading the whole registry: the candidate
    origins (a candidate origin's key holds no word its copy's key lacks: ``_close_keys`` drops an
    origin with one missing word, so they are the records whose key words all occur in a touched
    record's key); every record whose title holds one of those keys (how many unrelated holders
    share it); and the records of a touched record's campaign. The suggestions are the same as over
    the whole registry."""
    ex = ModelExample.__table__.c
    mine = session.execute(select(ex.id, ex.title).where(ex.id.in_(sorted(ids)), ex.deleted.is_(False))).all()
    wanted = {words(match_key(title)) for _rid, title in mine}
    vocabulary = set().union(*wanted) if wanted else set()
    block = {rid for rid, _title in mine}
    if not vocabulary:
        return load_records(session, ids=block)
    query = select(ex.id, ex.title).where(
        ex.deleted.is_(False),
        or_(*(ex.match_key.contains(f, autoescape=True) for w in sorted(vocabulary) for f in _forms(w))),
    )
    near = {rid: words(match_key(title)) for rid, title in session.execute(query)}
    near = {rid: ws for rid, ws in near.items() if any(ws <= w for w in wanted)}
    block |= set(near)
    keys = {ws for ws in near.values() if ws} | {w for w in wanted if w}
    query = select(ex.id, ex.title).where(ex.deleted.is_(False), _holding(ex, keys))
    block |= {rid for rid, title in session.execute(query) if any(k <= words(match_key(title)) for k in keys)}
    programmes = evidence.campaigns(session.execute(select(col(Programme.id), col(Programme.name_vi))).all(), match_key)
    touched = [c for c in programmes if any(c.words <= w for w in wanted)]
    touched += [c for c in programmes if c not in touched and session.execute(
        select(ex.id).where(ex.id.in_(sorted(ids)), ex.programme_id == c.id).limit(1)).first()]  # fmt: skip
    for c in touched:
        query = select(ex.id, ex.title).where(
            ex.deleted.is_(False), or_(ex.programme_id == c.id, _holding(ex, {c.words}))
        )
        block |= {
            rid
            for rid, title in session.execute(query)
            if evidence.campaign_of(words(match_key(title)), None, [c]) or True
        }
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
    blocked: AbstractSet[tuple[int, int]] = frozenset(),
    records: list[Record] | None = None,
    places: Places | None = None,
) -> list[Candidate]:
    """Every live record without an origin (or only those of ``only``) with its default origin
    (``rank`` 0, the best) and up to ``TOP`` - 1 alternatives, score ≥ ``FLOOR``: never a pair in
    ``rejected`` (decided pairs), never the reverse of a pair in ``blocked`` (the stored pairs),
    never against the direction rule (``evidence.precedes``), never a pair that makes a loop."""
    records = records if records is not None else load_records(session)
    places = places or Places.load(session)
    key_index: dict[str, int] = {}
    for r in records:
        r.key = match_key(r.title)
        key_index.setdefault(r.key, len(key_index))
    reg = Registry(session, records, match_key)
    keys = list(key_index)
    by_key: dict[int, list[Record]] = defaultdict(list)
    for r in records:
        by_key[key_index[r.key]].append(r)
    for group in by_key.values():
        group.sort(key=lambda r: (r.registered_on, r.id))
    days = {k: [r.registered_on for r in group] for k, group in by_key.items()}
    wanted = [r for r in records if not r.replicated and (only is None or r.id in only)]
    wanted_keys = sorted({key_index[r.key] for r in wanted})
    close = dict(zip(wanted_keys, _close_keys([keys[k] for k in wanted_keys], keys), strict=True))
    out: list[Candidate] = []
    for r in wanted:
        found: dict[int, Evidence] = {}
        # a record tagged with its programme is already tied to its campaign: the tag is that link
        campaign = None if r.programme_id is not None else evidence.campaign_of(words(r.key), None, reg.campaigns)
        tries: list[tuple[Record, float, evidence.Campaign | None]] = []
        if campaign is not None:
            tries += [(o, 1.0, campaign) for o in reg.members[campaign.id][:PER_KEY]]
        end_day = period_end(r)
        may_state = bool(r.written or evidence.stated_keys(r.description))
        for k, sim in close.get(key_index[r.key], ()):
            group = by_key[k]
            end = bisect.bisect_right(days[k], end_day)
            weak = 0.25 + 0.7 * sim * min(1.0, SPECIFIC_UNITS / max(reg.holders(keys[k]), 1)) < FLOOR
            if weak and r.programme_id is None and not may_state:
                continue  # too common a title, and nothing else could lift it to the floor
            tries += [(o, sim, None) for o in group[max(0, end - PER_KEY * 2) : end][::-1]]
        pilots = 0
        for o, sim, named in tries:
            if o.id in found or (r.id, o.id) in rejected or (o.id, r.id) in blocked:
                continue
            if named is not None and pilots:
                continue  # a campaign points to its first record only
            ev = reg.weigh(r, o, sim, places.neighbours(r.unit_id, o.unit_id), named, floor=FLOOR)
            if ev is not None:
                found[o.id] = ev
                pilots += named is not None
            if len(found) >= PER_KEY * 4:
                break
        kept = sorted(
            (e for e in found.values() if e.score >= FLOOR),
            key=lambda e: (-e.score, e.origin.registered_on, e.origin.id),
        )
        out += [Candidate(r.id, e.origin.id, round(e.score, 4), _reason(e), rank) for rank, e in enumerate(kept[:TOP])]
    return out


def _reason(e: Evidence) -> str:
    o = e.origin
    parts = []
    if e.stated:
        parts.append(t("replication.reason.stated", "vi"))
    if e.campaign is not None:
        parts.append(t("replication.reason.campaign", "vi", name=e.campaign.name))
    if e.from_above:
        parts.append(t("replication.reason.from_above", "vi"))
    parts.append(
        t("suggest.reason.same_title", "vi", title=o.title)
        if e.sim >= 1
        else t("suggest.reason.close_title", "vi", title=o.title, pct=round(e.sim * 100))
    )
    parts.append(t("suggest.reason.same_field" if e.same_field else "suggest.reason.other_field", "vi"))
    if e.neighbour:
        parts.append(t("suggest.reason.neighbour", "vi"))
    if e.programme:
        parts.append(t("suggest.reason.programme", "vi"))
    if e.holders > SPECIFIC_UNITS:
        parts.append(t("replication.reason.common", "vi", n=f"{e.holders:,}".replace(",", ".")))
    if e.same_period:
        parts.append(t("replication.reason.same_period", "vi"))
    return "; ".join(parts)
