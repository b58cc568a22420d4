"""Browsing the registry: search (the index of registry/search_index.py, folded diacritics),
sorting and pagination in SQL, one record in detail, and finding a record by title."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session, col

from registry import search_index, text
from registry.models import PRECISION_FIELDS, STAGE_DATE_FIELDS, Award, ModelExample, StageEvent
from registry.queries.counts import count_by, record_conditions
from registry.queries.filters import Codes, Filters

# --------------------------------------------------------------------------- browse and detail
SORTS = {
    "registered_on": "registered_on",
    "title": "title_key",
    "unit": "unit_id",
    "field": "field_id",
    "stage": "stage",
    "id": "id",
}


@dataclass
class Page:
    rows: list[dict]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


# A search reads at most this many characters and distinct words: each word is one LIKE, and a
# thousand of them overflow the database's expression tree ("Expression tree is too large").
MAX_SEARCH_CHARS = 200
MAX_SEARCH_WORDS = 20


def search_words(query: str | None) -> list[str]:
    """The folded, distinct words of a search, control characters dropped (a NUL byte is refused
    by PostgreSQL), from its first ``MAX_SEARCH_CHARS`` characters, at most ``MAX_SEARCH_WORDS``."""
    words = text.fold(text.clean(query)[:MAX_SEARCH_CHARS]).split()
    return list(dict.fromkeys(words))[:MAX_SEARCH_WORDS]


def search_conditions(ex, query: str, dialect: str = "") -> list:
    """Every folded word of ``query`` (``search_words``) must occur in the record's folded search
    text (a LIKE per word). On SQLite the FTS5 trigram index first narrows the rows to candidates
    (words of three characters or more); PostgreSQL's trigram index serves the LIKE itself."""
    words = search_words(query)
    conds = [ex.c.search_text.contains(w, autoescape=True) for w in words]
    match = search_index.match_query(words) if dialect == "sqlite" else None
    if match:
        conds.append(ex.c.id.in_(search_index.candidates(match)))
    return conds


def browse(
    session: Session,
    *,
    filters: Filters,
    query: str = "",
    sort: str = "registered_on",
    descending: bool = True,
    page: int = 1,
    per_page: int = 25,
    codes: Codes | None = None,
) -> Page:
    """One page of records matching the filters and the search, sorted in SQL (LIMIT/OFFSET).
    The total comes from the summary rollups when there is no search text."""
    codes = codes or Codes.load(session)
    ex = ModelExample.__table__
    conds = record_conditions(ex, filters, codes) + search_conditions(ex, query, session.get_bind().dialect.name)
    column = getattr(ex.c, SORTS.get(sort, "registered_on"))
    order = [column.desc(), ex.c.id.desc()] if descending else [column.asc(), ex.c.id.asc()]
    per_page = max(1, min(int(per_page), 200))
    if search_words(query) or filters.units:  # a unit filter may split records between units: count them
        total_n = int(session.execute(select(func.count()).select_from(ex).where(*conds)).scalar() or 0)
    else:
        total_n = int(round(sum(r[-1] for r in count_by(session, filters=filters, group=(), codes=codes))))
    pages = max(1, -(-total_n // per_page))
    page = min(max(1, int(page)), pages)
    cols = [
        ex.c.id,
        ex.c.title,
        ex.c.holder_name,
        ex.c.kind,
        ex.c.unit_id,
        ex.c.commune_id,
        ex.c.field_id,
        ex.c.bloc_id,
        ex.c.stage,
        ex.c.registered_on,
        ex.c.registered_precision,
        ex.c.replicated_from_id,
        ex.c.is_sample,
    ]
    stmt = select(*cols).where(*conds).order_by(*order).limit(per_page).offset((page - 1) * per_page)
    rows = [dict(r._mapping) for r in session.execute(stmt).all()]
    return Page(rows, total_n, page, per_page)


def record_detail(session: Session, *, example_id: int) -> dict | None:
    """One live record with its stage history, awards, direct origin, family root and copies."""
    ex = session.get(ModelExample, example_id)
    if ex is None or ex.deleted:
        return None
    events = list(
        session.execute(
            select(StageEvent)
            .where(col(StageEvent.example_id) == example_id)
            .order_by(col(StageEvent.reached_on), col(StageEvent.id))
        ).scalars()
    )
    awards = list(
        session.execute(
            select(Award).where(col(Award.example_id) == example_id).order_by(col(Award.awarded_on), col(Award.id))
        ).scalars()
    )
    origin = session.get(ModelExample, ex.replicated_from_id) if ex.replicated_from_id else None
    root = session.get(ModelExample, ex.origin_id) if ex.origin_id else None
    copies = list(
        session.execute(
            select(ModelExample)
            .where(col(ModelExample.replicated_from_id) == example_id, col(ModelExample.deleted).is_(False))
            .order_by(col(ModelExample.registered_on), col(ModelExample.id))
            .limit(200)
        ).scalars()
    )
    return {"record": ex, "events": events, "awards": awards, "origin": origin, "root": root, "copies": copies}


def stage_precision(record: dict, stage: str, day: dt.date | None) -> str:
    """The precision to show a stage event's or an award's ``day`` with: that of the record's date
    of the stage when it is that date ("2023" for a registration the source dated by its year),
    else "day" (a stage changed in the form, on a day)."""
    name = "registered_on" if stage == "registered" else STAGE_DATE_FIELDS.get(stage)
    if name is None or day is None or record.get(name) != day:
        return "day"
    return record.get(PRECISION_FIELDS[name]) or "day"


def find_examples(session: Session, *, query: str, limit: int = 20) -> list[tuple[int, str, int]]:
    """(id, title, year) of live records whose folded text matches, for choosing one model."""
    ex = ModelExample.__table__
    conds = [ex.c.deleted.is_(False)] + search_conditions(ex, query, session.get_bind().dialect.name)
    stmt = (
        select(ex.c.id, ex.c.title, ex.c.year)
        .where(*conds)
        .order_by(ex.c.registered_on.desc(), ex.c.id.desc())
        .limit(limit)
    )
    return [tuple(r) for r in session.execute(stmt).all()]
