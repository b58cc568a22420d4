"""Key figures: a ready-to-paste paragraph (Vietnamese or English) for the current filters.

When sample rows are among those counted, the period reads "Từ năm 2021 đến năm 2024 (dữ liệu mẫu)".

Every number comes from ``queries.count_by`` with the same filters as the charts (the same summary
rollups and unit-view mapping), so the text and the charts agree: total, collective and
individual, the largest field, the top units, replications and the change from the year before.
Numbers are formatted by registry.i18n ("11.972" in Vietnamese).

A partial last year (the current one, or one the filters cut at a date: the rule is
``registry.charts.words.partial_year``) is never compared whole with the year before: the change
compares the same part of each year ("11 tháng đầu năm 2026 … so với cùng kỳ năm 2025", both
counted from 1 January to the same day), or, where the year before is not in the period, the
paragraph says the year is not over.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session

from registry.charts.words import day_text, partial_year, same_day_before
from registry.dimensions import DIMENSIONS, UNIT
from registry.exports.boards import source_name
from registry.exports.formats import as_of_date, describe, filter_names
from registry.i18n import fmt_date, fmt_int, fmt_pct, t
from registry.queries.counts import count_by, sample_shown, total
from registry.queries.filters import Codes, Filters
from registry.reference import snapshot

TOP_UNITS = 3


@dataclass
class KeyFigures:
    """The numbers behind the paragraph."""

    filters: Filters
    total: float = 0
    collective: float = 0
    individual: float = 0
    replications: float = 0
    largest_field: tuple[str, float] | None = None  # (field code, count)
    top_units: list[tuple[str, float]] = field(default_factory=list)  # (unit code, count)
    by_year: dict[int, float] = field(default_factory=dict)
    last_year: int | None = None
    year_before: int | None = None
    sample: bool = False  # sample rows are among those counted
    partial: tuple[int, dt.date] | None = None  # (year, last day counted) of a partial last year
    same_period: tuple[float, float] | None = None  # the partial year and the year before, to the same day

    @property
    def last_n(self) -> float:
        """The compared year's count (to the partial year's day when the year is partial)."""
        if self.same_period is not None:
            return self.same_period[0]
        return self.by_year.get(self.last_year, 0) if self.last_year is not None else 0

    @property
    def change(self) -> float | None:
        """Relative change of the last year against the year before (the same part of each year
        when the last is partial), or None."""
        if self.last_year is None or self.year_before is None:
            return None
        before = self.same_period[1] if self.same_period is not None else self.by_year.get(self.year_before, 0)
        if not before:
            return None
        return self.last_n / before - 1


def compute(session: Session, filters: Filters, today: dt.date | None = None) -> KeyFigures:
    """The key figures for ``filters`` (in SQL, through the summary rollups); ``today`` decides
    whether the current year is partial (the real day by default)."""
    codes = Codes.load(session)
    out = KeyFigures(filters)
    by_kind = dict(count_by(session, filters=filters, group=("kind",), codes=codes))
    out.collective, out.individual = by_kind.get("collective", 0), by_kind.get("individual", 0)
    out.total = sum(by_kind.values())
    out.sample = sample_shown(session, filters=filters, codes=codes)
    by_field = count_by(session, filters=filters, group=("field_id",), codes=codes)
    if by_field:
        field_id, n = max(by_field, key=lambda r: (r[1], -r[0]))
        out.largest_field = (codes.code_of("fields", field_id) or str(field_id), n)
    levels = {u.id: u.level for u in snapshot(session).units}
    unit_codes = {v: k for k, v in codes.units.items()}
    by_unit = [
        r for r in count_by(session, filters=filters, group=("unit",), codes=codes) if levels.get(r[0]) != "province"
    ]
    by_unit.sort(key=lambda r: (-r[1], unit_codes.get(r[0], "")))
    out.top_units = [(unit_codes.get(uid, str(uid)), n) for uid, n in by_unit[:TOP_UNITS]]
    out.replications = sum(
        n for flag, n in count_by(session, filters=filters, group=("is_replication",), codes=codes) if flag == 1
    )
    out.by_year = {year: n for year, n in count_by(session, filters=filters, group=("year",), codes=codes)}
    first = filters.start
    first_whole = first.year if (first.month, first.day) == (1, 1) else first.year + 1
    out.partial = partial_year(filters, today)
    if out.partial is not None:
        # a partial year against the same part of the year before, when that year is in the period
        year, day = out.partial
        if year - 1 >= first_whole:
            out.last_year, out.year_before = year, year - 1
            this_part = filters.with_(year_from=year, date_from=None, year_until=year, date_until=day)
            before = same_day_before(day)
            before_part = filters.with_(year_from=year - 1, date_from=None, year_until=year - 1, date_until=before)
            out.same_period = (
                total(session, filters=this_part, codes=codes),
                total(session, filters=before_part, codes=codes),
            )
        return out
    # year on year only between two whole years inside the period
    last_whole = as_of_date(filters, today).year  # never a year that has not begun
    if last_whole - 1 >= first_whole:
        out.last_year, out.year_before = last_whole, last_whole - 1
    return out


def _months_done(day: dt.date) -> int | None:
    """Whole months from 1 January to ``day`` when ``day`` ends a month ("11 tháng đầu năm"), else None."""
    if (day + dt.timedelta(days=1)).month != day.month:
        return day.month
    return None


def _same_period_head(year: int, day: dt.date, lang: str) -> str:
    """The partial year in words: "11 tháng đầu năm 2026", or "Từ đầu năm đến ngày 01/12/2026"."""
    months = _months_done(day)
    if months is not None and months < 12:
        return t("keyfig.part.months", lang, months=months, year=year)
    return t("keyfig.part.days", lang, day=fmt_date(day, lang))


def _period(filters: Filters, lang: str, partial: tuple[int, dt.date] | None = None) -> str:
    start, end = filters.start, filters.end
    if filters.whole_years:
        if partial is not None:  # the period runs on past today: it says to which day
            if start.year == end.year:
                return t("keyfig.period.year_partial", lang, year=start.year, day=day_text(partial[1], lang))
            return t("keyfig.period.years_partial", lang, start=start.year, end=fmt_date(partial[1], lang))
        if start.year == end.year:
            return t("keyfig.period.year", lang, year=start.year)
        return t("keyfig.period.years", lang, start=start.year, end=end.year)
    return t("keyfig.period.days", lang, start=fmt_date(start, lang), end=fmt_date(end, lang))


def _scope(filters: Filters, units: dict[str, str], lang: str) -> str:
    if not filters.units:
        return t("keyfig.scope.province", lang)
    return _join([units.get(code, code) for code in filters.units], lang)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t("keyfig.and", lang) + items[-1]


def _has_other_filters(filters: Filters) -> bool:
    """Filters besides the period and the units (the paragraph's scope) say themselves in words."""
    return filters.view != "then" or any(d.active(filters) for d in DIMENSIONS if d is not UNIT)


def paragraph(
    session: Session,
    filters: Filters,
    lang: str = "vi",
    figures: KeyFigures | None = None,
    today: dt.date | None = None,
) -> str:
    """The ready-to-paste paragraph for ``filters`` in ``lang`` (``figures`` from ``compute``,
    which also fixes ``today``)."""
    kf = figures or compute(session, filters, today)
    names = filter_names(session, lang)
    fields, units = names["fields"], names["units"]
    n = lambda value: fmt_int(value, lang)  # noqa: E731
    period, scope = _period(filters, lang, kf.partial), _scope(filters, units, lang)
    if kf.sample:  # the paragraph is what gets pasted into an article: it says so itself
        period = f"{period} {t('keyfig.sample', lang)}"
    if not kf.total:
        return t("keyfig.none", lang, period=period, scope=scope)
    sentences = [
        t(
            "keyfig.total",
            lang,
            period=period,
            scope=scope,
            total=n(kf.total),
            collective=n(kf.collective),
            individual=n(kf.individual),
        )
    ]
    if kf.largest_field and len(filters.fields) != 1:
        code, count = kf.largest_field
        sentences.append(
            t(
                "keyfig.largest_field",
                lang,
                field=fields.get(code, code),
                n=n(count),
                share=fmt_pct(count / kf.total, lang),
            )
        )
    if kf.top_units and not (filters.units and len(filters.units) == 1):
        listed = [t("keyfig.unit_count", lang, unit=units.get(code, code), n=n(count)) for code, count in kf.top_units]
        sentences.append(t("keyfig.top_units", lang, units=_join(listed, lang)))
    sentences.append(
        t("keyfig.replications", lang, n=n(kf.replications), share=fmt_pct(kf.replications / kf.total, lang))
    )
    if kf.change is not None:
        key = "keyfig.change_up" if kf.change > 0 else "keyfig.change_down" if kf.change < 0 else "keyfig.change_same"
        words = dict(year=kf.last_year, n=n(kf.last_n), pct=fmt_pct(abs(kf.change), lang), before=kf.year_before)
        # the same part of each year ("so với cùng kỳ năm 2025"); it is counted for a partial last year
        if kf.same_period is not None and kf.partial is not None and kf.last_year is not None:
            head = _same_period_head(kf.last_year, kf.partial[1], lang)
            sentences.append(t(key.replace("change_", "change_part_"), lang, head=head, **words))
        else:
            sentences.append(t(key, lang, **words))
    elif kf.partial is not None and kf.total:  # no year before to compare the same part with
        year, day = kf.partial
        sentences.append(t("keyfig.partial_only", lang, year=year, day=fmt_date(day, lang)))
    if _has_other_filters(filters):
        sentences.append(t("keyfig.filters", lang, filters=describe(filters, lang, names)))
    return " ".join(sentences)


def citation(filters: Filters, lang: str = "vi", today: dt.date | None = None) -> str:
    as_of = as_of_date(filters, today)
    return t("export.citation", lang, date=fmt_date(as_of, lang), board=source_name(as_of, lang))
