"""The body of the report to the Standing Committee as blocks (headings, sentences, tables with a
totals row, charts with a caption), in Vietnamese (or English), numbers written the Vietnamese way
("8.419", "38,2%"). Every number comes from ``party_sections.PartyFigures``; the Word document is
drawn from these blocks by registry/exports/party_report.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from registry.exports.formats import describe
from registry.exports.keyfigures import _has_other_filters
from registry.exports.party_sections import PartyFigures
from registry.i18n import fmt_date, fmt_int, fmt_pct, t
from registry.models import STAGES
from registry.report_tables import FIELD_FIGURES, KIND_FIGURES, STAGE_FIGURES

# the charts drawn into the report (slugs of registry/charts/specs.py), each after its section: by
# field always; by year and by bloc over several years; the funnel of stages for one year (where a
# chart by year would be a single bar)
CHART_FIELD, CHART_YEAR, CHART_BLOC, CHART_FUNNEL = "theo-linh-vuc", "theo-nam", "theo-khoi", "giai-doan"


def several_years(fig: PartyFigures) -> bool:
    return fig.filters.end.year > fig.filters.start.year


@dataclass
class Block:
    kind: str  # h1, h2, p, bullet, table, chart, note
    text: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    totals: list[str] | None = None
    slug: str = ""


def n(value: Any, lang: str) -> str:
    return fmt_int(value, lang)


def _pct(part: float, whole: float, lang: str) -> str:
    return fmt_pct(part / whole, lang, 1) if whole else "–"


def period_words(fig: PartyFigures, lang: str) -> str:
    """ "từ ngày 01/01/2021 đến ngày 31/12/2024" (to the day the figures run to, for a period not over)."""
    end = min(fig.filters.end, fig.as_of)
    return t("party.period", lang, start=fmt_date(fig.filters.start, lang), end=fmt_date(end, lang))


def opening(fig: PartyFigures, lang: str, names: dict[str, dict[str, str]], board: str, addressee: str) -> list[Block]:
    out = [Block("p", t("party.opening", lang, board=board, period=period_words(fig, lang), to=addressee))]
    if fig.as_of < fig.filters.end:
        out.append(
            Block("note", t("party.partial", lang, end=fmt_date(fig.filters.end, lang), day=fmt_date(fig.as_of, lang)))
        )
    if _has_other_filters(fig.filters) or fig.filters.units:
        out.append(Block("p", t("party.filters", lang, filters=describe(fig.filters, lang, names))))
    return out


def _reported_sentence(fig: PartyFigures, lang: str) -> str:
    rep = fig.reported
    if rep["total"] is None:
        return t("party.reported.none", lang)
    words = dict(
        total=n(rep["total"], lang),
        collective=n(rep["by_kind"].get("collective"), lang),
        individual=n(rep["by_kind"].get("individual"), lang),
        units=n(rep["units_reporting"], lang),
        expected=n(rep["units_expected"], lang),
        span=_span(dt.date.fromisoformat(rep["from"]), dt.date.fromisoformat(rep["until"]), lang),
    )
    key = "party.reported.total" if rep["units_expected"] else "party.reported.total_own"
    return t(key, lang, **words)


def _recorded_sentence(fig: PartyFigures, lang: str) -> str:
    kinds = fig.recorded["by_kind"]
    return t(
        "party.recorded.total",
        lang,
        total=n(fig.total, lang),
        collective=n(kinds.get("collective", 0), lang),
        individual=n(kinds.get("individual", 0), lang),
    )


def _comparison_rows(fig: PartyFigures, lang: str, field_names: dict[str, str]) -> list[list[str]]:
    """Figure by figure: as reported, as recorded."""
    rep, rec = fig.reported, fig.recorded
    rows = [[t("party.row.total", lang), n(rep["total"], lang), n(rec["total"], lang)]]
    for kind in KIND_FIGURES:
        rows.append([t(f"kind.{kind}", lang), n(rep["by_kind"].get(kind), lang), n(rec["by_kind"].get(kind, 0), lang)])
    for code in FIELD_FIGURES:
        rows.append(
            [field_names.get(code, code), n(rep["by_field"].get(code), lang), n(rec["by_field"].get(code, 0), lang)]
        )
    rows.append([t("party.row.replicated", lang), n(rep["replicated"], lang), n(rec["replications"], lang)])
    return rows


def general(fig: PartyFigures, lang: str, field_names: dict[str, str]) -> list[Block]:
    out = [Block("h1", t("party.h.general", lang))]
    out.append(Block("h2", t("party.h.reported", lang)))
    out.append(Block("p", _reported_sentence(fig, lang)))
    out.append(Block("h2", t("party.h.recorded", lang)))
    out.append(Block("p", _recorded_sentence(fig, lang)))
    out.append(
        Block(
            "table",
            t("party.table.compare", lang),
            [t("party.col.figure", lang), t("party.col.reported", lang), t("party.col.recorded", lang)],
            _comparison_rows(fig, lang, field_names),
        )
    )
    out.append(Block("p", t("party.compare.note", lang)))
    return out


def _share_table(what: str, items: list[tuple[str, int]], total: float, lang: str) -> Block:
    """A table of names, counts and shares of ``total``, with its totals row (``what``: field, stage)."""
    return Block(
        "table",
        t(f"party.table.{what}", lang),
        [t(f"party.col.{what}", lang), t("party.col.count", lang), t("party.col.share", lang)],
        [[name, n(v, lang), _pct(v, total, lang)] for name, v in items],
        [t("party.row.sum", lang), n(sum(v for _, v in items), lang), _pct(total, total, lang)],
    )


def breakdown(fig: PartyFigures, lang: str, field_names: dict[str, str]) -> list[Block]:
    rec, total = fig.recorded, fig.total
    out = [Block("h1", t("party.h.breakdown", lang)), Block("h2", t("party.h.by_field", lang))]
    fields = sorted(((field_names.get(c, c), rec["by_field"].get(c, 0)) for c in FIELD_FIGURES), key=lambda r: -r[1])
    listed = "; ".join(t("party.item", lang, name=name, n=n(v, lang), share=_pct(v, total, lang)) for name, v in fields)
    out.append(Block("p", t("party.by_field", lang, items=listed)))
    out.append(_share_table("field", fields, total, lang))
    out.append(Block("chart", t("party.chart.field", lang), slug=CHART_FIELD))
    out.append(Block("h2", t("party.h.by_kind", lang)))
    kinds = rec["by_kind"]
    out.append(
        Block(
            "p",
            t(
                "party.by_kind",
                lang,
                collective=n(kinds.get("collective", 0), lang),
                collective_share=_pct(kinds.get("collective", 0), total, lang),
                individual=n(kinds.get("individual", 0), lang),
                individual_share=_pct(kinds.get("individual", 0), total, lang),
            ),
        )
    )
    out.append(Block("h2", t("party.h.by_bloc", lang)))
    out.append(Block("p", t("party.state_share", lang, n=n(fig.state_n, lang), share=_pct(fig.state_n, total, lang))))
    out.append(
        Block(
            "table",
            t("party.table.bloc", lang),
            [t("party.col.bloc", lang), t("party.col.count", lang), t("party.col.share", lang)],
            [[name, n(v, lang), _pct(v, total, lang)] for _, name, v, _ in fig.by_bloc],
            [t("party.row.sum", lang), n(sum(v for _, _, v, _ in fig.by_bloc), lang), _pct(total, total, lang)],
        )
    )
    if several_years(fig):
        out.append(Block("chart", t("party.chart.bloc", lang), slug=CHART_BLOC))
    out.append(Block("h2", t("party.h.by_stage", lang)))
    stages = rec["by_stage"]
    listed = "; ".join(
        t(
            "party.item",
            lang,
            name=t(f"stage.{s}", lang).lower(),
            n=n(stages.get(s, 0), lang),
            share=_pct(stages.get(s, 0), total, lang),
        )
        for s in STAGES
    )
    out.append(Block("p", t("party.by_stage", lang, items=listed)))
    out.append(_share_table("stage", [(t(f"stage.{s}", lang), stages.get(s, 0)) for s in STAGES], total, lang))
    if not several_years(fig):
        out.append(Block("chart", t("party.chart.funnel", lang), slug=CHART_FUNNEL))
    rep = fig.reported["by_stage"]
    if any(rep.get(s) is not None for s in STAGE_FIGURES):
        listed = "; ".join(
            t("party.item_plain", lang, name=t(f"stage.{s}", lang).lower(), n=n(rep.get(s), lang))
            for s in STAGE_FIGURES
        )
        out.append(Block("p", t("party.reported.stages", lang, items=listed)))
    return out


def _span(start: dt.date, end: dt.date, lang: str) -> str:
    return t("party.span", lang, start=fmt_date(start, lang), end=fmt_date(end, lang))


def growth(fig: PartyFigures, lang: str) -> list[Block]:
    (a, b, now), (c, d, before) = fig.growth
    out = [Block("h1", t("party.h.growth", lang))]
    change = fig.change
    words = dict(now=n(now, lang), span=_span(a, b, lang), before=n(before, lang), before_span=_span(c, d, lang))
    if fig.scope.valid_from > c:  # the unit did not exist in the period before
        out.append(Block("p", t("party.growth.new_unit", lang, since=fmt_date(fig.scope.valid_from, lang), **words)))
    elif change is None:
        out.append(Block("p", t("party.growth.none", lang, **words)))
    else:
        key = "party.growth.up" if change > 0 else "party.growth.down" if change < 0 else "party.growth.same"
        out.append(Block("p", t(key, lang, pct=fmt_pct(abs(change), lang, 1), **words)))
    if several_years(fig):
        out.append(Block("chart", t("party.chart.year", lang), slug=CHART_YEAR))
    return out


def replication(fig: PartyFigures, lang: str) -> list[Block]:
    reps = fig.recorded["replications"]
    out = [Block("h1", t("party.h.replication", lang))]
    out.append(Block("p", t("party.replication", lang, n=n(reps, lang), share=_pct(reps, fig.total, lang))))
    if fig.reported["replicated"] is not None:
        out.append(Block("p", t("party.replication.reported", lang, n=n(fig.reported["replicated"], lang))))
    if fig.top_replicated:
        out.append(Block("p", t("party.replication.top", lang)))
        for _, title, unit, year, copies in fig.top_replicated:
            out.append(
                Block("bullet", t("party.replication.item", lang, title=title, unit=unit, year=year, n=n(copies, lang)))
            )
    return out


def programme(fig: PartyFigures, lang: str) -> list[Block]:
    out = [Block("h1", t("party.h.programme", lang))]
    for name, count, covered, population in fig.programmes:
        if covered is not None and population:
            text = t(
                "party.programme.coverage",
                lang,
                name=name,
                n=n(count, lang),
                covered=n(covered, lang),
                units=n(population, lang),
            )
        elif count:
            text = t("party.programme", lang, name=name, n=n(count, lang))
        else:
            text = t("party.programme.none", lang, name=name)
        out.append(Block("p", text))
    return out


def reporting(fig: PartyFigures, lang: str) -> list[Block]:
    out = [Block("h1", t("party.h.reporting", lang))]
    if not fig.completeness:
        out.append(Block("p", t("party.reporting.not_due", lang)))
        return out
    rows = []
    for c in fig.completeness:
        label = _span(c.period.period_from, c.period.period_until, lang)
        rows.append(
            [
                label,
                n(c.count("on_time"), lang),
                n(c.count("late"), lang),
                n(c.count("missing"), lang),
                n(len(c.rows), lang),
            ]
        )
    last = fig.completeness[-1]
    on_time, late, missing = last.count("on_time"), last.count("late"), last.count("missing")
    out.append(
        Block(
            "p",
            t(
                "party.reporting.summary",
                lang,
                span=_span(last.period.period_from, last.period.period_until, lang),
                due=fmt_date(last.period.due, lang),
                expected=n(len(last.rows), lang),
                on_time=n(on_time, lang),
                late=n(late, lang),
                missing=n(missing, lang),
            ),
        )
    )
    for status in ("late", "missing"):
        names = [r.name for r in last.rows if r.status == status]
        if names:
            out.append(Block("p", t(f"party.reporting.{status}_list", lang, units=", ".join(names))))
    sums = [sum(c.count(s) for c in fig.completeness) for s in ("on_time", "late", "missing")]
    out.append(
        Block(
            "table",
            t("party.table.reporting", lang),
            [
                t("party.col.period", lang),
                t("party.col.on_time", lang),
                t("party.col.late", lang),
                t("party.col.missing", lang),
                t("party.col.expected", lang),
            ],
            rows,
            [
                t("party.row.sum", lang),
                *[n(s, lang) for s in sums],
                n(sum(len(c.rows) for c in fig.completeness), lang),
            ],
        )
    )
    return out


def _bare_title(title: str) -> str:
    """A title without the word "Mô hình" and quotes the sentence already gives it."""
    bare = title.strip()
    if bare.lower().startswith("mô hình "):
        bare = bare[len("mô hình ") :].strip()
    return bare.strip("“”\"' ")


def notable(fig: PartyFigures, lang: str) -> list[Block]:
    out = [Block("h1", t("party.h.notable", lang))]
    if not fig.notable:
        out.append(Block("p", t("party.notable.none", lang)))
        return out
    out.append(Block("p", t("party.notable.intro", lang)))
    for row in fig.notable:
        _, title, holder, unit, field_name, _, stage, _, registered, _ = row
        title = _bare_title(title)
        out.append(
            Block(
                "bullet",
                t(
                    "party.notable.item",
                    lang,
                    title=title,
                    holder=holder or "–",
                    unit=unit,
                    field=field_name,
                    stage=stage.lower(),
                    year=registered.year if registered else "–",
                ),
            )
        )
    out.append(Block("p", "…"))
    return out


def body(fig: PartyFigures, lang: str, names: dict[str, dict[str, str]], board: str, addressee: str) -> list[Block]:
    """Every block of the body, in order (``names``: the codes' names, ``Labels.filter_names()``)."""
    field_names = names["fields"]
    return [
        *opening(fig, lang, names, board, addressee),
        *general(fig, lang, field_names),
        *breakdown(fig, lang, field_names),
        *growth(fig, lang),
        *replication(fig, lang),
        *programme(fig, lang),
        *reporting(fig, lang),
        *notable(fig, lang),
    ]
