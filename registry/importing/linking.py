"""The origins of an import's rows: "Nhân rộng từ" as written resolved to a stored record
(registry.replication.origins), suggested origins for the new rows that name none (the suggester
run on the planned rows, nothing written), and the links made from the suggestions of at least a
score the user chose, each an audited update through the write layer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import col, select

from registry.errors import PermissionDenied, Problem, ValidationFailed, field_label
from registry.i18n import DEFAULT_LANG, fmt_num, t
from registry.importing.context import ImportContext, Row
from registry.importing.results import RowError, Suggestion
from registry.models import ModelExample, ModelExampleUpdate
from registry.records import writes
from registry.records.validation import References, check_origin
from registry.replication import origins, suggest

COLUMN = "replicated_from"


@dataclass(frozen=True)
class OriginNotice(RowError):
    """A notice about a row's origin whose numbers and references are put in words in the reader's
    language: ``items`` (candidates or suggestions: id or row, title, unit, year, score or None),
    a ``score`` param, ``problems`` (why a link was not made)."""

    items: tuple = ()
    problems: tuple = ()

    def message(self, lang: str = DEFAULT_LANG) -> str:
        params = dict(self.params)
        if self.items:
            params["items"] = "; ".join(_item(i, lang) for i in self.items)
        if "score" in params:
            params["score"] = fmt_num(params["score"], lang, 2)
        if self.problems:
            params["reason"] = " ".join(p.message(lang) for p in self.problems)
        return Problem(self.field or self.column, self.key, params).message(lang)


def _item(item: tuple, lang: str) -> str:
    record_id, row, title, unit, year, score = item
    who = f"#{record_id}" if record_id is not None else t("import.origin_row", lang, row=row)
    out = f"{who} “{title}” ({unit}, {year})"
    return out if score is None else out + " — " + t("import.origin_score", lang, score=fmt_num(score, lang, 2))


def _column(labels: dict[str, str], lang: str) -> str:
    return labels.get(COLUMN) or field_label(COLUMN, lang)


def _values(row: Row) -> dict:
    """The converted values of a row; only rows that converted reach the linking."""
    if row.values is None:
        raise ValueError(f"row {row.number} has no values")
    return row.values


def _link(row: Row, origin_id: int) -> None:
    if row.values is None or row.data is None:  # never: only valid rows are linked
        return
    row.values["replicated_from_id"] = origin_id
    row.values["replicated_from_text"] = ""
    row.data = row.data.model_copy(update={"replicated_from": origin_id, "replicated_from_text": ""})


def resolve_origins(ctx: ImportContext) -> None:
    """Each valid row's "Nhân rộng từ": an id is checked as the write layer checks it (an error when
    it names no live, earlier record); a text that names one record links to it (a notice says
    which); several are listed and nothing is linked; nothing matched is a notice. In the last two
    the text is kept in ``replicated_from_text``."""
    wanted = [r for r in ctx.rows if r.values is not None and not r.errors and r.values.get("replicated_from_text")]
    if not wanted:
        return
    session, refs, result = ctx.db, ctx.refs, ctx.result
    column = _column(ctx.labels, ctx.lang)
    asks = [
        origins.Ask(
            v["replicated_from_text"],
            before=v["registered_on"],
            exclude=r.record_id,
            itself=(v["match_key"], v["unit_id"], v["registered_on"]),
        )
        for r in wanted
        for v in (_values(r),)
    ]
    found = origins.resolve_many(session, asks, refs.units)
    ids = sorted({f.record_id for f in found if f.status == origins.ID and f.record_id is not None})
    query = select(ModelExample).where(col(ModelExample.id).in_(ids))
    stored = {ex.id: ex for ex in session.exec(query)} if ids else {}
    for row, f in zip(wanted, found, strict=True):
        v = _values(row)
        if f.status == origins.ID and f.record_id is not None:  # an ID always has its record_id
            problems = check_origin(
                stored.get(f.record_id),
                f.record_id,
                v["registered_on"],
                row.record_id,
                precision=v.get("registered_precision", "day"),
            )
            for p in problems:
                row.errors.append(RowError(row.number, column, p.key, p.params, COLUMN))
            if not problems:
                _link(row, f.record_id)
            continue
        items = tuple(_candidate(c, refs) for c in f.candidates[:10])
        params: dict[str, object]
        if f.status == origins.ONE and f.record_id is not None:  # ONE always names its record
            _link(row, f.record_id)
            key, params = "import.origin_found", {"value": f.text}
        elif f.status == origins.MANY:
            key, params = "import.origin_ambiguous", {"value": f.text, "n": len(f.candidates)}
        else:
            key, params = "import.origin_unmatched", {"value": f.text}
        result.notices.append(OriginNotice(row.number, column, key, params, COLUMN, items=items))


def _candidate(c: origins.Stored, refs: References) -> tuple:
    unit = refs.units.by_id.get(c.unit_id)
    return (c.id, None, c.title, unit.name if unit else "…", c.registered_on.year, None)


def suggest_new(ctx: ImportContext) -> None:
    """Suggested origins (``suggest.TOP`` at most, best first) for the new rows (``ctx.new``) that
    name no origin, among the stored records and the file's other new rows; nothing is written.
    Each row with suggestions gets one notice listing them; ``result.suggestions`` holds them all."""
    session, new, refs, result = ctx.db, ctx.new, ctx.refs, ctx.result
    copies = {-r.number for r in new if r.values is not None and r.values["replicated_from_id"] is None}
    if not copies:
        return
    records = suggest.load_records(session)
    stored = {r.id: r for r in records}
    planned: dict[int, suggest.Record] = {}
    for row in new:
        v = _values(row)
        planned[-row.number] = suggest.Record(
            -row.number, v["title"], v["unit_id"], v["field_id"], v["programme_id"], v["registered_on"],
            v["registered_precision"] == "year", None, v["replicated_from_id"] is not None,
        )  # fmt: skip
    found = suggest.compute(session, only=copies, records=records + list(planned.values()))
    by_copy: dict[int, list[Suggestion]] = defaultdict(list)
    for c in found:
        origin = stored.get(c.origin_id) or planned[c.origin_id]
        unit = refs.units.by_id.get(origin.unit_id)
        by_copy[-c.copy_id].append(
            Suggestion(
                row=-c.copy_id,
                origin_id=c.origin_id if c.origin_id > 0 else None,
                origin_row=-c.origin_id if c.origin_id < 0 else None,
                title=origin.title,
                unit=unit.name if unit else "…",
                year=origin.registered_on.year,
                score=c.score,
                reason=c.reason,
            )
        )
    column = _column(ctx.labels, ctx.lang)
    for number in sorted(by_copy):
        items = sorted(by_copy[number], key=lambda s: -s.score)
        result.suggestions += items
        result.notices.append(
            OriginNotice(
                number,
                column,
                "import.origin_suggested",
                {"n": len(items)},
                COLUMN,
                items=tuple((s.origin_id, s.origin_row, s.title, s.unit, s.year, s.score) for s in items),
            )
        )


def link_suggested(ctx: ImportContext, created: dict[int, int], min_score: float) -> None:
    """Link each new row (``created``: row number → new id) to its best suggestion of score ≥
    ``min_score``: an audited update of ``replicated_from`` through the write layer, in the
    import's transaction, so that the replication rollups stay in step. Each link is a notice;
    a link the write layer refuses is a notice too, and the row stays without origin."""
    session, result, actor, refs = ctx.db, ctx.result, ctx.actor, ctx.refs
    best: dict[int, Suggestion] = {}
    for s in result.suggestions:
        if s.score >= min_score and (s.row not in best or s.score > best[s.row].score):
            best[s.row] = s
    column = field_label(COLUMN, ctx.lang)
    for number in sorted(best):
        s = best[number]
        copy_id = created.get(number)
        origin_id = s.origin_id if s.origin_id is not None or s.origin_row is None else created.get(s.origin_row)
        if copy_id is None or origin_id is None:
            continue
        item = ((origin_id, None, s.title, s.unit, s.year, None),)
        version = session.get_one(ModelExample, copy_id).version
        try:
            writes.update_example(
                session, copy_id, ModelExampleUpdate(version=version, replicated_from=origin_id), actor, refs
            )
        except (ValidationFailed, PermissionDenied) as exc:
            problems = tuple(getattr(exc, "problems", ())) or (Problem(COLUMN, exc.key, exc.params),)
            result.notices.append(
                OriginNotice(number, column, "import.origin_not_linked", {}, COLUMN, items=item, problems=problems)
            )
            continue
        result.linked.append((copy_id, origin_id))
        result.notices.append(
            OriginNotice(number, column, "import.origin_linked", {"id": copy_id, "score": s.score}, COLUMN, items=item)
        )
