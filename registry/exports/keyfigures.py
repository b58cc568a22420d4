"""Key figures: a ready-to-paste paragraph (Vietnamese or English) for the current filters.

When sample rows are among those counted, the period reads "Từ năm 2021 đến năm 2024 (dữ liệu mẫu)".

Every number comes from ``queries.count_by`` with the same filters as the charts (the same summary
rollups and unit-view mapping), so the text and the charts agree: total, collective and
individual, the largest field, the top units, replications and the change from the year before.
Numbers are formatted by registry.i18n ("11.972" in Vietnamese).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from registry.exports.formats import as_of_date, describe, filter_names
from registry.i18n import fmt_date, fmt_int, fmt_pct, t
from registry.models import AdminUnit, WorkField
from registry.queries.counts import count_by, sample_shown
from registry.queries.filters import Codes, Filters

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

    @property
    def change(self) -> float | None:
        """Relative change of the last whole year against the year before, or None."""
        if self.last_year is None or self.year_before is None:
            return None
        before = self.by_year.get(self.year_before, 0)
        if not before:
            return None
        return self.by_year.get(self.last_year, 0) / before - 1


def compute(session: Session, filters: Filters) -> KeyFigures:
    """The key figures for ``filters`` (in SQL, through the summary rollups)."""
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
    levels = dict(session.execute(select(AdminUnit.id, AdminUnit.level)).all())
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
    last, first = filters.end, filters.start
    # year on year only between two whole years inside the period
    last_whole = last.year if (last.month, last.day) == (12, 31) else last.year - 1
    first_whole = first.year if (first.month, first.day) == (1, 1) else first.year + 1
    if last_whole - 1 >= first_whole:
        out.last_year, out.year_before = last_whole, last_whole - 1
    return out


def _names(session: Session, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    column = WorkField.name_en if lang == "en" else WorkField.name_vi
    fields = dict(session.execute(select(WorkField.code, column)).all())
    units = dict(session.execute(select(AdminUnit.code, AdminUnit.name)).all())
    return fields, units


def _period(filters: Filters, lang: str) -> str:
    start, end = filters.start, filters.end
    if filters.whole_years:
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
    return bool(
        filters.fields
        or filters.kinds
        or filters.blocs
        or filters.stages
        or filters.programmes
        or not filters.include_sample
        or filters.view != "then"
    )


def paragraph(session: Session, filters: Filters, lang: str = "vi", figures: KeyFigures | None = None) -> str:
    """The ready-to-paste paragraph for ``filters`` in ``lang``."""
    kf = figures or compute(session, filters)
    fields, units = _names(session, lang)
    n = lambda value: fmt_int(value, lang)  # noqa: E731
    period, scope = _period(filters, lang), _scope(filters, units, lang)
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
        last_n = kf.by_year.get(kf.last_year, 0)
        key = "keyfig.change_up" if kf.change > 0 else "keyfig.change_down" if kf.change < 0 else "keyfig.change_same"
        sentences.append(
            t(key, lang, year=kf.last_year, n=n(last_n), pct=fmt_pct(abs(kf.change), lang), before=kf.year_before)
        )
    if _has_other_filters(filters):
        sentences.append(t("keyfig.filters", lang, filters=describe(filters, lang, filter_names(session, lang))))
    return " ".join(sentences)


def citation(filters: Filters, lang: str = "vi", today: dt.date | None = None) -> str:
    return t("export.citation", lang, date=fmt_date(as_of_date(filters, today), lang))
