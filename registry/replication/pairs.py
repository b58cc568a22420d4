"""The records as the suggester reads them, and the view of the whole registry that scoring one
pair needs: each record's place in the direction rule (``evidence.precedes``), its family, how many
unrelated holders share a title, the campaigns and their first records, the loops to avoid."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlmodel import Session, col

from registry.models import AdminUnit, Programme
from registry.replication import evidence
from registry.text import title_match_key

SPECIFIC_UNITS = 3  # a title shared by up to this many unrelated holders is specific
CAMPAIGN_TITLE = 0.5  # the weight of a title that holds a programme's name, against its first record


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
    kind: str = "collective"
    precision: str = ""  # "day", "month" or "year"; empty: "year" when ``year_only``, else "day"
    written: str = ""  # "Nhân rộng từ" as written when it named no stored record
    description: str = ""
    parent: int | None = None  # replicated_from


@lru_cache(maxsize=100_000)
def words(key: str) -> frozenset[str]:
    return frozenset(key.split())


@lru_cache(maxsize=100_000)
def title_words(title: str) -> frozenset[str]:
    """A title's words as "Nhân rộng từ" is read (``registry.text.title_match_key``)."""
    return frozenset(title_match_key(title).split())


def period_end(r: Record) -> dt.date:
    """The last day a record's date may stand for (its year, its month, or the day)."""
    precision = r.precision or ("year" if r.year_only else "day")
    if precision == "year":
        return dt.date(r.registered_on.year, 12, 31)
    if precision == "month":
        nxt = dt.date(r.registered_on.year + r.registered_on.month // 12, r.registered_on.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return r.registered_on


@dataclass(frozen=True)
class Evidence:
    """Why ``origin`` may be the origin of a copy; ``score`` in [0, 1]."""

    score: float
    origin: Record
    sim: float
    holders: int
    same_field: bool
    neighbour: bool
    programme: bool
    stated: bool
    campaign: evidence.Campaign | None
    from_above: bool
    same_period: bool


class Registry:
    """What scoring one pair reads of the whole registry (``records``, their keys set by ``key``)."""

    def __init__(self, session: Session, records: list[Record], key: Callable[[str], str]) -> None:
        self._levels: dict[int, str] = dict(session.execute(select(col(AdminUnit.id), col(AdminUnit.level))).all())
        self._order: dict[int, evidence.Order] = {}
        self.by_id = {r.id: r for r in records}
        roots = {r.root_id for r in records if r.root_id is not None}
        # per title key: its holders (a confirmed family once, other records once per unit)
        self.families: dict[str, set[object]] = defaultdict(set)
        for r in records:
            family = r.root_id if r.root_id is not None else r.id if r.id in roots else ("unit", r.unit_id)
            self.families[r.key].add(family)
        self.postings: dict[str, set[str]] = defaultdict(set)
        for k in self.families:
            for w in words(k):
                self.postings[w].add(k)
        self._holders: dict[str, int] = {}
        self.campaigns = evidence.campaigns(
            session.execute(select(col(Programme.id), col(Programme.name_vi))).all(), key
        )
        named = {k for k in self.families if evidence.campaign_of(words(k), None, self.campaigns)}
        self.members: dict[int, list[Record]] = defaultdict(list)  # a campaign's records, first first
        for r in records:
            if r.programme_id is not None or r.key in named:
                if c := evidence.campaign_of(words(r.key), r.programme_id, self.campaigns):
                    self.members[c.id].append(r)
        for group in self.members.values():
            group.sort(key=functools.cmp_to_key(lambda a, b: -1 if self.precedes(a, b) else 1))

    def order(self, r: Record) -> evidence.Order:
        """The record's place in the direction rule (computed when first asked)."""
        found = self._order.get(r.id)
        if found is None:
            level = evidence.LEVEL_RANK.get(self._levels.get(r.unit_id, ""), 2)
            precision = r.precision or ("year" if r.year_only else "day")
            found = self._order[r.id] = evidence.Order(r.id, r.registered_on, precision, level, bool(r.written))
        return found

    def level(self, r: Record) -> int:
        return self.order(r).level

    def precedes(self, o: Record, r: Record) -> bool:
        return evidence.precedes(self.order(o), self.order(r))

    def holders(self, key: str) -> int:
        """How many unrelated holders share the title ``key`` (``evidence.holders``)."""
        if key not in self._holders:
            self._holders[key] = evidence.holders(words(key), self.postings, self.families)
        return self._holders[key]

    def descends(self, o: Record, r: Record) -> bool:
        """Whether ``o`` is a copy (of a copy …) of ``r``: linking r to o would make a loop."""
        seen: set[int] = set()
        current = o.parent
        while current is not None and current not in seen:
            if current == r.id:
                return True
            seen.add(current)
            parent = self.by_id.get(current)
            current = parent.parent if parent else None
        return o.root_id == r.id

    def weigh(
        self,
        r: Record,
        o: Record,
        sim: float,
        neighbour: bool,
        campaign: evidence.Campaign | None = None,
        *,
        floor: float,
    ) -> Evidence | None:
        """``o`` as the origin of ``r``: None when the pair may not be suggested (the reverse of the
        direction rule, a loop, or an honour shared by people), else the score and its evidence. A
        title shared by many unrelated holders weighs little (``SPECIFIC_UNITS`` / n); a campaign's
        first record weighs ``CAMPAIGN_TITLE`` (a closer, specific title beats it); what the copy's
        text states and a shared programme tag add to it; a model of a provincial body is preferred
        once the rest reaches ``floor``."""
        if o.id == r.id or o.unit_id == r.unit_id or not self.precedes(o, r) or self.descends(o, r):
            return None
        if not evidence.in_one_run(o.key, r.key):
            return None  # the origin's words scattered through the copy's title: another model
        stated = evidence.states(title_words(o.title), r.written, r.description)
        if "individual" in (r.kind, o.kind) and not stated:
            if evidence.is_honour(r.title) or evidence.is_honour(o.title):
                return None  # an honour shared by people is a category, not a model
        n = self.holders(o.key)
        from_above = self.level(o) == 0 < self.level(r)
        # a campaign's first record: the copy holds the programme's name, not the pilot's own title
        title = CAMPAIGN_TITLE if campaign else sim * min(1.0, SPECIFIC_UNITS / max(n, 1))
        same_field = r.field_id == o.field_id
        programme = r.programme_id is not None and r.programme_id == o.programme_id
        score = 0.15 + 0.7 * title + (0.05 if same_field else -0.1) + 0.05 * neighbour
        score += 0.15 * programme + 0.3 * stated + 0.2 * bool(campaign)
        score -= 0.2 * bool(r.written and not stated)  # the copy's "Nhân rộng từ" names another model
        # a provincial body's model is preferred among plausible origins; it lifts no title to the floor
        from_above = from_above and score >= floor
        score += 0.1 * from_above
        same_period = evidence.same_period(self.order(o), self.order(r))
        return Evidence(
            max(0.0, min(1.0, score)), o, sim, n, same_field, neighbour, programme, stated, campaign, from_above,
            same_period,
        )  # fmt: skip
